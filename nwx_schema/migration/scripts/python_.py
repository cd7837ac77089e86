"""Python: dict literals and ``dict(...)`` keys, ``rec["ManagedObject"]``, ``.get(...)``, f-strings."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar, Final

from nwx_schema.migration.scripts.language import Language
from nwx_schema.migration.scripts.lexing import Lexer, StringStyle, brace_hole
from nwx_schema.migration.scripts.regions import Region, RegionMap, matching_close, next_code, prev_code

if TYPE_CHECKING:
    from nwx_schema.migration.scripts.engine import Rewriter

_PREFIX_CHARS: Final = "rRbBuUfF"
_GET_CALL: Final = re.compile(r"\.get\s*\Z")


class PythonLexer(Lexer):
    """Comments ``#``; strings with prefixes (r, b, u, f), single and triple quotes."""

    def token(self, pos: int) -> int | None:
        text = self.text
        ch = text[pos]
        if ch == "#":
            return self.line_comment(pos, 1)
        if ch not in "'\"":
            return None
        start = pos
        while start > 0 and pos - start < 2 and text[start - 1] in _PREFIX_CHARS:
            start -= 1
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start = pos
        prefix = text[start:pos].lower()
        triple = text.startswith(ch * 3, pos)
        close = ch * 3 if triple else ch
        formatted = "f" in prefix
        style = StringStyle(
            close=close,
            backslash=True,
            quote="" if triple else ch,
            escape="" if "r" in prefix else "\\",
            holes=brace_hole if formatted else None,
            brace_escape=formatted,
        )
        return self.string(start, pos + len(close), style)


class Python(Language):
    """Rules for Python scripts."""

    name: ClassVar[str] = "python"
    statement_stops: ClassVar[str] = ";"
    continuations: ClassVar[tuple[str, ...]] = ("\\",)

    def lex(self, text: str) -> RegionMap:
        return PythonLexer(text).run()

    def wrap(self, key: str, separator: str) -> tuple[str, str]:
        quote = key[-1] if key[-1:] in ("'", '"') else '"'
        compact = separator.strip() == ":" and not separator.endswith((" ", "\t"))
        return "{" + quote + "Name" + quote + (":" if compact else ": "), "}"

    def is_documentation(self, rw: Rewriter, region: Region) -> bool:
        """A docstring: a string literal alone as the first statement of a module, class or def."""
        text = rw.text
        if not region.whole:
            return False
        before = prev_code(text, region.literal_start, rw.regions)
        after = next_code(text, region.literal_end, rw.regions, newlines=False)
        ends_statement = after >= len(text) or text[after] in ";\r\n"
        return ends_statement and (before < 0 or text[before] == ":")

    def code_hit(self, rw: Rewriter, name: str, start: int, end: int) -> None:
        text = rw.text
        if start > 0 and text[start - 1] == ".":
            rw.report(
                start,
                f"attribute .{name}: records parsed from JSON are dicts (rec['MonitoringPlan']['Name']); "
                "if this is your own class, change it by hand",
            )
            return
        after = next_code(text, end, rw.regions, newlines=False)
        if text[after : after + 1] == "=" and text[after : after + 2] != "==":
            opener = rw.enclosing(start)
            if opener >= 0 and text[opener] == "(" and re.search(r"\bdict\s*\Z", text[:opener]):
                self.key_hit(rw, name, start, end, after, opener)
                return
        if self.declares(rw, name):
            return
        rw.report(start, f"{name} in code where no rule applies: check by hand")

    def special_literal(self, rw: Rewriter, name: str, region: Region, before: int, after: int) -> bool:
        text = rw.text
        if name != "ManagedObject":
            return False
        if before >= 0 and text[before] == "(" and _GET_CALL.search(text, 0, before):
            return self._get(rw, region, before, after)
        if text.startswith("in", after) and not (
            text[after + 2 : after + 3].isalnum() or text[after + 2 : after + 3] == "_"
        ):
            rw.replace(region.body_start, region.body_end, "MonitoringPlan")
            rw.change(region.body_start, "membership test of ManagedObject now tests MonitoringPlan")
            return True
        return False

    def _get(self, rw: Rewriter, region: Region, opener: int, after: int) -> bool:
        """``rec.get("ManagedObject"[, default])`` -> ``rec.get("MonitoringPlan", {}).get("Name"[, default])``."""
        text = rw.text
        close = matching_close(text, opener, rw.regions)
        if close < 0 or text[after] not in ",)":
            return False
        open_delim = text[region.literal_start : region.body_start]
        close_delim = text[region.body_end : region.literal_end]
        default = text[after + 1 : close].strip() if text[after] == "," else ""
        rw.replace(region.body_start, region.body_end, "MonitoringPlan")
        rw.replace(region.literal_end, close, ", {}")
        tail = f", {default}" if default else ""
        rw.insert(close + 1, f".get({open_delim}Name{close_delim}{tail})")
        rw.change(region.body_start, '.get("ManagedObject") now reads .get("MonitoringPlan", {}).get("Name")')
        return True
