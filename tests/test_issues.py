"""Issue: the quick constructor gives what the dataclass's own would, and stays frozen."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nwx_schema import issues
from nwx_schema.issues import Issue

_maybe_int = st.none() | st.integers(min_value=0, max_value=10**9)
_maybe_text = st.none() | st.text(max_size=20)


def _generated(*args: object, **kwargs: object) -> Issue:
    """An Issue built by the dataclass's generated ``__init__``."""
    issue = object.__new__(Issue)
    issues._generated_init(issue, *args, **kwargs)  # type: ignore[arg-type]
    return issue


@given(
    line=_maybe_int,
    column=_maybe_int,
    code=st.sampled_from(["NWX300", "NWX603"]),
    severity=st.sampled_from(["error", "warning"]),
    message=st.text(max_size=40),
    pointer=_maybe_text,
    xpath=_maybe_text,
    record=_maybe_int,
)
def test_quick_init_equals_the_generated_one(
    line: int | None,
    column: int | None,
    code: str,
    severity: str,
    message: str,
    pointer: str | None,
    xpath: str | None,
    record: int | None,
) -> None:
    positional = Issue(line, column, code, severity, message, pointer, xpath, record)  # type: ignore[arg-type]
    keywords = Issue(
        line=line, column=column, code=code, severity=severity, message=message,  # type: ignore[arg-type]
        pointer=pointer, xpath=xpath, record=record,
    )  # fmt: skip
    reference = _generated(line, column, code, severity, message, pointer=pointer, xpath=xpath, record=record)
    assert positional == keywords == reference
    assert hash(positional) == hash(reference)
    assert repr(positional) == repr(reference)
    assert dataclasses.astuple(positional) == (line, column, code, severity, message, pointer, xpath, record)


def test_defaults_and_errors_as_the_dataclass_gives_them() -> None:
    assert Issue(1, 2, "NWX300", "error", "m") == _generated(1, 2, "NWX300", "error", "m")
    assert Issue(1, 2, "NWX300", "error", "m").pointer is None
    with pytest.raises(TypeError):
        Issue(1, 2, "NWX300")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Issue(1, 2, "NWX300", "error", "m", nonsense=1)  # type: ignore[call-arg]


def test_still_frozen_and_ordered() -> None:
    issue = Issue(3, 1, "NWX300", "error", "m")
    with pytest.raises(dataclasses.FrozenInstanceError):
        issue.line = 4  # type: ignore[misc]
    assert sorted([issue, Issue(1, 9, "NWX603", "warning", "w")])[0].line == 1
    assert dataclasses.replace(issue, line=7).line == 7
