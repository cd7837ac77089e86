"""nwx_schema.client against a real `nwx-schema serve` on a free port: paging across
continuation marks in both formats, search, authentication (Basic and NTLM) over
self-signed TLS, restarts of the server in the middle of a write and of a read, and the
413 and 400 answers surfaced with their ErrorList."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from nwx_schema.client import (
    AuthenticationError,
    Client,
    ClientConfig,
    Credentials,
    PayloadTooLargeError,
    RequestRejectedError,
    RetryEvent,
    RetryPolicy,
    SendError,
    TlsVerificationError,
)
from nwx_schema.client.batching import Batch
from nwx_schema.client.errors import ClientError
from nwx_schema.versions import Format
from tests.client_harness import PinnedServer, numbered
from tests.server_harness import record

USER, PASSWORD = "CORP\\svc", "s3cret:with colon"
FORMATS: list[Format] = ["json", "xml"]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PinnedServer]:
    proc = PinnedServer(tmp_path / "store.sqlite3").start()
    yield proc
    assert proc.stop() == 0, proc.stderr()


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PinnedServer]:
    """HTTPS with a self-signed certificate, Basic required, NTLM accepted."""
    store = tmp_path_factory.mktemp("secured") / "store.sqlite3"
    proc = PinnedServer(
        store, "--tls-self-signed", "--user", f"{USER}:{PASSWORD}", "--accept-windows-auth"
    ).start()
    yield proc
    assert proc.stop() == 0, proc.stderr()


def whats(records: list[dict[str, Any]]) -> list[str]:
    return [r["What"] for r in records]


@pytest.mark.parametrize("fmt", FORMATS)
def test_paging_follows_every_continuation_mark_to_the_empty_last_page(
    server: PinnedServer, fmt: Format
) -> None:
    sent = numbered(7)
    with Client(server.url, fmt=fmt) as api:
        result = api.write(sent)
        assert (result.records_sent, result.batches_sent) == (7, 1)
        pages = list(api.pages(page_size=3))
        assert [len(p.records) for p in pages] == [3, 3, 1, 0]
        marks = [p.mark for p in pages]
        assert None not in marks[:3] and len(set(marks[:3])) == 3 and marks[3] is None
        assert whats([r for p in pages for r in p.records]) == whats(sent)
        # a page's mark gives the records after it, and nothing else
        assert whats(list(api.enum(mark=pages[1].mark))) == whats(sent[6:])
        assert whats(list(api.enum(page_size=2, limit=5))) == whats(sent[:5])
        assert [r["DataSource"] for r in api.enum()] == ["Netwrix API"] * 7


@pytest.mark.parametrize("fmt", FORMATS)
def test_search_pages_keep_their_filters(server: PinnedServer, fmt: Format) -> None:
    sent = [*numbered(5, "keep"), *numbered(5, "drop"), *numbered(5, "keep", Action="Removed")]
    with Client(server.url, fmt=fmt) as api:
        api.write(sent)
        found = list(api.search({"What": {"StartsWith": "keep"}, "Action": "Added"}, page_size=2))
    assert whats(found) == whats(sent[:5])


def test_records_are_split_into_batches_of_the_configured_size(server: PinnedServer) -> None:
    sent = numbered(25)
    seen: list[Batch] = []
    config = ClientConfig(server.url, max_records=10)
    with Client(config=config) as api:
        result = api.write(sent, on_batch=lambda batch, error: seen.append(batch))
        assert [b.records for b in seen] == [10, 10, 5]
        assert (result.records_sent, result.batches_sent) == (25, 3)
        assert whats(list(api.enum())) == whats(sent)


def test_a_restart_in_the_middle_of_a_write_is_retried_and_nothing_is_lost_or_doubled(
    server: PinnedServer,
) -> None:
    sent = numbered(1200)
    retries: list[RetryEvent] = []
    restarted: list[Any] = []

    def restart_after_second_batch(batch: Batch, error: ClientError | None) -> None:
        assert error is None
        if batch.number == 2:
            restarted.append(server.restart_later(1.0))

    config = ClientConfig(
        server.url, max_records=200, retry=RetryPolicy(retries=20, backoff=0.2, max_backoff=1.0)
    )
    with Client(config=config, on_retry=retries.append) as api:
        result = api.write(sent, on_batch=restart_after_second_batch)
        restarted[0].join()
        assert (result.records_sent, result.batches_sent, result.failures) == (1200, 6, [])
        assert retries and retries[0].endpoint == "write"
        assert whats(list(api.enum())) == whats(sent)
    assert server.starts == 2


def test_a_restart_in_the_middle_of_a_read_resumes_at_the_same_mark(server: PinnedServer) -> None:
    sent = numbered(50)
    retries: list[RetryEvent] = []
    config = ClientConfig(
        server.url, page_size=10, retry=RetryPolicy(retries=20, backoff=0.2, max_backoff=1.0)
    )
    with Client(config=config, on_retry=retries.append) as api:
        api.write(sent)
        got: list[dict[str, Any]] = []
        for page in api.pages():
            got.extend(page.records)
            if page.number == 2:
                server.restart_later(1.0)
        assert whats(got) == whats(sent)
        assert retries and retries[0].endpoint == "enum"
    assert server.starts == 2


def test_an_oversized_body_gets_413_and_smaller_batches_go_through(tmp_path: Path) -> None:
    proc = PinnedServer(tmp_path / "store.sqlite3", "--max-body-mb", "0.01").start()
    try:
        sent = numbered(60, Workstation="w" * 200)  # 24 KB of JSON, the limit is 10 KiB
        with Client(config=ClientConfig(proc.url)) as api, pytest.raises(SendError) as caught:
            api.write(sent)
        error = caught.value.__cause__
        assert isinstance(error, PayloadTooLargeError) and error.status == 413
        assert "413 Payload Too Large (the body of" in str(error)
        assert "over the server's limit: send smaller batches" in str(error)
        with Client(config=ClientConfig(proc.url, max_bytes=10_000)) as api:
            result = api.write(sent)
            assert result.batches_sent >= 3 and result.records_sent == 60
            assert whats(list(api.enum())) == whats(sent)
    finally:
        assert proc.stop() == 0, proc.stderr()


def test_a_refused_batch_quotes_the_error_list(server: PinnedServer) -> None:
    bad = record("x", When="2024-05-02T08:15:00")
    for fmt in FORMATS:
        with Client(server.url, fmt=fmt) as api, pytest.raises(SendError) as caught:
            api.write([bad])
        error = caught.value.__cause__
        assert isinstance(error, RequestRejectedError)
        [entry] = error.errors
        assert entry.category == "InputError"
        assert entry.description.startswith("NWX402: When '2024-05-02T08:15:00' has no time zone")
        assert entry.location and entry.location.startswith("/ActivityRecordList/ActivityRecord[1]/When")
        assert str(error).startswith("400 Bad Request: InputError: NWX402: When '2024-05-02T08:15:00'")
    with (
        Client(server.url) as api,
        pytest.raises(RequestRejectedError, match="400 Bad Request: InputError: NWX"),
    ):
        list(api.enum(mark="not a mark"))


def test_tls_is_verified_against_the_ca_bundle(secured: PinnedServer) -> None:
    credentials = Credentials(USER, PASSWORD)
    with (
        Client(config=ClientConfig(secured.url, credentials=credentials)) as api,
        pytest.raises(SendError) as caught,
    ):
        api.write(numbered(1))
    assert isinstance(caught.value.__cause__, TlsVerificationError)
    assert "--ca-bundle" in str(caught.value.__cause__)
    with Client(config=ClientConfig(secured.url, credentials=credentials, ca_bundle=secured.cert)) as api:
        assert api.write(numbered(1, "tls")).records_sent == 1


@pytest.mark.parametrize("scheme", ["basic", "ntlm"])
def test_credentials_over_tls(secured: PinnedServer, scheme: str) -> None:
    credentials = Credentials(USER, PASSWORD, scheme)  # type: ignore[arg-type]
    with Client(config=ClientConfig(secured.url, credentials=credentials, insecure=True)) as api:
        api.write(numbered(3, f"by-{scheme}"))
        found = list(api.search({"What": {"StartsWith": f"by-{scheme}"}}))
    assert len(found) == 3
    anonymous = ClientConfig(secured.url, ca_bundle=secured.cert)
    with (
        Client(config=anonymous) as api,
        pytest.raises(AuthenticationError, match=r"401 Unauthorized \(the server asks"),
    ):
        list(api.enum())
    wrong = ClientConfig(secured.url, credentials=Credentials(USER, "wrong"), ca_bundle=secured.cert)
    refused = "refused the credentials; it offers Negotiate, NTLM, Basic"
    with Client(config=wrong) as api, pytest.raises(AuthenticationError, match=refused):
        list(api.enum())
