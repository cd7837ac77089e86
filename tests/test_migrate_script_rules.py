"""Script migration rules, language by language: what is rewritten, and what is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from nwx_schema.migration.scripts import about_api, migrate_script

API = "https://na01:9699/netwrix/api/v1/activity_records/"


def rewrite(text: str, language: str) -> tuple[str, list[tuple[int, str]]]:
    result = migrate_script(text, language=language)
    notes = [
        (i.line or 0, i.code)
        for i in sorted([*result.changes, *result.findings], key=lambda i: (i.line, i.column))
    ]
    return result.text, notes


# -- PowerShell ---------------------------------------------------------------------------


def test_powershell_hashtable_on_one_line_gets_a_nested_plan_and_depth() -> None:
    src = f"$u = '{API}'\n$r = @{{ Who = $w; Action = 'Added'; ManagedObject = $p; When = $t }}\n$r | ConvertTo-Json\n"

    text, notes = rewrite(src, "powershell")

    assert text == (
        f"$u = '{API}'\n$r = @{{ Who = $w; Action = 'Added'; MonitoringPlan = @{{ Name = $p }}; When = $t }}\n"
        "$r | ConvertTo-Json -Depth 10\n"
    )
    assert notes == [(2, "NWX820"), (3, "NWX821")]


@pytest.mark.parametrize(
    ("call", "expected", "code"),
    [
        ("ConvertTo-Json -Depth 2", "ConvertTo-Json -Depth 10", "NWX821"),
        ("ConvertTo-Json -Dep:1 -Compress", "ConvertTo-Json -Dep:10 -Compress", "NWX821"),
        ("ConvertTo-Json -depth 20", "ConvertTo-Json -depth 20", None),
        ("ConvertTo-Json -Depth $depth", "ConvertTo-Json -Depth $depth", "NWX822"),
        ("ConvertTo-Json @jsonOptions", "ConvertTo-Json @jsonOptions", "NWX822"),
    ],
)
def test_powershell_convertto_json_depth_is_raised_kept_or_reported(
    call: str, expected: str, code: str | None
) -> None:
    src = f"# {API}\n$r = @{{ Who = $w; Action = 'Added'; ManagedObject = $p }}\n$body = $r | {call}\n"

    text, notes = rewrite(src, "powershell")

    assert text.splitlines()[2] == f"$body = $r | {expected}"
    assert [c for line, c in notes if line == 3] == ([code] if code else [])


def test_powershell_depth_is_left_alone_in_scripts_that_build_no_record() -> None:
    src = f"# {API}\nforeach ($r in $page) {{ $r.ManagedObject }}\n$page | ConvertTo-Json\n"

    text, _ = rewrite(src, "powershell")

    assert text == f"# {API}\nforeach ($r in $page) {{ $r.MonitoringPlan.Name }}\n$page | ConvertTo-Json\n"


def test_powershell_property_reads_writes_and_compound_assignments() -> None:
    src = (
        f"# {API}\n$a = $r.ManagedObject.ToUpper()\n$r.ManagedObject = $plan ; $b = 1\n"
        "$r.ManagedObject += 'x'\n$r.AuditedSystem = 'CRM'\n"
    )

    text, notes = rewrite(src, "powershell")

    assert text == (
        f"# {API}\n$a = $r.MonitoringPlan.Name.ToUpper()\n$r.MonitoringPlan = @{{ Name = $plan }} ; $b = 1\n"
        "$r.ManagedObject += 'x'\n$r.DataSource = 'CRM'\n"
    )
    assert notes == [(2, "NWX820"), (3, "NWX820"), (4, "NWX822"), (5, "NWX820")]


def test_powershell_here_string_tags_keep_prefix_attributes_and_interpolation() -> None:
    src = (
        f'$xml = @"\n<nwx:ActivityRecordList xmlns:nwx="{API}">\n'
        '<nwx:ManagedObject xml:space="preserve">$($cfg.Plan)</nwx:ManagedObject>\n'
        '<ManagedObject/>\n</nwx:ActivityRecordList>\n"@\n'
    )

    text, notes = rewrite(src, "powershell")

    assert text == src.replace(
        '<nwx:ManagedObject xml:space="preserve">$($cfg.Plan)</nwx:ManagedObject>',
        '<nwx:MonitoringPlan xml:space="preserve"><nwx:Name>$($cfg.Plan)</nwx:Name></nwx:MonitoringPlan>',
    )
    assert notes == [(3, "NWX820"), (4, "NWX822")]


def test_powershell_search_template_filters_are_renamed_not_wrapped() -> None:
    src = (
        f'$body = @\'\n<ActivityRecordSearch xmlns="{API}"><FilterList>\n'
        '<ManagedObject Operator="Equals">Plan</ManagedObject>\n</FilterList></ActivityRecordSearch>\n'
        "'@\n$rec = '<ActivityRecord><ManagedObject>P</ManagedObject></ActivityRecord>'\n"
    )

    text, _ = rewrite(src, "powershell")

    assert '<MonitoringPlan Operator="Equals">Plan</MonitoringPlan>' in text
    assert "<MonitoringPlan><Name>P</Name></MonitoringPlan>" in text


def test_powershell_hashtable_that_is_neither_record_nor_filter_list_is_reported() -> None:
    src = f"# {API}\n$o = [pscustomobject]@{{ ManagedObject = $p }}\n"

    text, notes = rewrite(src, "powershell")

    assert text == src
    assert notes == [(2, "NWX822")]


# -- Python ---------------------------------------------------------------------------------


def test_python_get_with_and_without_default_and_attribute_access() -> None:
    src = f"URL = '{API}'\na = rec.get('ManagedObject')\nb = rec.get(\"ManagedObject\", 'n/a')\nc = rec.ManagedObject\n"

    text, notes = rewrite(src, "python")

    assert text == (
        f"URL = '{API}'\na = rec.get('MonitoringPlan', {{}}).get('Name')\n"
        'b = rec.get("MonitoringPlan", {}).get("Name", \'n/a\')\nc = rec.ManagedObject\n'
    )
    assert notes == [(2, "NWX820"), (3, "NWX820"), (4, "NWX822")]


def test_python_json_inside_f_strings_and_triple_quotes_keeps_braces_escaped() -> None:
    src = (
        f"URL = '{API}'\n"
        'one = f\'[{{"Who": "{who}", "ManagedObject": "{plan}"}}]\'\n'
        'two = """[{"Who": "%s", "ManagedObject": "%s"}]""" % (who, plan)\n'
    )

    text, _ = rewrite(src, "python")

    assert text.splitlines()[1] == 'one = f\'[{{"Who": "{who}", "MonitoringPlan": {{"Name": "{plan}"}}}}]\''
    assert (
        text.splitlines()[2] == 'two = """[{"Who": "%s", "MonitoringPlan": {"Name": "%s"}}]""" % (who, plan)'
    )


def test_python_dict_call_keywords_and_index_writes() -> None:
    src = f"URL = '{API}'\nr = dict(Who=w, Action='Added', ManagedObject=p)\nr['ManagedObject'] = q  # set\n"

    text, _ = rewrite(src, "python")

    assert text == (
        f"URL = '{API}'\nr = dict(Who=w, Action='Added', MonitoringPlan={{\"Name\": p}})\n"
        "r['MonitoringPlan'] = {'Name': q}  # set\n"
    )


# -- JavaScript / TypeScript -----------------------------------------------------------------


def test_javascript_member_access_in_a_file_importing_a_class_of_that_name_is_reported() -> None:
    src = f"import {{ ManagedObject }} from './pool';\nconst url = '{API}';\nconst p = r.ManagedObject;\n"

    text, notes = rewrite(src, "javascript")

    assert text == src
    assert notes == [(3, "NWX822")]


def test_javascript_quoted_keys_keep_their_quotes() -> None:
    src = f"const url = '{API}';\nconst r = {{ 'Who': w, 'Action': 'Added', 'ManagedObject': p }};\n"

    text, _ = rewrite(src, "javascript")

    assert (
        text.splitlines()[1] == "const r = { 'Who': w, 'Action': 'Added', 'MonitoringPlan': { 'Name': p } };"
    )


# -- C# -------------------------------------------------------------------------------------


def test_csharp_verbatim_json_and_typed_initializers() -> None:
    src = (
        f'const string Url = "{API}";\n'
        'var json = @"[{""Who"": ""a"", ""ManagedObject"": ""P""}]";\n'
        "var rec = new LegacyRecord { Who = w, Action = a, ManagedObject = p };\n"
    )

    text, notes = rewrite(src, "csharp")

    assert text.splitlines()[1] == 'var json = @"[{""Who"": ""a"", ""MonitoringPlan"": {""Name"": ""P""}}]";'
    assert text.splitlines()[2] == "var rec = new LegacyRecord { Who = w, Action = a, ManagedObject = p };"
    assert notes == [(2, "NWX820"), (3, "NWX822")]


# -- shell ----------------------------------------------------------------------------------


def test_shell_quoted_here_doc_and_comments() -> None:
    src = (
        f"#!/bin/sh\n# ManagedObject is the plan\ncurl -d @- '{API}' <<'EOF'\n"
        '[{"Who": "a", "ManagedObject": "$PLAN"}]\nEOF\n'
    )

    text, notes = rewrite(src, "shell")

    assert text.splitlines()[3] == '[{"Who": "a", "MonitoringPlan": {"Name": "$PLAN"}}]'
    assert notes == [(2, "NWX823"), (4, "NWX820")]


# -- scope and encodings --------------------------------------------------------------------


def test_scope_record_structure_without_any_endpoint_counts_as_api() -> None:
    assert about_api("$r = @{\n  Who = $u\n  Action = 'Added'\n  When = $t\n}\n")
    assert not about_api("$r = @{ Who = $u }\n# What When Where\n")


def test_plural_and_longer_names_are_never_touched() -> None:
    src = f"# {API}\n$x.ManagedObjects; $y.AuditedSystems; $z.LegacyAuditSystems; $w.MyManagedObject\n"

    text, notes = rewrite(src, "powershell")

    assert text == src and notes == []


def test_windows_1252_script_without_bom_is_written_back_byte_for_byte(tmp_path: Path) -> None:
    src = (
        f"# Jörg's add-on ({API})\n$r = @{{ Who = 'CORP\\Jörg'; Action = 'Added'; ManagedObject = 'Büro' }}\n"
    )
    path = tmp_path / "addon.ps1"
    path.write_bytes(src.encode("cp1252"))

    result = migrate_script(path)

    expected = src.replace("ManagedObject = 'Büro'", "MonitoringPlan = @{ Name = 'Büro' }")
    assert result.document == expected.encode("cp1252")


def test_unknown_language_and_unknown_file_type_are_misuse(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("ManagedObject", encoding="utf-8")

    with pytest.raises(ValueError, match="unknown language"):
        migrate_script("x", language="cobol")
    with pytest.raises(ValueError, match="not a script"):
        migrate_script(notes)


@pytest.mark.parametrize(
    ("body", "expected", "code"),
    [
        ('{"ManagedObject": "P"}', '{"ManagedObject": "P"}', "NWX822"),
        ('[{"Who": "a", "ManagedObject": "P"}]', '[{"Who": "a", "MonitoringPlan": {"Name": "P"}}]', "NWX820"),
        (
            '{"Who": "a", "Action": "Read", "ManagedObject": "P"}',
            '{"Who": "a", "Action": "Read", "MonitoringPlan": {"Name": "P"}}',
            "NWX820",
        ),
        ('{"Before": "x", "ManagedObject": "P"}', '{"Before": "x", "MonitoringPlan": "P"}', "NWX820"),
        (
            '{"FilterList": {"Who": "a", "ManagedObject": "P"}}',
            '{"FilterList": {"Who": "a", "MonitoringPlan": "P"}}',
            "NWX820",
        ),
    ],
)
def test_json_inside_a_string_is_wrapped_only_in_records(body: str, expected: str, code: str) -> None:
    src = f"# {API}\n$body = '{body}'\n"

    text, notes = rewrite(src, "powershell")

    assert text == f"# {API}\n$body = '{expected}'\n"
    assert notes == [(2, code)]


@pytest.mark.parametrize(
    ("language", "src"),
    [
        (
            "json",
            '[{"Who": "a", "Action": "Added", "What": "w", "When": "2024-01-01T00:00:00Z", "Where": "h",'
            ' "ObjectType": "o", "DetailList": [{"PropertyName": "AuditedSystem", "After": "x"}]}]\n',
        ),
        ("python", f"URL = '{API}'\ndetail = {{'PropertyName': 'AuditedSystem', 'After': value}}\n"),
        ("powershell", f"$u = '{API}'\n$d = @{{ PropertyName = 'AuditedSystem'; After = $v }}\n"),
    ],
)
def test_a_detail_named_after_the_legacy_field_is_data_and_stays(language: str, src: str) -> None:
    """What `migrate --audited-system detail` writes must survive `migrate-script --check`."""
    text, notes = rewrite(src, language)
    assert text == src
    assert notes == []
