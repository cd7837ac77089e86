"""HTTPS: a self-signed certificate made once and reused, or the user's own certificate."""

from __future__ import annotations

import hashlib
import re
import ssl
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.server_harness import API, ServerProcess, record, xml_records

_CERT_LINE = re.compile(
    r"(generated|reusing) self-signed certificate (\S+) \(SHA-1 thumbprint ([0-9A-F]{40}), SHA-256 ([0-9A-F:]{95})\)"
)


def peer_sha1(proc: ServerProcess) -> str:
    conn = proc.connection()
    conn.connect()
    assert isinstance(conn.sock, ssl.SSLSocket)
    der = conn.sock.getpeercert(binary_form=True)
    conn.close()
    assert der is not None
    return hashlib.sha1(der).hexdigest().upper()


def test_server_tls_self_signed_is_verifiable_and_reused(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    proc = ServerProcess(store, "--tls-self-signed").start()
    try:
        match = _CERT_LINE.search(proc.stderr())
        assert match is not None, proc.stderr()
        assert match[1] == "generated"
        cert = Path(match[2])
        assert cert == tmp_path / "s.sqlite3.cert.pem"
        key = tmp_path / "s.sqlite3.key.pem"
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        assert proc.scheme == "https"
        proc.ssl_context = ssl.create_default_context(
            cafile=str(cert)
        )  # full verification, host name included
        assert proc.post(API, xml_records([record("a")])).status == 200
        assert peer_sha1(proc) == match[3]
        thumbprint = match[3]

        proc.restart()
        again = _CERT_LINE.search(proc.stderr())
        assert again is not None and again[1] == "reusing" and again[3] == thumbprint
        assert proc.get(API + "enum?format=json").json()["ActivityRecordList"][0]["What"] == "a"

        proc.ssl_context = ssl.create_default_context()  # the system roots do not know it
        with pytest.raises(ssl.SSLCertVerificationError):
            proc.get(API + "enum")
    finally:
        assert proc.stop() == 0


def test_server_tls_with_the_users_certificate(tmp_path: Path) -> None:
    from nwx_schema.server.tls import self_signed

    made = self_signed(tmp_path / "other.sqlite3", "127.0.0.1")
    proc = ServerProcess(
        tmp_path / "s.sqlite3", "--tls", "--cert", str(made.cert), "--key", str(made.key)
    ).start()
    try:
        proc.ssl_context = ssl.create_default_context(cafile=str(made.cert))
        assert proc.get(API + "enum").status == 200
        assert peer_sha1(proc) == made.thumbprint
        assert "self-signed" not in proc.stderr()
    finally:
        assert proc.stop() == 0


def serve(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nwx_schema", "serve", "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tls"], "--tls needs --cert FILE and --key FILE"),
        (["--cert", "c.pem", "--key", "k.pem"], "--cert and --key need --tls"),
        (["--tls-self-signed", "--tls", "--cert", "c", "--key", "k"], "--tls-self-signed excludes"),
        (["--api-version", "7.0"], "unknown API version '7.0'"),
        (["--user", "nocolon"], "expected NAME:PASSWORD"),
    ],
)
def test_server_tls_and_option_misuse_exits_2(tmp_path: Path, args: list[str], message: str) -> None:
    done = serve("--store", str(tmp_path / "s.sqlite3"), *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert not (tmp_path / "s.sqlite3").exists()


def test_server_tls_unreadable_certificate_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pem"
    bad.write_text("not a certificate")
    done = serve("--store", str(tmp_path / "s.sqlite3"), "--tls", "--cert", str(bad), "--key", str(bad))
    assert done.returncode == 2
    assert f"cannot load the certificate {bad}" in done.stderr
    assert "Traceback" not in done.stderr
