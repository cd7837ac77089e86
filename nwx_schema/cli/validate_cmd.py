"""``nwx-schema validate``: check payloads and report every finding.

A thin shell: options become a :class:`~nwx_schema.reporting.outcome.Policy` and a list
of jobs; :func:`nwx_schema.reporting.stream.report_checks` checks each file (in worker
processes over several files, reported in input order) and streams its findings, one at
a time, to a reporter from :data:`nwx_schema.reporting.REPORTERS`, which writes them to
standard output as they come. Diagnostics about the run (a path that cannot be read) go
to standard error.

Exit codes: 0 no error (warnings allowed), 1 an error was found (or a warning, with
``--warnings-as-errors``), 2 a usage error or a path that could not be read.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

import click

from nwx_schema.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from nwx_schema.reporting import REPORTERS, RenderContext, Reporter, create_reporter
from nwx_schema.reporting.base import ReportError, printable
from nwx_schema.reporting.batch import Found, Job, Target, find_targets
from nwx_schema.reporting.outcome import Policy, Summary, parse_codes
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
@click.option(
    "--max-per-code",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    metavar="N",
    help="Text output: per file and code, show the first N findings, then how many more (0: all).",
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
    max_per_code: int,
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
    from nwx_schema.parallel import default_jobs

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
    stdout = _Echo(colored, interactive=_isatty(sys.stdout))
    bar = (
        Progress(len(found.targets), sys.stderr)
        if show_progress(output_format, progress, len(found.targets), sys.stderr)
        else None
    )
    context = RenderContext(color=colored, cwd=os.getcwd(), max_errors=max_errors, max_per_code=max_per_code)
    reporter = create_reporter(output_format, context, stdout if bar is None else _BelowProgress(stdout, bar))
    if bar is None and not stdout.interactive and _renders_many(output_format, max_per_code):
        from nwx_schema.reporting import offload

        if offload.wanted(found.total_bytes):
            reporter = offload.offload(reporter, stdout.flush)
    summary = Summary(unreadable=list(found.missing))

    jobs_list = [Job(t, api_version, kind, fmt, policy) for t in found.targets]
    workers = min(default_jobs() if jobs is None else jobs, len(jobs_list))
    try:
        _report(reporter, found, jobs_list, workers, summary, stdout, bar)
    except ReportError as err:
        _diagnose(str(err))
        ctx.exit(EXIT_USAGE)
    stdout.flush()

    if not found.targets and not found.missing:
        _diagnose("no file to check")
        ctx.exit(EXIT_USAGE)
    if summary.unreadable:
        ctx.exit(EXIT_USAGE)
    ctx.exit(EXIT_OK if summary.invalid == 0 else EXIT_FINDINGS)


def _report(
    reporter: Reporter,
    found: Found,
    jobs_list: list[Job],
    workers: int,
    summary: Summary,
    stdout: _Echo,
    bar: Progress | None,
) -> None:
    """Check every target and report it, then the summary."""
    from nwx_schema.reporting.stream import report_checks

    reporter.begin_run()
    for missing in found.missing:
        reporter.unreadable(missing)
    try:
        for checked in report_checks(jobs_list, reporter, workers=workers):
            stdout.flush()  # each file's report as soon as it is done, as before any diagnostic
            result = checked.result
            if result is not None:
                summary.add(result)
            if checked.failure is not None:
                summary.unreadable.append(checked.failure)
                reporter.unreadable(checked.failure)
                if bar is not None:
                    bar.clear()
                _diagnose(f"cannot read {checked.failure.path}: {checked.failure.reason}")
            if bar is not None:
                if result is not None:
                    bar.advance(records=result.records, size=result.size)
                else:
                    bar.advance()
                if result is not None and not bar.drawn:
                    bar.redraw()  # after this file's report text
    finally:
        if bar is not None:
            bar.close()
    reporter.end_run(summary)


def _renders_many(output_format: str, max_per_code: int) -> bool:
    """Whether the report renders every finding (text shows a few of each code, unless
    ``--max-per-code 0``): then a second process writing it is worth its start."""
    return output_format != "text" or max_per_code == 0


def _read_stdin() -> bytes:
    """All of standard input, as bytes (the engine decodes it)."""
    stream = sys.stdin
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:
        data = buffer.read()
        assert isinstance(data, bytes)
        return data
    return stream.read().encode("utf-8")


class _Echo:
    """Standard output through :func:`click.echo` (its encoding and colour handling), in
    chunks of at most about 64 KiB; on a terminal, each write at once."""

    LIMIT = 64 * 1024

    def __init__(self, color: bool, *, interactive: bool) -> None:
        self.color = color
        self.interactive = interactive
        self._chunks: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._chunks.append(text)
        self._size += len(text)
        if self.interactive or self._size >= self.LIMIT:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._chunks:
            text = "".join(self._chunks)
            self._chunks.clear()
            self._size = 0
            click.echo(text, nl=False, color=self.color)


class _BelowProgress:
    """Standard output on the terminal that shows the progress line: the line is erased
    before report text is written (the CLI draws it again after each file)."""

    def __init__(self, stream: _Echo, bar: Progress) -> None:
        self.stream = stream
        self.bar = bar

    def write(self, text: str) -> int:
        if text:
            self.bar.clear()
        return self.stream.write(text)


def _diagnose(message: str, *, level: str = "error") -> None:
    click.echo(f"nwx-schema: {level}: {printable(message)}", err=True)
