"""The GitLab CI and Azure Pipelines recipes (``ci/recipes/``): their script lines run in
a shell against payloads in a scratch checkout, as each CI runs them (GitLab: variables
in the environment, ``bash -eo pipefail``; Azure: ``$(macro)`` substitution, bash). The
JUnit file the CI publishes must be produced and parse, with one test case per payload."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from typing import Any

import pytest
import yaml
from lxml import etree

from tests.conftest import FIXTURES, ROOT

RECIPES = ROOT / "ci" / "recipes"
GITLAB = yaml.safe_load((RECIPES / "gitlab-ci.yml").read_text(encoding="utf-8"))
AZURE = yaml.safe_load((RECIPES / "azure-pipelines.yml").read_text(encoding="utf-8"))
JUNIT = "nwx-schema-junit.xml"
BIN = str(Path(sys.executable).parent)
MACRO = re.compile(r"\$\((\w+)\)")

BAD_JSON = """[
  {"Who": "CORP\\\\jdoe", "Action": "Nope", "What": "Ann", "When": "2024-05-02T08:15:00Z",
   "Where": "dc01", "ObjectType": "user"}
]
"""


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    """An add-on's repository with its payloads in out/: three valid, one invalid."""
    root = tmp_path / "checkout"
    (root / "out").mkdir(parents=True)
    for name in ("input/full-record.json", "input/full-record.xml", "search/every-filter-shape.xml"):
        shutil.copy(FIXTURES / "pairs/9.0" / name, root / "out" / Path(name).name)
    (root / "out/bad.json").write_text(BAD_JSON, encoding="utf-8")
    return root


def _environment(bin_dir: str, variables: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NWX_", "PIP_"))}
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    env.pop("VIRTUAL_ENV", None)
    env |= {k: str(v) for k, v in (variables or {}).items()}
    return env


def run_gitlab(
    section: str, checkout: Path, bin_dir: str = BIN, **overrides: str
) -> subprocess.CompletedProcess[str]:
    job = GITLAB["nwx-schema"]
    script = "\n".join(job[section])
    variables = {**job["variables"], **overrides}
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=checkout,
        env=_environment(bin_dir, variables),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _azure_step(display_name: str) -> dict[str, Any]:
    (step,) = [s for s in AZURE["steps"] if s.get("displayName") == display_name]
    assert isinstance(step, dict)
    return step


def run_azure(
    display_name: str, checkout: Path, bin_dir: str = BIN, **overrides: str
) -> subprocess.CompletedProcess[str]:
    variables = {**AZURE["variables"], **overrides}
    script = MACRO.sub(lambda m: variables[m[1]], _azure_step(display_name)["bash"])
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-c", script],
        cwd=checkout,
        env=_environment(bin_dir),
        capture_output=True,
        text=True,
        timeout=600,
    )


def _junit(path: Path) -> etree._Element:
    root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    assert root.tag == "testsuites"
    return root


def _failures(root: etree._Element) -> dict[str, str]:
    """Test case name -> failure text, for the failed cases."""
    return {
        str(case.get("name")): str(failure.text)
        for case in root.iter("testcase")
        for failure in case.findall("failure")
    }


def test_gitlab_job_publishes_the_junit_file_it_writes() -> None:
    job = GITLAB["nwx-schema"]
    assert job["artifacts"]["reports"]["junit"] == JUNIT
    assert job["artifacts"]["when"] == "always"
    assert any(f"> {JUNIT}" in line for line in job["script"])


def test_azure_pipeline_publishes_the_junit_file_it_writes() -> None:
    (publish,) = [s for s in AZURE["steps"] if s.get("task") == "PublishTestResults@2"]
    assert publish["inputs"]["testResultsFormat"] == "JUnit"
    assert publish["inputs"]["testResultsFiles"] == JUNIT
    assert publish["condition"] == "succeededOrFailed()"  # published when validation fails
    assert f"> {JUNIT}" in _azure_step("Validate payloads")["bash"]


@pytest.mark.parametrize("ci", ["gitlab", "azure"])
def test_an_invalid_payload_fails_the_job_with_a_junit_failure(ci: str, checkout: Path) -> None:
    if ci == "gitlab":
        result = run_gitlab("script", checkout)
    else:
        result = run_azure("Validate payloads", checkout, nwxPaths="out/")
    assert result.returncode == 1, result.stdout + result.stderr
    log = result.stdout.splitlines()
    assert any(line.startswith("out/bad.json:2:35: error NWX400 Action 'Nope'") for line in log)
    assert log[-1] == "4 files checked: 3 valid, 1 invalid; 1 error, 6 warnings"
    junit = _junit(checkout / JUNIT)
    assert (junit.get("tests"), junit.get("failures"), junit.get("errors")) == ("4", "1", "0")
    failures = _failures(junit)
    assert list(failures) == ["out/bad.json"]
    assert "out/bad.json:2:35: error NWX400 " in failures["out/bad.json"]


@pytest.mark.parametrize("ci", ["gitlab", "azure"])
def test_valid_payloads_pass_with_a_clean_junit_report(ci: str, checkout: Path) -> None:
    (checkout / "out/bad.json").unlink()
    if ci == "gitlab":
        result = run_gitlab("script", checkout, NWX_OPTIONS="--api-version 10.7 --ignore NWX603,NWX604")
    else:
        result = run_azure(
            "Validate payloads", checkout, nwxOptions="--api-version 10.7 --ignore NWX603,NWX604"
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "3 files checked: 3 valid, 0 invalid; 0 errors, 0 warnings"
    junit = _junit(checkout / JUNIT)
    assert (junit.get("tests"), junit.get("failures")) == ("3", "0")
    assert sorted(str(c.get("name")) for c in junit.iter("testcase")) == [
        "out/every-filter-shape.xml",
        "out/full-record.json",
        "out/full-record.xml",
    ]


@pytest.mark.parametrize("ci", ["gitlab", "azure"])
def test_an_unreadable_path_fails_the_job_with_exit_code_2(ci: str, checkout: Path) -> None:
    if ci == "gitlab":
        result = run_gitlab("script", checkout, NWX_PATHS="out/ missing/")
    else:
        result = run_azure("Validate payloads", checkout, nwxPaths="out/ missing/")
    assert result.returncode == 2
    assert "nwx-schema: error: cannot read missing/" in result.stderr
    junit = _junit(checkout / JUNIT)  # still written: the unreadable path is an error case
    assert junit.get("errors") == "1"


@pytest.mark.slow
@pytest.mark.parametrize("ci", ["gitlab", "azure"])
def test_the_install_lines_install_a_working_nwx_schema(ci: str, checkout: Path, tmp_path: Path) -> None:
    """The recipe's own install line, with the requirement pointed at this repository
    (what a pinned version or a git URL gives in real use), in a fresh environment."""
    env_dir = tmp_path / "ci-python"
    venv.create(env_dir, with_pip=True)
    bin_dir = str(env_dir / "bin")
    if ci == "gitlab":
        installed = run_gitlab("before_script", checkout, bin_dir, NWX_SCHEMA_REQUIREMENT=str(ROOT))
    else:
        installed = run_azure("Install nwx-schema", checkout, bin_dir, nwxSchemaRequirement=str(ROOT))
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert (env_dir / "bin" / "nwx-schema").exists()
    if ci == "gitlab":
        result = run_gitlab("script", checkout, bin_dir)
    else:
        result = run_azure("Validate payloads", checkout, bin_dir)
    assert result.returncode == 1
    assert list(_failures(_junit(checkout / JUNIT))) == ["out/bad.json"]
