"""--jobs: the ordered parallel map over files (nwx_schema.parallel)."""

from __future__ import annotations

import os
import time

import pytest

from nwx_schema.parallel import default_jobs, ordered_map


def square_after_a_pause(n: int) -> tuple[int, int]:
    """Later items finish first, so completion order differs from input order."""
    time.sleep(0.002 * (10 - n % 10))
    return n * n, os.getpid()


def fail_on_three(n: int) -> int:
    if n == 3:
        raise ValueError("three")
    return n


def test_results_come_in_input_order_from_worker_processes() -> None:
    results = list(ordered_map(square_after_a_pause, range(30), jobs=2))
    assert [value for value, _ in results] == [n * n for n in range(30)]
    pids = {pid for _, pid in results}
    assert os.getpid() not in pids
    assert 1 <= len(pids) <= 2


def test_one_job_runs_in_this_process() -> None:
    results = list(ordered_map(square_after_a_pause, range(3), jobs=1))
    assert results == [(0, os.getpid()), (1, os.getpid()), (4, os.getpid())]


def test_a_single_item_needs_no_pool() -> None:
    assert list(ordered_map(square_after_a_pause, [7], jobs=8)) == [(49, os.getpid())]


def test_no_items_yields_nothing() -> None:
    assert list(ordered_map(square_after_a_pause, [], jobs=4)) == []


def test_an_exception_in_a_worker_is_raised_at_its_place() -> None:
    seen: list[int] = []
    with pytest.raises(ValueError, match="three"):
        for value in ordered_map(fail_on_three, range(8), jobs=2):
            seen.append(value)
    assert seen == [0, 1, 2]


@pytest.mark.parametrize("chunksize", [1, 2, 3, 5, 100])
def test_chunks_keep_input_order_and_stop_at_the_failing_item(chunksize: int) -> None:
    assert [v for v, _ in ordered_map(square_after_a_pause, range(11), jobs=2, chunksize=chunksize)] == [
        n * n for n in range(11)
    ]
    seen: list[int] = []
    with pytest.raises(ValueError, match="three"):
        for value in ordered_map(fail_on_three, range(8), jobs=2, chunksize=chunksize):
            seen.append(value)
    assert seen == [0, 1, 2]


def test_automatic_chunks_are_small_for_few_items_and_capped_for_many() -> None:
    from nwx_schema.parallel import _chunksize

    assert [_chunksize(n, 2) for n in (2, 15, 16, 160, 100_000)] == [1, 1, 1, 10, 32]


def test_closing_early_stops_the_pool() -> None:
    results = ordered_map(square_after_a_pause, range(100), jobs=2)
    assert next(results)[0] == 0
    results.close()  # must not hang or leak the pool


def test_default_jobs_is_the_number_of_usable_cores() -> None:
    expected = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert default_jobs() == expected
