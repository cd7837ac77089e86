"""One request to the API, retried when that is safe, and its answer judged.

Retries (see :class:`~nwx_schema.client.config.RetryPolicy`): a connection that cannot
be made (refused, DNS, connect timeout, no free connection) is retried for every
request, since nothing was sent; so are 5xx answers, which say the request was not
carried out. A request that was sent but got no answer (read timeout, connection reset
or closed) is retried for enum and search, which only read; for a write it is retried
only with ``resend_unanswered_writes`` (the default), because the server may have stored
the batch before the answer was lost. A 4xx answer is never retried, nor is a
certificate that fails verification.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final, Literal

import httpx

from nwx_schema import __version__
from nwx_schema.client.auth import build_auth
from nwx_schema.client.config import ClientConfig
from nwx_schema.client.errors import (
    ApiError,
    AuthenticationError,
    ConnectionFailedError,
    DeliveryUncertainError,
    PayloadTooLargeError,
    RequestRejectedError,
    ServerError,
    TlsVerificationError,
    parse_error_list,
)

Endpoint = Literal["write", "enum", "search"]
_PATHS: Final[dict[Endpoint, str]] = {"write": "", "enum": "enum", "search": "search"}
_CONTENT_TYPES: Final = {"json": "application/json; charset=utf-8", "xml": "application/xml; charset=utf-8"}
USER_AGENT: Final = f"nwx-schema/{__version__} (httpx/{httpx.__version__})"
#: Errors raised before anything of the request was sent.
_UNSENT: Final = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


@dataclass(frozen=True, slots=True)
class RetryEvent:
    """A request about to be tried again: which try comes, after how long, and why."""

    endpoint: Endpoint
    retry: int
    retries: int
    delay: float
    reason: str


RetryHook = Callable[[RetryEvent], None]


def ssl_context(config: ClientConfig) -> ssl.SSLContext | bool:
    """``verify`` for httpx: ``False`` with ``insecure``, else a context trusting the
    ``ca_bundle`` or the system's certificates (``SSL_CERT_FILE``, ``SSL_CERT_DIR``)."""
    if config.insecure:
        return False
    try:
        return ssl.create_default_context(cafile=str(config.ca_bundle) if config.ca_bundle else None)
    except (OSError, ssl.SSLError) as err:
        from nwx_schema.client.errors import ConfigurationError

        raise ConfigurationError(f"cannot load the CA bundle {config.ca_bundle}: {err}") from err


def _describe(err: Exception) -> str:
    text = str(err).strip()
    if isinstance(err, httpx.TimeoutException):
        return f"timed out ({type(err).__name__})" + (f": {text}" if text else "")
    return text or type(err).__name__


def _is_certificate_error(err: Exception) -> bool:
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _released(response: httpx.Response) -> httpx.Response:
    """The response, read and freed of its stream: httpx's stream refers back to its
    response, a cycle that only the garbage collector breaks, so the bodies of pages
    already read would pile up until a full collection."""
    response.read()
    response.close()
    response.stream = httpx.ByteStream(b"")
    return response


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    return float(value) if value.isdigit() else None


