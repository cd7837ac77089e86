"""Start one command and report its wall time, CPU time and peak memory (run by measure.py).

usage: python -I -S benchmarks/spawn.py [--pss] RESULT_FILE COMMAND [ARG...]

Writes ``wall_s cpu_s peak_kib maxrss_kib exit_code`` to RESULT_FILE; the command's
standard streams are this process's.

- CPU time and ``ru_maxrss`` come from ``os.wait4``: user + system seconds of the command
  and of the children it waited for, and the largest resident set of any one of them.
- ``peak`` is the largest memory of the command's whole process tree (the command and all
  its descendants), sampled every 2-20 ms, so that a tool that spreads its work over
  worker processes is charged for all of them. By default it is the sum of their
  resident sets (never below ``ru_maxrss``): pages shared between them are counted once
  per process, so it errs on the high side, and it costs next to nothing to read. With
  ``--pss`` it is the sum of their proportional set sizes (``smaps_rollup``), which counts
  every shared page once, like a container's memory limit: exact, but reading it walks the
  page tables and slows the command down, so the runner uses it in untimed runs only.
- Why a separate, minimal process: on Linux a child's ``ru_maxrss`` starts from the
  resident size of the process that spawned it (the memory is shared until ``exec``).
  Spawned from the runner, which may hold hundreds of MiB, a 5 MiB xmllint would be
  reported at the runner's size; spawned from this bare interpreter (no ``site``, a few
  imports) the floor is about 8 MiB (``--pss`` has no floor).
- The end of the command is seen at once (``pidfd`` and ``select``), not at the next
  sample, so the wall time is exact.
"""

import os
import select
import sys
import time

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as handle:
                found.extend(int(child) for child in handle.read().split())
        except OSError:
            continue
    return found


def _resident(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _proportional(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0


def tree_memory(root: int, pss: bool = False) -> int:
    """Bytes of ``root`` and all its descendants now: resident sets, or proportional sets."""
    measure = _proportional if pss else _resident
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        total += measure(pid)
        pending.extend(_children(pid))
    return total


def main() -> int:
    args = sys.argv[1:]
    pss = args[0] == "--pss"
    if pss:
        args = args[1:]
    result, argv = args[0], args[1:]
    start = time.monotonic()
    pid = os.posix_spawnp(argv[0], argv, os.environ)
    pidfd = os.pidfd_open(pid)
    peak, interval = 0, 0.002
    while not select.select([pidfd], [], [], interval)[0]:
        peak = max(peak, tree_memory(pid, pss))
        interval = min(0.02, interval * 1.5)  # dense at first (short runs), then every 20 ms
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    os.close(pidfd)
    maxrss = usage.ru_maxrss  # KiB on Linux
    peak_kib = peak // 1024 if pss else max(peak // 1024, maxrss)
    cpu = usage.ru_utime + usage.ru_stime
    with open(result, "w", encoding="ascii") as handle:
        handle.write(f"{wall:.6f} {cpu:.6f} {peak_kib} {maxrss} {os.waitstatus_to_exitcode(status)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
