"""The README's Validate example is real: running its command prints exactly what the
README shows, with the exit code it shows."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from nwx_schema.cli import cli
from tests.conftest import ROOT


def readme_example() -> tuple[list[str], str, int]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Validate") :]
    block = re.search(r"```console\n(.*?)```", section, re.S)
    assert block is not None, "the Validate section has no console example"
    lines = block[1].splitlines()
    command = lines[0].removeprefix("$ ")
    status = lines.index("$ echo $?")
    return shlex.split(command), "".join(line + "\n" for line in lines[1:status]), int(lines[status + 1])


def test_readme_validate_example_is_what_the_command_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    argv, shown, exit_code = readme_example()
    assert argv[:2] == ["nwx-schema", "validate"]
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("NO_COLOR", raising=False)
    result = CliRunner().invoke(cli, argv[1:])
    assert (result.exit_code, result.stdout) == (exit_code, shown), (
        "the README's Validate example is out of date: paste the command's real output into it"
    )
