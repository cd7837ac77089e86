"""The schema files are generated from the model, compile, and pass their metaschema."""

from __future__ import annotations

import pytest
import xmlschema
from jsonschema import Draft202012Validator
from lxml import etree

from nwx_schema.schemagen import generate_all
from nwx_schema.schemas import json_schema, list_schemas, load_schema, xml_schema
from tests.conftest import SCHEMAS


def test_schemas_match_the_model_regeneration_changes_nothing() -> None:
    generated = generate_all()
    on_disk = {p.relative_to(SCHEMAS).as_posix() for p in SCHEMAS.rglob("*") if p.suffix in (".xsd", ".json")}
    assert on_disk == set(generated), "schemas/ holds files the generator does not write (or misses some)"
    stale = [rel for rel, text in generated.items() if (SCHEMAS / rel).read_text(encoding="utf-8") != text]
    assert not stale, f"run `python -m nwx_schema.schemagen`: stale {stale}"


@pytest.mark.parametrize("info", [i for i in list_schemas() if i.format == "xsd"], ids=str)
def test_every_xsd_compiles_with_lxml_and_xmlschema(info: object) -> None:
    version, kind = info.version, info.kind  # type: ignore[attr-defined]
    assert isinstance(xml_schema(version, kind), etree.XMLSchema)
    xmlschema.XMLSchema10(load_schema(version, kind, "xsd"))


@pytest.mark.parametrize("info", [i for i in list_schemas() if i.format == "json"], ids=str)
def test_every_json_schema_passes_its_metaschema(info: object) -> None:
    Draft202012Validator.check_schema(json_schema(info.version, info.kind))  # type: ignore[attr-defined]
