"""The findings documents of the benchmarks: deterministic, well-formed, broken as
documented, and the report the generator expects is the one nwx-schema gives (the honest
check of the expectation: nwx-schema runs on a 2,000-record document of each kind)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import orjson
import pytest
from lxml import etree

from tests.conftest import ROOT

if not (ROOT / "benchmarks" / "findings.py").exists():  # an sdist ships tests/ without benchmarks/
    pytest.skip("benchmarks/ is not part of this tree", allow_module_level=True)

from benchmarks import answers, findings, generate
from benchmarks.records import RecordMaker
from tests.conftest import SCHEMAS

RECORDS = 2_000  # above the 1,000-record advice: NWX601 is expected too
STEMS = ("input", *generate.FINDINGS)


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("findings")
    generate.write_findings(out, "1k-findings", seed="t", records=RECORDS)
    return out


def _expected(documents: Path, name: str) -> dict[str, Any]:
    return answers.load_expected(documents / f"{name}.expected.json")


def _validate(path: Path, fmt: str, out: Path) -> int:
    with open(out, "wb") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "nwx_schema", "validate", "-o", fmt, str(path)],
            stdout=handle,
            stderr=subprocess.PIPE,
            cwd=out.parent,
            check=False,
        )
    assert done.returncode in (0, 1), done.stderr.decode()
    return done.returncode


def test_findings_documents_same_seed_same_bytes(documents: Path, tmp_path: Path) -> None:
    generate.write_findings(tmp_path, "1k-findings", seed="t", records=RECORDS)
    names = sorted(p.name for p in documents.iterdir())
    assert len(names) == 4 * 2 * 2  # four documents, XML and JSON, each with its expectation
    for name in names:
        assert (tmp_path / name).read_bytes() == (documents / name).read_bytes(), name


def test_findings_clean_input_is_the_clean_set_input(tmp_path: Path) -> None:
    generate.write_findings(tmp_path / "f", "1k-findings", seed="t", records=50)
    generate.write_records(tmp_path / "c", "input", 50, seed="t/1k/input")
    for fmt in ("xml", "json"):
        assert (tmp_path / "f" / f"input.{fmt}").read_bytes() == (
            tmp_path / "c" / f"input.{fmt}"
        ).read_bytes()


def test_findings_expected_counts_match_nwx_schema(documents: Path, tmp_path: Path) -> None:
    for stem in STEMS:
        for fmt in ("xml", "json"):
            name = f"{stem}.{fmt}"
            expected = _expected(documents, name)
            code = _validate(documents / name, "json", tmp_path / "report.json")
            assert code == expected["exit"], name
            assert answers.judge_report(tmp_path / "report.json", "json", expected) is None, name
            report = json.loads((tmp_path / "report.json").read_bytes())["files"][0]
            assert (report["errors"], report["warnings"]) == (expected["errors"], expected["warnings"]), name


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_findings_every_output_format_reports_every_finding_located(
    documents: Path, tmp_path: Path, fmt: str
) -> None:
    expected = _expected(documents, f"input-invalid-10pct.{fmt}")
    for output in answers.FORMATS:
        report = tmp_path / f"report.{output}"
        assert _validate(documents / f"input-invalid-10pct.{fmt}", output, report) == 1
        assert answers.judge_report(report, output, expected) is None, output


def test_findings_warnings_mix_and_shares(documents: Path) -> None:
    clean = orjson.loads((documents / "input.json").read_bytes())
    warned = orjson.loads((documents / "input-warnings.json").read_bytes())
    assert len(warned) == len(clean) == RECORDS
    no_plan = {i for i, r in enumerate(warned) if "MonitoringPlan" not in r}
    no_item = {i for i, r in enumerate(warned) if "Item" not in r}
    sources = sum("DataSource" in r for r in warned)
    assert 0.17 < len(no_plan) / RECORDS < 0.23 and 0.37 < len(no_item) / RECORDS < 0.43
    assert 0.05 < len(no_plan & no_item) / RECORDS < 0.11  # drawn independently: about 8 %
    assert 0.01 < sources / RECORDS < 0.05
    counts = _expected(documents, "input-warnings.json")["counts"]
    assert counts == {"NWX600": sources, "NWX601": 1, "NWX603": len(no_plan), "NWX604": len(no_item)}
    # Apart from the warnings mix, the records are the clean ones.
    for before, after in zip(clean, warned, strict=True):
        after = {k: v for k, v in after.items() if k != "DataSource"}
        assert after == {k: v for k, v in before.items() if k in after}


@pytest.mark.parametrize(("stem", "share"), [("input-invalid-1pct", 0.01), ("input-invalid-10pct", 0.10)])
def test_findings_invalid_documents_break_their_share_in_varied_ways(
    documents: Path, stem: str, share: float
) -> None:
    expected = _expected(documents, f"{stem}.json")
    assert expected["errors"] == round(share * RECORDS)  # one mistake per broken record
    warnings = _expected(documents, "input-warnings.json")["counts"]
    assert {k: v for k, v in expected["counts"].items() if k.startswith("NWX6")} == warnings
    if share >= 0.1:
        codes = {k for k in expected["counts"] if not k.startswith("NWX6")}
        assert codes >= {"NWX300", "NWX301", "NWX304", "NWX305", "NWX306", "NWX400", "NWX402", "NWX403"}


def test_findings_breaker_counts_each_mistake_it_makes() -> None:
    breaker = findings.Breaker("b", 1_000, 0.5, warnings=False)
    maker = RecordMaker("b", "input")
    for index in range(1_000):
        breaker.apply(index, maker.record(index))
    assert len(breaker.broken) == 500 == len(set(breaker.broken)) == sum(breaker.found.values())
    assert {m.__name__ for m, _ in findings.MISTAKES} >= {"missing_who", "missing_when", "missing_action"}
    used = Counter(breaker.found)
    assert len(used) >= 9


@pytest.mark.parametrize("stem", STEMS)
def test_findings_documents_well_formed_and_judged_alike_by_the_schemas(documents: Path, stem: str) -> None:
    xsd = etree.XMLSchema(etree.parse(str(SCHEMAS / "9.0" / "input.xsd")))
    valid = xsd.validate(etree.parse(str(documents / f"{stem}.xml")))  # parses: well-formed
    assert valid == (_expected(documents, f"{stem}.xml")["exit"] == 0)
    orjson.loads((documents / f"{stem}.json").read_bytes())


def test_findings_judge_finds_a_lost_or_unlocated_finding(documents: Path, tmp_path: Path) -> None:
    name = "input-invalid-1pct.json"
    expected = _expected(documents, name)
    _validate(documents / name, "json", tmp_path / "r.json")
    document = json.loads((tmp_path / "r.json").read_bytes())
    issues = document["files"][0]["issues"]
    lost = next(i for i in issues if i["code"] == "NWX400")
    document["files"][0]["issues"] = [i for i in issues if i is not lost]
    (tmp_path / "lost.json").write_text(json.dumps(document, indent=2))
    want = expected["counts"]["NWX400"]
    assert answers.judge_report(tmp_path / "lost.json", "json", expected) == (
        f"findings NWX400 {want - 1} (expected {want})"
    )
    issues[3]["xpath"] = None
    document["files"][0]["issues"] = issues
    (tmp_path / "unlocated.json").write_text(json.dumps(document, indent=2))
    total = sum(expected["counts"].values())
    assert answers.judge_report(tmp_path / "unlocated.json", "json", expected) == (
        f"1 of {total} findings without xpath"
    )
    _validate(documents / name, "text", tmp_path / "r.txt")
    lines = (tmp_path / "r.txt").read_text(encoding="utf-8").splitlines(keepends=True)
    (tmp_path / "cut.txt").write_text("".join(line for line in lines if " NWX604 " not in line))
    assert answers.judge_report(tmp_path / "cut.txt", "text", expected) == (
        f"findings NWX604 0 (expected {expected['counts']['NWX604']})"
    )


def test_findings_judge_lets_the_document_size_finding_go_without_pointer_or_xpath(tmp_path: Path) -> None:
    # NWX602 (more than 50 MB) is about the whole document: line 1, column 1, and no XPath.
    size = {"code": "NWX602", "severity": "warning", "line": 1, "column": 1, "pointer": "", "xpath": None}
    plan = {
        "code": "NWX603",
        "severity": "warning",
        "line": 9,
        "column": 3,
        "pointer": "/0/MonitoringPlan/Name",
    }
    plan["xpath"] = "/ActivityRecordList/ActivityRecord[1]/MonitoringPlan/Name"
    expected: dict[str, object] = {"counts": {"NWX602": 1, "NWX603": 1}}
    report = tmp_path / "r.json"
    report.write_text(json.dumps({"files": [{"issues": [size, plan]}]}, indent=2))
    assert answers.judge_report(report, "json", expected) is None
    report.write_text(json.dumps({"files": [{"issues": [size, plan | {"xpath": None}]}]}, indent=2))
    assert answers.judge_report(report, "json", expected) == "1 of 2 findings without xpath"
    text = tmp_path / "r.txt"
    text.write_text(
        "a.xml:1:1: warning NWX602 the document is 60.0 MB\n"
        "a.xml:9:3: warning NWX603 the record has no MonitoringPlan/Name [/0/MonitoringPlan/Name]\n"
    )
    assert answers.judge_report(text, "text", expected) is None
    text.write_text("a.xml: warning NWX602 the document is 60.0 MB\n" + text.read_text().splitlines(True)[1])
    assert answers.judge_report(text, "text", expected) == "1 of 2 findings without line and column"


def test_findings_judge_counts_the_findings_text_output_only_counts(tmp_path: Path) -> None:
    line = "a.xml:{}:3: warning NWX603 the record has no MonitoringPlan/Name [/{}/MonitoringPlan/Name]\n"
    text = tmp_path / "r.txt"
    text.write_text(
        line.format(9, 0) + line.format(30, 1) + "... and 5 more NWX603 in a.xml\n1 file checked\n"
    )
    assert answers.judge_report(text, "text", {"counts": {"NWX603": 7}}) is None
    assert answers.judge_report(text, "text", {"counts": {"NWX603": 8}}) == "findings NWX603 7 (expected 8)"
