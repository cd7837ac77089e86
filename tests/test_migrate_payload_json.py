"""Payload migration of JSON documents: keys renamed and values wrapped where they stand."""

from __future__ import annotations

import codecs
import json

import pytest

from nwx_schema.migration import migrate

REQUIRED = (
    '"Who": "CORP\\\\jdoe", "Action": "Added", "What": "w", "When": "2017-02-10T14:46:00Z", '
    '"Where": "fs01", "ObjectType": "File"'
)


def test_migrate_json_renames_keys_and_wraps_the_plan_keeping_escapes() -> None:
    src = f'[{{{REQUIRED}, "AuditedSystem": "A\\u0026B\\/C", "ManagedObject": "Plan \\u00e9"}}]'

    m = migrate(src)

    assert m.ok, m.report.issues
    assert (
        m.text
        == f'[{{{REQUIRED}, "DataSource": "A\\u0026B\\/C", "MonitoringPlan": {{"Name": "Plan \\u00e9"}}}}]'
    )
    assert [(c.code, c.pointer, c.line, c.column) for c in m.changes] == [
        ("NWX810", "/0/DataSource", 1, src.index('"AuditedSystem"') + 1),
        ("NWX811", "/0/MonitoringPlan/Name", 1, src.index('"ManagedObject"') + 1),
    ]


@pytest.mark.parametrize(
    ("legacy", "migrated"),
    [
        ('"ManagedObject":"P"', '"MonitoringPlan":{"Name":"P"}'),
        ('"ManagedObject":  "P"', '"MonitoringPlan":  {"Name":  "P"}'),  # PowerShell 5.1 ConvertTo-Json
        ('"ManagedObject" : "P"', '"MonitoringPlan" : {"Name" : "P"}'),
    ],
)
def test_migrate_json_new_objects_follow_the_documents_own_spacing(legacy: str, migrated: str) -> None:
    src = f"[{{{REQUIRED},{legacy}}}]"

    m = migrate(src)

    assert m.text == f"[{{{REQUIRED},{migrated}}}]"


def test_migrate_json_adds_item_after_the_plan_with_the_siblings_indentation() -> None:
    src = (
        '[\r\n    {\r\n        "ManagedObject":  "P",\r\n        '
        + REQUIRED.replace(", ", ",\r\n        ")
        + "\r\n    }\r\n]"
    )

    m = migrate(src, item="HR app")

    assert m.ok, m.report.issues
    assert m.text == src.replace(
        '"ManagedObject":  "P",',
        '"MonitoringPlan":  {"Name":  "P"},\r\n        "Item":  {"Name":  "HR app"},',
    )


@pytest.mark.parametrize(("codec", "bom"), [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-8", codecs.BOM_UTF8)])
def test_migrate_json_writes_back_in_the_original_encoding_and_bom(codec: str, bom: bytes) -> None:
    src = f'[{{{REQUIRED}, "ManagedObject": "Jörg 日本"}}]'

    m = migrate(bom + src.encode(codec))

    assert m.ok, m.report.issues
    assert m.document == bom + src.replace(
        '"ManagedObject": "Jörg 日本"', '"MonitoringPlan": {"Name": "Jörg 日本"}'
    ).encode(codec)


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            ', "AuditedSystem": "A\\u0026B", "DetailList": [{"PropertyName": "x"}]',
            ', "DetailList": [{"PropertyName": "x"}, {"PropertyName": "AuditedSystem", "After": "A\\u0026B"}]',
        ),
        (', "AuditedSystem": "A"', ', "DetailList": [{"PropertyName": "AuditedSystem", "After": "A"}]'),
        (
            ', "DetailList": [], "AuditedSystem": "A"',
            ', "DetailList": [{"PropertyName": "AuditedSystem", "After": "A"}]',
        ),
    ],
)
def test_migrate_json_audited_system_detail_keeps_the_value_as_a_detail(extra: str, expected: str) -> None:
    m = migrate(f"[{{{REQUIRED}{extra}}}]", audited_system="detail")

    assert m.text == f"[{{{REQUIRED}{expected}}}]"
    assert m.ok, m.report.issues


def test_migrate_json_audited_system_drop_removes_the_member_and_its_comma() -> None:
    src = '[\n  {\n    "AuditedSystem": "A",\n    ' + REQUIRED.replace(", ", ",\n    ") + "\n  }\n]"

    m = migrate(src, audited_system="drop")

    assert m.ok, m.report.issues
    assert m.text == src.replace('"AuditedSystem": "A",\n    ', "")


