"""``nwx-schema migrate-script``: rewrite 8.x scripts (PowerShell, Python, C#, JS/TS, shell,
XML/JSON templates) that write or read Activity Records, for API 9.0.

By default a unified diff is printed and nothing is written; ``--write`` applies it
(atomically, ``--backup SUFFIX`` keeps the originals); ``--check`` exits 1 when a file
would change. Places that cannot be rewritten safely are reported with file and line.
Exit codes: 0 done, 1 a file would change (``--check``), 2 usage or I/O error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from nwx_schema.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from nwx_schema.issues import Issue
    from nwx_schema.migration.scripts import ScriptMigration

_LANGUAGES = ["powershell", "python", "csharp", "javascript", "shell", "xml", "json"]


@dataclass(slots=True)
class _Outcome:
    path: str
    result: ScriptMigration | None = None
    error: str | None = None
    written: bool = False
    backup: str | None = None
    diff: str = ""


def _line(path: str, issue: Issue) -> str:
    label = "change" if issue.code in ("NWX820", "NWX821") else issue.severity
    return f"{path}:{issue.line}:{issue.column}: {label} {issue.code} {issue.message}"


@click.command("migrate-script")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True), metavar="PATH...")
@click.option("--write", is_flag=True, help="Apply the changes (atomically) instead of printing a diff.")
@click.option("--backup", metavar="SUFFIX", help="With --write: keep each original as PATH+SUFFIX.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a file would change (for CI).")
@click.option(
    "--language",
    type=click.Choice(_LANGUAGES),
    help="Language of the files given (default: from the extension or the #! line).",
)
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def migrate_script(
    paths: tuple[str, ...],
    write: bool,
    backup: str | None,
    check: bool,
    language: str | None,
    output_format: str,
) -> None:
    """Rewrite scripts that write or read 8.5 Activity Records for API 9.0.

    PATH is a file or a directory (searched for .ps1 .psm1 .py .cs .js .ts .sh .xml .json
    and #! scripts). Only files that talk to the Integration API are touched; comments,
    the product's internal configuration names and unrelated code are left alone.
    """
    if backup is not None and not write:
        raise click.UsageError("--backup needs --write")
    if backup is not None and (not backup or "/" in backup or "\\" in backup):
        raise click.UsageError("--backup takes a file-name suffix such as .bak")
    if write and check:
        raise click.UsageError("--write and --check exclude each other")
    from nwx_schema.migration.scripts import iter_scripts

    outcomes = [_one(path, language, write, backup) for path in iter_scripts(paths)]
    click.get_current_context().exit(_report(outcomes, write, check, output_format))


def _one(path: Path, language: str | None, write: bool, backup: str | None) -> _Outcome:
    from nwx_schema.migration.atomic import write_atomic
    from nwx_schema.migration.diff import unified_diff
    from nwx_schema.migration.scripts import migrate_script as run

    outcome = _Outcome(str(path))
    try:
        result = run(path, language=language)
    except ValueError as err:
        outcome.error = str(err)
        return outcome
    except OSError as err:
        outcome.error = f"cannot read: {err.strerror or err}"
        return outcome
    outcome.result = result
    if result.changed:
        outcome.diff = unified_diff(result.original_text, result.text, outcome.path)
        if write:
            try:
                saved = write_atomic(path, result.document, backup_suffix=backup)
            except OSError as err:
                outcome.error = f"cannot write: {err.strerror or err}"
                return outcome
            outcome.written = True
            outcome.backup = str(saved) if saved else None
    return outcome


def _exit_code(outcomes: list[_Outcome], check: bool) -> int:
    if any(o.error is not None for o in outcomes):
        return EXIT_USAGE
    if check and any(o.result is not None and o.result.changed for o in outcomes):
        return EXIT_FINDINGS
    return EXIT_OK


def _report(outcomes: list[_Outcome], write: bool, check: bool, output_format: str) -> int:
    code = _exit_code(outcomes, check)
    if output_format == "json":
        click.echo(json.dumps(_json(outcomes, code, write, check), indent=2, ensure_ascii=False))
        return code
    notes_to_stderr = not (write or check)
    for outcome in outcomes:
        result = outcome.result
        if outcome.error is not None:
            click.echo(f"{outcome.path}: error: {outcome.error}", err=True)
            continue
        assert result is not None
        for issue in [*result.changes, *result.findings]:
            click.echo(_line(outcome.path, issue), err=notes_to_stderr)
        if not (write or check) and outcome.diff:
            click.echo(outcome.diff, nl=False)
        if result.changed:
            state = "rewritten" if outcome.written else "would be rewritten"
            backup = f" (backup {outcome.backup})" if outcome.backup else ""
            click.echo(
                f"{outcome.path}: {state}, {len(result.changes)} change(s){backup}", err=notes_to_stderr
            )
    changed = sum(1 for o in outcomes if o.result is not None and o.result.changed)
    human = sum(1 for o in outcomes if o.result is not None for i in o.result.findings if i.code == "NWX822")
    click.echo(
        f"{len(outcomes)} file(s) examined, {changed} {'rewritten' if write else 'to rewrite'}, "
        f"{human} place(s) left for a human",
        err=notes_to_stderr,
    )
    return code


def _json(outcomes: list[_Outcome], code: int, write: bool, check: bool) -> dict[str, Any]:
    files: list[dict[str, Any]] = []
    for outcome in outcomes:
        entry: dict[str, Any] = {"path": outcome.path, "error": outcome.error}
        result = outcome.result
        if result is not None:
            entry.update(
                language=result.language,
                about_api=result.about_api,
                changed=result.changed,
                written=outcome.written,
                backup=outcome.backup,
                changes=[i.to_dict() for i in result.changes],
                findings=[i.to_dict() for i in result.findings],
                diff=outcome.diff,
            )
        files.append(entry)
    status = {EXIT_OK: "ok", EXIT_FINDINGS: "fail"}.get(code, "error")
    return {
        "status": status,
        "files": files,
        "summary": {
            "files": len(outcomes),
            "changed": sum(1 for o in outcomes if o.result is not None and o.result.changed),
            "written": sum(1 for o in outcomes if o.written),
            "for_a_human": sum(
                1 for o in outcomes if o.result is not None for i in o.result.findings if i.code == "NWX822"
            ),
        },
    }
