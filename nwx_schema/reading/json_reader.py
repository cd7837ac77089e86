"""A streaming JSON reader that knows where every value is.

It reads the JSON form of a document from text chunks and produces events: the root,
then one complete value per record (with the line and column of every value and key
inside it), so a 1,000,000-record array is read in memory that does not grow with the
file. It is strict where the API is: trailing commas, comments, single quotes, NaN and
invalid escapes are syntax errors, and a duplicate key is a finding (``NWX302``), not a
silent overwrite.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from json import decoder as _json_decoder
from json.decoder import JSONDecodeError
from typing import Any, Final, cast

from nwx_schema.issues import Issue
from nwx_schema.locations import Path

MAX_DEPTH: Final = 64
MAX_STRING: Final = 10 * 1024 * 1024

_WS: Final = re.compile(r"[ \t\n\r]*")
_NUMBER: Final = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_FORBIDDEN: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
#: The C string scanner of the standard json module (strict: raw control characters refused).
_scanstring: Final = _json_decoder.scanstring  # type: ignore[attr-defined]

Position = tuple[int, int]


class JsonSyntaxError(Exception):
    """The text is not JSON from here on; carries the finding."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


@dataclass(frozen=True, slots=True)
class Finding:
    """A finding made while reading, at a JSON-form path (located later by the caller)."""

    code: str
    message: str
    path: Path
    where: Position


@dataclass(slots=True)
class Root:
    """The first event: what the top-level value is and where it starts."""

    type: str  # "object", "array", "string", "number", "literal"
    line: int
    column: int


@dataclass(slots=True)
class Value:
    """A complete value at ``path`` (a record, a member of the root object, or the root)."""

    path: Path
    value: Any
    positions: dict[Path, Position]
    key_positions: dict[Path, Position]
    issues: list[Finding] = field(default_factory=list)


@dataclass(slots=True)
class ListStart:
    """A streamed array begins at ``path`` (the root array, or ActivityRecordList)."""

    path: Path
    line: int
    column: int


@dataclass(slots=True)
class ListEnd:
    path: Path
    count: int


Event = Root | Value | ListStart | ListEnd

#: Members of the root object whose array value is streamed item by item.
STREAMED_MEMBERS: Final = frozenset({"ActivityRecordList"})


