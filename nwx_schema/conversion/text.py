"""Character rules shared by the writers: what XML 1.0 can carry, escaping, XML names."""

from __future__ import annotations

import re
import unicodedata
from typing import Final

#: Characters XML 1.0 cannot carry at all, not even as a character reference: C0
#: controls other than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF.
FORBIDDEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Anything in a text value that needs more than copying.
_TEXT_SPECIAL: Final = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: XML names without a colon (NCName), the only element names written.
_NAME_START: Final = (
    "A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
NCNAME: Final = re.compile(f"[{_NAME_START}][{_NAME_START}\\-.0-9\u00b7\u0300-\u036f\u203f\u2040]*")


def find_forbidden(value: str) -> int:
    """Index of the first character XML 1.0 cannot carry, or -1."""
    match = FORBIDDEN.search(value)
    return -1 if match is None else match.start()


def describe_char(char: str) -> str:
    """``U+0001`` plus the character's name when it has one."""
    code = f"U+{ord(char):04X}"
    category = unicodedata.category(char)
    if category == "Cc":
        return f"{code} (a control character)"
    if category == "Cs":
        return f"{code} (a lone surrogate)"
    name = unicodedata.name(char, "")
    return f"{code} {name}" if name else f"{code} (a noncharacter)"


def escape_text(value: str) -> str:
    """Element text: ``&``, ``<``, ``>`` as entities and CR as ``&#13;`` (so that XML
    line-end normalisation cannot turn it into LF). The caller has checked
    :func:`find_forbidden` first."""
    if _TEXT_SPECIAL.search(value) is None:
        return value
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def escape_attribute(value: str) -> str:
    """A double-quoted attribute value: as text, plus ``"`` and tab/LF as character
    references (attribute-value normalisation would turn them into spaces)."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\r", "&#13;")
        .replace("\n", "&#10;")
        .replace("\t", "&#9;")
    )


def is_xml_name(name: str) -> bool:
    """Whether ``name`` can be written as an element name (an NCName)."""
    return NCNAME.fullmatch(name) is not None
