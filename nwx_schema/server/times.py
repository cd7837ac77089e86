"""Date-time arithmetic for search: instants and times of day as UTC microseconds.

Values are the documented lexical forms (:data:`nwx_schema.model.DATETIME_PATTERN`,
:data:`nwx_schema.model.TIME_PATTERN`): digits at fixed places, an optional fraction and
a required zone. Fractions beyond microseconds are truncated.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from nwx_schema.model import DATETIME_PATTERN, TIME_PATTERN

DAY_US: Final = 86_400_000_000
_EPOCH_ORDINAL: Final = dt.date(1970, 1, 1).toordinal()
_DATETIME: Final = re.compile(DATETIME_PATTERN)
_TIME: Final = re.compile(TIME_PATTERN)


def _clock_us(text: str) -> tuple[int, int]:
    """(microseconds since midnight, zone offset in microseconds) of ``HH:MM:SS[.f]zone``."""
    hours, minutes, seconds = int(text[0:2]), int(text[3:5]), int(text[6:8])
    rest = text[8:]
    fraction = 0
    if rest.startswith("."):
        digits = len(rest) - len(rest[1:].lstrip("0123456789"))
        fraction = int((rest[1:digits] + "000000")[:6])
        rest = rest[digits:]
    offset = 0
    if rest != "Z":
        sign = -1 if rest[0] == "-" else 1
        offset = sign * (int(rest[1:3]) * 60 + int(rest[4:6])) * 60_000_000
    return ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + fraction, offset


def instant_us(text: str) -> int:
    """Microseconds since 1970-01-01T00:00:00Z of a ``When`` value.

    Raises:
        ValueError: the text is not a documented date-time, or the date does not exist.
    """
    if not _DATETIME.fullmatch(text):
        raise ValueError(f"not a date-time with a zone: {text!r}")
    day = dt.date(int(text[0:4]), int(text[5:7]), int(text[8:10])).toordinal() - _EPOCH_ORDINAL
    clock, offset = _clock_us(text[11:])
    return day * DAY_US + clock - offset


def time_of_day_us(text: str) -> int:
    """Microseconds since UTC midnight of a ``WorkingHours`` time (``09:00:00+02:00``).

    Raises:
        ValueError: the text is not a documented time of day with a zone.
    """
    if not _TIME.fullmatch(text):
        raise ValueError(f"not a time of day with a zone: {text!r}")
    clock, offset = _clock_us(text)
    return (clock - offset) % DAY_US


def utc_day_start_us(now_us: int) -> int:
    """UTC midnight at or before an instant."""
    return now_us - now_us % DAY_US


def now_us() -> int:
    """The current instant in UTC microseconds."""
    now = dt.datetime.now(dt.timezone.utc)
    return (
        (now.toordinal() - _EPOCH_ORDINAL) * DAY_US
        + ((now.hour * 60 + now.minute) * 60 + now.second) * 1_000_000
        + now.microsecond
    )
