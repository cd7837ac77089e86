"""The validate command's plumbing, with a stand-in engine: paths, standard input, exit
codes, options, streams. (End-to-end runs on real payloads: test_cli_validate_e2e.py.)"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import nwx_schema.validation.engine
from nwx_schema.cli import cli
from nwx_schema.issues import Issue, Report
from tests.reporting_samples import BAD_ACTION, MISSING_WHEN, NO_PLAN

CALLS: list[dict[str, Any]] = []


class FakeValidation:
    """Stands in for the engine's run: judges by name: ``bad`` two errors, ``warn`` a
    warning, ``boom`` an internal error, ``perm`` a read error; the content is echoed in
    the report's record count. Findings are yielded one at a time, as the engine does."""

    def __init__(self, source: Any, *, api_version: str, kind: str, fmt: str, name: str | None) -> None:
        CALLS.append({"source": source, "api_version": api_version, "kind": kind, "fmt": fmt, "name": name})
        self.source = source
        self.label = name or "<data>"
        self.report = Report(path=self.label)

    def issues(self) -> Iterator[Issue]:
        data = self.source if isinstance(self.source, bytes) else Path(self.source).read_bytes()
        if "boom" in self.label:
            raise RuntimeError("engine bug")
        if "perm" in self.label:
            raise PermissionError(13, "Permission denied")
        self.report.format, self.report.api_version, self.report.kind = "json", "9.0", "input"
        if "warn" in self.label:
            yield NO_PLAN
        if "many" in self.label:  # 25 records without plan, each 10 lines long
            for n in range(25):
                yield Issue(10 * n + 2, 3, "NWX603", "warning", "no plan", f"/{n}/MonitoringPlan/Name")
        if "bad" in self.label:
            yield MISSING_WHEN
            if "late-crash" in self.label:
                raise RuntimeError("engine bug after a finding")
            yield BAD_ACTION
        self.report.records = len(data)

    def batches(self) -> Iterator[list[Issue]]:
        """The engine's lists of findings: here, one finding each."""
        for issue in self.issues():
            yield [issue]


@pytest.fixture(autouse=True)
def stand_in_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    CALLS.clear()
    monkeypatch.setattr(nwx_schema.validation.engine, "Validation", FakeValidation)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("NWX_SCHEMA_TRACEBACK", raising=False)


def invoke(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["validate", "--jobs", "1", *args], input=stdin)


