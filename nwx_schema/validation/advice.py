"""The API reference's advice on records written (warnings), shared by both passes.

The located pass (:mod:`nwx_schema.validation.checker`) and the fast pass
(:mod:`nwx_schema.fastpath`) both call :func:`record_advice`, so a document gets the same
warnings, word for word, whichever pass reads it.
"""

from __future__ import annotations

from collections.abc import Collection

from nwx_schema.locations import Path
from nwx_schema.validation.locator import Anchor
from nwx_schema.versions import ApiVersion

Advice = tuple[str, str, Path, Anchor]

DATASOURCE = (
    'DataSource is replaced by "Netwrix API" on every record written: drop it, or keep '
    "the value as a Detail (nwx-schema migrate --audited-system detail)"
)
NO_PLAN = (
    "the record has no MonitoringPlan/Name: it will land in the default "
    "Netwrix_Auditor_API database, tied to no plan"
)
NO_ITEM = "the record has no Item/Name: the Item filter of search will not find it"
NO_MANAGED_OBJECT = "the record has no ManagedObject: it will not be tied to a managed object"
MARK_SPACE = "white space around the continuation mark: send it exactly as received, trimmed"
TOO_MANY = "more than {limit} records in one document: Netwrix recommends at most {limit} per request; split the batch"


def record_advice(version: ApiVersion, keys: Collection[str]) -> list[Advice]:
    """Warnings for one record written, from the names of its fields.

    Paths are relative to the record; the anchor says where the finding points. The list
    is in document order: the findings at the record's start (``parent``) in code order,
    then the one at a key inside it, so the fast pass need not sort them.
    """
    out: list[Advice] = []
    if version == "9.0":
        if "MonitoringPlan" not in keys and "ManagedObject" not in keys:  # NWX307 says it otherwise
            out.append(("NWX603", NO_PLAN, ("MonitoringPlan", "Name"), "parent"))
        if "Item" not in keys:
            out.append(("NWX604", NO_ITEM, ("Item", "Name"), "parent"))
        if "DataSource" in keys:
            out.append(("NWX600", DATASOURCE, ("DataSource",), "key"))
    elif "ManagedObject" not in keys:
        out.append(("NWX603", NO_MANAGED_OBJECT, ("ManagedObject",), "parent"))
    return out
