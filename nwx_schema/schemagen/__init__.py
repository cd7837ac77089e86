"""Generate the XSD and JSON Schema files of ``schemas/`` from :mod:`nwx_schema.model`.

``python -m nwx_schema.schemagen`` rewrites them; ``--check`` exits 1 when a file would
change (the test suite runs the same check).
"""

from __future__ import annotations

from nwx_schema.schemagen.jsonschema_ import json_schema_text
from nwx_schema.schemagen.xsd import xsd_text
from nwx_schema.versions import KINDS, VERSIONS


def generate_all() -> dict[str, str]:
    """Every generated schema file, keyed by its path relative to ``schemas/``."""
    files: dict[str, str] = {}
    for version in VERSIONS:
        for kind in KINDS:
            files[f"{version}/{kind}.xsd"] = xsd_text(version, kind)
            files[f"{version}/{kind}.schema.json"] = json_schema_text(version, kind)
    return files


__all__ = ["generate_all", "json_schema_text", "xsd_text"]
