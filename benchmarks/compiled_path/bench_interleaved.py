"""Scan path timings interleaved: cases (a)-(d) of ``bench_scan.py`` run once each per round.

Interleaving evens out drift on a noisy machine better than timing each case in a block. Cases:
(a) PyPI binding + Python callback building the event array (the engine's path today), (b) PyPI +
no-op Python callback, (c) Debian libhs via ctypes + numba cfunc writing an int64 array, (d) libhs +
no-op cfunc. Prints min and median per case, and MB/s of the input file at the minimum.

usage: /work/main/.venv/bin/python bench_interleaved.py [INPUT] [-r ROUNDS]   (defaults /tmp/dense8.txt, 9)
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from typing import Any

import common


def main() -> None:
    args = common.parse_args(__doc__, 9)
    common.require_libhs()
    common.require_input(args.input)
    size = os.path.getsize(args.input)

    import kernels
    from numba import cfunc

    @cfunc(kernels.MATCH_SIG)
    def nop(pid, s, e, f, ctx):
        return 0

    _eng, pats, buf, _joined, _lines = common.setup(args.input)
    lib = common.LibHS()
    db = lib.compile_multi(pats)
    scratch = lib.alloc_scratch(db)
    dbp = common.pypi_database(pats)
    cases: dict[str, Callable[[], Any]] = {
        "(a) PyPI + Python callback -> list -> np.array": lambda: common.pypi_events(dbp, buf),
        "(b) PyPI + no-op Python callback": lambda: common.pypi_noop(dbp, buf),
        "(c) libhs + numba cfunc -> int64 array": lambda: kernels.collect(lib, db, scratch, buf, cap=1 << 18),
        "(d) libhs + no-op cfunc": lambda: lib.scan(db, buf, scratch, nop.address, 0),
    }
    times: dict[str, list[float]] = {k: [] for k in cases}
    for _ in range(args.repeats):
        for k, fn in cases.items():
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    print(f"{args.repeats} rounds over {size} input bytes")
    for k, ts in times.items():
        print(common.fmt(k, min(ts), statistics.median(ts), size))


if __name__ == "__main__":
    main()
