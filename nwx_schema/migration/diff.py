"""Unified diffs of a file before and after migration, as ``git diff`` shows them."""

from __future__ import annotations

import difflib
import re

_NO_NEWLINE = "\\ No newline at end of file\n"
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def unified_diff(before: str, after: str, path: str, context: int = 3) -> str:
    """The unified diff from ``before`` to ``after``, with headers ``a/PATH`` and ``b/PATH``.

    Empty when the texts are equal. Line endings are kept as they are in the file; a last
    line without a line ending is marked ``\\ No newline at end of file``.
    """
    if before == after:
        return ""
    name = path.replace("\\", "/").lstrip("/")
    old = _LINES.findall(before)
    new = _LINES.findall(after)
    out: list[str] = []
    for line in difflib.unified_diff(old, new, f"a/{name}", f"b/{name}", n=context):
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\r\n") + "\n")
            continue
        if line.endswith(("\n", "\r")):
            out.append(line)
        else:
            out.append(line + "\n" + _NO_NEWLINE)
    return "".join(out)
