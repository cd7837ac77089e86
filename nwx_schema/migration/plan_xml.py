"""Planning the migration of an XML document: which characters change, and why.

Records (input and output) and search filters are migrated; continuation marks and error
lists have nothing to migrate. Elements are renamed in their own tags, so attributes,
prefixes, comments and white space stay as written; new elements reuse the prefix of the
element they replace and the indentation of their siblings.
"""

from __future__ import annotations

from nwx_schema.locations import Path, Segment
from nwx_schema.migration.edits import line_indent, space_before
from nwx_schema.migration.options import MigrateOptions, Plan
from nwx_schema.migration.xml_edit import Node
from nwx_schema.versions import Kind


def escape_text(value: str) -> str:
    """``value`` as XML character data: ``& < >`` escaped, CR written as ``&#13;``."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def detect_kind(root: Node) -> Kind | None:
    """The document kind from the root element (``None`` for an unknown root)."""
    if root.local == "ActivityRecordList":
        records = list(root.named("ActivityRecord"))
        if root.first("ContinuationMark") is not None or not records or any(r.first("RID") for r in records):
            return "output"  # as the validator reads it: an empty list is an empty enum/search page
        return "input"
    others: dict[str, Kind] = {
        "ActivityRecordSearch": "search",
        "ContinuationMark": "continuation",
        "ErrorList": "errors",
    }
    return others.get(root.local)


class XmlPlanner:
    """Plans the edits that migrate one XML document."""

    def __init__(self, text: str, root: Node, kind: Kind | None, options: MigrateOptions) -> None:
        self.text = text
        self.root = root
        self.kind = kind
        self.options = options
        self.plan = Plan()

    def run(self) -> Plan:
        """Fill in and return the plan."""
        if self.kind in ("input", "output"):
            base: Path = ("ActivityRecordList",) if self.kind == "output" else ()
            records = self._children(self.root, "ActivityRecord")
            legacy = any(self._children(r, n) for r in records for n in ("ManagedObject", "AuditedSystem"))
            for index, record in enumerate(records):
                if self.options.to == "9.0":
                    self._record_to_9(record, (*base, index), legacy)
                else:
                    self._record_to_8(record, (*base, index))
        elif self.kind == "search":
            for filters in self._children(self.root, "FilterList"):
                self._filters(filters)
        return self.plan

    # -- helpers ---------------------------------------------------------------------

    def _children(self, node: Node, local: str) -> list[Node]:
        return [c for c in node.named(local) if c.ns == node.ns]

    def _one(self, node: Node, local: str) -> Node | None:
        found = self._children(node, local)
        return found[0] if found else None

    def _rename(self, node: Node, local: str) -> None:
        name_start = node.start + 1 + len(node.prefix)
        self.plan.replace(name_start, node.start + 1 + len(node.qname), local)
        if not node.empty:
            end_name = node.end_start + 2 + len(node.prefix)
            self.plan.replace(end_name, node.end_start + 2 + len(node.qname), local)

    def _attributes(self, node: Node) -> str:
        """The attributes of the start tag as written (with their leading space)."""
        stop = node.start_end - (2 if node.empty else 1)
        return self.text[node.start + 1 + len(node.qname) : stop]

    def _content(self, node: Node) -> str:
        return self.text[node.start_end : node.end_start]

    def _remove(self, node: Node) -> None:
        self.plan.replace(space_before(self.text, node.start), node.end, "")

    def _mapped(self, value: str, offset: int, path: Path) -> str | None:
        new = self.options.plan_map.get(value)
        if new is not None and new != value:
            self.plan.note("NWX812", offset, path, f"plan {value!r} renamed {new!r} (--plan-map)")
            return new
        return None

    # -- records towards 9.0 ---------------------------------------------------------

    def _record_to_9(self, record: Node, path: Path, migrating: bool) -> None:
        """Migrate one record; ``migrating`` says whether the document holds 8.5 names at all."""
        legacy_plan = self._children(record, "ManagedObject")
        legacy_source = self._children(record, "AuditedSystem")
        if not legacy_plan and not legacy_source:
            if migrating:
                self._add_item(record, self._one(record, "MonitoringPlan"), path)
            return
        blocked = False
        for old, new in (("ManagedObject", "MonitoringPlan"), ("AuditedSystem", "DataSource")):
            if self._children(record, old) and self._children(record, new):
                node = self._children(record, old)[0]
                self.plan.note(
                    "NWX800", node.start, (*path, old), f"the record holds both {old} and {new}: keep one"
                )
                blocked = True
        if blocked:
            return
        plan_node = None
        for node in legacy_plan:
            plan_node = node
            self._plan_to_9(node, (*path, "MonitoringPlan", "Name"))
        for node in legacy_source:
            self._audited_system_to_9(record, node, path)
        self._add_item(record, plan_node, path)

    def _add_item(self, record: Node, plan_node: Node | None, path: Path) -> None:
        """Add ``Item{Name}`` after the plan (or the last field) when asked and missing."""
        if self.options.item is not None and self._one(record, "Item") is None and record.children:
            anchor = plan_node or record.children[-1]
            prefix = anchor.prefix
            name = escape_text(self.options.item)
            self.plan.insert(
                anchor.end,
                f"{line_indent(self.text, anchor.start)}<{prefix}Item><{prefix}Name>{name}</{prefix}Name></{prefix}Item>",
            )
            self.plan.note(
                "NWX813", record.start, (*path, "Item"), f"Item {self.options.item!r} added (--item)"
            )

    def _plan_to_9(self, node: Node, path: Path) -> None:
        if any(c for c in node.children):
            self.plan.note("NWX804", node.start, path[:-1], "ManagedObject holds elements, not a plan name")
            return
        p = node.prefix
        new = self._mapped(node.text, node.start, path)
        if new is None and node.text == "":
            self.plan.note(
                "NWX803",
                node.start,
                path[:-1],
                "empty ManagedObject: 9.0 requires a plan name; remove it or use --plan-map '=PLAN'",
            )
            return
        self.plan.note("NWX811", node.start, path, "ManagedObject moved to MonitoringPlan/Name")
        if node.empty:
            assert new is not None
            self.plan.replace(
                node.start,
                node.end,
                f"<{p}MonitoringPlan{self._attributes(node)}><{p}Name>{escape_text(new)}</{p}Name></{p}MonitoringPlan>",
            )
            return
        self._rename(node, "MonitoringPlan")
        if new is None:
            self.plan.insert(node.start_end, f"<{p}Name>")
            self.plan.insert(node.end_start, f"</{p}Name>")
        else:
            self.plan.replace(node.start_end, node.end_start, f"<{p}Name>{escape_text(new)}</{p}Name>")

    def _audited_system_to_9(self, record: Node, node: Node, path: Path) -> None:
        mode = self.options.audited_system
        if mode == "datasource":
            self._rename(node, "DataSource")
            self.plan.note("NWX810", node.start, (*path, "DataSource"), "AuditedSystem renamed DataSource")
            return
        if mode == "drop":
            self._remove(node)
            self.plan.note(
                "NWX815",
                node.start,
                (*path, "AuditedSystem"),
                "AuditedSystem dropped (--audited-system drop)",
            )
            return
        p = node.prefix
        detail = (
            f"<{p}Detail><{p}PropertyName>AuditedSystem</{p}PropertyName>"
            f"<{p}After>{'' if node.empty else self._content(node)}</{p}After></{p}Detail>"
        )
        details = self._one(record, "DetailList")
        if details is not None and not details.empty and details.children:
            last = details.children[-1]
            count = len(self._children(details, "Detail"))
            self._remove(node)
            self.plan.insert(last.end, line_indent(self.text, last.start) + detail)
            where: Path = (*path, "DetailList", count)
        elif details is None:
            self.plan.replace(node.start, node.end, f"<{p}DetailList>{detail}</{p}DetailList>")
            where = (*path, "DetailList", 0)
        else:  # an empty DetailList: fill it in
            self._remove(node)
            self.plan.replace(details.start, details.end, f"<{details.qname}>{detail}</{details.qname}>")
            where = (*path, "DetailList", 0)
        self.plan.note(
            "NWX814", node.start, where, "AuditedSystem kept as a Detail (--audited-system detail)"
        )

    # -- records towards 8.5 ---------------------------------------------------------

    def _record_to_8(self, record: Node, path: Path) -> None:
        plans = self._children(record, "MonitoringPlan")
        sources = self._children(record, "DataSource")
        items = self._children(record, "Item")
        if not plans and not sources and not items:
            return
        blocked = False
        for new, old in (("MonitoringPlan", "ManagedObject"), ("DataSource", "AuditedSystem")):
            if self._children(record, old) and self._children(record, new):
                self.plan.note(
                    "NWX800",
                    self._children(record, new)[0].start,
                    (*path, new),
                    f"the record holds both {old} and {new}: keep one",
                )
                blocked = True
        if blocked:
            return
        for node in sources:
            self._rename(node, "AuditedSystem")
            self.plan.note("NWX810", node.start, (*path, "AuditedSystem"), "DataSource renamed AuditedSystem")
        for node in plans:
            self._plan_to_8(node, (*path, "MonitoringPlan"))
        for node in items:
            name = self._one(node, "Name")
            self._lose(node, (*path, "Item"), f"Item {name.text if name is not None else ''!r}")

    def _lose(self, node: Node, path: Path, what: str) -> None:
        if self.options.allow_loss:
            self._remove(node)
            self.plan.note("NWX816", node.start, path, f"{what} dropped (--allow-loss)")
        else:
            self.plan.note(
                "NWX801", node.start, path, f"{what} would be lost: 8.5 has no place for it (--allow-loss)"
            )

    def _plan_to_8(self, node: Node, path: Path) -> None:
        names = self._children(node, "Name")
        ids = self._children(node, "ID")
        if (
            len(names) != 1
            or len(ids) > 1
            or len(node.children) != len(names) + len(ids)
            or node.text.strip()
        ):
            self.plan.note(
                "NWX804", node.start, path, "MonitoringPlan must hold one Name (and at most an ID)"
            )
            return
        for ident in ids:
            if not self.options.allow_loss:
                self.plan.note(
                    "NWX801",
                    ident.start,
                    (*path, "ID"),
                    f"MonitoringPlan/ID {ident.text!r} would be lost (--allow-loss)",
                )
                return
            self.plan.note(
                "NWX816",
                ident.start,
                (*path, "ID"),
                f"MonitoringPlan/ID {ident.text!r} dropped (--allow-loss)",
            )
        name = names[0]
        new = self._mapped(name.text, name.start, (*path, "Name"))
        value = escape_text(new) if new is not None else ("" if name.empty else self._content(name))
        p = node.prefix
        self.plan.replace(
            node.start, node.end, f"<{p}ManagedObject{self._attributes(node)}>{value}</{p}ManagedObject>"
        )
        self.plan.note(
            "NWX811", node.start, (*path[:-1], "ManagedObject"), "MonitoringPlan/Name moved to ManagedObject"
        )

    # -- search filters --------------------------------------------------------------

    def _filters(self, filters: Node) -> None:
        to_9 = self.options.to == "9.0"
        renames = {"AuditedSystem": "DataSource", "ManagedObject": "MonitoringPlan"}
        if not to_9:
            renames = {new: old for old, new in renames.items()}
        for old, new in renames.items():
            if self._children(filters, old) and self._children(filters, new):
                node = self._children(filters, old)[0]
                self.plan.note(
                    "NWX800",
                    node.start,
                    ("FilterList", old),
                    f"FilterList holds both {old} and {new}: after renaming they would combine with OR instead of AND",
                )
                return
        for old, new in renames.items():
            nodes = self._children(filters, old)
            for index, node in enumerate(nodes):
                where: tuple[Segment, ...] = (
                    ("FilterList", new, index) if len(nodes) > 1 else ("FilterList", new)
                )
                self._rename(node, new)
                self.plan.note("NWX817", node.start, where, f"search filter {old} renamed {new}")
                if "ManagedObject" in (old, new) and not node.children and not node.empty:
                    mapped = self._mapped(node.text, node.start, where)
                    if mapped is not None:
                        self.plan.replace(node.start_end, node.end_start, escape_text(mapped))
        if not to_9:
            for node in self._children(filters, "Item"):
                self._lose(node, ("FilterList", "Item"), f"Item filter {node.text!r}")
