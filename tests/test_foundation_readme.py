"""schemas/README.md stays true: the fixtures it cites exist, the files it lists exist, and
its xmllint command works on them."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from nwx_schema.schemas import list_schemas
from tests.conftest import FIXTURES, ROOT, SCHEMAS

README = (SCHEMAS / "README.md").read_text(encoding="utf-8")
CITED = sorted(
    set(re.findall(r"`((?:8\.5|9\.0)/[a-z]+/(?:valid|invalid)/[a-z0-9-]+\.(?:xml|json))`", README))
)


def test_the_readme_cites_fixtures_that_exist() -> None:
    assert len(CITED) >= 8
    missing = [c for c in CITED if not (FIXTURES / c).is_file()]
    assert missing == []


def test_the_readme_describes_every_schema_file_and_only_those() -> None:
    files = {i.file_name for i in list_schemas()}
    assert len(files) == 20
    on_disk = {p.relative_to(SCHEMAS).as_posix() for p in SCHEMAS.rglob("*") if p.suffix in (".xsd", ".json")}
    assert on_disk == files
    for kind in ("input", "output", "search", "continuation", "errors"):
        assert f"`<v>/{kind}.xsd`, `<v>/{kind}.schema.json`" in README


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint is not installed")
@pytest.mark.parametrize(
    ("fixture", "exit_code"),
    [("9.0/input/valid/docs-write-example.xml", 0), ("9.0/input/invalid/action-case-variant.xml", 3)],
)
def test_the_xmllint_command_of_the_readme(fixture: str, exit_code: int) -> None:
    assert "xmllint --noout --nonet --schema schemas/9.0/input.xsd records.xml" in README
    run = subprocess.run(
        ["xmllint", "--noout", "--nonet", "--schema", "schemas/9.0/input.xsd", f"fixtures/{fixture}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == exit_code, run.stderr
