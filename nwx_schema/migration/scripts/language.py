"""What every script language shares: how a name literal, a key or an index is rewritten.

A language module subclasses :class:`Language` with its lexer, the way it writes an
object holding ``Name`` (``@{ Name = v }``, ``{"Name": v}``, ``new { Name = v }``...) and
its rules for names found in code (member access, hashtable and object keys).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from nwx_schema.migration.scripts import strings
from nwx_schema.migration.scripts.engine import NEW_NAME
from nwx_schema.migration.scripts.regions import Region, RegionMap, next_code, prev_code, scan_value

if TYPE_CHECKING:
    from nwx_schema.migration.scripts.engine import Rewriter


_CALL_BEFORE = re.compile(r"([A-Za-z_][\w.]*)\s*\Z")
_CREATES_ELEMENT = frozenset(
    {
        "CreateElement",
        "WriteElementString",
        "WriteStartElement",
        "XElement",
        "SubElement",
        "Element",
        "createElement",
    }
)
_ATTRIBUTES = frozenset({"XmlElement", "JsonPropertyName", "JsonProperty", "DataMember", "XmlAttribute"})


def _plain_literal_reason(text: str, before: int) -> str:
    """Why a string literal ``"ManagedObject"`` is left for a human, with what to write."""
    call = _CALL_BEFORE.search(text, 0, before) if before >= 0 and text[before] in "(," else None
    name = call.group(1).rsplit(".", 1)[-1] if call is not None else ""
    if name in _CREATES_ELEMENT:
        return (
            f'{name}("ManagedObject", ...) creates the 8.5 element: create MonitoringPlan and give it '
            "a Name child element holding the plan name"
        )
    if name in _ATTRIBUTES:
        return f'[{name}("ManagedObject")] maps a typed property: 9.0 needs MonitoringPlan {{ Name, ID }}; change the class'
    return '"ManagedObject" as a plain string (a column or field name?): 9.0 reads MonitoringPlan.Name; check by hand'


_KEY_LINE = re.compile(r"""[ \t]*["']?[A-Za-z_]\w*["']?([ \t]*)[=:]""")


def _aligned(text: str, start: int, separator: int) -> bool:
    """Whether the key at ``start`` opens its line and a neighbouring line's key has its
    separator in the same column (a column-aligned hashtable or object)."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    column = separator - line_start
    previous_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    next_start = text.find("\n", separator)
    for begin in (previous_start if line_start > 0 else -1, next_start + 1 if next_start >= 0 else -1):
        if begin < 0:
            continue
        match = _KEY_LINE.match(text, begin)
        if match is not None and match.end() - 1 - begin == column:
            return True
    return False


class Language:
    """Rules of one language family; the defaults report rather than guess."""

    name: ClassVar[str] = "text"
    #: Characters that end an entry of an object literal (at bracket depth 0).
    entry_stops: ClassVar[str] = ","
    #: Whether a line break ends an entry of an object literal (PowerShell hashtables).
    entry_line_ends: ClassVar[bool] = False
    #: Characters that end a statement; whether a line break ends one, and the line
    #: endings that continue it.
    statement_stops: ClassVar[str] = ";"
    statement_line_ends: ClassVar[bool] = True
    continuations: ClassVar[tuple[str, ...]] = (
        "\\",
        ",",
        "+",
        "-",
        "*",
        "/",
        "=",
        "(",
        "[",
        "{",
        "|",
        "&",
        "?",
        ":",
    )
    #: Keys of object literals may be written ``"Key" = value`` (PowerShell).
    equals_keys: ClassVar[bool] = False

    def lex(self, text: str) -> RegionMap:
        raise NotImplementedError

    def wrap(self, key: str, separator: str) -> tuple[str, str]:
        """What goes before and after a value to make it an object holding ``Name``.

        ``key`` is the key as written (``ManagedObject``, ``"ManagedObject"``) and
        ``separator`` what stood between it and the value (``": "``, `` = ``), so that the
        new key is quoted and spaced the same way.
        """
        return "{" + key.replace("ManagedObject", "Name") + separator.strip() + " ", "}"

    def is_documentation(self, rw: Rewriter, region: Region) -> bool:
        """Whether a string literal is documentation (a Python docstring), treated as a comment."""
        return False

    def finish(self, rw: Rewriter) -> None:
        """Run after every name was handled (PowerShell raises ConvertTo-Json -Depth)."""

    def join_words(self, rw: Rewriter, value: int, quote: str) -> int | None:
        """End of a JSON string value that continues past its literal (shell words)."""
        return None

    # -- names in code ---------------------------------------------------------------

    def code_hit(self, rw: Rewriter, name: str, start: int, end: int) -> None:
        if self.declares(rw, name):
            return
        rw.report(start, f"{name} in code where no rule applies: check by hand")

    def declares(self, rw: Rewriter, name: str) -> bool:
        """Whether the script declares or imports a type of that name (an unrelated class)."""
        cached = rw.cache.get(f"declares:{name}")
        if cached is None:
            pattern = (
                rf"\b(?:class|struct|interface|enum|record|type|import|from)[ \t]+"
                rf"(?:[\w.]+[ \t]+import[ \t]+)?(?:[\w, \t{{(]*\b)?{name}\b"
            )
            cached = re.search(pattern, rw.text) is not None
            rw.cache[f"declares:{name}"] = cached
        return bool(cached)

    def member_hit(self, rw: Rewriter, name: str, start: int, end: int, optional: bool = False) -> None:
        """``x.ManagedObject``: a read becomes ``x.MonitoringPlan.Name``, a write wraps the value."""
        text = rw.text
        if name == "AuditedSystem":
            rw.replace(start, end, "DataSource")
            rw.change(start, "property AuditedSystem renamed DataSource")
            return
        after = next_code(text, end, rw.regions, newlines=False)
        ahead = text[after : after + 2]
        if ahead[:1] == "=" and ahead != "==":
            self.assign(rw, start, end, after, "MonitoringPlan", f"{name}")
            return
        if len(ahead) == 2 and ahead[1] == "=" and ahead[0] in "+-*/%?|&":
            rw.report(start, f"compound assignment to {name}: rewrite it by hand")
            return
        if ahead[:1] == "(":
            rw.report(start, f"{name}(...) is a method call, not a record property: check by hand")
            return
        rw.replace(start, end, "MonitoringPlan?.Name" if optional else "MonitoringPlan.Name")
        rw.change(start, f"property {name} read as MonitoringPlan.Name")

    def assign(self, rw: Rewriter, start: int, end: int, equals: int, new: str, key: str) -> None:
        """``target = value``: rename the target and wrap the value as an object holding Name."""
        text = rw.text
        value = next_code(text, equals + 1, rw.regions)
        value_end = scan_value(
            text,
            value,
            rw.regions,
            self.statement_stops,
            line_ends=self.statement_line_ends,
            continuations=self.continuations,
        )
        if value_end <= value:
            rw.report(start, "assignment without a value: check by hand")
            return
        before, after = self.wrap(key, ": ")
        rw.replace(start, end, new)
        rw.insert(value, before)
        rw.insert(value_end, after)
        rw.builds_records = True
        rw.change(start, "assignment of ManagedObject now builds MonitoringPlan{Name}")

    # -- keys of object literals -----------------------------------------------------

    def rename_key(self, rw: Rewriter, start: int, end: int, separator: int, new_key: str) -> None:
        """Rename a key; when keys are aligned (``Who           = ...``), keep the alignment."""
        text = rw.text
        gap = text[end:separator]
        if gap and gap.strip(" ") == "" and (len(gap) > 1 or _aligned(text, start, separator)):
            width = max(1, len(gap) + (end - start) - len(new_key))
            rw.replace(start, separator, new_key + " " * width)
        else:
            rw.replace(start, end, new_key)

    def key_hit(self, rw: Rewriter, name: str, start: int, end: int, separator: int, opener: int) -> None:
        """A key (``ManagedObject =``, ``"ManagedObject":``) of the object opened at ``opener``."""
        text = rw.text
        key = text[start:end]
        new_key = key.replace(name, NEW_NAME[name])
        if name == "AuditedSystem":
            self.rename_key(rw, start, end, separator, new_key)
            rw.change(start, "key AuditedSystem renamed DataSource")
            return
        context = rw.object_context(opener)
        if context == "filter":
            self.rename_key(rw, start, end, separator, new_key)
            rw.change(
                start,
                "search filter key ManagedObject renamed MonitoringPlan (the value stays the plan name)",
            )
            return
        if context == "unknown":
            rw.report(
                start,
                "ManagedObject key in an object that is neither clearly a record nor a FilterList: "
                "a record needs MonitoringPlan = {Name = ...}, a filter list MonitoringPlan = name",
            )
            return
        value = next_code(text, separator + 1, rw.regions)
        value_end = scan_value(
            text,
            value,
            rw.regions,
            self.entry_stops,
            line_ends=self.entry_line_ends,
            continuations=self.continuations,
        )
        if value_end <= value:
            rw.report(start, "ManagedObject key without a value: check by hand")
            return
        before, after = self.wrap(key, text[end:value])
        self.rename_key(rw, start, end, separator, new_key)
        rw.insert(value, before)
        rw.insert(value_end, after)
        rw.builds_records = True
        rw.change(start, "record key ManagedObject now holds MonitoringPlan{Name}")

    # -- string literals equal to a name ---------------------------------------------

    def literal_hit(self, rw: Rewriter, name: str, region: Region) -> None:
        """A string literal that is exactly ``ManagedObject`` or ``AuditedSystem``."""
        text = rw.text
        before = prev_code(text, region.literal_start, rw.regions)
        after = next_code(text, region.literal_end, rw.regions)
        b = text[before] if before >= 0 else ""
        a = text[after] if after < len(text) else ""
        if b == "[" and a == "]":
            self.index_hit(rw, name, region, after)
            return
        is_key = (a == ":" and text[after : after + 2] != "::") or (
            self.equals_keys and a == "=" and text[after : after + 2] != "=="
        )
        if is_key:
            opener = rw.enclosing(region.literal_start)
            if opener >= 0 and text[opener] == "{":
                self.key_hit(rw, name, region.literal_start, region.literal_end, after, opener)
                return
        if strings.in_xpath_call(rw, region):
            new = strings.xpath_step_text(name, "")
            rw.replace(region.body_start, region.body_end, new)
            rw.change(region.body_start, f"XPath step {name} rewritten {new}")
            return
        if self.special_literal(rw, name, region, before, after):
            return
        if b in (":", "=") and _key_before(text, before) == "PropertyName":
            return  # data: a Detail named after the 8.x field (what migrate --audited-system detail writes)
        if name == "AuditedSystem":
            rw.replace(region.body_start, region.body_end, "DataSource")
            rw.change(region.body_start, "name AuditedSystem renamed DataSource")
            return
        rw.report(region.body_start, _plain_literal_reason(text, before))

    def special_literal(self, rw: Rewriter, name: str, region: Region, before: int, after: int) -> bool:
        """Language-specific uses of a name literal (``.get("...")``, ``GetProperty``)."""
        return False

    def index_write_allowed(self) -> bool:
        return True

    def index_hit(self, rw: Rewriter, name: str, region: Region, close: int) -> None:
        """``rec["ManagedObject"]``: a read gains ``["Name"]``; a write wraps the value."""
        text = rw.text
        open_delim = text[region.literal_start : region.body_start]
        close_delim = text[region.body_end : region.literal_end]
        if name == "AuditedSystem":
            rw.replace(region.body_start, region.body_end, "DataSource")
            rw.change(region.body_start, f"index {open_delim}AuditedSystem{close_delim} renamed DataSource")
            return
        after = next_code(text, close + 1, rw.regions, newlines=False)
        ahead = text[after : after + 2]
        if ahead[:1] == "=" and ahead != "==":
            if not self.index_write_allowed():
                rw.report(
                    region.body_start, f"assignment to [{open_delim}{name}{close_delim}]: rewrite it by hand"
                )
                return
            self.assign(
                rw,
                region.body_start,
                region.body_end,
                after,
                "MonitoringPlan",
                f"{open_delim}{name}{close_delim}",
            )
            return
        if len(ahead) == 2 and ahead[1] == "=" and ahead[0] in "+-*/%?|&":
            rw.report(region.body_start, "compound assignment to ManagedObject: rewrite it by hand")
            return
        rw.replace(region.body_start, region.body_end, "MonitoringPlan")
        rw.insert(close + 1, f"[{open_delim}Name{close_delim}]")
        rw.change(
            region.body_start,
            f"index [{open_delim}{name}{close_delim}] read as [..MonitoringPlan..][..Name..]",
        )


def _key_before(text: str, separator: int) -> str | None:
    """The key name written just before the ``:`` or ``=`` at ``separator``, if any."""
    match = re.search(r"""["'`]?(\w+)["'`]?\s*$""", text[max(0, separator - 64) : separator])
    return match.group(1) if match else None
