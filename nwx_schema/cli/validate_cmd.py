"""``nwx-schema validate``: check payloads and report every finding.

A thin shell: options become a :class:`~nwx_schema.reporting.outcome.Policy` and a list
of jobs; :func:`nwx_schema.validation.validate` checks each file (in parallel over
several files, reported in input order); a reporter from
:data:`nwx_schema.reporting.REPORTERS` renders the outcomes on standard output.
Diagnostics about the run (a path that cannot be read) go to standard error.

Exit codes: 0 no error (warnings allowed), 1 an error was found (or a warning, with
``--warnings-as-errors``), 2 a usage error or a path that could not be read.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

import click

from nwx_schema.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from nwx_schema.reporting import REPORTERS, RenderContext, create_reporter
from nwx_schema.reporting.base import printable
from nwx_schema.reporting.batch import Job, Target, check, find_targets
from nwx_schema.reporting.outcome import Policy, Summary, Unreadable, parse_codes
from nwx_schema.reporting.progress import Progress
from nwx_schema.versions import KINDS


def _api_version(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if value.strip().lower() == "auto":
        return "auto"
    from nwx_schema.errors import UnknownVersionError
    from nwx_schema.versions import resolve_version

    try:
        return resolve_version(value)
    except UnknownVersionError as err:
        raise click.BadParameter(str(err)) from err


def _ignored(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> frozenset[str]:
    try:
        return parse_codes(value)
    except ValueError as err:
        raise click.BadParameter(str(err)) from err


def use_color(choice: str, stream: TextIO, environ: os._Environ[str] | dict[str, str]) -> bool:
    """Colour for ``--color`` ``auto`` (a terminal), ``always`` or ``never``; a non-empty
    ``NO_COLOR`` always wins (https://no-color.org)."""
    if environ.get("NO_COLOR"):
        return False
    if choice == "auto":
        return _isatty(stream)
    return choice == "always"


def show_progress(output_format: str, wanted: bool, files: int, stream: TextIO) -> bool:
    """A progress line only for a text report of several files, on a terminal."""
    return wanted and output_format == "text" and files > 1 and _isatty(stream)


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH... | -")
@click.option(
    "--api-version",
    default="auto",
    show_default=True,
    callback=_api_version,
    metavar="auto|8.5|9.0|RELEASE",
    help="API version, or a product release such as 10.7 (mapped to 9.0).",
)
@click.option("--kind", type=click.Choice(["auto", *KINDS]), default="auto", show_default=True)
@click.option(
    "--format", "fmt", type=click.Choice(["auto", "xml", "json"]), default="auto", show_default=True
)
@click.option("-o", "--output-format", type=click.Choice(list(REPORTERS)), default="text", show_default=True)
@click.option(
    "--max-errors",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Show at most N errors per file; the rest are counted.",
)
@click.option("--warnings-as-errors", is_flag=True, help="Warnings make a file invalid (exit code 1).")
@click.option(
    "--ignore",
    multiple=True,
    callback=_ignored,
    metavar="CODE[,CODE...]",
    help="Drop findings with this code (repeatable, or comma-separated).",
)
@click.option("--stdin-name", default="<stdin>", show_default=True, help="Name shown for `-`.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Worker processes over several files [default: the number of cores].",
)
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
@click.option("--progress/--no-progress", default=True, help="Progress on a terminal for long runs.")
@click.pass_context
def validate(
    ctx: click.Context,
    paths: tuple[str, ...],
    api_version: str,
    kind: str,
    fmt: str,
    output_format: str,
    max_errors: int | None,
    warnings_as_errors: bool,
    ignore: frozenset[str],
    stdin_name: str,
    jobs: int | None,
    color: str,
    progress: bool,
) -> None:
    """Validate Activity Record payloads (XML or JSON) and report every finding.

    PATH is a file, a directory (searched for *.xml and *.json) or - for standard input.
    Exit code 0: no error; 1: errors found; 2: usage error or unreadable path.
    """
    from nwx_schema.parallel import ordered_map

    policy = Policy(ignore=ignore, max_errors=max_errors, warnings_as_errors=warnings_as_errors)
    stdin = None
    if "-" in paths:
        stdin = Target(path=stdin_name, data=_read_stdin())
    found = find_targets(paths, stdin=stdin)
    for missing in found.missing:
        _diagnose(f"cannot read {missing.path}: {missing.reason}")
    for directory in found.empty_dirs:
        _diagnose(f"no *.xml or *.json file in {directory}", level="warning")

    colored = use_color(color, sys.stdout, os.environ)
    reporter = create_reporter(
        output_format, RenderContext(color=colored, cwd=os.getcwd(), max_errors=max_errors)
    )
    bar = (
        Progress(len(found.targets), sys.stderr)
        if show_progress(output_format, progress, len(found.targets), sys.stderr)
        else None
    )
    summary = Summary(unreadable=list(found.missing))

    def emit(text: str) -> None:
        if text:
            if bar is not None:
                bar.clear()
            click.echo(text, nl=False, color=colored)
            if bar is not None:
                bar.redraw()

    emit(reporter.begin())
    jobs_list = [Job(t, api_version, kind, fmt, policy) for t in found.targets]
    try:
        for result in ordered_map(check, jobs_list, jobs=jobs):
            if isinstance(result, Unreadable):
                summary.unreadable.append(result)
                if bar is not None:
                    bar.clear()
                _diagnose(f"cannot read {result.path}: {result.reason}")
                if bar is not None:
                    bar.advance()
                continue
            summary.add(result)
            if bar is not None:
                bar.advance(records=result.report.records, size=result.size)
            emit(reporter.file(result))
    finally:
        if bar is not None:
            bar.close()
    emit(reporter.end(summary))

    if not found.targets and not found.missing:
        _diagnose("no file to check")
        ctx.exit(EXIT_USAGE)
    if summary.unreadable:
        ctx.exit(EXIT_USAGE)
    ctx.exit(EXIT_OK if summary.invalid == 0 else EXIT_FINDINGS)


def _read_stdin() -> bytes:
    """All of standard input, as bytes (the engine decodes it)."""
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        data = buffer.read()
        assert isinstance(data, bytes)
        return data
    return stream.read().encode("utf-8")


def _diagnose(message: str, *, level: str = "error") -> None:
    click.echo(f"nwx-schema: {level}: {printable(message)}", err=True)
