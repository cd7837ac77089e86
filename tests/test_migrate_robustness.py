"""Migration never raises on bad input: arbitrary bytes and text become findings (payloads)
or are left alone or rewritten consistently (scripts)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from nwx_schema.migration import migrate
from nwx_schema.migration.scripts import LANGUAGE_NAMES, migrate_script

_LEGACY_BITS = st.sampled_from(
    [
        "ManagedObject", "AuditedSystem", "<ManagedObject>", "</ManagedObject>", "<ManagedObject/>", '"ManagedObject":',
        "ManagedObject =", ".ManagedObject", "['ManagedObject']", "@{", "{", "}", "(", ")", "[", "]", '"', "'", "`",
        "$(", "${", "#", "//", "/*", "*/", "<#", "#>", '@"\n', '\n"@', "\n", " = ", ": ", ",", ";", "\\",
        "FilterList", "ConvertTo-Json", "-Depth 2", "https://na01:9699/netwrix/api/v1/activity_records/",
    ]
)  # fmt: skip
SCRIPTISH = st.lists(st.one_of(_LEGACY_BITS, st.text(max_size=5)), max_size=40).map("".join)


@given(st.binary(max_size=300))
@example(b"<ActivityRecordList><ActivityRecord><ManagedObject>")
@example(b'[{"ManagedObject": "a", "ManagedObject": "b"}]')
@example(b"\xff\xfe<\x00")
def test_migrate_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    m = migrate(data)

    assert m.document is None or m.report.valid
    assert m.document is not None or not m.ok


@given(SCRIPTISH, st.sampled_from(sorted(LANGUAGE_NAMES)))
@example("0\x00", "csharp")  # text given as str is never sniffed as BOM-less UTF-16
@example("\"FilterList</ManagedObject>", "csharp")  # a lone end tag rewritten is listed too
def test_migrate_script_never_raises_and_only_touches_legacy_places(text: str, language: str) -> None:
    result = migrate_script(text, language=language)

    if not result.changed:
        assert result.text == text
    else:
        assert result.changes, "a rewrite is always listed"
        assert "ManagedObject" in text or "AuditedSystem" in text


def test_a_str_naming_a_file_is_read_as_that_file_like_validate(tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(
        '[{"Who": "a", "Action": "Read", "What": "w", "When": "2024-01-01T00:00:00Z", "Where": "h",'
        ' "ObjectType": "o", "ManagedObject": "Plan"}]',
        encoding="utf-8",
    )
    by_str, by_path = migrate(str(path)), migrate(path)
    assert by_str.text is not None and by_str.text == by_path.text
    assert '"MonitoringPlan": {"Name": "Plan"}' in by_str.text


def test_an_empty_xml_page_is_output_and_needs_no_migration() -> None:
    page = b'<ActivityRecordList xmlns="http://schemas.netwrix.com/api/v1/activity_records/"/>'
    outcome = migrate(page)
    assert outcome.report.kind == "output" and outcome.report.valid
