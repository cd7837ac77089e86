"""The codes table: Markdown rendered from :data:`nwx_schema.codes.CATALOGUE`.

``docs/codes.md`` is this module's output and is never edited by hand; a test fails when
it is stale. The package renders the same table on the fly for
``nwx-schema explain --all --output-format markdown``, so an installed copy needs no
documentation files.

Regenerate with ``python -m nwx_schema.catalogue docs/codes.md`` (``--check`` only
compares, and exits 1 when the file differs).
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from typing import Final

from nwx_schema.codes import CATALOGUE, Code

#: code prefix -> what the range covers.
RANGES: Final[dict[str, str]] = {
    "NWX1": "reading: bytes, encodings, syntax, security",
    "NWX2": "document structure: root, namespace, kind, envelope",
    "NWX3": "fields of records and other objects (the schema rules)",
    "NWX4": "values beyond the schema (Action, When, PowerShell artefacts)",
    "NWX5": "search parameters",
    "NWX6": "the API reference's advice and limits",
    "NWX7": "conversion",
    "NWX8": "migration",
}

HEADER: Final = "| Code | Severity | Title | Meaning | Example | How to fix |\n|---|---|---|---|---|---|\n"


def _cell(text: str) -> str:
    """Table-cell text: pipes escaped, line breaks flattened."""
    return " ".join(text.split()).replace("|", "\\|")


def _code_span(text: str) -> str:
    """``text`` as an inline code span, whatever backticks it holds."""
    text = " ".join(text.split()).replace("|", "\\|")
    fence = "`"
    while fence in text:
        fence += "`"
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def table_row(entry: Code) -> str:
    """One line of the table (with its newline)."""
    return (
        f"| {entry.code} | {entry.severity} | {_cell(entry.title)} | {_cell(entry.meaning)} "
        f"| {_code_span(entry.example)} | {_cell(entry.fix)} |\n"
    )


def render_table(entries: Iterable[Code]) -> str:
    """The table of some entries, in code order."""
    return HEADER + "".join(table_row(e) for e in sorted(entries, key=lambda e: e.code))


def render_markdown() -> str:
    """The whole ``docs/codes.md`` document."""
    ranges = "".join(f"- `{prefix}xx`: {text}\n" for prefix, text in RANGES.items())
    return (
        "<!-- Generated from nwx_schema/codes.py by `python -m nwx_schema.catalogue docs/codes.md`."
        " Do not edit. -->\n"
        "# Finding codes\n\n"
        "Every finding of nwx-schema has one of these codes. Codes are stable and never reused;\n"
        "`nwx-schema explain CODE` shows one entry, `nwx-schema validate --ignore CODE` silences one.\n"
        "Errors fail validation (exit code 1); warnings do not, unless `--warnings-as-errors` is given.\n\n"
        f"{ranges}\n"
        f"{render_table(CATALOGUE.values())}"
    )


def write_atomically(path: str, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) through a temporary file in its directory."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".codes-", suffix=".md", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m nwx_schema.catalogue [--check] [PATH]``: write (or check) the table;
    without PATH, print it."""
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    paths = [a for a in args if a != "--check"]
    text = render_markdown()
    if not paths:
        sys.stdout.write(text)
        return 0
    path = paths[0]
    if check:
        try:
            with open(path, encoding="utf-8", newline="") as handle:
                current = handle.read()
        except OSError:
            current = None
        if current != text:
            sys.stderr.write(f"{path} is stale: run python -m nwx_schema.catalogue {path}\n")
            return 1
        return 0
    write_atomically(path, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
