"""The rewrite of one script: every legacy name found, classified, rewritten or reported.

Every occurrence of ``ManagedObject`` or ``AuditedSystem`` (as a whole word: the plural
``ManagedObjects`` of the product's internal configuration never matches) is claimed by
exactly one rule: a rewrite, a deliberate skip, or a report for a human (NWX822) or about
a comment (NWX823). Nothing is left unexplained and nothing is guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal

from nwx_schema.migration.edits import Edit
from nwx_schema.migration.scripts import strings
from nwx_schema.migration.scripts.regions import Region, RegionMap, enclosing_open, top_level_text

if TYPE_CHECKING:
    from nwx_schema.migration.scripts.language import Language

NAMES: Final = re.compile(r"(?<![\w$])(ManagedObject|AuditedSystem)(?!\w)")
NEW_NAME: Final = {"ManagedObject": "MonitoringPlan", "AuditedSystem": "DataSource"}

#: Keys that only a record has (a FilterList has none of them).
RECORD_KEYS: Final = frozenset({"DetailList", "IsArchiveOnly"})
#: Keys that records and filter lists share.
SHARED_KEYS: Final = frozenset({"Who", "Action", "What", "When", "Where", "ObjectType", "Workstation", "RID"})
#: Keys that only a filter list has.
FILTER_KEYS: Final = frozenset({"Detail", "Before", "After", "WorkingHours"})
_KEY: Final = re.compile(r"""(?<![\w$.])["']?([A-Za-z]+)["']?\s*[:=](?![=:])""")

Context = Literal["record", "filter", "unknown"]


@dataclass(frozen=True, slots=True)
class ScriptNote:
    """A change made or a place reported, at a character offset of the script."""

    code: str
    offset: int
    message: str


@dataclass(slots=True)
class Rewriter:
    """Applies a language's rules to one script."""

    text: str
    language: Language
    regions: RegionMap = field(init=False)
    edits: list[Edit] = field(default_factory=list)
    notes: list[ScriptNote] = field(default_factory=list)
    builds_records: bool = False
    cache: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.regions = self.language.lex(self.text)

    # -- outcome ---------------------------------------------------------------------

    def change(self, offset: int, message: str) -> None:
        self.notes.append(ScriptNote("NWX820", offset, message))

    def report(self, offset: int, message: str) -> None:
        self.notes.append(ScriptNote("NWX822", offset, message))

    def replace(self, start: int, end: int, text: str) -> None:
        self.edits.append(Edit(start, end, text))

    def insert(self, pos: int, text: str) -> None:
        self.edits.append(Edit(pos, pos, text))

    # -- the walk --------------------------------------------------------------------

    def run(self) -> None:
        """Find every legacy name and hand it to the rule for where it stands."""
        for match in NAMES.finditer(self.text):
            name = match.group(1)
            region = self.regions.at(match.start())
            if region is None:
                self.language.code_hit(self, name, match.start(), match.end())
            elif region.kind == "comment" or self.language.is_documentation(self, region):
                self.notes.append(
                    ScriptNote("NWX823", match.start(), f"{name} in a comment or docstring: never changed")
                )
            elif region.whole and self.text[region.body_start : region.body_end] == name:
                self.language.literal_hit(self, name, region)
            else:
                strings.text_hit(self, name, match.start(), match.end(), region)
        self.language.finish(self)

    # -- shared analysis -------------------------------------------------------------

    def object_context(self, open_pos: int, key_pattern: str = r"FilterList") -> Context:
        """Whether the object literal opened at ``open_pos`` is a record or a filter list.

        A filter list is the value of a ``FilterList`` key, or holds a filter-only key
        (Detail, Before, After, WorkingHours); a record holds a record-only key
        (DetailList, IsArchiveOnly) or two of the keys both share. Otherwise unknown.
        """
        before = self.text[max(0, open_pos - 80) : open_pos]
        owner = re.search(r"""["'`\\]*(\w+)["'`\\]*\s*[:=]\s*(?:new\s*)?(?:\[\w+\]\s*)?@?$""", before)
        if owner is not None and re.fullmatch(key_pattern, owner.group(1), re.IGNORECASE):
            return "filter"
        body = top_level_text(self.text, open_pos, self.regions)
        keys = {m.group(1) for m in _KEY.finditer(body)}
        if keys & FILTER_KEYS:
            return "filter"
        if keys & RECORD_KEYS or len(keys & SHARED_KEYS) >= 2:
            return "record"
        return "unknown"

    def enclosing(self, pos: int) -> int:
        return enclosing_open(self.text, pos, self.regions)

    def region_at(self, pos: int) -> Region | None:
        return self.regions.at(pos)
