"""Optional authentication of the stand-in: Basic checked, NTLM and Negotiate accepted unchecked."""

from __future__ import annotations

import base64
import json
import struct
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from nwx_schema.server.auth import AuthPolicy, authenticate, ntlm_challenge, parse_basic_user
from tests.server_harness import API, ServerProcess, record, xml_records

POLICY = AuthPolicy({"CORP\\svc-addon": "s3cr:et"}, accept_windows=True)


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def ntlm_negotiate() -> bytes:
    return b"NTLMSSP\x00" + struct.pack("<II", 1, 0x00088207) + b"\x00" * 16


def ntlm_authenticate(domain: str, user: str) -> bytes:
    """A minimal type 3 message (Unicode) carrying a domain and a user name."""
    d, u, w = domain.encode("utf-16-le"), user.encode("utf-16-le"), "WS01".encode("utf-16-le")
    at = 64
    fields = b""
    payload = b""
    for blob in (b"", b"", d, u, w, b""):  # LM, NT, domain, user, workstation, session key
        fields += struct.pack("<HHI", len(blob), len(blob), at + len(payload))
        payload += blob
    return b"NTLMSSP\x00" + struct.pack("<I", 3) + fields + struct.pack("<I", 0x00000001) + payload


def header(scheme: str, raw: bytes) -> str:
    return f"{scheme} {base64.b64encode(raw).decode()}"


def test_server_auth_no_policy_serves_everyone() -> None:
    assert authenticate(AuthPolicy(), None).ok
    assert authenticate(AuthPolicy(), "Basic garbage").ok


def test_server_auth_basic_checks_name_case_insensitively_and_password_exactly() -> None:
    ok = authenticate(POLICY, basic("corp\\SVC-ADDON", "s3cr:et"))
    assert (ok.ok, ok.scheme, ok.user) == (True, "Basic", "CORP\\svc-addon")
    assert not authenticate(POLICY, basic("CORP\\svc-addon", "S3CR:ET")).ok
    assert not authenticate(POLICY, basic("CORP\\other", "s3cr:et")).ok
    assert not authenticate(POLICY, "Basic !!!").ok
    assert not authenticate(POLICY, None).ok


def test_server_auth_basic_user_option_splits_at_the_first_colon() -> None:
    assert parse_basic_user("CORP\\svc:pa:ss") == ("CORP\\svc", "pa:ss")
    with pytest.raises(ValueError, match="NAME:PASSWORD"):
        parse_basic_user("nocolon")
    with pytest.raises(ValueError):
        parse_basic_user(":password")


def test_server_auth_ntlm_handshake_gets_a_challenge_then_is_accepted() -> None:
    step = authenticate(POLICY, header("NTLM", ntlm_negotiate()))
    assert not step.ok and step.challenge is not None and step.challenge.startswith("NTLM ")
    challenge = base64.b64decode(step.challenge.split(" ", 1)[1])
    assert challenge[:8] == b"NTLMSSP\x00" and struct.unpack_from("<I", challenge, 8) == (2,)
    length, _, offset = struct.unpack_from("<HHI", challenge, 12)
    assert challenge[offset : offset + length].decode("utf-16-le") == "NWXSTANDIN"
    done = authenticate(POLICY, header("NTLM", ntlm_authenticate("CORP", "jdoe")))
    assert (done.ok, done.scheme, done.user) == (True, "NTLM", "CORP\\jdoe")


def test_server_auth_negotiate_accepts_kerberos_tokens_and_wraps_ntlm() -> None:
    assert authenticate(POLICY, header("Negotiate", b"\x60\x82\x01\x00kerberos")).ok
    step = authenticate(POLICY, header("Negotiate", ntlm_negotiate()))
    assert step.challenge is not None and step.challenge.startswith("Negotiate ")
    assert not authenticate(POLICY, "Negotiate").ok
    assert not authenticate(POLICY, header("NTLM", b"not ntlm")).ok


def test_server_auth_windows_schemes_refused_when_only_basic_is_on() -> None:
    policy = AuthPolicy({"u": "p"})
    assert not authenticate(policy, header("NTLM", ntlm_authenticate("CORP", "jdoe"))).ok
    assert policy.challenges() == [
        'Basic realm="Netwrix Auditor Integration API (nwx-schema stand-in)", charset="UTF-8"'
    ]
    assert AuthPolicy(accept_windows=True).challenges() == ["Negotiate", "NTLM"]


def test_server_auth_challenges_differ_each_time() -> None:
    assert ntlm_challenge()[24:32] != ntlm_challenge()[24:32]


@pytest.fixture
def guarded(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(
        tmp_path / "s.sqlite3", "--user", "CORP\\svc-addon:s3cr:et", "--accept-windows-auth"
    ).start()
    yield proc
    assert proc.stop() == 0


def test_server_auth_end_to_end(guarded: ServerProcess) -> None:
    body = xml_records([record("a")])
    refused = guarded.post(API, body)
    assert (refused.status, refused.body) == (401, b"")
    assert refused.header_values("WWW-Authenticate") == [
        "Negotiate",
        "NTLM",
        'Basic realm="Netwrix Auditor Integration API (nwx-schema stand-in)", charset="UTF-8"',
    ]
    assert guarded.post(API, body, Authorization=basic("CORP\\svc-addon", "wrong")).status == 401
    assert guarded.post(API, body, Authorization=basic("CORP\\svc-addon", "s3cr:et")).status == 200

    conn = guarded.connection()  # NTLM authenticates a connection: one handshake on one connection
    step = guarded.request("POST", API, body, {"Authorization": header("NTLM", ntlm_negotiate())}, conn)
    assert step.status == 401 and step.headers["www-authenticate"].startswith("NTLM ")
    done = guarded.request(
        "POST", API, body, {"Authorization": header("NTLM", ntlm_authenticate("CORP", "jdoe"))}, conn
    )
    assert done.status == 200
    conn.close()

    report = subprocess.run(
        [
            sys.executable,
            "-m",
            "nwx_schema",
            "report",
            "--store",
            str(guarded.store),
            "--output-format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    summary = json.loads(report.stdout)
    assert summary["writes"] == {"accepted": 2, "rejected": 2}  # the NTLM challenge step is no rejection
    assert [(r["status"], r["user"], [f["code"] for f in r["findings"]]) for r in summary["rejected"]] == [
        (401, None, ["NWX906"]),
        (401, None, ["NWX906"]),
    ]
    assert summary["requests"]["by_endpoint"]["write"]["by_status"] == {"200": 2, "401": 3}
    assert summary["requests"]["by_user"] == [
        {"name": "CORP\\jdoe", "requests": 1},
        {"name": "CORP\\svc-addon", "requests": 1},
    ]
