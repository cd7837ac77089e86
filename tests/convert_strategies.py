"""A small generator of valid documents in JSON form, every kind and both versions,
with hostile text (white space only, CR/LF, tabs, characters XML must escape, non-ASCII
and astral characters, leading zeros). Used by the conversion property tests."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from hypothesis import strategies as st

from nwx_schema.model import ACTIONS, TIMEFRAMES, Field, Filter, Group, ListOf, Role, Scalar, document_model
from nwx_schema.versions import ApiVersion, Kind

FORBIDDEN = "".join(chr(c) for c in range(0x20) if c not in (0x9, 0xA, 0xD)) + "\ufffe\uffff"
FRAGMENTS = (" ", "  ", "\t", "\r\n", "\r", "\n", "&", "<", ">", '"', "'", "]]>", "&amp;", "\\", "0042", "\u00e9",
             "\u65e5\u672c", "\U0001f600", "\U00010348", "\u00a0", "\u2028", "<!--", "${x}")  # fmt: skip
_CHARS = st.characters(codec="utf-8", exclude_characters=FORBIDDEN)  # the codec excludes surrogates


@cache
def hostile_text(*, min_size: int = 0, max_size: int = 24, blank: bool = True) -> st.SearchStrategy[str]:
    """Text XML 1.0 and JSON can both carry; never blank unless ``blank``."""
    pieces = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(_CHARS, max_size=6)), max_size=5)

    def fit(text: str) -> str:
        if len(text) < min_size or (not blank and not text.strip()):
            text = "x" + text
        return text[:max_size] if text[:max_size].strip() or blank else "x"

    return pieces.map("".join).map(fit)


def _zone(minutes: int) -> str:
    if minutes == 0:
        return "Z"
    sign = "+" if minutes > 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@cache
def when_values() -> st.SearchStrategy[str]:
    """Date-times in the accepted spellings: with or without a fraction, Z or an offset."""
    moment = st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30))  # noqa: DTZ001
    fraction = st.one_of(st.just(""), st.from_regex(r"\.[0-9]{1,7}", fullmatch=True))
    zone = st.sampled_from([0, 0, 60, -660, 330, 840, -840]).map(_zone)
    return st.builds(
        lambda m, f, z: m.strftime("%Y-%m-%dT%H:%M:%S").zfill(19) + f + z, moment, fraction, zone
    )


def _scalar(field: Field, scalar: Scalar) -> st.SearchStrategy[Any]:
    if scalar.type == "action":
        return st.sampled_from(ACTIONS)
    if scalar.type == "datetime":
        return when_values()
    if scalar.type == "boolean":
        return st.booleans()
    cap = min(scalar.max_length or 24, 24)
    return hostile_text(
        min_size=max(scalar.min_length, 0), max_size=cap, blank=not field.required and scalar.min_length == 0
    )


def _value(field: Field, role: Role) -> st.SearchStrategy[Any]:
    value = field.value
    if isinstance(value, Scalar):
        return _scalar(field, value)
    if isinstance(value, Group):
        return group(value, role)
    assert isinstance(value, ListOf)
    return st.lists(group(value.item, role), min_size=1, max_size=2)


@cache
def group(spec: Group, role: Role) -> st.SearchStrategy[dict[str, Any]]:
    """Objects of a model group, keys in a random order."""
    fields = spec.for_role(role)
    required = {f.name: _value(f, role) for f in fields if f.required}
    optional = {f.name: _value(f, role) for f in fields if not f.required}
    return st.fixed_dictionaries(required, optional=optional).flatmap(
        lambda d: st.permutations(list(d.items())).map(dict)
    )


def _filter_value(spec: Filter) -> st.SearchStrategy[Any]:
    if spec.value == "action":
        return st.sampled_from(ACTIONS)
    if spec.value == "when":
        utc = when_values().map(lambda w: w[:19] + "Z")
        interval = st.tuples(utc, utc).map(lambda p: {"From": min(p), "To": max(p)})
        return st.one_of(st.sampled_from(TIMEFRAMES).map(lambda t: {t: ""}), interval)
    if spec.value == "workinghours":
        return st.just({"From": "09:00:00Z", "To": "17:30:00+02:00"})
    return hostile_text(min_size=1, max_size=min(spec.max_length or 24, 24), blank=False)


def _entry(spec: Filter) -> st.SearchStrategy[Any]:
    value = _filter_value(spec)
    return st.one_of(value, st.builds(lambda op, v: {op: v}, st.sampled_from(spec.operators), value))


def filter_lists(version: ApiVersion) -> st.SearchStrategy[dict[str, Any]]:
    """FilterLists in canonical form (one entry, or an array of two or more)."""
    specs = st.lists(
        st.sampled_from(document_model(version).filters), min_size=1, max_size=4, unique_by=lambda f: f.name
    )

    def build(chosen: list[Filter]) -> st.SearchStrategy[dict[str, Any]]:
        entries = [
            st.lists(_entry(f), min_size=1, max_size=3).map(lambda e: e[0] if len(e) == 1 else e)
            for f in chosen
        ]
        return st.tuples(*entries).map(
            lambda values: {f.name: v for f, v in zip(chosen, values, strict=True)}
        )

    return specs.flatmap(build)


def marks() -> st.SearchStrategy[str]:
    return st.from_regex(r"[A-Za-z0-9+/]{4,40}={0,2}", fullmatch=True)


def _shuffled(d: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.permutations(list(d.items())).map(dict)


@cache
def documents(version: ApiVersion, kind: Kind) -> st.SearchStrategy[Any]:
    """Valid documents of a kind, in canonical JSON form."""
    model = document_model(version)
    if kind == "input":
        return st.lists(group(model.record, "input"), min_size=1, max_size=3)
    if kind == "output":
        records = st.lists(group(model.record, "output"), max_size=3)
        return st.fixed_dictionaries({"ActivityRecordList": records}, optional={"ContinuationMark": marks()})
    if kind == "search":
        return st.fixed_dictionaries(
            {"FilterList": filter_lists(version)}, optional={"ContinuationMark": marks()}
        ).flatmap(_shuffled)
    if kind == "continuation":
        return marks()
    return st.fixed_dictionaries(
        {"ErrorList": st.lists(group(model.error, "output"), min_size=1, max_size=3)}
    )
