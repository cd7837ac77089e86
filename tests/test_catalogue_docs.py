"""The codes table: docs/codes.md is generated, complete and current; `nwx-schema
explain` shows it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from nwx_schema.catalogue import main as catalogue_main
from nwx_schema.catalogue import render_markdown, render_table, table_row
from nwx_schema.cli import cli
from nwx_schema.codes import CATALOGUE, Code

DOCS = Path(__file__).resolve().parent.parent / "docs" / "codes.md"


def test_docs_codes_md_is_current() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_markdown(), (
        "docs/codes.md is stale: run `.venv/bin/python -m nwx_schema.catalogue docs/codes.md`"
    )


def test_table_has_one_row_per_code_in_order() -> None:
    rows = [line for line in render_markdown().splitlines() if line.startswith("| NWX")]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == sorted(CATALOGUE)


def test_table_row_escapes_pipes_and_wraps_backticks() -> None:
    entry = Code("NWX999", "warning", "a | b", "one\ntwo", "x `y` | z", "fix it")
    assert table_row(entry) == "| NWX999 | warning | a \\| b | one two | ``x `y` \\| z`` | fix it |\n"


def test_every_row_has_six_cells() -> None:
    for line in render_table(CATALOGUE.values()).splitlines():
        cells = line.replace("\\|", "").strip("|").split("|")
        assert len(cells) == 6, line


def test_check_mode_reports_a_stale_file(tmp_path: Path) -> None:
    target = tmp_path / "codes.md"
    assert catalogue_main(["--check", str(target)]) == 1
    assert catalogue_main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == render_markdown()
    assert catalogue_main(["--check", str(target)]) == 0
    target.write_text("old\n", encoding="utf-8")
    assert catalogue_main(["--check", str(target)]) == 1
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_module_prints_the_table_without_a_path() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "nwx_schema.catalogue"], capture_output=True, text=True, check=True
    )
    assert done.stdout == render_markdown()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["explain", *args])
    return result.exit_code, result.output


def test_explain_shows_one_code_case_insensitively() -> None:
    code, out = run("nwx300")
    entry = CATALOGUE["NWX300"]
    assert code == 0
    assert out.startswith(f"NWX300 (error): {entry.title}\n")
    assert f"Fix: {entry.fix}" in out


def test_explain_unknown_code_is_a_usage_error() -> None:
    code, out = run("NWX999")
    assert code == 2
    assert "unknown code 'NWX999'" in out


def test_explain_lists_every_code_in_short() -> None:
    code, out = run()
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == sorted(CATALOGUE)


def test_explain_all_shows_every_entry_in_full() -> None:
    code, out = run("--all")
    assert code == 0
    assert out.count("\nFix: ") == len(CATALOGUE)


def test_explain_all_markdown_is_the_generated_table() -> None:
    code, out = run("--all", "--output-format", "markdown")
    assert code == 0
    assert out == render_markdown()


def test_explain_one_code_as_markdown_and_json() -> None:
    code, out = run("NWX603", "--output-format", "markdown")
    assert code == 0
    assert out == render_table([CATALOGUE["NWX603"]])
    code, out = run("NWX603", "--output-format", "json")
    assert json.loads(out)["fix"] == CATALOGUE["NWX603"].fix


def test_explain_code_and_all_together_is_a_usage_error() -> None:
    code, out = run("NWX300", "--all")
    assert code == 2
    assert "not both" in out
