"""``python -m nwx_schema.schemagen [--check] [DIR]``: write (or check) ``schemas/``."""

from __future__ import annotations

import sys
from pathlib import Path

from nwx_schema.schemagen import generate_all


def main(argv: list[str]) -> int:
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    root = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "schemas"
    stale = []
    for rel, text in generate_all().items():
        path = root / rel
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(rel)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
    for rel in stale:
        sys.stdout.write(f"{'stale' if check else 'wrote'} {root / rel}\n")
    return 1 if check and stale else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
