"""Text that XML 1.0 can carry: messages may quote payload values holding control
characters (that is what some findings are about), and an XML report must still be
well-formed."""

from __future__ import annotations

import re

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with every character XML 1.0 forbids written as a visible ``\\xNN`` /
    ``\\uNNNN`` escape; everything else unchanged."""
    return _NOT_XML.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
