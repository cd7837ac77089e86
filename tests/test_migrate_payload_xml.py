"""Payload migration of XML documents: edited in place, everything else kept as written."""

from __future__ import annotations

import codecs

import pytest

from nwx_schema.migration import migrate

NS = "http://schemas.netwrix.com/api/v1/activity_records/"
REQUIRED = (
    "<Who>CORP\\jdoe</Who><Action>Added</Action><What>w</What>"
    "<When>2017-02-10T14:46:00Z</When><Where>fs01</Where><ObjectType>File</ObjectType>"
)


def records(*bodies: str, decl: str = '<?xml version="1.0" encoding="UTF-8"?>\n') -> str:
    inner = "".join(f"  <ActivityRecord>{REQUIRED}{b}</ActivityRecord>\n" for b in bodies)
    return f'{decl}<ActivityRecordList xmlns="{NS}">\n{inner}</ActivityRecordList>\n'


def test_migrate_xml_wraps_managed_object_and_renames_audited_system_in_place() -> None:
    src = records("<AuditedSystem>Custom &amp; App</AuditedSystem><ManagedObject>Plan &#13;A</ManagedObject>")

    m = migrate(src)

    assert m.ok and m.changed
    assert m.text == records(
        "<DataSource>Custom &amp; App</DataSource><MonitoringPlan><Name>Plan &#13;A</Name></MonitoringPlan>"
    )
    assert [(c.code, c.pointer, c.line) for c in m.changes] == [
        ("NWX810", "/0/DataSource", 3),
        ("NWX811", "/0/MonitoringPlan/Name", 3),
    ]
    assert m.changes[0].column == 3 + len("<ActivityRecord>" + REQUIRED)


def test_migrate_xml_keeps_prefix_comments_declaration_and_crlf() -> None:
    src = (
        "<?xml version='1.0' encoding='utf-8' standalone='yes' ?>\r\n"
        f'<!-- exported -->\r\n<n:ActivityRecordList xmlns:n="{NS}">\r\n'
        f"  <n:ActivityRecord>{REQUIRED.replace('<', '<n:').replace('<n:/', '</n:')}\r\n"
        "    <n:ManagedObject >P</n:ManagedObject ><!-- plan -->\r\n"
        "  </n:ActivityRecord>\r\n</n:ActivityRecordList>"
    )

    m = migrate(src)

    assert m.ok, m.report.issues
    assert m.text == src.replace(
        "<n:ManagedObject >P</n:ManagedObject >",
        "<n:MonitoringPlan ><n:Name>P</n:Name></n:MonitoringPlan >",
    )


