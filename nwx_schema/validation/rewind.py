"""Reading a source twice while its owner reads it once (the fast pass, then the located pass)."""

from __future__ import annotations

import io
from typing import IO, Any, cast


class Rewinder:
    """Lets the fast pass read a stream once and the located pass read it again.

    A seekable stream is sought back; any other (a pipe, standard input) is copied to a
    temporary file while the fast pass reads it, and replayed from there, so the source
    itself is read only once.
    """

    def __init__(self, opened: Any) -> None:
        self.opened = opened
        source = opened.stream
        self.spool: IO[bytes] | None = None
        self.start = -1
        if source.seekable():
            self.start = source.tell()
            self.stream: IO[bytes] = source
        else:
            import tempfile

            self.spool = tempfile.SpooledTemporaryFile(max_size=32 << 20)  # noqa: SIM115
            opened.companions.append(self.spool)  # closed with the source
            self.stream = cast(IO[bytes], _Tee(source, self.spool))

    def rewound(self, head: bytes) -> IO[bytes]:
        """The stream again, positioned just after ``head`` (which the caller keeps)."""
        if self.spool is None:
            self.stream.seek(self.start)
            return self.stream
        self.spool.seek(0)
        return cast(IO[bytes], _Chain(self.spool, self.opened.stream))


class _Tee(io.RawIOBase):
    def __init__(self, source: IO[bytes], copy: IO[bytes]) -> None:
        self.source, self.copy = source, copy

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.copy.write(data)
        return data


class _Chain(io.RawIOBase):
    def __init__(self, first: IO[bytes], then: IO[bytes]) -> None:
        self.first, self.then = first, then

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.first.read(size)
        if data:
            return data
        return self.then.read(size)
