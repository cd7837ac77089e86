"""XML and JSON template files (read by curl ``--data-binary @file`` or by a script).

An XML template is text with tags: everything outside comments is a string segment, so the
tag rules apply. A JSON template may hold placeholders (``"$plan"``, ``{{plan}}``) that make
it invalid JSON, so it is lexed, not parsed: keys are string literals followed by ``:``.
"""

from __future__ import annotations

from typing import ClassVar

from nwx_schema.migration.scripts.language import Language
from nwx_schema.migration.scripts.lexing import Lexer, StringStyle
from nwx_schema.migration.scripts.regions import Region, RegionMap


class XmlTemplateLexer(Lexer):
    """Comments ``<!-- -->``; the text between them is one string segment each."""

    def run(self) -> RegionMap:
        text = self.text
        pos = 0
        while pos < len(text):
            start = text.find("<!--", pos)
            stop = len(text) if start < 0 else start
            if stop > pos:
                self.regions.append(Region("string", pos, stop, pos, stop, pos, stop))
            if start < 0:
                break
            pos = self.block_comment(start, "<!--", "-->")
        return RegionMap(self.regions)


class JsonTemplateLexer(Lexer):
    """String literals ``"..."``; everything else is code."""

    def token(self, pos: int) -> int | None:
        if self.text[pos] == '"':
            return self.string(pos, pos + 1, StringStyle(close='"', backslash=True, quote='"', escape="\\"))
        return None


class XmlTemplate(Language):
    """Rules for XML templates."""

    name: ClassVar[str] = "xml"

    def lex(self, text: str) -> RegionMap:
        return XmlTemplateLexer(text).run()


class JsonTemplate(Language):
    """Rules for JSON templates: ``"ManagedObject": v`` becomes ``"MonitoringPlan": {"Name": v}``."""

    name: ClassVar[str] = "json"

    def lex(self, text: str) -> RegionMap:
        return JsonTemplateLexer(text).run()

    def wrap(self, key: str, separator: str) -> tuple[str, str]:
        return '{"Name"' + separator, "}"
