"""``nwx-schema convert`` and ``nwx-schema roundtrip``: thin shells over
:mod:`nwx_schema.conversion`.

``convert`` writes the converted document to standard output, to ``-o PATH`` (replaced
atomically, only on success), or with several inputs to ``--output-dir DIR``. Findings go
to standard error in the same form as ``validate`` prints them.

Exit codes: 0 converted (identical, for ``roundtrip``); 1 findings in the input (or
differences); 2 usage or I/O error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import IO, Any, Final

import click

from nwx_schema.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from nwx_schema.versions import KINDS

_EXTENSIONS: Final = {"xml": ".xml", "json": ".json", "ndjson": ".ndjson"}
#: Warnings printed per file; the rest are counted.
_WARNINGS_SHOWN: Final = 10


def _api_version(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if value.strip().lower() == "auto":
        return "auto"
    from nwx_schema.errors import UnknownVersionError
    from nwx_schema.versions import resolve_version

    try:
        return resolve_version(value)
    except UnknownVersionError as err:
        raise click.BadParameter(str(err)) from err


def _common(function: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.argument("paths", nargs=-1, required=True, metavar="PATH... | -"),
        click.option(
            "--api-version",
            default="auto",
            show_default=True,
            callback=_api_version,
            metavar="auto|8.5|9.0|RELEASE",
            help="API version, or a product release such as 10.7 (mapped to 9.0).",
        ),
        click.option("--kind", type=click.Choice(["auto", *KINDS]), default="auto", show_default=True),
        click.option(
            "--best-effort",
            is_flag=True,
            help="Convert documents with validation errors as far as possible (their findings are "
            "still shown). Unreadable documents and values the target cannot hold are refused.",
        ),
        click.option("--stdin-name", default="<stdin>", show_default=True, help="Name shown for `-`."),
        click.option("-q", "--quiet", is_flag=True, help="Do not print warnings."),
        click.option(
            "--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@dataclass(frozen=True, slots=True)
class _Job:
    """One input: where it comes from and the name its output gets under --output-dir."""

    path: str  # "-" for standard input
    shown: str
    relative: str


def _jobs(paths: Sequence[str], stdin_name: str) -> tuple[list[_Job], list[str]]:
    from nwx_schema.reporting.batch import find_targets

    jobs: list[_Job] = []
    problems: list[str] = []
    for path in paths:
        if path == "-":
            stem = os.path.basename(stdin_name.strip("<>")) or "stdin"
            jobs.append(_Job("-", stdin_name, stem))
            continue
        found = find_targets([path])
        problems.extend(f"cannot read {m.path}: {m.reason}" for m in found.missing)
        problems.extend(f"no *.xml or *.json file in {d}" for d in found.empty_dirs)
        for target in found.targets:
            assert target.file is not None
            base = path if os.path.isdir(path) else os.path.dirname(target.file)
            relative = os.path.splitext(os.path.relpath(target.file, base))[0]
            jobs.append(_Job(target.file, target.path, relative))
    return jobs, problems


class _Printer:
    """Findings and diagnostics on standard error."""

    def __init__(self, color: str, quiet: bool) -> None:
        from nwx_schema.cli.validate_cmd import use_color

        self.color = use_color(color, sys.stderr, os.environ)
        self.quiet = quiet

    def findings(self, shown: str, issues: Sequence[Any], *, include_warnings: bool = True) -> None:
        from nwx_schema.reporting.text import format_issue

        warnings = [i for i in issues if i.severity == "warning"]
        errors = [i for i in issues if i.severity != "warning"]
        listed = list(errors)
        if include_warnings and not self.quiet:
            listed += warnings[:_WARNINGS_SHOWN]
        listed.sort(key=lambda i: (i.line is None, i.line or 0, i.column or 0))
        for issue in listed:
            click.echo(format_issue(shown, issue, color=self.color), err=True, color=self.color)
        hidden = len(warnings) - _WARNINGS_SHOWN
        if include_warnings and not self.quiet and hidden > 0:
            click.echo(f"{shown}: {hidden} more warnings (nwx-schema validate lists them)", err=True)

    def diagnose(self, message: str, level: str = "error") -> None:
        click.echo(f"nwx-schema: {level}: {message}", err=True)


def _source(job: _Job) -> Any:
    if job.path == "-":
        return sys.stdin.buffer
    from pathlib import Path

    return Path(job.path)


@click.command()
@click.option(
    "--to", "to", type=click.Choice(["xml", "json", "ndjson"]), required=True, help="Target format."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default=None,
    help="Write to this file (replaced only when the conversion succeeds); - for standard output.",
)
@click.option(
    "--output-dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Write each input to DIR/<name>.<xml|json|ndjson> (required for several inputs).",
)
@click.option(
    "--pretty/--compact", default=True, show_default=True, help="Indent by 2 spaces, or not at all."
)
@_common
def convert(
    to: str,
    output: str | None,
    output_dir: str | None,
    pretty: bool,
    paths: tuple[str, ...],
    api_version: str,
    kind: str,
    best_effort: bool,
    stdin_name: str,
    quiet: bool,
    color: str,
) -> None:
    """Convert Activity Record documents between XML, JSON and NDJSON (one record per
    line), in the API's own shapes, losslessly.

    The input is validated first: an invalid document is not converted (exit code 1) and
    its findings are printed, unless --best-effort. Nothing is written for a document that
    is not converted. PATH is a file, a directory (searched for *.xml and *.json; needs
    --output-dir) or - for standard input. Exit code 0: converted; 1: findings in the
    input (nothing written); 2: usage or I/O error.
    """
    printer = _Printer(color, quiet)
    if output is not None and output_dir is not None:
        raise click.UsageError("give either -o/--output or --output-dir, not both")
    jobs, problems = _jobs(paths, stdin_name)
    for problem in problems:
        printer.diagnose(problem)
    several = len(jobs) > 1 or any(os.path.isdir(p) for p in paths)
    if several and output_dir is None:
        raise click.UsageError("several inputs: give --output-dir DIR")
    destinations = _destinations(jobs, output, output_dir, to)
    codes = [EXIT_USAGE] if problems else []
    for job, destination in zip(jobs, destinations, strict=True):
        codes.append(_convert_one(job, destination, to, pretty, api_version, kind, best_effort, printer))
    if not jobs and not problems:
        printer.diagnose("no file to convert")
        codes.append(EXIT_USAGE)
    sys.exit(max(codes, default=EXIT_OK))


def _destinations(jobs: list[_Job], output: str | None, output_dir: str | None, to: str) -> list[str | None]:
    if output_dir is None:
        return [None if output in (None, "-") else output for _ in jobs]
    out: list[str | None] = []
    seen: dict[str, str] = {}
    for job in jobs:
        destination = os.path.join(output_dir, job.relative + _EXTENSIONS[to])
        key = os.path.normcase(os.path.abspath(destination))
        if key in seen:
            raise click.UsageError(f"{seen[key]} and {job.shown} would both be written to {destination}")
        seen[key] = job.shown
        out.append(destination)
    return out


def _convert_one(
    job: _Job,
    destination: str | None,
    to: str,
    pretty: bool,
    api_version: str,
    kind: str,
    best_effort: bool,
    printer: _Printer,
) -> int:
    from nwx_schema.conversion import UnsupportedConversionError, convert_to_stream
    from nwx_schema.errors import InvalidPayloadError

    out: str | IO[bytes]
    if destination is None:
        sys.stdout.flush()
        out = sys.stdout.buffer
    else:
        os.makedirs(os.path.dirname(os.path.abspath(destination)), exist_ok=True)
        out = destination
    try:
        report = convert_to_stream(
            _source(job),
            out,
            to=to,
            api_version=api_version,
            kind=kind,
            pretty=pretty,
            best_effort=best_effort,
            name=job.shown,
        )
    except InvalidPayloadError as err:
        printer.findings(job.shown, err.issues)
        printer.diagnose(f"{job.shown}: not converted: {_count(err.issues)}; nothing written")
        return EXIT_FINDINGS
    except UnsupportedConversionError as err:
        printer.diagnose(f"{job.shown}: {err}")
        return EXIT_USAGE
    except BrokenPipeError:
        # the reader of standard output went away (`... | head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(EXIT_USAGE)
    except OSError as err:
        printer.diagnose(
            f"{job.shown}: {err.strerror or err}"
            if err.filename is None
            else f"{err.filename}: {err.strerror or err}"
        )
        return EXIT_USAGE
    if destination is None:
        out.flush()  # type: ignore[union-attr]
    printer.findings(job.shown, report.issues)
    return EXIT_OK


def _count(issues: Sequence[Any]) -> str:
    errors = sum(1 for i in issues if i.severity == "error")
    return f"{errors} error{'s' if errors != 1 else ''}"


@click.command()
@_common
def roundtrip(
    paths: tuple[str, ...],
    api_version: str,
    kind: str,
    best_effort: bool,
    stdin_name: str,
    quiet: bool,
    color: str,
) -> None:
    """Convert each document to the other format and back, and print what changed.

    XML goes to JSON and back, JSON to XML and back. The JSON forms (and, for XML, the
    infosets) of the original and the result are compared; each difference prints as
    `location: before -> after`. Exit code 0: every document came back identical;
    1: differences, or invalid input; 2: usage or I/O error.
    """
    from nwx_schema.conversion.roundtrip import roundtrip as run
    from nwx_schema.errors import InvalidPayloadError

    printer = _Printer(color, quiet)
    jobs, problems = _jobs(paths, stdin_name)
    for problem in problems:
        printer.diagnose(problem)
    codes = [EXIT_USAGE] if problems else []
    for job in jobs:
        try:
            result = run(
                _source(job), api_version=api_version, kind=kind, best_effort=best_effort, name=job.shown
            )
        except InvalidPayloadError as err:
            printer.findings(job.shown, err.issues)
            printer.diagnose(f"{job.shown}: not round-tripped: {_count(err.issues)}")
            codes.append(EXIT_FINDINGS)
            continue
        except OSError as err:
            printer.diagnose(f"{job.shown}: {err.strerror or err}")
            codes.append(EXIT_USAGE)
            continue
        if best_effort:
            printer.findings(job.shown, result.report.issues, include_warnings=False)
        route = " -> ".join(result.route)
        records = result.report.records
        counted = f", {records} record{'s' if records != 1 else ''}" if records is not None else ""
        if result.identical:
            click.echo(f"{job.shown}: {route}: identical{counted}")
            codes.append(EXIT_OK)
            continue
        plural = "s" if result.total != 1 else ""
        click.echo(f"{job.shown}: {route}: {result.total} difference{plural}{counted}")
        for difference in result.differences:
            click.echo(f"  {difference.render()}")
        if result.total > len(result.differences):
            click.echo(f"  ... and {result.total - len(result.differences)} more")
        codes.append(EXIT_FINDINGS)
    if not jobs and not problems:
        printer.diagnose("no file to round-trip")
        codes.append(EXIT_USAGE)
    sys.exit(max(codes, default=EXIT_OK))
