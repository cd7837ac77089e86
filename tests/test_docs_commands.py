"""Every shell session shown in ``docs/*.md`` runs, and prints what the page shows.

A ```` ```console ```` block holds commands (``$ `` lines; a line ending in ``\\``
continues on the next) each followed by its output (standard output and standard error,
as a terminal shows them). A line ``...`` stands for any number of lines. A command
must exit 0, unless the next command is ``echo $?``, whose output is the exit code.

Each page runs in its own scratch directory holding a copy of ``fixtures/`` and ``ci/``,
so the blocks of a page can build on each other and never touch the repository.

``NWX_UPDATE_DOCS=1`` rewrites the outputs that differ (review the diff; re-add ``...``).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

DOCS = ROOT / "docs"
BLOCK = re.compile(r"^```console\n(.*?)^```$", re.M | re.S)
ELLIPSIS = "..."
EXIT_CODE = "echo $?"
PAGES = sorted(p for p in DOCS.glob("*.md") if BLOCK.search(p.read_text(encoding="utf-8")))


@dataclass
class Command:
    """One ``$ `` command of a console block and the output shown for it."""

    text: str
    expected: list[str] = field(default_factory=list)
    actual: list[str] = field(default_factory=list)
    exit_code: int = 0


def parse_block(body: str) -> list[Command]:
    commands: list[Command] = []
    continued = False
    for line in body.splitlines():
        if continued:
            commands[-1].text += "\n" + line
        elif line.startswith("$ "):
            commands.append(Command(line[2:]))
        else:
            assert commands, f"output before any command: {line!r}"
            commands[-1].expected.append(line)
            continue
        continued = line.endswith("\\")
    return commands


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line-by-line equality, ``...`` matching any run of lines (even none)."""
    if not expected:
        return not actual
    if expected[0] == ELLIPSIS:
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and matches(expected[1:], actual[1:])


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NWX_", "PYTEST_", "HYPOTHESIS"))}
    env.update(
        PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
        NO_COLOR="1",
        PYTHONUNBUFFERED="1",
        TZ="UTC",
        LC_ALL="C.UTF-8",
        COLUMNS="100",
    )
    return env


def run_page(page: Path, workdir: Path) -> list[tuple[int, list[Command]]]:
    """Run every console block of a page in ``workdir``; returns (offset, commands)."""
    shutil.copytree(FIXTURES, workdir / "fixtures")
    shutil.copytree(ROOT / "ci", workdir / "ci")
    env = environment()
    blocks: list[tuple[int, list[Command]]] = []
    last = 0
    try:
        for match in BLOCK.finditer(page.read_text(encoding="utf-8")):
            commands = parse_block(match[1])
            for command in commands:
                if command.text == EXIT_CODE:
                    command.actual = [str(last)]
                    continue
                done = subprocess.run(
                    ["bash", "--noprofile", "--norc", "-c", command.text],
                    cwd=workdir,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    timeout=120,
                )
                command.actual = done.stdout.splitlines()
                command.exit_code = last = done.returncode
            blocks.append((match.start(1), commands))
    finally:
        stop_background(workdir)
    return blocks


def stop_background(workdir: Path) -> None:
    """Stop what a page started in the background and left running (its ``*.pid`` files),
    should the page have failed before stopping it."""
    for pid_file in workdir.glob("*.pid"):
        with contextlib.suppress(ValueError, ProcessLookupError, PermissionError):
            os.kill(int(pid_file.read_text(encoding="utf-8").strip()), signal.SIGTERM)


def problems(blocks: list[tuple[int, list[Command]]]) -> list[str]:
    found = []
    for _, commands in blocks:
        for index, command in enumerate(commands):
            shown_code = index + 1 < len(commands) and commands[index + 1].text == EXIT_CODE
            if command.exit_code != 0 and not shown_code:
                found.append(f"$ {command.text}\n  exited {command.exit_code} (show it with `$ echo $?`)")
            if not matches(command.expected, command.actual):
                found.append(
                    f"$ {command.text}\n--- shown\n"
                    + "\n".join(command.expected)
                    + "\n--- printed\n"
                    + "\n".join(command.actual)
                )
    return found


def update_page(page: Path, blocks: list[tuple[int, list[Command]]]) -> None:
    text = page.read_text(encoding="utf-8")
    for start, commands in reversed(blocks):
        end = text.index("```", start)
        lines = []
        for command in commands:
            lines.append("$ " + command.text)
            keep = matches(command.expected, command.actual)
            lines.extend(command.expected if keep else command.actual)
        text = text[:start] + "\n".join(lines) + "\n" + text[end:]
    page.write_text(text, encoding="utf-8")


def test_every_page_with_commands_is_found() -> None:
    names = {p.name for p in PAGES}
    assert {"validate.md", "convert.md", "migrate.md", "schemas.md", "ci.md"} <= names


#: Programs some pages use that are not Python packages (present on CI images).
EXTERNAL_TOOLS = ("curl", "xmllint")


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_commands_of_a_page_print_what_it_shows(page: Path, tmp_path: Path) -> None:
    text = page.read_text(encoding="utf-8")
    commands = "\n".join(line for line in text.splitlines() if line.startswith("$ "))
    missing = [
        tool for tool in EXTERNAL_TOOLS if re.search(rf"\b{tool}\b", commands) and not shutil.which(tool)
    ]
    if missing:
        pytest.skip(f"{page.name} runs {', '.join(missing)}, which is not installed")
    blocks = run_page(page, tmp_path)
    assert blocks
    found = problems(blocks)
    if found and os.environ.get("NWX_UPDATE_DOCS"):
        update_page(page, blocks)
    assert not found, f"{page.relative_to(ROOT)}:\n\n" + "\n\n".join(found)


def test_the_runner_matches_ellipses_and_continuations() -> None:
    commands = parse_block("$ printf 'a\\nb\\n' \\\n  | cat\na\n...\n$ echo $?\n0\n")
    assert [c.text for c in commands] == ["printf 'a\\nb\\n' \\\n  | cat", "echo $?"]
    assert commands[0].expected == ["a", "..."]
    assert matches(["a", "..."], ["a", "b", "c"])
    assert matches(["...", "c"], ["a", "b", "c"])
    assert matches(["a", "...", "b"], ["a", "b"])
    assert not matches(["a", "...", "d"], ["a", "b", "c"])
    assert not matches(["a"], ["a", "b"])
