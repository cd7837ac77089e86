"""Checks of single values: Action, When, WorkingHours times, PowerShell artefacts, and
"did you mean" suggestions for names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final

from nwx_schema import model

_DATETIME: Final = re.compile(model.DATETIME_PATTERN)
_TIME: Final = re.compile(model.TIME_PATTERN)
_ACTIONS_BY_FOLD: Final = {a.casefold(): a for a in model.ACTIONS}
_NAIVE: Final = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?")
_PS_DATE: Final = re.compile(r"^\\?/Date\(-?\d+([+-]\d{4})?\)\\?/$")
_PS_TRUNCATED: Final = re.compile(
    r"^(System\.Collections\.[\w.`\[\], ]+|System\.Object\[\]|"
    r"System\.Management\.Automation\.PSCustomObject|@\{.*\})$",
    re.DOTALL,
)


def json_type(value: Any) -> str:
    """How a JSON-form value reads in a message."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return "a number"


def shown(value: str, limit: int = 60) -> str:
    """A value quoted for a message, shortened."""
    text = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(text)


def suggest(name: str, candidates: Iterable[str]) -> str | None:
    """The candidate a mistyped name most probably meant."""
    names = list(candidates)
    folded = {c.casefold(): c for c in names}
    squeezed = re.sub(r"[\s_\-]", "", name).casefold()
    for key in (name.casefold(), squeezed):
        if key in folded:
            return folded[key]
    for c in names:
        if re.sub(r"[\s_\-]", "", c).casefold() == squeezed:
            return c
    import difflib

    close = difflib.get_close_matches(name, names, n=1, cutoff=0.75)
    if close:
        return close[0]
    close = difflib.get_close_matches(name.casefold(), list(folded), n=1, cutoff=0.75)
    return folded[close[0]] if close else None


def powershell_truncation(value: str) -> bool:
    """Whether a text is what ConvertTo-Json writes for an object beyond its -Depth."""
    return bool(_PS_TRUNCATED.match(value)) and ("=" in value or not value.startswith("@"))


def check_action(value: str) -> str | None:
    """A message when ``value`` is not one of the 23 Action values, else ``None``."""
    if value in model.ACTIONS:
        return None
    exact = _ACTIONS_BY_FOLD.get(value.strip().casefold())
    if exact:
        return f"Action {shown(value)} is not a documented value: write {exact!r} (values are case-sensitive)"
    close = suggest(value, model.ACTIONS)
    if close:
        return f"Action {shown(value)} is not a documented value: did you mean {close!r}?"
    return (
        f"Action {shown(value)} is not one of the 23 documented values "
        "(Added, Removed, Modified, Read, Moved, Renamed, ... `nwx-schema explain NWX400` lists them)"
    )


def check_datetime(value: str, what: str = "When") -> tuple[str, str] | None:
    """``(code, message)`` when ``value`` is not an accepted date-time, else ``None``."""
    if _DATETIME.fullmatch(value):
        return None
    shape = _SHAPE.fullmatch(value)
    if shape and _offset_ok(shape):
        return "NWX403", f"{what} {shown(value)} is not a real date and time: {_range_hint(shape)}"
    if _PS_DATE.match(value.strip()):
        return (
            "NWX404",
            f"{what} {shown(value)} is PowerShell 5.1's /Date(ms)/ form: format it first, e.g. "
            "$d.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ')",
        )
    if _NAIVE.fullmatch(value):
        return (
            "NWX402",
            f"{what} {shown(value)} has no time zone: add Z (UTC) or an offset such as +02:00"
            + (" and put T between date and time" if "T" not in value else ""),
        )
    return "NWX401", f"{what} {shown(value)} is not a date-time: {_datetime_hint(value)}"


_SHAPE: Final = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:Z|[+-](\d{2}):(\d{2}))"
)


def _offset_ok(shape: re.Match[str]) -> bool:
    hours, minutes = shape.group(7), shape.group(8)
    if hours is None:
        return True
    return int(minutes) <= 59 and (int(hours) < 14 or (int(hours) == 14 and int(minutes) == 0))


def _range_hint(shape: re.Match[str]) -> str:
    year, month, _, hour, minute, second = (int(g) for g in shape.groups()[:6])
    if year < 1:
        return "years run from 0001"
    if not 1 <= month <= 12:
        return "months run from 01 to 12"
    if hour > 23:
        return "hours run from 00 to 23"
    if minute > 59 or second > 59:
        return "minutes and seconds run from 00 to 59"
    import calendar

    days = calendar.monthrange(year, month)[1]
    return f"month {month:02d} of {year:04d} has {days} days"


def _datetime_hint(value: str) -> str:
    text = value.strip()
    if text != value:
        return "remove the white space around it"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}.*", text):
        return "put T between the date and the time, e.g. 2024-05-02T08:15:00Z"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[tT]\d{2}:\d{2}:\d{2}(\.\d+)?([zZ]|[+-]\d{2}:\d{2})", text) and (
        "t" in text or "z" in text
    ):
        return "write T and Z in upper case"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})", text):
        return "seconds are required: HH:MM:SS"
    if re.fullmatch(r".*[+-]\d{4}", text):
        return "write the offset with a colon, e.g. +02:00"
    if re.fullmatch(r".*T24:.*", text):
        return "hours run from 00 to 23"
    if re.fullmatch(r".*[+-]1[4-9]:\d{2}|.*[+-][2-9]\d:\d{2}", text):
        return "offsets run from -14:00 to +14:00"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return "a time is required: YYYY-MM-DDTHH:MM:SSZ"
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{2,4}.*", text):
        return "write it as ISO 8601, YYYY-MM-DDTHH:MM:SSZ (.NET: ToString('o'))"
    return "write YYYY-MM-DDTHH:MM:SS with Z or an offset, e.g. 2024-05-02T08:15:00+02:00"


def check_time(value: str, what: str) -> str | None:
    """A message when ``value`` is not a time of day with a zone (WorkingHours)."""
    if _TIME.fullmatch(value):
        return None
    if re.fullmatch(r"\d{2}:\d{2}:\d{2}(\.\d+)?", value):
        return f"{what} {shown(value)} has no time zone: write e.g. 09:00:00Z or 09:00:00+02:00"
    return f"{what} {shown(value)} is not a time of day: write HH:MM:SS with a zone, e.g. 09:00:00Z"
