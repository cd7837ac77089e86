"""Realistic findings for the benchmark records: the warnings mix of add-ons that set no
plan or item, and the mistakes that break a share of the records, each known to give
exactly one finding of a known code (so that the expected report is computed from what
was broken, never by running nwx-schema).

Every mistake keeps the document well-formed: the XML and JSON forms carry the same
broken record, and the document is still read to the end.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from typing import Final

from benchmarks.records import Record
from benchmarks.values import DATA_SOURCES, MESSAGES, PROPERTIES

#: Shares of the warnings mix, drawn independently per record (some records lack both).
NO_PLAN: Final = 0.20  # no MonitoringPlan: NWX603
NO_ITEM: Final = 0.40  # no Item: NWX604
WITH_DATA_SOURCE: Final = 0.03  # DataSource written in input: NWX600


def add_warnings(rec: Record, rng: random.Random, found: Counter[str]) -> None:
    """Apply the warnings mix to one record (three independent draws) and count them."""
    if rng.random() < NO_PLAN:
        del rec["MonitoringPlan"]
        found["NWX603"] += 1
    if rng.random() < NO_ITEM:
        del rec["Item"]
        found["NWX604"] += 1
    if rng.random() < WITH_DATA_SOURCE:
        _insert_after(rec, "Where", "DataSource", rng.choice(DATA_SOURCES))
        found["NWX600"] += 1


def _insert_after(rec: Record, after: str, key: str, value: object) -> None:
    items = list(rec.items())
    at = next((i + 1 for i, (k, _) in enumerate(items) if k == after), len(items))
    items.insert(at, (key, value))
    rec.clear()
    rec.update(items)


def _details(rec: Record, rng: random.Random) -> list[Record]:
    """The record's DetailList, given one detail first when it has none."""
    if "DetailList" not in rec:
        rec["DetailList"] = [{"PropertyName": rng.choice(PROPERTIES), "Before": "", "After": "1"}]
    details: list[Record] = rec["DetailList"]
    return details


# --- mistakes: each breaks one record and returns the one code it must give ------------


def rid_in_input(rec: Record, rng: random.Random) -> str:
    """RID copied from an enum/search answer into a record written."""
    rid = rec["When"][:19].replace("-", "").replace("T", "").replace(":", "") + f"{rng.randrange(1000):03d}"
    items = [("RID", rid + f"{rng.getrandbits(128):032x}"), *rec.items()]
    rec.clear()
    rec.update(items)
    return "NWX306"


def message_in_input(rec: Record, rng: random.Random) -> str:
    """A detail with Message (output only) instead of Before/After."""
    details = _details(rec, rng)
    details[0] = {"PropertyName": details[0]["PropertyName"], "Message": rng.choice(MESSAGES)}
    return "NWX306"


def action_wrong_case(rec: Record, rng: random.Random) -> str:
    action: str = rec["Action"]
    rec["Action"] = action.lower() if rng.random() < 0.7 else action.upper()
    return "NWX400"


def action_unknown(rec: Record, rng: random.Random) -> str:
    rec["Action"] = rng.choice(("Deleted", "Created", "Changed", "Updated", "Logon"))
    return "NWX400"


def when_without_zone(rec: Record, rng: random.Random) -> str:
    when: str = rec["When"]
    rec["When"] = when[:-1] if when.endswith("Z") else when[:-6]
    return "NWX402"


def when_impossible(rec: Record, rng: random.Random) -> str:
    """A day the month does not have (the time and zone are kept)."""
    rec["When"] = rng.choice(("2023-02-29", "2024-02-30", "2024-04-31", "2024-09-31")) + rec["When"][10:]
    return "NWX403"


def _missing(field: str) -> Callable[[Record, random.Random], str]:
    def drop(rec: Record, rng: random.Random) -> str:
        del rec[field]
        return "NWX300"

    drop.__name__ = f"missing_{field.lower()}"
    return drop


