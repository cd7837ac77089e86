"""``nwx-schema schema list|show|path``: the bundled XSD and JSON Schema files."""

from __future__ import annotations

import json

import click

from nwx_schema.errors import NwxSchemaError
from nwx_schema.schemas import SCHEMA_FORMATS, list_schemas, load_schema, schema_resource
from nwx_schema.versions import KIND_DESCRIPTIONS, KINDS, VERSION_DESCRIPTIONS, VERSIONS


@click.group()
def schema() -> None:
    """List, print or locate the bundled XSD and JSON Schema files."""


@schema.command("list")
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def list_command(output_format: str) -> None:
    """List every schema: API version, document kind, format and file name."""
    infos = list_schemas()
    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "versions": {v: VERSION_DESCRIPTIONS[v] for v in VERSIONS},
                    "kinds": {k: KIND_DESCRIPTIONS[k] for k in KINDS},
                    "schemas": [
                        {"version": i.version, "kind": i.kind, "format": i.format, "file": i.file_name}
                        for i in infos
                    ],
                },
                indent=2,
            )
        )
        return
    click.echo("API versions (a product release such as 10.7 may be given instead):")
    for version in VERSIONS:
        click.echo(f"  {version}  {VERSION_DESCRIPTIONS[version]}")
    click.echo("\nDocument kinds:")
    for kind in KINDS:
        click.echo(f"  {kind:<13} {KIND_DESCRIPTIONS[kind]}")
    click.echo(f"\n{'VERSION':<8} {'KIND':<13} {'FORMAT':<7} FILE")
    for i in infos:
        click.echo(f"{i.version:<8} {i.kind:<13} {i.format:<7} {i.file_name}")


def _resolve(version: str, kind: str, fmt: str) -> tuple[str, str, str]:
    try:
        schema_resource(version, kind, fmt)
    except NwxSchemaError as err:
        raise click.UsageError(
            f"{err}\nknown versions: {', '.join(VERSIONS)} (or a product release 8.0-8.5, 9.0-10.x); "
            f"known kinds: {', '.join(KINDS)}"
        ) from err
    return version, kind, fmt


_FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(SCHEMA_FORMATS),
    default="xsd",
    show_default=True,
    help="XSD 1.0 or JSON Schema draft 2020-12.",
)


@schema.command("show")
@click.argument("version")
@click.argument("kind")
@_FORMAT
def show_command(version: str, kind: str, fmt: str) -> None:
    """Print the schema of VERSION (8.5, 9.0 or a release such as 10.7) and KIND."""
    _resolve(version, kind, fmt)
    click.echo(load_schema(version, kind, fmt), nl=False)


@schema.command("path")
@click.argument("version")
@click.argument("kind")
@_FORMAT
def path_command(version: str, kind: str, fmt: str) -> None:
    """Print the file path of a schema, e.g. for xmllint --schema or an IDE."""
    _resolve(version, kind, fmt)
    click.echo(str(schema_resource(version, kind, fmt)))
