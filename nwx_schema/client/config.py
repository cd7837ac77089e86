"""What a client is configured with: where the API is, who calls it, how patiently.

Nothing here imports httpx, so the command line can check its options (and say how to
install the ``client`` extra) before loading it.

Environment variables, read by :meth:`ClientConfig.from_env` and by ``nwx-schema send``
and ``fetch`` (an option given on the command line wins):

=========================  ===========================================================
``NETWRIX_API_URL``        the API: ``https://host:9699`` or any URL up to
                           ``.../netwrix/api/v1/activity_records/``
``NETWRIX_API_USER``       the account (``DOMAIN\\user`` or ``user@domain``)
``NETWRIX_API_PASSWORD``   its password (never on the command line)
``NETWRIX_API_AUTH``       ``basic`` (default) or ``ntlm``
``NETWRIX_API_CA_BUNDLE``  PEM file of the certificates to trust (e.g. the server's own)
=========================  ===========================================================
"""

from __future__ import annotations

import os
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Literal
from urllib.parse import urlsplit, urlunsplit

from nwx_schema.client.errors import ConfigurationError
from nwx_schema.versions import ApiVersion, Format

AuthScheme = Literal["basic", "ntlm"]
AUTH_SCHEMES: Final[tuple[AuthScheme, ...]] = ("basic", "ntlm")
API_PATH: Final = "/netwrix/api/v1/activity_records/"
DEFAULT_PORT: Final = 9699
#: The reference's limits per write request: 1,000 records and 50 MB (§7).
MAX_RECORDS: Final = 1000
MAX_BYTES: Final = 50 * 1024 * 1024
ENV_URL: Final = "NETWRIX_API_URL"
ENV_USER: Final = "NETWRIX_API_USER"
ENV_PASSWORD: Final = "NETWRIX_API_PASSWORD"  # noqa: S105 - the variable's name, not a password
ENV_AUTH: Final = "NETWRIX_API_AUTH"
ENV_CA_BUNDLE: Final = "NETWRIX_API_CA_BUNDLE"


def api_url(url: str) -> str:
    """The base URL of the activity records API (ending ``/activity_records/``).

    Accepts ``https://host:9699``, ``https://host:9699/netwrix/api/v1``, the base URL
    itself with or without the trailing slash, or an endpoint under it (``.../enum``).

    Raises:
        ConfigurationError: not an http(s) URL, or one carrying credentials, a query or
            another path.
    """
    text = url.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ConfigurationError(f"the API URL must start with https:// or http:// and name a host: {url!r}")
    if parts.username is not None or parts.password is not None:
        raise ConfigurationError(
            f"the API URL must not hold credentials: set {ENV_USER} and {ENV_PASSWORD} instead"
        )
    if parts.query or parts.fragment:
        raise ConfigurationError(f"the API URL must not have a query or fragment: {url!r}")
    path = parts.path.rstrip("/")
    lowered = path.lower()
    for endpoint in ("/enum", "/search"):
        if lowered.endswith("/activity_records" + endpoint):
            path, lowered = path[: -len(endpoint)], lowered[: -len(endpoint)]
    if lowered in ("", "/netwrix", "/netwrix/api", "/netwrix/api/v1"):
        path = API_PATH.rstrip("/")
    elif not lowered.endswith("/netwrix/api/v1/activity_records"):
        raise ConfigurationError(
            f"the API URL must be the server (https://host:9699) or end with {API_PATH}: {url!r}"
        )
    return urlunsplit((parts.scheme.lower(), parts.netloc, path + "/", "", ""))


