"""What a payload migration is asked to do, and what planning it produces.

A *plan* is the list of text edits that migrate a document plus the notes that explain
them (changes) or stop it (errors). The XML and JSON planners
(:mod:`~nwx_schema.migration.plan_xml`, :mod:`~nwx_schema.migration.plan_json`) fill it
in; :mod:`~nwx_schema.migration.payload` applies it and validates the result.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal, get_args

from nwx_schema.codes import severity_of
from nwx_schema.locations import Path
from nwx_schema.migration.edits import Edit
from nwx_schema.versions import ApiVersion

AuditedSystemMode = Literal["datasource", "detail", "drop"]
AUDITED_SYSTEM_MODES: Final[tuple[AuditedSystemMode, ...]] = get_args(AuditedSystemMode)

#: Codes of notes that describe a change made (the others are findings).
CHANGE_CODES: Final = frozenset(
    {"NWX810", "NWX811", "NWX812", "NWX813", "NWX814", "NWX815", "NWX816", "NWX817"}
)


@dataclass(frozen=True, slots=True)
class MigrateOptions:
    """Options of :func:`nwx_schema.migration.migrate`.

    Attributes:
        to: target API version, ``"9.0"`` (from 8.5) or ``"8.5"`` (from 9.0).
        plan_map: plan names to rename on the way (``OLD -> NEW``), applied to the plan
            names migrated (record values and MonitoringPlan/ManagedObject filter values).
        item: add ``Item{Name}`` with this name to every record migrated that has none
            (9.0 only).
        audited_system: where ``AuditedSystem`` of a record goes (9.0 only):
            ``datasource`` (renamed), ``detail`` (kept as a Detail whose PropertyName is
            AuditedSystem and whose After is the value, because the server overwrites
            DataSource of records written) or ``drop``.
        allow_loss: towards 8.5, drop Item, MonitoringPlan/ID and Item filters instead of
            refusing.
    """

    to: ApiVersion = "9.0"
    plan_map: Mapping[str, str] = field(default_factory=dict)
    item: str | None = None
    audited_system: AuditedSystemMode = "datasource"
    allow_loss: bool = False

    def __post_init__(self) -> None:
        if self.audited_system not in AUDITED_SYSTEM_MODES:
            raise ValueError(f"audited_system must be one of {', '.join(AUDITED_SYSTEM_MODES)}")
        if self.to == "8.5" and (self.item is not None or self.audited_system != "datasource"):
            raise ValueError("item and audited_system apply to migrations towards 9.0 only")
        if self.item is not None and not self.item:
            raise ValueError("the item name must not be empty")
        if any(not new for new in self.plan_map.values()):
            raise ValueError("a plan cannot be renamed to an empty name")


@dataclass(frozen=True, slots=True)
class Note:
    """A change made or a reason to stop, at a character offset of the original text."""

    code: str
    offset: int
    path: Path
    message: str

    @property
    def is_change(self) -> bool:
        return self.code in CHANGE_CODES

    @property
    def is_error(self) -> bool:
        return not self.is_change and severity_of(self.code) == "error"


@dataclass(slots=True)
class Plan:
    """Edits to apply and notes to report, filled in by a planner."""

    edits: list[Edit] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def note(self, code: str, offset: int, path: Path, message: str) -> None:
        self.notes.append(Note(code, offset, path, message))

    def replace(self, start: int, end: int, text: str) -> None:
        self.edits.append(Edit(start, end, text))

    def insert(self, pos: int, text: str) -> None:
        self.edits.append(Edit(pos, pos, text))

    @property
    def blocked(self) -> bool:
        """True when a note is an error: the migration must not be written."""
        return any(n.is_error for n in self.notes)
