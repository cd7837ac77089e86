"""``nwx-schema send``: validate records, then write them to the API in batches.

Every file is validated first, as ``nwx-schema validate`` does; if any has an error,
its findings are printed and nothing is sent (exit 1), unless ``--no-validate``. The
records of all the files then go out in batches of at most 1,000 records and 50 MB
(``--batch-records``, ``--batch-mb``), in the body format asked for (``--format``;
by default the files' own). A progress bar shows on a terminal; a summary line says what
was sent.

Exit codes: 0 every record sent; 1 findings in the input, or a batch the server refused;
2 usage, I/O, a server that cannot be reached, or credentials refused.

The options shared with ``fetch`` (where the API is, credentials, TLS, timeouts,
retries) are defined here.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NoReturn

import click

from nwx_schema.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    from nwx_schema.client import ClientConfig, RecordSource, RetryEvent
    from nwx_schema.versions import ApiVersion, Format

ENV_URL: Final = "NETWRIX_API_URL"
ENV_USER: Final = "NETWRIX_API_USER"
ENV_PASSWORD: Final = "NETWRIX_API_PASSWORD"  # noqa: S105 - the variable's name
ENV_AUTH: Final = "NETWRIX_API_AUTH"
ENV_CA_BUNDLE: Final = "NETWRIX_API_CA_BUNDLE"


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    click.echo(f"nwx-schema: error: {message}", err=True)
    sys.exit(code)


def require_client_extra(command: str, auth: str) -> None:
    """Exit 2 with a one-line install hint when the ``client`` extra is missing."""
    needed = ["httpx", *(["httpx_ntlm"] if auth == "ntlm" else [])]
    missing = [m for m in needed if importlib.util.find_spec(m) is None]
    if missing:
        fail(
            f"nwx-schema {command} needs the client extra: pip install 'nwx-schema[client]' "
            f"(missing: {', '.join(missing)})"
        )


def connection_options(function: Callable[..., Any]) -> Callable[..., Any]:
    """The options of ``send`` and ``fetch`` that say where the API is and how to talk to it."""
    options = [
        click.option(
            "--url",
            envvar=ENV_URL,
            metavar="URL",
            help=f"The server (https://host:9699) or the API's URL [env {ENV_URL}].",
        ),
        click.option(
            "--user",
            envvar=ENV_USER,
            metavar="NAME",
            help=f"Account (DOMAIN\\user); the password comes from {ENV_PASSWORD}, or is asked "
            f"for on a terminal [env {ENV_USER}].",
        ),
        click.option(
            "--auth",
            type=click.Choice(["basic", "ntlm"], case_sensitive=False),
            envvar=ENV_AUTH,
            default="basic",
            show_default=True,
            help=f"How to authenticate --user [env {ENV_AUTH}].",
        ),
        click.option(
            "--ca-bundle",
            type=click.Path(dir_okay=False, path_type=Path),
            envvar=ENV_CA_BUNDLE,
            help="PEM certificates to trust (e.g. the server's self-signed one) instead of the "
            f"system's [env {ENV_CA_BUNDLE}].",
        ),
        click.option("--insecure", is_flag=True, help="Do not verify the server's certificate."),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            default=120.0,
            show_default=True,
            help="Seconds to wait for the server between bytes.",
        ),
        click.option(
            "--retries",
            type=click.IntRange(0, 100),
            default=5,
            show_default=True,
            help="Tries after the first, on connection errors, timeouts and 5xx (never 4xx), "
            "with exponential backoff.",
        ),
        click.option("--no-progress", is_flag=True, help="No progress display, even on a terminal."),
        click.option("-q", "--quiet", is_flag=True, help="Print only errors."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _password(user: str) -> str:
    password = os.environ.get(ENV_PASSWORD)
    if password is not None:
        return password
    if sys.stdin.isatty() and sys.stderr.isatty():
        value: str = click.prompt(f"Password for {user}", hide_input=True, err=True)
        return value
    fail(f"--user {user} needs a password: set {ENV_PASSWORD} (or run on a terminal to be asked)")


def client_config(
    *,
    command: str,
    url: str | None,
    user: str | None,
    auth: str,
    ca_bundle: Path | None,
    insecure: bool,
    timeout: float,
    retries: int,
    quiet: bool,
    **settings: Any,
) -> ClientConfig:
    """The client configuration of the options (usage errors exit 2)."""
    auth = auth.lower()
    require_client_extra(command, auth)
    from nwx_schema.client import ClientConfig, ConfigurationError, Credentials, RetryPolicy

    if not url:
        raise click.UsageError(f"give --url URL or set {ENV_URL}")
    if user is not None and ":" in user:
        raise click.BadParameter(
            f"give the password in {ENV_PASSWORD} or at the prompt, never on the command line",
            param_hint="--user",
        )
    if ca_bundle is not None and insecure:
        raise click.UsageError("--ca-bundle and --insecure exclude each other")
    if ca_bundle is not None and not ca_bundle.is_file():
        fail(f"cannot read the CA bundle {ca_bundle}: no such file")
    try:
        credentials = Credentials(user, _password(user), auth) if user else None  # type: ignore[arg-type]
        config = ClientConfig(
            url,
            credentials=credentials,
            ca_bundle=ca_bundle,
            insecure=insecure,
            timeout=timeout,
            retry=RetryPolicy(retries=retries),
            **settings,
        )
    except ConfigurationError as err:
        fail(str(err))
    if insecure and not quiet:
        click.echo("nwx-schema: warning: --insecure: the server's certificate is not verified", err=True)
    return config


def retry_printer(quiet: bool) -> Callable[[RetryEvent], None] | None:
    """A hook printing each retry on standard error (none when quiet)."""
    if quiet:
        return None

    def show(event: RetryEvent) -> None:
        click.echo(
            f"nwx-schema: warning: {event.endpoint} failed ({event.reason}); "
            f"retry {event.retry} of {event.retries} in {event.delay:.1f} s",
            err=True,
        )

    return show


def show_progress(no_progress: bool, quiet: bool) -> bool:
    return not (no_progress or quiet) and sys.stderr.isatty()


# -- send ---------------------------------------------------------------------------------


def _open_all(
    paths: Sequence[str], api_version: str, validate: bool, color: str, quiet: bool
) -> tuple[list[RecordSource], int]:
    """Validate every input; the sources that may be sent and the exit code so far."""
    from nwx_schema.cli.convert_cmd import _jobs, _Printer
    from nwx_schema.client import open_source
    from nwx_schema.errors import InvalidPayloadError

    printer = _Printer(color, quiet)
    jobs, problems = _jobs(paths, "<stdin>")
    for problem in problems:
        printer.diagnose(problem)
    code = EXIT_USAGE if problems else EXIT_OK
    sources: list[RecordSource] = []
    invalid = 0
    for job in jobs:
        origin: Any = sys.stdin.buffer if job.path == "-" else Path(job.path)
        try:
            source = open_source(origin, api_version=api_version, validate=validate, name=job.shown)
        except InvalidPayloadError as err:
            printer.findings(job.shown, err.issues)
            if not err.issues:
                printer.diagnose(str(err))
            invalid += 1
            continue
        except OSError as err:
            printer.diagnose(f"cannot read {job.shown}: {err.strerror or err}")
            code = EXIT_USAGE
            continue
        if not quiet:
            printer.findings(job.shown, source.report.warnings)
        sources.append(source)
    if not jobs and not problems:
        printer.diagnose("no file to send")
        code = EXIT_USAGE
    if invalid:
        some = f"{invalid} file{'s are' if invalid > 1 else ' is'} invalid"
        hint = "" if not validate else " (--no-validate sends them anyway, for the server to judge)"
        printer.diagnose(f"{some}: nothing sent{hint}")
        code = max(code, EXIT_FINDINGS)
    return sources, code


class _Origins:
    """Which file and record a position in the whole sequence of records is."""

    def __init__(self, sources: Sequence[RecordSource]) -> None:
        self.spans: list[tuple[str, int, int]] = []
        start = 0
        for source in sources:
            count = source.records or 0
            self.spans.append((source.name, start, count))
            start += count

    def describe(self, first: int, count: int) -> str:
        parts = []
        end = first + count
        for name, start, size in self.spans:
            low, high = max(first, start), min(end, start + size)
            if low < high:
                parts.append(f"{name} records {low - start + 1}-{high - start}")
        return ", ".join(parts) or f"records {first + 1}-{end}"


def _records(sources: Sequence[RecordSource]) -> Iterator[dict[str, Any]]:
    for source in sources:
        yield from source


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 'es' if word.endswith('h') else 's'}"


@click.command()
@click.argument("paths", nargs=-1, required=True, metavar="FILE... | -")
@connection_options
@click.option(
    "--format",
    "body_format",
    type=click.Choice(["auto", "json", "xml"]),
    default="auto",
    show_default=True,
    help="Body format of the requests; auto: the files' own (JSON when they differ).",
)
@click.option(
    "--api-version",
    default="auto",
    show_default=True,
    metavar="auto|8.5|9.0|RELEASE",
    help="API version of the records and the server (auto: from the files).",
)
@click.option(
    "--batch-records",
    type=click.IntRange(1),
    default=1000,
    show_default=True,
    help="Most records per request (the API recommends 1,000 at most).",
)
@click.option(
    "--batch-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=50.0,
    show_default=True,
    help="Most MB (MiB) of body per request (the API recommends 50 at most).",
)
@click.option("--no-validate", is_flag=True, help="Send records with validation errors too.")
@click.option("--keep-going", is_flag=True, help="Go on after a batch the server refuses.")
@click.option(
    "--no-resend-unanswered",
    is_flag=True,
    help="A batch sent that got no answer may have been stored: give up on it instead of "
    "sending it again (at most once, rather than at least once).",
)
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True)
def send(
    paths: tuple[str, ...],
    url: str | None,
    user: str | None,
    auth: str,
    ca_bundle: Path | None,
    insecure: bool,
    timeout: float,
    retries: int,
    no_progress: bool,
    quiet: bool,
    body_format: str,
    api_version: str,
    batch_records: int,
    batch_mb: float,
    no_validate: bool,
    keep_going: bool,
    no_resend_unanswered: bool,
    color: str,
) -> None:
    """Validate Activity Records (XML or JSON files, or - for standard input), then write
    them to the Integration API in batches.

    Nothing is sent when a file has an error (exit 1), unless --no-validate. The summary
    says how many records and batches were sent, and which failed. Exit code 0: all
    sent; 1: findings, or a batch refused; 2: usage, I/O, connection or credentials.
    """
    from nwx_schema.errors import UnknownVersionError
    from nwx_schema.versions import resolve_version

    try:
        version = "auto" if api_version.strip().lower() == "auto" else resolve_version(api_version)
    except UnknownVersionError as err:
        raise click.BadParameter(str(err), param_hint="--api-version") from err
    base = client_config(
        command="send",
        url=url,
        user=user,
        auth=auth,
        ca_bundle=ca_bundle,
        insecure=insecure,
        timeout=timeout,
        retries=retries,
        quiet=quiet,
        max_records=batch_records,
        max_bytes=int(batch_mb * 1024 * 1024),
    )
    sources, code = _open_all(paths, version, not no_validate, color, quiet)
    try:
        if code != EXIT_OK or not sources:
            sys.exit(code)
        _send(sources, base, body_format, keep_going, no_resend_unanswered, no_progress, quiet)
    finally:
        for source in sources:
            source.close()


def _send(
    sources: list[RecordSource],
    base: ClientConfig,
    body_format: str,
    keep_going: bool,
    no_resend_unanswered: bool,
    no_progress: bool,
    quiet: bool,
) -> NoReturn:
    import dataclasses

    from nwx_schema.client import ApiError, AuthenticationError, Client, ClientError, SendError, SendResult
    from nwx_schema.errors import InvalidPayloadError

    versions = {s.report.api_version for s in sources}
    if len(versions) > 1:
        fail("the files hold records of API 8.5 and 9.0: send them separately, or migrate the 8.5 ones")
    formats = {s.report.format for s in sources}
    fmt: Format = "json"
    if body_format in ("json", "xml"):
        fmt = "xml" if body_format == "xml" else "json"
    elif formats == {"xml"}:
        fmt = "xml"
    version: ApiVersion = versions.pop() or "9.0"
    config = dataclasses.replace(
        base,
        fmt=fmt,
        api_version=version,
        retry=dataclasses.replace(base.retry, resend_unanswered_writes=not no_resend_unanswered),
    )
    origins = _Origins(sources)
    total = sum(s.records or 0 for s in sources)
    result = SendResult()
    code = EXIT_OK
    with Client(config=config, on_retry=retry_printer(quiet)) as api:
        bar = click.progressbar(length=total, label="sending", file=sys.stderr, show_pos=True)
        progress = show_progress(no_progress, quiet) and total > 0

        def on_batch(batch: Any, error: ClientError | None) -> None:
            if progress:
                bar.update(batch.records)
            if error is not None and keep_going and isinstance(error, ApiError):
                where = origins.describe(batch.first, batch.records)
                lead = "\n" if progress else ""
                click.echo(f"{lead}nwx-schema: error: batch {batch.number} ({where}): {error}", err=True)

        try:
            result = api.write(_records(sources), keep_going=keep_going, on_batch=on_batch)
        except SendError as err:
            result = err.result
            failure = err.failure
            error = failure.error
            refused = (
                isinstance(error, ApiError)
                and not isinstance(error, AuthenticationError)
                and error.status not in (404, 405)
            )
            where = origins.describe(failure.first, failure.records)
            message = f"batch {failure.batch} ({where}): {error}" if refused else str(error)
            click.echo(f"{chr(10) if progress else ''}nwx-schema: error: {message}", err=True)
            code = EXIT_FINDINGS if refused else EXIT_USAGE
        except (ClientError, InvalidPayloadError) as err:
            click.echo(f"{chr(10) if progress else ''}nwx-schema: error: {err}", err=True)
            code = EXIT_FINDINGS
        finally:
            if progress:
                bar.render_finish()
    if result.failures and code == EXIT_OK:
        code = EXIT_FINDINGS
    failed = result.records_failed
    summary = f"sent {_plural(result.records_sent, 'record')} in {_plural(result.batches_sent, 'batch')}"
    if result.failures:
        summary += f"; {_plural(len(result.failures), 'batch')} failed ({_plural(failed, 'record')})"
    unsent = total - result.records_sent - failed
    if unsent > 0 and code != EXIT_OK:
        summary += f"; {_plural(unsent, 'record')} not sent"
    click.echo(summary)
    sys.exit(code)
