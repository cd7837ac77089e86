"""Start one command and report its wall time, CPU time and peak memory (run by measure.py).

usage: python -I -S benchmarks/spawn.py RESULT_FILE COMMAND [ARG...]

Why a separate, minimal process: on Linux a child's ``ru_maxrss`` starts from the
resident size of the process that spawned it (the memory is shared until ``exec``).
Spawned from the runner, which may hold hundreds of MiB, a 5 MiB xmllint would be
reported at the runner's size; spawned from this bare interpreter (no ``site``, three
imports) the floor is about 8 MiB. Writes ``wall_s cpu_s maxrss_kib exit_code`` to
RESULT_FILE; the command's standard streams are this process's.
"""

import os
import sys
import time


def main() -> int:
    result, argv = sys.argv[1], sys.argv[2:]
    start = time.monotonic()
    pid = os.posix_spawnp(argv[0], argv, os.environ)
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    with open(result, "w", encoding="ascii") as handle:
        handle.write(
            f"{wall:.6f} {usage.ru_utime + usage.ru_stime:.6f} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}\n"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