@pytest.mark.parametrize(
    ("codec", "bom"),
    [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-8", codecs.BOM_UTF8), ("utf-16-be", codecs.BOM_UTF16_BE)],
)
def test_migrate_xml_writes_back_in_the_original_encoding_and_bom(codec: str, bom: bytes) -> None:
    decl = '<?xml version="1.0" encoding="UTF-16"?>\n' if codec.startswith("utf-16") else ""
    src = records("<ManagedObject>Jörg's plan 日本</ManagedObject>", decl=decl)

    m = migrate(bom + src.encode(codec))

    assert m.ok, m.report.issues
    expected = records("<MonitoringPlan><Name>Jörg's plan 日本</Name></MonitoringPlan>", decl=decl)
    assert m.document == bom + expected.encode(codec)


def test_migrate_xml_locates_edits_after_non_ascii_text() -> None:
    src = records("<Workstation>日本語 ✓ 𝄞</Workstation><ManagedObject>P</ManagedObject>")

    m = migrate(src)

    assert m.text == records(
        "<Workstation>日本語 ✓ 𝄞</Workstation><MonitoringPlan><Name>P</Name></MonitoringPlan>"
    )
    assert m.changes[0].column == src.splitlines()[2].index("<ManagedObject>") + 1


def test_migrate_xml_declared_single_byte_encoding_uses_character_references_for_new_text() -> None:
    src = records("<ManagedObject>Café</ManagedObject>", decl='<?xml version="1.0" encoding="ISO-8859-1"?>\n')

    m = migrate(src.encode("latin-1"), plan_map={"Café": "Café €"})

    assert m.ok, m.report.issues
    expected = records(
        "<MonitoringPlan><Name>Café &#8364;</Name></MonitoringPlan>",
        decl='<?xml version="1.0" encoding="ISO-8859-1"?>\n',
    )
    assert m.document == expected.encode("latin-1")
    assert [c.code for c in m.changes] == ["NWX812", "NWX811"]


def test_migrate_xml_adds_item_with_the_siblings_indentation() -> None:
    src = (
        f'<ActivityRecordList xmlns="{NS}">\n  <ActivityRecord>\n'
        + "".join(f"    {line}\n" for line in REQUIRED.replace("><", ">\n<").splitlines())
        + "    <ManagedObject>P</ManagedObject>\n    <Workstation>ws</Workstation>\n  </ActivityRecord>\n</ActivityRecordList>"
    )

    m = migrate(src, item="HR app & co")

    assert m.ok, m.report.issues
    assert m.text == src.replace(
        "    <ManagedObject>P</ManagedObject>\n",
        "    <MonitoringPlan><Name>P</Name></MonitoringPlan>\n    <Item><Name>HR app &amp; co</Name></Item>\n",
    )
    assert "NWX813" in [c.code for c in m.changes]


def test_migrate_xml_item_goes_to_every_record_of_a_migrated_document_and_never_into_a_9_0_one() -> None:
    current = records("<MonitoringPlan><Name>P</Name></MonitoringPlan>", "<Item><Name>Kept</Name></Item>")
    mixed = records("<MonitoringPlan><Name>P</Name></MonitoringPlan>", "<ManagedObject>Q</ManagedObject>")

    assert migrate(current, item="I").document == current.encode()
    assert migrate(mixed, item="I").text == records(
        "<MonitoringPlan><Name>P</Name></MonitoringPlan><Item><Name>I</Name></Item>",
        "<MonitoringPlan><Name>Q</Name></MonitoringPlan><Item><Name>I</Name></Item>",
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "<AuditedSystem>A &amp; B</AuditedSystem><DetailList><Detail><PropertyName>x</PropertyName></Detail></DetailList>",
            "<DetailList><Detail><PropertyName>x</PropertyName></Detail><Detail><PropertyName>AuditedSystem"
            "</PropertyName><After>A &amp; B</After></Detail></DetailList>",
        ),
        (
            "<AuditedSystem>A</AuditedSystem><Workstation>ws</Workstation>",
            "<DetailList><Detail><PropertyName>AuditedSystem</PropertyName><After>A</After></Detail></DetailList>"
            "<Workstation>ws</Workstation>",
        ),
    ],
)
def test_migrate_xml_audited_system_detail_keeps_the_value_as_a_detail(body: str, expected: str) -> None:
    m = migrate(records(body), audited_system="detail")

    assert m.ok, m.report.issues
    assert m.text == records(expected)
    assert [c.code for c in m.changes] == ["NWX814"]


def test_migrate_xml_audited_system_drop_removes_the_element_and_its_line() -> None:
    src = f'<ActivityRecordList xmlns="{NS}">\n  <ActivityRecord>{REQUIRED}\n    <AuditedSystem>A</AuditedSystem>\n  </ActivityRecord>\n</ActivityRecordList>'

    m = migrate(src, audited_system="drop")

    assert m.text == src.replace("\n    <AuditedSystem>A</AuditedSystem>", "")
    assert [c.code for c in m.changes] == ["NWX815"]


