"""``nwx-schema fetch``: read records out of the API (enum, or search with ``--search``)
to NDJSON, JSON or XML, following the ContinuationMark to the end.

Records are written as each page arrives (memory holds one page, whatever the total);
``-o PATH`` is written to a temporary file in the same directory and renamed over PATH
only when every page has been read, so an interrupted run leaves PATH as it was.
``--checkpoint FILE`` keeps the last continuation mark, so that the next run fetches only
the records stored since (a SIEM export run on a schedule).

Exit codes: 0 done; 1 the server refused the request (invalid search, stale mark) or the
search file has findings; 2 usage, I/O, a server that cannot be reached, or credentials
refused.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final

import click

from nwx_schema.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from nwx_schema.cli.send_cmd import client_config, connection_options, fail, retry_printer, show_progress

if TYPE_CHECKING:
    from nwx_schema.client import Page

_SUFFIXES: Final = {".ndjson": "ndjson", ".jsonl": "ndjson", ".json": "json", ".xml": "xml"}


def _output_format(output: str, chosen: str) -> str:
    if chosen != "auto":
        return chosen
    if output == "-":
        return "ndjson"
    suffix = Path(output).suffix.lower()
    if suffix not in _SUFFIXES:
        raise click.UsageError(
            f"cannot tell the format of {output} from its suffix: give --output-format ndjson|json|xml"
        )
    return _SUFFIXES[suffix]


def _load_search(path: Path, version: str) -> dict[str, Any]:
    """The JSON form of a search parameters file (XML or JSON), validated."""
    import orjson

    from nwx_schema.cli.convert_cmd import _Printer
    from nwx_schema.conversion import convert
    from nwx_schema.errors import InvalidPayloadError

    try:
        text = convert(path, to="json", kind="search", api_version=version, pretty=False)
    except InvalidPayloadError as err:
        _Printer("auto", False).findings(str(path), err.issues)
        fail(f"{path}: not a valid search: nothing fetched", EXIT_FINDINGS)
    except OSError as err:
        fail(f"cannot read {path}: {err.strerror or err}")
    document: dict[str, Any] = orjson.loads(text)
    return document


def _read_checkpoint(path: Path) -> str | None:
    try:
        text = path.read_text(encoding="utf-8").rstrip("\r\n")
    except FileNotFoundError:
        return None
    except OSError as err:
        fail(f"cannot read the checkpoint {path}: {err.strerror or err}")
    return text or None


def _replace_atomically(path: Path, write: Any) -> None:
    """Call ``write(stream)`` on a temporary file next to ``path``, then rename it over
    ``path`` (keeping its permission bits); on any error, remove the temporary file."""
    directory = path.parent if str(path.parent) else Path()
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(temp, mode)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


class _Export:
    """Writes the records of the pages as they come, and counts them."""

    def __init__(self, pages: Iterator[Page], to: str, version: Any, pretty: bool, progress: bool) -> None:
        self.pages = pages
        self.to = to
        self.version = version
        self.pretty = pretty
        self.progress = progress
        self.records = 0
        self.pages_read = 0
        self.last_mark: str | None = None

    def __call__(self, out: IO[bytes]) -> None:
        from nwx_schema.conversion.json_writer import JsonWriter, NdjsonWriter
        from nwx_schema.conversion.xml_writer import XmlWriter

        writer: Any
        if self.to == "xml":

            def write_text(text: str) -> None:
                out.write(text.encode("utf-8"))

            writer = XmlWriter(write_text, version=self.version, kind="output", pretty=self.pretty)
        elif self.to == "json":
            writer = JsonWriter(out.write, kind="output", pretty=self.pretty)
        else:
            writer = NdjsonWriter(out.write, kind="output")
        for page in self.pages:
            for record in page.records:
                writer.record(record)
            if isinstance(writer, XmlWriter) and writer.issues:
                from nwx_schema.errors import InvalidPayloadError

                raise InvalidPayloadError("a record cannot be written as XML 1.0", writer.issues)
            self.records += len(page.records)
            self.pages_read += 1
            if page.mark is not None:
                self.last_mark = page.mark
            if self.progress:
                click.echo(
                    f"\rfetched {self.records:,} records ({self.pages_read} pages)", nl=False, err=True
                )
        writer.close()
        if self.progress:
            click.echo("", err=True)


@click.command()
@connection_options
@click.option(
    "--search",
    "search_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Search parameters (XML or JSON ActivityRecordSearch) to post to search; without it, enum.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True),
    default="-",
    show_default=True,
    help="records.ndjson, .json or .xml (replaced only when every page is read); - for standard output.",
)
@click.option(
    "--output-format",
    type=click.Choice(["auto", "ndjson", "json", "xml"]),
    default="auto",
    show_default=True,
    help="auto: from the suffix of -o (NDJSON on standard output).",
)
@click.option("--pretty/--compact", default=True, show_default=True, help="Indent JSON and XML output.")
@click.option(
    "--format",
    "body_format",
    type=click.Choice(["json", "xml"]),
    default="json",
    show_default=True,
    help="Format of the API's requests and answers.",
)
@click.option(
    "--api-version",
    default="9.0",
    show_default=True,
    metavar="8.5|9.0|RELEASE",
    help="API version of the server.",
)
@click.option(
    "--count",
    "page_size",
    type=click.IntRange(1),
    default=None,
    help="Records per page (the API's count; default: the server's, 1,000).",
)
@click.option("--limit", type=click.IntRange(1), default=None, help="Fetch at most this many records.")
@click.option(
    "--checkpoint",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Start after the continuation mark in FILE (if it exists) and keep the last mark there.",
)
def fetch(
    url: str | None,
    user: str | None,
    auth: str,
    ca_bundle: Path | None,
    insecure: bool,
    timeout: float,
    retries: int,
    no_progress: bool,
    quiet: bool,
    search_file: Path | None,
    output: str,
    output_format: str,
    pretty: bool,
    body_format: str,
    api_version: str,
    page_size: int | None,
    limit: int | None,
    checkpoint: Path | None,
) -> None:
    """Fetch Activity Records from the Integration API (enum, or search with --search),
    page after page to the end, into NDJSON, JSON or XML.

    Exit code 0: done; 1: the server refused the request, or the search file is invalid;
    2: usage, I/O, connection or credentials.
    """
    from nwx_schema.errors import UnknownVersionError
    from nwx_schema.versions import resolve_version

    try:
        version = resolve_version(api_version)
    except UnknownVersionError as err:
        raise click.BadParameter(str(err), param_hint="--api-version") from err
    to = _output_format(output, output_format)
    config = client_config(
        command="fetch",
        url=url,
        user=user,
        auth=auth,
        ca_bundle=ca_bundle,
        insecure=insecure,
        timeout=timeout,
        retries=retries,
        quiet=quiet,
        fmt=body_format,
        api_version=version,
        page_size=page_size,
    )
    search = _load_search(search_file, version) if search_file is not None else None
    mark = _read_checkpoint(checkpoint) if checkpoint is not None else None
    if mark is None and search is not None and isinstance(search.get("ContinuationMark"), str):
        mark = search["ContinuationMark"]  # the search file says where to start

    from nwx_schema.client import ApiError, AuthenticationError, Client, ClientError
    from nwx_schema.errors import InvalidPayloadError

    with Client(config=config, on_retry=retry_printer(quiet)) as api:
        pages = api.pages(search, mark=mark, limit=limit)
        export = _Export(pages, to, version, pretty, show_progress(no_progress, quiet))
        code = EXIT_OK
        try:
            if output == "-":
                export(sys.stdout.buffer)
                sys.stdout.buffer.flush()
            else:
                _replace_atomically(Path(output), export)
        except ApiError as err:
            refused = not isinstance(err, AuthenticationError) and err.status not in (404, 405)
            code = EXIT_FINDINGS if refused else EXIT_USAGE
            click.echo(
                f"\nnwx-schema: error: {err}" if export.progress else f"nwx-schema: error: {err}", err=True
            )
        except (ClientError, InvalidPayloadError) as err:
            code = EXIT_USAGE if isinstance(err, ClientError) else EXIT_FINDINGS
            click.echo(f"nwx-schema: error: {err}", err=True)
        except OSError as err:
            code = EXIT_USAGE
            click.echo(f"nwx-schema: error: cannot write {output}: {err.strerror or err}", err=True)
    if code != EXIT_OK:
        if output != "-":
            click.echo(f"nwx-schema: {output} left unchanged", err=True)
        sys.exit(code)
    if checkpoint is not None and export.last_mark is not None:
        saved = export.last_mark.encode("utf-8") + b"\n"
        try:
            _replace_atomically(checkpoint, lambda stream: stream.write(saved))
        except OSError as err:
            fail(f"cannot write the checkpoint {checkpoint}: {err.strerror or err}")
    if not quiet:
        where = "standard output" if output == "-" else output
        kind = "search" if search is not None else "enum"
        click.echo(
            f"nwx-schema fetch: {export.records:,} record{'s' if export.records != 1 else ''} in "
            f"{export.pages_read} page{'s' if export.pages_read != 1 else ''} ({kind}) written to {where}",
            err=True,
        )
    sys.exit(EXIT_OK)
