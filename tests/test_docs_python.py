"""The Python examples of ``docs/*.md`` (```` ```pycon ```` blocks) run as doctests, from
a scratch directory holding a copy of ``fixtures/``, and print what the pages show."""

from __future__ import annotations

import doctest
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

DOCS = ROOT / "docs"
BLOCK = re.compile(r"^```pycon\n(.*?)^```$", re.M | re.S)
PAGES = sorted(p for p in DOCS.glob("*.md") if BLOCK.search(p.read_text(encoding="utf-8")))


def test_the_python_api_page_has_examples() -> None:
    assert {"python-api.md", "testing.md"} <= {p.name for p in PAGES}


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_the_python_examples_of_a_page_run(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURES, tmp_path / "fixtures")
    monkeypatch.chdir(tmp_path)
    text = page.read_text(encoding="utf-8")
    examples = "\n".join(match[1] for match in BLOCK.finditer(text))
    parser = doctest.DocTestParser()
    test = parser.get_doctest(examples, {"__name__": "docs"}, page.name, str(page), 0)
    assert test.examples
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    failures: list[str] = []

    def report(out: str) -> None:
        failures.append(out)

    runner.run(test, out=report)
    assert runner.failures == 0, f"{os.path.relpath(page, ROOT)}:\n" + "".join(failures)
