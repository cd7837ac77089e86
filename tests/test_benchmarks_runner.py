"""The benchmark runner's plumbing: processes measured from outside, answers judged,
outputs checked, results summarised into ratios and target verdicts, the README table
regenerated. No timing is asserted: speed is shown by the runner only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import ROOT

if not (ROOT / "benchmarks" / "run.py").exists():  # an sdist ships tests/ without benchmarks/
    pytest.skip("benchmarks/ is not part of this tree", allow_module_level=True)

from benchmarks import generate, machine, report, run
from benchmarks.measure import check_output, run_process
from benchmarks.plan import Case, Planner, Tools

README = f"# Benchmarks\n\nintro\n\n{report.BEGIN}\nold table\n{report.END}\n\nafter\n"


def test_runner_process_measured_from_outside(tmp_path: Path) -> None:
    code = "import json,sys; print('noise'); print(json.dumps({'setup_s': 0.5, 'op_s': 1})); sys.exit(3)"
    sample = run_process(
        (sys.executable, "-c", code), tmp_path / "o", tmp_path / "e", cwd=tmp_path, inner=True
    )
    assert sample.exit == 3
    assert sample.inner == {"setup_s": 0.5, "op_s": 1}
    assert sample.wall_s > 0 and sample.cpu_s > 0 and sample.peak_mib > 0
    assert (tmp_path / "o").read_text().startswith("noise")


def test_runner_peak_memory_not_inherited_from_the_runner(tmp_path: Path) -> None:
    ballast = bytearray(b"\1" * (160 * 2**20))  # 160 MiB resident in this process
    sample = run_process(("true",), tmp_path / "o", tmp_path / "e", cwd=tmp_path)
    assert sample.exit == 0
    assert sample.peak_mib < 64
    del ballast


def test_runner_peak_memory_counts_every_process_of_the_tool(tmp_path: Path) -> None:
    # The tool holds 40 MiB and two workers hold 60 MiB each at the same time.
    code = (
        "import multiprocessing, os, sys, time\n"
        "def hold(n):\n"
        "    block = bytearray(b'1') * (n << 20); time.sleep(0.5); return len(block)\n"
        "if __name__ == '__main__':\n"
        "    mine = bytearray(b'1') * (40 << 20)\n"
        "    with multiprocessing.get_context('fork').Pool(2) as pool:\n"
        "        print(pool.map(hold, [60, 60]))\n"
    )
    sample = run_process((sys.executable, "-c", code), tmp_path / "o", tmp_path / "e", cwd=tmp_path)
    assert sample.exit == 0, (tmp_path / "e").read_text()
    assert 60 <= sample.largest_mib < 40 + 2 * 60  # ru_maxrss: one process at a time
    assert sample.peak_mib >= 40 + 2 * 60


def test_runner_unstartable_command_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="could not run no-such-tool-xyz"):
        run_process(("no-such-tool-xyz",), tmp_path / "o", tmp_path / "e", cwd=tmp_path)


def test_runner_output_checks_find_lost_values(tmp_path: Path) -> None:
    generate.write_records(tmp_path, "input", 5, seed="check")
    source = tmp_path / "input.json"
    records = orjson.loads(source.read_bytes())
    (tmp_path / "same.json").write_bytes(orjson.dumps(records))
    assert check_output("json-equals", tmp_path / "same.json", source) is None
    assert check_output("xml-equals", tmp_path / "input.xml", source) is None
    changed = (
        (tmp_path / "input.xml")
        .read_text(encoding="utf-8")
        .replace(records[2]["When"], "2000-01-01T00:00:00Z")
    )
    (tmp_path / "changed.xml").write_text(changed, encoding="utf-8")
    problem = check_output("xml-equals", tmp_path / "changed.xml", source)
    assert problem is not None and problem.startswith("record 2 differs")
    (tmp_path / "short.json").write_bytes(orjson.dumps(records[:4]))
    assert check_output("json-equals", tmp_path / "short.json", source) == "4 records instead of 5"
    assert check_output("json-equals", tmp_path / "absent.json", source) == "no output file"


def test_runner_plan_covers_every_tool_of_the_issue(tmp_path: Path) -> None:
    planner = Planner(tmp_path / "data", tmp_path / "tmp")
    tools = {case.tool for case in planner.cases("100k")}
    for needle in (
        "nwx-schema validate",
        "nwx-schema convert --to json",
        "nwx-schema convert --to xml",
        "xmllint --noout --stream --schema",
        "lxml parse + XMLSchema.validate",
        "lxml iterparse(schema=)",
        "xmlschema (lazy)",
        "jsonschema (Draft202012Validator + FormatChecker)",
        "check-jsonschema --schemafile",
        "fastjsonschema (formats on)",
        "jsonschema-rs (validate_formats=True)",
        "xmltodict.parse + orjson.dumps",
        "orjson.loads + xmltodict.unparse",
    ):
        assert needle in tools, needle
    big = planner.cases("1m")
    assert not any(case.slow for case in big)
    assert {c.task for c in big if c.nwx} == {"validate-xml", "validate-json", "x2j", "j2x"}
    jobs = [case.argv[1:4] for case in planner.cases("many")]
    assert jobs == [("validate", "--jobs", "1"), ("validate", "--jobs", "2")]
    xmllint = next(c for c in planner.cases("100k") if c.task == "validate-xml-findings" and not c.nwx)
    assert xmllint.expect == 3 and xmllint.argv[-2].endswith("schemas/9.0/input.xsd")


def test_runner_missing_tool_is_reported_not_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("shutil.which", lambda name: None)
    tools = Tools(bin=tmp_path)  # nothing installed here, nothing on PATH
    cases = Planner(tmp_path, tmp_path, tools).cases("one")
    xmllint = next(c for c in cases if c.tool.startswith("xmllint"))
    assert xmllint.missing == "xmllint not found: apt-get install libxml2-utils"
    assert all(c.missing for c in cases if not c.inner)


def _sample(
    set_: str, task: str, tool: str, wall: float, *, nwx: bool = False, peak: float = 10, **kw: Any
) -> dict[str, Any]:
    line = {"type": "sample", "run": "r1", "set": set_, "task": task, "tool": tool, "nwx": nwx, "rep": 0}
    line |= {"records": 100_000, "wall_s": wall, "cpu_s": wall, "peak_mib": peak, "exit": 0, "expect": 0}
    return line | {"wrong": None, "inner": None} | kw


def _warmup(set_: str, task: str, tool: str, **kw: Any) -> dict[str, Any]:
    line = {"type": "warmup", "run": "r1", "set": set_, "task": task, "tool": tool, "pss_mib": 30.0}
    return line | {"wall_s": 1.0, "checked": False, "wrong": None} | kw


def _header(sets: list[str]) -> dict[str, Any]:
    return {
        "type": "run",
        "run": "r1",
        "sets": sets,
        "repeat": 5,
        "slow_repeat": 2,
        "warmup": 1,
        "machine": {"CPU": "test"},
    }


def _rounded(verdict: report.Verdict) -> tuple[float | None, str, float | None]:
    def r(x: float | None) -> float | None:
        return None if x is None else round(x, 6)

    return r(verdict.value), verdict.text, r(verdict.cpu)


def test_runner_report_medians_ratios_and_verdicts() -> None:
    xmllint = "xmllint --noout --stream --schema"
    lines = [
        _header(["100k", "1m", "many"]),
        *(
            _sample("100k", "validate-xml", "nwx-schema validate", w, nwx=True, cpu_s=0.9)
            for w in (1.0, 3.0, 1.2)
        ),
        *(_sample("100k", "validate-xml", xmllint, w) for w in (1.5, 1.6, 1.4)),
        _sample("100k", "validate-json", "nwx-schema validate", 2.0, nwx=True),
        _sample("100k", "validate-json", "jsonschema-rs (validate_formats=True)", 1.0),
        _sample("100k", "validate-json", "check-jsonschema --schemafile", 30.0, wrong="exit 1, expected 0"),
        _sample("many", "jobs", "nwx-schema validate --jobs 1", 10.0, nwx=True),
        _sample("many", "jobs", "nwx-schema validate --jobs 2", 5.0, nwx=True),
        {
            "type": "set",
            "run": "r1",
            "set": "100k",
            "seconds": 150,
            "load_before": "0.10",
            "load_after": "1.50",
        },
        _warmup("1m", "validate-xml", "nwx-schema validate", pss_mib=41.4),
        _sample("1m", "validate-xml", "nwx-schema validate", 20.0, nwx=True, peak=115.2),
        _sample("1m", "j2x", "nwx-schema convert --to xml", 30.0, nwx=True, peak=150.0),
        _warmup(
            "100k",
            "x2j",
            "nwx-schema convert --to json",
            checked=True,
            wrong="output differs from the source: x",
        ),
        _sample("100k", "x2j", "nwx-schema convert --to json", 3.0, nwx=True),
        _warmup("100k", "j2x", "nwx-schema convert --to xml", checked=True),
        _sample("100k", "j2x", "nwx-schema convert --to xml", 3.0, nwx=True),
        {
            "type": "missing",
            "run": "r1",
            "set": "100k",
            "task": "x2j",
            "tool": "xmltodict.parse + orjson.dumps",
            "reason": "xmltodict not found",
        },
    ]
    rows = report.summarise(lines)
    nwx_xml = rows[0]
    assert (nwx_xml.runs, nwx_xml.wall, nwx_xml.wall_min, nwx_xml.wall_max) == (3, 1.2, 1.0, 3.0)
    verdicts = {t.label: report.evaluate(t, rows) for t in report.TARGETS}
    assert _rounded(verdicts[report.TARGETS[0].label]) == (0.8, "met", 0.6)
    assert _rounded(verdicts[report.TARGETS[1].label]) == (2.0, "**NOT met**", 2.0)
    assert _rounded(verdicts[report.TARGETS[2].label]) == (None, "wrong answer", None)
    assert _rounded(verdicts[report.TARGETS[3].label]) == (None, "not measured", None)
    assert _rounded(verdicts[report.TARGETS[5].label]) == (41.4, "met", None)
    assert _rounded(verdicts[report.TARGETS[8].label]) == (150.0, "**NOT met**", None)
    assert _rounded(verdicts[report.TARGETS[9].label]) == (None, "not measured", None)
    jobs = next(t for t in report.TARGETS if t.measure == "jobs")
    assert _rounded(verdicts[jobs.label]) == (2.0, "met", None)
    table = report.render(lines)
    assert "| XML validation (input) | xmllint --noout --stream --schema | 3 | 1.500 (1.400-1.600) |" in table
    assert "| 0.80 | as expected |" in table
    assert "not run: xmltodict not found" in table
    assert "WRONG: exit 1, expected 0" in table
    assert "| 41 (115) |" in table and "| - (150) |" in table
    assert (
        "| 41 MiB (PSS) | <= 64 MiB | met |" in table
        and "| 150 MiB (RSS sum) | <= 128 MiB | **NOT met** |" in table
    )
    assert "WRONG: output differs from the source: x" in table
    assert "| as expected, output = source |" in table
    assert "| 0.800 | <= 1 | met | 0.60 |" in table
    assert (
        "5 runs per case (2 for jsonschema, check-jsonschema and xmltodict, 1 for xmlschema), after 1 warm-up run of each (none for the slow tools)"
        in table
    )
    assert "2.5 minutes in all; load average 0.10 before, 1.50 after." in table


def test_runner_update_readme_replaces_only_between_markers(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    report.update_readme(readme, "new table\n")
    assert readme.read_text(encoding="utf-8") == README.replace("old table", "new table")


def test_runner_quick_run_end_to_end(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    args = [
        "--sizes",
        "one",
        "--repeat",
        "1",
        "--warmup",
        "0",
        "--data",
        str(tmp_path / "data"),
        "--worktree",
    ]
    assert run.main([*args, "--out", str(tmp_path / "out"), "--readme", str(readme)]) == 0
    lines = [json.loads(line) for line in (tmp_path / "out" / "results.jsonl").read_text().splitlines()]
    samples = [line for line in lines if line["type"] == "sample"]
    missing = [line["tool"] for line in lines if line["type"] == "missing"]
    assert len(samples) + len(missing) == 5
    assert any(s["tool"] == "nwx-schema validate" and s["task"] == "one-json" for s in samples)
    assert all(s["exit"] == s["expect"] and s["wrong"] is None for s in samples)
    text = readme.read_text(encoding="utf-8")
    assert "| nwx-schema measured | working tree at " in text
    assert "of nwx-schema working tree; 1 run per case, after 0 warm-up runs of each" in text
    assert "### One-record file" in text and "One-record JSON file: nwx-schema validate" in text
    assert text.startswith("# Benchmarks\n\nintro\n") and text.endswith("after\n")
    # --table-only renders the same table again from the results file.
    assert run.main([*args, "--out", str(tmp_path / "out"), "--readme", str(readme), "--table-only"]) == 0
    assert readme.read_text(encoding="utf-8") == text


def test_runner_findings_report_must_hold_the_six_located_errors(tmp_path: Path) -> None:
    generate.write_records(tmp_path, "bad", 60, seed="judge", findings=True, formats=("json",))
    done = subprocess.run(
        [sys.executable, "-m", "nwx_schema", "validate", "-o", "json", str(tmp_path / "bad.json")],
        capture_output=True,
        check=False,
    )
    assert done.returncode == 1
    assert run.judge_findings(done.stdout) is None
    document = json.loads(done.stdout)
    issues = document["files"][0]["issues"]
    document["files"][0]["issues"] = issues[1:]
    assert run.judge_findings(json.dumps(document).encode()) == "5 errors reported, 6 seeded"
    issues[2]["column"] = None
    document["files"][0]["issues"] = issues
    assert run.judge_findings(json.dumps(document).encode()) == f"{issues[2]['code']} not fully located"
    assert run.judge_findings(b"1 file checked") == "no JSON report"


def test_runner_fewer_runs_for_the_slow_tools_and_at_1m(tmp_path: Path) -> None:
    args = run.build_parser().parse_args([])
    planner = Planner(tmp_path, tmp_path)

    def runs(set_: str, tool: str) -> int:
        return run.repeats(set_, next(c for c in planner.cases(set_) if c.tool.startswith(tool)), args)

    assert runs("100k", "nwx-schema validate") == 5
    assert runs("100k", "check-jsonschema") == 3
    assert runs("100k", "xmltodict") == 3
    assert runs("100k", "xmlschema") == 1
    assert runs("1k", "xmlschema") == 5
    assert runs("1m", "nwx-schema validate") == 3


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git checkout")
def test_runner_snapshot_exports_a_commit_once(tmp_path: Path) -> None:
    directory, description = machine.snapshot("HEAD", tmp_path)
    assert (directory / "nwx_schema" / "__init__.py").exists()
    assert (directory / "schemas" / "9.0" / "input.xsd").exists()
    assert description.endswith(f" (last change to nwx_schema/ or schemas/ in commit {directory.name})")
    stamp = (directory / "nwx_schema" / "__init__.py").stat().st_mtime_ns
    assert machine.snapshot("HEAD", tmp_path)[0] == directory
    assert (directory / "nwx_schema" / "__init__.py").stat().st_mtime_ns == stamp
    with pytest.raises(OSError, match="not a commit: no-such-ref"):
        machine.snapshot("no-such-ref", tmp_path)
    assert machine.worktree().startswith("working tree at ")


def test_runner_merge_replaces_only_the_completed_sets(tmp_path: Path) -> None:
    results, this_run = tmp_path / "results.jsonl", tmp_path / "run.jsonl"
    old = [_header(["one", "1k"]), _sample("one", "one-json", "a", 1.0), _sample("1k", "x2j", "b", 2.0)]
    new = [
        _header(["one", "1k"]) | {"run": "r2"},
        _sample("one", "one-json", "a", 3.0),
        _sample("1k", "x2j", "b", 4.0),
    ]
    results.write_text("".join(json.dumps(line) + "\n" for line in old))
    this_run.write_text("".join(json.dumps(line) + "\n" for line in new))
    run.merge_results(results, this_run, ["one"])  # interrupted during 1k
    merged = [json.loads(line) for line in results.read_text().splitlines()]
    walls = {(line["set"], line["wall_s"]) for line in merged if line["type"] == "sample"}
    assert walls == {("one", 3.0), ("1k", 2.0)}
    assert sorted(line["run"] for line in merged if line["type"] == "run") == ["r1", "r2"]


def test_runner_quick_smoke_test_leaves_the_table_alone(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(README, encoding="utf-8")
    args = ["--quick", "--sizes", "one", "--data", str(tmp_path / "data"), "--out", str(tmp_path / "out")]
    assert run.main([*args, "--readme", str(readme), "--worktree"]) == 0
    assert readme.read_text(encoding="utf-8") == README
    assert not (tmp_path / "out" / "results.jsonl").exists()
    lines = report.read_results(tmp_path / "out" / "quick" / "results.jsonl")
    assert {line["rep"] for line in lines if line["type"] == "sample"} == {0}
    assert not [line for line in lines if line["type"] == "warmup"]


def test_runner_plan_of_the_findings_sets(tmp_path: Path) -> None:
    planner = Planner(tmp_path / "data", tmp_path / "tmp")
    big = planner.cases("1m-findings")
    for fmt in ("xml", "json"):
        task = [c for c in big if c.task == f"warnings-{fmt}"]
        assert [c.tool for c in task] == [
            "nwx-schema validate -o json, clean input",
            *(f"nwx-schema validate -o {out}" for out in ("text", "json", "sarif", "junit", "github")),
        ]
        assert task[0].argv[-1].endswith(f"1m-findings/input.{fmt}")
        for case in task[1:]:
            out = case.tool.rpartition(" ")[2]
            assert case.argv[1:] == (
                "validate",
                "-o",
                out,
                str(tmp_path / "data" / "1m-findings" / f"input-warnings.{fmt}"),
            )
            assert case.answer == (
                out,
                tmp_path / "data" / "1m-findings" / f"input-warnings.{fmt}.expected.json",
            )
            assert case.expect == 0 and case.nwx
    small = planner.cases("100k-findings")
    assert {c.tool for c in small if c.task == "warnings-xml"} == {
        "nwx-schema validate -o json, clean input",
        "nwx-schema validate -o json",
    }
    invalid = {(c.task, c.tool): c for c in small if c.task.startswith("invalid-")}
    for share in ("1pct", "10pct"):
        xmllint = invalid[(f"invalid-{share}-xml", "xmllint --noout --stream --schema")]
        assert xmllint.expect == 3 and xmllint.argv[-1].endswith(f"input-invalid-{share}.xml")
        rs = invalid[(f"invalid-{share}-json", "jsonschema-rs (validate_formats=True)")]
        assert rs.expect == 1 and rs.argv[3].endswith(f"input-invalid-{share}.json")
        for fmt in ("xml", "json"):
            mine = invalid[(f"invalid-{share}-{fmt}", "nwx-schema validate -o json")]
            assert mine.expect == 1 and mine.answer is not None and mine.answer[0] == "json"
    assert {c.task for c in planner.cases("1m-invalid")} == {
        f"invalid-{s}-{f}" for s in ("1pct", "10pct") for f in ("xml", "json")
    }
    assert "1m-invalid" not in run.build_parser().parse_args([]).sizes


def test_runner_one_or_two_timed_runs_for_the_1m_findings(tmp_path: Path) -> None:
    planner = Planner(tmp_path, tmp_path)
    case = planner.cases("1m-findings")[1]
    assert run.repeats("1m-findings", case, run.build_parser().parse_args([])) == 2
    assert run.repeats("1m-invalid", case, run.build_parser().parse_args([])) == 2
    assert run.repeats("1m", case, run.build_parser().parse_args([])) == 3
    assert run.repeats("1m-findings", case, run.build_parser().parse_args(["--repeat-1m", "1"])) == 1
    assert run.repeats("100k-findings", case, run.build_parser().parse_args([])) == 5


def test_runner_report_findings_rows_and_targets() -> None:
    clean, text = "nwx-schema validate -o json, clean input", "nwx-schema validate -o text"
    xmllint, rs = "xmllint --noout --stream --schema", "jsonschema-rs (validate_formats=True)"
    header = _header(["100k-findings", "1m-findings"]) | {"repeat_1m": None}
    M = 1_000_000  # noqa: N806
    lines = [
        header,
        _warmup("1m-findings", "warnings-xml", clean, pss_mib=38.0),
        _sample("1m-findings", "warnings-xml", clean, 10.0, nwx=True, cpu_s=18.0, findings=2, records=M),
        _warmup("1m-findings", "warnings-xml", text, pss_mib=70.0),
        _sample("1m-findings", "warnings-xml", text, 14.0, nwx=True, cpu_s=27.0, findings=630_002, records=M),
        _sample(
            "1m-findings", "warnings-xml", "nwx-schema validate -o sarif", 20.0, nwx=True, wrong="findings x"
        ),
        _warmup("1m-findings", "warnings-json", "nwx-schema validate -o json", pss_mib=100.0),
        _sample("1m-findings", "warnings-json", "nwx-schema validate -o json", 9.0, nwx=True, records=M),
        _sample(
            "100k-findings", "invalid-1pct-xml", "nwx-schema validate -o json", 1.8, nwx=True, findings=64_002
        ),
        _sample("100k-findings", "invalid-1pct-xml", xmllint, 1.0),
        _sample("100k-findings", "invalid-1pct-json", "nwx-schema validate -o json", 1.5, nwx=True),
        _sample("100k-findings", "invalid-1pct-json", rs, 1.0),
    ]
    rows = report.summarise(lines)
    verdicts = {t.label: report.evaluate(t, rows) for t in report.TARGETS}

    def verdict(start: str) -> tuple[float | None, str, float | None]:
        return _rounded(next(v for label, v in verdicts.items() if label.startswith(start)))

    assert verdict("1M records, ~630k warnings, XML `-o text`") == (1.4, "met", 1.5)
    assert verdict("1M records, ~630k warnings, XML `-o sarif`") == (None, "wrong answer", None)
    assert verdict("1M records, ~630k warnings, XML `-o junit`") == (None, "not measured", None)
    assert verdict("1M records, ~630k warnings, JSON `-o json`") == (
        None,
        "not measured",
        None,
    )  # no clean row
    assert verdict("Peak memory, 1M records, ~630k warnings, XML `-o text`") == (70.0, "**NOT met**", None)
    assert verdict("Peak memory, 1M records, ~630k warnings, JSON `-o json`") == (100.0, "met", None)
    assert verdict("XML validation, 100k records, 1 % invalid") == (1.8, "**NOT met**", 1.8)
    assert verdict("JSON validation, 100k records, 1 % invalid") == (1.5, "met", 1.5)
    table = report.render(lines)
    assert "### 1,000,000 records with warnings" in table and "### 100,000 records with findings" in table
    assert "Run r1 of nwx-schema as of ?; 2 runs per case" in table  # the 1M findings default
    assert (
        f"| XML validation, warnings (20 % no plan, 40 % no item, 3 % DataSource) | **{text}** | 1 "
        "| 14.000 (14.000-14.000) | 27.00 | 70 (10) | 71.4 k | 1.40 ÷ clean | as expected, 630,002 findings located |"
    ) in table
    assert (
        f"| **{clean}** | 1 | 10.000 (10.000-10.000) | 18.00 | 38 (10) | 100.0 k |  | as expected, 2 findings located |"
        in table
    )
    assert "| 1.80 | as expected |" in table and "64,002 findings located" in table
    assert (
        "| 1M records, ~630k warnings, XML `-o text` ÷ clean document `-o json` (wall) | 1.400 | <= 1.5 | met | 1.50 |"
        in table
    )
    assert (
        "| Peak memory, 1M records, ~630k warnings, XML `-o text` (MiB) | 70 MiB (PSS) | <= 64 MiB | **NOT met** |  |"
        in table
    )


def test_runner_findings_sets_end_to_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(generate.SIZES, "1k", 40)  # the 1k-findings documents, at 40 records
    args = [
        "--quick",
        "--sizes",
        "1k-findings",
        "--data",
        str(tmp_path / "data"),
        "--out",
        str(tmp_path / "out"),
    ]
    assert run.main([*args, "--worktree"]) == 0
    lines = report.read_results(tmp_path / "out" / "quick" / "results.jsonl")
    samples = [line for line in lines if line["type"] == "sample"]
    missing = [line for line in lines if line["type"] == "missing"]
    assert len(samples) + len(missing) == 20
    assert all(s["exit"] == s["expect"] and s["wrong"] is None for s in samples)
    nwx = [s for s in samples if s["nwx"]]
    assert len(nwx) == 16 and all(s["findings"] is not None for s in nwx)
    warned = {s["findings"] for s in nwx if s["task"] == "warnings-xml" and "clean" not in s["tool"]}
    assert len(warned) == 1 and warned.pop() > 0


def test_runner_judges_a_findings_report_by_its_expectation(tmp_path: Path) -> None:
    generate.write_findings(tmp_path, "1k-findings", seed="j", records=30)
    document = tmp_path / "input-invalid-10pct.json"
    expected = tmp_path / "input-invalid-10pct.json.expected.json"
    case = Case(
        "1k-findings", "invalid-10pct-json", "nwx", ("x",), 1, 30, nwx=True, answer=("json", expected)
    )
    report_path = tmp_path / "r.json"
    with open(report_path, "wb") as handle:
        argv = [sys.executable, "-m", "nwx_schema", "validate", "-o", "json", str(document)]
        done = subprocess.run(argv, stdout=handle, cwd=tmp_path, check=False)
    args = run.build_parser().parse_args(["--out", str(tmp_path / "out")])
    with open(tmp_path / "lines", "w", encoding="utf-8") as lines:
        runner = run.Runner(args, "r", lines, sys.stderr, {})
        assert runner.judge(case, done.returncode, report_path) is None
        assert runner.judge(case, 0, report_path) == "exit 0, expected 1"
        counts = json.loads(expected.read_text(encoding="utf-8"))["counts"]
        assert runner.findings(case, None) == sum(counts.values()) > 3
        assert runner.findings(case, "exit 0, expected 1") is None
        report_path.write_text('{"files": []}')
        assert (runner.judge(case, 1, report_path) or "").startswith("findings NWX")
