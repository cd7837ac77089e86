"""roundtrip() and the semantic diffs behind it (JSON forms and XML infosets)."""

from __future__ import annotations

import io
from decimal import Decimal

import orjson
import pytest

from nwx_schema.conversion.diff import ABSENT, Difference, diff_json, show
from nwx_schema.conversion.infoset import diff_infoset
from nwx_schema.conversion.roundtrip import MAX_SHOWN, roundtrip
from nwx_schema.errors import InvalidPayloadError
from tests.conftest import FIXTURES

NS = "http://schemas.netwrix.com/api/v1/activity_records/"
VALID = {
    "Who": "a",
    "Action": "Added",
    "What": "w",
    "When": "2024-01-01T00:00:00Z",
    "Where": "x",
    "ObjectType": "o",
}


def _rendered(before: object, after: object) -> list[str]:
    return [d.render() for d in diff_json(before, after)]


def test_diff_json_names_each_change_by_pointer() -> None:
    before = {"a": "x", "b": True, "c": ["1", "2"], "d~/": "k", "e": {"f": ""}}
    after = {"e": {"f": "", "g": "new"}, "d~/": "k", "c": ["1"], "b": 1, "a": "y"}
    assert _rendered(before, after) == [
        '/a: "x" -> "y"',
        "/b: true -> 1",
        '/c/1: "2" -> absent',
        '/e/g: absent -> "new"',
    ]
    assert _rendered([], []) == []
    assert _rendered("a", "b") == ['/: "a" -> "b"']


def test_values_are_shown_short_and_exact() -> None:
    assert show(ABSENT) == "absent"
    assert show("tab\there") == '"tab\\there"'
    assert show(Decimal("1.10")) == "1.10"
    long = show("x" * 100)
    assert len(long) == 60
    assert long.startswith('"xxx') and long.endswith('xx"') and "\u2026" in long
    assert Difference(("Who",), "a", ABSENT).render() == '/Who: "a" -> absent'


def test_infoset_ignores_spelling_and_sees_content() -> None:
    same_a = f'<?xml version="1.0"?><r xmlns="{NS}"><!-- c --><a x="1">t</a>\n  <b><c>1</c></b></r>'
    same_b = f"<p:r xmlns:p='{NS}'><p:a x='1'><![CDATA[t]]></p:a><p:b><?pi?><p:c>1</p:c></p:b></p:r>"
    assert list(diff_infoset(io.BytesIO(same_a.encode()), io.BytesIO(same_b.encode()))) == []
    other = f'<r xmlns="{NS}"><a x="2">t </a><b><c>1</c><d/></b><e/></r>'
    assert [d.render() for d in diff_infoset(io.BytesIO(same_a.encode()), io.BytesIO(other.encode()))] == [
        '/r/a[1]/@*: {"x":"1"} -> {"x":"2"}',
        '/r/a[1]/text(): "t" -> "t "',
        '/r/b[1]/d[1]: absent -> "<d>"',
        '/r/e[1]: absent -> "<e>"',
    ]


def test_infoset_groups_interleaved_filters_like_the_json_form() -> None:
    interleaved = (
        f'<s xmlns="{NS}"><FilterList><Who>a</Who><Action>Added</Action><Who>b</Who></FilterList></s>'
    )
    grouped = f'<s xmlns="{NS}"><FilterList><Who>a</Who><Who>b</Who><Action>Added</Action></FilterList></s>'
    assert list(diff_infoset(io.BytesIO(interleaved.encode()), io.BytesIO(grouped.encode()))) == []


@pytest.mark.parametrize(
    "case",
    sorted((FIXTURES / "pairs").rglob("*.*ml")) + sorted((FIXTURES / "pairs").rglob("*.json")),
    ids=str,
)
def test_every_golden_comes_back_identical(case: object) -> None:
    result = roundtrip(case)  # type: ignore[arg-type]
    assert result.identical, [d.render() for d in result.differences]
    assert result.route[0] == result.route[2] != result.route[1]


def test_a_lossy_best_effort_document_lists_what_changed() -> None:
    document = orjson.dumps([{**VALID, "Where": 42, "Extra": None}])
    with pytest.raises(InvalidPayloadError):
        roundtrip(document)  # invalid: refused unless best effort
    with pytest.raises(InvalidPayloadError) as caught:
        roundtrip(document, best_effort=True)  # null has no XML form: the trip cannot start
    assert [(i.code, i.pointer) for i in caught.value.issues] == [("NWX700", "/0/Extra")]
    result = roundtrip(orjson.dumps([{**VALID, "Where": 42}]), best_effort=True)
    assert (result.route, result.total) == (("json", "xml", "json"), 1)
    assert [d.render() for d in result.differences] == ['/0/Where: 42 -> "42"']


def test_many_differences_are_counted_but_not_all_listed() -> None:
    records = [{**VALID, "Where": index} for index in range(MAX_SHOWN + 5)]
    result = roundtrip(orjson.dumps(records), best_effort=True)
    assert result.total == MAX_SHOWN + 5
    assert len(result.differences) == MAX_SHOWN
    assert not result.identical
