"""The report written by a second process, so that checking and reporting a document full
of findings run on two cores instead of one.

The JSON fast pass checks a document in one process; rendering hundreds of thousands of
findings as JSON, SARIF, JUnit or GitHub lines costs that process as much again. With
:func:`offload`, the reporter is forked into a child process before the first file is
checked: the parent turns each finding into a plain tuple and sends them in batches
through a pipe (``marshal``, a few tenths of a microsecond each), or sends the rows of a
:class:`~nwx_schema.finding_rows.FindingRows` as they are; the child, which holds the very
reporter the CLI built (same context, same output stream), makes each
:class:`~nwx_schema.issues.Issue` and renders it. Every other event (files begun and
ended, unreadable paths, the summary) follows in order, so the report is byte for byte the
one the reporter writes in-process (the tests hold them equal). The pipe is bounded: a slow
output slows the check down instead of filling memory.

Where a child cannot be had (no ``fork``, other threads running, an output stream that is
not a file descriptor, as under click's test runner), the reporter stays in-process.
``NWX_SCHEMA_OFFLOAD=0`` keeps it there always, ``=1`` moves it whatever the input's size.

The child exits 0 once the report is written; if the report cannot be written (disk full)
it says why on standard error and the parent raises :class:`ReportError`; if the reader
of standard output went away, the parent sees :class:`BrokenPipeError`, as it would
in-process.
"""

from __future__ import annotations

import errno
import marshal
import os
import pickle
import struct
import sys
import threading
from collections.abc import Callable, Sequence
from typing import Any, BinaryIO, Final

from nwx_schema.finding_rows import FindingRows
from nwx_schema.issues import Issue, issue_fields
from nwx_schema.reporting.base import Reporter, ReportError
from nwx_schema.reporting.outcome import FileResult, Summary, Unreadable

#: findings sent together.
BATCH: Final = 1024
#: input size from which the report is written by a child process (when not forced).
OFFLOAD_FROM: Final = 1 << 20
_PIPE_SIZE: Final = 1 << 20
_HEADER: Final = struct.Struct("<cI")
_ISSUES, _ROWS, _EVENT = b"I", b"R", b"E"
#: the child's exit statuses.
_OK, _FAILED, _CLOSED = 0, 2, 3


