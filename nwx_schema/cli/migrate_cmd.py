"""``nwx-schema migrate``: payloads from API 8.5 to 9.0 (or back), edited in place.

One file without ``--in-place`` prints the migrated document on standard output and the
changes on standard error; ``--in-place`` rewrites the files atomically; ``--check``
only says which files need migrating (exit 1); ``--diff`` prints what would change.
Exit codes: 0 done (or nothing to do), 1 a document needs migrating (``--check``) or
cannot be migrated, 2 usage or I/O error.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from nwx_schema.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from nwx_schema.issues import Issue
    from nwx_schema.migration import Migration


def _plan_map(values: tuple[str, ...]) -> dict[str, str]:
    mapping: dict[str, str] = {}
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not new:
            raise click.BadParameter(
                f"{value!r}: write OLD=NEW (OLD may be empty, NEW may not)", param_hint="--plan-map"
            )
        if mapping.get(old, new) != new:
            raise click.BadParameter(f"plan {old!r} is mapped twice", param_hint="--plan-map")
        mapping[old] = new
    return mapping


@dataclass(slots=True)
class _FileResult:
    path: str
    migration: Migration | None = None
    error: str | None = None
    written: bool = False
    backup: str | None = None
    diff: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _render(issue: Issue, path: str, label: str | None = None) -> str:
    where = f"{path}:{issue.line}:{issue.column}" if issue.line is not None else path
    tail = f" [{issue.pointer}]" if issue.pointer else ""
    return f"{where}: {label or issue.severity} {issue.code} {issue.message}{tail}"


def _summary(result: _FileResult, to: str) -> str:
    m = result.migration
    if result.error is not None or m is None:
        return f"{result.path}: error: {result.error}"
    if not m.ok:
        return f"{result.path}: not migrated: {len(m.report.errors)} error(s)"
    if not m.changed:
        return f"{result.path}: already in {to} form, unchanged"
    state = "written" if result.written else "not written"
    backup = f" (backup {result.backup})" if result.backup else ""
    return f"{result.path}: migrated to {to}, {len(m.changes)} change(s), {state}{backup}"


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True), metavar="PATH... | -")
@click.option(
    "--to",
    "to",
    type=click.Choice(["9.0", "8.5"]),
    default="9.0",
    show_default=True,
    help="Target API version.",
)
@click.option(
    "--plan-map", "plan_map", multiple=True, metavar="OLD=NEW", help="Rename a plan on the way (repeatable)."
)
@click.option("--item", metavar="NAME", help="Add Item{Name} to every record migrated that has none (9.0).")
@click.option(
    "--audited-system",
    type=click.Choice(["datasource", "detail", "drop"]),
    default="datasource",
    show_default=True,
    help="Where AuditedSystem goes (9.0): renamed DataSource, kept as a Detail, or dropped.",
)
@click.option(
    "--allow-loss", is_flag=True, help="Towards 8.5: drop Item and MonitoringPlan/ID instead of refusing."
)
@click.option("--in-place", is_flag=True, help="Rewrite the files (atomically) instead of printing.")
@click.option("--backup", metavar="SUFFIX", help="With --in-place: keep the original as PATH+SUFFIX.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when a file needs migrating.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the document.")
@click.option(
    "--kind",
    type=click.Choice(["auto", "input", "output", "search", "continuation", "errors"]),
    default="auto",
    show_default=True,
    help="Document kind (default: from the document).",
)
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def migrate(
    paths: tuple[str, ...],
    to: str,
    plan_map: tuple[str, ...],
    item: str | None,
    audited_system: str,
    allow_loss: bool,
    in_place: bool,
    backup: str | None,
    check: bool,
    show_diff: bool,
    kind: str,
    output_format: str,
) -> None:
    """Migrate payloads (XML or JSON, every document kind) from API 8.5 to 9.0, or back.

    AuditedSystem becomes DataSource and ManagedObject becomes MonitoringPlan/Name, in
    records and search filters; nothing else changes. The result is validated before it
    is printed or written. Give one PATH (or - for standard input) to print the migrated
    document; use --in-place, --check or --diff for several (a directory stands for its
    *.xml and *.json files, recursively).
    """
    mapping = _plan_map(plan_map)
    paths = _expand(paths)
    _check_usage(paths, to, item, audited_system, in_place, backup, check, show_diff)
    from nwx_schema.errors import NwxSchemaError

    results: list[_FileResult] = []
    for path in paths:
        try:
            results.append(
                _one(
                    path,
                    to,
                    mapping,
                    item,
                    audited_system,
                    allow_loss,
                    kind,
                    in_place,
                    backup,
                    check,
                    show_diff,
                )
            )
        except NwxSchemaError as err:
            raise click.UsageError(str(err)) from err
    click.get_current_context().exit(_report(results, to, output_format, in_place, check, show_diff))


def _expand(paths: tuple[str, ...]) -> tuple[str, ...]:
    """Files as given; directories replaced by their ``*.xml`` and ``*.json`` files
    (recursively, sorted, hidden files and folders skipped)."""
    out: list[str] = []
    for path in paths:
        folder = Path(path)
        if path == "-" or not folder.is_dir():
            out.append(path)
            continue
        found = sorted(
            p
            for p in folder.rglob("*")
            if p.is_file()
            and p.suffix.lower() in (".xml", ".json")
            and not any(part.startswith(".") for part in p.relative_to(folder).parts)
        )
        if not found:
            raise click.UsageError(f"{path}: no *.xml or *.json file in this directory")
        out.extend(str(p) for p in found)
    return tuple(out)


def _check_usage(
    paths: tuple[str, ...],
    to: str,
    item: str | None,
    audited_system: str,
    in_place: bool,
    backup: str | None,
    check: bool,
    show_diff: bool,
) -> None:
    if to == "8.5" and item is not None:
        raise click.UsageError("--item applies to migrations towards 9.0 only")
    if to == "8.5" and audited_system != "datasource":
        raise click.UsageError("--audited-system applies to migrations towards 9.0 only")
    if item is not None and not item:
        raise click.UsageError("--item needs a non-empty name")
    if backup is not None and not in_place:
        raise click.UsageError("--backup needs --in-place")
    if backup is not None and (not backup or "/" in backup or "\\" in backup):
        raise click.UsageError("--backup takes a file-name suffix such as .bak")
    if in_place and check:
        raise click.UsageError("--in-place and --check exclude each other")
    if in_place and "-" in paths:
        raise click.UsageError("standard input cannot be migrated --in-place")
    if len(paths) > 1 and not (in_place or check or show_diff):
        raise click.UsageError(
            "several files (or a directory): add --in-place, --check or --diff (or migrate them one at a time)"
        )


def _one(
    path: str,
    to: str,
    mapping: dict[str, str],
    item: str | None,
    audited_system: str,
    allow_loss: bool,
    kind: str,
    in_place: bool,
    backup: str | None,
    check: bool,
    show_diff: bool,
) -> _FileResult:
    from nwx_schema.migration import migrate as run
    from nwx_schema.migration.atomic import write_atomic
    from nwx_schema.migration.diff import unified_diff

    result = _FileResult("<stdin>" if path == "-" else path)
    try:
        data = _read_stdin() if path == "-" else Path(path).read_bytes()
    except OSError as err:
        result.error = f"cannot read: {err.strerror or err}"
        return result
    migration = run(
        data,
        to=to,
        plan_map=mapping,
        item=item,
        audited_system=audited_system,  # type: ignore[arg-type]
        allow_loss=allow_loss,
        kind=kind,
        name=result.path,
    )
    result.migration = migration
    if show_diff and migration.ok and migration.changed:
        result.diff = unified_diff(migration.original_text or "", migration.text or "", result.path)
    if in_place and not check and migration.ok and migration.changed and migration.document is not None:
        try:
            saved = write_atomic(Path(path), migration.document, backup_suffix=backup)
        except OSError as err:
            result.error = f"cannot write: {err.strerror or err}"
            return result
        result.written = True
        result.backup = str(saved) if saved else None
    return result


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def _exit_code(results: list[_FileResult], check: bool) -> int:
    if any(r.error is not None for r in results):
        return EXIT_USAGE
    if any(r.migration is not None and not r.migration.ok for r in results):
        return EXIT_FINDINGS
    if check and any(r.migration is not None and r.migration.changed for r in results):
        return EXIT_FINDINGS
    return EXIT_OK


def _report(
    results: list[_FileResult], to: str, output_format: str, in_place: bool, check: bool, show_diff: bool
) -> int:
    """Print what was done; return the exit code.

    Standard output carries the product of the run: the migrated document (one file),
    the diff (``--diff``) or the report (``--check``, ``--in-place``). Everything else goes
    to standard error.
    """
    code = _exit_code(results, check)
    prints_document = not (in_place or check or show_diff)
    if output_format == "json":
        click.echo(json.dumps(_json_report(results, to, prints_document, code), indent=2, ensure_ascii=False))
        return code
    report_to_stderr = prints_document or show_diff
    for result in results:
        m = result.migration
        if m is not None:
            for line in _report_lines(result, m):
                click.echo(line, err=report_to_stderr)
            if result.diff:
                click.echo(result.diff, nl=False)
            if prints_document and m.ok and m.document is not None:
                sys.stdout.buffer.write(m.document)
                sys.stdout.buffer.flush()
        click.echo(_summary(result, to), err=report_to_stderr or result.error is not None)
    return code


def _report_lines(result: _FileResult, m: Migration) -> list[str]:
    """Every change and error; warnings once per code, with a count of the others.

    Changes and reasons to refuse are located in the original file; the findings of the
    validation of the result are located in the migrated document (which is the file on
    disk after ``--in-place``), and say so otherwise.
    """
    lines = [_render(c, result.path, "change") for c in m.changes]
    warnings: dict[str, list[Issue]] = {}
    for issue in m.report.issues:
        if issue.severity == "error":
            lines.append(_render(issue, result.path) + _where(issue, result))
        else:
            warnings.setdefault(issue.code, []).append(issue)
    for same in warnings.values():
        more = f" (and {len(same) - 1} more like it)" if len(same) > 1 else ""
        lines.append(_render(same[0], result.path) + _where(same[0], result) + more)
    return lines


def _where(issue: Issue, result: _FileResult) -> str:
    """A note for findings located in the migrated document rather than the file as it is."""
    own = issue.code.startswith(("NWX8", "NWX1"))
    if (
        own
        or issue.line is None
        or result.written
        or result.migration is None
        or not result.migration.changed
    ):
        return ""
    return " (position in the migrated document)"


def _json_report(results: list[_FileResult], to: str, prints_document: bool, code: int) -> dict[str, Any]:
    files: list[dict[str, Any]] = []
    for result in results:
        m = result.migration
        entry: dict[str, Any] = {"path": result.path, "error": result.error}
        if m is not None:
            entry.update(
                format=m.report.format,
                kind=m.report.kind,
                migrated=m.ok,
                changed=m.changed,
                written=result.written,
                backup=result.backup,
                changes=[c.to_dict() for c in m.changes],
                issues=[i.to_dict() for i in m.report.issues],
            )
            if prints_document:
                entry["document"] = m.text if m.ok else None
            if result.diff:
                entry["diff"] = result.diff
        files.append(entry)
    status = {EXIT_OK: "ok", EXIT_FINDINGS: "fail"}.get(code, "error")
    return {
        "status": status,
        "to": to,
        "files": files,
        "summary": {
            "files": len(results),
            "changed": sum(1 for r in results if r.migration is not None and r.migration.changed),
            "refused": sum(1 for r in results if r.migration is not None and not r.migration.ok),
            "written": sum(1 for r in results if r.written),
        },
    }
