"""Reading a file's bytes as text and writing the edited text back in the same encoding.

Migration edits documents and scripts as text, by splicing; everything it does not edit
must come back byte for byte. :class:`Decoded` remembers the byte order mark and the codec
so that :meth:`Decoded.encode` restores them (PowerShell 5.1 writes UTF-16LE with a BOM,
or UTF-8 with a BOM; both are kept as they were).
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass
from typing import Final, Literal

Flavour = Literal["xml", "json", "script"]

_BOMS: Final[tuple[tuple[bytes, str], ...]] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED: Final = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")


class UndecodableError(ValueError):
    """The bytes are not text in the encoding they declare or imply."""

    def __init__(self, codec: str, offset: int) -> None:
        self.codec = codec
        self.offset = offset
        super().__init__(f"byte {offset} is not valid {codec}")


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text of a file plus what is needed to write it back the same way.

    Attributes:
        text: the content, without the byte order mark.
        codec: Python codec name used to decode (and to encode back).
        bom: the byte order mark the file started with (``b""`` if none).
    """

    text: str
    codec: str
    bom: bytes = b""

    def encode(self, text: str | None = None) -> bytes:
        """``text`` (default: the original text) in the file's own encoding, BOM included."""
        return self.bom + (self.text if text is None else text).encode(self.codec)


def _sniff_without_bom(data: bytes) -> str | None:
    """UTF-16/32 without BOM, recognised by the NUL bytes around the first ASCII character."""
    head = data[:4]
    if len(head) == 4:
        if head[0] == 0 and head[1] == 0 and head[2] == 0 and head[3] != 0:
            return "utf-32-be"
        if head[0] != 0 and head[1] == 0 and head[2] == 0 and head[3] == 0:
            return "utf-32-le"
    if len(head) >= 2:
        if head[0] == 0 and head[1] != 0:
            return "utf-16-be"
        if head[0] != 0 and head[1] == 0:
            return "utf-16-le"
    return None


def _declared(data: bytes) -> str | None:
    match = _DECLARED.match(data)
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # A declaration of UTF-16/32 on bytes that have no NUL pattern cannot be true: the
    # bytes are what count (the validator reports the mismatch).
    if info.name.startswith(("utf-16", "utf-32")):
        return None
    return info.name


def decode(data: bytes, flavour: Flavour) -> Decoded:
    """Decode a payload (``xml``, ``json``) or a script.

    Order: byte order mark; UTF-16/32 recognised by NUL bytes; for XML, the encoding
    declaration; then UTF-8. A script that is not UTF-8 is read as Latin-1, which maps every
    byte to one character, so the parts left alone are written back unchanged (the same
    holds for Windows-1252 scripts: the inserted text is ASCII).

    Raises:
        UndecodableError: the bytes are not valid in the encoding found.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(_strict(data[len(bom) :], codec, len(bom)), codec, bom)
    codec = _sniff_without_bom(data) or (_declared(data) if flavour == "xml" else None) or "utf-8"
    try:
        return Decoded(_strict(data, codec, 0), codec)
    except UndecodableError:
        if flavour != "script":
            raise
    return Decoded(data.decode("latin-1"), "latin-1")


def _strict(data: bytes, codec: str, offset: int) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as err:
        raise UndecodableError(codec, offset + err.start) from err


class LineIndex:
    """1-based line and column (in characters) of character offsets in one text.

    Lines end at LF, CR LF or a lone CR.
    """

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in _NEWLINE.finditer(text))]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1


_NEWLINE: Final = re.compile(r"\r\n|\r|\n")


def newline_of(text: str) -> str:
    """The line ending a file uses (its first one), ``\\n`` if it has none."""
    lf = text.find("\n")
    if lf > 0 and text[lf - 1] == "\r":
        return "\r\n"
    if lf < 0 and "\r" in text:
        return "\r"
    return "\n"
