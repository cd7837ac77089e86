"""JSON values with their character spans, for editing a document in place.

A small strict (RFC 8259) reader that keeps, for every value, object key and member,
where it stands in the text. Duplicate keys are kept (each member is listed), so that
nothing is silently dropped; edits then splice the text, leaving the rest of the
document byte for byte: spacing, key order, escapes (``\\u0026``, ``\\/``), number
spellings.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Final, Literal

MAX_DEPTH: Final = 100

ValueKind = Literal["object", "array", "string", "number", "true", "false", "null"]

_WS: Final = re.compile(r"[ \t\r\n]*")
_STRING: Final = re.compile(r'"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"')
_NUMBER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERALS: Final[tuple[Literal["true", "false", "null"], ...]] = ("true", "false", "null")


@dataclass(eq=False, slots=True)
class Value:
    """A JSON value at ``text[start:end]``.

    Attributes:
        kind: ``object``, ``array``, ``string``, ``number``, ``true``, ``false``, ``null``.
        members: the members of an object, in order, duplicates included.
        items: the items of an array.
        string: the decoded value of a string.
    """

    kind: ValueKind
    start: int
    end: int = -1
    members: list[Member] = field(default_factory=list)
    items: list[Value] = field(default_factory=list)
    string: str | None = None

    def named(self, key: str) -> list[Member]:
        """The members of an object with this key, in order."""
        return [m for m in self.members if m.key == key]

    def first(self, key: str) -> Member | None:
        found = self.named(key)
        return found[0] if found else None


@dataclass(eq=False, slots=True)
class Member:
    """``"key": value`` in an object; the key token is ``text[key_start:key_end]``."""

    key: str
    key_start: int
    key_end: int
    value: Value

    @property
    def start(self) -> int:
        return self.key_start

    @property
    def end(self) -> int:
        return self.value.end


class JsonReadError(ValueError):
    """The text is not one strict JSON value.

    Attributes:
        code: ``NWX103`` (syntax), ``NWX104`` (trailing comma) or ``NWX112`` (too deep).
        offset: character offset of the problem.
    """

    def __init__(self, code: str, message: str, offset: int) -> None:
        self.code = code
        self.offset = offset
        super().__init__(message)


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, message: str, code: str = "NWX103") -> JsonReadError:
        return JsonReadError(code, message, self.pos)

    def skip(self) -> None:
        match = _WS.match(self.text, self.pos)
        assert match is not None
        self.pos = match.end()

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def value(self, depth: int) -> Value:
        if depth > MAX_DEPTH:
            raise self.fail(f"values nested deeper than {MAX_DEPTH} levels", "NWX112")
        ch = self.peek()
        if ch == "{":
            return self.obj(depth)
        if ch == "[":
            return self.arr(depth)
        if ch == '"':
            return self.string()
        for literal in _LITERALS:
            if self.text.startswith(literal, self.pos):
                self.pos += len(literal)
                return Value(literal, self.pos - len(literal), self.pos)
        match = _NUMBER.match(self.text, self.pos)
        if match and match.end() > self.pos:
            self.pos = match.end()
            return Value("number", match.start(), match.end())
        if not ch:
            raise self.fail("unexpected end of the document: a value is missing")
        raise self.fail(f"unexpected character {ch!r}: a value is expected")

    def string(self) -> Value:
        match = _STRING.match(self.text, self.pos)
        if match is None:
            raise self.fail("malformed string: unescaped control character, bad escape or no closing quote")
        self.pos = match.end()
        decoded = json.loads(match.group())
        return Value("string", match.start(), match.end(), string=decoded)

    def obj(self, depth: int) -> Value:
        node = Value("object", self.pos)
        self.pos += 1
        self.skip()
        if self.peek() == "}":
            self.pos += 1
            node.end = self.pos
            return node
        while True:
            if self.peek() != '"':
                if self.peek() == "}" and node.members:
                    raise self.fail("trailing comma before '}'", "NWX104")
                raise self.fail("an object key (a string in double quotes) is expected")
            key = self.string()
            self.skip()
            if self.peek() != ":":
                raise self.fail("':' is expected after the key")
            self.pos += 1
            self.skip()
            val = self.value(depth + 1)
            assert key.string is not None
            node.members.append(Member(key.string, key.start, key.end, val))
            if self.after(node, "}"):
                return node

    def arr(self, depth: int) -> Value:
        node = Value("array", self.pos)
        self.pos += 1
        self.skip()
        if self.peek() == "]":
            self.pos += 1
            node.end = self.pos
            return node
        while True:
            if self.peek() == "]":
                raise self.fail("trailing comma before ']'", "NWX104")
            node.items.append(self.value(depth + 1))
            if self.after(node, "]"):
                return node

    def after(self, node: Value, close: str) -> bool:
        """Consume ',' (False: more to come) or ``close`` (True: ``node`` ends here)."""
        self.skip()
        ch = self.peek()
        if ch == ",":
            self.pos += 1
            self.skip()
            return False
        if ch == close:
            self.pos += 1
            node.end = self.pos
            return True
        raise self.fail(f"',' or '{close}' is expected")


def parse(text: str) -> Value:
    """The root value of ``text``, every value located.

    Raises:
        JsonReadError: not exactly one strict JSON value.
    """
    reader = _Reader(text)
    reader.skip()
    root = reader.value(0)
    reader.skip()
    if reader.pos != len(text):
        raise reader.fail("unexpected text after the JSON value")
    return root


def separator(text: str, member: Member) -> str:
    """What stands between the key and the value of a member, e.g. ``": "`` or ``":"``."""
    return text[member.key_end : member.value.start]


def member_removal(text: str, obj: Value, member: Member) -> tuple[int, int]:
    """The span to delete to remove ``member`` from ``obj`` with its comma."""
    index = next(i for i, m in enumerate(obj.members) if m is member)
    if index + 1 < len(obj.members):
        return member.start, obj.members[index + 1].start
    if index > 0:
        return obj.members[index - 1].end, member.end
    return member.start, member.end
