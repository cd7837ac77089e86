"""The GitHub Action (``action.yml``): its steps' ``run`` lines executed as the runner does
(``bash --noprofile --norc -eo pipefail``), with the environment its ``env:`` blocks
build from the inputs, in a scratch workspace. Checks the ``::error`` annotations, the
SARIF file (against the SARIF 2.1.0 schema), the step outputs and the exit codes."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.conftest import FIXTURES, ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = {step["id"]: step for step in ACTION["runs"]["steps"] if "id" in step}
SARIF_SCHEMA = json.loads(
    (Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8")
)
COMMAND = str(Path(sys.executable).with_name("nwx-schema"))
EXPRESSION = re.compile(r"\$\{\{\s*([\w.-]+)\s*\}\}")

BAD_XML = """<?xml version="1.0" encoding="UTF-8"?>
<ActivityRecordList xmlns="http://schemas.netwrix.com/api/v1/activity_records/">
  <ActivityRecord>
    <Who>CORP\\jdoe</Who>
    <Action>Add (failed attempt)</Action>
    <What>Ann</What>
    <Where>dc01</Where>
    <ObjectType>user</ObjectType>
  </ActivityRecord>
</ActivityRecordList>
"""


class Runner:
    """Runs steps of the action as GitHub does, remembering their outputs."""

    def __init__(self, workspace: Path, inputs: dict[str, str]) -> None:
        self.workspace = workspace
        self.temp = workspace.parent / "runner-temp"
        self.temp.mkdir(exist_ok=True)
        defaults = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
        unknown = set(inputs) - set(defaults)
        assert not unknown, f"the action has no input {unknown}"
        self.inputs = defaults | inputs
        self.outputs: dict[str, dict[str, str]] = {"install": {"command": COMMAND}}
        self.summary = self.temp / "summary.md"

    def context(self, name: str) -> str:
        scope, _, rest = name.partition(".")
        if scope == "inputs":
            return self.inputs[rest]
        if scope == "steps":
            step, _, output = rest.partition(".outputs.")
            return self.outputs.get(step, {}).get(output, "")
        return {"github.action_path": str(ROOT), "runner.temp": str(self.temp)}[name]

    def run(self, step_id: str) -> subprocess.CompletedProcess[str]:
        step = STEPS[step_id]
        assert step["shell"] == "bash"
        output_file = self.temp / f"{step_id}.out"
        output_file.write_text("", encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NWX_", "GITHUB_"))}
        env |= {
            key: EXPRESSION.sub(lambda m: self.context(m[1]), str(value))
            for key, value in step["env"].items()
        }
        env |= {
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "RUNNER_TEMP": str(self.temp),
        }
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        lines = output_file.read_text(encoding="utf-8").splitlines()
        self.outputs[step_id] = dict(line.split("=", 1) for line in lines)
        return result


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository checkout with an add-on's payloads: two valid, one invalid."""
    root = tmp_path / "workspace"
    (root / "out" / "batch").mkdir(parents=True)
    shutil.copy(FIXTURES / "pairs/9.0/input/full-record.json", root / "out/records.json")
    shutil.copy(FIXTURES / "pairs/9.0/output/page-with-mark.xml", root / "out/batch/page.xml")
    (root / "out/batch/bad.xml").write_text(BAD_XML, encoding="utf-8")
    return root


def _sarif(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, SARIF_SCHEMA)
    return document


def test_every_input_reaches_the_script() -> None:
    used = " ".join(
        str(v)
        for step in ACTION["runs"]["steps"]
        for v in [*step.get("env", {}).values(), step.get("if", "")]
    )
    for name in ACTION["inputs"]:
        assert f"inputs.{name}" in used, f"input {name} is never used"
    assert ACTION["runs"]["using"] == "composite"
    assert ACTION["inputs"]["paths"]["required"] is True
    assert set(ACTION["outputs"]) == {"exit-code", "sarif-file"}


