"""``nwx-schema convert`` and ``nwx-schema roundtrip`` as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner, Result

from nwx_schema.cli import cli
from tests.conftest import FIXTURES, ROOT

PAIRS = FIXTURES / "pairs"
PAIR = PAIRS / "9.0" / "input" / "full-record"
NS = "http://schemas.netwrix.com/api/v1/activity_records/"
VALID = {
    "Who": "a",
    "Action": "Added",
    "What": "w",
    "When": "2024-01-01T00:00:00Z",
    "Where": "x",
    "ObjectType": "o",
}


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin, catch_exceptions=False)


def test_convert_writes_to_standard_output() -> None:
    result = run("convert", "--to", "xml", str(PAIR.with_suffix(".json")))
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == PAIR.with_suffix(".xml").read_bytes()


def test_convert_reads_standard_input_and_writes_compact() -> None:
    result = run("convert", "--to", "json", "--compact", "-", stdin=PAIR.with_suffix(".xml").read_bytes())
    assert result.exit_code == 0
    assert result.stdout_bytes == orjson.dumps(orjson.loads(PAIR.with_suffix(".json").read_bytes())) + b"\n"


def test_convert_to_ndjson() -> None:
    source = PAIRS / "9.0" / "output" / "page-with-mark.xml"
    result = run("convert", "--to", "ndjson", str(source))
    assert result.exit_code == 0
    assert result.stdout_bytes == source.with_suffix(".ndjson").read_bytes()


def test_convert_writes_the_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    result = run("convert", "--to", "xml", "-o", str(target), str(PAIR.with_suffix(".json")), "-q")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert target.read_bytes() == PAIR.with_suffix(".xml").read_bytes()


def test_invalid_input_exits_1_with_findings_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "bad.json"
    source.write_bytes(b'[{"Who": "a", "Action": "Exploded"}]')
    target = tmp_path / "out.xml"
    result = run("convert", "--to", "xml", "-o", str(target), str(source))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{source}:1:25: error NWX400 " in result.stderr
    assert f"{source}:1:2: error NWX300 " in result.stderr
    assert f"nwx-schema: error: {source}: not converted: 5 errors; nothing written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]


def test_a_character_xml_cannot_carry_exits_1_and_writes_nothing(tmp_path: Path) -> None:
    source = tmp_path / "control.json"
    source.write_bytes(orjson.dumps([{**VALID, "What": "bell\u0007"}]))
    target = tmp_path / "out.xml"
    for extra in ([], ["--best-effort"]):
        result = run("convert", "--to", "xml", "-o", str(target), str(source), *extra)
        assert result.exit_code == 1
        assert "error NWX110 " in result.stderr
        assert "[/0/What]" in result.stderr
        assert not target.exists()
    to_stdout = run("convert", "--to", "xml", str(source))
    assert (to_stdout.exit_code, to_stdout.stdout_bytes) == (1, b"")


def test_best_effort_converts_and_shows_the_findings(tmp_path: Path) -> None:
    source = tmp_path / "bad.xml"
    source.write_text(
        f'<ActivityRecordList xmlns="{NS}"><ActivityRecord><Who>a</Who></ActivityRecord></ActivityRecordList>',
        encoding="utf-8",
    )
    result = run("convert", "--to", "json", "--best-effort", "--compact", str(source))
    assert result.exit_code == 0
    assert result.stdout == '[{"Who":"a"}]\n'
    assert "error NWX300 " in result.stderr


def test_several_inputs_need_an_output_directory(tmp_path: Path) -> None:
    inputs = [
        str(PAIRS / "9.0" / "search" / "next-page.json"),
        str(PAIRS / "8.5" / "errors" / "one-error.json"),
    ]
    result = run("convert", "--to", "xml", *inputs)
    assert result.exit_code == 2
    assert "several inputs: give --output-dir DIR" in result.stderr
    out = tmp_path / "converted"
    result = run("convert", "--to", "xml", "--output-dir", str(out), *inputs)
    assert result.exit_code == 0, result.stderr
    assert (out / "next-page.xml").read_bytes() == (PAIRS / "9.0" / "search" / "next-page.xml").read_bytes()
    assert (out / "one-error.xml").read_bytes() == (PAIRS / "8.5" / "errors" / "one-error.xml").read_bytes()


def test_a_directory_converts_into_the_same_layout(tmp_path: Path) -> None:
    tree = tmp_path / "xml"
    for xml in PAIRS.rglob("*.xml"):
        copy = tree / xml.relative_to(PAIRS)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(xml.read_bytes())
    out = tmp_path / "out"
    result = run("convert", "--to", "json", "--output-dir", str(out), "-q", str(tree))
    assert (result.exit_code, result.stderr) == (0, "")
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert written == sorted(p.relative_to(PAIRS).as_posix() for p in PAIRS.rglob("*.json"))
    for path in written:
        assert (out / path).read_bytes() == (PAIRS / path).read_bytes()


def test_outputs_that_would_collide_are_refused(tmp_path: Path) -> None:
    result = run(
        "convert",
        "--to",
        "xml",
        "--output-dir",
        str(tmp_path),
        str(PAIR.with_suffix(".json")),
        str(PAIR.with_suffix(".xml")),
    )
    assert result.exit_code == 2
    assert "would both be written to" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"[{")
    out = tmp_path / "out"
    result = run("convert", "--to", "xml", "--output-dir", str(out), str(bad), str(PAIR.with_suffix(".json")))
    assert result.exit_code == 1
    assert "error NWX103" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["full-record.xml"]


def test_usage_and_io_errors_exit_2(tmp_path: Path) -> None:
    assert run("convert", "--to", "yaml", str(PAIR.with_suffix(".json"))).exit_code == 2
    missing = run("convert", "--to", "xml", str(tmp_path / "missing.json"))
    assert missing.exit_code == 2
    assert "cannot read" in missing.stderr
    search = run("convert", "--to", "ndjson", str(PAIRS / "9.0" / "search" / "next-page.json"))
    assert search.exit_code == 2
    assert "a search document has no records" in search.stderr
    both = run("convert", "--to", "xml", "-o", "x", "--output-dir", "y", str(PAIR.with_suffix(".json")))
    assert both.exit_code == 2


def test_roundtrip_of_valid_documents_is_identical() -> None:
    result = run("roundtrip", str(PAIR.with_suffix(".json")), str(PAIR.with_suffix(".xml")), "-q")
    assert result.exit_code == 0
    assert result.stdout == (
        f"{PAIR.with_suffix('.json')}: json -> xml -> json: identical, 2 records\n"
        f"{PAIR.with_suffix('.xml')}: xml -> json -> xml: identical, 2 records\n"
    )


def test_roundtrip_of_every_golden_is_identical() -> None:
    result = run("roundtrip", "-q", str(PAIRS))
    assert result.exit_code == 0, result.stdout
    assert result.stdout.count(": identical") == len(list(PAIRS.rglob("*.json"))) + len(
        list(PAIRS.rglob("*.xml"))
    )


def test_roundtrip_shows_what_changed(tmp_path: Path) -> None:
    source = tmp_path / "lossy.xml"
    source.write_text(
        f'<ActivityRecordList xmlns="{NS}"><ActivityRecord kind="x"><Who>a</Who><Who>b</Who>'
        "</ActivityRecord></ActivityRecordList>",
        encoding="utf-8",
    )
    refused = run("roundtrip", str(source))
    assert refused.exit_code == 1
    assert "error NWX302" in refused.stderr
    result = run("roundtrip", "--best-effort", str(source))
    assert result.exit_code == 1
    assert result.stdout == (
        f"{source}: xml -> json -> xml: 3 differences, 1 record\n"
        '  /ActivityRecordList/ActivityRecord[1]/@*: {"kind":"x"} -> {}\n'
        '  /ActivityRecordList/ActivityRecord[1]/Who[1]/text(): "a" -> "b"\n'
        '  /ActivityRecordList/ActivityRecord[1]/Who[2]: "<Who>b" -> absent\n'
    )


def test_roundtrip_of_json_numbers_shows_them_becoming_text(tmp_path: Path) -> None:
    source = tmp_path / "numbers.json"
    source.write_bytes(orjson.dumps([{**VALID, "Where": 42}]))
    result = run("roundtrip", "--best-effort", "-q", str(source))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[1:] == ['  /0/Where: 42 -> "42"']


def test_convert_runs_as_a_real_process(tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    completed = subprocess.run(
        [sys.executable, "-m", "nwx_schema", "convert", "--to", "json", "-o", str(target), "-"],
        input=PAIR.with_suffix(".xml").read_bytes(),
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert target.read_bytes() == PAIR.with_suffix(".json").read_bytes()
    bad = subprocess.run(
        [sys.executable, "-m", "nwx_schema", "convert", "--to", "xml", "-"],
        input=b'[{"Who": "\\u0001"}]',
        capture_output=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert (bad.returncode, bad.stdout) == (1, b"")
    assert b"Traceback" not in bad.stderr
    assert b"<stdin>:1:" in bad.stderr


@pytest.mark.parametrize("command", ["convert", "roundtrip"])
def test_help_is_available(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "PATH... | -" in result.stdout


def test_the_readme_shows_what_convert_prints() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Convert") :]
    command = "nwx-schema convert --to xml fixtures/pairs/9.0/search/next-page.json"
    assert f"```sh\n{command}\n```" in section
    shown = section[section.index("```xml\n") + len("```xml\n") :]
    shown = shown[: shown.index("```")]
    result = run(*command.split()[1:-1], str(ROOT / command.split()[-1]))
    assert (result.exit_code, result.stdout) == (0, shown)


def test_a_reader_that_stops_early_ends_the_conversion_quietly(tmp_path: Path) -> None:
    source = tmp_path / "many.json"
    source.write_bytes(orjson.dumps([{**VALID, "What": f"object {i}" + " " * 10_000} for i in range(1_000)]))
    process = subprocess.Popen(
        [sys.executable, "-m", "nwx_schema", "convert", "--to", "ndjson", "-q", str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.read(100)
    process.stdout.close()  # like `| head -c 100`
    errors = process.stderr.read()
    process.stderr.close()
    assert process.wait(timeout=60) == 2
    assert first.startswith(b'{"Who":"a"')
    assert errors == b""
