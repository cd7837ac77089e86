"""Output formats of ``nwx-schema validate``.

:data:`REPORTERS` is the single registry of formats: it feeds the ``--output-format``
choice, and each entry names the class that renders it, imported only when chosen so
that start-up stays lean.
"""

from __future__ import annotations

import importlib
from typing import Final

from nwx_schema.reporting.base import RenderContext, Reporter, Writer

#: output format name -> "module:class" of its reporter.
REPORTERS: Final[dict[str, str]] = {
    "text": "nwx_schema.reporting.text:TextReporter",
    "json": "nwx_schema.reporting.json_:JsonReporter",
    "junit": "nwx_schema.reporting.junit:JunitReporter",
    "sarif": "nwx_schema.reporting.sarif:SarifReporter",
    "github": "nwx_schema.reporting.github:GithubReporter",
}


def create_reporter(name: str, context: RenderContext, out: Writer) -> Reporter:
    """The reporter of an output format, writing to ``out``.

    Raises:
        KeyError: ``name`` is not in :data:`REPORTERS`.
    """
    module_name, attr = REPORTERS[name].split(":")
    cls = getattr(importlib.import_module(module_name), attr)
    reporter = cls(context, out)
    assert isinstance(reporter, Reporter)
    return reporter


__all__ = ["REPORTERS", "RenderContext", "Reporter", "Writer", "create_reporter"]
