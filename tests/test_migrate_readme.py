"""The README's Migrate section runs as written: each command shown with its diff prints
exactly that diff (on the bundled 8.5 payload and 8.5 script)."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from nwx_schema.cli import cli
from tests.conftest import ROOT

_EXAMPLE = re.compile(r"```sh\n(nwx-schema [^\n]+)\n```\n\n```diff\n(.*?)```", re.DOTALL)


def _examples() -> list[tuple[str, str]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Migrate\n", 1)[1].split("\n## ", 1)[0]
    return _EXAMPLE.findall(section)


def test_migrate_readme_shows_a_payload_and_a_script() -> None:
    commands = [command for command, _ in _examples()]
    assert [c.split()[1] for c in commands] == ["migrate", "migrate-script"]
    assert "fixtures/migrate/" in commands[0] and "fixtures/scripts/" in commands[1]


@pytest.mark.parametrize(
    ("command", "diff"), _examples(), ids=lambda v: v.split()[1] if v.startswith("nwx") else ""
)
def test_migrate_readme_example_prints_the_diff_shown(
    command: str, diff: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)

    result = CliRunner().invoke(cli, shlex.split(command)[1:], catch_exceptions=False)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == diff
