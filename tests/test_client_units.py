"""The client's parts on their own: URLs, limits, bodies, error lists, the retry policy
(with an httpx mock transport counting the tries; the real server is in
test_client_e2e.py)."""

from __future__ import annotations

import random
from typing import Any

import httpx
import orjson
import pytest

from nwx_schema.client import (
    AuthenticationError,
    Client,
    ClientConfig,
    ConfigurationError,
    ConnectionFailedError,
    DeliveryUncertainError,
    PayloadTooLargeError,
    RecordTooLargeError,
    RequestRejectedError,
    ResponseError,
    RetryPolicy,
    SendError,
    ServerError,
    api_url,
    iter_batches,
)
from nwx_schema.client.errors import parse_error_list
from nwx_schema.client.paging import continuation_body, parse_page, search_body
from nwx_schema.client.transport import RetryEvent, Transport
from nwx_schema.conversion import dumps_xml
from nwx_schema.validation import validate
from nwx_schema.versions import Format
from tests.server_harness import record

BASE = "https://nwx.example:9699/netwrix/api/v1/activity_records/"


@pytest.mark.parametrize(
    "given",
    [
        "https://nwx.example:9699",
        "https://nwx.example:9699/",
        "HTTPS://nwx.example:9699/netwrix/api/v1",
        "https://nwx.example:9699/netwrix/api/v1/activity_records",
        "https://nwx.example:9699/netwrix/api/v1/activity_records/",
        "https://nwx.example:9699/netwrix/api/v1/activity_records/enum",
        " https://nwx.example:9699/netwrix/api/v1/activity_records/search/ ",
    ],
)
def test_api_url_accepts_the_server_or_any_api_url(given: str) -> None:
    assert api_url(given) == BASE


@pytest.mark.parametrize(
    ("given", "says"),
    [
        ("nwx.example:9699", "https://"),
        ("ftp://nwx.example", "https://"),
        ("https://svc:secret@nwx.example:9699", "NETWRIX_API_PASSWORD"),
        ("https://nwx.example:9699/?format=json", "query"),
        ("https://nwx.example:9699/other/path", "end with"),
    ],
)
def test_api_url_refuses_what_cannot_be_the_api(given: str, says: str) -> None:
    with pytest.raises(ConfigurationError, match=says):
        api_url(given)


def test_config_from_env_reads_the_variables_and_overrides_win() -> None:
    env = {
        "NETWRIX_API_URL": "http://127.0.0.1:9699",
        "NETWRIX_API_USER": "CORP\\svc",
        "NETWRIX_API_PASSWORD": "pw",
        "NETWRIX_API_AUTH": "NTLM",
    }
    config = ClientConfig.from_env(env, fmt="xml")
    assert config.url == "http://127.0.0.1:9699/netwrix/api/v1/activity_records/"
    assert config.credentials is not None
    assert (config.credentials.user, config.credentials.scheme) == ("CORP\\svc", "ntlm")
    assert "pw" not in repr(config)
    assert config.fmt == "xml"
    with pytest.raises(ConfigurationError, match="NETWRIX_API_PASSWORD is not"):
        ClientConfig.from_env({"NETWRIX_API_URL": "http://h", "NETWRIX_API_USER": "u"})
    with pytest.raises(ConfigurationError, match="no API URL"):
        ClientConfig.from_env({})


