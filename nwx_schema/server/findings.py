"""Findings of the stand-in itself (``NWX9xx``), next to the validator's."""

from __future__ import annotations

from nwx_schema.codes import severity_of
from nwx_schema.issues import Issue


def finding(code: str, message: str) -> Issue:
    """An unlocated finding about a request (count, mark, size, method...)."""
    return Issue(None, None, code, severity_of(code), message)
