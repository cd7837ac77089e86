"""``nwx-schema explain CODE``: what a finding code means and how to fix it."""

from __future__ import annotations

import json

import click

from nwx_schema.codes import CATALOGUE
from nwx_schema.codes import explain as lookup


@click.command()
@click.argument("code", required=False)
@click.option("--output-format", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain(code: str | None, output_format: str) -> None:
    """Explain a finding code such as NWX300; with no code, list them all."""
    if code is None:
        entries = list(CATALOGUE.values())
    else:
        entry = lookup(code)
        if entry is None:
            raise click.UsageError(f"unknown code {code!r}; `nwx-schema explain` lists them all")
        entries = [entry]
    if output_format == "json":
        payload = [
            {
                "code": e.code,
                "severity": e.severity,
                "title": e.title,
                "meaning": e.meaning,
                "example": e.example,
                "fix": e.fix,
            }
            for e in entries
        ]
        click.echo(json.dumps(payload if code is None else payload[0], indent=2, ensure_ascii=False))
        return
    if code is None:
        for e in entries:
            click.echo(f"{e.code}  {e.severity:<7}  {e.title}")
        return
    e = entries[0]
    click.echo(f"{e.code} ({e.severity}): {e.title}\n\n{e.meaning}\n\nExample: {e.example}\nFix: {e.fix}")
