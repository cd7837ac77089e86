"""Continuation marks: opaque, signed, bound to the filters, stable across restarts."""

from __future__ import annotations

import base64

import pytest

from nwx_schema.server.marks import ENUM_DIGEST, Mark, MarkError, decode_mark, encode_mark

SECRET = bytes(range(32))
DIGEST = "0123456789abcdef"


def test_server_marks_round_trip_is_base64_of_a_bookmark() -> None:
    mark = encode_mark(1234, DIGEST, SECRET)
    raw = base64.b64decode(mark, validate=True)
    assert raw.startswith(b"<nr><n ") and raw.endswith(b"</nr>\x00")
    assert decode_mark(mark, SECRET, DIGEST) == Mark(1234, DIGEST)


def test_server_marks_are_deterministic_for_one_secret() -> None:
    assert encode_mark(5, ENUM_DIGEST, SECRET) == encode_mark(5, ENUM_DIGEST, SECRET)
    assert encode_mark(5, ENUM_DIGEST, SECRET) != encode_mark(5, ENUM_DIGEST, b"other")


def test_server_marks_tolerate_white_space_around_them() -> None:
    mark = encode_mark(7, ENUM_DIGEST, SECRET)
    assert decode_mark(f"\n   {mark}\n", SECRET, ENUM_DIGEST).position == 7


def test_server_marks_refuse_other_filters() -> None:
    mark = encode_mark(7, DIGEST, SECRET)
    with pytest.raises(MarkError, match="another search") as caught:
        decode_mark(mark, SECRET, ENUM_DIGEST)
    assert caught.value.code == "NWX902"


def test_server_marks_refuse_another_store() -> None:
    mark = encode_mark(7, DIGEST, SECRET)
    with pytest.raises(MarkError, match="not issued") as caught:
        decode_mark(mark, b"x" * 32, DIGEST)
    assert caught.value.code == "NWX901"


def test_server_marks_refuse_an_altered_position() -> None:
    raw = base64.b64decode(encode_mark(7, DIGEST, SECRET)).replace(b'p="7"', b'p="0"')
    with pytest.raises(MarkError, match="not issued"):
        decode_mark(base64.b64encode(raw).decode(), SECRET, DIGEST)


@pytest.mark.parametrize("text", ["", "!!!", "PG5yPjxuIG49IntFNzA=", base64.b64encode(b"<nr/>\0").decode()])
def test_server_marks_refuse_what_they_did_not_issue(text: str) -> None:
    with pytest.raises(MarkError):
        decode_mark(text, SECRET, DIGEST)
