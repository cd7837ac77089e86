"""The input of a conversion, readable as many times as needed.

Validation reads the document once and conversion reads it again (an output document
in JSON twice more), so every source becomes something that can be re-opened: a file
path, or bytes in memory. A stream (standard input, a pipe) is read once into memory
when small and into a temporary file otherwise. JSON is handed to the readers as UTF-8 without a
byte order mark (UTF-16 documents are transcoded); XML as its original bytes, which
lxml decodes itself.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any, Final

_CHUNK: Final = 1 << 20
#: Streams up to this size are spooled in memory, larger ones on disk.
_SPOOL_BYTES: Final = 16 * 1024 * 1024

Source = str | bytes | bytearray | memoryview | os.PathLike[str] | IO[Any] | list[Any] | dict[str, Any]


def looks_like_document(text: str) -> bool:
    """Whether a ``str`` is document text rather than a file name (the validator's rule)."""
    stripped = text.lstrip(" \t\r\n\ufeff")
    return (bool(stripped) and stripped[0] in '<[{"') or "\n" in text


@dataclass(slots=True)
class Input:
    """One document to convert.

    Attributes:
        name: file name, ``<stdin>`` or ``<data>`` (used in findings).
        path: a file on disk, or ``None``.
        data: the bytes in memory, or ``None``.
        decoded: the JSON form itself when the caller passed a ``list`` or ``dict``.
    """

    name: str
    path: str | None = None
    data: bytes | None = None
    decoded: Any = None
    is_decoded: bool = False
    _utf8: Input | None = None
    _temps: list[str] = field(default_factory=list)

    def for_validation(self) -> Any:
        """The same document in a form :func:`nwx_schema.validate` reads unambiguously."""
        if self.is_decoded:
            return self.decoded
        if self.path is not None:
            return _PathArg(self.path)
        assert self.data is not None
        return self.data

    def open(self) -> IO[bytes]:
        """A new binary stream over the original bytes, at the start; close it after use."""
        if self.path is not None:
            return open(self.path, "rb")
        assert self.data is not None
        return io.BytesIO(self.data)

    def open_json(self) -> IO[bytes]:
        """Like :meth:`open`, as UTF-8 without a byte order mark."""
        stream = self.open()
        head = stream.read(4)
        if head.startswith(codecs.BOM_UTF8):
            stream.seek(3)
            return stream
        encoding = _utf16(head)
        if encoding is None:
            stream.seek(0)
            return stream
        stream.close()
        if self._utf8 is None:
            self._utf8 = self._transcoded(encoding)
        return self._utf8.open()

    def _transcoded(self, encoding: str) -> Input:
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        first = True

        def utf8_chunks() -> Iterator[bytes]:
            nonlocal first
            with self.open() as stream:
                while chunk := stream.read(_CHUNK):
                    text = decoder.decode(chunk)
                    if first and text:
                        text, first = text.removeprefix("\ufeff"), False
                    yield text.encode("utf-8")
            yield decoder.decode(b"", True).encode("utf-8")

        return _spooled(self.name, utf8_chunks())

    def close(self) -> None:
        """Delete temporary files."""
        for temp in self._temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        self._temps.clear()
        if self._utf8 is not None:
            self._utf8.close()

    def __enter__(self) -> Input:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _PathArg(os.PathLike[str]):
    """A path that is never mistaken for document text."""

    def __init__(self, path: str) -> None:
        self._path = path

    def __fspath__(self) -> str:
        return self._path


def _utf16(head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if len(head) >= 2 and head[0] == 0 and head[1] != 0:
        return "utf-16-be"
    if len(head) >= 2 and head[0] != 0 and head[1] == 0:
        return "utf-16-le"
    return None


def prepare_input(source: Source, name: str | None = None) -> Input:
    """Make ``source`` re-readable: a path (``str`` that does not look like a document,
    or ``os.PathLike``), document text (``str``), ``bytes``, a binary or text stream, or
    the JSON form itself (``list``/``dict``).

    Raises:
        OSError: a path that cannot be read.
    """
    if isinstance(source, list | dict):
        return Input(name or "<data>", decoded=source, is_decoded=True)
    if isinstance(source, bytes | bytearray | memoryview):
        return Input(name or "<data>", data=bytes(source))
    if isinstance(source, str):
        if source and not looks_like_document(source) and os.path.isfile(source):
            return _from_path(source, name)
        return Input(name or "<data>", data=source.encode("utf-8", "surrogatepass"))
    if isinstance(source, os.PathLike):
        return _from_path(os.fspath(source), name)
    if hasattr(source, "read"):
        return _from_stream(source, name)
    raise TypeError(f"cannot convert a {type(source).__name__}")


def _from_path(path: str, name: str | None) -> Input:
    if os.path.isdir(path):
        raise IsADirectoryError(f"{path}: is a directory")
    with open(path, "rb"):
        pass  # fail now, with the OS's reason, if it cannot be read
    return Input(name or path, path=path)


def _from_stream(stream: IO[Any], name: str | None) -> Input:
    label = name or _stream_name(stream)
    probe = stream.read(0)
    if isinstance(probe, str):
        return Input(label, data=stream.read().encode("utf-8", "surrogatepass"))
    return _spooled(label, iter(lambda: stream.read(_CHUNK), b""))


def _spooled(name: str, chunks: Iterator[bytes]) -> Input:
    """The bytes of ``chunks``: in memory up to :data:`_SPOOL_BYTES`, else in a
    temporary file deleted by :meth:`Input.close`."""
    head: list[bytes] = []
    size = 0
    for chunk in chunks:
        head.append(chunk)
        size += len(chunk)
        if size > _SPOOL_BYTES:
            break
    else:
        return Input(name, data=b"".join(head))
    handle, path = tempfile.mkstemp(prefix="nwx-schema-", suffix=".spool")
    inp = Input(name, path=path)
    inp._temps.append(path)
    try:
        with os.fdopen(handle, "wb") as spool:
            spool.writelines(head)
            for chunk in chunks:
                spool.write(chunk)
    except BaseException:
        inp.close()
        raise
    return inp


def _stream_name(stream: Any) -> str:
    value = getattr(stream, "name", None)
    return value if isinstance(value, str) and not value.startswith("<") else "<stream>"