def test_migrate_xml_empty_managed_object_is_refused_unless_mapped() -> None:
    src = records("<ManagedObject/>")

    refused = migrate(src)
    mapped = migrate(src, plan_map={"": "Default plan"})

    assert refused.document is None and refused.report.codes() == ["NWX803"]
    assert (refused.report.issues[0].line, refused.report.issues[0].pointer) == (3, "/0/MonitoringPlan")
    assert mapped.text == records("<MonitoringPlan><Name>Default plan</Name></MonitoringPlan>")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ("<ManagedObject>A</ManagedObject><MonitoringPlan><Name>B</Name></MonitoringPlan>", "NWX800"),
        ("<AuditedSystem>A</AuditedSystem><DataSource>B</DataSource>", "NWX800"),
        ("<ManagedObject><Name>A</Name></ManagedObject>", "NWX804"),
    ],
)
def test_migrate_xml_refuses_conflicts_and_values_it_cannot_carry(body: str, code: str) -> None:
    m = migrate(records(body))

    assert m.document is None and not m.ok
    assert m.report.codes() == [code]
    assert m.report.issues[0].line == 3 and m.report.issues[0].record == 0
    assert m.changes == []


def test_migrate_xml_output_document_keeps_the_continuation_mark_first() -> None:
    src = (
        f'<ActivityRecordList xmlns="{NS}"><ContinuationMark>PG5y+/=</ContinuationMark>'
        f"<ActivityRecord><RID>1</RID>{REQUIRED}<ManagedObject>P</ManagedObject></ActivityRecord></ActivityRecordList>"
    )

    m = migrate(src)

    assert m.ok, m.report.issues
    assert m.report.kind == "output"
    assert m.text == src.replace(
        "<ManagedObject>P</ManagedObject>", "<MonitoringPlan><Name>P</Name></MonitoringPlan>"
    )
    assert m.changes[0].pointer == "/ActivityRecordList/0/MonitoringPlan/Name"


def test_migrate_xml_search_filters_are_renamed_with_value_and_operator_unchanged() -> None:
    src = (
        f'<ActivityRecordSearch xmlns="{NS}"><FilterList>'
        '<ManagedObject Operator="StartsWith">Old</ManagedObject><ManagedObject>Other</ManagedObject>'
        "<AuditedSystem>Active Directory</AuditedSystem><Action>Added</Action></FilterList></ActivityRecordSearch>"
    )

    m = migrate(src, plan_map={"Old": "New"})

    assert m.ok, m.report.issues
    assert m.text == (
        f'<ActivityRecordSearch xmlns="{NS}"><FilterList>'
        '<MonitoringPlan Operator="StartsWith">New</MonitoringPlan><MonitoringPlan>Other</MonitoringPlan>'
        "<DataSource>Active Directory</DataSource><Action>Added</Action></FilterList></ActivityRecordSearch>"
    )
    assert [(c.code, c.xpath) for c in m.changes] == [
        ("NWX817", "/ActivityRecordSearch/FilterList/MonitoringPlan[1]"),
        ("NWX812", "/ActivityRecordSearch/FilterList/MonitoringPlan[1]"),
        ("NWX817", "/ActivityRecordSearch/FilterList/MonitoringPlan[2]"),
        ("NWX817", "/ActivityRecordSearch/FilterList/DataSource"),
    ]


def test_migrate_xml_search_with_both_plan_filters_is_a_conflict() -> None:
    src = (
        f'<ActivityRecordSearch xmlns="{NS}"><FilterList><ManagedObject>A</ManagedObject>'
        "<MonitoringPlan>B</MonitoringPlan></FilterList></ActivityRecordSearch>"
    )

    assert migrate(src).report.codes() == ["NWX800"]


@pytest.mark.parametrize(
    "src",
    [
        f'<ContinuationMark xmlns="{NS}">PG5y</ContinuationMark>',
        '<ErrorList xmlns="http://schemas.netwrix.com/api/v1/"><Error><Category>XMLError</Category>'
        "<Description>ManagedObject</Description></Error></ErrorList>",
        records("<MonitoringPlan><Name>P</Name><ID>{1}</ID></MonitoringPlan>"),
    ],
)
def test_migrate_xml_leaves_documents_with_nothing_to_migrate_byte_for_byte(src: str) -> None:
    data = b"\xef\xbb\xbf" + src.encode("utf-8")

    m = migrate(data, item="ignored for 9.0 records")

    assert m.ok and not m.changed and m.document == data and m.changes == []


