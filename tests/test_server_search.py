"""Search semantics of the stand-in, filter by filter and operator by operator, on a real store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from nwx_schema.server.groups import Groups
from nwx_schema.server.records import batch_rows, stored_record
from nwx_schema.server.search import (
    Condition,
    Interval,
    SearchError,
    Timeframe,
    compile_conditions,
    filters_digest,
    parse_filter_list,
)
from nwx_schema.server.store import RequestEntry, Store
from nwx_schema.server.times import instant_us, time_of_day_us
from nwx_schema.versions import ApiVersion

NOW = instant_us("2024-05-10T12:00:00Z")


def record(tag: str, **fields: Any) -> dict[str, Any]:
    """A valid 9.0 record whose What is ``tag`` unless given."""
    base: dict[str, Any] = {
        "Who": "CORP\\nobody",
        "Action": "Read",
        "What": tag,
        "When": "2024-05-10T10:00:00Z",
        "Where": "srv00",
        "ObjectType": "File",
    }
    base.update(fields)
    return base


def _store(tmp_path: Path, records: list[dict[str, Any]], version: ApiVersion = "9.0") -> Store:
    store = Store(tmp_path / "s.sqlite3")
    stored = [
        stored_record(r, version, "20240510120000000" + f"{i % 15 + 1:X}" * 32) for i, r in enumerate(records)
    ]
    store.write_batch(RequestEntry("POST", "/", "", "write"), batch_rows(stored))
    return store


@pytest.fixture
def make_store(tmp_path: Path) -> Iterator[Any]:
    stores: list[Store] = []

    def make(records: list[dict[str, Any]], version: ApiVersion = "9.0") -> Store:
        store = _store(tmp_path, records, version)
        stores.append(store)
        return store

    yield make
    for store in stores:
        store.close()


def tags(
    store: Store,
    filter_list: dict[str, Any],
    *,
    version: ApiVersion = "9.0",
    groups: Groups | None = None,
    key: str = "What",
) -> list[str]:
    """The ``key`` values of the records a FilterList selects, in store order."""
    import orjson

    conditions = parse_filter_list(filter_list, version)
    sql, params = compile_conditions(conditions, groups or Groups(), NOW)
    return [str(orjson.loads(doc)[key]) for _, doc in store.page(sql, params, 0, 100)]


# -- string filters: every operator --------------------------------------------------------

STRING_FILTERS: dict[str, Callable[[str], dict[str, Any]]] = {
    "Who": lambda v: {"Who": v},
    "Where": lambda v: {"Where": v},
    "ObjectType": lambda v: {"ObjectType": v},
    "Workstation": lambda v: {"Workstation": v},
    "MonitoringPlan": lambda v: {"MonitoringPlan": {"Name": v}},
    "Detail": lambda v: {"DetailList": [{"PropertyName": "x"}, {"PropertyName": v}]},
    "Before": lambda v: {"DetailList": [{"PropertyName": "p", "Before": v}]},
    "After": lambda v: {"DetailList": [{"PropertyName": "p", "After": v}]},
}
OPERATOR_CASES = [
    ({"Contains": "PHA-"}, ["a", "b"]),
    ("pha-", ["a", "b"]),  # Contains is the default operator
    ({"DoesNotContain": "one"}, ["b", "c"]),
    ({"Equals": "alpha-ONE"}, ["a"]),
    ({"NotEqualTo": "ALPHA-ONE"}, ["b", "c"]),
    ({"StartsWith": "Alpha"}, ["a", "b"]),
    ({"StartsWith": "lpha"}, []),
    ({"EndsWith": "TWO"}, ["b"]),
    ({"EndsWith": "alpha"}, []),
]


@pytest.mark.parametrize("name", sorted(STRING_FILTERS))
@pytest.mark.parametrize(("entry", "expected"), OPERATOR_CASES)
def test_server_search_string_operator_semantics(
    make_store: Any, name: str, entry: Any, expected: list[str]
) -> None:
    store = make_store(
        [
            record("a", **STRING_FILTERS[name]("Alpha-One")),
            record("b", **STRING_FILTERS[name]("alpha-two")),
            record("c"),  # without the field (or with an unrelated default value)
        ]
    )
    assert tags(store, {name: entry}) == expected


def test_server_search_what_filter_and_case_folding(make_store: Any) -> None:
    store = make_store([record("Straße\\Akte"), record("STRASSE\\akte"), record("other")])
    assert tags(store, {"What": {"Equals": "strasse\\AKTE"}}) == ["Straße\\Akte", "STRASSE\\akte"]
    assert tags(store, {"What": {"EndsWith": "\\akte"}}) == ["Straße\\Akte", "STRASSE\\akte"]


def test_server_search_item_filter_sees_the_integration_type(make_store: Any) -> None:
    store = make_store([record("a", Item={"Name": "HR app"}), record("b", Item={"Name": "CRM"}), record("c")])
    assert tags(store, {"Item": {"Equals": "HR app (Integration)"}}) == ["a"]
    assert tags(store, {"Item": {"Equals": "HR app"}}) == []
    assert tags(store, {"Item": {"EndsWith": "(integration)"}}) == ["a", "b"]
    assert tags(store, {"Item": {"NotEqualTo": "crm (Integration)"}}) == ["a", "c"]


def test_server_search_data_source_is_always_netwrix_api(make_store: Any) -> None:
    store = make_store([record("a", DataSource="My app"), record("b")])
    assert tags(store, {"DataSource": "Netwrix API"}) == ["a", "b"]
    assert tags(store, {"DataSource": {"Equals": "My app"}}) == []
    assert tags(store, {"DataSource": {"NotEqualTo": "netwrix api"}}) == []


def test_server_search_rid_filter(make_store: Any) -> None:
    store = make_store([record("a"), record("b")])
    rids = tags(store, {"Who": "nobody"}, key="RID")
    assert tags(store, {"RID": {"Equals": rids[1]}}) == ["b"]
    assert tags(store, {"RID": rids[0][-10:].lower()}) == ["a"]
    assert tags(store, {"RID": {"StartsWith": "20240510"}}) == ["a", "b"]


# -- Action ---------------------------------------------------------------------------------


def test_server_search_action_equals_repeated_is_or(make_store: Any) -> None:
    store = make_store(
        [record("a", Action="Added"), record("b", Action="Removed"), record("c", Action="Modified")]
    )
    assert tags(store, {"Action": "Added"}) == ["a"]
    assert tags(store, {"Action": ["Added", "Removed"]}) == ["a", "b"]
    assert tags(store, {"Action": {"Equals": "Modified"}}) == ["c"]


def test_server_search_action_not_equal_repeated_is_and(make_store: Any) -> None:
    store = make_store(
        [record("a", Action="Added"), record("b", Action="Removed"), record("c", Action="Modified")]
    )
    assert tags(store, {"Action": [{"NotEqualTo": "Added"}, {"NotEqualTo": "Removed"}]}) == ["c"]
    # a multi-key operator object means the same entries
    assert tags(store, {"Action": {"NotEqualTo": "Added", "Equals": "Modified"}}) == ["c"]


# -- combination rules ----------------------------------------------------------------------


def test_server_search_filters_combine_with_and(make_store: Any) -> None:
    store = make_store(
        [
            record("a", Who="CORP\\jdoe", Action="Added"),
            record("b", Who="CORP\\jdoe", Action="Removed"),
            record("c", Who="CORP\\asmith", Action="Added"),
        ]
    )
    assert tags(store, {"Who": "jdoe", "Action": "Added"}) == ["a"]


def test_server_search_repeated_positive_entries_combine_with_or(make_store: Any) -> None:
    store = make_store([record("a", Where="dc01"), record("b", Where="fs01"), record("c", Where="sql01")])
    assert tags(store, {"Where": [{"StartsWith": "dc"}, {"EndsWith": "fs01"}, {"Equals": "nope"}]}) == [
        "a",
        "b",
    ]


def test_server_search_repeated_negative_entries_combine_with_and(make_store: Any) -> None:
    store = make_store([record("a", Where="dc01"), record("b", Where="fs01"), record("c", Where="sql01")])
    assert tags(store, {"Where": [{"DoesNotContain": "dc"}, {"DoesNotContain": "fs"}]}) == ["c"]
    assert tags(store, {"Where": [{"NotEqualTo": "dc01"}, {"NotEqualTo": "FS01"}]}) == ["c"]


def test_server_search_positive_and_negative_entries_of_one_filter(make_store: Any) -> None:
    store = make_store([record("a", Where="dc01"), record("b", Where="dc02"), record("c", Where="fs01")])
    # (StartsWith dc OR Contains fs) AND DoesNotContain 02
    assert tags(store, {"Where": [{"StartsWith": "dc"}, "fs", {"DoesNotContain": "02"}]}) == ["a", "c"]


def test_server_search_detail_negative_means_no_detail_matches(make_store: Any) -> None:
    store = make_store(
        [
            record("a", DetailList=[{"PropertyName": "mail", "Before": "x", "After": "y"}]),
            record("b", DetailList=[{"PropertyName": "phone", "Before": "mail"}]),
            record("c"),
        ]
    )
    assert tags(store, {"Detail": "mail"}) == ["a", "b"]
    assert tags(store, {"Detail": {"NotEqualTo": "mail"}}) == ["c"]
    assert tags(store, {"Before": "mail"}) == ["b"]
    assert tags(store, {"After": {"DoesNotContain": "y"}}) == ["b", "c"]


# -- Who: InGroup / NotInGroup ----------------------------------------------------------------

GROUPS = Groups(
    {
        "CORP\\Domain Admins": ["CORP\\jdoe", "CORP\\Helpdesk"],
        "CORP\\Helpdesk": ["corp\\ASMITH", "CORP\\Domain Admins"],  # nested, with a cycle
    }
)


def test_server_search_in_group_expands_nested_groups(make_store: Any) -> None:
    store = make_store(
        [record("a", Who="CORP\\jdoe"), record("b", Who="CORP\\asmith"), record("c", Who="CORP\\x")]
    )
    assert tags(store, {"Who": {"InGroup": "corp\\domain admins"}}, groups=GROUPS) == ["a", "b"]
    assert tags(store, {"Who": {"InGroup": "CORP\\Helpdesk"}}, groups=GROUPS) == ["a", "b"]
    assert tags(store, {"Who": {"NotInGroup": "CORP\\Domain Admins"}}, groups=GROUPS) == ["c"]


def test_server_search_unknown_group_matches_nobody(make_store: Any) -> None:
    store = make_store([record("a", Who="CORP\\jdoe"), record("b")])
    assert tags(store, {"Who": {"InGroup": "CORP\\Nobody"}}, groups=GROUPS) == []
    assert tags(store, {"Who": {"NotInGroup": "CORP\\Nobody"}}) == ["a", "b"]
    assert tags(store, {"Who": [{"InGroup": "CORP\\Nobody"}, {"Equals": "corp\\jdoe"}]}, groups=GROUPS) == [
        "a"
    ]


# -- When -----------------------------------------------------------------------------------


def test_server_search_when_interval_includes_both_ends_across_zones(make_store: Any) -> None:
    store = make_store(
        [
            record("a", When="2024-05-01T00:00:00Z"),
            record("b", When="2024-05-01T04:00:00+02:00"),  # 02:00Z
            record("c", When="2024-05-01T03:00:00.000001Z"),
        ]
    )
    assert tags(store, {"When": {"From": "2024-05-01T02:00:00+02:00", "To": "2024-05-01T03:00:00Z"}}) == [
        "a",
        "b",
    ]
    assert tags(
        store, {"When": {"NotEqualTo": {"From": "2024-05-01T00:00:00Z", "To": "2024-05-01T02:00:00Z"}}}
    ) == ["c"]


def test_server_search_when_entries_combine_with_or(make_store: Any) -> None:
    store = make_store(
        [record("a", When="2024-01-01T00:00:00Z"), record("b"), record("c", When="2023-01-01T00:00:00Z")]
    )
    assert tags(
        store,
        {"When": [{"Today": ""}, {"From": "2023-12-31T00:00:00Z", "To": "2024-01-02T00:00:00Z"}]},
    ) == ["a", "b"]


@pytest.mark.parametrize(
    ("timeframe", "expected"),
    [
        ("Today", ["today-start", "today-end"]),
        ("Yesterday", ["yesterday"]),
        ("LastSevenDays", ["six-days-ago", "yesterday", "today-start", "today-end"]),
        (
            "LastThirtyDays",
            ["29-days-ago", "seven-days-ago", "six-days-ago", "yesterday", "today-start", "today-end"],
        ),
    ],
)
def test_server_search_when_timeframes_are_utc_calendar_days(
    make_store: Any, timeframe: str, expected: list[str]
) -> None:
    store = make_store(
        [
            record("30-days-ago", When="2024-04-10T23:59:59Z"),
            record("29-days-ago", When="2024-04-11T00:00:00Z"),
            record("seven-days-ago", When="2024-05-03T12:00:00Z"),
            record("six-days-ago", When="2024-05-04T00:00:00Z"),
            record("yesterday", When="2024-05-09T23:59:59.999999Z"),
            record("today-start", When="2024-05-10T00:00:00Z"),
            record("today-end", When="2024-05-10T23:59:59Z"),
            record("tomorrow", When="2024-05-11T00:00:00Z"),
        ]
    )
    assert tags(store, {"When": {timeframe: ""}}) == expected
    not_expected = [t for t in tags(store, {"Who": "nobody"}) if t not in expected]
    assert tags(store, {"When": {"NotEqualTo": {timeframe: ""}}}) == not_expected


# -- WorkingHours ------------------------------------------------------------------------------


def test_server_search_working_hours_compare_times_in_utc(make_store: Any) -> None:
    store = make_store(
        [
            record("early", When="2024-05-01T06:59:59Z"),
            record("start", When="2024-05-01T09:00:00+02:00"),  # 07:00Z
            record("local", When="2024-05-02T12:00:00+05:00"),  # 07:00Z
            record("end", When="2024-05-03T15:00:00Z"),
            record("late", When="2024-05-03T15:00:01Z"),
        ]
    )
    hours = {"From": "09:00:00+02:00", "To": "17:00:00+02:00"}
    assert tags(store, {"WorkingHours": hours}) == ["start", "local", "end"]
    assert tags(store, {"WorkingHours": {"NotEqualTo": hours}}) == ["early", "late"]


def test_server_search_working_hours_across_midnight_wrap(make_store: Any) -> None:
    store = make_store(
        [record("night", When="2024-05-01T23:30:00Z"), record("day", When="2024-05-01T12:00:00Z"),
         record("dawn", When="2024-05-02T05:00:00Z")]
    )  # fmt: skip
    assert tags(store, {"WorkingHours": {"From": "22:00:00Z", "To": "06:00:00Z"}}) == ["night", "dawn"]
    # 20:00-04:00 at -05:00 is 01:00Z-09:00Z
    assert tags(store, {"WorkingHours": {"From": "20:00:00-05:00", "To": "04:00:00-05:00"}}) == ["dawn"]


# -- 8.5 ------------------------------------------------------------------------------------


def test_server_search_legacy_filter_names_on_an_8_5_store(make_store: Any) -> None:
    store = make_store(
        [record("a", ManagedObject="Plan A", AuditedSystem="x"), record("b", ManagedObject="Plan B")], "8.5"
    )
    assert tags(store, {"ManagedObject": {"Equals": "plan a"}}, version="8.5") == ["a"]
    assert tags(store, {"AuditedSystem": "Netwrix API"}, version="8.5") == ["a", "b"]
    with pytest.raises(SearchError, match="unknown filter 'MonitoringPlan'"):
        parse_filter_list({"MonitoringPlan": "Plan A"}, "8.5")


# -- parsing and digests ---------------------------------------------------------------------


def test_server_search_parse_every_json_shape_in_document_order() -> None:
    conditions = parse_filter_list(
        {
            "DataSource": ["Active Directory", {"StartsWith": "Exchange"}],
            "Who": {"InGroup": "G", "NotEqualTo": "x"},
            "When": [{"LastSevenDays": ""}, {"NotEqualTo": {"From": "a", "To": "b"}}],
            "WorkingHours": {"From": "09:00:00Z", "To": "17:00:00Z"},
        },
        "9.0",
    )
    assert conditions == [
        Condition("DataSource", "Contains", "Active Directory"),
        Condition("DataSource", "StartsWith", "Exchange"),
        Condition("Who", "InGroup", "G"),
        Condition("Who", "NotEqualTo", "x"),
        Condition("When", "Equals", Timeframe("LastSevenDays")),
        Condition("When", "NotEqualTo", Interval("a", "b")),
        Condition("WorkingHours", "Equals", Interval("09:00:00Z", "17:00:00Z")),
    ]


@pytest.mark.parametrize(
    "filter_list",
    [{}, {"Who": {"Before": "x"}}, {"Action": {"Contains": "Add"}}, {"When": {"From": "a"}}, {"Who": 3}],
)
def test_server_search_parse_refuses_what_it_cannot_evaluate(filter_list: dict[str, Any]) -> None:
    with pytest.raises(SearchError):
        parse_filter_list(filter_list, "9.0")


def test_server_search_digest_ignores_spelling_and_order_of_entries() -> None:
    a = parse_filter_list({"Who": "jdoe", "Action": ["Added", "Removed"]}, "9.0")
    b = parse_filter_list({"Action": [{"Equals": "Removed"}, "added"], "Who": [{"Contains": "JDoe"}]}, "9.0")
    c = parse_filter_list({"Who": "jdoe", "Action": "Added"}, "9.0")
    assert filters_digest(a) == filters_digest(b)
    assert filters_digest(a) != filters_digest(c)


def test_server_search_impossible_interval_is_a_search_error(make_store: Any) -> None:
    conditions = parse_filter_list(
        {"When": {"From": "2024-02-30T00:00:00Z", "To": "2024-03-01T00:00:00Z"}}, "9.0"
    )
    with pytest.raises(SearchError, match="When"):
        compile_conditions(conditions, Groups(), NOW)


def test_server_search_instants_and_times_of_day_in_utc_microseconds() -> None:
    epoch = int(dt.datetime(2024, 5, 10, 12, tzinfo=dt.timezone.utc).timestamp()) * 1_000_000
    assert epoch == NOW
    assert instant_us("2024-05-10T14:00:00.1234567+02:00") == NOW + 123_456
    assert instant_us("0001-01-01T00:30:00+01:00") < instant_us("0001-01-01T00:00:00Z")
    assert time_of_day_us("01:00:00+02:00") == 23 * 3_600_000_000
    assert time_of_day_us("23:59:59.5-00:30") == (30 * 60 - 1) * 1_000_000 + 500_000
    with pytest.raises(ValueError, match="zone"):
        instant_us("2024-05-10T14:00:00")
    with pytest.raises(ValueError):
        instant_us("2023-02-29T00:00:00Z")