def test_invalid_payloads_give_annotations_a_sarif_file_and_exit_code_1(workspace: Path) -> None:
    runner = Runner(workspace, {"paths": "out/"})
    result = runner.run("validate")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert (
        "::error file=out/batch/bad.xml,line=3,col=3,title=NWX300::"
        "ActivityRecord has no When (time of the change, with a zone): add it [/0/When]"
    ) in lines
    assert any(
        line.startswith(
            "::error file=out/batch/bad.xml,line=5,col=5,title=NWX400::Action 'Add (failed attempt)'"
        )
        for line in lines
    )
    assert "::warning file=out/records.json,line=25,col=3,title=NWX603::" in result.stdout
    assert lines[-1] == "3 files checked: 2 valid, 1 invalid; 2 errors, 4 warnings"

    assert runner.outputs["validate"] == {"exit-code": "1", "sarif-file": "nwx-schema.sarif"}
    sarif = _sarif(workspace / "nwx-schema.sarif")
    results = sarif["runs"][0]["results"]
    errors = [r for r in results if r["level"] == "error"]
    assert sorted(r["ruleId"] for r in errors) == ["NWX300", "NWX400"]
    location = errors[0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "out/batch/bad.xml"
    assert {
        location["region"]["startLine"]
        for r in errors
        for location in [r["locations"][0]["physicalLocation"]]
    } == {
        3,
        5,
    }
    summary = runner.summary.read_text(encoding="utf-8")
    assert "3 files checked: 2 valid, 1 invalid; 2 errors, 4 warnings" in summary
    assert "SARIF report: `nwx-schema.sarif`" in summary


def test_valid_payloads_pass_with_an_empty_sarif_report(workspace: Path) -> None:
    (workspace / "out/batch/bad.xml").unlink()
    runner = Runner(workspace, {"paths": "out/records.json\nout/batch\n", "sarif-file": "reports/nwx.sarif"})
    result = runner.run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "::error" not in result.stdout
    assert runner.outputs["validate"] == {"exit-code": "0", "sarif-file": "reports/nwx.sarif"}
    sarif = _sarif(workspace / "reports/nwx.sarif")
    assert {r["level"] for r in sarif["runs"][0]["results"]} == {"warning"}


def test_inputs_are_passed_to_validate(workspace: Path) -> None:
    inputs = {
        "paths": "out/**/*.xml",  # a pattern: the JSON file is left out
        "api-version": "10.7",
        "kind": "input",
        "output-format": "text",
        "args": "--ignore NWX603,NWX604 --warnings-as-errors",
        "sarif-file": "",
    }
    runner = Runner(workspace, inputs)
    result = runner.run("validate")
    assert result.returncode == 1
    # page.xml is an enum result: read as records written, its mark and RIDs are errors.
    assert re.search(
        r"^out/batch/page\.xml:3:3: error NWX301 unexpected <ContinuationMark>", result.stdout, re.M
    )
    assert re.search(r"^out/batch/page\.xml:5:5: error NWX306 RID appears only", result.stdout, re.M)
    assert "out/records.json" not in result.stdout
    assert "NWX603" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith("2 files checked: 0 valid, 2 invalid;")
    assert runner.outputs["validate"] == {"exit-code": "1", "sarif-file": ""}
    assert not (workspace / "nwx-schema.sarif").exists()


def test_findings_can_be_reported_without_failing(workspace: Path) -> None:
    runner = Runner(workspace, {"paths": "out", "fail-on-findings": "False"})
    result = runner.run("validate")
    assert result.returncode == 0
    assert "::error file=out/batch/bad.xml,line=3,col=3,title=NWX300::" in result.stdout
    assert "::notice title=nwx-schema::invalid payloads found; not failing the step" in result.stdout
    assert runner.outputs["validate"]["exit-code"] == "1"


@pytest.mark.parametrize(
    ("inputs", "message"),
    [
        (
            {"paths": "out", "output-format": "xml"},
            "output-format must be github, text, json, junit or sarif, not 'xml'",
        ),
        (
            {"paths": "out", "fail-on-findings": "maybe"},
            "fail-on-findings must be true or false, not 'maybe'",
        ),
        ({"paths": " \n \n"}, "the paths input is empty"),
    ],
)
def test_bad_settings_fail_with_an_annotation_and_exit_code_2(
    workspace: Path, inputs: dict[str, str], message: str
) -> None:
    result = Runner(workspace, inputs).run("validate")
    assert result.returncode == 2
    assert result.stdout.startswith(f"::error title=nwx-schema action::{message}")


def test_a_missing_path_or_an_unmatched_pattern_is_a_usage_error(workspace: Path) -> None:
    runner = Runner(workspace, {"paths": "out/records.json\nreports/*.json"})
    result = runner.run("validate")
    assert result.returncode == 2
    assert "nwx-schema: error: cannot read reports/*.json" in result.stderr
    assert runner.outputs["validate"]["exit-code"] == "2"


@pytest.mark.slow
def test_install_step_installs_this_repository_and_validate_uses_it(workspace: Path) -> None:
    runner = Runner(workspace, {"paths": "out/records.json"})
    del runner.outputs["install"]
    installed = runner.run("install")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert installed.stdout.strip().endswith("nwx-schema, version 0.1.0")
    command = runner.outputs["install"]["command"]
    assert command == str(runner.temp / "nwx-schema-venv" / "bin" / "nwx-schema")
    result = runner.run("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "1 file checked: 1 valid, 0 invalid; 0 errors, 2 warnings"
