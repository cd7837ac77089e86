"""XML -> JSON form, driven by the record model, fast and in flat memory.

This reader trusts that the document was validated (or that the user asked for best
effort): it does not locate findings, the validator does. It parses with lxml
``iterparse`` locked down (no DTD loaded, no entity expanded, no network; any DOCTYPE is
refused), maps each ``ActivityRecord`` to its JSON form as soon as it ends, then frees it
and its processed siblings, so memory does not grow with the number of records.

Mapping (the inverse of :mod:`nwx_schema.conversion.xml_writer`): element text is kept
exactly (an empty element is ``""``); MonitoringPlan and Item become objects and
DetailList an array; IsArchiveOnly ``true``/``false`` becomes a JSON boolean; search
filters become their canonical JSON form (:mod:`nwx_schema.conversion.filters`).
Elements the model does not know are kept generically (text, or an object of their
children); comments and processing instructions are dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from typing import IO, Any, Final

from lxml import etree

from nwx_schema.conversion.events import Event, Mark, OtherKey, Record, Whole
from nwx_schema.conversion.filters import FilterEntry, is_structured, json_from_entries
from nwx_schema.errors import InvalidPayloadError
from nwx_schema.issues import Issue
from nwx_schema.model import NS_RECORDS, DocumentModel, Group, ListOf, Scalar, document_model
from nwx_schema.versions import ApiVersion, Kind

Spec = Scalar | Group | ListOf | None
Source = str | IO[bytes]

_PARSER_OPTIONS: Final[dict[str, Any]] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": True,
    "remove_comments": True,
    "remove_pis": True,
}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _text(elem: etree._Element) -> str:
    """The text of a leaf element, exactly ("" when empty)."""
    return elem.text or ""


def _value(elem: etree._Element, spec: Spec) -> Any:
    """The JSON form of one element, per its model node ``spec``."""
    if isinstance(spec, Scalar) and len(elem) == 0:
        text = elem.text or ""
        if spec.type == "boolean":
            if text == "true":
                return True
            if text == "false":
                return False
        return text
    if isinstance(spec, ListOf):
        return [_value(child, spec.item) for child in elem if isinstance(child.tag, str)]
    if len(elem) == 0:
        return {} if isinstance(spec, Group) else elem.text or ""
    return _object(elem, spec if isinstance(spec, Group) else None)


def _object(elem: etree._Element, group: Group | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in elem:
        tag = child.tag
        if tag.__class__ is not str:
            continue
        name = _local(tag)
        field = group.get(name) if group is not None else None
        out[name] = _value(child, None if field is None else field.value)
    return out


Convert = Callable[[etree._Element], Any]


def _leaf(elem: etree._Element) -> Any:
    if len(elem):
        return _object(elem, None)
    return elem.text or ""


def _boolean(elem: etree._Element) -> Any:
    if len(elem):
        return _object(elem, None)
    text = elem.text or ""
    return True if text == "true" else False if text == "false" else text


def _plain(spec: Spec) -> bool:
    return isinstance(spec, Scalar) and spec.type != "boolean"


def _compile(spec: Spec, ns: str = NS_RECORDS) -> Convert:
    """A converter specialised for one model node (elements in namespace ``ns``): the
    hot path of record mapping."""
    if isinstance(spec, Scalar):
        return _boolean if spec.type == "boolean" else _leaf
    if isinstance(spec, ListOf):
        item = _compile(spec.item, ns)

        def convert_list(elem: etree._Element) -> Any:
            return [item(child) for child in elem if child.tag.__class__ is str]

        return convert_list
    if isinstance(spec, Group):
        # keyed by the namespaced tag lxml reports, so that the usual case is one lookup;
        # plain text leaves (most fields) are read inline, without a call
        table: dict[str, tuple[str, Convert | None]] = {
            f"{{{ns}}}{field.name}": (field.name, None if _plain(field.value) else _compile(field.value))
            for field in spec.fields
        }

        def convert_group(elem: etree._Element) -> Any:
            out: dict[str, Any] = {}
            for child in elem:
                tag = child.tag
                known = table.get(tag)
                if known is not None:
                    name, convert = known
                    if convert is not None:
                        out[name] = convert(child)
                    elif len(child):
                        out[name] = _object(child, None)
                    else:
                        out[name] = child.text or ""
                elif tag.__class__ is str:
                    name = tag[tag.find("}") + 1 :]
                    field = spec.get(name)
                    out[name] = _compile(None if field is None else field.value)(child)
            if not out and len(elem) == 0 and (elem.text or "").strip():
                return elem.text
            return out

        return convert_group
    return _generic


@functools.cache
def record_converter(version: ApiVersion) -> Convert:
    """The compiled mapping of one ``ActivityRecord`` element to its JSON form."""
    return _compile(document_model(version).record)


def _generic(elem: etree._Element) -> Any:
    return _value(elem, None)


def _check_doctype(elem: etree._Element) -> None:
    """Refuse a DOCTYPE (defence in depth: the validator refuses it first)."""
    docinfo: Any = elem.getroottree().docinfo
    if docinfo.doctype:
        issue = Issue(1, 1, "NWX106", "error", "the document declares a DTD: refused, never read", pointer="")
        raise InvalidPayloadError("the document declares a DTD", [issue])


def iter_records(source: Source, *, version: ApiVersion, kind: Kind, strict: bool = True) -> Iterator[Event]:
    """Events of a record document (``input``, ``output``) in document order:
    :class:`Mark` for a ContinuationMark, :class:`Record` per ActivityRecord.

    With ``strict=False`` (best effort) every other child of the root becomes an
    :class:`OtherKey` event instead of being skipped.
    """
    convert = _compile(document_model(version).record)
    tags = ("{*}ActivityRecord", "{*}ContinuationMark") if strict else None
    context = etree.iterparse(source, events=("end",), tag=tags, **_PARSER_OPTIONS)
    root: etree._Element | None = None
    for _, elem in context:
        if root is None:
            _check_doctype(elem)
            root = elem.getroottree().getroot()
        if elem.getparent() is not root:
            continue
        tag = elem.tag
        if tag.__class__ is not str:
            continue
        name = tag[tag.find("}") + 1 :]
        if name == "ActivityRecord":
            yield Record(convert(elem))
        elif name == "ContinuationMark" and kind == "output":
            yield Mark(_value(elem, Scalar()))
        elif not strict:
            yield OtherKey(name, _value(elem, None))
        elem.clear(keep_tail=False)
        while elem.getprevious() is not None:
            del root[0]
    if root is None:
        _check_doctype(context.root)


def read_document(source: Source, *, version: ApiVersion, kind: Kind) -> Any:
    """The JSON form of a search, continuation or errors document (read whole: these
    documents are small)."""
    parser = etree.XMLParser(**_PARSER_OPTIONS)
    root = etree.parse(source, parser).getroot()
    _check_doctype(root)
    model = document_model(version)
    if kind == "continuation":
        return _value(root, Scalar())
    out: dict[str, Any] = {}
    if kind == "errors":
        out["ErrorList"] = []
    for child in root:
        tag = child.tag
        if tag.__class__ is not str:
            continue
        name = _local(tag)
        if kind == "errors" and name == "Error":
            out["ErrorList"].append(_value(child, model.error))
        elif kind == "search" and name == "FilterList":
            out[name] = _filter_list(child, model)
        else:
            out[name] = _value(child, Scalar() if name == "ContinuationMark" else None)
    return out


def _filter_list(elem: etree._Element, model: DocumentModel) -> Any:
    entries: list[FilterEntry] = []
    for child in elem:
        tag = child.tag
        if tag.__class__ is not str:
            continue
        name = _local(tag)
        if len(child):
            value: Any = _object(child, None)
        elif is_structured(model, name) and not (child.text or "").strip():
            value = {}
        else:
            value = child.text or ""
        entries.append(FilterEntry(name, child.get("Operator"), value))
    if not entries:
        return {} if not (elem.text or "").strip() else elem.text
    return json_from_entries(entries)


def iter_events(source: Source, *, version: ApiVersion, kind: Kind, strict: bool = True) -> Iterator[Event]:
    """Events of any document kind: records and marks streamed, other kinds as one
    :class:`Whole` event."""
    if kind in ("input", "output"):
        yield from iter_records(source, version=version, kind=kind, strict=strict)
    else:
        yield Whole(read_document(source, version=version, kind=kind))
