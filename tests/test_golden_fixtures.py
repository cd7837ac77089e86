"""Golden fixtures: every document under ``fixtures/<version>/<kind>/{valid,invalid}/``
yields exactly its expected findings, through the Python API and through the CLI in
every output format.

Next to a fixture, ``<case>.<ext>.issues.json`` lists the expected findings as
``{"code", "pointer", "line", "column"}`` objects; the SET of (code, pointer, line,
column) found must equal it. An invalid fixture must be invalid; a valid one must have no
error, and its findings (warnings only) must equal its issues file, an absent file meaning
no finding at all. Fixtures are discovered, never listed: adding a file adds a test.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from lxml import etree

from nwx_schema.cli import cli
from nwx_schema.errors import UnknownVersionError
from nwx_schema.reporting.github import escape_data
from nwx_schema.validation import validate
from nwx_schema.versions import KINDS, resolve_version
from tests.conftest import FIXTURES, ROOT

Finding = tuple[str, str | None, int | None, int | None]
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
SUFFIXES = (".xml", ".json")
FORMATS = ("text", "json", "junit", "sarif", "github")


def _version_of(dirname: str) -> str | None:
    """``9.0``, ``v9_0`` or ``10.7`` -> the API version; other folders (pairs, migrate,
    scripts) -> ``None``."""
    try:
        return resolve_version(dirname.removeprefix("v").replace("_", "."))
    except UnknownVersionError:
        return None


def discover() -> list[tuple[str, str, str, Path]]:
    """(version, kind, "valid"|"invalid", path) of every fixture, sorted."""
    found: list[tuple[str, str, str, Path]] = []
    for path in sorted(FIXTURES.glob("*/*/*/*")):
        version_dir, kind, validity = path.parts[-4:-1]
        version = _version_of(version_dir)
        if (
            version is None
            or kind not in KINDS
            or validity not in ("valid", "invalid")
            or not path.is_file()
            or path.name.endswith(".issues.json")
            or not path.name.lower().endswith(SUFFIXES)
        ):
            continue
        found.append((version, kind, validity, path))
    return found


FIXTURE_CASES = discover()


def expected(path: Path) -> set[Finding]:
    issues_file = path.with_name(path.name + ".issues.json")
    if not issues_file.exists():
        return set()
    entries = json.loads(issues_file.read_text(encoding="utf-8"))
    return {(e["code"], e.get("pointer"), e.get("line"), e.get("column")) for e in entries}


def _id(case: tuple[str, str, str, Path]) -> str:
    return str(case[3].relative_to(FIXTURES))


@pytest.mark.parametrize("case", FIXTURE_CASES, ids=[_id(c) for c in FIXTURE_CASES])
def test_fixture_through_the_api(case: tuple[str, str, str, Path]) -> None:
    version, kind, validity, path = case
    report = validate(path, api_version=version, kind=kind)
    found = {(i.code, i.pointer, i.line, i.column) for i in report.issues}
    if validity == "invalid":
        assert not report.valid, f"{path} should be invalid"
        assert expected(path), f"{path} has no issues file"
    else:
        assert report.errors == [], f"{path} should be valid"
    assert found == expected(path)


def test_issues_files_belong_to_a_fixture() -> None:
    orphans = [
        p
        for p in FIXTURES.glob("*/*/*/*.issues.json")
        if not p.with_name(p.name.removesuffix(".issues.json")).exists()
    ]
    assert orphans == []


# -- through the CLI, one run per folder and output format -----------------------------

GROUPS: dict[tuple[str, str, str], list[Path]] = defaultdict(list)
for _version, _kind, _validity, _path in FIXTURE_CASES:
    GROUPS[(_version, _kind, _validity)].append(_path)
GROUP_KEYS = sorted(GROUPS)

_TEXT_LINE = re.compile(
    r"^(?P<path>.+?):(?P<line>\d+|-):(?P<column>\d+|-): (?:error|warning) (?P<code>NWX\d{3}) "
    r"(?P<message>.*?)(?: \[(?P<pointer>/[^\]]*)\])?$"
)
_GITHUB_LINE = re.compile(r"^::(?:error|warning) (?P<props>[^:]*)::(?P<message>.*)$")


def _int(text: str | None) -> int | None:
    return None if text in (None, "-") else int(text)


def _text_findings(lines: list[str]) -> dict[str, set[Finding]]:
    found: dict[str, set[Finding]] = defaultdict(set)
    for line in lines:
        match = _TEXT_LINE.match(line)
        if match:
            found[match["path"]].add(
                (match["code"], match["pointer"], _int(match["line"]), _int(match["column"]))
            )
    return found


def _github_findings(lines: list[str]) -> dict[str, set[Finding]]:
    found: dict[str, set[Finding]] = defaultdict(set)
    for line in lines:
        match = _GITHUB_LINE.match(line)
        if not match:
            continue
        props = dict(p.split("=", 1) for p in match["props"].split(","))
        pointer = re.search(r" \[(/[^\]]*)\]$", match["message"])
        found[_unescape(props["file"])].add(
            (props["title"], pointer[1] if pointer else None, _int(props.get("line")), _int(props.get("col")))
        )
    return found


def _unescape(text: str) -> str:
    for raw in ("%0D", "%0A", "%3A", "%2C", "%25"):
        text = text.replace(raw, {"%0D": "\r", "%0A": "\n", "%3A": ":", "%2C": ",", "%25": "%"}[raw])
    return text


def _json_findings(doc: dict[str, Any]) -> dict[str, set[Finding]]:
    return {
        f["path"]: {(i["code"], i["pointer"], i["line"], i["column"]) for i in f["issues"]}
        for f in doc["files"]
    }


def _sarif_findings(log: dict[str, Any]) -> dict[str, set[Finding]]:
    found: dict[str, set[Finding]] = defaultdict(set)
    for result in log["runs"][0]["results"]:
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        region = physical.get("region", {})
        pointers = [
            logical["fullyQualifiedName"]
            for logical in location.get("logicalLocations", [])
            if logical["kind"] == "value"
        ]
        found[physical["artifactLocation"]["uri"]].add(
            (
                result["ruleId"],
                pointers[0] if pointers else None,
                region.get("startLine"),
                region.get("startColumn"),
            )
        )
    return found


def _junit_findings(xml: str) -> tuple[dict[str, set[Finding]], dict[str, bool]]:
    root = etree.fromstring(xml.encode("utf-8"))
    found: dict[str, set[Finding]] = {}
    failed: dict[str, bool] = {}
    for case in root.iterfind("testsuite/testcase"):
        name = case.get("name") or ""
        failure = case.find("failure")
        failed[name] = failure is not None
        text = failure.text if failure is not None else case.findtext("system-out")
        found[name] = _text_findings((text or "").splitlines()).get(name, set())
    return found, failed


def _for_text(findings: set[Finding]) -> set[Finding]:
    """What line formats can show: the pointer of the whole document ("") is not printed."""
    return {(code, pointer or None, line, column) for code, pointer, line, column in findings}


@pytest.mark.parametrize("output_format", FORMATS)
@pytest.mark.parametrize("group", GROUP_KEYS, ids=["/".join(k) for k in GROUP_KEYS])
def test_fixtures_through_the_cli(
    group: tuple[str, str, str], output_format: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    version, kind, validity = group
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    paths = [p.relative_to(ROOT).as_posix() for p in GROUPS[group]]
    result = CliRunner().invoke(
        cli,
        ["validate", "--api-version", version, "--kind", kind, "-o", output_format, "--jobs", "1", *paths],
    )
    assert result.exit_code == (1 if validity == "invalid" else 0), result.output
    assert result.stderr == ""
    want = {p: expected(ROOT / p) for p in paths}
    lines = result.stdout.splitlines()
    if output_format == "json":
        doc = json.loads(result.stdout)
        assert _json_findings(doc) == want
        assert all(f["valid"] is (validity == "valid") for f in doc["files"])
    elif output_format == "text":
        assert {p: _text_findings(lines).get(p, set()) for p in paths} == {
            p: _for_text(w) for p, w in want.items()
        }
    elif output_format == "github":
        assert {p: _github_findings(lines).get(p, set()) for p in paths} == {
            p: _for_text(w) for p, w in want.items()
        }
    elif output_format == "sarif":
        log = json.loads(result.stdout)
        validator = jsonschema.Draft4Validator(
            json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")),
            format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER,
        )
        assert list(validator.iter_errors(log)) == []
        found = _sarif_findings(log)
        assert {p: found.get(p, set()) for p in paths} == {p: _for_text(w) for p, w in want.items()}
    else:
        found, failed = _junit_findings(result.stdout)
        assert set(failed) == set(paths)
        assert all(f is (validity == "invalid") for f in failed.values())
        assert found == {p: _for_text(w) for p, w in want.items()}


def test_github_unescape_inverts_escape() -> None:
    assert _unescape(escape_data("50%\r\n")) == "50%\r\n"
