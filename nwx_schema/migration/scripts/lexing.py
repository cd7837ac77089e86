"""The common machinery of the script lexers: comments, strings, interpolation holes.

A language lexer subclasses :class:`Lexer` and implements :meth:`Lexer.token`, which
recognises a comment or a string literal at an offset and consumes it. Brackets are
counted so that an interpolation hole (``$(...)``, ``${...}``, ``{...}``) ends at its
own closing bracket; the hole's content is lexed as code, recursively.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nwx_schema.migration.scripts.regions import CLOSERS, OPENERS, Region, RegionMap

#: Recognises an interpolation hole at an offset of a string body: returns the offset
#: where the hole's code starts and the bracket that closes it, or ``None``.
HoleOpener = Callable[[str, int], "tuple[int, str] | None"]


@dataclass(frozen=True, slots=True)
class StringStyle:
    """How one kind of string literal is written.

    Attributes:
        close: the closing delimiter.
        backslash: a backslash escapes the next character.
        doubling: the delimiter is written twice inside (``''``, ``""``).
        backtick: a backtick escapes the next character (PowerShell).
        quote: the character that must be escaped when inserted into the body
            (``""`` when none must be: here-strings, here-docs, triple quotes).
        escape: how to escape ``quote`` inside (see :class:`Region`).
        holes: recognises interpolation holes, if the literal has any.
        brace_escape: literal braces are doubled.
        line_start_close: the delimiter closes only at the start of a line.
    """

    close: str
    backslash: bool = False
    doubling: bool = False
    backtick: bool = False
    quote: str = ""
    escape: str = ""
    holes: HoleOpener | None = None
    brace_escape: bool = False
    line_start_close: bool = False


class Lexer:
    """Walks a script and records its comments and string segments."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.regions: list[Region] = []

    def run(self) -> RegionMap:
        """Lex the whole text."""
        self.scan(0, "")
        return RegionMap(self.regions)

    def token(self, pos: int) -> int | None:
        """Consume a comment or a string at ``pos``; return the offset after it, or ``None``."""
        raise NotImplementedError

    def scan(self, pos: int, closer: str) -> int:
        """Lex code from ``pos`` to the unmatched ``closer`` (returned), or to the end."""
        text = self.text
        depth = 0
        while pos < len(text):
            after = self.token(pos)
            if after is not None:
                pos = max(after, pos + 1)
                continue
            ch = text[pos]
            if closer:
                if ch in OPENERS:
                    depth += 1
                elif ch in CLOSERS:
                    if depth == 0 and ch == closer:
                        return pos
                    depth = max(0, depth - 1)
            pos += 1
        return len(text)

    # -- building blocks -------------------------------------------------------------

    def comment(self, start: int, body_start: int, end: int, body_end: int | None = None) -> int:
        self.regions.append(Region("comment", start, end, body_start, end if body_end is None else body_end))
        return end

    def line_comment(self, start: int, marker: int) -> int:
        """A comment from ``start`` (after a ``marker``-character opener) to the line end."""
        end = start
        while end < len(self.text) and self.text[end] not in "\r\n":
            end += 1
        return self.comment(start, start + marker, end)

    def block_comment(self, start: int, opener: str, closer: str) -> int:
        end = self.text.find(closer, start + len(opener))
        end = len(self.text) if end < 0 else end + len(closer)
        return self.comment(start, start + len(opener), end, max(start + len(opener), end - len(closer)))

    def string(self, literal_start: int, body_start: int, style: StringStyle) -> int:
        """Consume a string literal whose body starts at ``body_start``; return its end."""
        text = self.text
        segments: list[tuple[int, int]] = []  # (segment start, body end) of segments before holes
        seg_start = body_start
        pos = body_start
        close = style.close
        while pos < len(text):
            ch = text[pos]
            if style.backslash and ch == "\\":
                pos += 2
                continue
            if style.backtick and ch == "`":
                pos += 2
                continue
            if text.startswith(close, pos) and (
                not style.line_start_close or pos == 0 or text[pos - 1] in "\r\n"
            ):
                if style.doubling and text.startswith(close, pos + len(close)):
                    pos += 2 * len(close)
                    continue
                break
            hole = style.holes(text, pos) if style.holes is not None else None
            if hole is not None:
                code_start, hole_closer = hole
                segments.append((seg_start, pos))
                end_of_hole = self.scan(code_start, hole_closer)
                seg_start = pos = min(len(text), end_of_hole + 1)
                continue
            pos += 1
        body_end = min(pos, len(text))
        literal_end = min(len(text), body_end + len(close))
        segments.append((seg_start, body_end))
        for index, (start, end) in enumerate(segments):
            first, last = index == 0, index == len(segments) - 1
            self.regions.append(
                Region(
                    "string",
                    literal_start if first else start,
                    literal_end if last else end,
                    body_start if first else start,
                    end,
                    literal_start,
                    literal_end,
                    style.quote,
                    style.escape,
                    style.holes is not None,
                    style.brace_escape,
                )
            )
        return literal_end


def brace_hole(text: str, pos: int) -> tuple[int, str] | None:
    """``{expr}`` holes where ``{{`` is a literal brace (Python f-strings, C# ``$"..."``)."""
    if text[pos] != "{":
        return None
    if text.startswith("{{", pos):
        return None
    if pos > 0 and text[pos - 1] == "{":
        return None
    return pos + 1, "}"


def dollar_brace_hole(text: str, pos: int) -> tuple[int, str] | None:
    """``${expr}`` holes (JavaScript template literals)."""
    if text.startswith("${", pos):
        return pos + 2, "}"
    return None


def dollar_paren_hole(text: str, pos: int) -> tuple[int, str] | None:
    """``$(expr)`` holes (PowerShell expandable strings, shell command substitution)."""
    if text.startswith("$(", pos) and not text.startswith("$((", pos):
        return pos + 2, ")"
    return None
