"""The leaf strategies: XML-safe hostile text, When values, times, marks."""

from __future__ import annotations

import base64
import calendar
import re
from collections.abc import Callable
from functools import partial

from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from nwx_schema.model import DATETIME_PATTERN, TIME_PATTERN
from nwx_schema.strategies import (
    continuation_marks,
    naive_when_values,
    time_values,
    when_values,
    xml_safe_text,
)
from nwx_schema.strategies.values import HOSTILE_FRAGMENTS, plan_ids, record_ids

# XML 1.0 Char production, as code point ranges.
_XML_CHAR = re.compile("^[\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]*$")


def _found(strategy: st.SearchStrategy[str], condition: Callable[[str], bool]) -> str:
    """An example of ``strategy`` satisfying ``condition`` (the strategy can produce it)."""
    return find(
        strategy, condition, settings=settings(max_examples=5000, database=None, phases=[Phase.generate])
    )


def _contains(fragment: str, text: str) -> bool:
    return fragment in text


def _matches(pattern: str, text: str) -> bool:
    return re.fullmatch(pattern, text) is not None


@given(xml_safe_text(min_size=0, max_size=40))
def test_text_is_always_xml_1_0_characters(text: str) -> None:
    assert _XML_CHAR.match(text), ascii(text)
    assert len(text) <= 40


@given(
    st.integers(1, 300).flatmap(
        lambda n: st.tuples(st.just(n), xml_safe_text(min_size=1, max_size=n, blank=False))
    )
)
def test_required_text_is_never_blank_and_respects_its_limit_in_code_points(case: tuple[int, str]) -> None:
    limit, text = case
    assert 1 <= len(text) <= limit
    assert text.strip(), ascii(text)


def test_text_reaches_the_limit_with_astral_characters() -> None:
    text = _found(xml_safe_text(min_size=1, max_size=255, blank=False), lambda t: len(t) == 255 and "😀" in t)
    assert len(text) == 255
    assert len(text.encode("utf-16-le")) > 2 * 255  # surrogate pairs in UTF-16, one code point each


def test_text_carries_each_kind_of_hostile_content() -> None:
    strategy = xml_safe_text(max_size=80)
    for wanted in ("&", "<", "\r\n", "\\", "😀", "007"):
        assert wanted in _found(strategy, partial(_contains, wanted))
    assert _found(strategy, lambda t: t != t.strip() and t.strip() != "")
    assert _found(strategy, lambda t: t != "" and t.strip() == "").strip() == ""
    assert {"&", "<", ">", '"', "'"} <= set("".join(HOSTILE_FRAGMENTS))


def test_blank_text_is_allowed_only_when_asked() -> None:
    assert _found(xml_safe_text(max_size=10), lambda t: t == "") == ""


@given(when_values())
def test_when_values_match_the_model_pattern_and_are_real_dates(value: str) -> None:
    assert re.fullmatch(DATETIME_PATTERN, value), value
    year, month, day = int(value[0:4]), int(value[5:7]), int(value[8:10])
    assert 1 <= year <= 9999
    assert day <= calendar.monthrange(year, month)[1]


def test_when_values_come_in_every_accepted_form() -> None:
    forms = {
        "utc": r".*:\d\dZ",
        "positive offset": r".*\+\d\d:\d\d",
        "negative offset": r".*T.*-\d\d:\d\d",
        "fraction": r".*:\d\d\.\d+(Z|[+-].*)",
        "seven digits (.NET 'o')": r".*\.\d{7}(Z|[+-].*)",
    }
    for name, pattern in forms.items():
        assert _matches(pattern, _found(when_values(), partial(_matches, pattern))), name


@given(naive_when_values())
def test_naive_when_values_have_no_zone(value: str) -> None:
    assert not re.fullmatch(DATETIME_PATTERN, value)
    assert re.fullmatch(DATETIME_PATTERN, value + "Z")


@given(time_values())
def test_time_values_match_the_working_hours_pattern(value: str) -> None:
    assert re.fullmatch(TIME_PATTERN, value)


@given(continuation_marks())
def test_marks_are_non_empty_base64_without_white_space(mark: str) -> None:
    assert mark and mark == mark.strip()
    assert base64.b64decode(mark, validate=True)


@given(record_ids(), plan_ids())
def test_rid_and_plan_id_look_like_the_products(rid: str, plan_id: str) -> None:
    assert re.fullmatch(r"\d{17}[0-9A-F]{32}", rid)
    assert re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", plan_id)