def value_too_long(rec: Record, rng: random.Random) -> str:
    """256 characters where 255 is the limit (counted in characters, accents included)."""
    field = rng.choice(("Who", "Where", "ObjectType"))
    prefix = {"Who": "CORP\\", "Where": "srv-", "ObjectType": "Obj-"}[field]
    rec[field] = (prefix + "é" * 200).ljust(256, "x")
    return "NWX305"


def unknown_field(rec: Record, rng: random.Random) -> str:
    key, value = rng.choice((("Severity", "High"), ("Comment", "imported by script"), ("Foo", "bar")))
    rec[key] = value
    return "NWX301"


def empty_property_name(rec: Record, rng: random.Random) -> str:
    _details(rec, rng)[0]["PropertyName"] = ""
    return "NWX304"


def empty_who(rec: Record, rng: random.Random) -> str:
    rec["Who"] = ""
    return "NWX304"


def detail_without_property_name(rec: Record, rng: random.Random) -> str:
    del _details(rec, rng)[0]["PropertyName"]
    return "NWX300"


def empty_detail_list(rec: Record, rng: random.Random) -> str:
    rec["DetailList"] = []
    return "NWX309"


def archive_flag_as_text(rec: Record, rng: random.Random) -> str:
    rec["IsArchiveOnly"] = rng.choice(("maybe", "yes", "1"))
    return "NWX405"


Mistake = Callable[[Record, random.Random], str]

#: The mistakes and their weights (the most common ones first).
MISTAKES: Final[tuple[tuple[Mistake, int], ...]] = (
    (action_wrong_case, 12),
    (when_without_zone, 12),
    (rid_in_input, 10),
    (_missing("Who"), 6),
    (_missing("When"), 6),
    (_missing("Action"), 6),
    (action_unknown, 8),
    (when_impossible, 6),
    (value_too_long, 8),
    (unknown_field, 8),
    (message_in_input, 6),
    (empty_property_name, 4),
    (empty_who, 3),
    (detail_without_property_name, 2),
    (empty_detail_list, 2),
    (archive_flag_as_text, 1),
)
_FUNCTIONS: Final = [m for m, _ in MISTAKES]
_WEIGHTS: Final = [w for _, w in MISTAKES]


class Breaker:
    """Breaks exactly ``round(share * records)`` records (at least one) of a document, chosen evenly at
    random as they stream by (selection sampling), each with one mistake, and applies the
    warnings mix to every record; ``found`` counts the findings each code must give."""

    def __init__(self, seed: str, records: int, share: float, *, warnings: bool = True) -> None:
        self.mix = random.Random(f"{seed}/warnings")
        self.faults = random.Random(f"{seed}/mistakes/{share}")
        self.records = records
        self.left = max(1, round(share * records)) if share else 0  # at least one
        self.warnings = warnings
        self.found: Counter[str] = Counter()
        self.broken: list[int] = []

    def apply(self, index: int, rec: Record) -> None:
        if self.warnings:
            add_warnings(rec, self.mix, self.found)
        if self.left and self.faults.random() * (self.records - index) < self.left:
            self.left -= 1
            mistake = self.faults.choices(_FUNCTIONS, _WEIGHTS)[0]
            self.found[mistake(rec, self.faults)] += 1
            self.broken.append(index)


#: The API reference's limits behind the two document-level warnings.
MAX_RECORDS: Final = 1_000  # more: NWX601
MAX_BYTES: Final = 50 * 1000 * 1000  # more: NWX602


def expected_report(found: Counter[str], records: int, size: int) -> dict[str, object]:
    """What ``nwx-schema validate`` must report on a document of ``records`` records and
    ``size`` bytes whose records were broken as ``found`` counts: the findings per code,
    the errors and warnings (``NWX6xx`` are warnings), and the exit code."""
    counts = Counter(found)
    if records > MAX_RECORDS:
        counts["NWX601"] += 1
    if size > MAX_BYTES:
        counts["NWX602"] += 1
    warnings = sum(n for code, n in counts.items() if code.startswith("NWX6"))
    errors = sum(counts.values()) - warnings
    return {
        "records": records,
        "bytes": size,
        "counts": dict(sorted(counts.items())),
        "errors": errors,
        "warnings": warnings,
        "exit": 1 if errors else 0,
    }