def test_retry_delays_grow_exponentially_with_jitter_and_a_cap() -> None:
    policy = RetryPolicy(retries=8, backoff=1.0, max_backoff=10.0)
    rng = random.Random(7)
    for retry, ceiling in [(1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (5, 10.0), (8, 10.0)]:
        delays = {policy.delay(retry, rng=rng) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1  # jitter
    assert policy.delay(1, retry_after=3) == 3
    assert policy.delay(1, retry_after=99) == 10.0


# -- batches ------------------------------------------------------------------------------


def _records(n: int, size: int = 0) -> list[dict[str, Any]]:
    return [record(f"obj{i}", Workstation="w" * size) for i in range(n)]


def test_batches_hold_at_most_max_records_and_keep_every_record_in_order() -> None:
    records = _records(2501)
    batches = list(iter_batches(records, fmt="json", version="9.0", max_records=1000, max_bytes=10**9))
    assert [b.records for b in batches] == [1000, 1000, 501]
    assert [b.first for b in batches] == [0, 1000, 2000]
    assert [b.number for b in batches] == [1, 2, 3]
    decoded = [r for b in batches for r in orjson.loads(b.body)]
    assert decoded == records


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_batches_stay_within_max_bytes_and_are_valid_bodies(fmt: str) -> None:
    records = _records(60, size=900)
    limit = 12_000
    batches = list(iter_batches(records, fmt=fmt, version="9.0", max_records=1000, max_bytes=limit))  # type: ignore[arg-type]
    assert len(batches) > 4
    assert all(len(b.body) <= limit for b in batches)
    # each batch is as full as the limit allows: one more record would not fit
    assert all(len(b.body) > limit - 1200 for b in batches[:-1])
    assert sum(b.records for b in batches) == 60
    for batch in batches:
        assert validate(batch.body, kind="input", fmt=fmt, api_version="9.0").valid


def test_an_xml_batch_is_what_the_converter_writes() -> None:
    records = _records(3)
    [batch] = iter_batches(records, fmt="xml", version="9.0", max_records=1000, max_bytes=10**9)
    assert batch.body.decode() == dumps_xml(records, version="9.0", kind="input", pretty=False)


def test_a_record_bigger_than_the_byte_limit_is_refused_after_the_records_before_it() -> None:
    records = [*_records(2), *_records(1, size=5000)]
    batches = iter_batches(records, fmt="json", version="9.0", max_records=1000, max_bytes=4000)
    assert next(batches).records == 2
    with pytest.raises(RecordTooLargeError, match="record 3 is"):
        next(batches)


# -- bodies and pages ---------------------------------------------------------------------


def test_continuation_and_search_bodies_are_valid_documents() -> None:
    fmt: Format
    for fmt in ("json", "xml"):
        body = continuation_body("PG5y+/=", fmt, "9.0")
        assert validate(body, kind="continuation", fmt=fmt, api_version="9.0").valid
        search = {"FilterList": {"Who": {"Contains": "jdoe"}, "Action": ["Added", "Removed"]}}
        body = search_body(search, "PG5y", fmt, "9.0")
        assert validate(body, kind="search", fmt=fmt, api_version="9.0").valid
        assert b"PG5y" in body
        assert b"PG5y" not in search_body(search, None, fmt, "9.0")
    assert orjson.loads(search_body(search, "M", "json", "9.0")) == {"ContinuationMark": "M", **search}


def test_pages_are_read_in_both_formats() -> None:
    doc = {"ActivityRecordList": [record("a"), record("b")], "ContinuationMark": "M1"}
    page = parse_page(orjson.dumps(doc), "json", "9.0")
    assert ([r["What"] for r in page.records], page.mark) == (["a", "b"], "M1")
    xml = dumps_xml(doc, version="9.0", kind="output").encode()
    page = parse_page(xml, "xml", "9.0")
    assert ([r["What"] for r in page.records], page.mark) == (["a", "b"], "M1")
    assert parse_page(b'{"ActivityRecordList":[]}', "json", "9.0").mark is None
    with pytest.raises(ResponseError, match="not JSON"):
        parse_page(b"<html>", "json", "9.0")
    with pytest.raises(ResponseError, match="well-formed"):
        parse_page(b"<ActivityRecordList", "xml", "9.0")


def test_error_lists_are_read_from_xml_and_json() -> None:
    entries = [{"Category": "InputError", "Description": "NWX402: no zone", "Location": "/A[1]/When"}]
    json_body = orjson.dumps({"ErrorList": entries})
    xml_body = dumps_xml({"ErrorList": entries}, version="9.0", kind="errors").encode()
    for body in (json_body, xml_body):
        [entry] = parse_error_list(body)
        assert str(entry) == "InputError: NWX402: no zone (at /A[1]/When)"
    assert parse_error_list(b"") == []
    assert parse_error_list(b"not an error list") == []


# -- transport: retries and errors (mock transport) ---------------------------------------


class Script:
    """Answers requests in turn: an httpx.Response, or an exception to raise."""

    def __init__(self, *steps: httpx.Response | Exception) -> None:
        self.steps = list(steps)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step


def _transport(script: Script, **retry: Any) -> tuple[Transport, list[RetryEvent], list[float]]:
    events: list[RetryEvent] = []
    waits: list[float] = []
    config = ClientConfig("http://nwx.example", retry=RetryPolicy(**{"retries": 3, "backoff": 0.1, **retry}))
    transport = Transport(
        config, on_retry=events.append, sleep=waits.append, http_transport=httpx.MockTransport(script)
    )
    return transport, events, waits


def test_connection_errors_and_5xx_are_retried_then_the_answer_is_returned() -> None:
    script = Script(
        httpx.ConnectError("refused"),
        httpx.Response(503, headers={"Retry-After": "2"}),
        httpx.ReadTimeout("slow"),
        httpx.Response(200),
    )
    transport, events, waits = _transport(script)
    assert transport.request("enum", None).status_code == 200
    assert len(script.requests) == 4
    assert [e.retry for e in events] == [1, 2, 3]
    assert waits[1] == 2.0  # Retry-After honoured
    assert "refused" in events[0].reason and "503" in events[1].reason
    assert script.requests[0].url.params["format"] == "json"


def test_retries_are_bounded() -> None:
    script = Script(*[httpx.ConnectError("refused")] * 4)
    transport, _, _ = _transport(script)
    with pytest.raises(ConnectionFailedError, match=r"refused \(after 4 tries\)"):
        transport.request("write", b"[]")
    assert len(script.requests) == 4


def test_5xx_still_failing_after_the_retries_is_a_server_error_quoting_the_error_list() -> None:
    body = orjson.dumps({"ErrorList": [{"Category": "ServerError", "Description": "SQL down"}]})
    script = Script(*[httpx.Response(500, content=body)] * 4)
    transport, _, _ = _transport(script)
    with pytest.raises(ServerError, match="500 Internal Server Error: ServerError: SQL down"):
        transport.request("write", b"[]")


@pytest.mark.parametrize(
    ("status", "error", "says"),
    [
        (400, RequestRejectedError, "400 Bad Request: InputError: NWX300: no Who"),
        (401, AuthenticationError, "asks for credentials; it offers Basic"),
        (413, PayloadTooLargeError, "the body of 2 bytes is over the server's limit"),
    ],
)
def test_4xx_is_never_retried(status: int, error: type[Exception], says: str) -> None:
    body = orjson.dumps({"ErrorList": [{"Category": "InputError", "Description": "NWX300: no Who"}]})
    headers = {"WWW-Authenticate": 'Basic realm="x"'} if status == 401 else {}
    script = Script(httpx.Response(status, content=body if status == 400 else b"", headers=headers))
    transport, events, _ = _transport(script)
    with pytest.raises(error, match=says):
        transport.request("write", b"[]")
    assert len(script.requests) == 1 and not events


def test_an_unanswered_write_is_resent_by_default_and_refused_when_resending_is_off() -> None:
    transport, _, _ = _transport(Script(httpx.RemoteProtocolError("closed"), httpx.Response(200)))
    transport.request("write", b"[]")
    script = Script(httpx.RemoteProtocolError("closed"), httpx.Response(200))
    transport, _, _ = _transport(script, resend_unanswered_writes=False)
    with pytest.raises(DeliveryUncertainError, match="may or may not have been stored"):
        transport.request("write", b"[]")
    assert len(script.requests) == 1
    # a connection that was never made is retried even then: nothing was sent
    script = Script(httpx.ConnectError("refused"), httpx.Response(200))
    transport, _, _ = _transport(script, resend_unanswered_writes=False)
    transport.request("write", b"[]")
    assert len(script.requests) == 2


def test_write_keeps_going_past_refused_batches_only_when_asked() -> None:
    rejected = httpx.Response(400, content=b'{"ErrorList":[{"Category":"InputError","Description":"bad"}]}')
    records = _records(5)

    def client(script: Script) -> Client:
        config = ClientConfig("http://nwx.example", retry=RetryPolicy(retries=0), max_records=2)
        return Client(config=config, http_transport=httpx.MockTransport(script))

    with client(Script(httpx.Response(200), rejected, httpx.Response(200))) as api:
        result = api.write(records, keep_going=True)
    assert (result.records_sent, result.batches_sent, result.records_failed) == (3, 2, 2)
    assert [f.batch for f in result.failures] == [2]
    with client(Script(httpx.Response(200), rejected)) as api, pytest.raises(SendError) as caught:
        api.write(records)
    assert caught.value.result.records_sent == 2
    assert str(caught.value) == "batch 2 (records 3-4): 400 Bad Request: InputError: bad"
    unauthorized = httpx.Response(401)
    with client(Script(unauthorized)) as api, pytest.raises(SendError):
        api.write(records, keep_going=True)  # credentials refused: no point going on
