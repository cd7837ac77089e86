"""Optional authentication, the way add-ons authenticate to the real API.

* No policy (the default): every request is served; an ``Authorization`` header is
  ignored, so add-ons that send credentials run unchanged.
* Basic (``--user NAME:PASSWORD``, repeatable): a request needs ``Authorization: Basic``
  with one of those accounts. Names compare case-insensitively (``CORP\\svc`` and
  ``corp\\SVC`` are one account), passwords exactly.
* Windows (``--accept-windows-auth``): ``NTLM`` and ``Negotiate`` are accepted *without
  checking anything*. An NTLM negotiate message (type 1) gets a 401 with a made-up
  challenge (type 2), so real NTLM clients go through their usual handshake; their
  authenticate message (type 3) is accepted and its ``DOMAIN\\user`` is logged. Any other
  Negotiate token (Kerberos, SPNEGO) is accepted at once, user unknown.

A request that does not authenticate gets ``401`` with an empty body and one
``WWW-Authenticate`` header per scheme accepted.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from nwx_schema.server.groups import fold

REALM: Final = "Netwrix Auditor Integration API (nwx-schema stand-in)"
_NTLM_SIGNATURE: Final = b"NTLMSSP\x00"
_TARGET: Final = "NWXSTANDIN".encode("utf-16-le")
#: UNICODE | REQUEST_TARGET | NTLM | ALWAYS_SIGN | TARGET_TYPE_DOMAIN | EXTENDED_SESSIONSECURITY
#: | TARGET_INFO | 128 | 56
_CHALLENGE_FLAGS: Final = (
    0x00000001 | 0x4 | 0x200 | 0x8000 | 0x10000 | 0x80000 | 0x800000 | 0x20000000 | 0x80000000
)


@dataclass(frozen=True, slots=True)
class AuthPolicy:
    """Which credentials the stand-in asks for."""

    basic_users: Mapping[str, str] = field(default_factory=dict)
    accept_windows: bool = False

    @property
    def enabled(self) -> bool:
        return bool(self.basic_users) or self.accept_windows

    def challenges(self) -> list[str]:
        """``WWW-Authenticate`` values of a 401 answer."""
        out = ["Negotiate", "NTLM"] if self.accept_windows else []
        if self.basic_users:
            out.append(f'Basic realm="{REALM}", charset="UTF-8"')
        return out


@dataclass(frozen=True, slots=True)
class AuthResult:
    """The outcome for one request: served, refused, or one more NTLM handshake step."""

    ok: bool
    scheme: str | None = None
    user: str | None = None
    challenge: str | None = None


def parse_basic_user(text: str) -> tuple[str, str]:
    """``NAME:PASSWORD`` (the name may hold a backslash, the password a colon).

    Raises:
        ValueError: there is no colon or no name.
    """
    name, sep, password = text.partition(":")
    if not sep or not name:
        raise ValueError(f"expected NAME:PASSWORD, got {text!r}")
    return name, password


def _basic(policy: AuthPolicy, token: str) -> AuthResult:
    try:
        raw = base64.b64decode(token, validate=True)
    except (binascii.Error, ValueError):
        return AuthResult(False, "Basic")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    name, _, password = text.partition(":")
    for user, expected in policy.basic_users.items():
        if fold(user) == fold(name) and hmac.compare_digest(expected.encode(), password.encode()):
            return AuthResult(True, "Basic", user)
    return AuthResult(False, "Basic")


def ntlm_challenge() -> bytes:
    """An NTLM challenge message (type 2) with a random server challenge."""
    av_pairs = b"".join(struct.pack("<HH", av_id, len(_TARGET)) + _TARGET for av_id in (2, 1)) + b"\0\0\0\0"
    header_size = 48
    target_at, info_at = header_size, header_size + len(_TARGET)
    return (
        _NTLM_SIGNATURE
        + struct.pack("<I", 2)
        + struct.pack("<HHI", len(_TARGET), len(_TARGET), target_at)
        + struct.pack("<I", _CHALLENGE_FLAGS)
        + os.urandom(8)
        + b"\0" * 8
        + struct.pack("<HHI", len(av_pairs), len(av_pairs), info_at)
        + _TARGET
        + av_pairs
    )


def _ntlm_field(message: bytes, at: int, unicode: bool) -> str:
    length, _, offset = struct.unpack_from("<HHI", message, at)
    raw = message[offset : offset + length]
    return raw.decode("utf-16-le" if unicode else "latin-1", errors="replace")


def _ntlm(scheme: str, raw: bytes) -> AuthResult:
    kind = int.from_bytes(raw[8:12], "little") if len(raw) >= 12 else 0
    if kind == 1:
        return AuthResult(False, scheme, challenge=f"{scheme} {base64.b64encode(ntlm_challenge()).decode()}")
    if kind == 3 and len(raw) >= 64:
        unicode = bool(int.from_bytes(raw[60:64], "little") & 1)
        domain, user = _ntlm_field(raw, 28, unicode), _ntlm_field(raw, 36, unicode)
        return AuthResult(True, scheme, f"{domain}\\{user}" if domain else user or None)
    return AuthResult(False, scheme)


def authenticate(policy: AuthPolicy, header: str | None) -> AuthResult:
    """Judge the ``Authorization`` header of a request under ``policy``."""
    if not policy.enabled:
        return AuthResult(True)
    scheme, _, token = (header or "").strip().partition(" ")
    scheme, token = scheme.lower(), token.strip()
    if scheme == "basic" and policy.basic_users:
        return _basic(policy, token)
    if scheme in ("ntlm", "negotiate") and policy.accept_windows:
        name = "NTLM" if scheme == "ntlm" else "Negotiate"
        try:
            raw = base64.b64decode(token, validate=True)
        except (binascii.Error, ValueError):
            return AuthResult(False, name)
        if raw.startswith(_NTLM_SIGNATURE):
            return _ntlm(name, raw)
        return AuthResult(name == "Negotiate" and bool(raw), name)
    return AuthResult(False, scheme.capitalize() or None)
