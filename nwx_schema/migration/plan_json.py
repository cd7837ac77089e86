"""Planning the migration of a JSON document: which characters change, and why.

Keys are renamed in their own tokens and values are wrapped or unwrapped where they
stand, so that spacing, key order and escapes are kept. New members and objects reuse
the document's own separators (``": "`` or ``":"``, ``", "`` or ``","``) and the
indentation of their siblings.
"""

from __future__ import annotations

import json

from nwx_schema.locations import Path
from nwx_schema.migration.edits import line_indent
from nwx_schema.migration.json_edit import Member, Value, member_removal, separator
from nwx_schema.migration.options import MigrateOptions, Plan
from nwx_schema.versions import Kind


def detect_kind(root: Value) -> Kind | None:
    """The document kind from the root value (``None`` when it is none of the five)."""
    if root.kind == "array":
        return "input"
    if root.kind == "string":
        return "continuation"
    if root.kind == "object":
        for key, kind in (
            ("ActivityRecordList", "output"),
            ("FilterList", "search"),
            ("ErrorList", "errors"),
        ):
            if root.first(key) is not None:
                return kind  # type: ignore[return-value]
    return None


def _dumps(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


class JsonPlanner:
    """Plans the edits that migrate one JSON document."""

    def __init__(self, text: str, root: Value, kind: Kind | None, options: MigrateOptions) -> None:
        self.text = text
        self.root = root
        self.kind = kind
        self.options = options
        self.plan = Plan()

    def run(self) -> Plan:
        """Fill in and return the plan."""
        records: list[tuple[Path, Value]] = []
        if self.kind == "input" and self.root.kind == "array":
            records = [((i,), v) for i, v in enumerate(self.root.items)]
        elif self.kind == "output" and self.root.kind == "object":
            member = self.root.first("ActivityRecordList")
            if member is not None and member.value.kind == "array":
                records = [(("ActivityRecordList", i), v) for i, v in enumerate(member.value.items)]
        elif self.kind == "search" and self.root.kind == "object":
            member = self.root.first("FilterList")
            if member is not None and member.value.kind == "object":
                self._filters(member.value)
        legacy = any(
            r.first(n) is not None
            for _, r in records
            if r.kind == "object"
            for n in ("ManagedObject", "AuditedSystem")
        )
        for path, record in records:
            if record.kind != "object":
                continue
            if self.options.to == "9.0":
                self._record_to_9(record, path, legacy)
            else:
                self._record_to_8(record, path)
        return self.plan

    # -- helpers ---------------------------------------------------------------------

    def _rename(self, member: Member, key: str) -> None:
        self.plan.replace(member.key_start, member.key_end, _dumps(key))

    def _comma(self, obj: Value) -> str:
        """``","`` for a compact document, ``", "`` otherwise (for objects written inline)."""
        if len(obj.members) > 1:
            between = self.text[obj.members[0].end : obj.members[1].start]
            if between == ",":
                return ","
        return ", "

    def _gap(self, start: int, comma: str) -> str:
        """White space to put after a comma before a new sibling of the value at ``start``."""
        indent = line_indent(self.text, start)
        if "\n" in indent or "\r" in indent:
            return indent
        return comma[1:]

    def _remove(self, obj: Value, member: Member) -> None:
        start, end = member_removal(self.text, obj, member)
        self.plan.replace(start, end, "")

    def _mapped(self, value: str, offset: int, path: Path) -> str | None:
        new = self.options.plan_map.get(value)
        if new is not None and new != value:
            self.plan.note("NWX812", offset, path, f"plan {value!r} renamed {new!r} (--plan-map)")
            return new
        return None

    def _conflict(self, obj: Value, pairs: tuple[tuple[str, str], ...], path: Path, what: str) -> bool:
        for old, new in pairs:
            if obj.first(old) is not None and obj.first(new) is not None:
                member = obj.named(old)[0]
                self.plan.note("NWX800", member.key_start, (*path, old), what.format(old=old, new=new))
                return True
        return False

    # -- records towards 9.0 ---------------------------------------------------------

    def _record_to_9(self, record: Value, path: Path, migrating: bool) -> None:
        """Migrate one record; ``migrating`` says whether the document holds 8.5 names at all."""
        plans = record.named("ManagedObject")
        sources = record.named("AuditedSystem")
        if not plans and not sources:
            if migrating:
                self._add_item(record, record.first("MonitoringPlan"), path)
            return
        pairs = (("ManagedObject", "MonitoringPlan"), ("AuditedSystem", "DataSource"))
        if self._conflict(record, pairs, path, "the record holds both {old} and {new}: keep one"):
            return
        if len(sources) > 1 and self.options.audited_system != "datasource":
            self.plan.note(
                "NWX804", sources[1].key_start, (*path, "AuditedSystem"), "AuditedSystem is given twice"
            )
            return
        for member in plans:
            self._plan_to_9(member, (*path, "MonitoringPlan", "Name"))
        for member in sources:
            self._audited_system_to_9(record, member, path)
        self._add_item(record, plans[0] if plans else None, path)

    def _add_item(self, record: Value, plan: Member | None, path: Path) -> None:
        """Add ``"Item": {"Name": ...}`` after the plan (or the last member) when asked and missing."""
        if self.options.item is not None and record.first("Item") is None and record.members:
            anchor = plan or record.members[-1]
            sep = separator(self.text, anchor)
            self.plan.insert(
                anchor.end,
                f",{self._gap(anchor.start, self._comma(record))}"
                f'"Item"{sep}{{"Name"{sep}{_dumps(self.options.item)}}}',
            )
            self.plan.note(
                "NWX813", record.start, (*path, "Item"), f"Item {self.options.item!r} added (--item)"
            )

    def _plan_to_9(self, member: Member, path: Path) -> None:
        value = member.value
        if value.kind != "string" or value.string is None:
            self.plan.note(
                "NWX804", value.start, path[:-1], f"ManagedObject is {value.kind}, not a plan name"
            )
            return
        new = self._mapped(value.string, member.key_start, path)
        if new is None and value.string == "":
            self.plan.note(
                "NWX803",
                value.start,
                path[:-1],
                "empty ManagedObject: 9.0 requires a plan name; remove it or use --plan-map '=PLAN'",
            )
            return
        sep = separator(self.text, member)
        raw = _dumps(new) if new is not None else self.text[value.start : value.end]
        self._rename(member, "MonitoringPlan")
        self.plan.replace(value.start, value.end, f'{{"Name"{sep}{raw}}}')
        self.plan.note("NWX811", member.key_start, path, "ManagedObject moved to MonitoringPlan/Name")

    def _audited_system_to_9(self, record: Value, member: Member, path: Path) -> None:
        mode = self.options.audited_system
        if mode == "datasource":
            self._rename(member, "DataSource")
            self.plan.note(
                "NWX810", member.key_start, (*path, "DataSource"), "AuditedSystem renamed DataSource"
            )
            return
        if mode == "drop":
            self._remove(record, member)
            self.plan.note(
                "NWX815",
                member.key_start,
                (*path, "AuditedSystem"),
                "AuditedSystem dropped (--audited-system drop)",
            )
            return
        sep = separator(self.text, member)
        raw = self.text[member.value.start : member.value.end]
        detail = f'{{"PropertyName"{sep}"AuditedSystem"{self._comma(record)}"After"{sep}{raw}}}'
        details = record.first("DetailList")
        if details is None:
            self.plan.replace(member.key_start, member.key_end, '"DetailList"')
            self.plan.replace(member.value.start, member.value.end, f"[{detail}]")
            where: Path = (*path, "DetailList", 0)
        elif details.value.kind != "array":
            self.plan.note("NWX804", details.value.start, (*path, "DetailList"), "DetailList is not an array")
            return
        elif details.value.items:
            last = details.value.items[-1]
            self._remove(record, member)
            self.plan.insert(last.end, f",{self._gap(last.start, self._comma(record))}{detail}")
            where = (*path, "DetailList", len(details.value.items))
        else:
            self._remove(record, member)
            self.plan.insert(details.value.start + 1, detail)
            where = (*path, "DetailList", 0)
        self.plan.note(
            "NWX814", member.key_start, where, "AuditedSystem kept as a Detail (--audited-system detail)"
        )

    # -- records towards 8.5 ---------------------------------------------------------

    def _record_to_8(self, record: Value, path: Path) -> None:
        plans = record.named("MonitoringPlan")
        sources = record.named("DataSource")
        items = record.named("Item")
        if not plans and not sources and not items:
            return
        pairs = (("MonitoringPlan", "ManagedObject"), ("DataSource", "AuditedSystem"))
        if self._conflict(record, pairs, path, "the record holds both {new} and {old}: keep one"):
            return
        for member in sources:
            self._rename(member, "AuditedSystem")
            self.plan.note(
                "NWX810", member.key_start, (*path, "AuditedSystem"), "DataSource renamed AuditedSystem"
            )
        for member in plans:
            self._plan_to_8(member, (*path, "MonitoringPlan"))
        if len(items) > 1:
            self.plan.note("NWX804", items[1].key_start, (*path, "Item"), "Item is given twice")
            return
        for member in items:
            name = member.value.first("Name") if member.value.kind == "object" else None
            label = name.value.string if name is not None else None
            self._lose(record, member, (*path, "Item"), f"Item {label!r}")

    def _lose(self, obj: Value, member: Member, path: Path, what: str) -> None:
        if self.options.allow_loss:
            self._remove(obj, member)
            self.plan.note("NWX816", member.key_start, path, f"{what} dropped (--allow-loss)")
        else:
            self.plan.note(
                "NWX801",
                member.key_start,
                path,
                f"{what} would be lost: 8.5 has no place for it (--allow-loss)",
            )

    def _plan_to_8(self, member: Member, path: Path) -> None:
        value = member.value
        names = value.named("Name") if value.kind == "object" else []
        ids = value.named("ID") if value.kind == "object" else []
        if (
            len(names) != 1
            or len(ids) > 1
            or len(value.members) != len(names) + len(ids)
            or names[0].value.kind != "string"
        ):
            self.plan.note(
                "NWX804",
                value.start,
                path,
                "MonitoringPlan must be an object with one Name (and at most an ID)",
            )
            return
        for ident in ids:
            shown = self.text[ident.value.start : ident.value.end]
            if not self.options.allow_loss:
                self.plan.note(
                    "NWX801",
                    ident.key_start,
                    (*path, "ID"),
                    f"MonitoringPlan/ID {shown} would be lost (--allow-loss)",
                )
                return
            self.plan.note(
                "NWX816", ident.key_start, (*path, "ID"), f"MonitoringPlan/ID {shown} dropped (--allow-loss)"
            )
        name = names[0].value
        assert name.string is not None
        new = self._mapped(name.string, names[0].key_start, (*path, "Name"))
        self._rename(member, "ManagedObject")
        self.plan.replace(
            value.start, value.end, _dumps(new) if new is not None else self.text[name.start : name.end]
        )
        self.plan.note(
            "NWX811",
            member.key_start,
            (*path[:-1], "ManagedObject"),
            "MonitoringPlan/Name moved to ManagedObject",
        )

    # -- search filters --------------------------------------------------------------

    def _filters(self, filters: Value) -> None:
        renames = {"AuditedSystem": "DataSource", "ManagedObject": "MonitoringPlan"}
        if self.options.to == "8.5":
            renames = {new: old for old, new in renames.items()}
        pairs = tuple(renames.items())
        what = (
            "FilterList holds both {old} and {new}: after renaming they would combine with OR instead of AND"
        )
        if self._conflict(filters, pairs, ("FilterList",), what):
            return
        for old, new in renames.items():
            for member in filters.named(old):
                self._rename(member, new)
                self.plan.note(
                    "NWX817", member.key_start, ("FilterList", new), f"search filter {old} renamed {new}"
                )
                if "ManagedObject" in (old, new):
                    self._map_filter_value(member.value, ("FilterList", new))
        if self.options.to == "8.5":
            for member in filters.named("Item"):
                self._lose(
                    filters,
                    member,
                    ("FilterList", "Item"),
                    f"Item filter {self.text[member.value.start : member.value.end]}",
                )

    def _map_filter_value(self, value: Value, path: Path) -> None:
        if value.kind == "string" and value.string is not None:
            new = self._mapped(value.string, value.start, path)
            if new is not None:
                self.plan.replace(value.start, value.end, _dumps(new))
        elif value.kind == "object":
            for member in value.members:
                self._map_filter_value(member.value, (*path, member.key))
        elif value.kind == "array":
            for index, item in enumerate(value.items):
                self._map_filter_value(item, (*path, index))
