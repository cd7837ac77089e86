"""The ``nwx-schema`` command: a thin shell over the public Python API.

Subcommands live in their own modules and are imported only when used, so that
``nwx-schema validate one.xml`` does not pay for the converter or the server.

Exit codes: 0 clean, 1 findings in the input, 2 usage or I/O error. No traceback is
ever shown for bad input; set ``NWX_SCHEMA_TRACEBACK=1`` to see one for an internal error.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from typing import Any, Final

import click

from nwx_schema import __version__
from nwx_schema.errors import NwxSchemaError

EXIT_OK: Final = 0
EXIT_FINDINGS: Final = 1
EXIT_USAGE: Final = 2

#: name -> "module:attribute" of each subcommand.
COMMANDS: Final[dict[str, str]] = {
    "validate": "nwx_schema.cli.validate_cmd:validate",
    "convert": "nwx_schema.cli.convert_cmd:convert",
    "roundtrip": "nwx_schema.cli.convert_cmd:roundtrip",
    "migrate": "nwx_schema.cli.migrate_cmd:migrate",
    "migrate-script": "nwx_schema.cli.migrate_script_cmd:migrate_script",
    "schema": "nwx_schema.cli.schema_cmd:schema",
    "explain": "nwx_schema.cli.explain_cmd:explain",
    "serve": "nwx_schema.cli.serve_cmd:serve",
    "report": "nwx_schema.cli.serve_cmd:report",
    "send": "nwx_schema.cli.send_cmd:send",
    "fetch": "nwx_schema.cli.fetch_cmd:fetch",
}


def _available(target: str) -> bool:
    return importlib.util.find_spec(target.split(":")[0]) is not None


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name, target in COMMANDS.items() if _available(target)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None or not _available(target):
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="nwx-schema")
def cli() -> None:
    """Schemas, validation, conversion and migration for Netwrix Auditor
    Integration API Activity Records (API 8.5 and 9.0, products 8.0 to 10.x)."""


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point: run the CLI, turning every failure into an exit code."""
    try:
        return cli.main(args=argv, prog_name="nwx-schema", standalone_mode=True)
    except NwxSchemaError as err:  # misuse that got past click's own checks
        click.echo(f"nwx-schema: error: {err}", err=True)
        sys.exit(EXIT_USAGE)
    except KeyboardInterrupt:
        click.echo("nwx-schema: interrupted", err=True)
        sys.exit(130)
    except Exception as err:  # an internal error: say so, without a traceback
        if os.environ.get("NWX_SCHEMA_TRACEBACK"):
            raise
        click.echo(
            f"nwx-schema: internal error: {type(err).__name__}: {err} "
            "(set NWX_SCHEMA_TRACEBACK=1 to see the traceback, and please report it)",
            err=True,
        )
        sys.exit(EXIT_USAGE)