def write(path: Path, text: str = "[]") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_clean_file_exits_0_with_a_summary(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json")
    result = invoke(str(good))
    assert result.exit_code == 0
    assert result.stdout == "1 file checked: 1 valid, 0 invalid; 0 errors, 0 warnings\n"
    assert result.stderr == ""


def test_errors_exit_1_and_are_listed(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.json")
    result = invoke(str(bad))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{bad}:3:5: error NWX300 required field When is missing [/0]",
        f"{bad}:7:13: error NWX400 unknown Action 'Add (failed attempt)': "
        "did you mean 'Add (Failed Attempt)'? [/1/Action]",
        "1 file checked: 0 valid, 1 invalid; 2 errors, 0 warnings",
    ]


def test_warnings_alone_exit_0_and_1_with_warnings_as_errors(tmp_path: Path) -> None:
    warn = write(tmp_path / "warn.json")
    assert invoke(str(warn)).exit_code == 0
    result = invoke("--warnings-as-errors", str(warn))
    assert result.exit_code == 1
    assert result.stdout.endswith("1 file checked: 0 valid, 1 invalid; 0 errors, 1 warning\n")


def test_ignore_silences_codes_repeated_or_comma_separated(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad-warn.json")
    result = invoke("--ignore", "nwx300,NWX603", "--ignore", "NWX400", str(bad))
    assert result.exit_code == 0
    assert result.stdout == "1 file checked: 1 valid, 0 invalid; 0 errors, 0 warnings\n"


def test_ignore_of_an_unknown_code_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("--ignore", "NWX31", str(write(tmp_path / "a.json")))
    assert result.exit_code == 2
    assert "unknown code 'NWX31'" in result.stderr
    assert CALLS == []


def test_max_errors_limits_and_counts(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.json")
    result = invoke("--max-errors", "1", str(bad))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"{bad}:3:5: error NWX300 required field When is missing [/0]",
        f"{bad}: 1 more error not shown (--max-errors 1)",
        "1 file checked: 0 valid, 1 invalid; 2 errors, 0 warnings (1 not shown)",
    ]


@pytest.mark.parametrize("value", ["0", "-3", "many"])
def test_max_errors_must_be_a_positive_number(tmp_path: Path, value: str) -> None:
    assert invoke("--max-errors", value, str(write(tmp_path / "a.json"))).exit_code == 2


def test_missing_path_exits_2_after_reporting_the_others(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.json")
    result = invoke(str(tmp_path / "gone.xml"), str(bad))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"nwx-schema: error: cannot read {tmp_path / 'gone.xml'}: No such file or directory\n"
    )
    assert "error NWX300" in result.stdout
    assert result.stdout.endswith("2 errors, 0 warnings; 1 path could not be read\n")


def test_a_read_error_of_the_engine_exits_2(tmp_path: Path) -> None:
    result = invoke(str(write(tmp_path / "perm.json")), str(write(tmp_path / "good.json")))
    assert result.exit_code == 2
    assert result.stderr == f"nwx-schema: error: cannot read {tmp_path / 'perm.json'}: Permission denied\n"
    assert (
        result.stdout
        == "1 file checked: 1 valid, 0 invalid; 0 errors, 0 warnings; 1 path could not be read\n"
    )


def test_an_internal_error_on_one_file_never_shows_a_traceback(tmp_path: Path) -> None:
    result = invoke(str(write(tmp_path / "boom.json")))
    assert result.exit_code == 2
    assert "internal error: RuntimeError: engine bug" in result.stderr
    assert "Traceback" not in result.output


def test_directories_are_searched_recursively_in_sorted_order(tmp_path: Path) -> None:
    for name in [
        "b/z.xml",
        "b/a.JSON",
        "a.json",
        "c.txt",
        ".hidden/x.json",
        "node_modules/m.json",
        ".dot.xml",
    ]:
        write(tmp_path / name)
    result = invoke(str(tmp_path))
    assert result.exit_code == 0
    assert [c["name"] for c in CALLS] == [
        str(tmp_path / "a.json"),
        str(tmp_path / "b" / "a.JSON"),
        str(tmp_path / "b" / "z.xml"),
    ]
    assert result.stdout == "3 files checked: 3 valid, 0 invalid; 0 errors, 0 warnings\n"


def test_an_explicit_file_is_checked_whatever_its_extension(tmp_path: Path) -> None:
    payload = write(tmp_path / "payload.txt")
    assert invoke(str(payload)).exit_code == 0
    assert [c["name"] for c in CALLS] == [str(payload)]


def test_the_same_file_twice_is_checked_once(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json")
    invoke(str(good), str(tmp_path), str(good))
    assert len(CALLS) == 1


def test_an_empty_directory_alone_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = invoke(str(tmp_path / "empty"))
    assert result.exit_code == 2
    assert "no *.xml or *.json file in" in result.stderr
    assert "nwx-schema: error: no file to check" in result.stderr


def test_no_path_is_a_usage_error() -> None:
    result = invoke()
    assert result.exit_code == 2
    assert "Missing argument" in result.stderr


def test_stdin_is_read_as_bytes_and_named(tmp_path: Path) -> None:
    result = invoke("-", stdin=b'[{"Who": "j\xc3\xb6rg"}]')
    assert result.exit_code == 0
    assert CALLS[0]["source"] == b'[{"Who": "j\xc3\xb6rg"}]'
    assert CALLS[0]["name"] == "<stdin>"


def test_stdin_name_is_used_in_reports() -> None:
    result = invoke("--stdin-name", "bad-addon.json", "-", stdin=b"{}")
    assert result.exit_code == 1
    assert result.stdout.startswith("bad-addon.json:3:5: error NWX300")


def test_options_reach_the_engine(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json")
    invoke("--api-version", "10.7", "--kind", "output", "--format", "json", str(good))
    assert CALLS[0]["api_version"] == "9.0"
    assert CALLS[0]["kind"] == "output"
    assert CALLS[0]["fmt"] == "json"
    assert isinstance(CALLS[0]["source"], os.PathLike)


def test_auto_is_passed_through(tmp_path: Path) -> None:
    invoke(str(write(tmp_path / "good.json")))
    assert (CALLS[0]["api_version"], CALLS[0]["kind"], CALLS[0]["fmt"]) == ("auto", "auto", "auto")


@pytest.mark.parametrize(
    ("option", "value"),
    [("--api-version", "7.0"), ("--kind", "records"), ("--format", "yaml"), ("--output-format", "html")],
)
def test_bad_option_values_are_usage_errors(tmp_path: Path, option: str, value: str) -> None:
    result = invoke(option, value, str(write(tmp_path / "good.json")))
    assert result.exit_code == 2
    assert CALLS == []


def test_json_output_is_only_json_on_stdout(tmp_path: Path) -> None:
    result = invoke("-o", "json", str(write(tmp_path / "bad.json")), str(tmp_path / "gone.json"))
    assert result.exit_code == 2
    doc = json.loads(result.stdout)
    assert doc["summary"]["invalid"] == 1
    assert doc["unreadable"][0]["path"] == str(tmp_path / "gone.json")
    assert "cannot read" in result.stderr


def test_color_always_styles_and_no_color_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = str(write(tmp_path / "bad.json"))
    assert "\x1b[" in invoke("--color", "always", bad).stdout
    assert "\x1b[" not in invoke(bad).stdout  # not a terminal
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in invoke("--color", "always", bad).stdout


def test_help_lists_the_output_formats() -> None:
    result = CliRunner().invoke(cli, ["validate", "--help"])
    assert result.exit_code == 0
    assert "[text|json|junit|sarif|github]" in result.stdout
    assert "--warnings-as-errors" in result.stdout


def test_a_directory_that_cannot_be_listed_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "ok" / "good.json")
    locked = tmp_path / "ok" / "locked"
    write(locked / "inside.json")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = invoke(str(tmp_path / "ok"))
    assert result.exit_code == 2
    assert result.stderr == f"nwx-schema: error: cannot read {locked}: Permission denied\n"
    assert [c["name"] for c in CALLS] == [str(tmp_path / "ok" / "good.json")]


def test_control_characters_never_reach_the_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class Hostile(FakeValidation):
        def issues(self) -> Iterator[Issue]:
            yield Issue(1, 2, "NWX110", "error", "What holds 'a\nb\x1b[2Jc\u202e'", "/0/What\r")

    monkeypatch.setattr(nwx_schema.validation.engine, "Validation", Hostile)
    path = write(tmp_path / "evil\nname.json")
    result = invoke(str(path))
    escaped = str(path).replace("\n", "\\n")
    assert result.stdout.splitlines()[0] == (
        f"{escaped}:1:2: error NWX110 What holds 'a\\nb\\x1b[2Jc\\u202e' [/0/What\\r]"
    )
    github = invoke("-o", "github", str(path)).stdout.splitlines()[0]
    assert "\x1b" not in github and "\u202e" not in github
    assert github.endswith("::What holds 'a%0Ab\\x1b[2Jc\\u202e' [/0/What%0D]")


def test_text_shows_20_findings_per_code_by_default_and_counts_them_all(tmp_path: Path) -> None:
    many = write(tmp_path / "many.json")
    result = invoke(str(many))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 20 + 2
    assert lines[19] == f"{many}:192:3: warning NWX603 no plan [/19/MonitoringPlan/Name]"
    assert lines[-2:] == [
        f"... and 5 more NWX603 in {many}",
        "1 file checked: 1 valid, 0 invalid; 0 errors, 25 warnings",
    ]


def test_max_per_code_0_shows_all_and_other_formats_keep_every_finding(tmp_path: Path) -> None:
    many = write(tmp_path / "many.json")
    assert len(invoke("--max-per-code", "0", str(many)).stdout.splitlines()) == 25 + 1
    assert len(invoke("--max-per-code", "3", str(many)).stdout.splitlines()) == 3 + 2
    doc = json.loads(invoke("-o", "json", "--max-per-code", "3", str(many)).stdout)
    assert len(doc["files"][0]["issues"]) == 25
    assert len(invoke("-o", "github", "--max-per-code", "3", str(many)).stdout.splitlines()) == 25 + 1


def test_grouped_findings_still_fail_the_run(tmp_path: Path) -> None:
    many = write(tmp_path / "many-bad.json")
    result = invoke("--max-per-code", "1", "--warnings-as-errors", str(many))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1] == "1 file checked: 0 valid, 1 invalid; 2 errors, 25 warnings"


@pytest.mark.parametrize("value", ["-1", "many"])
def test_max_per_code_must_be_a_count(tmp_path: Path, value: str) -> None:
    result = invoke("--max-per-code", value, str(write(tmp_path / "a.json")))
    assert result.exit_code == 2
    assert CALLS == []


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_engine_failing_after_a_finding_keeps_it_and_exits_2(tmp_path: Path, jobs: str) -> None:
    broken = write(tmp_path / "bad-late-crash.json")
    good = write(tmp_path / "good.json")
    result = CliRunner().invoke(cli, ["validate", "--jobs", jobs, str(broken), str(good)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{broken}:3:5: error NWX300 required field When is missing [/0]",
        "2 files checked: 1 valid, 1 invalid; 1 error, 0 warnings; 1 path could not be read",
    ]
    assert result.stderr == (
        f"nwx-schema: error: cannot read {broken}: internal error: RuntimeError: engine bug after a finding"
        " (please report it)\n"
    )
    assert "Traceback" not in result.output
