"""Documents with exactly one documented rule broken, and the finding they must produce.

The documents are parsed JSON-form values, so the rules of the text itself are out of
reach: a duplicate key (NWX302), syntax, encodings and characters (NWX1xx), namespaces and
XML-only shapes (NWX2xx). The fixtures in ``fixtures/`` cover those. Each mutation is
realistic: a case variant of an Action (``Add (failed attempt)``), a ``When`` without a
zone or in PowerShell 5.1's ``/Date(...)/``, a ``Who`` one character too long, a
``"Monitoring Plan"`` search key, ``InGroup`` on ``Where``...
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from nwx_schema.locations import Path
from nwx_schema.strategies.document_rules import DOCUMENT_RULES, add_mark
from nwx_schema.strategies.documents import documents
from nwx_schema.strategies.item_rules import ITEM_RULES, Rule
from nwx_schema.strategies.targets import Target
from nwx_schema.versions import ApiVersion, Kind, resolve_kind, resolve_version

RULES: tuple[Rule, ...] = ITEM_RULES + DOCUMENT_RULES


@dataclass(frozen=True, slots=True)
class Broken:
    """A document in JSON form with one rule broken.

    Attributes:
        document: the document (a list, dict or string, as ``json.loads`` gives it).
        code: the finding code a validator must report (``NWX300``...).
        path: JSON-form path of the finding, as the validator's ``pointer`` gives it:
            the value concerned, the unknown key, or for a missing field the path the
            field would have (its line and column are those of the object that lacks
            it); ``()`` is the whole document.
        description: what was broken, for humans (``"Who of 256 characters"``).
        json_only: the mistake lies in a JSON type or in the JSON root (a number for a
            string, ``"true"`` for ``true``, a bare array for the enum envelope), so the
            XML form of the document cannot show it: it has no XML form, or its XML
            form is valid, or it is another mistake there. When ``False``, the XML
            form (``nwx_schema.conversion.xml_writer.dumps_xml``) gives the same finding
            at the same place, unless the document has no XML form at all (a filter
            name with a space is no XML element name).
    """

    document: Any
    code: str
    path: Path
    description: str = ""
    json_only: bool = False


def _rules(version: ApiVersion, kind: Kind) -> list[Rule]:
    return [r for r in RULES if kind in r.kinds and r.applies(version, kind)]


def broken_rules(version: str = "9.0", kind: str = "input") -> tuple[str, ...]:
    """The finding codes :func:`broken_documents` can produce for a version and kind."""
    v, k = resolve_version(version), resolve_kind(kind)
    return tuple(sorted({r.code for r in _rules(v, k)}))


def broken_documents(
    version: str = "9.0", kind: str = "input", *, rule: str | None = None
) -> st.SearchStrategy[Broken]:
    """Valid documents of ``version`` and ``kind`` with exactly one rule broken at a random
    place, paired with the code and path of the finding a validator must report.

    ``rule`` restricts the mutations to one finding code (see :func:`broken_rules`).

    Raises:
        ValueError: ``rule`` cannot be broken in this version and kind.
    """
    v, k = resolve_version(version), resolve_kind(kind)
    rules = [r for r in _rules(v, k) if rule is None or r.code == rule.strip().upper()]
    if not rules:
        raise ValueError(
            f"rule {rule!r} cannot be broken in a {v} {k} document; choose one of {', '.join(broken_rules(v, k))}"
        )

    @st.composite
    def build(draw: st.DrawFn) -> Broken:
        chosen = draw(st.sampled_from(rules))
        target = Target(draw, v, k, copy.deepcopy(draw(documents(v, k))))
        if draw(st.booleans()):
            add_mark(target)
        path, description, json_only = chosen.mutate(target)
        return Broken(target.doc, chosen.code, path, description, json_only)

    return build()
