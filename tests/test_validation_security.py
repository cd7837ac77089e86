"""Hostile input: entities, DTDs, huge values, deep nesting. Refused quickly, nothing read.

No timed assertions: each case would take many seconds (or the whole memory) if the input
were expanded; that it returns at all on a small budget is the test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nwx_schema.validation import validate

NS = "http://schemas.netwrix.com/api/v1/activity_records/"


def test_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>'
        f'<ActivityRecordList xmlns="{NS}"><ActivityRecord><Who>&xxe;</Who></ActivityRecord></ActivityRecordList>'
    )
    report = validate(doc.encode())
    assert [i.code for i in report.issues] == ["NWX106"]
    assert all("TOP-SECRET" not in i.message for i in report.issues)


def test_billion_laughs_is_refused_before_any_expansion() -> None:
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    doc = f'<?xml version="1.0"?><!DOCTYPE lolz [{entities}]><lolz>&lol9;</lolz>'
    report = validate(doc.encode())
    assert [i.code for i in report.issues] == ["NWX106"]


def test_external_dtd_is_not_fetched() -> None:
    doc = (
        '<?xml version="1.0"?><!DOCTYPE ActivityRecordList SYSTEM "http://203.0.113.1/evil.dtd">'
        f'<ActivityRecordList xmlns="{NS}"/>'
    )
    assert [i.code for i in validate(doc.encode()).issues] == ["NWX106"]


def test_parameter_entities_are_refused() -> None:
    doc = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]><r/>'
    assert [i.code for i in validate(doc.encode()).issues] == ["NWX106"]


def test_huge_text_node_is_refused_without_reading_to_the_end() -> None:
    big = b"A" * (12 * 1024 * 1024)
    doc = f'<ActivityRecordList xmlns="{NS}"><ActivityRecord><What>'.encode() + big + b"</What>"
    report = validate(doc + b"</ActivityRecord></ActivityRecordList>")
    assert [i.code for i in report.issues] == ["NWX112"]


def test_huge_json_string_is_refused() -> None:
    doc = b'[{"What": "' + b"A" * (12 * 1024 * 1024) + b'"}]'
    assert [i.code for i in validate(doc).issues] == ["NWX112"]


@pytest.mark.parametrize(
    "doc",
    [
        b"<a>" * 10_000 + b"</a>" * 10_000,
        b"[" * 100_000 + b"]" * 100_000,
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    ],
)
def test_deep_nesting_is_refused_without_recursion_errors(doc: bytes) -> None:
    report = validate(doc)
    assert "NWX112" in {i.code for i in report.issues}
