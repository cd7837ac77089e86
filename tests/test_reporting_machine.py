"""The machine formats: JSON (its exact shape), JUnit (parsed with lxml) and SARIF
(validated against the official SARIF 2.1.0 schema)."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from lxml import etree

from nwx_schema import __version__
from nwx_schema.codes import CATALOGUE
from nwx_schema.issues import Issue
from nwx_schema.reporting import REPORTERS, RenderContext, create_reporter
from nwx_schema.reporting.outcome import Policy, Unreadable
from nwx_schema.reporting.sarif import artifact_uri
from tests import reporting_samples as samples
from tests.reporting_samples import NO_PLAN

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


def render(name: str, policy: Policy | None = None, *, unreadable: bool = False, cwd: str = ".") -> str:
    gone = (Unreadable("gone.xml", "No such file or directory"),) if unreadable else ()
    return samples.render(name, policy, unreadable=gone, cwd=cwd)


def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


def test_registry_lists_the_five_formats() -> None:
    assert list(REPORTERS) == ["text", "json", "junit", "sarif", "github"]


def test_unknown_format_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        create_reporter("yaml", RenderContext(), io.StringIO())


# -- json ---------------------------------------------------------------------------


def test_json_has_the_documented_shape() -> None:
    doc = json.loads(render("json"))
    assert set(doc) >= {"files", "summary"}
    assert doc["summary"] == {
        "files": 3,
        "valid": 1,
        "invalid": 2,
        "errors": 3,
        "warnings": 1,
        "omitted": 0,
        "unreadable": 0,
    }
    assert [f["path"] for f in doc["files"]] == ["in/good.xml", "in/bad.json", "in/junk.json"]
    bad = doc["files"][1]
    assert {k: bad[k] for k in ("format", "api_version", "kind", "valid", "records")} == {
        "format": "json",
        "api_version": "9.0",
        "kind": "input",
        "valid": False,
        "records": 2,
    }
    assert bad["issues"][1] == {
        "code": "NWX300",
        "severity": "error",
        "message": "required field When is missing",
        "line": 3,
        "column": 5,
        "pointer": "/0",
        "xpath": "/ActivityRecordList/ActivityRecord[1]",
        "record": 0,
    }
    assert doc["files"][2]["issues"][0]["line"] is None


def test_json_lists_what_max_errors_let_through_and_counts_all() -> None:
    bad = json.loads(render("json", Policy(max_errors=1)))["files"][1]
    assert [i["code"] for i in bad["issues"]] == ["NWX603", "NWX300"]
    assert (bad["errors"], bad["omitted"]) == (2, 1)


def test_json_valid_follows_warnings_as_errors() -> None:
    policy = Policy(warnings_as_errors=True, ignore=frozenset({"NWX300", "NWX400", "NWX101"}))
    doc = json.loads(render("json", policy))
    assert [f["valid"] for f in doc["files"]] == [True, False, True]


def test_json_lists_unreadable_paths() -> None:
    doc = json.loads(render("json", unreadable=True))
    assert doc["unreadable"] == [{"path": "gone.xml", "reason": "No such file or directory"}]
    assert doc["summary"]["unreadable"] == 1


# -- junit --------------------------------------------------------------------------


def test_junit_has_one_testcase_per_file_and_a_failure_per_invalid_file() -> None:
    text = render("junit")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = etree.fromstring(text.encode("utf-8"))
    assert root.tag == "testsuites"
    assert {k: root.get(k) for k in ("name", "tests", "failures", "errors")} == {
        "name": "nwx-schema",
        "tests": "3",
        "failures": "2",
        "errors": "0",
    }
    (suite,) = root
    assert suite.tag == "testsuite"
    assert (suite.get("name"), suite.get("tests"), suite.get("failures")) == ("nwx-schema", "3", "2")
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("name")) for c in cases] == [
        ("nwx-schema", "in/good.xml"),
        ("nwx-schema", "in/bad.json"),
        ("nwx-schema", "in/junk.json"),
    ]
    assert cases[0].find("failure") is None
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.get("message") == "2 errors"
    assert failure.get("type") == "NWX300"
    assert (failure.text or "").splitlines()[
        1
    ] == "in/bad.json:3:5: error NWX300 required field When is missing [/0]"
    junk = cases[2].find("failure")
    assert junk is not None and junk.get("message") == "1 error"


def test_junit_puts_warnings_of_a_valid_file_in_system_out() -> None:
    root = etree.fromstring(samples.render("junit", files=[("w.xml", (NO_PLAN,), "xml")]).encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert case is not None and case.find("failure") is None
    assert (
        case.findtext("system-out") == "w.xml:2:3: warning NWX603 record without MonitoringPlan/Name [/0]\n"
    )


def test_junit_counts_unreadable_paths_as_errors() -> None:
    root = etree.fromstring(render("junit", unreadable=True).encode("utf-8"))
    assert (root.get("tests"), root.get("errors")) == ("4", "1")
    error = root.find("testsuite/testcase[@name='gone.xml']/error")
    assert error is not None and error.text == "No such file or directory"


def test_junit_stays_well_formed_when_messages_hold_control_characters() -> None:
    issue = Issue(1, 1, "NWX110", "error", "What holds U+0001: 'line\x01'", "/0/What")
    root = etree.fromstring(samples.render("junit", files=[("ctl.json", (issue,), "json")]).encode("utf-8"))
    assert "'line\\x01'" in (root.findtext("testsuite/testcase/failure") or "")


# -- sarif --------------------------------------------------------------------------


def test_vendored_sarif_schema_is_the_pinned_official_file() -> None:
    digest = hashlib.sha256(SARIF_SCHEMA.read_bytes()).hexdigest()
    assert digest == "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"


@pytest.mark.parametrize("unreadable", [False, True])
def test_sarif_is_valid_against_the_sarif_2_1_0_schema(unreadable: bool) -> None:
    log = json.loads(render("sarif", Policy(max_errors=1), unreadable=unreadable))
    errors = sorted(sarif_validator().iter_errors(log), key=str)
    assert errors == []


def test_sarif_schema_check_would_catch_a_bad_log() -> None:
    log = json.loads(render("sarif"))
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert list(sarif_validator().iter_errors(log))


def test_sarif_driver_and_rules_come_from_the_catalogue() -> None:
    log = json.loads(render("sarif"))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("nwx-schema", __version__)
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == sorted(CATALOGUE)
    rule = next(r for r in driver["rules"] if r["id"] == "NWX300")
    entry = CATALOGUE["NWX300"]
    assert rule["shortDescription"]["text"] == entry.title
    assert rule["fullDescription"]["text"] == entry.meaning
    assert entry.fix in rule["help"]["text"]
    assert rule["defaultConfiguration"]["level"] == "error"


def results(log: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = log["runs"][0]["results"]
    return found


def test_sarif_has_one_result_per_finding_with_its_location() -> None:
    log = json.loads(render("sarif"))
    found = results(log)
    assert [(r["ruleId"], r["level"]) for r in found] == [
        ("NWX603", "warning"),
        ("NWX300", "error"),
        ("NWX400", "error"),
        ("NWX101", "error"),
    ]
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in found)
    missing = found[1]
    assert missing["message"]["text"] == "required field When is missing"
    (location,) = missing["locations"]
    assert location["physicalLocation"] == {
        "artifactLocation": {"uri": "in/bad.json"},
        "region": {"startLine": 3, "startColumn": 5},
    }
    assert location["logicalLocations"] == [
        {"fullyQualifiedName": "/ActivityRecordList/ActivityRecord[1]", "kind": "element"},
        {"fullyQualifiedName": "/0", "kind": "value"},
    ]


def test_sarif_leaves_out_the_region_when_the_position_is_unknown() -> None:
    junk = results(json.loads(render("sarif")))[3]
    assert junk["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "in/junk.json"}}


def test_sarif_reports_unreadable_paths_as_failed_execution() -> None:
    invocation = json.loads(render("sarif", unreadable=True))["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    texts = [n["message"]["text"] for n in invocation["toolExecutionNotifications"]]
    assert texts == ["cannot read gone.xml: No such file or directory"]


def test_sarif_uris_are_relative_inside_the_working_directory_and_encoded() -> None:
    assert artifact_uri("/repo/out/my file.xml", "/repo") == "out/my%20file.xml"
    assert artifact_uri("/elsewhere/a.xml", "/repo") == "file:///elsewhere/a.xml"
    assert artifact_uri("<stdin>", "/repo") == "%3Cstdin%3E"
    assert artifact_uri("/repo/a:b.json", "/repo") == "a%3Ab.json"
