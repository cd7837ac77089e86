"""TLS for the stand-in: a certificate given by the user, or a self-signed one.

The product answers HTTPS with a self-signed certificate it generates once. So does
``--tls-self-signed``: the first start writes ``STORE.cert.pem`` and ``STORE.key.pem``
(mode 0600) next to the store and later starts reuse them, so a client that pins the
certificate or its thumbprint (the add-ons' ``CertificateThumbprint`` setting) keeps
working across restarts. A new pair is made when the old one is unreadable, expires
within a day, or does not name the host served. The certificate names ``localhost``,
``127.0.0.1``, ``::1``, this machine's host name and the ``--host`` given.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import ssl
import tempfile
from dataclasses import dataclass
from pathlib import Path

from nwx_schema.errors import NwxSchemaError


class TlsError(NwxSchemaError, OSError):
    """A certificate or key that cannot be loaded or written."""


@dataclass(frozen=True, slots=True)
class Certificate:
    """Where a certificate is and how clients can recognise it."""

    cert: Path
    key: Path
    thumbprint: str  # SHA-1, upper-case hex: what Windows and the add-ons call a thumbprint
    sha256: str  # SHA-256 fingerprint, colon-separated upper-case hex
    generated: bool


def server_context(cert: Path, key: Path) -> ssl.SSLContext:
    """A server TLS context (TLS 1.2 or later) for a PEM certificate chain and key.

    Raises:
        TlsError: a file is missing, unreadable, or the key does not match.
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(certfile=cert, keyfile=key)
    except (OSError, ssl.SSLError) as err:
        raise TlsError(f"cannot load the certificate {cert} with the key {key}: {err}") from err
    return context


def _names(host: str) -> list[str]:
    names = ["localhost", "127.0.0.1", "::1", socket.gethostname()]
    if host and host not in ("0.0.0.0", "::") and host not in names:  # noqa: S104
        names.append(host)
    return names


def _describe(cert_path: Path, key_path: Path, generated: bool) -> Certificate:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    sha256 = cert.fingerprint(hashes.SHA256()).hex().upper()
    return Certificate(
        cert_path,
        key_path,
        cert.fingerprint(hashes.SHA1()).hex().upper(),  # noqa: S303 (an identifier, not a signature)
        ":".join(sha256[i : i + 2] for i in range(0, len(sha256), 2)),
        generated,
    )


def _reusable(cert_path: Path, key_path: Path, names: list[str]) -> bool:
    from cryptography import x509

    try:
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key_path.read_bytes()
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (OSError, ValueError, x509.ExtensionNotFound):
        return False
    listed = {str(n) for n in san.get_values_for_type(x509.DNSName)}
    listed |= {str(ip) for ip in san.get_values_for_type(x509.IPAddress)}
    fresh = cert.not_valid_after_utc > dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
    return fresh and all(str(_ip(n) or n) in listed for n in names)


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


def _write_atomically(path: Path, data: bytes, mode: int) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def self_signed(store: Path, host: str) -> Certificate:
    """The self-signed certificate of a store: reused, or generated and written.

    Raises:
        TlsError: the files cannot be written.
    """
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    cert_path, key_path = store.with_name(store.name + ".cert.pem"), store.with_name(store.name + ".key.pem")
    names = _names(host)
    if _reusable(cert_path, key_path, names):
        return _describe(cert_path, key_path, False)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=True,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=True,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    subject = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, names[-1] if len(names) > 4 else "localhost")]
    )
    now = dt.datetime.now(dt.timezone.utc)
    alt: list[x509.GeneralName] = []
    for name in names:
        ip = _ip(name)
        alt.append(x509.IPAddress(ip) if ip is not None else x509.DNSName(name))
    cert = (  # CA:TRUE and keyCertSign so that clients can trust it with --cacert
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=397))
        .add_extension(x509.SubjectAlternativeName(alt), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(key_usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        _write_atomically(key_path, key_pem, 0o600)
        _write_atomically(cert_path, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    except OSError as err:
        raise TlsError(f"cannot write the self-signed certificate next to {store}: {err}") from err
    return _describe(cert_path, key_path, True)
