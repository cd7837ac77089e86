"""Leaf values: hostile-but-legal text, ``When`` date-times, times of day, marks.

Every string drawn here can be written in XML 1.0 (no C0 control other than tab, LF
and CR, no U+FFFE/U+FFFF, no lone surrogate) and in JSON, and is meant to hurt naive
producers and parsers: surrounding white space, CR/LF, ``& < > " '``, backslashes,
non-ASCII and astral characters, leading zeros.
"""

from __future__ import annotations

import base64
import datetime as dt

from hypothesis import strategies as st

#: Characters XML 1.0 cannot carry, besides the surrogates excluded by the codec.
_FORBIDDEN = "".join(chr(c) for c in range(0x20) if c not in (0x9, 0xA, 0xD)) + "\ufffe\uffff"

#: Fragments that break hand-made XML and JSON, or that parsers tend to mangle.
HOSTILE_FRAGMENTS: tuple[str, ...] = (
    " ",
    "  ",
    "\t",
    "\r\n",
    "\r",
    "\n",
    "&",
    "<",
    ">",
    '"',
    "'",
    "&amp;",
    "]]>",
    "<!--",
    "\\",
    "\\\\fs01\\hr\\",
    "CORP\\jdoe",
    "\\/",
    "Ally & Sons",
    "O'Hara",
    "CompanyDC<100",
    "é",
    "Jörg",
    "Ж",
    "日本語",
    "😀",
    "𝔘",
    "\U0010fffd",
    "\u00a0",
    "\u2028",
    "\x85",
    "\x7f",
    "007",
    "0001234",
    "0",
    "${plan}",
    "%s",
)

_CHARS = st.characters(codec="utf-8", exclude_characters=_FORBIDDEN)
#: What makes blank text non-blank, or pads it to a minimum length.
_ANCHORS = st.sampled_from(("x", "0", "é", "Ж", "日", "😀", "&", "\\"))


def xml_safe_text(
    *, min_size: int = 0, max_size: int | None = None, blank: bool = True, boundary: bool = True
) -> st.SearchStrategy[str]:
    """Text that XML 1.0 and JSON can both carry, made of hostile fragments and random characters.

    Lengths count code points (as XSD ``maxLength`` and JSON Schema ``maxLength`` do).
    With ``blank=False`` the text holds at least one character that is not white space
    (what a required value needs); otherwise it may be empty or white space only.
    With ``boundary`` (and a ``max_size``), the text is sometimes exactly ``max_size``
    long, astral characters included.
    """
    pieces = st.lists(st.one_of(st.sampled_from(HOSTILE_FRAGMENTS), st.text(_CHARS, max_size=5)), max_size=4)
    body = pieces.map("".join)
    if boundary and max_size is not None and max_size <= 10_000:
        limit = max_size
        full = st.sampled_from(("W", "😀", "é", " ")).map(lambda c: c * limit)
        body = st.one_of(body, body, body, body, body, body, body, full)

    def fit(parts: tuple[str, str]) -> str:
        text, anchor = parts
        if not blank and not text.strip():
            text = anchor + text
        if len(text) < min_size:
            text += anchor * (min_size - len(text))
        if max_size is not None and len(text) > max_size:
            text = text[:max_size] if blank or text[:max_size].strip() else anchor + text[: max_size - 1]
        return text

    return st.tuples(body, _ANCHORS).map(fit)


def _zone() -> st.SearchStrategy[str]:
    offsets = st.builds(
        "{}{:02d}:{:02d}".format,
        st.sampled_from("+-"),
        st.integers(0, 13),
        st.sampled_from((0, 0, 0, 30, 45, 59)),
    )
    return st.one_of(st.just("Z"), offsets, st.sampled_from(("+14:00", "-14:00", "+00:00", "-00:00")))


def _fraction() -> st.SearchStrategy[str]:
    digits = st.one_of(
        st.sampled_from((3, 6, 7)),  # .NET "o" writes 7 digits, Python 6, JavaScript 3
        st.integers(1, 9),
    ).flatmap(lambda n: st.text("0123456789", min_size=n, max_size=n))
    return st.one_of(st.just(""), digits.map(lambda d: "." + d))


def clock_values() -> st.SearchStrategy[str]:
    """``HH:MM:SS`` with an optional fraction, no zone."""
    return st.builds(
        "{:02d}:{:02d}:{:02d}{}".format,
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
        _fraction(),
    )


def naive_when_values() -> st.SearchStrategy[str]:
    """A real calendar date and a time of day, without a zone (what ``When`` must not be)."""
    dates = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))
    return st.builds(
        "{}T{}".format, dates.map(lambda d: f"{d.year:04d}-{d.month:02d}-{d.day:02d}"), clock_values()
    )


def when_values() -> st.SearchStrategy[str]:
    """``When`` values in every accepted form: ``...Z``, ``...+HH:MM``, ``...-HH:MM``,
    with and without fractional seconds, on real calendar dates (years 0001 to 9999)."""
    return st.builds("{}{}".format, naive_when_values(), _zone())


def time_values() -> st.SearchStrategy[str]:
    """``WorkingHours`` ``From``/``To`` times: ``HH:MM:SS`` (optional fraction) and a zone."""
    return st.builds("{}{}".format, clock_values(), _zone())


def continuation_marks() -> st.SearchStrategy[str]:
    """Opaque continuation marks shaped like the server's (base64, often ending in ``=``)."""
    return st.binary(min_size=1, max_size=40).map(lambda b: base64.b64encode(b).decode("ascii"))


def record_ids() -> st.SearchStrategy[str]:
    """``RID`` values as the product writes them: 17 timestamp digits and 32 hex digits."""
    days = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31))
    return st.builds(
        "{:%Y%m%d}{:02d}{:02d}{:02d}{:03d}{}".format,
        days,
        st.integers(0, 23),
        st.integers(0, 59),
        st.integers(0, 59),
        st.integers(0, 999),
        st.uuids().map(lambda u: u.hex.upper()),
    )


def plan_ids() -> st.SearchStrategy[str]:
    """``MonitoringPlan/ID`` values as the product writes them: a braced GUID."""
    return st.uuids().map(lambda u: "{" + str(u).upper() + "}")


#: Every flavour value is 1 to ``FLAVOUR_MAX_LENGTH`` characters long.
FLAVOUR_MAX_LENGTH = 49

#: Realistic values per field name, mixed with the generic hostile text.
FLAVOURS: dict[str, st.SearchStrategy[str]] = {
    "RID": record_ids(),
    "ID": plan_ids(),
    "Who": st.sampled_from(
        ("CORP\\jdoe", "jdoe@corp.example", "ENTERPRISE\\Administrator", "Enterprise\\ Administrator", "1001")
    ),
    "Where": st.sampled_from(("fs01.corp.example", "FS01", "BLUPR05MB1940", "sql01\\INSTANCE")),
    "ObjectType": st.sampled_from(("File", "Folder", "user", "Stored Procedure", "RADIUS Logon")),
    "Category": st.sampled_from(("XMLError", "InputError", "ServerError")),
    "DataSource": st.sampled_from(("Netwrix API", "Active Directory", "Custom App")),
    "AuditedSystem": st.sampled_from(("Custom App", "Active Directory")),
}