@dataclass(frozen=True, slots=True)
class Credentials:
    """An account and how to present it."""

    user: str
    password: str = field(repr=False)
    scheme: AuthScheme = "basic"

    def __post_init__(self) -> None:
        if not self.user:
            raise ConfigurationError("the user name is empty")
        if self.scheme not in AUTH_SCHEMES:
            raise ConfigurationError(f"unknown authentication {self.scheme!r}: use basic or ntlm")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """When a request is tried again, and after how long.

    A request is retried when it could not be sent or got no answer (connection refused
    or reset, a timeout, a server that closed the connection) and when the server
    answered 5xx; never after a 4xx answer. Waits grow exponentially from ``backoff``
    (doubling, at most ``max_backoff``), each a random time between half and all of
    it; a ``Retry-After`` header of a 503 is honoured up to ``max_backoff``.

    Attributes:
        retries: tries after the first (0: none).
        resend_unanswered_writes: a write that was sent but got no answer may have been
            stored; ``True`` (the default) sends it again, so nothing is lost but the batch
            may be stored twice (at least once); ``False`` gives up on it at once with
            :class:`~nwx_schema.client.errors.DeliveryUncertainError` (at most once).
    """

    retries: int = 5
    backoff: float = 0.5
    max_backoff: float = 30.0
    resend_unanswered_writes: bool = True

    def __post_init__(self) -> None:
        if self.retries < 0 or self.backoff < 0 or self.max_backoff < 0:
            raise ConfigurationError("retries and backoff times must not be negative")

    def delay(self, retry: int, retry_after: float | None = None, rng: random.Random | None = None) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the first)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_backoff)
        ceiling = min(self.max_backoff, self.backoff * (2 ** (retry - 1)))
        return (rng or random).uniform(ceiling / 2, ceiling)


@dataclass(frozen=True, slots=True)
class ClientConfig:
    """Everything a :class:`~nwx_schema.client.Client` needs.

    Attributes:
        url: the base URL (normalised by :func:`api_url`).
        credentials: ``None`` to send none.
        ca_bundle: PEM certificates to trust instead of the system's.
        insecure: do not verify the server's certificate at all.
        timeout: seconds to wait for the server between bytes (read, write, pool).
        connect_timeout: seconds to wait for a connection.
        retry: see :class:`RetryPolicy`.
        fmt: ``json`` or ``xml``, the format of request and answer bodies.
        api_version: the server's API version (records are read in its model).
        max_records, max_bytes: the most records and bytes of one write request.
        page_size: ``count`` of enum and search (``None``: the server's default, 1,000).
    """

    url: str
    credentials: Credentials | None = None
    ca_bundle: Path | None = None
    insecure: bool = False
    timeout: float = 120.0
    connect_timeout: float = 10.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    fmt: Format = "json"
    api_version: ApiVersion = "9.0"
    max_records: int = MAX_RECORDS
    max_bytes: int = MAX_BYTES
    page_size: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "url", api_url(self.url))
        if self.fmt not in ("json", "xml"):
            raise ConfigurationError(f"unknown body format {self.fmt!r}: use json or xml")
        if self.max_records < 1 or self.max_bytes < 1:
            raise ConfigurationError("a batch must allow at least one record and one byte")
        if self.page_size is not None and self.page_size < 1:
            raise ConfigurationError("the page size must be at least 1")
        if self.timeout <= 0 or self.connect_timeout <= 0:
            raise ConfigurationError("timeouts must be positive")
        if self.ca_bundle is not None and self.insecure:
            raise ConfigurationError("--ca-bundle and --insecure exclude each other")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> ClientConfig:
        """A configuration from the ``NETWRIX_API_*`` variables, then ``overrides``.

        Raises:
            ConfigurationError: no URL, a user without a password, a bad value.
        """
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        if env.get(ENV_URL):
            values["url"] = env[ENV_URL]
        if env.get(ENV_CA_BUNDLE):
            values["ca_bundle"] = Path(env[ENV_CA_BUNDLE])
        user = env.get(ENV_USER)
        if user:
            password = env.get(ENV_PASSWORD)
            if password is None:
                raise ConfigurationError(f"{ENV_USER} is set but {ENV_PASSWORD} is not")
            scheme = env.get(ENV_AUTH, "basic").strip().lower()
            values["credentials"] = Credentials(user, password, scheme)  # type: ignore[arg-type]
        values.update(overrides)
        if "url" not in values:
            raise ConfigurationError(f"no API URL: give --url or set {ENV_URL}")
        return cls(**values)  # type: ignore[arg-type]
