"""`nwx-schema validate` end to end on real payloads with the real engine: every output
format, standard input, directories, exit codes 0/1/2, and the options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from nwx_schema.cli import cli

NS = "http://schemas.netwrix.com/api/v1/activity_records/"
GOOD_JSON = (
    '[{"Who": "CORP\\\\jdoe", "Action": "Added", "What": "x", "When": "2024-05-02T08:15:00Z",\n'
    '  "Where": "srv", "ObjectType": "user", "MonitoringPlan": {"Name": "P"}, "Item": {"Name": "I"}}]\n'
)
# No When (error NWX300 at the record), a misspelt Action (error NWX400 on line 5), no
# plan and no item (warnings NWX603, NWX604).
BAD_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<ActivityRecordList xmlns="{NS}">
  <ActivityRecord>
    <Who>jdoe</Who>
    <Action>Add (failed attempt)</Action>
    <What>x</What>
    <Where>srv</Where>
    <ObjectType>user</ObjectType>
  </ActivityRecord>
</ActivityRecordList>
"""
# Valid, but no plan and no item: two warnings.
WARN_JSON = (
    '[{"Who": "jdoe", "Action": "Added", "What": "x", "When": "2024-05-02T08:15:00Z",'
    ' "Where": "srv", "ObjectType": "user"}]'
)
BAD_EXPECTED = {
    ("NWX300", 3, 3, "/0/When"),
    ("NWX603", 3, 3, "/0/MonitoringPlan/Name"),
    ("NWX604", 3, 3, "/0/Item/Name"),
    ("NWX400", 5, 5, "/0/Action"),
}
SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"


