"""Opening a payload: paths, bytes, text or streams; encodings, byte order marks, format.

Everything here works on a bounded head of the input and then streams: the text of a
document is produced chunk by chunk (:meth:`Decoded.chunks`), with the exact line and
column of the first byte that is not valid in the encoding.
"""

from __future__ import annotations

import codecs
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Final

from nwx_schema.issues import Issue

CHUNK: Final = 1 << 16
_HEAD: Final = 1 << 12
_XML_DECL: Final = re.compile(r"""^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")
_JSON_START: Final = frozenset('[{"-0123456789tfn')


class SourceError(OSError):
    """The source cannot be read at all (missing file, permission...): not a finding."""


@dataclass(slots=True)
class Opened:
    """A binary stream over a payload plus what is known of it."""

    name: str
    stream: IO[bytes]
    size: int | None
    owned: bool
    #: Temporary files and the like that live as long as the source is read.
    companions: list[IO[bytes]] = field(default_factory=list)
    #: The stream is a file opened here from its path, from its first byte.
    from_path: bool = False

    def close(self) -> None:
        for companion in self.companions:
            companion.close()
        if self.owned:
            self.stream.close()


def looks_like_document(text: str) -> bool:
    """Whether a ``str`` is a document rather than a file name."""
    stripped = text.lstrip(" \t\r\n\ufeff")
    return (bool(stripped) and stripped[0] in '<[{"') or "\n" in text


def open_source(source: str | bytes | os.PathLike[str] | IO[Any], name: str | None = None) -> Opened:
    """Open a payload given as a path, bytes, text or a stream.

    A ``str`` is document text when it starts like XML or JSON (or spans lines), and a
    file name otherwise if such a file exists.

    Raises:
        SourceError: a path that cannot be opened.
    """
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        return Opened(name or "<data>", io.BytesIO(data), len(data), True)
    if isinstance(source, str):
        if not looks_like_document(source) and source and os.path.isfile(source):
            return _open_path(source, name)
        data = source.encode("utf-8", "surrogatepass")
        return Opened(name or "<data>", io.BytesIO(data), len(data), True)
    if isinstance(source, os.PathLike):
        return _open_path(os.fspath(source), name)
    if hasattr(source, "read"):
        probe = source.read(0)
        if isinstance(probe, str):  # a text stream: read it as text
            text = source.read()
            data = text.encode("utf-8", "surrogatepass")
            return Opened(name or _stream_name(source), io.BytesIO(data), len(data), True)
        return Opened(name or _stream_name(source), source, None, False)
    raise TypeError(f"cannot read a payload from {type(source).__name__}")


def _stream_name(stream: Any) -> str:
    value = getattr(stream, "name", None)
    return value if isinstance(value, str) and not value.startswith("<") else "<stream>"


def _open_path(path: str, name: str | None) -> Opened:
    try:
        if os.path.isdir(path):
            raise SourceError(f"{path}: is a directory")
        handle = open(path, "rb")  # noqa: SIM115 - closed by Opened.close
        size = os.fstat(handle.fileno()).st_size
    except OSError as err:
        raise SourceError(f"{path}: {err.strerror or err}") from err
    return Opened(name or path, handle, size, True, from_path=True)


@dataclass(slots=True)
class Sniffed:
    """What the first bytes say: encoding, byte order mark, format."""

    encoding: str
    bom: bytes
    format: str | None  # "xml", "json" or None
    empty: bool
    issues: list[Issue] = field(default_factory=list)
    declared: str | None = None


_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _warning(code: str, message: str) -> Issue:
    return Issue(1, 1, code, "warning", message, pointer="")


def _error(code: str, message: str, line: int = 1, column: int = 1) -> Issue:
    return Issue(line, column, code, "error", message, pointer="")


def sniff(head: bytes) -> Sniffed:
    """Decide encoding and format from the first bytes of a document."""
    bom = b""
    encoding = "utf-8"
    issues: list[Issue] = []
    for mark, enc in _BOMS:
        if head.startswith(mark):
            bom, encoding = mark, enc
            break
    if not bom and len(head) >= 2:
        # UTF-16 without a byte order mark: only when it decodes to the start of a document
        for candidate, pair in (("utf-16-be", head[:2]), ("utf-16-le", head[:2][::-1])):
            if pair[0] == 0 and pair[1] != 0:
                start = head.decode(candidate, errors="ignore").lstrip(" \t\r\n")[:1]
                if start and start in '<[{"':
                    encoding = candidate
    if encoding.startswith("utf-32"):
        issues.append(_error("NWX109", "UTF-32 is not supported: save the file as UTF-8"))
        return Sniffed(encoding, bom, None, False, issues)
    if encoding.startswith("utf-16"):
        issues.append(
            _warning(
                "NWX108",
                "the document is UTF-16 (PowerShell 5.1 Out-File writes it): it is read correctly, "
                "but send UTF-8 (Out-File -Encoding utf8, or Set-Content -Encoding utf8)",
            )
        )
    elif bom:
        issues.append(
            _warning(
                "NWX107",
                "the document starts with a UTF-8 byte order mark: it is read correctly, but send "
                "UTF-8 without BOM (PowerShell 7: -Encoding utf8NoBOM; .NET: new UTF8Encoding(false))",
            )
        )
    body = head[len(bom) :]
    text = body.decode(encoding, errors="ignore")
    stripped = text.lstrip(" \t\r\n")
    if not stripped:
        return Sniffed(encoding, bom, None, not body.strip(b" \t\r\n\x00"), issues)
    first = stripped[0]
    fmt = "xml" if first == "<" else "json" if first in _JSON_START else None
    declared = None
    if fmt == "xml":
        match = _XML_DECL.match(stripped)
        if match:
            declared = match.group(1).lower()
    return Sniffed(encoding, bom, fmt, False, issues, declared)


def xml_encoding(sniffed: Sniffed) -> tuple[str, Issue | None]:
    """The encoding to read an XML document with, and a finding if the declaration lies."""
    declared = sniffed.declared
    actual = sniffed.encoding
    if declared is None:
        return actual, None
    try:
        declared_norm = codecs.lookup(declared).name
    except LookupError:
        return actual, _error("NWX111", f"the XML declaration names an unknown encoding {declared!r}")
    if actual.startswith("utf-16"):
        if declared_norm.startswith("utf-16"):
            return actual, None
        return actual, _error(
            "NWX111",
            f'the XML declaration says encoding="{declared}" but the bytes are UTF-16: '
            'declare encoding="utf-16" or, better, save as UTF-8',
        )
    if declared_norm.startswith(("utf-16", "utf-32")):
        return actual, _error(
            "NWX111",
            f'the XML declaration says encoding="{declared}" but the bytes are UTF-8 (a .NET '
            'StringWriter does this): declare encoding="utf-8"',
        )
    if sniffed.bom and declared_norm != "utf-8":
        return actual, _error(
            "NWX111",
            f'the XML declaration says encoding="{declared}" but the file starts with a UTF-8 '
            "byte order mark",
        )
    return declared_norm, None


class DecodeError(Exception):
    """Bytes that are not valid in the encoding, at a known place."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(issue.message)
        self.issue = issue


class Decoded:
    """The text of a stream, decoded chunk by chunk, with exact error positions."""

    def __init__(self, opened: Opened, head: bytes, encoding: str, skip_bom: int) -> None:
        self.opened = opened
        self.head = head[skip_bom:]
        self.encoding = encoding
        self.decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        self.line = 1
        self.col = 1
        self.bytes_read = len(head)

    def _advance(self, text: str) -> None:
        newlines = text.count("\n")
        if newlines:
            self.line += newlines
            self.col = len(text) - text.rfind("\n")
        else:
            self.col += len(text)

    def _decode(self, data: bytes, final: bool) -> str:
        try:
            text = self.decoder.decode(data, final)
        except UnicodeDecodeError as err:
            good = data[: err.start].decode(self.encoding, errors="ignore")
            self._advance(good)
            bad = data[err.start : err.start + 4].hex(" ").upper()
            name = self.encoding.upper().replace("-LE", "").replace("-BE", "")
            raise DecodeError(
                _error(
                    "NWX109",
                    f"bytes {bad} are not valid {name} (often ANSI text written by Windows "
                    "PowerShell 5.1 Set-Content): re-save the file as UTF-8",
                    self.line,
                    self.col,
                )
            ) from err
        self._advance(text)
        return text

    def chunks(self, size: int = CHUNK) -> Iterator[str]:
        """Decoded text, in pieces; raises :class:`DecodeError` at the first bad byte."""
        if self.head:
            text = self._decode(self.head, False)
            if text:
                yield text
        while True:
            data = self.opened.stream.read(size)
            if not data:
                break
            self.bytes_read += len(data)
            text = self._decode(data, False)
            if text:
                yield text
        tail = self._decode(b"", True)
        if tail:
            yield tail


def read_head(opened: Opened) -> bytes:
    """The first bytes of a stream (they are replayed by :class:`Decoded`)."""
    return opened.stream.read(_HEAD)
