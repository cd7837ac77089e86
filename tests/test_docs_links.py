"""The user guide is complete and its links work: every page is reachable from the index,
every relative link and anchor resolves, and every command, public testing helper,
strategy, plugin option and Action input is documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from nwx_schema import strategies, testing
from nwx_schema.cli import COMMANDS
from tests.conftest import ROOT

DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```$", re.M | re.S)


def _text(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    text = re.sub(r"[`*]", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    prose = FENCE.sub("", _text(page))
    return {slug(m[1]) for m in re.finditer(r"^#+\s+(.+)$", prose, re.M)}


def links(page: Path) -> list[str]:
    return LINK.findall(FENCE.sub("", _text(page)))


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_relative_links_and_anchors_resolve(page: Path) -> None:
    broken = []
    for target in links(page):
        if re.match(r"^[a-z]+:", target):  # https:, mailto:
            continue
        path_part, _, anchor = target.partition("#")
        destination = (page.parent / path_part).resolve() if path_part else page
        if not destination.exists():
            broken.append(f"{target}: no such file")
        elif anchor and destination.suffix == ".md" and anchor not in anchors(destination):
            broken.append(f"{target}: no heading #{anchor}")
    assert not broken, f"{page.name}: {broken}"


def test_every_page_is_linked_from_the_index() -> None:
    linked = {target.partition("#")[0] for target in links(DOCS / "index.md")}
    assert {p.name for p in PAGES} - {"index.md"} <= linked


def test_every_command_has_an_example() -> None:
    shown = "\n".join(_text(p) for p in PAGES)
    for command in COMMANDS:
        assert re.search(rf"^\$ .*nwx-schema {re.escape(command)}\b", shown, re.M), command


def test_every_testing_helper_and_strategy_is_documented() -> None:
    page = _text(DOCS / "testing.md")
    for name in [*testing.__all__, *strategies.__all__]:
        if name != "PayloadValidator":  # the fixture's type, documented as nwx_validate
            assert f"`{name}" in page or f"{name}(" in page, name
    for option in testing.INI_OPTIONS:
        assert option in page, option
    assert "nwx_validate" in page


def test_every_action_input_is_documented() -> None:
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    page = _text(DOCS / "ci.md")
    for name in action["inputs"]:
        assert f"| `{name}` |" in page, name
    for name in action["outputs"]:
        assert f"`{name}`" in page, name


def test_slugs_follow_github() -> None:
    assert slug("GitHub Actions") == "github-actions"
    assert slug("`assert_valid_payload`") == "assert_valid_payload"
    assert slug("schema and explain") == "schema-and-explain"
    assert slug("Property-test a parser") == "property-test-a-parser"
