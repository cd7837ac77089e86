"""The client: write records in batches, read them back by enum and search."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from nwx_schema.client.batching import Batch, iter_batches
from nwx_schema.client.config import ClientConfig, Credentials, RetryPolicy
from nwx_schema.client.errors import ApiError, AuthenticationError, ClientError
from nwx_schema.client.paging import Page, iter_pages
from nwx_schema.client.transport import RetryHook, Transport
from nwx_schema.versions import ApiVersion, Format


@dataclass(frozen=True, slots=True)
class BatchFailure:
    """A batch the server refused (or that could not be delivered)."""

    batch: int
    first: int
    records: int
    error: ClientError


@dataclass
class SendResult:
    """What a :meth:`Client.write` did.

    Attributes:
        records_sent: records in batches the server accepted (200).
        batches_sent: those batches.
        failures: the batches that failed, in order.
    """

    records_sent: int = 0
    batches_sent: int = 0
    failures: list[BatchFailure] = field(default_factory=list)

    @property
    def records_failed(self) -> int:
        return sum(f.records for f in self.failures)

    @property
    def ok(self) -> bool:
        return not self.failures


class SendError(ClientError):
    """A write stopped at a batch that failed; ``.result`` says what was sent before it,
    ``.failure`` which batch failed, and ``__cause__`` is the error."""

    def __init__(self, result: SendResult, failure: BatchFailure) -> None:
        self.result = result
        self.failure = failure
        last = failure.first + failure.records
        super().__init__(f"batch {failure.batch} (records {failure.first + 1}-{last}): {failure.error}")


BatchHook = Callable[[Batch, "ClientError | None"], None]


class Client:
    """A client of the Activity Records API (httpx, synchronous).

    >>> with Client("https://nwx.corp.example:9699", user="CORP\\\\svc", password=pw) as api:  # doctest: +SKIP
    ...     api.write(records)
    ...     for record in api.search({"FilterList": {"Who": "CORP\\\\jdoe"}}):
    ...         print(record["RID"])

    Args:
        url: the server (``https://host:9699``) or the API's base URL.
        user, password: credentials (``None``: none); ``auth`` ``basic`` or ``ntlm``.
        ca_bundle: PEM certificates to trust; ``insecure``: verify none.
        timeout: seconds between bytes; ``retries``: tries after the first.
        fmt: ``json`` or ``xml`` bodies; ``api_version``: the server's.
        page_size: records per enum/search page (``None``: the server's default).
        config: a whole :class:`ClientConfig` instead of the arguments above.
        on_retry: called before each retry (see :class:`~.transport.RetryEvent`).
        http_transport: an httpx transport instead of the network (for tests).
    """

    def __init__(
        self,
        url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        auth: str = "basic",
        ca_bundle: str | Path | None = None,
        insecure: bool = False,
        timeout: float = 120.0,
        retries: int = 5,
        fmt: Format = "json",
        api_version: ApiVersion = "9.0",
        page_size: int | None = None,
        config: ClientConfig | None = None,
        on_retry: RetryHook | None = None,
        http_transport: httpx.BaseTransport | None = None,
    ) -> None:
        if config is None:
            if url is None:
                raise ClientError("give the API URL (or a ClientConfig)")
            credentials = Credentials(user, password or "", auth) if user else None  # type: ignore[arg-type]
            config = ClientConfig(
                url,
                credentials=credentials,
                ca_bundle=Path(ca_bundle) if ca_bundle else None,
                insecure=insecure,
                timeout=timeout,
                retry=RetryPolicy(retries=retries),
                fmt=fmt,
                api_version=api_version,
                page_size=page_size,
            )
        self.config = config
        self.transport = Transport(config, on_retry=on_retry, http_transport=http_transport)

    @classmethod
    def from_env(cls, **overrides: Any) -> Client:
        """A client configured by the ``NETWRIX_API_*`` variables (see
        :mod:`nwx_schema.client.config`), then ``overrides`` of :class:`ClientConfig`."""
        return cls(config=ClientConfig.from_env(**overrides))

    def __enter__(self) -> Client:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections."""
        self.transport.close()

    # -- writing --------------------------------------------------------------------------

    def write_body(self, body: bytes) -> None:
        """Post one body as it is (in the configured format), retried per the policy.

        Raises:
            ApiError: the server refused it (400 with the ``ErrorList``, 401, 413...).
            ConnectionFailedError: it could not be delivered.
        """
        self.transport.request("write", body)

    def batches(self, records: Iterable[Mapping[str, Any]]) -> Iterator[Batch]:
        """The bodies :meth:`write` would post, without posting them."""
        config = self.config
        return iter_batches(
            records,
            fmt=config.fmt,
            version=config.api_version,
            max_records=config.max_records,
            max_bytes=config.max_bytes,
        )

    def write(
        self,
        records: Iterable[Mapping[str, Any]],
        *,
        keep_going: bool = False,
        on_batch: BatchHook | None = None,
    ) -> SendResult:
        """Write records (JSON form, any iterable: read lazily) in batches within the
        limits, one request each.

        Args:
            keep_going: after a batch the server refuses (400, 413, 5xx after retries),
                go on with the next one; the result lists the failures. Without it, the
                first failure raises :class:`SendError`.
            on_batch: called after each batch with ``None`` or its error.

        Raises:
            SendError: a batch failed (without ``keep_going``), the credentials were
                refused, or the server could not be reached; ``.result`` tells what
                was sent before.
            RecordTooLargeError, InvalidPayloadError: a record that cannot be sent
                (checked before its batch is posted).
        """
        result = SendResult()
        for batch in self.batches(records):
            try:
                self.write_body(batch.body)
            except ClientError as err:
                failure = BatchFailure(batch.number, batch.first, batch.records, err)
                result.failures.append(failure)
                if on_batch is not None:
                    on_batch(batch, err)
                refused = isinstance(err, ApiError) and not isinstance(err, AuthenticationError)
                if not (keep_going and refused) or (isinstance(err, ApiError) and err.status in (404, 405)):
                    raise SendError(result, failure) from err
                continue
            result.records_sent += batch.records
            result.batches_sent += 1
            if on_batch is not None:
                on_batch(batch, None)
        return result

    # -- reading --------------------------------------------------------------------------

    def pages(
        self,
        search: Mapping[str, Any] | None = None,
        *,
        mark: str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Iterator[Page]:
        """Every page of enum (no ``search``) or of a search (the JSON form of search
        parameters, ``{"FilterList": {...}}``), from ``mark`` or the start, to the empty
        last page."""
        return iter_pages(self.transport, search=search, mark=mark, page_size=page_size, limit=limit)

    def enum(
        self, *, mark: str | None = None, page_size: int | None = None, limit: int | None = None
    ) -> Iterator[dict[str, Any]]:
        """Every record, page after page (one page in memory at a time)."""
        for page in self.pages(mark=mark, page_size=page_size, limit=limit):
            yield from page.records

    def search(
        self,
        search: Mapping[str, Any],
        *,
        mark: str | None = None,
        page_size: int | None = None,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Every record matching the search parameters, page after page. A mapping
        without ``FilterList`` is taken as the filter list itself."""
        document = search if "FilterList" in search else {"FilterList": dict(search)}
        for page in self.pages(document, mark=mark, page_size=page_size, limit=limit):
            yield from page.records
