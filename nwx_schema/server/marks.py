"""Continuation marks: opaque base64 tokens that say where the next page starts.

A mark encodes the id of the last record returned and a digest of the filters of the
search that produced it (enum has its own digest), signed with a secret kept in the
store. Like the product's marks it is the base64 of a small XML bookmark ending with a
NUL byte. It stays valid across restarts of the server on the same store; a mark from
another store, a changed mark, or a mark posted with other filters is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Final

_BOOKMARK: Final = re.compile(
    rb'<nr><n v="1" p="(?P<p>[0-9]{1,19})" f="(?P<f>[0-9a-f]{16})" s="(?P<s>[0-9a-f]{16})"/></nr>\x00'
)
#: The filter digest of enum (which has no filters).
ENUM_DIGEST: Final = "0" * 16


class MarkError(ValueError):
    """A continuation mark that this store did not issue (``code`` NWX901), or issued for
    other filters (NWX902)."""

    def __init__(self, message: str, code: str = "NWX901") -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True, slots=True)
class Mark:
    """What a continuation mark carries."""

    position: int
    digest: str


def _signature(secret: bytes, position: int, digest: str) -> str:
    return hmac.new(secret, f"{position}:{digest}".encode(), hashlib.sha256).hexdigest()[:16]


def encode_mark(position: int, digest: str, secret: bytes) -> str:
    """The mark of a page that ended at record id ``position``."""
    signature = _signature(secret, position, digest)
    bookmark = f'<nr><n v="1" p="{position}" f="{digest}" s="{signature}"/></nr>\x00'.encode()
    return base64.b64encode(bookmark).decode("ascii")


def decode_mark(text: str, secret: bytes, digest: str) -> Mark:
    """Read a mark posted back, for a search whose filters have ``digest``.

    White space around the mark is ignored (the XML examples of the reference wrap it).

    Raises:
        MarkError: not a mark of this store, altered, or issued for other filters.
    """
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as err:
        raise MarkError("the continuation mark is not base64") from err
    match = _BOOKMARK.fullmatch(raw)
    if match is None:
        raise MarkError("the continuation mark was not issued by this server")
    position, mark_digest = int(match["p"]), match["f"].decode()
    if not hmac.compare_digest(match["s"].decode(), _signature(secret, position, mark_digest)):
        raise MarkError("the continuation mark was not issued by this server (or by another store)")
    if mark_digest != digest:
        raise MarkError(
            "the continuation mark belongs to another search: repeat the same filters on every page",
            "NWX902",
        )
    return Mark(position, mark_digest)