@pytest.fixture
def payloads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A directory of payloads, made the working directory."""
    (tmp_path / "good.json").write_text(GOOD_JSON, encoding="utf-8")
    (tmp_path / "bad.xml").write_text(BAD_XML, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["validate", *args], input=stdin)


def test_valid_file_exits_0(payloads: Path) -> None:
    result = invoke("good.json")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "1 file checked: 1 valid, 0 invalid; 0 errors, 0 warnings\n",
        "",
    )


def test_invalid_file_exits_1_with_every_finding_located(payloads: Path) -> None:
    result = invoke("bad.xml")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("bad.xml:3:3: error NWX300 ")
    assert lines[0].endswith(" [/0/When]")
    assert lines[3].startswith("bad.xml:5:5: error NWX400 ")
    assert lines[-1] == "1 file checked: 0 valid, 1 invalid; 2 errors, 2 warnings"


def test_json_output_locates_every_finding(payloads: Path) -> None:
    result = invoke("-o", "json", "bad.xml", "good.json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    bad, good = doc["files"]
    assert (bad["path"], bad["format"], bad["api_version"], bad["kind"], bad["valid"]) == (
        "bad.xml",
        "xml",
        "9.0",
        "input",
        False,
    )
    assert {(i["code"], i["line"], i["column"], i["pointer"]) for i in bad["issues"]} == BAD_EXPECTED
    assert next(i for i in bad["issues"] if i["code"] == "NWX400")["xpath"] == (
        "/ActivityRecordList/ActivityRecord[1]/Action"
    )
    assert (good["format"], good["valid"], good["issues"]) == ("json", True, [])
    assert doc["summary"] == {
        "files": 2,
        "valid": 1,
        "invalid": 1,
        "errors": 2,
        "warnings": 2,
        "omitted": 0,
        "unreadable": 0,
    }


def test_junit_output_parses_with_one_failure(payloads: Path) -> None:
    result = invoke("-o", "junit", ".")
    assert result.exit_code == 1
    root = etree.fromstring(result.stdout.encode("utf-8"))
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == ["bad.xml", "good.json"]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("message") == "2 errors"
    assert cases[1].find("failure") is None
    assert (root.get("tests"), root.get("failures")) == ("2", "1")


def test_sarif_output_is_valid_sarif_2_1_0(payloads: Path) -> None:
    result = invoke("-o", "sarif", ".")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(log)) == []
    found = {
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
            r["locations"][0]["logicalLocations"][-1]["fullyQualifiedName"],
        )
        for r in log["runs"][0]["results"]
    }
    assert found == BAD_EXPECTED
    assert {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]
    } == {"bad.xml"}


def test_github_output_annotates_each_finding(payloads: Path) -> None:
    result = invoke("-o", "github", str(payloads / "bad.xml"))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=bad.xml,line=3,col=3,title=NWX300::")
    assert lines[1].startswith("::warning file=bad.xml,line=3,col=3,title=NWX603::")
    assert lines[3].startswith("::error file=bad.xml,line=5,col=5,title=NWX400::")
    assert lines[-1] == "1 file checked: 0 valid, 1 invalid; 2 errors, 2 warnings"


def test_stdin_is_validated_under_its_name(payloads: Path) -> None:
    result = invoke("-", stdin=BAD_XML.encode("utf-8"))
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:3:3: error NWX300 ")
    result = invoke("--stdin-name", "addon-out.json", "-", stdin=GOOD_JSON.encode("utf-8"))
    assert result.exit_code == 0


def test_empty_file_is_a_finding_not_an_unreadable_path(payloads: Path) -> None:
    (payloads / "empty.json").write_bytes(b"")
    result = invoke("-o", "json", "empty.json")
    assert result.exit_code == 1
    (issue,) = json.loads(result.stdout)["files"][0]["issues"]
    assert issue["code"] == "NWX100"
    assert result.stderr == ""


def test_binary_file_is_a_finding_without_traceback(payloads: Path) -> None:
    (payloads / "blob.xml").write_bytes(bytes(range(256)) * 4)
    result = invoke("-o", "json", "blob.xml")
    assert result.exit_code == 1
    codes = [i["code"] for i in json.loads(result.stdout)["files"][0]["issues"]]
    assert codes and all(code.startswith("NWX1") for code in codes)
    assert "Traceback" not in result.output


def test_missing_path_exits_2_and_the_rest_is_reported(payloads: Path) -> None:
    result = invoke("nope.xml", "bad.xml")
    assert result.exit_code == 2
    assert result.stderr == "nwx-schema: error: cannot read nope.xml: No such file or directory\n"
    assert "bad.xml:5:5: error NWX400" in result.stdout


def test_directory_is_searched(payloads: Path) -> None:
    sub = payloads / "out" / "batch"
    sub.mkdir(parents=True)
    (sub / "more.json").write_text(GOOD_JSON, encoding="utf-8")
    (sub / "notes.txt").write_text("not a payload", encoding="utf-8")
    result = invoke("-o", "json", ".")
    assert [f["path"] for f in json.loads(result.stdout)["files"]] == [
        "bad.xml",
        "good.json",
        "out/batch/more.json",
    ]


def test_ignore_silences_the_warnings(payloads: Path) -> None:
    result = invoke("-o", "json", "--ignore", "NWX603,NWX604", "bad.xml")
    assert [i["code"] for i in json.loads(result.stdout)["files"][0]["issues"]] == ["NWX300", "NWX400"]
    assert invoke("--ignore", "NWX300", "--ignore", "NWX400", "bad.xml").exit_code == 0


def test_max_errors_limits_the_errors_shown(payloads: Path) -> None:
    result = invoke("--max-errors", "1", "bad.xml")
    assert result.exit_code == 1
    assert "NWX400" not in result.stdout
    assert "bad.xml: 1 more error not shown (--max-errors 1)" in result.stdout


def test_warnings_as_errors(payloads: Path) -> None:
    (payloads / "warn.json").write_text(WARN_JSON, encoding="utf-8")
    assert invoke("warn.json").exit_code == 0
    result = invoke("--warnings-as-errors", "-o", "json", "warn.json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"][0]["valid"] is False


def test_api_version_release_and_kind_are_applied(payloads: Path) -> None:
    doc = json.loads(invoke("-o", "json", "--api-version", "10.7", "good.json").stdout)
    assert doc["files"][0]["api_version"] == "9.0"
    result = invoke("-o", "json", "--kind", "search", "good.json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["files"][0]["issues"][0]["code"].startswith("NWX2")


@pytest.mark.parametrize("output_format", ["text", "json", "junit", "sarif", "github"])
def test_parallel_output_is_identical_to_serial(payloads: Path, output_format: str) -> None:
    for n in range(6):
        (payloads / f"more-{n}.xml").write_text(BAD_XML, encoding="utf-8")
        (payloads / f"more-{n}.json").write_text(WARN_JSON, encoding="utf-8")
    serial = invoke("-o", output_format, "--jobs", "1", ".")
    parallel = invoke("-o", output_format, "--jobs", "2", ".")
    assert (parallel.exit_code, parallel.stdout) == (serial.exit_code, serial.stdout)
    assert serial.exit_code == 1


def test_console_script_runs_without_traceback(payloads: Path) -> None:
    script = Path(sys.executable).parent / "nwx-schema"
    done = subprocess.run(
        [str(script), "validate", "bad.xml", "missing.json"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 2
    assert "bad.xml:5:5: error NWX400" in done.stdout
    assert done.stderr == "nwx-schema: error: cannot read missing.json: No such file or directory\n"


def test_start_up_imports_only_what_one_file_needs() -> None:
    code = (
        "import sys\n"
        "from nwx_schema.cli import main\n"
        "try:\n    main(['validate', '-'])\nexcept SystemExit:\n    pass\n"
        "lazy = ['nwx_schema.reporting.sarif', 'nwx_schema.reporting.junit', 'concurrent.futures',\n"
        "        'multiprocessing', 'nwx_schema.conversion', 'nwx_schema.server', 'jsonschema']\n"
        "print([m for m in lazy if m in sys.modules])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "NWX_SCHEMA_TRACEBACK"}
    done = subprocess.run(
        [sys.executable, "-c", code], input=GOOD_JSON, capture_output=True, text=True, check=True, env=env
    )
    assert done.stdout.splitlines()[-1] == "[]"


@settings(max_examples=30)
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_no_traceback_whatever_the_input(data: bytes) -> None:
    result = invoke("-o", "json", "-", stdin=data)
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout)
    assert doc["files"][0]["valid"] is (result.exit_code == 0)
