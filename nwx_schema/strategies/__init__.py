"""Hypothesis strategies for Activity Record documents, to property-test your own code.

Install with the ``testing`` extra (``pip install 'nwx-schema[testing]'``). Everything is
generated from :mod:`nwx_schema.model`, the same description the bundled XSD and JSON
Schema files are generated from, so what these strategies call valid is exactly what
``nwx-schema validate`` accepts.

Documents come in their JSON form: the API's own JSON shape (``json.dumps`` gives the
request body; ``nwx_schema.conversion`` writes the XML form). Text is hostile but legal:
surrounding white space, CR/LF, ``& < > " '``, backslashes, non-ASCII and astral
characters, leading zeros, values exactly at their length limit.

Example: an add-on developer checks that the function building their request body
always produces what the API accepts, that their parser reads every enum page, and that
their own pre-flight check rejects what the API rejects::

    import json

    from hypothesis import given

    from nwx_schema import strategies as nwx
    from nwx_schema.validation import validate

    @given(nwx.records(version="10.7", role="input"))
    def test_my_writer_output_is_valid(record):
        body = my_addon.to_request_body([record])  # your code
        report = validate(body, kind="input", api_version="10.7")
        assert report.valid, report.to_dict()

    @given(nwx.documents(version="9.0", kind="output"))
    def test_my_reader_keeps_every_record(page):
        assert len(my_siem.parse_page(json.dumps(page))) == len(page["ActivityRecordList"])

    @given(nwx.broken_documents(version="9.0", kind="input"))
    def test_my_checker_rejects_bad_records(broken):
        assert not my_checker.accepts(broken.document), (broken.code, broken.description)

Strategies:

* :func:`records` -- one Activity Record (``role="input"`` or ``"output"``).
* :func:`documents` -- a whole document of a kind: ``input``, ``output``, ``search``,
  ``continuation``, ``errors``.
* :func:`broken_documents` -- a :class:`Broken` document: one documented rule broken,
  with the finding code and the JSON-form path a validator must report;
  :func:`broken_rules` lists the codes available for a version and kind.
* Leaves: :func:`xml_safe_text`, :func:`when_values`, :func:`time_values`,
  :func:`continuation_marks`.
"""

from __future__ import annotations

from nwx_schema.strategies.broken import Broken, broken_documents, broken_rules
from nwx_schema.strategies.documents import documents, filter_lists, records
from nwx_schema.strategies.values import (
    continuation_marks,
    naive_when_values,
    time_values,
    when_values,
    xml_safe_text,
)

__all__ = [
    "Broken",
    "broken_documents",
    "broken_rules",
    "continuation_marks",
    "documents",
    "filter_lists",
    "naive_when_values",
    "records",
    "time_values",
    "when_values",
    "xml_safe_text",
]
