"""``nwx-schema explain [CODE | --all]``: what a finding code means and how to fix it."""

from __future__ import annotations

import json

import click

from nwx_schema.codes import CATALOGUE, Code
from nwx_schema.codes import explain as lookup


def _as_dict(entry: Code) -> dict[str, str]:
    return {
        "code": entry.code,
        "severity": entry.severity,
        "title": entry.title,
        "meaning": entry.meaning,
        "example": entry.example,
        "fix": entry.fix,
    }


def _as_text(entry: Code) -> str:
    return (
        f"{entry.code} ({entry.severity}): {entry.title}\n\n{entry.meaning}\n\n"
        f"Example: {entry.example}\nFix: {entry.fix}"
    )


@click.command()
@click.argument("code", required=False)
@click.option("--all", "show_all", is_flag=True, help="Every code in full (the whole table).")
@click.option(
    "--output-format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
)
def explain(code: str | None, show_all: bool, output_format: str) -> None:
    """Explain a finding code such as NWX300; with no code, list them all.

    --all shows every entry in full; with --output-format markdown it prints the
    generated codes table (docs/codes.md).
    """
    if code is not None and show_all:
        raise click.UsageError("give a CODE or --all, not both")
    entries = sorted(CATALOGUE.values(), key=lambda e: e.code)
    if code is not None:
        entry = lookup(code)
        if entry is None:
            raise click.UsageError(f"unknown code {code!r}; `nwx-schema explain` lists them all")
        entries = [entry]

    if output_format == "json":
        payload = [_as_dict(e) for e in entries]
        click.echo(json.dumps(payload if code is None else payload[0], indent=2, ensure_ascii=False))
    elif output_format == "markdown":
        from nwx_schema.catalogue import render_markdown, render_table

        click.echo(render_markdown() if code is None else render_table(entries), nl=False)
    elif code is None and not show_all:
        for e in entries:
            click.echo(f"{e.code}  {e.severity:<7}  {e.title}")
    else:
        click.echo("\n\n".join(_as_text(e) for e in entries))
