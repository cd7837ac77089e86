"""Conversion between the XML and JSON forms of every document kind, in the API's shapes.

The mapping is driven by the record model (:mod:`nwx_schema.model`), not by a generic
XML-to-JSON convention: input JSON is a bare array, output JSON an envelope with
ContinuationMark, DetailList always an array, MonitoringPlan and Item objects,
IsArchiveOnly a JSON boolean, search filters as plain values, operator objects or arrays.

* :func:`convert` -- one document to ``xml``, ``json`` or ``ndjson``, as text;
* :func:`convert_to_stream` -- the same, streamed to a file (atomically) or a stream;
* :func:`roundtrip` -- to the other format and back, with every difference;
* :func:`dumps_xml` / :class:`XmlWriter` -- the XML of a document already in JSON form.

Documents are validated first (:mod:`nwx_schema.validation`) and refused with the
findings when invalid, unless ``best_effort=True``.
"""

from __future__ import annotations

from nwx_schema.conversion.api import (
    TARGETS,
    UnsupportedConversionError,
    convert,
    convert_to_stream,
)
from nwx_schema.conversion.roundtrip import RoundTrip, roundtrip
from nwx_schema.conversion.xml_writer import XmlWriter, dumps_xml

__all__ = [
    "TARGETS",
    "RoundTrip",
    "UnsupportedConversionError",
    "XmlWriter",
    "convert",
    "convert_to_stream",
    "dumps_xml",
    "roundtrip",
]
