"""The pytest plugin as a user meets it: pytest run in a scratch project, the plugin found
through its ``pytest11`` entry point (as installed), never through this repository's
conftest."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

USER_TESTS = """
import json

RECORD = {"Who": "CORP\\\\jdoe", "Action": "Added", "What": "Ann", "When": "2024-05-02T08:15:00Z",
          "Where": "dc01", "ObjectType": "user", "MonitoringPlan": {"Name": "AD"}, "Item": {"Name": "corp"}}


def test_writer_output_is_valid(nwx_validate):
    report = nwx_validate(json.dumps([RECORD]))
    assert report.records == 1


def test_writer_output_is_broken(nwx_validate):
    nwx_validate(json.dumps([dict(RECORD, Action="Nope")]), kind="input")


def test_defaults_come_from_the_ini_file(nwx_validate):
    assert (nwx_validate.kind, nwx_validate.api_version, nwx_validate.allow_warnings) == ("input", "8.5", False)
"""

INI = """
[pytest]
nwx_schema_kind = input
nwx_schema_api_version = 8.5
nwx_schema_allow_warnings = false
"""


def run_pytest(project: Path, *args: str, extra_path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "HYPOTHESIS"))}
    if extra_path is not None:
        env["PYTHONPATH"] = str(extra_path)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:hypothesispytest", "-q", *args],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def make_project(tmp_path: Path, tests: str, ini: str = "[pytest]\n") -> Path:
    project = tmp_path / "addon"
    project.mkdir()
    (project / "pytest.ini").write_text(ini, encoding="utf-8")
    (project / "test_addon.py").write_text(textwrap.dedent(tests), encoding="utf-8")
    return project


def test_fixture_passes_valid_payloads_and_fails_with_every_finding_located(tmp_path: Path) -> None:
    project = make_project(tmp_path, USER_TESTS.replace("test_defaults", "_defaults"))
    result = run_pytest(project)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "1 failed, 1 passed" in out
    assert "FAILED test_addon.py::test_writer_output_is_broken - " in out
    assert (
        "E       nwx_schema.testing.PayloadAssertionError: payload <data> is not valid: "
        "1 error, 0 warnings (input document, API 9.0, JSON)\n"
        "E         <data>:1:34: error NWX400 Action 'Nope' is not one of the 23 documented values"
    ) in out
    assert (
        "documented values (Added, Removed, Modified, Read, Moved, Renamed, ... `nwx-schema explain NWX400` lists them) [/0/Action]\n"
        in out
    )
    assert "E             record 0, XPath /ActivityRecordList/ActivityRecord[1]/Action\n" in out
    # The traceback stops at the user's line, not inside nwx_schema.
    assert 'nwx_validate(json.dumps([dict(RECORD, Action="Nope")]), kind="input")' in out
    assert "def assert_valid_payload" not in out


def test_ini_options_set_the_fixture_defaults(tmp_path: Path) -> None:
    project = make_project(tmp_path, USER_TESTS, INI)
    defaults = run_pytest(project, "-k", "defaults")
    assert defaults.returncode == 0, defaults.stdout
    assert "1 passed, 2 deselected" in defaults.stdout
    # Version 8.5 and no warning allowed by default: the 9.0 record fails too now.
    result = run_pytest(project)
    assert result.returncode == 1
    assert "2 failed, 1 passed" in result.stdout
    assert "FAILED test_addon.py::test_writer_output_is_valid - " in result.stdout
    assert "(input document, API 8.5, JSON)" in result.stdout
    assert "error NWX308 " in result.stdout


def test_ini_options_are_documented_in_pytest_help(tmp_path: Path) -> None:
    project = make_project(tmp_path, "def test_nothing():\n    pass\n")
    out = run_pytest(project, "--help").stdout
    for name in ("nwx_schema_api_version", "nwx_schema_kind", "nwx_schema_allow_warnings"):
        assert name in out


def test_a_bad_ini_flag_is_reported_as_an_error_of_the_test(tmp_path: Path) -> None:
    project = make_project(tmp_path, USER_TESTS, "[pytest]\nnwx_schema_allow_warnings = maybe\n")
    result = run_pytest(project, "-k", "output_is_valid")
    assert result.returncode == 1
    assert "nwx_schema_allow_warnings = 'maybe': write true or false" in result.stdout


def test_the_plugin_can_be_disabled(tmp_path: Path) -> None:
    project = make_project(tmp_path, USER_TESTS)
    result = run_pytest(project, "-p", "no:nwx_schema", "-k", "output_is_valid")
    assert result.returncode == 1
    assert "fixture 'nwx_validate' not found" in result.stdout


def test_the_plugin_never_breaks_a_run_that_does_not_use_it(tmp_path: Path) -> None:
    """Even with the validator's dependencies broken (lxml unimportable), an unrelated test
    suite runs; only a test asking for the fixture would meet the problem."""
    shadow = tmp_path / "shadow"
    (shadow / "lxml").mkdir(parents=True)
    (shadow / "lxml" / "__init__.py").write_text(
        "raise ImportError('lxml is broken here')\n", encoding="utf-8"
    )
    project = make_project(
        tmp_path, "def test_unrelated():\n    assert 1 + 1 == 2\n", "[pytest]\nfilterwarnings = error\n"
    )
    result = run_pytest(project, extra_path=shadow)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert result.stderr == ""
