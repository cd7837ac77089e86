"""PowerShell (.ps1, .psm1): here-strings, hashtables, ``$r.ManagedObject``, ``ConvertTo-Json``.

Records are built as hashtables (``@{ Who = $u; ManagedObject = $plan }``) and read with
member access (``$r.ManagedObject``); templates are here-strings. Because records nest one
level deeper in 9.0, every ``ConvertTo-Json`` of a script that builds records gets
``-Depth 10`` (its default depth of 2 silently writes deeper objects as type names).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar, Final

from nwx_schema.migration.scripts.engine import ScriptNote
from nwx_schema.migration.scripts.language import Language
from nwx_schema.migration.scripts.lexing import Lexer, StringStyle, dollar_paren_hole
from nwx_schema.migration.scripts.regions import RegionMap, next_code, scan_value

if TYPE_CHECKING:
    from nwx_schema.migration.scripts.engine import Rewriter

DEPTH: Final = 10
_HERE_OPEN: Final = re.compile(r"@(['\"])[ \t]*\r?\n")
_CONVERT: Final = re.compile(r"(?i)(?<![\w-])ConvertTo-Json(?![\w-])")
_DEPTH_ARG: Final = re.compile(r"(?i)(?<![\w-])-dep(?:th|t)?(?:\s*:\s*|\s+)(\(?[^\s|;)]+\)?)")
_SPLAT: Final = re.compile(r"(?<![\w$])@\w+")
_COMMENT_START: Final = " \t\r\n;({}|&,="

_SINGLE = StringStyle(close="'", doubling=True, quote="'", escape="double")
_DOUBLE = StringStyle(close='"', backtick=True, doubling=True, quote='"', escape="`", holes=dollar_paren_hole)
_HERE_SINGLE = StringStyle(close="'@", line_start_close=True)
_HERE_DOUBLE = StringStyle(close='"@', backtick=True, holes=dollar_paren_hole, line_start_close=True)


class PowerShellLexer(Lexer):
    """Comments ``#``, ``<# #>``; strings ``'...'``, ``"..."``, here-strings ``@'...'@``, ``@"..."@``."""

    def token(self, pos: int) -> int | None:
        text = self.text
        ch = text[pos]
        if ch == "<" and text.startswith("<#", pos):
            return self.block_comment(pos, "<#", "#>")
        if ch == "#" and (pos == 0 or text[pos - 1] in _COMMENT_START):
            return self.line_comment(pos, 1)
        if ch == "@":
            here = _HERE_OPEN.match(text, pos)
            if here is not None:
                style = _HERE_DOUBLE if here.group(1) == '"' else _HERE_SINGLE
                return self.string(pos, here.end(), style)
            return None
        if ch == "'":
            return self.string(pos, pos + 1, _SINGLE)
        if ch == '"':
            return self.string(pos, pos + 1, _DOUBLE)
        if ch == "`":
            return pos + 2
        return None


class PowerShell(Language):
    """Rules for PowerShell scripts and modules."""

    name: ClassVar[str] = "powershell"
    entry_stops: ClassVar[str] = ";"
    entry_line_ends: ClassVar[bool] = True
    statement_stops: ClassVar[str] = ";"
    continuations: ClassVar[tuple[str, ...]] = ("`", "|", ",", "+", "-", "*", "/", "=", "(", "[", "{")
    equals_keys: ClassVar[bool] = True

    def lex(self, text: str) -> RegionMap:
        return PowerShellLexer(text).run()

    def wrap(self, key: str, separator: str) -> tuple[str, str]:
        return "@{ Name = ", " }"

    def code_hit(self, rw: Rewriter, name: str, start: int, end: int) -> None:
        text = rw.text
        if start > 0 and text[start - 1] == ".":
            if text[start - 2 : start] in ("..", "::") or text[start - 2 : start - 1] == ":":
                rw.report(
                    start, f"{name} after '{text[start - 2 : start]}': not a record property; check by hand"
                )
                return
            self.member_hit(rw, name, start, end)
            return
        if self.declares(rw, name):
            return
        after = next_code(text, end, rw.regions, newlines=False)
        if text[after : after + 1] == "=" and text[after : after + 2] != "==":
            opener = rw.enclosing(start)
            if opener >= 1 and text[opener] == "{" and text[opener - 1] == "@":
                self.key_hit(rw, name, start, end, after, opener)
                return
            rw.report(start, f"{name} = ... outside a hashtable: check by hand")
            return
        if name == "AuditedSystem":
            rw.replace(start, end, "DataSource")
            rw.change(start, "property name AuditedSystem renamed DataSource")
            return
        rw.report(
            start,
            "property name ManagedObject (Select-Object, Sort-Object...): 9.0 has it as MonitoringPlan.Name, e.g. "
            "@{ Name = 'MonitoringPlan'; Expression = { $_.MonitoringPlan.Name } }",
        )

    def finish(self, rw: Rewriter) -> None:
        """Give every ``ConvertTo-Json`` of a script that builds records ``-Depth 10`` at least."""
        if not rw.builds_records:
            return
        text = rw.text
        for match in _CONVERT.finditer(text):
            if not rw.regions.in_code(match.start()):
                continue
            args_end = scan_value(
                text,
                match.end(),
                rw.regions,
                "|;",
                line_ends=True,
                continuations=("`",),
                blank_continues=False,
            )
            args = text[match.end() : args_end]
            depth = _DEPTH_ARG.search(args)
            if depth is None:
                if _SPLAT.search(args):
                    rw.report(
                        match.start(),
                        f"ConvertTo-Json with splatted parameters: make sure -Depth is {DEPTH} or more",
                    )
                    continue
                rw.insert(match.end(), f" -Depth {DEPTH}")
                rw.notes.append(
                    ScriptNote(
                        "NWX821",
                        match.start(),
                        f"ConvertTo-Json gets -Depth {DEPTH}: records now nest MonitoringPlan{{Name}}",
                    )
                )
                continue
            value = depth.group(1)
            if not value.isdigit():
                rw.report(match.start(), f"ConvertTo-Json -Depth {value}: make sure it is {DEPTH} or more")
            elif int(value) < DEPTH:
                at = match.end() + depth.start(1)
                rw.replace(at, at + len(value), str(DEPTH))
                rw.notes.append(
                    ScriptNote("NWX821", match.start(), f"ConvertTo-Json -Depth {value} raised to {DEPTH}")
                )