def test_migrate_xml_to_8_5_refuses_each_loss_and_allow_loss_drops_them() -> None:
    src = records(
        "<DataSource>D</DataSource><MonitoringPlan>\n    <Name>P</Name>\n    <ID>{42}</ID>\n  </MonitoringPlan>",
        "<MonitoringPlan><Name>Q</Name></MonitoringPlan><Item><Name>HR</Name></Item>",
    )

    refused = migrate(src, to="8.5")
    allowed = migrate(src, to="8.5", allow_loss=True)

    assert refused.document is None
    assert [(i.code, i.pointer) for i in refused.report.issues] == [
        ("NWX801", "/0/MonitoringPlan/ID"),
        ("NWX801", "/1/Item"),
    ]
    assert "{42}" in refused.report.issues[0].message and "'HR'" in refused.report.issues[1].message
    assert allowed.ok, allowed.report.issues
    assert allowed.text == records(
        "<AuditedSystem>D</AuditedSystem><ManagedObject>P</ManagedObject>",
        "<ManagedObject>Q</ManagedObject>",
    )
    assert [c.code for c in allowed.changes].count("NWX816") == 2


def test_migrate_xml_to_8_5_search_item_filter_is_a_loss() -> None:
    src = (
        f'<ActivityRecordSearch xmlns="{NS}"><FilterList><MonitoringPlan>P</MonitoringPlan>'
        "<Item>HR</Item></FilterList></ActivityRecordSearch>"
    )

    assert migrate(src, to="8.5").report.codes() == ["NWX801"]
    assert migrate(src, to="8.5", allow_loss=True).text == (
        f'<ActivityRecordSearch xmlns="{NS}"><FilterList><ManagedObject>P</ManagedObject></FilterList></ActivityRecordSearch>'
    )


@pytest.mark.parametrize(
    ("data", "code", "line"),
    [
        (b"", "NWX100", None),
        (b"Who=jdoe", "NWX101", None),
        (f'<ActivityRecordList xmlns="{NS}">\n<ActivityRecord>\n</ActivityRecordList>'.encode(), "NWX102", 3),
        (f'<!DOCTYPE x [<!ENTITY e "x">]>\n<ActivityRecordList xmlns="{NS}"/>'.encode(), "NWX106", 1),
        (b'<?xml version="1.0" encoding="utf-8"?><a>\xff</a>', "NWX109", None),
    ],
)
def test_migrate_xml_unreadable_input_is_a_located_finding_not_an_exception(
    data: bytes, code: str, line: int | None
) -> None:
    m = migrate(data)

    assert m.document is None and not m.ok
    assert m.report.codes() == [code]
    assert m.report.issues[0].line == line


def test_migrate_xml_result_that_is_not_valid_9_0_is_refused_with_the_findings() -> None:
    src = records("<ManagedObject>P</ManagedObject>").replace("<When>2017-02-10T14:46:00Z</When>", "")

    m = migrate(src)

    assert m.document is None and m.changes == []
    assert m.report.codes()[0] == "NWX802"
    assert ("NWX300", "/0/When") in [(i.code, i.pointer) for i in m.report.issues]


def test_migrate_xml_kind_given_decides_between_input_and_output_records() -> None:
    src = f'<ActivityRecordList xmlns="{NS}"><ActivityRecord>{REQUIRED}<ManagedObject>P</ManagedObject></ActivityRecord></ActivityRecordList>'

    as_output = migrate(src, kind="output")
    as_input = migrate(src)

    assert as_output.ok and as_output.report.kind == "output"
    assert [c.pointer for c in as_output.changes] == ["/ActivityRecordList/0/MonitoringPlan/Name"]
    assert as_input.report.kind == "input" and [c.pointer for c in as_input.changes] == [
        "/0/MonitoringPlan/Name"
    ]
