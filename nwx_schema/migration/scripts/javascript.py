"""JavaScript and TypeScript: object literals, ``r.ManagedObject``, ``r?.ManagedObject``,
``r["ManagedObject"]``, template literals."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar, Final

from nwx_schema.migration.scripts.language import Language
from nwx_schema.migration.scripts.lexing import Lexer, StringStyle, dollar_brace_hole
from nwx_schema.migration.scripts.regions import RegionMap, next_code, prev_code

if TYPE_CHECKING:
    from nwx_schema.migration.scripts.engine import Rewriter

_REGEX_AFTER: Final = "(,=:[!&|?{};+-*%<>~^"
_REGEX_KEYWORDS: Final = re.compile(
    r"\b(?:return|typeof|case|do|else|in|of|new|delete|void|throw|yield|await)\s*\Z"
)
_OBJECT_AFTER: Final = "=(,:[?"
_OBJECT_KEYWORDS: Final = re.compile(r"(?:\breturn|=>|\byield)\s*\Z")


class JavaScriptLexer(Lexer):
    """Comments ``//``, ``/* */``; strings ``'``, ``"``, template literals with ``${}``; regexes."""

    def token(self, pos: int) -> int | None:
        text = self.text
        ch = text[pos]
        if ch == "/":
            if text.startswith("//", pos):
                return self.line_comment(pos, 2)
            if text.startswith("/*", pos):
                return self.block_comment(pos, "/*", "*/")
            if self._regex_allowed(pos):
                return self._regex(pos)
            return None
        if ch in "'\"":
            return self.string(pos, pos + 1, StringStyle(close=ch, backslash=True, quote=ch, escape="\\"))
        if ch == "`":
            style = StringStyle(close="`", backslash=True, quote="`", escape="\\", holes=dollar_brace_hole)
            return self.string(pos, pos + 1, style)
        return None

    def _regex_allowed(self, pos: int) -> bool:
        i = pos - 1
        while i >= 0 and self.text[i] in " \t\r\n":
            i -= 1
        return (
            i < 0 or self.text[i] in _REGEX_AFTER or _REGEX_KEYWORDS.search(self.text, 0, i + 1) is not None
        )

    def _regex(self, pos: int) -> int:
        text = self.text
        i = pos + 1
        in_class = False
        while i < len(text) and text[i] not in "\r\n":
            ch = text[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "[":
                in_class = True
            elif ch == "]":
                in_class = False
            elif ch == "/" and not in_class:
                i += 1
                while i < len(text) and text[i].isalpha():
                    i += 1
                return self.string(
                    pos, pos + 1, StringStyle(close="/", backslash=True, quote="/", escape="\\")
                )
            i += 1
        return pos + 1  # a lone slash: division


class JavaScript(Language):
    """Rules for JavaScript and TypeScript."""

    name: ClassVar[str] = "javascript"

    def lex(self, text: str) -> RegionMap:
        return JavaScriptLexer(text).run()

    def wrap(self, key: str, separator: str) -> tuple[str, str]:
        quote = key[-1] if key[-1:] in ("'", '"', "`") else ""
        return "{ " + quote + "Name" + quote + ": ", " }"

    def code_hit(self, rw: Rewriter, name: str, start: int, end: int) -> None:
        text = rw.text
        if start > 0 and text[start - 1] == ".":
            if self.declares(rw, name):
                rw.report(start, f".{name} in a script that declares or imports {name}: check by hand")
                return
            self.member_hit(rw, name, start, end, optional=text[start - 2 : start] == "?.")
            return
        if self.declares(rw, name):
            return
        after = next_code(text, end, rw.regions)
        before = prev_code(text, start, rw.regions)
        opener = rw.enclosing(start)
        in_object = opener >= 0 and text[opener] == "{" and before >= 0 and text[before] in "{,"
        if in_object and text[after : after + 1] == ":" and self._object_literal(rw, opener):
            self.key_hit(rw, name, start, end, after, opener)
            return
        if in_object and text[after : after + 1] in (",", "}"):
            rw.report(
                start, f"shorthand or destructured {name}: write MonitoringPlan: {{ Name: ... }} by hand"
            )
            return
        rw.report(
            start, f"{name} in code where no rule applies (a type annotation, a declaration?): check by hand"
        )

    def _object_literal(self, rw: Rewriter, opener: int) -> bool:
        text = rw.text
        before = prev_code(text, opener, rw.regions)
        if before < 0:
            return False
        return text[before] in _OBJECT_AFTER or _OBJECT_KEYWORDS.search(text, 0, before + 1) is not None
