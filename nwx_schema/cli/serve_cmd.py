"""``nwx-schema serve`` (a local stand-in of the API) and ``nwx-schema report``."""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
from pathlib import Path

import click

from nwx_schema.cli import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from nwx_schema.errors import NwxSchemaError, UnknownVersionError
from nwx_schema.server.config import DEFAULT_MAX_BODY_MB, DEFAULT_PORT, DEFAULT_STORE
from nwx_schema.versions import resolve_version

_INSTALL_HINT = "nwx-schema serve needs the server extra: pip install 'nwx-schema[server]'"


def _require(*modules: str) -> None:
    missing = [m for m in modules if importlib.util.find_spec(m) is None]
    if missing:
        click.echo(f"nwx-schema: error: {_INSTALL_HINT} (missing: {', '.join(missing)})", err=True)
        sys.exit(EXIT_USAGE)


def _fail(message: str) -> None:
    click.echo(f"nwx-schema: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


_STORE = click.option(
    "--store",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_STORE,
    show_default=True,
    help="SQLite file holding the records and the request log.",
)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True, help="0: any free port."
)
@click.option("--tls", is_flag=True, help="Serve HTTPS with --cert and --key.")
@click.option(
    "--cert", type=click.Path(dir_okay=False, path_type=Path), help="PEM certificate (chain) for --tls."
)
@click.option("--key", type=click.Path(dir_okay=False, path_type=Path), help="PEM private key for --tls.")
@click.option(
    "--tls-self-signed",
    is_flag=True,
    help="Serve HTTPS with a self-signed certificate kept next to the store.",
)
@_STORE
@click.option(
    "--api-version", default="9.0", show_default=True, help="9.0 or 8.5 (or a product release, e.g. 10.7)."
)
@click.option(
    "--max-body-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_MAX_BODY_MB,
    show_default=True,
    help="Larger bodies get 413.",
)
@click.option(
    "--groups",
    "groups_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help='JSON {"GROUP": ["MEMBER", ...]} for the InGroup/NotInGroup operators.',
)
@click.option(
    "--user",
    "users",
    multiple=True,
    metavar="NAME:PASSWORD",
    envvar="NWX_SERVE_USER",
    help="Require Basic authentication with this account (repeatable; env NWX_SERVE_USER).",
)
@click.option("--accept-windows-auth", is_flag=True, help="Accept NTLM and Negotiate without checking them.")
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    default=None,
    help="Processes that validate bodies in parallel [default: the number of cores, at most 4; 0: none, "
    "validate in threads of the server].",
)
@click.option("--quiet", is_flag=True, help="Do not log each request on stderr.")
def serve(
    host: str,
    port: int,
    tls: bool,
    cert: Path | None,
    key: Path | None,
    tls_self_signed: bool,
    store: Path,
    api_version: str,
    max_body_mb: float,
    groups_file: Path | None,
    users: tuple[str, ...],
    accept_windows_auth: bool,
    workers: int | None,
    quiet: bool,
) -> None:
    """Run a local stand-in of the Integration API: records posted are checked exactly as
    `nwx-schema validate` checks them, stored in SQLite, and served by enum and search.

    Stop it with Ctrl-C or SIGTERM; inspect what arrived with `nwx-schema report`.
    """
    if tls_self_signed and (tls or cert or key):
        raise click.UsageError("--tls-self-signed excludes --tls, --cert and --key")
    if tls and not (cert and key):
        raise click.UsageError("--tls needs --cert FILE and --key FILE")
    if (cert or key) and not tls:
        raise click.UsageError("--cert and --key need --tls")
    try:
        version = resolve_version(api_version)
    except UnknownVersionError as err:
        raise click.BadParameter(str(err), param_hint="--api-version") from err
    _require("aiohttp", *(["cryptography"] if tls_self_signed else []))

    from nwx_schema.server.auth import AuthPolicy, parse_basic_user
    from nwx_schema.server.config import ServerConfig
    from nwx_schema.server.groups import Groups, load_groups
    from nwx_schema.server.runner import run
    from nwx_schema.server.tls import self_signed, server_context

    try:
        basic = dict(parse_basic_user(u) for u in users)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="--user") from err
    # The server runs requests in parallel; one body is validated on one core (the
    # validator would otherwise fork a pool of its own for big bodies, from a process
    # that has threads).
    os.environ.setdefault("NWX_SCHEMA_JOBS", "1")
    logging.basicConfig(
        stream=sys.stderr, level=logging.WARNING if quiet else logging.INFO, format="%(message)s"
    )
    try:
        groups = load_groups(groups_file) if groups_file else Groups()
        context = None
        if tls_self_signed:
            made = self_signed(store, host)
            click.echo(
                f"nwx-schema serve: {'generated' if made.generated else 'reusing'} self-signed certificate "
                f"{made.cert} (SHA-1 thumbprint {made.thumbprint}, SHA-256 {made.sha256})",
                err=True,
            )
            context = server_context(made.cert, made.key)
        elif tls and cert and key:
            context = server_context(cert, key)
        config = ServerConfig(
            store=store,
            api_version=version,
            max_body_bytes=int(max_body_mb * 1024 * 1024),
            auth=AuthPolicy(basic, accept_windows_auth),
            groups=groups,
            workers=min(os.cpu_count() or 1, 4) if workers is None else workers,
        )

        def ready(url: str) -> None:
            click.echo(
                f"nwx-schema serve: API {version} stand-in listening on {url} (store {store})", err=True
            )

        run(config, host, port, context, ready)
    except NwxSchemaError as err:
        _fail(str(err))
    click.echo("nwx-schema serve: stopped", err=True)


@click.command()
@_STORE
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--fail-on-rejected", is_flag=True, help="Exit 1 if any request was rejected.")
def report(store: Path, output_format: str, fail_on_rejected: bool) -> None:
    """Summarise what arrived at `nwx-schema serve`: requests, rejected bodies with their
    findings, records per plan, item and action."""
    from nwx_schema.server.reporting import render_text, summarise

    try:
        summary = summarise(store)
    except NwxSchemaError as err:
        _fail(str(err))
    if output_format == "json":
        import json

        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(summary))
    sys.exit(EXIT_FINDINGS if fail_on_rejected and summary["requests"]["rejected"] else EXIT_OK)
