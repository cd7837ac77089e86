"""Time nwx-schema against the usual tools, side by side, and write the table.

usage: python benchmarks/run.py [--sizes one,1k,100k,1m,many,...] [--repeat 5] [--quick]

For each set (see ``benchmarks/plan.py``) every case runs as a fresh process: first one
untimed warm-up run of each case (it measures the exact memory of the process tree and
checks converted outputs), then the timed runs, interleaved round-robin (repetition 1 of
every case, then repetition 2, ..., the start rotated each time). Every answer is judged.
The lines of the run go to ``benchmarks/out/run-<time>.jsonl``; the sets it completes
replace their earlier lines in ``benchmarks/out/results.jsonl``, from which the table in
``benchmarks/README.md`` is regenerated. Missing tools are reported and skipped.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any, Final

if __package__ in (None, ""):  # run as a script: make the benchmarks package importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import answers, generate, machine, records, report
from benchmarks.measure import check_output, run_process
from benchmarks.plan import DEFAULT_SETS, HERE, ROOT, SET_RECORDS, Case, Planner, Tools, repeat_1m

SETS: Final = tuple(SET_RECORDS)
#: The sets of ``--quick`` (small and fast).
QUICK_SETS: Final = ("one", "1k", "1k-findings", "many")
#: A findings report larger than this is deleted once judged (SARIF of 1M records: GBs).
KEEP_REPORT_BYTES: Final = 64 << 20
DEFAULT_OUT: Final = HERE / "out"
#: Where commits are exported: outside the repository, so that no tool scanning the tree
#: (mypy, ruff, an editor) meets a second copy of nwx_schema.
SNAPSHOTS: Final = Path(tempfile.gettempdir()) / "nwx-schema-benchmarks"
#: Errors a correct report of the seeded documents holds.
SEEDED_ERRORS: Final = len(records.SEEDED_ERRORS)


def parse_sizes(text: str) -> list[str]:
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    for name in names:
        if name not in SETS:
            raise argparse.ArgumentTypeError(f"unknown size {name!r}: choose from {', '.join(SETS)}")
    return names


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        description="Benchmark nwx-schema against other validators and converters."
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SETS),
        help=f"sets to run, from {','.join(SETS)} (default: all but 1m-invalid)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per case (default 5)")
    parser.add_argument(
        "--slow-repeat",
        type=int,
        default=3,
        help="timed runs of jsonschema, check-jsonschema and xmltodict at 100k (default 3; xmlschema: 1)",
    )
    parser.add_argument(
        "--repeat-1m",
        type=int,
        default=None,
        help="timed runs per case at 1M records (default 3; 2 in the sets 1m-findings and 1m-invalid)",
    )
    parser.add_argument(
        "--warmup", type=int, default=1, help="untimed runs per case before timing (default 1)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"smoke test: sets {','.join(QUICK_SETS)}, one timed run, no warm-up; results in out/quick, README untouched",
    )
    parser.add_argument(
        "--data", type=Path, default=generate.DEFAULT_OUT, help="generated documents (benchmarks/data)"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="results and scratch (benchmarks/out)")
    parser.add_argument(
        "--readme", type=Path, default=HERE / "README.md", help="README whose table is regenerated"
    )
    parser.add_argument("--no-readme", action="store_true", help="do not touch the README")
    parser.add_argument(
        "--table-only", action="store_true", help="only regenerate the table from results.jsonl"
    )
    parser.add_argument(
        "--ref",
        default="HEAD",
        help="measure nwx-schema as committed at this git ref (default HEAD; exported to a temporary directory)",
    )
    parser.add_argument(
        "--worktree",
        action="store_true",
        help="measure the working tree as it is, uncommitted changes included",
    )
    parser.add_argument(
        "--install", action="store_true", help="pip install benchmarks/requirements.txt first"
    )
    return parser


def repeats(set_: str, case: Case, args: argparse.Namespace) -> int:
    """Timed runs of one case: fewer at 1M, and for the slow tools at 100k and above."""
    repeat: int = args.repeat
    if SET_RECORDS[set_] >= 1_000_000:
        repeat = min(repeat, repeat_1m(set_, args.repeat_1m))
    if case.slow and set_ in ("100k", "1m"):
        repeat = min(repeat, 1 if case.once else args.slow_repeat)
    return max(1, repeat)


class Runner:
    """Runs the cases of one set and appends their lines to the results."""

    def __init__(
        self, args: argparse.Namespace, run_id: str, results: IO[str], log: IO[str], env: dict[str, str]
    ) -> None:
        self.args = args
        self.env = env
        self.run_id = run_id
        self.results = results
        self.log = log
        self.scratch = args.out / "tmp"
        self.logs = args.out / "logs"
        self.scratch.mkdir(parents=True, exist_ok=True)
        self.logs.mkdir(parents=True, exist_ok=True)

    def write(self, line: dict[str, Any]) -> None:
        self.results.write(machine.dumps(line) + "\n")
        self.results.flush()

    def say(self, text: str) -> None:
        print(text, file=self.log, flush=True)

    def run_set(self, set_: str, cases: list[Case]) -> None:
        runnable = []
        for case in cases:
            if case.missing:
                self.say(f"  SKIPPED {case.tool}: {case.missing}")
                self.write(self._line(case, "missing", reason=case.missing))
            else:
                runnable.append(case)
        counts = {case.id: repeats(set_, case, self.args) for case in runnable}
        for _ in range(self.args.warmup):
            for case in runnable:
                # A slow tool's timed runs take a minute or more: no warm-up needed (and its
                # answer is still judged on every run).
                if not (case.slow and set_ in ("100k", "1m")) and not self.once(case, rep=-1):
                    counts[case.id] = 0
        for rep in range(max(counts.values(), default=0)):
            shift = rep % len(runnable)
            for case in runnable[shift:] + runnable[:shift]:
                if rep < counts[case.id] and not self.once(case, rep):
                    counts[case.id] = 0

    def once(self, case: Case, rep: int) -> bool:
        """Run a case once. A warm-up (``rep`` -1) measures the exact memory of the process
        tree (PSS) and checks converted outputs; a timed run measures time. Both judge the
        answer. False when the command could not be started (reported as missing)."""
        stem = self.logs / case.id.replace("/", "_").replace(" ", "_")
        warmup = rep < 0
        try:
            out, err = stem.with_suffix(".stdout"), stem.with_suffix(".stderr")
            sample = run_process(case.argv, out, err, cwd=ROOT, inner=case.inner, pss=warmup, env=self.env)
        except OSError as error:
            self.say(f"  SKIPPED {case.tool}: {error}")
            self.write(self._line(case, "missing", reason=str(error)))
            return False
        wrong = self.judge(case, sample.exit, out)
        if case.answer is not None and out.stat().st_size > KEEP_REPORT_BYTES:
            out.unlink()  # judged; a million findings in SARIF would fill the disk
        checked = warmup and case.check is not None and case.output is not None and self.checkable(case)
        if checked and wrong is None and case.check is not None and case.output is not None:
            problem = check_output(case.check[0], case.output, case.check[1])
            if problem:
                wrong = f"output differs from the source: {problem}"
        if case.output is not None and case.output.exists():
            case.output.unlink()
        label = "warm-up" if warmup else f"run {rep + 1}"
        memory = "MiB PSS" if warmup else "MiB RSS"
        status = f"  WRONG: {wrong}" if wrong else ""
        self.say(
            f"  {case.task:24} {case.tool:52} {label:8} {sample.wall_s:8.3f} s {sample.peak_mib:7.1f} {memory}{status}"
        )
        if warmup:
            self.write(
                self._line(
                    case,
                    "warmup",
                    pss_mib=sample.peak_mib,
                    wall_s=sample.wall_s,
                    checked=checked,
                    wrong=wrong,
                )
            )
        else:
            self.write(
                self._line(
                    case, "sample", nwx=case.nwx, rep=rep, records=case.records, wall_s=sample.wall_s,
                    cpu_s=sample.cpu_s, peak_mib=sample.peak_mib, largest_mib=sample.largest_mib, exit=sample.exit,
                    expect=case.expect, wrong=wrong, inner=sample.inner, findings=self.findings(case, wrong),
                )
            )  # fmt: skip
        return True

    def _line(self, case: Case, kind: str, **fields: Any) -> dict[str, Any]:
        return {
            "type": kind,
            "run": self.run_id,
            "set": case.set,
            "task": case.task,
            "tool": case.tool,
            **fields,
        }

    def checkable(self, case: Case) -> bool:
        return case.set != "1m"  # reading 1M records back into memory would dwarf the run itself

    def judge(self, case: Case, code: int, stdout: Path) -> str | None:
        """Why the answer is wrong (exit code; for nwx on seeded documents, the findings), or None."""
        if code != case.expect:
            return f"exit {code}, expected {case.expect}"
        if case.answer is not None:
            fmt, expected = case.answer
            return answers.judge_report(stdout, fmt, answers.load_expected(expected))
        if case.nwx and case.task.endswith("-findings"):
            return judge_findings(stdout.read_bytes())
        return None

    def findings(self, case: Case, wrong: str | None) -> int | None:
        """How many findings a correct report of a findings case holds (for the table)."""
        if case.answer is None or wrong is not None:
            return None
        counts = answers.load_expected(case.answer[1])["counts"]
        assert isinstance(counts, dict)
        return sum(counts.values())


def judge_findings(report_json: bytes) -> str | None:
    """None when an ``nwx-schema validate -o json`` report holds exactly the seeded errors,
    each located (line, column, pointer, XPath, record) at a seeded record."""
    try:
        files = json.loads(report_json)["files"]
        issues = [i for i in files[0]["issues"] if i["severity"] == "error"]
    except (ValueError, KeyError, IndexError, TypeError):
        return "no JSON report"
    if len(issues) != SEEDED_ERRORS:
        return f"{len(issues)} errors reported, {SEEDED_ERRORS} seeded"
    positions = records.seeded_positions(files[0].get("records") or 0)
    for issue in issues:
        if any(issue.get(key) is None for key in ("line", "column", "pointer", "xpath", "record")):
            return f"{issue.get('code')} not fully located"
        if issue["record"] not in positions:
            return f"{issue.get('code')} at record {issue['record']}, not a seeded one"
    return None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    log = sys.stderr
    results_path = args.out / "results.jsonl"
    if args.table_only:
        return _write_table(args, results_path, log)
    if args.quick:  # a smoke test: its figures go to out/quick/, never to the README's table
        args.sizes = [s for s in args.sizes if s in QUICK_SETS] or ["one", "1k"]
        args.repeat, args.warmup = 1, 0
        args.out, args.no_readme = args.out / "quick", True
        results_path = args.out / "results.jsonl"
    if args.install:
        machine.install_requirements(log)
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = generate.ensure(args.sizes, args.data, log=log)
    env = dict(os.environ)
    if args.worktree:
        code = machine.worktree()
    else:
        directory, code = machine.snapshot(args.ref, SNAPSHOTS)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(directory), env.get("PYTHONPATH")]))
    print(f"measuring nwx-schema: {code}", file=log, flush=True)
    tools = Tools()
    planner = Planner(args.data, args.out / "tmp", tools)
    plans = {set_: planner.cases(set_) for set_ in args.sizes}
    if tools.missing:
        for name, hint in tools.missing.items():
            print(f"missing tool: {name} ({hint}); its cases are skipped", file=log)
    run_id = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    header: dict[str, Any] = {
        "type": "run", "run": run_id, "sets": args.sizes, "repeat": args.repeat, "slow_repeat": args.slow_repeat,
        "repeat_1m": args.repeat_1m, "warmup": args.warmup, "machine": machine.describe(code),
        "documents": {s: machine.documents(manifest, s) for s in args.sizes},
    }  # fmt: skip
    machine.warm_caches(args.data, args.sizes, tools, env)
    # This run's lines go to their own file; the sets it completes then replace their
    # earlier lines in results.jsonl (an interrupted run merges the sets it finished).
    run_path = args.out / f"run-{run_id.replace(':', '')}.jsonl"
    completed: list[str] = []
    interrupted = False
    with open(run_path, "w", encoding="utf-8") as results:
        runner = Runner(args, run_id, results, log, env)
        runner.write(header)
        try:
            for set_ in args.sizes:
                print(f"{set_}: {len(plans[set_])} cases", file=log, flush=True)
                before, start = machine.load(), time.monotonic()
                runner.run_set(set_, plans[set_])
                runner.write(
                    {
                        "type": "set", "run": run_id, "set": set_, "seconds": round(time.monotonic() - start, 1),
                        "load_before": before, "load_after": machine.load(),
                    }
                )  # fmt: skip
                completed.append(set_)
        except KeyboardInterrupt:
            interrupted = True
            print(f"interrupted: keeping the sets completed ({', '.join(completed) or 'none'})", file=log)
    merge_results(results_path, run_path, completed)
    status = _write_table(args, results_path, log)
    return 130 if interrupted else status


def merge_results(results_path: Path, run_path: Path, completed: list[str]) -> None:
    """Replace the lines of the ``completed`` sets in ``results_path`` by those of ``run_path``
    (atomically); lines of other sets, and run headers, are kept."""
    old = [line for line in report.read_results(results_path) if line.get("set") not in completed]
    new = [
        line
        for line in report.read_results(run_path)
        if line.get("set") in completed or line.get("type") == "run"
    ]
    tmp = results_path.with_name(results_path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        for line in old + new:
            handle.write(machine.dumps(line) + "\n")
    os.replace(tmp, results_path)


def _write_table(args: argparse.Namespace, results_path: Path, log: IO[str]) -> int:
    body = report.render(report.read_results(results_path))
    if not args.no_readme:
        report.update_readme(args.readme, body)
        print(f"table written to {args.readme}", file=log)
    print(body)
    return 0


if __name__ == "__main__":
    sys.exit(main())