@pytest.mark.parametrize(
    ("member", "code"),
    [
        ('"ManagedObject": ""', "NWX803"),
        ('"ManagedObject": {"Name": "P"}', "NWX804"),
        ('"ManagedObject": null', "NWX804"),
        ('"ManagedObject": "A", "MonitoringPlan": {"Name": "B"}', "NWX800"),
        ('"DataSource": "B", "AuditedSystem": "A"', "NWX800"),
    ],
)
def test_migrate_json_refuses_conflicts_and_values_it_cannot_carry(member: str, code: str) -> None:
    src = f"[\n  {{{REQUIRED}, {member}}}\n]"

    m = migrate(src)

    assert m.document is None and m.changes == []
    assert m.report.codes() == [code]
    assert (m.report.issues[0].line, m.report.issues[0].record) == (2, 0)


def test_migrate_json_duplicate_legacy_key_fails_validation_of_the_result() -> None:
    m = migrate(f'[{{{REQUIRED}, "ManagedObject": "A", "ManagedObject": "B"}}]')

    assert m.document is None
    assert m.report.codes()[0] == "NWX802" and "NWX302" in m.report.codes()


def test_migrate_json_output_envelope_keeps_the_continuation_mark() -> None:
    src = f'{{"ActivityRecordList": [{{"RID": "1", {REQUIRED}, "ManagedObject": "P"}}], "ContinuationMark": "PG5y"}}'

    m = migrate(src)

    assert m.ok, m.report.issues
    assert json.loads(m.text or "")["ActivityRecordList"][0]["MonitoringPlan"] == {"Name": "P"}
    assert m.text == src.replace('"ManagedObject": "P"', '"MonitoringPlan": {"Name": "P"}')


def test_migrate_json_search_renames_filters_and_maps_plans_in_every_value_form() -> None:
    src = (
        '{"ContinuationMark": "PG5y", "FilterList": {"ManagedObject": ["Old", {"NotEqualTo": "Old"}, "Keep"], '
        '"AuditedSystem": {"StartsWith": "Exchange"}}}'
    )

    m = migrate(src, plan_map={"Old": "New"})

    assert m.ok, m.report.issues
    assert m.text == (
        '{"ContinuationMark": "PG5y", "FilterList": {"MonitoringPlan": ["New", {"NotEqualTo": "New"}, "Keep"], '
        '"DataSource": {"StartsWith": "Exchange"}}}'
    )
    assert [c.code for c in m.changes] == ["NWX817", "NWX812", "NWX812", "NWX817"]


@pytest.mark.parametrize(
    "src",
    [
        '"PG5y"',
        '{"ErrorList": [{"Category": "InputError", "Description": "ManagedObject"}]}',
        f"[{{{REQUIRED}}}]",
    ],
)
def test_migrate_json_leaves_documents_with_nothing_to_migrate_byte_for_byte(src: str) -> None:
    m = migrate(src.encode())

    assert m.ok and not m.changed and m.document == src.encode()


def test_migrate_json_to_8_5_flattens_the_plan_and_refuses_losses() -> None:
    src = (
        f'[{{{REQUIRED}, "DataSource": "D", "MonitoringPlan": {{"ID": "{{1}}", "Name": "P"}}}},\n'
        f' {{{REQUIRED}, "MonitoringPlan": {{"Name": "Q"}}, "Item": {{"Name": "HR"}}}}]'
    )

    refused = migrate(src, to="8.5")
    allowed = migrate(src, to="8.5", allow_loss=True)

    assert [(i.code, i.pointer, i.line) for i in refused.report.issues] == [
        ("NWX801", "/0/MonitoringPlan/ID", 1),
        ("NWX801", "/1/Item", 2),
    ]
    assert allowed.ok, allowed.report.issues
    assert allowed.text == (
        f'[{{{REQUIRED}, "AuditedSystem": "D", "ManagedObject": "P"}},\n {{{REQUIRED}, "ManagedObject": "Q"}}]'
    )


@pytest.mark.parametrize(
    ("data", "code", "position"),
    [
        (b'[{"Who": "a",}]', "NWX104", (1, 14)),
        (b'[{"Who": "a"}\n  {"Who": "b"}]', "NWX103", (2, 3)),
        (b'[{"Who": "CORP\\jdoe"}]', "NWX103", (1, 10)),
    ],
)
def test_migrate_json_syntax_errors_are_located_findings(
    data: bytes, code: str, position: tuple[int, int]
) -> None:
    m = migrate(data)

    assert m.document is None
    assert m.report.codes() == [code]
    assert (m.report.issues[0].line, m.report.issues[0].column) == position
