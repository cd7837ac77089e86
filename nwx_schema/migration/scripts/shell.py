"""Shell scripts with curl: here-docs and quoted bodies (``-d '...'``, ``--data-binary @file``).

JSON bodies are often spliced from several quoted words (``'{"ManagedObject": "'"$PLAN"'"}'``):
a JSON string value is followed across the adjacent words of the same shell word, so the
closing brace lands after the value's real closing quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Final

from nwx_schema.migration.scripts.language import Language
from nwx_schema.migration.scripts.lexing import Lexer, StringStyle, dollar_paren_hole
from nwx_schema.migration.scripts.regions import Region, RegionMap

if TYPE_CHECKING:
    from nwx_schema.migration.scripts.engine import Rewriter

_HEREDOC: Final = re.compile(r"<<(-?)[ \t]*(['\"]?)([A-Za-z_][\w-]*)\2")
_WORD_START: Final = " \t\r\n;&|()"
_SINGLE = StringStyle(close="'", quote="'")
_ANSI = StringStyle(close="'", backslash=True, quote="'", escape="\\")
_DOUBLE = StringStyle(close='"', backslash=True, quote='"', escape="\\", holes=dollar_paren_hole)


@dataclass(frozen=True, slots=True)
class _Pending:
    word: str
    strip_tabs: bool
    quoted: bool


class ShellLexer(Lexer):
    """Comments ``#``; ``'...'``, ``$'...'``, ``"..."`` (with ``$(...)``); here-docs."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.pending: list[_Pending] = []

    def token(self, pos: int) -> int | None:
        text = self.text
        ch = text[pos]
        if ch == "\n" and self.pending:
            return self._heredocs(pos + 1)
        if ch == "#" and (pos == 0 or text[pos - 1] in _WORD_START):
            return self.line_comment(pos, 1)
        if ch == "\\":
            return pos + 2
        if ch == "'":
            return self.string(pos, pos + 1, _SINGLE)
        if ch == "$" and text.startswith("$'", pos):
            return self.string(pos, pos + 2, _ANSI)
        if ch == '"':
            return self.string(pos, pos + 1, _DOUBLE)
        if ch == "<":
            match = _HEREDOC.match(text, pos)
            if match is not None and not text.startswith("<<<", pos):
                self.pending.append(_Pending(match.group(3), match.group(1) == "-", bool(match.group(2))))
                return match.end()
        return None

    def _heredocs(self, pos: int) -> int:
        text = self.text
        for doc in self.pending:
            body_start = pos
            line_start = pos
            while line_start < len(text):
                line_end = text.find("\n", line_start)
                line_end = len(text) if line_end < 0 else line_end
                line = text[line_start:line_end].rstrip("\r")
                if (line.lstrip("\t") if doc.strip_tabs else line) == doc.word:
                    break
                line_start = line_end + 1
            body_end = min(line_start, len(text))
            self.regions.append(
                Region(
                    "string",
                    body_start,
                    body_end,
                    body_start,
                    body_end,
                    body_start,
                    body_end,
                    "",
                    "",
                    not doc.quoted,
                )
            )
            terminator_end = text.find("\n", body_end)
            pos = len(text) if terminator_end < 0 else terminator_end
        self.pending = []
        return pos


class Shell(Language):
    """Rules for sh/bash scripts."""

    name: ClassVar[str] = "shell"

    def lex(self, text: str) -> RegionMap:
        return ShellLexer(text).run()

    def code_hit(self, rw: Rewriter, name: str, start: int, end: int) -> None:
        rw.report(start, f"unquoted {name} in a shell command: check by hand")

    def join_words(self, rw: Rewriter, value: int, quote: str) -> int | None:
        """Follow a JSON string that starts at ``value`` across the quoted parts of one word."""
        text = rw.text
        pos = value + len(quote)
        while pos < len(text):
            region = rw.regions.at(pos)
            if region is not None and region.kind == "string":
                if pos < region.body_start:
                    pos = region.body_start
                    continue
                if pos >= region.body_end:
                    pos = region.end
                    continue
                if region.quote == "'" and region.escape == "":
                    if text[pos] == '"':
                        return pos + 1
                    pos += 2 if text[pos] == "\\" else 1
                    continue
                if text.startswith('\\"', pos):
                    return pos + 2
                pos += 2 if text[pos] == "\\" else 1
                continue
            if region is not None or text[pos] in _WORD_START:
                return None
            if text.startswith('\\"', pos):
                return pos + 2
            pos += 1
        return None
