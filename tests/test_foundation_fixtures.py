"""The fixture tree: complete, well-formed issue files, and every fixture judged the same
way by the bundled schemas: XSD (lxml and xmlschema, which must agree) and JSON Schema
(jsonschema, format assertions on).

Fixtures live in ``fixtures/<version>/<kind>/{valid,invalid}/<case>.<xml|json>``; next to
a fixture, ``<case>.<ext>.issues.json`` lists the findings the validator must report
(``tests/test_golden_fixtures.py`` checks that). Here only the schemas are involved:

* a valid fixture is valid under both schemas of its version and kind;
* an invalid fixture is rejected by both, unless it is not even readable (every expected
  code in ``NWX1xx``: parse errors, encodings, characters XML cannot carry), or it breaks
  a rule the schemas cannot express (:data:`JSON_BLIND_CODES`, :data:`BEYOND_THE_SCHEMA`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import xmlschema
from jsonschema import Draft202012Validator, FormatChecker
from lxml import etree

from nwx_schema.codes import CATALOGUE
from nwx_schema.schemas import json_schema, load_schema, xml_schema
from nwx_schema.versions import FORMATS, KINDS, VERSIONS, ApiVersion, Kind
from tests.conftest import FIXTURES

Case = tuple[ApiVersion, Kind, str, Path]

#: Findings no JSON Schema can see: a JSON parser keeps one of two equal keys before any
#: schema runs. A JSON fixture expecting only these is accepted by the JSON Schema.
JSON_BLIND_CODES = frozenset({"NWX302"})
#: Other invalid fixtures that both schemas accept, and why no schema can see the mistake.
BEYOND_THE_SCHEMA: dict[str, str] = {
    "9.0/input/invalid/lone-activity-record-root.xml": (
        "the XSD declares ActivityRecord as a global element, so that records can be "
        "validated one at a time while streaming; a lone record is therefore a valid XSD "
        "instance, and only nwx-schema's validator refuses it as a document (NWX200)"
    ),
}
#: Reading findings that a parser accepts: the text parses, the characters are the problem.
_PARSEABLE_READING_CODES = frozenset({"NWX110", "NWX113"})


def discover() -> list[Case]:
    found: list[Case] = []
    for version in VERSIONS:
        for kind in KINDS:
            for validity in ("valid", "invalid"):
                folder = FIXTURES / version / kind / validity
                found += [
                    (version, kind, validity, p)
                    for p in sorted(folder.iterdir() if folder.is_dir() else [])
                    if p.suffix in (".xml", ".json") and not p.name.endswith(".issues.json")
                ]
    return found


CASES = discover()


def _id(case: Case) -> str:
    return case[3].relative_to(FIXTURES).as_posix()


def expected(path: Path) -> list[dict[str, Any]]:
    issues = path.with_name(path.name + ".issues.json")
    if not issues.exists():
        return []
    data: list[dict[str, Any]] = json.loads(issues.read_text(encoding="utf-8"))
    return data


def is_unreadable(path: Path) -> bool:
    """An invalid fixture whose every expected finding is a reading one (``NWX1xx``)."""
    codes = {e["code"] for e in expected(path)}
    return bool(codes) and all(code.startswith("NWX1") for code in codes)


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@cache
def _xmlschema(version: ApiVersion, kind: Kind) -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(load_schema(version, kind, "xsd"))


@cache
def _json_validator(version: ApiVersion, kind: Kind) -> Draft202012Validator:
    return Draft202012Validator(json_schema(version, kind), format_checker=FormatChecker())


def schema_verdicts(version: ApiVersion, kind: Kind, path: Path) -> dict[str, bool]:
    """``{validator: valid?}`` for one fixture: lxml and xmlschema, or jsonschema."""
    data = path.read_bytes()
    if path.suffix == ".xml":
        root = etree.fromstring(data, _PARSER)
        return {
            "lxml": xml_schema(version, kind).validate(root),
            "xmlschema": _xmlschema(version, kind).is_valid(root),
        }
    return {"jsonschema": _json_validator(version, kind).is_valid(json.loads(data))}


# -- the tree ---------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_version_kind_and_format_has_valid_and_invalid_fixtures(version: str, kind: str) -> None:
    for validity in ("valid", "invalid"):
        for fmt in FORMATS:
            found = list((FIXTURES / version / kind / validity).glob(f"*.{fmt}"))
            assert found, f"no {validity} {fmt} fixture for {version} {kind}"


def test_the_references_own_examples_are_fixtures() -> None:
    names = {_id(c) for c in CASES}
    for name in (
        "9.0/input/valid/docs-write-example.xml",
        "9.0/input/valid/docs-write-example.json",
        "9.0/input/valid/docs-write-two-records.xml",
        "9.0/input/valid/docs-write-two-records.json",
        "9.0/output/valid/docs-enum-response.json",
        "9.0/output/valid/docs-enum-response.xml",
        "9.0/search/valid/docs-search-example.xml",
        "9.0/search/valid/docs-search-example.json",
        "9.0/continuation/valid/docs-continuation-mark.xml",
        "9.0/continuation/valid/docs-continuation-mark.json",
        "9.0/errors/valid/docs-xml-error.xml",
        "9.0/errors/valid/docs-input-error.json",
        "9.0/errors/valid/docs-server-error.xml",
    ):
        assert name in names


def test_case_names_are_kebab_case_descriptions() -> None:
    for case in CASES:
        stem = case[3].name.rsplit(".", 1)[0]
        assert stem == stem.lower() and " " not in stem and "_" not in stem, stem


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_issues_file_is_well_formed(case: Case) -> None:
    _, _, validity, path = case
    entries = expected(path)
    for entry in entries:
        assert set(entry) == {"code", "pointer", "line", "column"}, entry
        assert entry["code"] in CATALOGUE, entry
        assert entry["pointer"] is None or entry["pointer"] == "" or entry["pointer"].startswith("/"), entry
        assert isinstance(entry["line"], int) and entry["line"] >= 1, entry
        assert isinstance(entry["column"], int) and entry["column"] >= 1, entry
    severities = {CATALOGUE[e["code"]].severity for e in entries}
    if validity == "invalid":
        assert "error" in severities, f"{path.name}: an invalid fixture expects at least one error"
    else:
        assert severities <= {"warning"}, f"{path.name}: a valid fixture expects warnings only"


def test_issues_files_sit_next_to_a_fixture() -> None:
    for version in VERSIONS:
        for issues in (FIXTURES / version).glob("*/*/*.issues.json"):
            assert issues.with_name(issues.name.removesuffix(".issues.json")).is_file(), issues


# -- the schemas ------------------------------------------------------------------------

VALID = [c for c in CASES if c[2] == "valid"]
INVALID = [c for c in CASES if c[2] == "invalid" and not is_unreadable(c[3])]
UNREADABLE = [c for c in CASES if c[2] == "invalid" and is_unreadable(c[3])]


@pytest.mark.parametrize("case", VALID, ids=_id)
def test_valid_fixture_passes_its_schemas(case: Case) -> None:
    version, kind, _, path = case
    verdicts = schema_verdicts(version, kind, path)
    assert all(verdicts.values()), verdicts


@pytest.mark.parametrize("case", INVALID, ids=_id)
def test_invalid_fixture_fails_its_schemas(case: Case) -> None:
    version, kind, _, path = case
    verdicts = schema_verdicts(version, kind, path)
    if is_beyond_the_schema(case):  # the schemas' documented blind spots: they accept it
        assert all(verdicts.values()), verdicts
    else:
        assert not any(verdicts.values()), verdicts


def is_beyond_the_schema(case: Case) -> bool:
    codes = {e["code"] for e in expected(case[3])}
    return _id(case) in BEYOND_THE_SCHEMA or (case[3].suffix == ".json" and codes <= JSON_BLIND_CODES)


def test_beyond_the_schema_cases_exist_and_are_invalid() -> None:
    invalid = {_id(c) for c in INVALID}
    assert set(BEYOND_THE_SCHEMA) <= invalid
    assert sum(is_beyond_the_schema(c) for c in INVALID) > len(BEYOND_THE_SCHEMA)  # the duplicate keys


@pytest.mark.parametrize("case", UNREADABLE, ids=_id)
def test_unreadable_fixture_does_not_parse_or_carries_forbidden_characters(case: Case) -> None:
    """What is kept out of the schema test really is a reading problem."""
    path = case[3]
    codes = {e["code"] for e in expected(path)}
    data = path.read_bytes()
    try:
        if path.suffix == ".xml":
            tree = etree.fromstring(data, _PARSER)
            assert tree.getroottree().docinfo.internalDTD is not None, "parsed, and no DTD either"
        else:
            json.loads(data)
    except (etree.XMLSyntaxError, ValueError):
        return
    assert codes & (_PARSEABLE_READING_CODES | {"NWX106"}), codes
