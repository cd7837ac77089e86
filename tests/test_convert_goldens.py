"""Golden pairs: every ``fixtures/pairs/<version>/<kind>/<case>.json`` converts to the
``.xml`` next to it byte for byte, and back, and record documents to the ``.ndjson``.

Regenerate the ``.xml`` and ``.ndjson`` files from the ``.json`` ones with
``NWX_UPDATE_GOLDENS=1 pytest tests/test_convert_goldens.py`` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from nwx_schema.conversion import convert
from nwx_schema.validation import validate
from tests.conftest import FIXTURES

PAIRS = FIXTURES / "pairs"
CASES = sorted(PAIRS.rglob("*.json"))
UPDATE = bool(os.environ.get("NWX_UPDATE_GOLDENS"))


def _id(path: Path) -> str:
    return path.relative_to(PAIRS).with_suffix("").as_posix()


def _meta(path: Path) -> tuple[str, str]:
    return path.parent.parent.name, path.parent.name


def test_there_is_a_pair_for_every_version_and_kind() -> None:
    present = {_meta(path) for path in CASES}
    assert present == {
        (v, k) for v in ("8.5", "9.0") for k in ("input", "output", "search", "continuation", "errors")
    }


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_json_converts_to_the_golden_xml(case: Path) -> None:
    golden = case.with_suffix(".xml")
    text = convert(case, to="xml")
    if UPDATE:
        golden.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == golden.read_bytes()


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_xml_converts_to_the_golden_json(case: Path) -> None:
    assert convert(case.with_suffix(".xml"), to="json").encode("utf-8") == case.read_bytes()


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_goldens_are_valid_and_detected_as_their_version_and_kind(case: Path) -> None:
    version, kind = _meta(case)
    for path in (case, case.with_suffix(".xml")):
        report = validate(path)
        assert report.valid, [i.to_dict() for i in report.errors]
        assert report.kind == kind
        if kind not in ("continuation", "errors"):  # the same in both versions
            assert report.api_version == version


@pytest.mark.parametrize("case", [c for c in CASES if _meta(c)[1] in ("input", "output")], ids=_id)
def test_record_documents_convert_to_the_golden_ndjson(case: Path) -> None:
    golden = case.with_suffix(".ndjson")
    text = convert(case, to="ndjson")
    if UPDATE:
        golden.write_bytes(text.encode("utf-8"))
    assert text.encode("utf-8") == golden.read_bytes()
    assert convert(case.with_suffix(".xml"), to="ndjson") == text
    document = orjson.loads(case.read_bytes())
    records = document if isinstance(document, list) else document["ActivityRecordList"]
    assert [orjson.loads(line) for line in text.split("\n")[:-1]] == records


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_compact_forms_are_the_pretty_ones_without_white_space(case: Path) -> None:
    version, kind = _meta(case)
    compact = convert(case, to="json", pretty=False, api_version=version, kind=kind)
    assert compact.encode("utf-8") == orjson.dumps(orjson.loads(case.read_bytes())) + b"\n"
    compact_xml = convert(case, to="xml", pretty=False)
    assert convert(compact_xml, to="xml") == case.with_suffix(".xml").read_text(encoding="utf-8")
