"""``nwx-schema migrate`` as a user runs it: streams, exit codes, files left alone or rewritten."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nwx_schema.cli import cli

NS = "http://schemas.netwrix.com/api/v1/activity_records/"
RECORD = (
    "<Who>CORP\\jdoe</Who><Action>Added</Action><What>w</What><When>2017-02-10T14:46:00Z</When>"
    "<Where>fs01</Where><ObjectType>File</ObjectType>"
)
LEGACY = f'<?xml version="1.0" encoding="UTF-8"?>\n<ActivityRecordList xmlns="{NS}">\n  <ActivityRecord>{RECORD}\n    <ManagedObject>Old</ManagedObject>\n  </ActivityRecord>\n</ActivityRecordList>\n'
MIGRATED = LEGACY.replace(
    "<ManagedObject>Old</ManagedObject>", "<MonitoringPlan><Name>Old</Name></MonitoringPlan>"
)


def run(*args: str, stdin: bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["migrate", *args], input=stdin, catch_exceptions=False)


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    path = tmp_path / "old.xml"
    path.write_text(LEGACY, encoding="utf-8")
    return path


def test_migrate_cli_one_file_prints_the_document_and_leaves_the_file_untouched(legacy: Path) -> None:
    result = run(str(legacy))

    assert result.exit_code == 0
    assert result.stdout_bytes == MIGRATED.encode()
    assert f"{legacy}:4:5: change NWX811 ManagedObject moved to MonitoringPlan/Name" in result.stderr
    assert legacy.read_text(encoding="utf-8") == LEGACY


def test_migrate_cli_reads_standard_input() -> None:
    result = run("-", stdin=LEGACY.encode())

    assert result.exit_code == 0
    assert result.stdout_bytes == MIGRATED.encode()
    assert "<stdin>:4:5: change NWX811" in result.stderr


def test_migrate_cli_in_place_with_backup_keeps_mode_and_original(legacy: Path) -> None:
    os.chmod(legacy, 0o640)

    result = run(str(legacy), "--in-place", "--backup", ".orig", "--item", "HR app")

    assert result.exit_code == 0, result.output
    assert legacy.read_text(encoding="utf-8") == MIGRATED.replace(
        "</MonitoringPlan>", "</MonitoringPlan>\n    <Item><Name>HR app</Name></Item>"
    )
    backup = legacy.with_name("old.xml.orig")
    assert backup.read_text(encoding="utf-8") == LEGACY
    assert stat.S_IMODE(legacy.stat().st_mode) == 0o640
    assert f"{legacy}: migrated to 9.0, 2 change(s), written (backup {backup})" in result.stdout
    assert sorted(p.name for p in legacy.parent.iterdir()) == ["old.xml", "old.xml.orig"]


def test_migrate_cli_check_exits_1_when_a_file_needs_migrating_and_writes_nothing(
    tmp_path: Path, legacy: Path
) -> None:
    current = tmp_path / "new.xml"
    current.write_text(MIGRATED, encoding="utf-8")

    needs = run("--check", str(legacy), str(current))
    clean = run("--check", str(current))

    assert needs.exit_code == 1
    assert f"{legacy}: migrated to 9.0, 1 change(s), not written" in needs.stdout
    assert f"{current}: already in 9.0 form, unchanged" in needs.stdout
    assert clean.exit_code == 0
    assert legacy.read_text(encoding="utf-8") == LEGACY


def test_migrate_cli_diff_prints_only_the_unified_diff_on_stdout(legacy: Path) -> None:
    result = run("--diff", str(legacy))

    assert result.exit_code == 0
    assert result.stdout == (
        f"--- a/{str(legacy).lstrip('/')}\n+++ b/{str(legacy).lstrip('/')}\n@@ -1,6 +1,6 @@\n"
        ' <?xml version="1.0" encoding="UTF-8"?>\n'
        f' <ActivityRecordList xmlns="{NS}">\n'
        f"   <ActivityRecord>{RECORD}\n"
        "-    <ManagedObject>Old</ManagedObject>\n"
        "+    <MonitoringPlan><Name>Old</Name></MonitoringPlan>\n"
        "   </ActivityRecord>\n"
        " </ActivityRecordList>\n"
    )
    assert "NWX811" in result.stderr


def test_migrate_cli_conflict_exits_1_and_writes_nothing(legacy: Path) -> None:
    conflicting = LEGACY.replace(
        "</ManagedObject>", "</ManagedObject><MonitoringPlan><Name>B</Name></MonitoringPlan>"
    )
    legacy.write_text(conflicting, encoding="utf-8")

    result = run("--in-place", str(legacy))

    assert result.exit_code == 1
    assert (
        f"{legacy}:4:5: error NWX800 the record holds both ManagedObject and MonitoringPlan" in result.stdout
    )
    assert f"{legacy}: not migrated: 1 error(s)" in result.stdout
    assert legacy.read_text(encoding="utf-8") == conflicting
    assert "Traceback" not in result.output


def test_migrate_cli_to_8_5_lists_each_loss_and_allow_loss_drops_them(legacy: Path) -> None:
    legacy.write_text(
        MIGRATED.replace("<Name>Old</Name>", "<Name>Old</Name><ID>{7}</ID>").replace(
            "</MonitoringPlan>", "</MonitoringPlan><Item><Name>HR</Name></Item>"
        ),
        encoding="utf-8",
    )

    refused = run("--to", "8.5", str(legacy))
    allowed = run("--to", "8.5", "--allow-loss", str(legacy))

    assert refused.exit_code == 1 and refused.stdout == ""
    assert "NWX801 MonitoringPlan/ID '{7}' would be lost" in refused.stderr
    assert "NWX801 Item 'HR' would be lost" in refused.stderr
    assert allowed.exit_code == 0
    assert allowed.stdout == LEGACY


def test_migrate_cli_json_output_carries_changes_issues_and_the_document(legacy: Path) -> None:
    result = run("--output-format", "json", str(legacy))

    report = json.loads(result.stdout)
    assert result.exit_code == 0
    assert report["status"] == "ok" and report["to"] == "9.0"
    entry = report["files"][0]
    assert entry["document"] == MIGRATED and entry["changed"] and not entry["written"]
    assert [c["code"] for c in entry["changes"]] == ["NWX811"]
    assert entry["changes"][0]["pointer"] == "/0/MonitoringPlan/Name"
    assert report["summary"] == {"files": 1, "changed": 1, "refused": 0, "written": 0}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "8.5", "--item", "x"], "--item applies to migrations towards 9.0 only"),
        (["--backup", ".bak"], "--backup needs --in-place"),
        (["--plan-map", "NoEquals"], "write OLD=NEW"),
        (["--plan-map", "A=B", "--plan-map", "A=C"], "mapped twice"),
        (["--in-place", "--check"], "exclude each other"),
    ],
)
def test_migrate_cli_usage_errors_exit_2(legacy: Path, args: list[str], message: str) -> None:
    result = run(*args, str(legacy))

    assert result.exit_code == 2
    assert message in result.stderr


def test_migrate_cli_several_files_need_a_mode(legacy: Path) -> None:
    result = run(str(legacy), str(legacy))

    assert result.exit_code == 2 and "several files" in result.stderr


def test_migrate_cli_missing_file_exits_2(tmp_path: Path) -> None:
    result = run(str(tmp_path / "missing.xml"))

    assert result.exit_code == 2
    assert "missing.xml: error: cannot read" in result.stderr


def test_migrate_cli_interrupted_in_place_write_leaves_the_original_intact(
    legacy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("nwx_schema.migration.atomic.os.replace", fail)

    result = run("--in-place", str(legacy))

    assert result.exit_code == 2
    assert "cannot write: No space left on device" in result.stderr
    assert legacy.read_text(encoding="utf-8") == LEGACY
    assert [p.name for p in legacy.parent.iterdir()] == ["old.xml"]


def test_migrate_cli_directory_stands_for_its_xml_and_json_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "a.xml").write_text(LEGACY, encoding="utf-8")
    (tmp_path / "sub" / "b.XML").write_text(MIGRATED, encoding="utf-8")
    (tmp_path / ".hidden" / "c.xml").write_text(LEGACY, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ManagedObject", encoding="utf-8")

    alone = run(str(tmp_path))
    checked = run("--check", str(tmp_path))
    written = run("--in-place", str(tmp_path))

    assert alone.exit_code == 2 and "several files (or a directory)" in alone.stderr
    assert checked.exit_code == 1
    assert [
        line.split(":")[0] for line in checked.stdout.splitlines() if line.endswith(("written", "unchanged"))
    ] == [
        str(tmp_path / "a.xml"),
        str(tmp_path / "sub" / "b.XML"),
    ]
    assert written.exit_code == 0
    assert (tmp_path / "a.xml").read_text(encoding="utf-8") == MIGRATED
    assert (tmp_path / ".hidden" / "c.xml").read_text(encoding="utf-8") == LEGACY


def test_migrate_cli_empty_directory_is_a_usage_error(tmp_path: Path) -> None:
    result = run("--check", str(tmp_path))

    assert result.exit_code == 2 and "no *.xml or *.json file" in result.stderr
