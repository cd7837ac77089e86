"""Where a mutation lands: the objects of a document and the model fields they hold.

A *slot* is ``(where, field)``: ``where`` is the path, relative to one item of the
document (a record, an error), of the object that holds ``field``; ``0`` in ``where``
stands for "some item of this list".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from nwx_schema.locations import Path
from nwx_schema.model import DocumentModel, Field, Group, ListOf, Role, Scalar, document_model
from nwx_schema.strategies.documents import field_values, group_values
from nwx_schema.versions import ApiVersion, Kind

Slot = tuple[Path, Field]


@dataclass
class Target:
    """A valid document being broken, and what is known about it."""

    draw: st.DrawFn
    version: ApiVersion
    kind: Kind
    doc: Any

    @property
    def model(self) -> DocumentModel:
        return document_model(self.version)

    @property
    def other_model(self) -> DocumentModel:
        return document_model("9.0" if self.version == "8.5" else "8.5")

    @property
    def role(self) -> Role:
        return "input" if self.kind == "input" else "output"

    def item_group(self) -> Group:
        """The group of the items mutated: ActivityRecord, or Error in error lists."""
        return self.model.error if self.kind == "errors" else self.model.record

    def pick_item(self) -> tuple[dict[str, Any], Path]:
        """One item (record or error) of the document, appended first if there is none."""
        prefix: Path
        if self.kind == "input":
            listing, prefix = self.doc, ()
        elif self.kind == "output":
            listing, prefix = self.doc["ActivityRecordList"], ("ActivityRecordList",)
        else:
            listing, prefix = self.doc["ErrorList"], ("ErrorList",)
        if not listing:
            listing.append(self.new_group_value(self.item_group()))
        index = self.draw(st.integers(0, len(listing) - 1))
        item: dict[str, Any] = listing[index]
        return item, (*prefix, index)

    def pick_slot(
        self, keep: Callable[[Field], bool], role: Role | None = None
    ) -> tuple[dict[str, Any], Path, Field]:
        """An object of the document holding a field that ``keep`` accepts.

        Returns the object (created along the way when absent: a valid value drawn from
        the model), its path in the document, and the field.
        """
        candidates = [s for s in slots(self.item_group(), role or self.role) if keep(s[1])]
        where, field = self.draw(st.sampled_from(candidates))
        item, item_path = self.pick_item()
        obj, path = self.materialise(item, where)
        return obj, (*item_path, *path), field

    def materialise(self, item: dict[str, Any], where: Path) -> tuple[dict[str, Any], Path]:
        """The object at ``where`` inside ``item``, creating missing parents from the model."""
        path: Path = ()
        obj, group, rest = item, self.item_group(), list(where)
        while rest:
            name = rest.pop(0)
            assert isinstance(name, str)
            field = group.get(name)
            assert field is not None
            if name not in obj:
                obj[name] = self.draw(field_values(field, self.role))
            value = field.value
            if isinstance(value, ListOf):
                rest.pop(0)
                index = self.draw(st.integers(0, len(obj[name]) - 1))
                obj, group, path = obj[name][index], value.item, (*path, name, index)
            else:
                assert isinstance(value, Group)
                obj, group, path = obj[name], value, (*path, name)
        return obj, path

    def objects(self) -> list[tuple[Path, Group]]:
        """Every kind of object inside an item: the item itself and its nested groups."""
        found: list[tuple[Path, Group]] = [((), self.item_group())]
        for where, field in slots(self.item_group(), self.role):
            if isinstance(field.value, Group):
                found.append(((*where, field.name), field.value))
            elif isinstance(field.value, ListOf):
                found.append(((*where, field.name, 0), field.value.item))
        return found

    def new_group_value(self, group: Group) -> dict[str, Any]:
        return self.draw(group_values(group, self.role))


def slots(group: Group, role: Role, where: Path = ()) -> list[Slot]:
    """Every field of a group and of its nested groups, for a role."""
    found: list[Slot] = []
    for field in group.for_role(role):
        found.append((where, field))
        if isinstance(field.value, Group):
            found += slots(field.value, role, (*where, field.name))
        elif isinstance(field.value, ListOf):
            found += slots(field.value.item, role, (*where, field.name, 0))
    return found


def is_text(field: Field) -> bool:
    return isinstance(field.value, Scalar) and field.value.type == "string"


def is_type(kind: str) -> Callable[[Field], bool]:
    return lambda field: isinstance(field.value, Scalar) and field.value.type == kind


def all_field_names() -> frozenset[str]:
    """Every field name of every version's records, filters and errors."""
    names: set[str] = set()
    for version in ("8.5", "9.0"):
        model = document_model(version)
        for group in (model.record, model.error):
            names.update(f.name for _, f in slots(group, "input") + slots(group, "output"))
        names.update(f.name for f in model.filters)
    return frozenset(names)
