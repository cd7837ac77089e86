"""C#: anonymous objects ``new { ManagedObject = plan }``, JSON DOM access
``rec["ManagedObject"]`` and ``GetProperty("ManagedObject")``, verbatim and interpolated strings.

Typed classes (``public string ManagedObject { get; set; }``, ``[XmlElement("ManagedObject")]``,
``record.ManagedObject`` on a DTO) need a new nested type: they are reported, not rewritten.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar, Final

from nwx_schema.migration.scripts.language import Language
from nwx_schema.migration.scripts.lexing import Lexer, StringStyle, brace_hole
from nwx_schema.migration.scripts.regions import Region, RegionMap, next_code

if TYPE_CHECKING:
    from nwx_schema.migration.scripts.engine import Rewriter

_PREFIXED: Final = re.compile(r'(\$+@?|@\$+|@)"')
_CHAINED: Final = {"GetProperty": ".GetProperty", "Element": ".Element"}
_TYPED_FIX: Final = {
    "ManagedObject": "give the class a MonitoringPlan property of a type with Name (and ID), then use .MonitoringPlan.Name",
    "AuditedSystem": "rename the property DataSource (and its uses); the server sets it to Netwrix API on write",
}
_WORD_BEFORE: Final = re.compile(r"([A-Za-z_]\w*)\s*\Z")


class CSharpLexer(Lexer):
    """Comments ``//``, ``/* */``; ``"..."``, ``@"..."``, ``$"..."``, ``$@"..."``, ``\"\"\"raw\"\"\"``, ``'c'``."""

    def token(self, pos: int) -> int | None:
        text = self.text
        ch = text[pos]
        if ch == "/":
            if text.startswith("//", pos):
                return self.line_comment(pos, 2)
            if text.startswith("/*", pos):
                return self.block_comment(pos, "/*", "*/")
            return None
        if ch == "'":
            return self.string(pos, pos + 1, StringStyle(close="'", backslash=True, quote="'", escape="\\"))
        prefix = ""
        if ch in "$@":
            match = _PREFIXED.match(text, pos)
            if match is None:
                return None
            prefix = match.group(1)
        elif ch != '"':
            return None
        quote_at = pos + len(prefix)
        count = 0
        while text.startswith('"', quote_at + count):
            count += 1
        interpolated = "$" in prefix
        holes = brace_hole if interpolated else None
        if count >= 3:
            style = StringStyle(close='"' * count, holes=holes, brace_escape=interpolated)
            return self.string(pos, quote_at + count, style)
        verbatim = "@" in prefix
        style = StringStyle(
            close='"',
            backslash=not verbatim,
            doubling=verbatim,
            quote='"',
            escape="double" if verbatim else "\\",
            holes=holes,
            brace_escape=interpolated,
        )
        return self.string(pos, quote_at + 1, style)


class CSharp(Language):
    """Rules for C# sources."""

    name: ClassVar[str] = "csharp"

    def lex(self, text: str) -> RegionMap:
        return CSharpLexer(text).run()

    def wrap(self, key: str, separator: str) -> tuple[str, str]:
        return "new { Name = ", " }"

    def index_write_allowed(self) -> bool:
        return False

    def code_hit(self, rw: Rewriter, name: str, start: int, end: int) -> None:
        text = rw.text
        if start > 0 and text[start - 1] == ".":
            rw.report(start, f".{name} on a typed object: {_TYPED_FIX[name]}")
            return
        if self.declares(rw, name):
            return
        after = next_code(text, end, rw.regions)
        if text[after : after + 1] == "=" and text[after : after + 2] != "==":
            opener = rw.enclosing(start)
            if opener >= 0 and text[opener] == "{" and re.search(r"\bnew\s*\Z", text[:opener]):
                self.key_hit(rw, name, start, end, after, opener)
                return
        rw.report(start, f"{name} in a typed class, initializer or declaration: {_TYPED_FIX[name]}")

    def special_literal(self, rw: Rewriter, name: str, region: Region, before: int, after: int) -> bool:
        text = rw.text
        if name != "ManagedObject" or before < 0 or text[before] != "(" or text[after : after + 1] != ")":
            return False
        word = _WORD_BEFORE.search(text, 0, before)
        if word is None:
            return False
        if word.group(1) == "SelectToken":
            rw.replace(region.body_start, region.body_end, "MonitoringPlan.Name")
            rw.change(region.body_start, 'SelectToken("ManagedObject") now selects MonitoringPlan.Name')
            return True
        chained = _CHAINED.get(word.group(1))
        if chained is None:
            return False
        open_delim = text[region.literal_start : region.body_start]
        close_delim = text[region.body_end : region.literal_end]
        rw.replace(region.body_start, region.body_end, "MonitoringPlan")
        rw.insert(after + 1, f"{chained}({open_delim}Name{close_delim})")
        rw.change(region.body_start, f'{word.group(1)}("ManagedObject") now reads MonitoringPlan, then Name')
        return True