class Transport:
    """An httpx client for one API, with the retry policy and error judgement.

    Args:
        config: the API and how to talk to it.
        on_retry: called before each wait (e.g. to print a warning).
        sleep: how to wait (tests pass a fake).
        http_transport: an httpx transport to use instead of the network (tests).
    """

    def __init__(
        self,
        config: ClientConfig,
        *,
        on_retry: RetryHook | None = None,
        sleep: Callable[[float], None] = time.sleep,
        http_transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.config = config
        self.on_retry = on_retry
        self.sleep = sleep
        timeout = httpx.Timeout(config.timeout, connect=config.connect_timeout)
        self.http = httpx.Client(
            auth=build_auth(config.credentials),
            verify=ssl_context(config),
            timeout=timeout,
            headers={"User-Agent": USER_AGENT},
            transport=http_transport,
            follow_redirects=False,
            trust_env=False,
        )

    def url(self, endpoint: Endpoint) -> str:
        return self.config.url + _PATHS[endpoint]

    def close(self) -> None:
        self.http.close()

    def request(self, endpoint: Endpoint, body: bytes | None, *, count: int | None = None) -> httpx.Response:
        """Send one request (GET for enum without a body, else POST) and return its 200
        answer, retrying as the policy allows.

        Raises:
            ApiError: any answer but 200 (its subclasses for 400, 401, 413, 5xx).
            ConnectionFailedError: the server could not be reached or did not answer.
        """
        policy = self.config.retry
        params = {"format": "json"} if self.config.fmt == "json" else {}
        if count is not None and endpoint != "write":
            params["count"] = str(count)
        method = "GET" if body is None else "POST"
        headers = {} if body is None else {"Content-Type": _CONTENT_TYPES[self.config.fmt]}
        url = self.url(endpoint)
        retry = 0
        while True:
            try:
                response = _released(
                    self.http.request(method, url, params=params, content=body, headers=headers)
                )
            except httpx.TransportError as err:
                if _is_certificate_error(err):
                    raise TlsVerificationError(
                        f"the certificate of {url} is not trusted: {_describe(err)} "
                        "(give the server's certificate with --ca-bundle, or use --insecure)"
                    ) from err
                sent = not isinstance(err, _UNSENT)
                if sent and endpoint == "write" and not policy.resend_unanswered_writes:
                    raise DeliveryUncertainError(
                        f"{method} {url} got no answer ({_describe(err)}): the batch may or may not "
                        "have been stored, and resending unanswered writes is off"
                    ) from err
                if retry >= policy.retries:
                    tries = f" (after {retry + 1} tries)" if retry else ""
                    raise ConnectionFailedError(f"{method} {url}: {_describe(err)}{tries}") from err
                retry += 1
                self._wait(endpoint, retry, policy.delay(retry), _describe(err))
                continue
            if response.status_code >= 500 and retry < policy.retries:
                retry += 1
                reason = f"{response.status_code} {response.reason_phrase}".strip()
                self._wait(endpoint, retry, policy.delay(retry, _retry_after(response)), reason)
                continue
            if response.status_code != 200:
                raise judge(response, endpoint, len(body or b""))
            return response

    def _wait(self, endpoint: Endpoint, retry: int, delay: float, reason: str) -> None:
        if self.on_retry is not None:
            self.on_retry(RetryEvent(endpoint, retry, self.config.retry.retries, delay, reason))
        self.sleep(delay)


def judge(response: httpx.Response, endpoint: Endpoint, body_bytes: int) -> ApiError:
    """The error for an answer that is not 200, quoting its ``ErrorList``."""
    status = response.status_code
    errors = parse_error_list(response.content)
    if status == 401:
        offered = ", ".join(v.split(" ")[0] for v in response.headers.get_list("WWW-Authenticate"))
        has_auth = "Authorization" in response.request.headers
        advice = ("the server refused the credentials" if has_auth else "the server asks for credentials") + (
            f"; it offers {offered}" if offered else ""
        )
        advice += "; check NETWRIX_API_USER, NETWRIX_API_PASSWORD and --auth"
        return AuthenticationError(status, errors, endpoint=endpoint, advice=advice)
    if status == 400:
        return RequestRejectedError(status, errors, endpoint=endpoint)
    if status == 413:
        return PayloadTooLargeError(
            status,
            errors,
            endpoint=endpoint,
            advice=f"the body of {body_bytes:,} bytes is over the server's limit: send smaller batches",
        )
    if status >= 500:
        return ServerError(status, errors, endpoint=endpoint)
    advice = {
        404: f"no API endpoint at {response.request.url}: check the URL",
        405: f"{response.request.method} is not allowed at {response.request.url}",
    }.get(status, "")
    return ApiError(status, errors, endpoint=endpoint, advice=advice)
