"""The benchmark generator: deterministic, realistic, and valid for nwx-schema and under
the bundled XSD and JSON Schema (the seeded variant has exactly its six errors)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any, cast

import jsonschema
import orjson
import pytest
from lxml import etree

from tests.conftest import ROOT

if not (ROOT / "benchmarks" / "generate.py").exists():  # an sdist ships tests/ without benchmarks/
    pytest.skip("benchmarks/ is not part of this tree", allow_module_level=True)

from benchmarks import generate, records
from benchmarks.measure import run_process, xml_records
from nwx_schema.validation import validate
from tests.conftest import SCHEMAS

RECORDS = 60  # under the 1,000-record budget, so a valid document has no finding at all


def _xsd(kind: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "9.0" / f"{kind}.xsd")))


def _json_errors(kind: str, document: Any) -> list[jsonschema.ValidationError]:
    schema = json.loads((SCHEMAS / "9.0" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return list(validator.iter_errors(document))


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bench")
    generate.write_records(out, "input", RECORDS, seed="t/input")
    generate.write_records(out, "input-findings", RECORDS, seed="t/input", findings=True)
    generate.write_records(out, "output", RECORDS, kind="output", seed="t/output")
    generate.write_small(out, seed="t")
    generate.generate_set("one", out)
    return out


def test_generate_same_seed_gives_same_bytes(documents: Path, tmp_path: Path) -> None:
    generate.write_records(tmp_path, "input", RECORDS, seed="t/input")
    generate.write_records(tmp_path, "output", RECORDS, kind="output", seed="t/output")
    generate.write_small(tmp_path, seed="t")
    for name in (
        "input.xml",
        "input.json",
        "output.xml",
        "output.json",
        "search.xml",
        "search.json",
        "errors.json",
    ):
        assert (tmp_path / name).read_bytes() == (documents / name).read_bytes(), name
    generate.write_records(tmp_path, "input", RECORDS, seed="t/other")
    assert (tmp_path / "input.json").read_bytes() != (documents / "input.json").read_bytes()


@pytest.mark.parametrize(
    "name",
    [
        "input.xml",
        "input.json",
        "output.xml",
        "output.json",
        "search.xml",
        "search.json",
        "continuation.xml",
        "continuation.json",
        "errors.xml",
        "errors.json",
        "one/input.xml",
        "one/input.json",
    ],
)
def test_generate_documents_have_no_finding(documents: Path, name: str) -> None:
    report = validate(documents / name)
    assert [(i.code, i.pointer) for i in report.issues] == []
    assert report.valid


@pytest.mark.parametrize("kind", ["input", "output"])
def test_generate_records_valid_under_both_schemas_and_identical_in_both_formats(
    documents: Path, kind: str
) -> None:
    assert _xsd(kind).validate(etree.parse(str(documents / f"{kind}.xml")))
    data = orjson.loads((documents / f"{kind}.json").read_bytes())
    assert _json_errors(kind, data) == []
    records = data if kind == "input" else data["ActivityRecordList"]
    assert len(records) == RECORDS
    assert xml_records(documents / f"{kind}.xml") == records


@pytest.mark.parametrize("kind", ["search", "continuation", "errors"])
def test_generate_small_documents_valid_under_both_schemas(documents: Path, kind: str) -> None:
    assert _xsd(kind).validate(etree.parse(str(documents / f"{kind}.xml")))
    assert _json_errors(kind, orjson.loads((documents / f"{kind}.json").read_bytes())) == []


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_generate_findings_variant_has_exactly_the_six_seeded_errors(documents: Path, fmt: str) -> None:
    report = validate(documents / f"input-findings.{fmt}")
    found = sorted((i.record, i.code) for i in report.issues)
    positions = records.seeded_positions(RECORDS)
    assert positions == [5, 15, 25, 35, 45, 55]
    assert found == list(
        zip(positions, ["NWX300", "NWX400", "NWX402", "NWX305", "NWX301", "NWX405"], strict=True)
    )
    assert all(i.line is not None and i.column is not None for i in report.issues)


def test_generate_findings_variant_rejected_by_both_schemas_at_the_seeded_records(documents: Path) -> None:
    schema = _xsd("input")
    assert not schema.validate(etree.parse(str(documents / "input-findings.xml")))
    assert len(list(cast(Any, schema.error_log))) == 6
    errors = _json_errors("input", orjson.loads((documents / "input-findings.json").read_bytes()))
    assert sorted({e.absolute_path[0] for e in errors}) == records.seeded_positions(RECORDS)


def test_generate_values_are_realistic(tmp_path: Path) -> None:
    generate.write_records(tmp_path, "input", 400, seed="real/input")
    generate.write_records(tmp_path, "output", 400, kind="output", seed="real/output")
    inputs = orjson.loads((tmp_path / "input.json").read_bytes())
    outputs = orjson.loads((tmp_path / "output.json").read_bytes())["ActivityRecordList"]
    text = (tmp_path / "input.xml").read_text(encoding="utf-8")
    # Non-ASCII (accents, Cyrillic, CJK), escaped markup characters, 2-space indentation.
    assert "józef.müller" in text and "иван.петров" in text and "山田" in text
    assert "&amp;" in text and "&lt;" in text and "\n    <Who>" in text
    # When: UTC with and without fraction, and local offsets of both signs.
    whens = [r["When"] for r in inputs]
    assert any(w.endswith("Z") and "." not in w for w in whens)
    assert any(w.endswith("Z") and "." in w for w in whens)
    assert any(w[-6] == "+" for w in whens) and any(w[-6] == "-" for w in whens)
    # Input: plan and item on every record, no output-only field; DetailList on about half.
    assert all("MonitoringPlan" in r and "Item" in r for r in inputs)
    assert not any("RID" in r or "DataSource" in r for r in inputs)
    assert not any("Message" in d for r in inputs for d in r.get("DetailList", []))
    assert 0.4 < sum("DetailList" in r for r in inputs) / len(inputs) < 0.6
    assert {len(r["DetailList"]) for r in inputs if "DetailList" in r} == {1, 2, 3}
    # Output: RID (49 characters) everywhere, DataSource and Message on some, plan on most.
    assert all(len(r["RID"]) == 49 for r in outputs)
    counts = Counter(key for r in outputs for key in r)
    assert 0.8 < counts["MonitoringPlan"] / len(outputs) < 1 and 0.8 < counts["DataSource"] / len(outputs) < 1
    assert any("Message" in d for r in outputs for d in r.get("DetailList", []))


def test_generate_ensure_skips_up_to_date_sets_and_regenerates_missing_files(tmp_path: Path) -> None:
    manifest = generate.ensure(["one", "small"], tmp_path)
    assert manifest["generator"] == generate.fingerprint()
    assert manifest["sets"]["one"]["input.json"]["records"] == 1
    stamp = (tmp_path / "small" / "search.xml").stat().st_mtime_ns
    (tmp_path / "one" / "input.xml").unlink()
    generate.ensure(["one", "small"], tmp_path)
    assert (tmp_path / "one" / "input.xml").exists()
    assert (tmp_path / "small" / "search.xml").stat().st_mtime_ns == stamp


def test_generate_many_set_alternates_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generate, "MANY_FILES", 4)
    monkeypatch.setattr(generate, "MANY_RECORDS", 3)
    written = generate.generate_set("many", tmp_path)
    assert [w.path.name for w in written] == ["0000.xml", "0001.json", "0002.xml", "0003.json"]
    assert all(validate(w.path).valid and validate(w.path).records == 3 for w in written)


def test_generate_command_line_rejects_unknown_set(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        generate.main(["--sets", "1k,2k"])
    assert exit_info.value.code == 2
    assert "unknown set '2k'" in capsys.readouterr().err


def test_generate_writes_in_flat_memory(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); from benchmarks import generate; "
        "generate.write_records(Path(sys.argv[2]), 'input', int(sys.argv[3]), seed='flat')"
    )
    peaks = []
    for count in (10, 10_000):
        argv = (sys.executable, "-c", script, str(ROOT), str(tmp_path), str(count))
        sample = run_process(argv, tmp_path / "o", tmp_path / "e", cwd=tmp_path)
        assert sample.exit == 0, (tmp_path / "e").read_text()
        peaks.append(sample.peak_mib)
    # Held in memory, 10,000 records would take about 12 MiB more (measured: 1.2 KB each as dicts).
    assert peaks[1] - peaks[0] < 4
    assert (tmp_path / "input.json").stat().st_size > 2_000_000
