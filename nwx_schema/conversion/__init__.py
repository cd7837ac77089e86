"""Conversion between the XML and JSON forms of every document kind, in the API's shapes.

The mapping is driven by the record model (:mod:`nwx_schema.model`), not by a generic
XML-to-JSON convention: input JSON is a bare array, output JSON an envelope with
ContinuationMark, DetailList always an array, MonitoringPlan and Item objects,
IsArchiveOnly a JSON boolean, search filters as plain values, operator objects or arrays.
"""

from __future__ import annotations

from nwx_schema.conversion.api import (
    TARGETS,
    UnsupportedConversionError,
    convert,
    convert_to_stream,
)
from nwx_schema.conversion.xml_writer import XmlWriter, dumps_xml

__all__ = ["TARGETS", "UnsupportedConversionError", "XmlWriter", "convert", "convert_to_stream", "dumps_xml"]