def wanted(total_bytes: int, *, environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """Whether a run over ``total_bytes`` of input should have its report written by a
    child process (``NWX_SCHEMA_OFFLOAD`` overrides: ``0`` never, ``1`` always)."""
    choice = environ.get("NWX_SCHEMA_OFFLOAD", "")
    if choice in ("0", "1"):
        return choice == "1"
    return total_bytes >= OFFLOAD_FROM


def offload(reporter: Reporter, flush: Callable[[], None]) -> Reporter:
    """``reporter`` at work in a child process, behind a stand-in with the same methods;
    ``reporter`` itself when no child can be had here.

    ``flush`` writes out what the reporter's output holds; it is called before the fork
    (nothing buffered is written twice) and, in the child, after each file and at the end.
    Call it before :meth:`~Reporter.begin_run`, from the thread that runs the check.
    """
    if not hasattr(os, "fork") or threading.active_count() > 1 or not _has_fd(sys.stdout):
        return reporter
    flush()
    sys.stdout.flush()
    sys.stderr.flush()
    read, write = os.pipe()
    _widen(write)
    pid = os.fork()
    if pid == 0:  # the child: never returns
        status = _FAILED
        try:
            os.close(write)
            status = _serve(reporter, flush, os.fdopen(read, "rb", buffering=_PIPE_SIZE))
        finally:
            os._exit(status)
    os.close(read)
    return Offloaded(reporter, pid, write)


def _has_fd(stream: Any) -> bool:
    try:
        stream.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError
        return False
    return True


def _widen(fd: int) -> None:
    """A larger pipe buffer (Linux), so the two processes hand over less often."""
    try:
        import fcntl

        fcntl.fcntl(fd, getattr(fcntl, "F_SETPIPE_SZ", 1031), _PIPE_SIZE)
    except (ImportError, OSError):
        pass


class Offloaded(Reporter):
    """The parent's stand-in for a reporter at work in a child process: each call is sent
    to the child, findings in batches."""

    def __init__(self, reporter: Reporter, pid: int, fd: int) -> None:
        super().__init__(reporter.context, reporter.out)
        self._pid = pid
        self._fd = fd
        self._batch: list[tuple[Any, ...]] = []
        self._status: int | None = None

    def begin_run(self) -> None:
        self._event("begin_run")

    def begin_file(self, path: str) -> None:
        self._event("begin_file", path)

    def issue(self, issue: Issue) -> None:
        self.issues([issue])

    def issues(self, issues: Sequence[Issue]) -> None:
        if isinstance(issues, FindingRows):  # the child makes the issues
            if self._batch:
                self._send_batch()
            self._send(_ROWS, marshal.dumps(issues.state()))
            return
        batch = self._batch
        batch.extend(map(issue_fields, issues))
        if len(batch) >= BATCH:
            self._send_batch()

    def end_file(self, result: FileResult) -> None:
        self._event("end_file", result)

    def unreadable(self, unreadable: Unreadable) -> None:
        self._event("unreadable", unreadable)

    def end_run(self, summary: Summary) -> None:
        """Sends the summary and waits for the child to finish the report."""
        self._event("end_run", summary)
        os.close(self._fd)
        self._fd = -1
        self._finish()

    def _event(self, name: str, *args: Any) -> None:
        if self._batch:
            self._send_batch()
        self._send(_EVENT, pickle.dumps((name, args), protocol=pickle.HIGHEST_PROTOCOL))

    def _send_batch(self) -> None:
        self._send(_ISSUES, marshal.dumps(self._batch))
        self._batch.clear()

    def _send(self, kind: bytes, payload: bytes) -> None:
        if self._status is not None:
            self._finish()  # the child is gone: raises
        data = memoryview(_HEADER.pack(kind, len(payload)) + payload)
        try:
            while data:
                data = data[os.write(self._fd, data) :]
        except BrokenPipeError:
            self._finish()  # the child is gone: say why
            raise

    def _finish(self) -> None:
        """Wait for the child (once) and raise if the report is not whole."""
        if self._status is None:
            _, status = os.waitpid(self._pid, 0)
            self._status = os.waitstatus_to_exitcode(status)
        code = self._status
        if code == _CLOSED:
            raise BrokenPipeError(errno.EPIPE, "standard output was closed")
        if code != _OK:
            raise ReportError(f"the report is incomplete: its writer process ended with status {code}")


def _serve(reporter: Reporter, flush: Callable[[], None], pipe: BinaryIO) -> int:
    """The child's loop: apply each event read from ``pipe`` to ``reporter``; the exit
    status."""
    try:
        while True:
            header = pipe.read(_HEADER.size)
            if len(header) < _HEADER.size:
                flush()  # the parent is gone: what was written stays written
                sys.stdout.flush()
                return _FAILED
            kind, length = _HEADER.unpack(header)
            payload = pipe.read(length)
            if kind == _ISSUES:
                batch = marshal.loads(payload)  # noqa: S302 - our own parent's pipe
                reporter.issues([Issue(*fields) for fields in batch])
                continue
            if kind == _ROWS:
                reporter.issues(FindingRows.from_state(marshal.loads(payload)))  # noqa: S302
                continue
            name, args = pickle.loads(payload)  # noqa: S301 - our own parent's pipe
            getattr(reporter, name)(*args)
            if name in ("end_file", "end_run"):
                flush()
            if name == "end_run":
                sys.stdout.flush()
                return _OK
    except BrokenPipeError:
        return _CLOSED
    except KeyboardInterrupt:
        return 130
    except OSError as err:
        _say(f"nwx-schema: error: cannot write the report: {err}")
        return _FAILED
    except Exception as err:
        if os.environ.get("NWX_SCHEMA_TRACEBACK"):
            import traceback

            traceback.print_exc()
        _say(
            f"nwx-schema: internal error: {type(err).__name__}: {err} while writing the report "
            "(set NWX_SCHEMA_TRACEBACK=1 to see the traceback, and please report it)"
        )
        return _FAILED


def _say(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()
