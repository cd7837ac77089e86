"""JSON Schema (draft 2020-12) text for one API version and document kind."""

from __future__ import annotations

import json
from typing import Any

from nwx_schema import model
from nwx_schema.model import Filter, Group, ListOf, Role, Scalar
from nwx_schema.versions import ApiVersion, Kind

JSONObj = dict[str, Any]

_TITLES: dict[Kind, str] = {
    "input": "Activity Records written (POST /netwrix/api/v1/activity_records/?format=json)",
    "output": "Activity Records returned by enum and search, with their continuation mark",
    "search": "Search parameters (POST /netwrix/api/v1/activity_records/search?format=json)",
    "continuation": "Continuation mark posted to enum for the next page",
    "errors": "Error list returned with 400 and 500 answers",
}


class _Builder:
    def __init__(self) -> None:
        self.defs: JSONObj = {}

    def scalar(self, scalar: Scalar) -> JSONObj:
        if scalar.type == "action":
            self.defs.setdefault("Action", {"enum": list(model.ACTIONS)})
            return {"$ref": "#/$defs/Action"}
        if scalar.type == "datetime":
            self.defs.setdefault(
                "DateTime",
                {
                    "type": "string",
                    "format": "date-time",
                    "pattern": f"^{model.DATETIME_PATTERN}$",
                    "description": "YYYY-MM-DDTHH:MM:SS, optional fraction, required zone",
                },
            )
            return {"$ref": "#/$defs/DateTime"}
        if scalar.type == "boolean":
            return {"type": "boolean"}
        out: JSONObj = {"type": "string"}
        if scalar.min_length:
            out["minLength"] = scalar.min_length
        if scalar.max_length is not None:
            out["maxLength"] = scalar.max_length
        return out

    def group(self, group: Group, role: Role | None, name: str) -> JSONObj:
        if name not in self.defs:
            self.defs[name] = {}  # reserve before recursing
            fields = group.fields if role is None else group.for_role(role)
            props: JSONObj = {}
            for item in fields:
                value = item.value
                if isinstance(value, Scalar):
                    schema = self.scalar(value)
                elif isinstance(value, Group):
                    schema = self.group(value, role, value.name)
                else:
                    schema = self.list_of(value, role)
                if item.doc:
                    schema = {**schema, "description": item.doc}
                props[item.name] = schema
            self.defs[name] = {
                "type": "object",
                "properties": props,
                "required": [f.name for f in fields if f.required],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}

    def list_of(self, value: ListOf, role: Role | None) -> JSONObj:
        return {
            "type": "array",
            "minItems": value.min_items,
            "items": self.group(value.item, role, value.item_name),
        }

    # -- search -------------------------------------------------------------------

    def filter_value(self, flt: Filter) -> JSONObj:
        """The three JSON forms: a plain value, an object keyed by operator, an array of both."""
        plain_name = f"{flt.name}Value"
        if flt.value == "string":
            self.defs[plain_name] = {"type": "string", "minLength": 1, "maxLength": flt.max_length}
        elif flt.value == "action":
            self.scalar(Scalar("action"))
            self.defs[plain_name] = {"$ref": "#/$defs/Action"}
        elif flt.value == "when":
            moment = self.scalar(Scalar("datetime"))
            frames: list[JSONObj] = [
                {
                    "type": "object",
                    "properties": {t: {"const": ""}},
                    "required": [t],
                    "additionalProperties": False,
                }
                for t in model.TIMEFRAMES
            ]
            interval = {
                "type": "object",
                "properties": {"From": moment, "To": moment},
                "required": ["From", "To"],
                "additionalProperties": False,
            }
            self.defs[plain_name] = {"oneOf": [*frames, interval]}
        else:
            self.defs["Time"] = {
                "type": "string",
                "pattern": f"^{model.TIME_PATTERN}$",
                "description": "HH:MM:SS, optional fraction, required zone",
            }
            self.defs[plain_name] = {
                "type": "object",
                "properties": {"From": {"$ref": "#/$defs/Time"}, "To": {"$ref": "#/$defs/Time"}},
                "required": ["From", "To"],
                "additionalProperties": False,
            }
        plain = {"$ref": f"#/$defs/{plain_name}"}
        by_operator = {
            "type": "object",
            "minProperties": 1,
            "properties": dict.fromkeys(flt.operators, plain),
            "additionalProperties": False,
        }
        if flt.value in ("when", "workinghours"):
            # A When/WorkingHours object has keys too: an operator object is told apart
            # by its keys, which are operator names only.
            by_operator["propertyNames"] = {"enum": list(flt.operators)}
        entry_name = f"{flt.name}Entry"
        self.defs[entry_name] = {"anyOf": [plain, by_operator]}
        entry = {"$ref": f"#/$defs/{entry_name}"}
        return {
            "anyOf": [entry, {"type": "array", "minItems": 1, "items": entry}],
            "description": f"{flt.name} filter; operators: {', '.join(flt.operators)} (default {flt.default})",
        }


def json_schema(version: ApiVersion, kind: Kind) -> JSONObj:
    """The JSON Schema of one API version and document kind, as a dict."""
    doc_model = model.document_model(version)
    b = _Builder()
    root: JSONObj
    mark: JSONObj = {"type": "string", "minLength": 1}
    if kind in ("input", "output"):
        role: Role = "input" if kind == "input" else "output"
        record = b.group(doc_model.record, role, "ActivityRecord")
        if kind == "input":
            root = {"type": "array", "minItems": 1, "items": record}
        else:
            root = {
                "type": "object",
                "properties": {
                    "ActivityRecordList": {"type": "array", "items": record},
                    "ContinuationMark": mark,
                },
                "required": ["ActivityRecordList"],
                "additionalProperties": False,
            }
    elif kind == "search":
        filters = {flt.name: b.filter_value(flt) for flt in doc_model.filters}
        root = {
            "type": "object",
            "properties": {
                "ContinuationMark": mark,
                "FilterList": {
                    "type": "object",
                    "minProperties": 1,
                    "properties": filters,
                    "additionalProperties": False,
                },
            },
            "required": ["FilterList"],
            "additionalProperties": False,
        }
    elif kind == "continuation":
        root = mark
    else:
        error = b.group(doc_model.error, None, "Error")
        root = {
            "type": "object",
            "properties": {"ErrorList": {"type": "array", "minItems": 1, "items": error}},
            "required": ["ErrorList"],
            "additionalProperties": False,
        }
    head: JSONObj = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:nwx-schema:{version}:{kind}",
        "title": f"Netwrix Auditor Integration API {version}: {_TITLES[kind]}",
        "$comment": "Generated by nwx_schema.schemagen from nwx_schema/model.py: do not edit by hand.",
    }
    out = {**head, **root}
    if b.defs:
        out["$defs"] = dict(sorted(b.defs.items()))
    return out


def json_schema_text(version: ApiVersion, kind: Kind) -> str:
    """The JSON Schema of one API version and document kind, as indented JSON text."""
    return json.dumps(json_schema(version, kind), indent=2, ensure_ascii=False) + "\n"
