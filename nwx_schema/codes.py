"""The catalogue of finding codes: the single registry behind ``nwx-schema explain``
and the generated table ``docs/codes.md``.

Codes are stable and never reused. Ranges:

* ``NWX1xx`` reading: bytes, encodings, syntax, security;
* ``NWX2xx`` document structure: root, namespace, kind, envelope;
* ``NWX3xx`` fields of records and other objects (the schema rules);
* ``NWX4xx`` values beyond the schema (Action, When, PowerShell artefacts);
* ``NWX5xx`` search parameters;
* ``NWX6xx`` the API reference's advice and limits (warnings);
* ``NWX7xx`` conversion; ``NWX8xx`` migration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from nwx_schema.issues import Severity


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of the catalogue."""

    code: str
    severity: Severity
    title: str
    meaning: str
    example: str
    fix: str


def _c(code: str, severity: Severity, title: str, meaning: str, example: str, fix: str) -> Code:
    return Code(code, severity, title, meaning, example, fix)


CATALOGUE: Final[dict[str, Code]] = {
    c.code: c
    for c in (
        # -- reading ---------------------------------------------------------------------
        _c(
            "NWX100",
            "error",
            "empty document",
            "The file or request body holds nothing but white space.",
            "an empty file",
            "Send the document itself; the API answers an empty body with 400.",
        ),
        _c(
            "NWX101",
            "error",
            "neither XML nor JSON",
            "The content does not start like XML ('<') or JSON ('[', '{' or '\"').",
            "Who=jdoe;Action=Added",
            "Write the payload as XML or as JSON.",
        ),
        _c(
            "NWX102",
            "error",
            "XML is not well-formed",
            "The XML parser stopped: a tag is not closed, an '&' or '<' is not escaped...",
            "<Who>Ally & Sons</Who>",
            "Escape & < > \" ' as &amp; &lt; &gt; &quot; &apos;; close every element.",
        ),
        _c(
            "NWX103",
            "error",
            "JSON syntax error",
            "The JSON parser stopped. The API answers bad JSON with 500 and an empty body.",
            '{"Who": "CORP\\jdoe"}',
            "Fix the syntax at the position given; escape backslashes as \\\\.",
        ),
        _c(
            "NWX104",
            "error",
            "trailing comma in JSON",
            "A comma stands before ']' or '}'. The API does not accept trailing commas.",
            '[{"Who": "jdoe",}]',
            "Remove the comma.",
        ),
        _c(
            "NWX106",
            "error",
            "DTD or entity declaration",
            "The document declares a DTD or entities. Payloads never need one; nwx-schema "
            "never loads or expands it (XXE and entity bombs are refused).",
            '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
            "Remove the DOCTYPE.",
        ),
        _c(
            "NWX107",
            "warning",
            "byte order mark",
            "The document starts with a byte order mark (PowerShell 5.1 -Encoding UTF8, .NET "
            "XmlWriter). It is read correctly, but UTF-8 without BOM is what the API expects.",
            "EF BB BF <ActivityRecordList ...",
            "Write UTF-8 without BOM (PowerShell 7: -Encoding utf8NoBOM; .NET: new UTF8Encoding(false)).",
        ),
        _c(
            "NWX108",
            "warning",
            "UTF-16 document",
            "The document is UTF-16 (PowerShell 5.1 Out-File and '>'). It is read correctly, "
            "but the API examples all send UTF-8.",
            "FF FE 3C 00 41 00 ...",
            "Write the file with -Encoding utf8 (or send the string as UTF-8).",
        ),
        _c(
            "NWX109",
            "error",
            "bytes not valid in the encoding",
            "Bytes that are not valid in the declared or assumed encoding (often ANSI code "
            "page text written by PowerShell 5.1 Set-Content).",
            "<Who>J\\xf6rg</Who> in a UTF-8 file",
            "Re-save the file as UTF-8.",
        ),
        _c(
            "NWX110",
            "error",
            "character XML 1.0 cannot carry",
            "A control character (U+0000 to U+001F except tab, LF and CR) or U+FFFE/U+FFFF. "
            "XML 1.0 forbids them, so the record cannot be stored or converted.",
            '"What": "line\\u0001"',
            "Remove the character or replace it with a visible escape.",
        ),
        _c(
            "NWX111",
            "error",
            "XML declaration does not match the bytes",
            "The declaration names one encoding while the bytes are in another (a .NET "
            "StringWriter declares utf-16 and the text is sent as UTF-8).",
            '<?xml version="1.0" encoding="utf-16"?> in UTF-8 bytes',
            'Declare encoding="utf-8" (or drop the declaration) and send UTF-8.',
        ),
        _c(
            "NWX112",
            "error",
            "document exceeds a safety limit",
            "Nesting deeper than any Activity Record document needs, or a single text value "
            "larger than the limit: refused without reading further.",
            "10,000 nested elements",
            "Check what produced the document.",
        ),
        _c(
            "NWX113",
            "error",
            "lone surrogate in a JSON string",
            "A \\uD800-\\uDFFF escape that is not part of a pair is not a character at all.",
            '"Who": "\\ud800"',
            "Escape characters outside the BMP as a surrogate pair.",
        ),
        # -- structure --------------------------------------------------------------------
        _c(
            "NWX200",
            "error",
            "unknown root element",
            "The root is not one of ActivityRecordList, ActivityRecordSearch, ContinuationMark, ErrorList.",
            "<ActivityRecordsList>",
            "Use the root element of the document kind (see the message).",
        ),
        _c(
            "NWX201",
            "error",
            "namespace missing",
            "The root has no namespace; the API requires it.",
            "<ActivityRecordList>",
            'Add xmlns="http://schemas.netwrix.com/api/v1/activity_records/" to the root.',
        ),
        _c(
            "NWX202",
            "error",
            "wrong namespace",
            "The namespace is not the one of this document kind (a missing trailing slash, "
            "the error-list namespace on records...).",
            'xmlns="http://schemas.netwrix.com/api/v1/activity_records"',
            "Use the namespace given in the message, character for character.",
        ),
        _c(
            "NWX203",
            "error",
            "wrong JSON root for the document kind",
            "Records written are a JSON array; enum/search results an object with "
            "ActivityRecordList; a continuation mark a bare string.",
            '{"Who": "jdoe", ...} where [ {...} ] is required',
            "Wrap a single record in [ ] (PowerShell 5.1: ConvertTo-Json -InputObject @($records)).",
        ),
        _c(
            "NWX204",
            "error",
            "document kind does not match",
            "The document is of another kind than the one asked for (--kind).",
            "an enum result checked as input",
            "Check --kind, or let it be detected.",
        ),
        _c(
            "NWX205",
            "error",
            "no records",
            "A document of records written holds no ActivityRecord.",
            "<ActivityRecordList/>",
            "Send at least one record.",
        ),
        _c(
            "NWX206",
            "error",
            "element in the wrong namespace",
            'A child element has another namespace than its parent (often xmlns="" on a child).',
            '<Who xmlns="">',
            "Remove the namespace declaration from the child.",
        ),
        _c(
            "NWX207",
            "error",
            "unexpected text",
            "Text stands between child elements where only elements are allowed.",
            "<ActivityRecord>jdoe<Who>...",
            "Remove the text or put it in the element it belongs to.",
        ),
        _c(
            "NWX208",
            "error",
            "attribute not allowed",
            "An attribute stands where the API defines none (only search filters take Operator).",
            '<Who type="user">',
            "Remove the attribute.",
        ),
        _c(
            "NWX209",
            "error",
            "ContinuationMark after the records",
            "In enum/search results the API writes the ContinuationMark before the records.",
            "<ActivityRecordList><ActivityRecord>...</ActivityRecord><ContinuationMark>",
            "Move ContinuationMark to be the first child of ActivityRecordList.",
        ),
        # -- fields ----------------------------------------------------------------------
        _c(
            "NWX300",
            "error",
            "required field missing",
            "Who, Action, What, When, Where and ObjectType are required in every record; "
            "PropertyName in every Detail; Name in MonitoringPlan and Item...",
            "a record without When",
            "Add the field.",
        ),
        _c(
            "NWX301",
            "error",
            "unknown field",
            "A field (element or key) that this document does not define. Names are case-sensitive.",
            '"who": "jdoe"',
            "Use the name suggested in the message, or remove the field.",
        ),
        _c(
            "NWX302",
            "error",
            "field given twice",
            "The same field appears twice in one object (a duplicate JSON key, a repeated "
            "XML element). Parsers keep only one of them, silently.",
            '{"Action": "Added", "Action": "Removed"}',
            "Keep one.",
        ),
        _c(
            "NWX303",
            "error",
            "wrong type",
            "A value of the wrong shape: text where an object is required "
            "(MonitoringPlan, Item), an object where text is required, a number...",
            '"MonitoringPlan": "My plan"',
            'Write it as the message says, e.g. {"Name": "My plan"}.',
        ),
        _c("NWX304", "error", "empty value", "A required text value is empty.", "<Who/>", "Fill it in."),
        _c(
            "NWX305",
            "error",
            "value too long",
            "Who, Where, ObjectType, PropertyName and MonitoringPlan/Name hold at most 255 "
            "characters; RID 49.",
            "a 300-character Who",
            "Shorten the value.",
        ),
        _c(
            "NWX306",
            "error",
            "output-only field in input",
            "RID and Detail/Message are assigned by the product and appear only in enum/search results.",
            "<RID>...</RID> in a record posted",
            "Remove the field from records written.",
        ),
        _c(
            "NWX307",
            "error",
            "8.5 field in a 9.0 document",
            "AuditedSystem and ManagedObject were replaced in 9.0 by DataSource and MonitoringPlan/Name.",
            "<ManagedObject>Plan</ManagedObject>",
            "Run `nwx-schema migrate` (or use --api-version 8.5 for an 8.x server).",
        ),
        _c(
            "NWX308",
            "error",
            "9.0 field in an 8.5 document",
            "DataSource, MonitoringPlan and Item do not exist in 8.0-8.5.",
            "<DataSource> checked as 8.5",
            "Check --api-version (use 9.0 for products 9.0 to 10.x).",
        ),
        _c(
            "NWX309",
            "error",
            "empty list",
            "A list that must hold at least one item is empty (DetailList, ErrorList...).",
            '"DetailList": []',
            "Add an item or remove the list.",
        ),
        # -- values ----------------------------------------------------------------------
        _c(
            "NWX400",
            "error",
            "unknown Action",
            "Action must be one of the 23 documented values, exactly as spelled in the reference.",
            '"Action": "Add (failed attempt)"',
            "Use the value suggested in the message.",
        ),
        _c(
            "NWX401",
            "error",
            "When is not a valid date and time",
            "When must read YYYY-MM-DDTHH:MM:SS, with optional fractional seconds, and a zone.",
            '"When": "2024-05-02 08:15"',
            'Write e.g. 2024-05-02T08:15:00Z (.NET: ToString("o")).',
        ),
        _c(
            "NWX402",
            "error",
            "When has no time zone",
            "Without a zone the time is ambiguous; the API requires Z, +HH:MM or -HH:MM.",
            '"When": "2024-05-02T08:15:00"',
            "Add Z (UTC) or the offset, e.g. +02:00.",
        ),
        _c(
            "NWX403",
            "error",
            "impossible date",
            "The date or time does not exist (February 30, hour 25...).",
            '"When": "2024-02-30T10:00:00Z"',
            "Fix the date.",
        ),
        _c(
            "NWX404",
            "error",
            "PowerShell /Date(...)/ value",
            "Windows PowerShell 5.1 ConvertTo-Json writes DateTime values as \\/Date(ms)\\/.",
            '"When": "\\/Date(1487086954000)\\/"',
            "Convert first: $when.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ssZ').",
        ),
        _c(
            "NWX405",
            "error",
            "IsArchiveOnly is not a boolean",
            "IsArchiveOnly is true or false: a JSON boolean, or the text true/false in XML.",
            '"IsArchiveOnly": "True"',
            "Write true or false.",
        ),
        _c(
            "NWX406",
            "error",
            "PowerShell depth truncation",
            "A value reads System.Collections.Hashtable or @{...}: ConvertTo-Json stopped at its "
            "default -Depth 2 and wrote nested objects as type names.",
            '"DetailList": ["System.Collections.Hashtable"]',
            "Call ConvertTo-Json -Depth 10.",
        ),
        # -- search ----------------------------------------------------------------------
        _c(
            "NWX500",
            "error",
            "unknown search filter",
            "A FilterList entry that is not one of the documented filters.",
            '"Monitoring Plan": "Plan"',
            "Use the filter name suggested (MonitoringPlan, no space).",
        ),
        _c(
            "NWX501",
            "error",
            "operator not allowed for this filter",
            "Each filter accepts only some operators: InGroup and NotInGroup only on Who; only "
            "Equals and NotEqualTo on Action, When and WorkingHours.",
            '<Action Operator="Contains">',
            "Use one of the operators listed in the message.",
        ),
        _c(
            "NWX502",
            "error",
            "malformed When filter",
            "A When filter holds a timeframe (Today, Yesterday, LastSevenDays, LastThirtyDays) or "
            "a From and a To date-time.",
            '"When": {"From": "2024-05-01"}',
            "Give both From and To, each with a time and a zone.",
        ),
        _c(
            "NWX503",
            "error",
            "malformed WorkingHours filter",
            "WorkingHours holds a From and a To time of day with a zone (HH:MM:SSZ or HH:MM:SS+HH:MM).",
            '"WorkingHours": {"From": "9:00"}',
            'Write e.g. {"From": "09:00:00Z", "To": "17:00:00Z"}.',
        ),
        _c(
            "NWX504",
            "error",
            "empty filter list",
            "FilterList must hold at least one filter.",
            '"FilterList": {}',
            "Add a filter.",
        ),
        # -- advice ----------------------------------------------------------------------
        _c(
            "NWX600",
            "warning",
            "DataSource in records written",
            'The server replaces DataSource of every record written with "Netwrix API".',
            "<DataSource>My app</DataSource> in input",
            "Drop it, or keep the value as a Detail (nwx-schema migrate --audited-system detail).",
        ),
        _c(
            "NWX601",
            "warning",
            "more than 1,000 records",
            "Netwrix recommends at most 1,000 records per request.",
            "1,500 records in one POST",
            "Split the batch.",
        ),
        _c(
            "NWX602",
            "warning",
            "more than 50 MB",
            "Netwrix recommends at most 50 MB per request; larger bodies may get 413.",
            "a 60 MB file",
            "Split the batch.",
        ),
        _c(
            "NWX603",
            "warning",
            "record without MonitoringPlan/Name",
            "Without a plan, records land in the default Netwrix_Auditor_API database, tied to no plan.",
            "a record with no MonitoringPlan",
            "Add MonitoringPlan/Name naming a plan with the Netwrix API data source.",
        ),
        _c(
            "NWX604",
            "warning",
            "record without Item/Name",
            "Without an item, the Item filter of search cannot find the record.",
            "a record with no Item",
            "Add Item/Name (the add-on or integration name).",
        ),
        _c(
            "NWX605",
            "warning",
            "white space around the continuation mark",
            "The mark is opaque; whether the server trims white space around it is not documented.",
            "<ContinuationMark>\\n  PG5y...\\n</ContinuationMark>",
            "Send the mark exactly as received, without white space.",
        ),
        # -- conversion ------------------------------------------------------------------
        _c(
            "NWX700",
            "error",
            "value with no form in the target format",
            "Converting an invalid document with --best-effort met a value the other format "
            "cannot hold: null, an array where none is defined, a key that is not an XML "
            "element name. Nothing is written.",
            '"Monitoring Plan": "Plan" converted to XML',
            "Fix the value (nwx-schema validate tells how), then convert again.",
        ),
        # -- migration (payloads) ------------------------------------------------------
        _c(
            "NWX800",
            "error",
            "8.5 and 9.0 forms of a field together",
            "A record holds ManagedObject and MonitoringPlan (or AuditedSystem and DataSource), "
            "or a FilterList both filters. Migrating would give the record two plans, or change "
            "what the search matches; nothing is written.",
            "<ManagedObject>A</ManagedObject><MonitoringPlan><Name>B</Name></MonitoringPlan>",
            "Keep one of the two, then migrate again.",
        ),
        _c(
            "NWX801",
            "error",
            "migration to 8.5 would lose data",
            "API 8.5 has no Item, no MonitoringPlan/ID and no Item search filter. Each value that "
            "would be dropped is listed; nothing is written.",
            "<Item><Name>HR app</Name></Item> migrated --to 8.5",
            "Add --allow-loss to drop them, or keep the document in 9.0 form.",
        ),
        _c(
            "NWX802",
            "error",
            "migrated document is not valid",
            "The migrated document does not pass validation against the target version (the "
            "findings follow, located in the migrated document); nothing is written.",
            "an 8.5 record without When",
            "Fix the findings in the original document, then migrate again.",
        ),
        _c(
            "NWX803",
            "error",
            "empty ManagedObject",
            "An empty ManagedObject has no plan name to carry, and 9.0 requires a non-empty "
            "MonitoringPlan/Name.",
            "<ManagedObject/>",
            "Remove it (records may have no plan), or name the plan: --plan-map '=My plan'.",
        ),
        _c(
            "NWX804",
            "error",
            "value migration cannot carry",
            "A ManagedObject that is not plain text, or a MonitoringPlan that has no Name or holds "
            "more than Name and ID: there is no faithful place for it in the other version.",
            '"ManagedObject": {"Name": "Plan"}',
            "Write the value in the form of its version, then migrate again.",
        ),
        _c(
            "NWX810",
            "warning",
            "field renamed",
            "A change made by the migrator (listed, not a finding): AuditedSystem is now "
            "DataSource (or back, towards 8.5). Values are kept byte for byte.",
            "<AuditedSystem>X</AuditedSystem> -> <DataSource>X</DataSource>",
            "Nothing to do; the server sets DataSource of records written to Netwrix API "
            "(use --audited-system detail to keep the value).",
        ),
        _c(
            "NWX811",
            "warning",
            "ManagedObject moved to MonitoringPlan/Name",
            "A change made by the migrator (listed, not a finding): the flat 8.5 ManagedObject "
            "is now MonitoringPlan{Name} (or back, towards 8.5). No MonitoringPlan/ID is ever "
            "invented: the product assigns it.",
            "<ManagedObject>P</ManagedObject> -> <MonitoringPlan><Name>P</Name></MonitoringPlan>",
            "Make sure the plan exists on the server and has the Netwrix API data source.",
        ),
        _c(
            "NWX812",
            "warning",
            "plan renamed",
            "A change made by the migrator (listed, not a finding): a plan name was renamed as "
            "--plan-map OLD=NEW asked.",
            "--plan-map 'Old plan=New plan'",
            "Nothing to do.",
        ),
        _c(
            "NWX813",
            "warning",
            "Item added",
            "A change made by the migrator (listed, not a finding): Item{Name} was added, as "
            "--item asked, to a record migrated that had none.",
            "--item 'HR app'",
            "Nothing to do.",
        ),
        _c(
            "NWX814",
            "warning",
            "AuditedSystem kept as a Detail",
            "A change made by the migrator (listed, not a finding): with --audited-system detail, "
            "the value is kept as a Detail whose PropertyName is AuditedSystem and whose After "
            "is the value, because the server overwrites DataSource of records written.",
            "<Detail><PropertyName>AuditedSystem</PropertyName><After>X</After></Detail>",
            "Nothing to do.",
        ),
        _c(
            "NWX815",
            "warning",
            "AuditedSystem dropped",
            "A change made by the migrator: with --audited-system drop, the value is removed "
            "(the server would set DataSource of records written to Netwrix API anyway).",
            "<AuditedSystem>X</AuditedSystem> removed",
            "Use --audited-system detail to keep the value.",
        ),
        _c(
            "NWX816",
            "warning",
            "data dropped (--allow-loss)",
            "A change made by the migrator: towards 8.5, a value 8.5 cannot hold was dropped "
            "because --allow-loss was given (Item, MonitoringPlan/ID, an Item filter).",
            "<Item><Name>HR app</Name></Item> removed",
            "Nothing to do, if the loss is intended.",
        ),
        _c(
            "NWX817",
            "warning",
            "search filter renamed",
            "A change made by the migrator (listed, not a finding): the AuditedSystem filter is "
            "now DataSource, ManagedObject now MonitoringPlan (or back). The MonitoringPlan "
            "filter takes the plan name itself, so the value and its operator are unchanged.",
            '<ManagedObject Operator="Equals">P</ManagedObject> -> <MonitoringPlan Operator="Equals">P</MonitoringPlan>',
            "Nothing to do.",
        ),
        # -- migration (scripts) ---------------------------------------------------------
        _c(
            "NWX820",
            "warning",
            "script rewritten",
            "A change made by migrate-script (listed, not a finding): a place where the script "
            "writes or reads an Activity Record property (XML template, hashtable or dict key, "
            "property or index access, XPath, search filter) now uses the 9.0 form.",
            "$r.ManagedObject -> $r.MonitoringPlan.Name",
            "Review the diff; run the script against a test server.",
        ),
        _c(
            "NWX821",
            "warning",
            "ConvertTo-Json -Depth raised",
            "A change made by migrate-script: records now nest one level deeper "
            "(MonitoringPlan{Name}), and ConvertTo-Json's default -Depth 2 silently writes "
            "deeper objects as type-name strings, so -Depth 10 was added (or a lower one raised).",
            "$records | ConvertTo-Json -> $records | ConvertTo-Json -Depth 10",
            "Nothing to do.",
        ),
        _c(
            "NWX822",
            "warning",
            "needs a human",
            "migrate-script found a legacy name where a rewrite could be wrong (a typed class "
            "property, a name held in a variable, a value it cannot delimit...). It is left as "
            "it was; the message says why and what to write instead.",
            "public string ManagedObject { get; set; }",
            "Rewrite that place by hand, following the message.",
        ),
        _c(
            "NWX823",
            "warning",
            "legacy name in a comment",
            "A comment (or a Python docstring) mentions ManagedObject or AuditedSystem. Comments are never changed.",
            "# ManagedObject is the plan name",
            "Update the comment by hand if it describes the payload.",
        ),
        _c(
            "NWX824",
            "warning",
            "file not about the Integration API",
            "The file uses a legacy word but shows no sign of the Integration API (endpoint path, "
            "namespace, :9699, ActivityRecordList, record structure): the word means something "
            "else there (an internal configuration name, an unrelated class), so the file is left "
            "alone.",
            "a Unity script with class ManagedObject",
            "Nothing to do; if the file does build records, check it by hand.",
        ),
        # -- the local API stand-in (nwx-schema serve) ------------------------------------
        _c(
            "NWX900",
            "error",
            "invalid count parameter",
            "count, the page size of enum and search, must be a whole number of 1 or more. The "
            "API answers 400 InputError 'Invalid count parameter specified'.",
            "?count=FIVE or ?count=0",
            "Give a positive number, e.g. ?count=1000 (the default).",
        ),
        _c(
            "NWX901",
            "error",
            "continuation mark not issued by this server",
            "The mark posted is not base64, was altered, or comes from another server or store. "
            "Marks are opaque: post them back exactly as received.",
            '<ContinuationMark xmlns="...">abc</ContinuationMark>',
            "Start again with GET .../enum (or the search without a mark) and use the mark it returns.",
        ),
        _c(
            "NWX902",
            "error",
            "continuation mark of another search",
            "A search mark is bound to the filters of the search that returned it (and an enum mark "
            "to enum). The mark was posted with other filters.",
            "a mark of a Who search posted with an Action filter",
            "Repeat exactly the same FilterList on every page, next to the mark.",
        ),
        _c(
            "NWX903",
            "warning",
            "JSON body sent without ?format=json",
            "Without ?format=json the API reads the body as XML, so a JSON body is refused as "
            "malformed XML (400 XMLError). A hint logged by nwx-schema serve next to that finding.",
            "POST .../activity_records/ with [{...}]",
            "Add ?format=json to the URL.",
        ),
        _c(
            "NWX904",
            "warning",
            "XML body sent with ?format=json",
            "With ?format=json the API reads the body as JSON, so an XML body is corrupted JSON "
            "(500, empty body). A hint logged by nwx-schema serve next to that finding.",
            "POST .../activity_records/?format=json with <ActivityRecordList ...>",
            "Remove ?format=json, or send JSON.",
        ),
        _c(
            "NWX905",
            "error",
            "request body too large",
            "The body is larger than the server accepts (nwx-schema serve --max-body-mb, 50 MB by "
            "default, the reference's recommended maximum): 413, empty body.",
            "a 60 MB POST",
            "Send at most 1,000 records and 50 MB per request.",
        ),
        _c(
            "NWX906",
            "error",
            "authentication required",
            "The server asks for credentials (nwx-schema serve --user / --accept-windows-auth) and "
            "the request had none it accepts: 401, empty body.",
            "no Authorization header, or a wrong Basic password",
            "Send the credentials the server was started with.",
        ),
        _c(
            "NWX907",
            "error",
            "unknown endpoint",
            "The path is none of .../activity_records/, .../activity_records/enum, "
            ".../activity_records/search under /netwrix/api/v1: 404, empty body.",
            "POST /netwrix/api/v1/activityrecords",
            "Use the documented path (port 9699, /netwrix/api/v1/activity_records/...).",
        ),
        _c(
            "NWX908",
            "error",
            "method not allowed",
            "Write takes POST only, enum GET and POST, search POST only: 405, empty body.",
            "GET .../activity_records/search",
            "Use the method the endpoint takes (see the Allow header).",
        ),
        _c(
            "NWX909",
            "error",
            "internal error of the stand-in",
            "nwx-schema serve failed while answering (500 ServerError). This is a bug in "
            "nwx-schema, not in the request.",
            "a store on a full disk",
            "Report it with the request that caused it (nwx-schema report lists it).",
        ),
        _c(
            "NWX910",
            "error",
            "search cannot be evaluated",
            "The search passed validation but the stand-in cannot evaluate it (a filter value it "
            "cannot interpret): 400 InputError.",
            '"When": {"From": "...", "To": "..."} with a date that does not exist',
            "Fix the value named in the message.",
        ),
    )
}


def explain(code: str) -> Code | None:
    """The catalogue entry of a code (case-insensitive), or ``None``."""
    return CATALOGUE.get(code.strip().upper())


def severity_of(code: str) -> Severity:
    return CATALOGUE[code].severity
