"""Property tests of the bundled schemas against the model-generated documents.

* Every document :func:`nwx_schema.strategies.documents` generates is valid under the
  JSON Schema of its version and kind (jsonschema, format assertions on) and, written as
  XML by the project's writer, under the XSD (lxml and xmlschema).
* Every document :func:`nwx_schema.strategies.broken_documents` generates (one documented
  rule broken) is rejected by the JSON Schema, and its XML form by both XSD validators.

Beyond the schema, and so outside these properties: a duplicate JSON key (NWX302; a
parser keeps one value before any schema runs), the reading rules NWX1xx (bytes,
encodings, syntax), the advice warnings NWX6xx, and a lone ``ActivityRecord`` as an XML
document (the XSD declares it globally for streaming). ``broken_documents`` produces none
of them: it breaks rules of parsed documents that both schemas express. A mistake that
only exists in a JSON type (``Broken.json_only``: a number for a string, ``"true"`` for
``true``, the wrong JSON root) has no XML form to reject.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
import xmlschema
from hypothesis import given, reject, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from lxml import etree

from nwx_schema.conversion.xml_writer import dumps_xml
from nwx_schema.errors import InvalidPayloadError
from nwx_schema.schemas import json_schema, load_schema, xml_schema
from nwx_schema.strategies import broken_documents, documents
from nwx_schema.versions import KINDS, VERSIONS, ApiVersion, Kind

CASES = [(v, k) for v in VERSIONS for k in KINDS]
#: Ten version-kind cases: fewer examples per case keep the file fast.
FEW = settings(max_examples=max(10, settings().max_examples // 2))
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@cache
def _json_validator(version: ApiVersion, kind: Kind) -> Draft202012Validator:
    return Draft202012Validator(json_schema(version, kind), format_checker=FormatChecker())


@cache
def _xmlschema(version: ApiVersion, kind: Kind) -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(load_schema(version, kind, "xsd"))


def json_errors(version: ApiVersion, kind: Kind, document: Any) -> list[str]:
    """JSON Schema errors of the document as it travels (serialised, then parsed)."""
    parsed = json.loads(json.dumps(document, ensure_ascii=False))
    return [e.message for e in _json_validator(version, kind).iter_errors(parsed)]


def xsd_verdicts(version: ApiVersion, kind: Kind, text: str) -> tuple[bool, bool]:
    """(lxml, xmlschema) verdicts on an XML document."""
    root = etree.fromstring(text.encode("utf-8"), _PARSER)
    return xml_schema(version, kind).validate(root), _xmlschema(version, kind).is_valid(root)


@pytest.mark.parametrize(("version", "kind"), CASES)
@FEW
@given(data=st.data())
def test_generated_documents_are_valid_under_both_schemas(
    version: ApiVersion, kind: Kind, data: st.DataObject
) -> None:
    document = data.draw(documents(version, kind))
    assert json_errors(version, kind, document) == []
    text = dumps_xml(document, version=version, kind=kind, pretty=data.draw(st.booleans()))
    lxml_ok, xmlschema_ok = xsd_verdicts(version, kind, text)
    assert lxml_ok, str(xml_schema(version, kind).error_log)
    assert xmlschema_ok


@pytest.mark.parametrize(("version", "kind"), CASES)
@FEW
@given(data=st.data())
def test_one_broken_rule_is_rejected_by_both_schemas(
    version: ApiVersion, kind: Kind, data: st.DataObject
) -> None:
    broken = data.draw(broken_documents(version, kind))
    assert json_errors(version, kind, broken.document), (broken.code, broken.description)
    if broken.json_only:
        return
    try:
        text = dumps_xml(broken.document, version=version, kind=kind)
    except InvalidPayloadError:  # e.g. a filter named "Monitoring Plan": no XML element name
        reject()
    assert xsd_verdicts(version, kind, text) == (False, False), (broken.code, broken.description, text)


LONE_RECORD = """<ActivityRecord xmlns="http://schemas.netwrix.com/api/v1/activity_records/">
  <Who>CORP\\jdoe</Who><Action>Added</Action><What>x</What><When>2024-05-02T08:15:00Z</When>
  <Where>fs01</Where><ObjectType>File</ObjectType>
</ActivityRecord>"""
DUPLICATE_KEY = (
    '[{"Who": "a", "Who": "b", "Action": "Added", "What": "x", '
    '"When": "2024-05-02T08:15:00Z", "Where": "w", "ObjectType": "o"}]'
)


def test_the_schemas_blind_spots_are_real() -> None:
    """What the docstring says the schemas cannot see, they indeed accept."""
    assert _json_validator("9.0", "input").is_valid(json.loads(DUPLICATE_KEY))
    assert xsd_verdicts("9.0", "input", LONE_RECORD) == (True, True)
