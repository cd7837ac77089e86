"""The rules of search parameters (``ActivityRecordSearch``), on their JSON form."""

from __future__ import annotations

from typing import Any

from nwx_schema import model
from nwx_schema.locations import Path
from nwx_schema.model import Filter
from nwx_schema.validation.checker import Checker
from nwx_schema.validation.values import check_action, check_datetime, check_time, json_type, suggest

_LEGACY_FILTERS = {"AuditedSystem": "DataSource", "ManagedObject": "MonitoringPlan"}
_NEW_FILTERS = {"DataSource": "AuditedSystem", "MonitoringPlan": "ManagedObject", "Item": None}


class SearchChecker:
    """Checks one search document (``{"ContinuationMark"?, "FilterList"}``)."""

    def __init__(self, checker: Checker) -> None:
        self.c = checker
        self.loc = checker.loc
        self.model = checker.model

    def document(self, value: Any) -> None:
        if not isinstance(value, dict):
            self.loc.report(
                "NWX203",
                f'search parameters are an object {{"FilterList": {{...}}}}, not {json_type(value)}',
                (),
            )
            return
        for key, item in value.items():
            if key == "FilterList":
                self.filter_list(item, ("FilterList",))
            elif key == "ContinuationMark":
                self.c.mark(item, ("ContinuationMark",))
            else:
                guess = suggest(key, ["FilterList", "ContinuationMark"])
                hint = f": did you mean {guess!r}? (names are case-sensitive)" if guess else ""
                if key in ("Filters", "filters"):
                    hint = ': the API takes {"FilterList": {"Who": "...", ...}}, not a Filters array'
                self.loc.report(
                    "NWX301", f"unknown field {key!r} in ActivityRecordSearch{hint}", (key,), "key"
                )
        if "FilterList" not in value:
            self.loc.report(
                "NWX300", "ActivityRecordSearch has no FilterList: add one", ("FilterList",), "parent"
            )

    def filter_list(self, value: Any, path: Path) -> None:
        if not isinstance(value, dict):
            self.loc.report(
                "NWX303", f"FilterList must be an object of filters, not {json_type(value)}", path
            )
            return
        if not value:
            self.loc.report("NWX504", "FilterList is empty: add at least one filter", path)
        for name, entries in value.items():
            child = (*path, name)
            flt = self.model.filter(name)
            if flt is None:
                self._unknown_filter(name, child)
                continue
            if isinstance(entries, list):
                if not entries:
                    self.loc.report("NWX309", f"the {name} filter is an empty list: give a value", child)
                for index, entry in enumerate(entries):
                    self.entry(entry, (*child, index), flt, in_list=True)
            else:
                self.entry(entries, child, flt, in_list=False)

    def _unknown_filter(self, name: str, path: Path) -> None:
        v = self.c.version
        if v == "9.0" and name in _LEGACY_FILTERS:
            self.loc.report(
                "NWX307",
                f"the {name} filter is the 8.0-8.5 name: 9.0 and later use {_LEGACY_FILTERS[name]}; "
                "run `nwx-schema migrate`",
                path,
                "key",
            )
            return
        if v == "8.5" and name in _NEW_FILTERS:
            self.loc.report(
                "NWX308",
                f"the {name} filter exists only in 9.0 and later: check --api-version",
                path,
                "key",
            )
            return
        names = [f.name for f in self.model.filters]
        guess = suggest(name, names)
        hint = f": did you mean {guess!r}?" if guess else f" (filters: {', '.join(names)})"
        self.loc.report("NWX500", f"unknown search filter {name!r}{hint}", path, "key")

    def entry(self, entry: Any, path: Path, flt: Filter, *, in_list: bool) -> None:
        """One entry: a plain value or an object keyed by operator."""
        if isinstance(entry, dict) and entry and self._is_operator_object(entry, flt):
            for op, value in entry.items():
                child = (*path, op)
                if op not in flt.operators:
                    allowed = ", ".join(flt.operators)
                    if op in model.OPERATORS:
                        message = (
                            f"operator {op} is not allowed on the {flt.name} filter (allowed: {allowed})"
                        )
                    else:
                        guess = suggest(op, flt.operators)
                        tip = f"did you mean {guess!r}? " if guess else ""
                        message = (
                            f"unknown operator {op!r} on the {flt.name} filter: {tip}(allowed: {allowed})"
                        )
                    self.loc.report("NWX501", message, child, "key")
                    continue
                self.plain(value, child, flt)
            return
        if isinstance(entry, list):
            self.loc.report(
                "NWX303", f"a {flt.name} filter entry must be a value or an operator object, not a list", path
            )
            return
        self.plain(entry, path, flt)

    @staticmethod
    def _is_operator_object(entry: dict[str, Any], flt: Filter) -> bool:
        if flt.value in ("when", "workinghours"):
            # When/WorkingHours values are objects too: an operator object is one whose
            # keys are all operator names; anything else is a (maybe malformed) value.
            return all(k in model.OPERATORS for k in entry)
        return True

    def plain(self, value: Any, path: Path, flt: Filter) -> None:
        """A plain filter value, by filter type."""
        if flt.value in ("string", "action"):
            if isinstance(value, dict):
                self.loc.report(
                    "NWX501",
                    f"the {flt.name} filter takes text or an operator object such as "
                    f'{{"{flt.default}": "..."}}, not an object of {", ".join(map(repr, value))}',
                    path,
                )
                return
            if not isinstance(value, str):
                self.loc.report(
                    "NWX303", f"the {flt.name} filter value must be text, not {json_type(value)}", path
                )
                return
            if flt.value == "action":
                message = check_action(value)
                if message:
                    self.loc.report("NWX400", message, path)
                return
            self.c.text_length(value, path, f"the {flt.name} filter value", 1, flt.max_length)
            return
        if flt.value == "when":
            self.when(value, path)
        else:
            self.working_hours(value, path)

    def when(self, value: Any, path: Path) -> None:
        if not isinstance(value, dict):
            self.loc.report(
                "NWX502",
                'a When filter is an object: a timeframe such as {"LastSevenDays": ""} or '
                f'{{"From": "...", "To": "..."}}, not {json_type(value)}',
                path,
            )
            return
        frames = [k for k in value if k in model.TIMEFRAMES]
        bounds = [k for k in value if k in ("From", "To")]
        others = [k for k in value if k not in model.TIMEFRAMES and k not in ("From", "To")]
        if others:
            for key in others:
                guess = suggest(key, [*model.TIMEFRAMES, "From", "To"])
                tip = f"did you mean {guess!r}? " if guess else ""
                self.loc.report(
                    "NWX502",
                    f"{key!r} is not part of a When filter: {tip}use a timeframe (Today, Yesterday, "
                    "LastSevenDays, LastThirtyDays) or From and To",
                    (*path, key),
                    "key",
                )
            return
        if (frames and bounds) or len(frames) > 1 or not (frames or bounds):
            self.loc.report(
                "NWX502",
                "a When filter holds exactly one timeframe (Today, Yesterday, LastSevenDays, "
                f"LastThirtyDays) or a From and a To; found {', '.join(map(repr, value)) or 'nothing'}",
                path,
            )
            return
        if frames:
            frame = frames[0]
            if value[frame] != "":
                self.loc.report(
                    "NWX502", f'the {frame} timeframe takes an empty value: {{"{frame}": ""}}', (*path, frame)
                )
            return
        for bound in ("From", "To"):
            if bound not in value:
                self.loc.report(
                    "NWX502", f"a When interval needs both From and To: add {bound}", (*path, bound), "parent"
                )
                continue
            moment = value[bound]
            if not isinstance(moment, str):
                self.loc.report(
                    "NWX502",
                    f"When/{bound} must be a date-time text, not {json_type(moment)}",
                    (*path, bound),
                )
                continue
            found = check_datetime(moment, f"When/{bound}")
            if found:
                self.loc.report(found[0], found[1], (*path, bound))

    def working_hours(self, value: Any, path: Path) -> None:
        if not isinstance(value, dict):
            self.loc.report(
                "NWX503",
                f'WorkingHours is an object {{"From": "09:00:00Z", "To": "17:00:00Z"}}, not {json_type(value)}',
                path,
            )
            return
        for key in value:
            if key not in ("From", "To"):
                self.loc.report(
                    "NWX503", f"WorkingHours holds only From and To, not {key!r}", (*path, key), "key"
                )
        for bound in ("From", "To"):
            if bound not in value:
                self.loc.report(
                    "NWX503", f"WorkingHours needs both From and To: add {bound}", (*path, bound), "parent"
                )
                continue
            moment = value[bound]
            message = (
                check_time(moment, f"WorkingHours/{bound}")
                if isinstance(moment, str)
                else f"WorkingHours/{bound} must be a time text, not {json_type(moment)}"
            )
            if message:
                self.loc.report("NWX503", message, (*path, bound))