class JsonReader:
    """Pull events out of JSON text chunks (see :meth:`events`)."""

    def __init__(self, chunks: Iterator[str], start: Position = (1, 1)) -> None:
        """``start``: where the text begins in its file (to read a piece of a document)."""
        self._chunks = chunks
        self.buf = ""
        self.pos = 0
        self.base = 0  # global offset of buf[0]
        self.eof = False
        self.line = start[0]
        self.line_start = 1 - start[1]  # global offset of the first character of the current line
        self.positions: dict[Path, Position] = {}
        self.key_positions: dict[Path, Position] = {}
        self.issues: list[Finding] = []

    # -- buffer ---------------------------------------------------------------------

    def _fill(self) -> bool:
        if self.eof:
            return False
        for chunk in self._chunks:
            if not chunk:
                continue
            if self.pos:
                self.base += self.pos
                self.buf = self.buf[self.pos :] + chunk
                self.pos = 0
            else:
                self.buf += chunk
            return True
        self.eof = True
        return False

    def _peek(self) -> str:
        if self.pos >= len(self.buf) and not self._fill():
            return ""
        return self.buf[self.pos]

    def _ws(self) -> None:
        while True:
            match = _WS.match(self.buf, self.pos)
            assert match is not None
            end = match.end()
            if end > self.pos:
                skipped = self.buf[self.pos : end]
                newlines = skipped.count("\n")
                if newlines:
                    self.line += newlines
                    self.line_start = self.base + self.pos + skipped.rfind("\n") + 1
                self.pos = end
            if end < len(self.buf) or not self._fill():
                return

    def here(self) -> Position:
        return (self.line, self.base + self.pos - self.line_start + 1)

    # -- findings -------------------------------------------------------------------

    def _syntax(self, message: str, code: str = "NWX103", where: Position | None = None) -> JsonSyntaxError:
        line, col = where or self.here()
        return JsonSyntaxError(Issue(line, col, code, "error", message))

    def _issue(self, code: str, message: str, path: Path, where: Position) -> None:
        self.issues.append(Finding(code, message, path, where))

    # -- values ---------------------------------------------------------------------

    def _value(self, path: Path, depth: int) -> Any:
        self._ws()
        c = self._peek()
        where = self.here()
        self.positions[path] = where
        if c == "{":
            return self._object(path, depth + 1)
        if c == "[":
            return self._array(path, depth + 1)
        if c == '"':
            return self._string(path, where)
        if c and c in "-0123456789":
            return self._number()
        return self._literal(c)

    def _literal(self, c: str) -> Any:
        for word, value in (("true", True), ("false", False), ("null", None)):
            if c == word[0]:
                while len(self.buf) - self.pos < len(word) and self._fill():
                    pass
                if self.buf.startswith(word, self.pos):
                    self.pos += len(word)
                    return value
        if not c:
            raise self._syntax("the JSON ends where a value was expected")
        rest = self.buf[self.pos : self.pos + 12]
        if rest.startswith(("NaN", "Infinity", "-Infinity")):
            raise self._syntax(
                f"{rest.split()[0].rstrip(',]}')} is not a JSON value: write a number or a string"
            )
        if c == "'":
            raise self._syntax("strings must be in double quotes, not single quotes")
        if c == "/":
            raise self._syntax("comments are not allowed in JSON")
        raise self._syntax(f"unexpected character {c!r} where a value was expected")

    def _number(self) -> Any:
        while True:
            match = _NUMBER.match(self.buf, self.pos)
            reached = match.end() if match else self.pos + 1
            if reached >= len(self.buf) and self._fill():
                continue
            break
        if not match:
            raise self._syntax("malformed number")
        text = match.group()
        self.pos = match.end()
        if "." in text or "e" in text or "E" in text:
            return float(text)
        return int(text)

    def _string(self, path: Path | None, where: Position) -> str:
        start = self.pos  # the opening quote
        search = start + 1
        while True:
            end = self.buf.find('"', search)
            if end < 0:
                if len(self.buf) - start > MAX_STRING:
                    raise self._syntax(
                        f"a string longer than {MAX_STRING // (1024 * 1024)} MiB: refused", "NWX112", where
                    )
                searched = len(self.buf) - start  # relative to the opening quote
                if not self._fill():
                    raise self._syntax("unterminated string", where=where)
                start = self.pos  # _fill may drop what precedes the quote
                search = start + searched
                continue
            backslashes = 0
            k = end - 1
            while k > start and self.buf[k] == "\\":
                backslashes += 1
                k -= 1
            if backslashes % 2:
                search = end + 1
                continue
            break
        raw_len = end - start
        if raw_len > MAX_STRING:
            raise self._syntax(
                f"a string longer than {MAX_STRING // (1024 * 1024)} MiB: refused", "NWX112", where
            )
        raw = self.buf[start + 1 : end]
        if "\\" not in raw and raw.isascii() and raw.isprintable():
            self.pos = end + 1
            return raw
        try:
            text, after = cast("tuple[str, int]", _scanstring(self.buf, start + 1, True))
        except JSONDecodeError as err:
            col = where[1] + (err.pos - start)
            message = err.msg
            if message.startswith("Invalid \\escape"):
                message = (
                    "invalid escape in a string: a backslash must be written \\\\ in JSON "
                    '(e.g. "CORP\\\\jdoe"); the API answers this with 500 and an empty body'
                )
            elif message.startswith("Invalid control character"):
                message = "a raw control character (tab, newline...) in a string: escape it as \\t, \\n..."
            raise self._syntax(message, where=(where[0], col)) from err
        self.pos = after
        if path is not None:
            if _SURROGATE.search(text):
                self._issue(
                    "NWX113", "the string holds a lone surrogate escape (\\uD800-\\uDFFF)", path, where
                )
            elif _FORBIDDEN.search(text) or "\ufffe" in text or "\uffff" in text:
                bad = _FORBIDDEN.search(text)
                char = f"U+{ord(bad.group()):04X}" if bad else "a character"
                self._issue(
                    "NWX110",
                    f"the string holds {char}, which XML 1.0 cannot carry: remove it",
                    path,
                    where,
                )
        return text

    def _object(self, path: Path, depth: int) -> dict[str, Any]:
        if depth > MAX_DEPTH:
            raise self._syntax(f"nested deeper than {MAX_DEPTH} levels: refused", "NWX112")
        self.pos += 1
        result: dict[str, Any] = {}
        self._ws()
        if self._peek() == "}":
            self.pos += 1
            return result
        while True:
            key, key_where = self._key()
            child = (*path, key)
            if key in result:
                self._issue("NWX302", _duplicate_message(key), child, key_where)
                saved = self.positions, self.key_positions
                self.positions, self.key_positions = {}, {}
                self._value(child, depth)
                self.positions, self.key_positions = saved
            else:
                self.key_positions[child] = key_where
                result[key] = self._value(child, depth)
            if self._after_member(key):
                return result

    def _key(self) -> tuple[str, Position]:
        """A member's key and the colon after it; where the key starts."""
        self._ws()
        c = self._peek()
        if c != '"':
            if not c:
                raise self._syntax("the JSON ends inside an object")
            raise self._syntax(f"expected a key in double quotes, found {c!r}")
        key_where = self.here()
        key = self._string(None, key_where)
        self._ws()
        if self._peek() != ":":
            raise self._syntax(f"expected ':' after the key {key!r}")
        self.pos += 1
        return key, key_where

    def _after_member(self, key: str) -> bool:
        """Consume ',' (False: more members) or '}' (True: the object ends)."""
        return self._after("}", "an object", f"the value of {key!r}")

    def _after(self, close: str, inside: str, after: str) -> bool:
        """Consume ',' (False: more to come) or ``close`` (True: the container ends)."""
        self._ws()
        c = self._peek()
        if c == ",":
            comma = self.here()
            self.pos += 1
            self._ws()
            if self._peek() == close:
                raise self._syntax(
                    f"trailing comma before '{close}': the API does not accept it", "NWX104", comma
                )
            return False
        if c == close:
            self.pos += 1
            return True
        if not c:
            raise self._syntax(f"the JSON ends inside {inside}")
        raise self._syntax(f"expected ',' or '{close}' after {after}, found {c!r}")

    def _array(self, path: Path, depth: int) -> list[Any]:
        if depth > MAX_DEPTH:
            raise self._syntax(f"nested deeper than {MAX_DEPTH} levels: refused", "NWX112")
        self.pos += 1
        result: list[Any] = []
        self._ws()
        if self._peek() == "]":
            self.pos += 1
            return result
        while True:
            result.append(self._value((*path, len(result)), depth))
            if self._after_item():
                return result

    def _after_item(self) -> bool:
        """Consume ',' (False: more items) or ']' (True: the array ends)."""
        return self._after("]", "an array", "an array item")

    # -- streaming ------------------------------------------------------------------

    def read_value(self, path: Path) -> Value:
        """One complete value (with positions), read from the start of the text."""
        return self._take(path, 1)

    def _take(self, path: Path, depth: int) -> Value:
        self.positions, self.key_positions, self.issues = {}, {}, []
        value = self._value(path, depth)
        return Value(path, value, self.positions, self.key_positions, self.issues)

    def _stream_array(self, path: Path, depth: int) -> Iterator[Event]:
        where = self.here()
        yield ListStart(path, *where)
        self.pos += 1
        self._ws()
        count = 0
        if self._peek() == "]":
            self.pos += 1
        else:
            while True:
                yield self._take((*path, count), depth + 1)
                count += 1
                if self._after_item():
                    break
        yield ListEnd(path, count)

    def events(self) -> Iterator[Event]:
        """The root event, then values (records streamed one at a time), in order.

        Raises:
            JsonSyntaxError: at the first syntax error (events before it are valid).
        """
        self._ws()
        c = self._peek()
        where = self.here()
        if c == "[":
            yield Root("array", *where)
            yield from self._stream_array((), 0)
        elif c == "{":
            yield Root("object", *where)
            yield from self._stream_object()
        else:
            kind = "string" if c == '"' else "number" if c and c in "-0123456789" else "literal"
            yield Root(kind, *where)
            yield self._take((), 0)
        self._ws()
        if self._peek():
            raise self._syntax("unexpected data after the end of the JSON document")

    def _stream_object(self) -> Iterator[Event]:
        self.pos += 1
        self._ws()
        if self._peek() == "}":
            self.pos += 1
            return
        seen: set[str] = set()
        while True:
            key, key_where = self._key()
            self._ws()
            if key in seen:
                self.issues = []
                self._issue("NWX302", _duplicate_message(key), (key,), key_where)
                dup = self.issues
                self._take((key,), 1)
                yield Value((key,), None, {}, {}, dup)
            elif key in STREAMED_MEMBERS and self._peek() == "[":
                seen.add(key)
                yield from self._stream_array((key,), 1)
            else:
                seen.add(key)
                value = self._take((key,), 1)
                value.key_positions[(key,)] = key_where
                yield value
            if self._after_member(key):
                return


def _duplicate_message(key: str) -> str:
    return (
        f"{key!r} is given twice in the same object; JSON parsers silently keep only one: keep one"
        " (for several search values use an array)"
    )
