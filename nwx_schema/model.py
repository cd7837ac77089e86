"""The declarative description of every Activity Record document, per API version.

This module is the single source of truth: the XSD and JSON Schema files in ``schemas/``
are generated from it (:mod:`nwx_schema.schemagen`), the validator checks documents
against it, and the converters map XML to JSON and back through it.

Where the public reference is silent, the choice made here is the strict one and is
written down in ``schemas/README.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final, Literal

from nwx_schema.versions import ApiVersion, Kind

NS_RECORDS: Final = "http://schemas.netwrix.com/api/v1/activity_records/"
NS_ERRORS: Final = "http://schemas.netwrix.com/api/v1/"

Role = Literal["input", "output"]
ScalarType = Literal["string", "datetime", "action", "boolean"]
BOTH: Final[frozenset[Role]] = frozenset({"input", "output"})
OUTPUT_ONLY: Final[frozenset[Role]] = frozenset({"output"})

#: The 23 values of ``Action`` (filter reference, S9; Netwrix's own client, S19).
ACTIONS: Final[tuple[str, ...]] = (
    "Added",
    "Add (Failed Attempt)",
    "Removed",
    "Remove (Failed Attempt)",
    "Modified",
    "Modify (Failed Attempt)",
    "Read",
    "Read (Failed Attempt)",
    "Moved",
    "Move (Failed Attempt)",
    "Renamed",
    "Rename (Failed Attempt)",
    "Checked in",
    "Checked out",
    "Discard check out",
    "Successful Logon",
    "Failed Logon",
    "Logoff",
    "Copied",
    "Sent",
    "Session start",
    "Session end",
    "Activated",
)

_YEAR: Final = "(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_LEAP_YEAR: Final = "([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
#: Real calendar dates only (month lengths, leap years), years 0001-9999.
_DATE: Final = (
    f"({_YEAR}-((0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)"
    f"|02-(0[1-9]|1[0-9]|2[0-8]))|{_LEAP_YEAR}-02-29)"
)
_ZONE: Final = "(Z|[+\\-](0[0-9]|1[0-3]):[0-5][0-9]|[+\\-]14:00)"
_TIME: Final = "([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\\.[0-9]+)?"

#: ``When``: ``YYYY-MM-DDTHH:MM:SS`` with optional fraction and a required zone
#: (``Z``, ``+HH:MM`` or ``-HH:MM``), on a real calendar date. Unanchored; XSD patterns
#: are anchored implicitly. The XSD applies it to ``xs:string`` (not ``xs:dateTime``,
#: whose white-space collapsing would accept `` 2024-...Z `` that JSON refuses).
DATETIME_PATTERN: Final = f"{_DATE}T{_TIME}{_ZONE}"
#: ``WorkingHours/From`` and ``/To``: ``HH:MM:SS`` with a required zone.
TIME_PATTERN: Final = f"{_TIME}{_ZONE}"
#: ``IsArchiveOnly``: ``xs:boolean`` restricted to its canonical spellings, so that XML
#: and JSON map one to one (``1`` and ``0`` are refused).
BOOLEAN_PATTERN: Final = "true|false"


@dataclass(frozen=True, slots=True)
class Scalar:
    """A leaf value: text in XML, a string (or a boolean) in JSON."""

    type: ScalarType = "string"
    min_length: int = 0
    max_length: int | None = None


@dataclass(frozen=True, slots=True)
class Group:
    """An element with child elements, any order, each at most once (``xs:all``).

    In JSON it is an object whose keys are the child names.
    """

    name: str
    fields: tuple[Field, ...]

    def get(self, name: str) -> Field | None:
        for item in self.fields:
            if item.name == name:
                return item
        return None

    def for_role(self, role: Role) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if role in f.roles)


@dataclass(frozen=True, slots=True)
class ListOf:
    """A wrapper element holding repeated item elements; a JSON array of the items."""

    item_name: str
    item: Group
    min_items: int = 1


@dataclass(frozen=True, slots=True)
class Field:
    """One child of a :class:`Group`."""

    name: str
    value: Scalar | Group | ListOf
    required: bool = False
    roles: frozenset[Role] = BOTH
    doc: str = ""


@dataclass(frozen=True, slots=True)
class Filter:
    """One search filter of ``ActivityRecordSearch/FilterList``."""

    name: str
    value: Literal["string", "action", "when", "workinghours"]
    operators: tuple[str, ...]
    default: str
    max_length: int | None = None
    doc: str = ""


@dataclass(frozen=True, slots=True)
class DocumentModel:
    """Everything known about the documents of one API version."""

    version: ApiVersion
    record: Group
    filters: tuple[Filter, ...]
    error: Group

    def filter(self, name: str) -> Filter | None:
        for item in self.filters:
            if item.name == name:
                return item
        return None


# --- building blocks ----------------------------------------------------------------

REQUIRED_TEXT: Final = Scalar("string", min_length=1)
REQUIRED_TEXT_255: Final = Scalar("string", min_length=1, max_length=255)
TEXT: Final = Scalar("string")

STRING_OPERATORS: Final = (
    "Contains",
    "DoesNotContain",
    "Equals",
    "NotEqualTo",
    "StartsWith",
    "EndsWith",
)
WHO_OPERATORS: Final = (*STRING_OPERATORS, "InGroup", "NotInGroup")
EQUALITY_OPERATORS: Final = ("Equals", "NotEqualTo")
OPERATORS: Final = WHO_OPERATORS
#: Operators whose repeated entries combine with AND (all others combine with OR).
NEGATIVE_OPERATORS: Final = frozenset({"DoesNotContain", "NotEqualTo", "NotInGroup"})
TIMEFRAMES: Final = ("Today", "Yesterday", "LastSevenDays", "LastThirtyDays")

DETAIL: Final = Group(
    "Detail",
    (
        Field("PropertyName", REQUIRED_TEXT_255, required=True, doc="name of the changed property"),
        Field("Before", TEXT, doc="value before the change"),
        Field("After", TEXT, doc="value after the change"),
        Field("Message", TEXT, roles=OUTPUT_ONLY, doc="object-specific text (output only)"),
    ),
)

_COMMON_HEAD: Final = (
    Field(
        "RID",
        Scalar("string", min_length=1, max_length=49),
        roles=OUTPUT_ONLY,
        doc="unique record id assigned when the record is written (output only)",
    ),
    Field("Who", REQUIRED_TEXT_255, required=True, doc="account that made the change"),
    Field("Action", Scalar("action"), required=True, doc="one of the 23 documented actions"),
    Field("What", REQUIRED_TEXT, required=True, doc="object that changed"),
    Field("When", Scalar("datetime"), required=True, doc="time of the change, with a zone"),
    Field("Where", REQUIRED_TEXT_255, required=True, doc="resource where the change was made"),
    Field("ObjectType", REQUIRED_TEXT_255, required=True, doc="type of the changed object"),
)

_COMMON_TAIL: Final = (
    Field("Workstation", TEXT, doc="originating host or address"),
    Field("IsArchiveOnly", Scalar("boolean"), doc="write to the Long-Term Archive only"),
    Field("DetailList", ListOf("Detail", DETAIL), doc="one or more property changes"),
)

RECORD_9_0: Final = Group(
    "ActivityRecord",
    (
        *_COMMON_HEAD,
        Field(
            "MonitoringPlan",
            Group(
                "MonitoringPlan",
                (
                    Field("ID", REQUIRED_TEXT, doc="plan id, assigned by the product"),
                    Field("Name", REQUIRED_TEXT_255, required=True, doc="plan name"),
                ),
            ),
            doc="monitoring plan the record belongs to",
        ),
        Field("DataSource", TEXT, doc='data source; set to "Netwrix API" on input'),
        Field(
            "Item",
            Group("Item", (Field("Name", REQUIRED_TEXT, required=True, doc="item name"),)),
            doc="item of the monitoring plan",
        ),
        *_COMMON_TAIL,
    ),
)

RECORD_8_5: Final = Group(
    "ActivityRecord",
    (
        *_COMMON_HEAD,
        Field("AuditedSystem", TEXT, doc="audited system (9.0: DataSource)"),
        Field(
            "ManagedObject",
            Scalar("string", min_length=1, max_length=255),
            doc="managed object (9.0: MonitoringPlan/Name)",
        ),
        *_COMMON_TAIL,
    ),
)

_BIG: Final = 1073741822
_BEFORE_AFTER: Final = 536870911


def _string_filter(name: str, max_length: int, operators: tuple[str, ...] = STRING_OPERATORS) -> Filter:
    return Filter(name, "string", operators, "Contains", max_length)


_FILTERS_HEAD: Final = (
    _string_filter("RID", 49),
    _string_filter("Who", 255, WHO_OPERATORS),
    _string_filter("Where", 255),
    _string_filter("ObjectType", 255),
    _string_filter("What", _BIG),
)
_FILTERS_TAIL: Final = (
    _string_filter("Workstation", _BIG),
    _string_filter("Detail", _BIG),
    _string_filter("Before", _BEFORE_AFTER),
    _string_filter("After", _BEFORE_AFTER),
    Filter("Action", "action", EQUALITY_OPERATORS, "Equals"),
    Filter("When", "when", EQUALITY_OPERATORS, "Equals"),
    Filter("WorkingHours", "workinghours", EQUALITY_OPERATORS, "Equals"),
)

FILTERS_9_0: Final = (
    *_FILTERS_HEAD,
    _string_filter("DataSource", _BIG),
    _string_filter("MonitoringPlan", 255),
    _string_filter("Item", _BIG),
    *_FILTERS_TAIL,
)
FILTERS_8_5: Final = (
    *_FILTERS_HEAD,
    _string_filter("AuditedSystem", _BIG),
    _string_filter("ManagedObject", 255),
    *_FILTERS_TAIL,
)

ERROR: Final = Group(
    "Error",
    (
        Field("Category", REQUIRED_TEXT, required=True, doc="XMLError, InputError, ServerError..."),
        Field("Description", TEXT, required=True, doc="what went wrong"),
        Field("Location", TEXT, doc="where in the request, in XML terms"),
    ),
)

#: 8.5 name -> (9.0 field path) for the record properties renamed in 9.0.
LEGACY_RENAMES: Final[dict[str, tuple[str, ...]]] = {
    "AuditedSystem": ("DataSource",),
    "ManagedObject": ("MonitoringPlan", "Name"),
}

#: Root element (XML) per kind; ``None`` where JSON has no root name.
XML_ROOTS: Final[dict[Kind, str]] = {
    "input": "ActivityRecordList",
    "output": "ActivityRecordList",
    "search": "ActivityRecordSearch",
    "continuation": "ContinuationMark",
    "errors": "ErrorList",
}


def namespace_for(kind: Kind) -> str:
    """The XML namespace of a document kind."""
    return NS_ERRORS if kind == "errors" else NS_RECORDS


@cache
def document_model(version: ApiVersion) -> DocumentModel:
    """The model of one API version (``"8.5"`` or ``"9.0"``)."""
    if version == "8.5":
        return DocumentModel("8.5", RECORD_8_5, FILTERS_8_5, ERROR)
    return DocumentModel("9.0", RECORD_9_0, FILTERS_9_0, ERROR)
