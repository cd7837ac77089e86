"""Golden script migrations in ``fixtures/scripts/<language>/``, discovered automatically.

``<case>.<ext>`` must become ``<case>.expected.<ext>`` byte for byte (encoding, BOM and line
endings included); a case without an expected file must stay byte for byte as it is (a
negative case: internal configuration XPath, an unrelated class, a comment). Every change
and every place reported is listed, by line and code, in ``<case>.<ext>.notes.json``.
Rewriting an expected file again changes nothing. ``NWX_UPDATE_GOLDENS=1`` rewrites the
expected and notes files (review the diff before committing).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from nwx_schema.migration.scripts import migrate_script
from tests.conftest import FIXTURES

ROOT = FIXTURES / "scripts"
CASES = sorted(
    p
    for p in ROOT.rglob("*")
    if p.is_file() and ".expected." not in p.name and not p.name.endswith(".notes.json")
)
UPDATE = bool(os.environ.get("NWX_UPDATE_GOLDENS"))


def _expected(case: Path) -> Path:
    return case.with_name(f"{case.stem}.expected{case.suffix}")


def _notes(case: Path) -> Path:
    return case.with_name(case.name + ".notes.json")


def test_migrate_script_goldens_cover_every_language_with_positive_and_negative_cases() -> None:
    languages = {p.parent.name for p in CASES}
    assert languages == {"powershell", "python", "csharp", "javascript", "shell", "templates"}
    for language in languages:
        cases = [p for p in CASES if p.parent.name == language]
        assert any(_expected(p).exists() for p in cases), f"{language}: no positive case"
        assert any(not _expected(p).exists() for p in cases), f"{language}: no negative case"


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_migrate_script_golden(case: Path) -> None:
    result = migrate_script(case)
    notes = [
        [i.line, i.code]
        for i in sorted([*result.changes, *result.findings], key=lambda i: (i.line, i.column))
    ]
    expected = _expected(case)
    if UPDATE:
        if result.changed:
            expected.write_bytes(result.document)
        _notes(case).write_text(json.dumps(notes) + "\n", encoding="utf-8")
    if expected.exists():
        assert result.changed
        assert result.document == expected.read_bytes()
        again = migrate_script(expected)
        assert not again.changed and again.changes == []
    else:
        assert result.document == case.read_bytes() and result.changes == []
    assert notes == json.loads(_notes(case).read_text(encoding="utf-8"))
