"""Checking files and streaming their findings to a reporter, in this process or in
worker processes, in input order, in memory that does not grow with the findings.

In this process, the engine's stream of findings goes through the policy
(:class:`~nwx_schema.reporting.outcome.Judge`) straight to the reporter. With worker
processes, each worker writes its file's findings (after the policy) to a spool file on
disk and returns only the file's counts; the parent replays the spool files in input
order, so the report is the same as a serial run's, and neither side ever holds a file's
findings in memory.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from nwx_schema.issues import Issue, issue_fields
from nwx_schema.reporting.base import Reporter, ReportError
from nwx_schema.reporting.batch import Job
from nwx_schema.reporting.outcome import FileResult, Judge, Unreadable

#: findings pickled together in a spool file.
_BATCH = 512


@dataclass(frozen=True, slots=True)
class Checked:
    """What checking one target gave.

    Attributes:
        result: the file's counts; ``None`` when it could not be checked at all.
        failure: why the target could not be (fully) checked. With a ``result`` too, the
            engine failed after some findings were already shown: they stand, and the
            path is also reported as unreadable.
        spool: in a worker, the file holding the findings to show (see :func:`replay`).
    """

    result: FileResult | None
    failure: Unreadable | None = None
    spool: str | None = None


def check(job: Job, show: Callable[[Sequence[Issue]], None]) -> Checked:
    """Validate one target, passing the findings to show to ``show`` as they are found
    (in lists, in document order); never raises for bad input.

    A file that cannot be read becomes an :class:`Unreadable` failure; so does an
    internal error of the engine (re-raised instead when ``NWX_SCHEMA_TRACEBACK`` is set).
    """
    from nwx_schema.validation.engine import Validation

    target = job.target
    judge = Judge(job.policy)
    shown = 0
    run = None
    size: int | None = None
    try:
        source: Any
        if target.file is None:
            source = target.data or b""
            size = len(source)
        else:
            size = os.stat(target.file).st_size
            source = Path(target.file)
        run = Validation(source, api_version=job.api_version, kind=job.kind, fmt=job.fmt, name=target.path)
        for batch in judge.batches(run.batches()):
            shown += len(batch)
            show(batch)
    except (BrokenPipeError, ReportError):
        raise  # the report cannot be written: the run ends (not a fault of this file)
    except OSError as err:
        failure = Unreadable(target.path, err.strerror or str(err))
    except Exception as err:
        if os.environ.get("NWX_SCHEMA_TRACEBACK"):
            raise
        failure = Unreadable(target.path, f"internal error: {type(err).__name__}: {err} (please report it)")
    else:
        return Checked(judge.result(target.path, run.report, size=size))
    if shown and run is not None:
        return Checked(judge.result(target.path, run.report, size=size), failure)
    return Checked(None, failure)


def check_spooled(job: Job) -> Checked:
    """:func:`check` in a worker process: the findings to show go to a spool file in
    ``job.spool_dir``, read back in the parent with :func:`replay`."""
    fd, path = tempfile.mkstemp(prefix="nwx-", suffix=".spool", dir=job.spool_dir)
    batch: list[tuple[Any, ...]] = []
    with open(fd, "wb") as spool:

        def show(issues: Sequence[Issue]) -> None:
            batch.extend(map(issue_fields, issues))
            if len(batch) >= _BATCH:
                spool.write(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
                batch.clear()

        try:
            checked = check(job, show)
        except BaseException:
            spool.close()
            os.unlink(path)
            raise
        if batch:
            spool.write(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL))
    if checked.result is None:
        os.unlink(path)
        return checked
    return replace(checked, spool=path)


def replay(path: str) -> Iterator[list[Issue]]:
    """The findings of a spool file, in order, in lists (the file is removed once read)."""
    try:
        with open(path, "rb") as spool:
            while True:
                try:
                    batch = pickle.load(spool)  # noqa: S301 - our own worker's file, in our own directory
                except EOFError:
                    break
                yield [Issue(*fields) for fields in batch]
    finally:
        os.unlink(path)


def report_checks(jobs: list[Job], reporter: Reporter, *, workers: int) -> Iterator[Checked]:
    """Check every job, in input order, streaming each file's findings to ``reporter``
    (:meth:`~Reporter.begin_file` at its first finding, :meth:`~Reporter.issue` each,
    :meth:`~Reporter.end_file`); yields each :class:`Checked` once its file is reported.
    A target that could not be checked at all reaches no reporter method (the caller
    reports the failure).

    Args:
        workers: worker processes; with 1 (or a single job) everything runs here and
            findings reach the reporter as the engine finds them.
    """
    if workers <= 1 or len(jobs) <= 1:
        for job in jobs:
            relay = _Relay(reporter, job.target.path)
            checked = check(job, relay.issues)
            relay.end(checked)
            yield checked
        return
    from nwx_schema.parallel import ordered_map

    with tempfile.TemporaryDirectory(prefix="nwx-schema-") as spool_dir:
        spooled = [replace(job, spool_dir=spool_dir) for job in jobs]
        for checked in ordered_map(check_spooled, spooled, jobs=workers):
            if checked.result is not None:
                relay = _Relay(reporter, checked.result.path)
                if checked.spool is not None:
                    for batch in replay(checked.spool):
                        relay.issues(batch)
                relay.end(checked)
            yield checked


class _Relay:
    """One file's findings to the reporter, the file begun at its first finding (so
    that a target failing before any finding never appears as a file)."""

    def __init__(self, reporter: Reporter, path: str) -> None:
        self.reporter = reporter
        self.path = path
        self.begun = False

    def issues(self, issues: Sequence[Issue]) -> None:
        if not self.begun:
            self.reporter.begin_file(self.path)
            self.begun = True
        self.reporter.issues(issues)

    def end(self, checked: Checked) -> None:
        if checked.result is None:
            return
        if not self.begun:
            self.reporter.begin_file(self.path)
        self.reporter.end_file(checked.result)
