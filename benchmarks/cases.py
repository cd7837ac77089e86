"""One comparison-library case in one fresh process (run by ``benchmarks/run.py``).

usage: python benchmarks/cases.py CASE INPUT SCHEMA [OUTPUT]

Imports and schema compilation are timed as ``setup_s``, the operation (from the file
path to a verdict or a written output file) as ``op_s``; both are printed as one JSON
line. The runner times the whole process from outside as well. Exit code 0: the
document is valid (or converted); 1: it is not valid, and ``result`` counts the errors
where the tool can list them all.

Validators first ask the fastest yes/no question the library offers and list every
error only for an invalid document, so that valid documents are timed at each tool's
best.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from collections.abc import Callable
from typing import Any, Final, cast

T0: Final = time.perf_counter()
NS: Final = "http://schemas.netwrix.com/api/v1/activity_records/"
RECORD_TAG: Final = "{" + NS + "}ActivityRecord"

Op = Callable[[], "tuple[bool, Any]"]


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _xmltodict() -> Any:
    """The xmltodict module (it ships no type information)."""
    return importlib.import_module("xmltodict")


def _lxml_clear(element: Any) -> None:
    element.clear(keep_tail=True)
    parent = element.getparent()
    while element.getprevious() is not None:
        del parent[0]


def lxml_xmlschema(path: str, schema: str, out: str | None) -> Op:
    """lxml: parse the whole tree, then ``XMLSchema.validate`` it."""
    from lxml import etree

    xsd = etree.XMLSchema(etree.parse(schema))

    def op() -> tuple[bool, Any]:
        tree = etree.parse(path)
        if xsd.validate(tree):
            return True, 0
        return False, len(cast(Any, xsd.error_log))

    return op


def lxml_iterparse_schema(path: str, schema: str, out: str | None) -> Op:
    """lxml: ``iterparse(schema=)``, records cleared as they come (stops at the first error)."""
    from lxml import etree

    xsd = etree.XMLSchema(etree.parse(schema))

    def op() -> tuple[bool, Any]:
        count = 0
        try:
            for _, element in etree.iterparse(path, events=("end",), tag=RECORD_TAG, schema=xsd):
                count += 1
                _lxml_clear(element)
        except etree.XMLSyntaxError as err:
            return False, str(err)[:200]
        return True, count

    return op


def xmlschema_lazy(path: str, schema: str, out: str | None) -> Op:
    """xmlschema: lazy resource (the mode that accepts more than a million elements)."""
    import xmlschema

    xsd = xmlschema.XMLSchema(schema)

    def op() -> tuple[bool, Any]:
        resource = xmlschema.XMLResource(path, lazy=True)
        if xsd.is_valid(resource):
            return True, 0
        return False, sum(1 for _ in xsd.iter_errors(xmlschema.XMLResource(path, lazy=True)))

    return op


def _load_schema(schema: str) -> Any:
    return json.loads(_read(schema))


def jsonschema_py(path: str, schema: str, out: str | None) -> Op:
    """jsonschema: ``Draft202012Validator`` with its format checker, on orjson-loaded data."""
    import jsonschema
    import orjson

    validator = jsonschema.Draft202012Validator(
        _load_schema(schema), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )

    def op() -> tuple[bool, Any]:
        data = orjson.loads(_read(path))
        if validator.is_valid(data):
            return True, 0
        return False, sum(1 for _ in validator.iter_errors(data))

    return op


def jsonschema_rs(path: str, schema: str, out: str | None) -> Op:
    """jsonschema-rs: ``Draft202012Validator(validate_formats=True)`` on orjson-loaded data."""
    import jsonschema_rs as rs
    import orjson

    validator = rs.Draft202012Validator(_load_schema(schema), validate_formats=True)

    def op() -> tuple[bool, Any]:
        data = orjson.loads(_read(path))
        if validator.is_valid(data):
            return True, 0
        return False, sum(1 for _ in validator.iter_errors(data))

    return op


def fastjsonschema_(path: str, schema: str, out: str | None) -> Op:
    """fastjsonschema: compiled validator with formats (stops at the first error)."""
    import fastjsonschema
    import orjson

    validate = fastjsonschema.compile(_load_schema(schema), use_formats=True)

    def op() -> tuple[bool, Any]:
        data = orjson.loads(_read(path))
        try:
            validate(data)
        except fastjsonschema.JsonSchemaValueException as err:
            return False, err.message[:200]
        return True, 0

    return op


def xmltodict_x2j(path: str, schema: str, out: str | None) -> Op:
    """xmltodict.parse + orjson.dumps (generic shape: no reshaping to the API's JSON)."""
    import orjson

    xmltodict = _xmltodict()

    assert out is not None

    def op() -> tuple[bool, Any]:
        data = xmltodict.parse(_read(path), force_list=("ActivityRecord", "Detail"))
        with open(out, "wb") as handle:
            handle.write(orjson.dumps(data))
        return True, len(data["ActivityRecordList"]["ActivityRecord"])

    return op


def _xmltodict_shape(records: list[dict[str, Any]]) -> dict[str, Any]:
    shaped = []
    for record in records:
        record = dict(record)
        if "DetailList" in record:
            record["DetailList"] = {"Detail": record["DetailList"]}
        if "IsArchiveOnly" in record:
            record["IsArchiveOnly"] = "true" if record["IsArchiveOnly"] else "false"
        shaped.append(record)
    return {"ActivityRecordList": {"@xmlns": NS, "ActivityRecord": shaped}}


def xmltodict_j2x(path: str, schema: str, out: str | None) -> Op:
    """orjson.loads + the reshaping xmltodict needs (Detail key, booleans) + xmltodict.unparse."""
    import orjson

    xmltodict = _xmltodict()

    assert out is not None

    def op() -> tuple[bool, Any]:
        data = _xmltodict_shape(orjson.loads(_read(path)))
        with open(out, "w", encoding="utf-8") as handle:
            xmltodict.unparse(data, output=handle, encoding="utf-8")
        return True, len(data["ActivityRecordList"]["ActivityRecord"])

    return op


def warm(path: str, schema: str, out: str | None) -> Op:
    """Import every library once (compiles their bytecode caches before timing)."""
    import fastjsonschema  # noqa: F401
    import jsonschema  # noqa: F401
    import jsonschema_rs  # noqa: F401
    import lxml.etree  # noqa: F401
    import orjson  # noqa: F401
    import xmlschema  # noqa: F401

    _xmltodict()

    return lambda: (True, 0)


CASES: Final[dict[str, Callable[[str, str, str | None], Op]]] = {
    "lxml-xmlschema": lxml_xmlschema,
    "lxml-iterparse-schema": lxml_iterparse_schema,
    "xmlschema-lazy": xmlschema_lazy,
    "jsonschema": jsonschema_py,
    "jsonschema-rs": jsonschema_rs,
    "fastjsonschema": fastjsonschema_,
    "xmltodict-x2j": xmltodict_x2j,
    "xmltodict-j2x": xmltodict_j2x,
    "warm": warm,
}


def main(argv: list[str]) -> int:
    if len(argv) not in (3, 4) or argv[0] not in CASES:
        print(f"usage: cases.py {{{','.join(CASES)}}} INPUT SCHEMA [OUTPUT]", file=sys.stderr)
        return 2
    name, path, schema = argv[:3]
    out = argv[3] if len(argv) == 4 else None
    op = CASES[name](path, schema, out)
    setup = time.perf_counter() - T0
    start = time.perf_counter()
    valid, result = op()
    op_s = time.perf_counter() - start
    line = {
        "case": name,
        "setup_s": round(setup, 4),
        "op_s": round(op_s, 4),
        "valid": valid,
        "result": result,
    }
    print(json.dumps(line, default=str), flush=True)
    if out is not None and not os.path.exists(out):
        return 2
    return 0 if valid else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
