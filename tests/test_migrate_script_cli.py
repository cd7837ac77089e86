"""``nwx-schema migrate-script`` as a user runs it: diff, --write, --check, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nwx_schema.cli import cli
from tests.conftest import FIXTURES

SCRIPTS = FIXTURES / "scripts"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["migrate-script", *args], catch_exceptions=False)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of some fixtures: two scripts to rewrite, two to leave alone, one in .git."""
    for rel in ("powershell/addon-writer.ps1", "powershell/internal-config.ps1", "shell/post-records.sh"):
        shutil.copy(SCRIPTS / rel, tmp_path / Path(rel).name)
    shutil.copy(SCRIPTS / "python/cmdb_models.py", tmp_path / "cmdb_models.py")
    (tmp_path / ".git").mkdir()
    shutil.copy(SCRIPTS / "powershell/addon-writer.ps1", tmp_path / ".git" / "hook.ps1")
    os.chmod(tmp_path / "post-records.sh", 0o755)
    return tmp_path


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_migrate_script_prints_a_unified_diff_and_writes_nothing(tree: Path) -> None:
    before = _snapshot(tree)

    result = run(str(tree))

    assert result.exit_code == 0
    writer = tree / "addon-writer.ps1"
    assert result.stdout.startswith(f"--- a/{str(writer).lstrip('/')}\n+++ b/{str(writer).lstrip('/')}\n@@ ")
    assert "-        ManagedObject = $NetwrixAuditorPlan\n" in result.stdout
    assert "+        MonitoringPlan = @{ Name = $NetwrixAuditorPlan }\n" in result.stdout
    assert "+$body = ConvertTo-Json -InputObject @($records) -Depth 10\n" in result.stdout
    assert "internal-config.ps1" not in result.stdout and ".git" not in result.output
    assert f"{tree / 'cmdb_models.py'}:1:19: warning NWX824" in result.stderr
    assert "4 file(s) examined, 2 to rewrite, 0 place(s) left for a human" in result.stderr
    assert _snapshot(tree) == before


def test_migrate_script_write_with_backup_keeps_mode_and_matches_the_goldens(tree: Path) -> None:
    result = run("--write", "--backup", ".orig", str(tree))

    assert result.exit_code == 0, result.output
    assert (tree / "addon-writer.ps1").read_bytes() == (
        SCRIPTS / "powershell/addon-writer.expected.ps1"
    ).read_bytes()
    assert (tree / "post-records.sh").read_bytes() == (
        SCRIPTS / "shell/post-records.expected.sh"
    ).read_bytes()
    assert (tree / "addon-writer.ps1.orig").read_bytes() == (
        SCRIPTS / "powershell/addon-writer.ps1"
    ).read_bytes()
    assert stat.S_IMODE((tree / "post-records.sh").stat().st_mode) == 0o755
    assert not (tree / "internal-config.ps1.orig").exists()
    assert (
        f"{tree / 'post-records.sh'}: rewritten, 4 change(s) (backup {tree / 'post-records.sh.orig'})"
        in result.stdout
    )

    again = run("--check", str(tree / "addon-writer.ps1"), str(tree / "post-records.sh"))
    assert again.exit_code == 0


def test_migrate_script_write_keeps_utf16_and_crlf(tmp_path: Path) -> None:
    target = tmp_path / "writer.ps1"
    shutil.copy(SCRIPTS / "powershell/utf16-bom-writer.ps1", target)

    result = run("--write", str(target))

    assert result.exit_code == 0
    assert target.read_bytes() == (SCRIPTS / "powershell/utf16-bom-writer.expected.ps1").read_bytes()
    assert target.read_bytes()[:2] == b"\xff\xfe"


def test_migrate_script_check_exits_1_when_a_file_would_change(tree: Path) -> None:
    needs = run("--check", str(tree))
    clean = run("--check", str(tree / "internal-config.ps1"), str(tree / "cmdb_models.py"))

    assert needs.exit_code == 1
    assert f"{tree / 'addon-writer.ps1'}: would be rewritten, 6 change(s)" in needs.stdout
    assert clean.exit_code == 0


def test_migrate_script_json_report(tree: Path) -> None:
    result = run("--output-format", "json", str(tree / "post-records.sh"), str(tree / "cmdb_models.py"))

    report = json.loads(result.stdout)
    assert result.exit_code == 0 and report["status"] == "ok"
    post, cmdb = report["files"]
    assert post["language"] == "shell" and post["changed"] and post["about_api"]
    assert [c["code"] for c in post["changes"]] == ["NWX820"] * 4
    assert post["diff"].startswith("--- a/")
    assert cmdb["changed"] is False and [f["code"] for f in cmdb["findings"]] == ["NWX824"]
    assert report["summary"] == {"files": 2, "changed": 1, "written": 0, "for_a_human": 0}


def test_migrate_script_language_option_reads_other_extensions(tmp_path: Path) -> None:
    template = tmp_path / "record.tmpl"
    template.write_text(
        '<ActivityRecordList xmlns="http://schemas.netwrix.com/api/v1/activity_records/">'
        "<ActivityRecord><ManagedObject>{plan}</ManagedObject></ActivityRecord></ActivityRecordList>\n",
        encoding="utf-8",
    )

    unknown = run(str(template))
    forced = run("--language", "xml", "--write", str(template))

    assert unknown.exit_code == 2 and "not a script nwx-schema migrates" in unknown.stderr
    assert forced.exit_code == 0
    assert "<MonitoringPlan><Name>{plan}</Name></MonitoringPlan>" in template.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--backup", ".bak"], "--backup needs --write"),
        (["--write", "--check"], "exclude each other"),
        (["--write", "--backup", "a/b"], "file-name suffix"),
    ],
)
def test_migrate_script_usage_errors_exit_2(tree: Path, args: list[str], message: str) -> None:
    result = run(*args, str(tree))

    assert result.exit_code == 2 and message in result.stderr


def test_migrate_script_missing_path_exits_2(tmp_path: Path) -> None:
    result = run(str(tmp_path / "nope.ps1"))

    assert result.exit_code == 2 and "does not exist" in result.stderr


def test_migrate_script_interrupted_write_leaves_the_original_intact(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(tree)

    def fail(*_args: object) -> None:
        raise OSError(13, "Permission denied")

    monkeypatch.setattr("nwx_schema.migration.atomic.os.replace", fail)

    result = run("--write", str(tree / "addon-writer.ps1"))

    assert result.exit_code == 2
    assert "cannot write: Permission denied" in result.stderr
    assert _snapshot(tree) == before
