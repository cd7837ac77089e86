"""Golden payload migrations in ``fixtures/migrate/``, discovered automatically.

Each ``<case>.8.5.<ext>`` migrates to ``<case>.9.0.<ext>`` byte for byte (options in
``<case>.options.json``), the 9.0 file migrates to itself, and, where no option changed the
data, back to the 8.5 file. A case with ``<case>.issues.json`` instead must be refused with
exactly those findings. ``NWX_UPDATE_GOLDENS=1`` rewrites the expected files (review the
diff before committing).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from nwx_schema.cli import cli
from nwx_schema.migration import migrate
from tests.conftest import FIXTURES

CASES = sorted((FIXTURES / "migrate").glob("*.8.5.*"))
UPDATE = bool(os.environ.get("NWX_UPDATE_GOLDENS"))


def _sibling(source: Path, suffix: str) -> Path:
    case = source.name.split(".8.5.")[0]
    return source.with_name(case + suffix)


def _options(source: Path) -> dict[str, Any]:
    path = _sibling(source, ".options.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def test_migrate_goldens_are_present() -> None:
    assert len(CASES) >= 10
    assert {p.suffix for p in CASES} == {".xml", ".json"}


@pytest.mark.parametrize("source", CASES, ids=lambda p: p.name)
def test_migrate_golden(source: Path) -> None:
    options = _options(source)
    expected_issues = _sibling(source, ".issues.json")
    migration = migrate(source, **options)
    if expected_issues.exists():
        found = [
            {"code": i.code, "line": i.line, "column": i.column, "pointer": i.pointer}
            for i in migration.report.issues
        ]
        assert migration.document is None
        assert found == json.loads(expected_issues.read_text(encoding="utf-8"))
        return
    target = source.with_name(source.name.replace(".8.5.", ".9.0."))
    assert migration.ok, [i.to_dict() for i in migration.report.issues]
    assert migration.document is not None
    if UPDATE:
        target.write_bytes(migration.document)
    assert migration.document == target.read_bytes()

    again = migrate(target)
    assert again.ok and not again.changed
    if not options and target.read_bytes() != source.read_bytes():
        back = migrate(target, to="8.5")
        assert back.document == source.read_bytes()


@pytest.mark.parametrize(
    "source", [c for c in CASES if not _sibling(c, ".issues.json").exists()], ids=lambda p: p.name
)
def test_migrate_golden_through_the_cli(source: Path) -> None:
    args = ["migrate", str(source)]
    for old, new in _options(source).get("plan_map", {}).items():
        args += ["--plan-map", f"{old}={new}"]
    if "item" in _options(source):
        args += ["--item", _options(source)["item"]]
    if "audited_system" in _options(source):
        args += ["--audited-system", _options(source)["audited_system"]]

    result = CliRunner().invoke(cli, args, catch_exceptions=False)

    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == source.with_name(source.name.replace(".8.5.", ".9.0.")).read_bytes()
