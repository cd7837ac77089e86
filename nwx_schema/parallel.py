"""An ordered parallel map over files, for commands that check or convert many of them.

:func:`ordered_map` runs a function over items in a pool of worker processes and yields
the results in input order, so output is byte-for-byte the same as a serial run whatever
the number of workers. A single item, or ``jobs=1``, runs in this process with no pool at
all (no start-up cost for the common one-file case).
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable
from functools import partial
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.context import BaseContext

T = TypeVar("T")
R = TypeVar("R")

#: chunks queued per worker: keeps every worker busy while bounding memory on huge runs.
_QUEUE_PER_WORKER = 4
#: most items in one chunk, so that results still stream out steadily.
_MAX_CHUNK = 32


def default_jobs() -> int:
    """The number of cores this process may run on (at least 1)."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        try:
            return max(1, len(affinity(0)))
        except OSError:  # pragma: no cover - a sandbox that forbids the call
            pass
    return max(1, os.cpu_count() or 1)


def ordered_map(
    func: Callable[[T], R], items: Iterable[T], *, jobs: int | None = None, chunksize: int | None = None
) -> Generator[R, None, None]:
    """``map(func, items)`` over ``jobs`` worker processes, results in input order.

    ``func`` and the items must be picklable (``func`` a module-level function). An
    exception raised by ``func`` is re-raised here at the place of its item, after the
    results before it. Results are yielded as soon as they and all those before them are
    ready; a few chunks per worker are queued at once, so memory stays bounded on huge
    runs. Closing the iterator early cancels the queued work.

    Args:
        jobs: number of worker processes; ``None`` means :func:`default_jobs`. With 1, or
            with fewer than two items, everything runs in this process.
        chunksize: items sent to a worker at once; ``None`` picks one that keeps both
            workers busy and the cost of inter-process calls low for many small files.
    """
    work = list(items)
    workers = min(default_jobs() if jobs is None else max(1, jobs), len(work))
    if workers <= 1:
        yield from map(func, work)
        return
    size = chunksize if chunksize is not None and chunksize > 0 else _chunksize(len(work), workers)
    chunks = [work[i : i + size] for i in range(0, len(work), size)]
    for results, error in _pooled(partial(_apply, func), chunks, workers):
        yield from results
        if error is not None:
            raise error


def _chunksize(items: int, workers: int) -> int:
    """About eight chunks per worker, at most 32 items each."""
    return max(1, min(_MAX_CHUNK, items // (workers * 8)))


def _apply(func: Callable[[T], R], chunk: list[T]) -> tuple[list[R], BaseException | None]:
    """Run ``func`` over a chunk in a worker: the results, and the exception that stopped it."""
    results: list[R] = []
    for item in chunk:
        try:
            results.append(func(item))
        except Exception as err:
            return results, err
    return results, None


def _pooled(func: Callable[[T], R], work: list[T], workers: int) -> Generator[R, None, None]:
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
    pending: deque[Future[R]] = deque()
    queue = iter(work)
    try:
        for item in queue:
            pending.append(pool.submit(func, item))
            if len(pending) >= workers * _QUEUE_PER_WORKER:
                break
        while pending:
            result = pending.popleft().result()
            item_left = next(queue, _DONE)
            if item_left is not _DONE:
                pending.append(pool.submit(func, item_left))  # type: ignore[arg-type]
            yield result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


_DONE = object()


def _context() -> BaseContext:
    """``fork`` when it is safe (POSIX, this process has a single thread): workers start
    at once and inherit what is already imported and compiled; otherwise the platform's
    safe default (``forkserver`` or ``spawn``)."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")
