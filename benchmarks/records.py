"""Records of the benchmark documents: made from a seed, optionally broken by a seeded
error, rendered as pretty XML (the JSON form is the record dict itself)."""

from __future__ import annotations

import base64
import random
from collections.abc import Callable
from datetime import timedelta
from typing import Any, Final

from benchmarks.values import (
    _ACTION_VALUES,
    _ACTION_WEIGHTS,
    _OFFSET_VALUES,
    _OFFSET_WEIGHTS,
    AFTERS,
    BASE_TIME,
    BEFORES,
    DATA_SOURCES,
    DOMAINS,
    FQDN,
    HOSTS,
    ITEM_TYPES,
    MESSAGES,
    OBJECT_TYPES,
    PATHS,
    PLANS,
    PROPERTIES,
    USERS,
    WHERES,
    format_when,
)

Record = dict[str, Any]


class RecordMaker:
    """Makes the records of one document; the same seed gives the same records."""

    def __init__(self, seed: str, kind: str) -> None:
        if kind not in ("input", "output"):
            raise ValueError(f"records are made for input or output documents, not {kind!r}")
        self.random = random.Random(seed)
        self.output = kind == "output"

    def record(self, index: int) -> Record:
        """Record number ``index`` (0-based) as the JSON form (a dict in field order)."""
        r = self.random
        moment = BASE_TIME + timedelta(seconds=r.randrange(365 * 86400))
        fraction = r.choice(("", "", "", ".123", ".4567891", ".5"))
        offset = r.choices(_OFFSET_VALUES, _OFFSET_WEIGHTS)[0]
        who = r.random()
        if who < 0.8:
            who_text = f"{r.choice(DOMAINS)}\\{r.choice(USERS)}"
        elif who < 0.95:
            who_text = f"{r.choice(USERS)}@{FQDN}"
        else:
            who_text = f"S-1-5-21-{r.randrange(10**9)}-{r.randrange(10**9)}-{r.randrange(10**9)}-{r.randrange(500, 99999)}"
        rec: Record = {}
        if self.output:
            rec["RID"] = (
                moment.strftime("%Y%m%d%H%M%S") + f"{r.randrange(1000):03d}" + f"{r.getrandbits(128):032x}"
            )
        rec["Who"] = who_text
        rec["ObjectType"] = r.choice(OBJECT_TYPES)
        rec["Action"] = r.choices(_ACTION_VALUES, _ACTION_WEIGHTS)[0]
        rec["What"] = r.choice(PATHS) + ("" if r.random() < 0.7 else f" ({index})")
        rec["When"] = format_when(moment, offset, fraction)
        rec["Where"] = r.choice(WHERES)
        # Add-ons send the plan and item they are configured with on every record (a record
        # without them is stored outside any plan: nwx-schema warns); answers carry them on
        # most records, with the plan ID and the item type the product adds.
        if not self.output or r.random() < 0.9:
            plan_id, plan_name = r.choice(PLANS)
            with_id = self.output or r.random() < 0.2
            rec["MonitoringPlan"] = {"ID": plan_id, "Name": plan_name} if with_id else {"Name": plan_name}
        if self.output and r.random() < 0.9:
            rec["DataSource"] = r.choice(DATA_SOURCES)
        if not self.output or r.random() < 0.8:
            name = f"{r.choice(HOSTS)}.{FQDN}" if r.random() < 0.6 else FQDN
            rec["Item"] = {"Name": f"{name} ({r.choice(ITEM_TYPES)})" if self.output else name}
        workstation = r.random()
        if workstation < 0.6:
            rec["Workstation"] = f"ws-{r.randrange(10000):04d}.{FQDN}"
        elif workstation < 0.8:
            rec["Workstation"] = f"10.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}"
        if r.random() < 0.3:
            rec["IsArchiveOnly"] = r.random() < 0.1
        if r.random() < 0.5:
            rec["DetailList"] = [self._detail() for _ in range(r.randint(1, 3))]
        return rec

    def _detail(self) -> Record:
        r = self.random
        detail: Record = {"PropertyName": r.choice(PROPERTIES)}
        if self.output and r.random() < 0.3:
            detail["Message"] = r.choice(MESSAGES)
        else:
            detail["Before"] = r.choice(BEFORES)
            detail["After"] = r.choice(AFTERS)
        return detail

    def continuation_mark(self) -> str:
        """An opaque mark in the product's style: base64 of a bookmark with a trailing NUL."""
        r = self.random
        guid = f"{r.getrandbits(128):032X}"
        text = f'<nr><n n="{{{guid[:8]}-{guid[8:12]}-{guid[12:16]}-{guid[16:20]}-{guid[20:]}}}"><a>{r.randrange(10**9)}</a></n></nr>'
        return base64.b64encode(text.encode() + b"\0").decode()


# --- seeded errors --------------------------------------------------------------------


def _drop_when(rec: Record) -> None:
    del rec["When"]


def _bad_action(rec: Record) -> None:
    rec["Action"] = "Deleted"


def _bad_when(rec: Record) -> None:
    rec["When"] = "2024-13-45 25:00"


def _long_who(rec: Record) -> None:
    rec["Who"] = "CORP\\" + "x" * 251


def _unknown_field(rec: Record) -> None:
    rec["Foo"] = "bar"


def _bad_boolean(rec: Record) -> None:
    rec["IsArchiveOnly"] = "maybe"


#: The six seeded errors of the ``input-findings`` documents, in the order they appear.
SEEDED_ERRORS: Final[tuple[Callable[[Record], None], ...]] = (
    _drop_when,
    _bad_action,
    _bad_when,
    _long_who,
    _unknown_field,
    _bad_boolean,
)


def seeded_positions(records: int) -> list[int]:
    """Indices of the records that get the seeded errors: spread evenly, all distinct."""
    count = min(len(SEEDED_ERRORS), records)
    return [(2 * k + 1) * records // (2 * count) for k in range(count)]


def xml_text(value: str) -> str:
    """Text content escaped as nwx-schema writes it (``&``, ``<``, ``>``, CR)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _xml_leaf(name: str, value: str, indent: str) -> str:
    if value == "":
        return f"{indent}<{name}/>\n"
    return f"{indent}<{name}>{xml_text(value)}</{name}>\n"


def record_xml(rec: Record, output: bool) -> str:
    """One record as pretty XML (2-space indentation, inside the root element)."""
    out = ["  <ActivityRecord>\n"]
    for key, value in rec.items():
        if key in ("MonitoringPlan", "Item"):
            out.append(f"    <{key}>\n")
            # Enum and search answers put Name before ID in XML (and ID first in JSON).
            keys = ("Name", "ID") if output else tuple(value)
            out.extend(_xml_leaf(k, value[k], "      ") for k in keys if k in value)
            out.append(f"    </{key}>\n")
        elif key == "DetailList":
            out.append("    <DetailList>\n")
            for detail in value:
                out.append("      <Detail>\n")
                out.extend(_xml_leaf(k, v, "        ") for k, v in detail.items())
                out.append("      </Detail>\n")
            out.append("    </DetailList>\n")
        elif isinstance(value, bool):
            out.append(f"    <{key}>{'true' if value else 'false'}</{key}>\n")
        else:
            out.append(_xml_leaf(key, value, "    "))
    out.append("  </ActivityRecord>\n")
    return "".join(out)
