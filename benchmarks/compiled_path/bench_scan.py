"""Scan path: Hyperscan through the PyPI binding vs Debian libhs via ctypes with a numba cfunc callback.

Measures, on the 8 MB batch with the engine's own patterns (five structured entities):

- the libhs and PyPI ``hyperscan`` versions, and the database compile time of each;
- that libhs 5.4 compiles every pattern (singly and together);
- that the libhs + cfunc events equal the PyPI + Python-callback events (as a multiset and in
  emission order), and that the overflow strategies of ``kernels.collect`` give the same events;
- scan timings: (a) PyPI + Python callback building the event array (the engine's path today),
  (b) PyPI + no-op Python callback, (c) libhs + numba cfunc writing an int64 array (one scan, and
  with a small buffer: count-and-rescan or stop-and-double), (d) libhs + no-op cfunc (raw scan cost).

Rates are MB/s of the input file (10^6 bytes) at the minimum time.

usage: /work/main/.venv/bin/python bench_scan.py [INPUT] [-r REPEATS]   (defaults /tmp/dense8.txt, 5)
"""

from __future__ import annotations

import os
import time

import common
import numpy as np


def canon(ev: np.ndarray) -> np.ndarray:
    """Events sorted by (id, from, to), to compare as multisets."""
    return ev[np.lexsort((ev[:, 2], ev[:, 1], ev[:, 0]))]


def main() -> None:
    args = common.parse_args(__doc__, 5)
    common.require_libhs()
    common.require_input(args.input)
    reps = args.repeats
    size = os.path.getsize(args.input)

    t0 = time.perf_counter()
    _eng, pats, buf, joined, lines = common.setup(args.input)
    print(
        f"setup {time.perf_counter() - t0:.2f}s: {len(lines)} values, {size} input bytes, buffer {len(buf)} "
        f"bytes, {len(pats)} patterns, non-ASCII input: {not joined.isascii()}"
    )

    import hyperscan as hs

    # ---- versions and database compile time
    lib = common.LibHS()
    print("libhs (Debian) hs_version():", lib.version())
    db_pypi = common.pypi_database(pats)
    print("PyPI hyperscan", hs.__version__, "database info:", db_pypi.info().decode())
    mn, md, _ = common.timeit(lambda: common.pypi_database(pats), 3)
    print(common.fmt("compile db: PyPI", mn, md))
    mn, md, db = common.timeit(lambda: lib.compile_multi(pats), 3)
    print(common.fmt("compile db: libhs (ctypes)", mn, md))
    print("libhs database info:", lib.info(db))
    failed = []
    for i, p in enumerate(pats):
        try:
            lib.compile_multi([p])
        except ValueError as exc:
            failed.append((i, str(exc)))
    print(f"libhs compiles all {len(pats)} patterns (singly and together): {not failed}", failed[:3])
    scratch = lib.alloc_scratch(db)

    # ---- equality of the events, overflow handling
    t0 = time.perf_counter()
    import kernels

    _ = kernels.on_match.address
    print(f"import kernels (cfunc compiled at import) {time.perf_counter() - t0:.3f}s")

    ref = common.pypi_events(db_pypi, buf)
    got, scans = kernels.collect(lib, db, scratch, buf, cap=1 << 20)
    print(f"events: PyPI {len(ref)}, libhs+cfunc {len(got)} ({scans} scan)")
    same = len(ref) == len(got) and np.array_equal(canon(ref), canon(got))
    print("event multiset equal (id, from, to):", same)
    print("emission order equal too:", len(ref) == len(got) and np.array_equal(ref, got))
    print("ends non-decreasing in emission order:", bool(np.all(np.diff(got[:, 2]) >= 0)))
    for mode, cap in ((0, 1000), (1, 1000), (0, 1), (1, 1)):
        ev, scans = kernels.collect(lib, db, scratch, buf, cap=cap, mode=mode)
        print(f"  overflow mode {mode} start cap {cap}: {scans} scans, equal: {np.array_equal(ev, got)}")

    # ---- scan timings
    mn, md, _ = common.timeit(lambda: common.pypi_events(db_pypi, buf), reps)
    print(common.fmt("(a) PyPI + Python callback -> list -> array", mn, md, size))
    mn, md, _ = common.timeit(lambda: common.pypi_noop(db_pypi, buf), reps)
    print(common.fmt("(b) PyPI + no-op Python callback", mn, md, size))
    flat: list[int] = []

    def list_only() -> None:
        flat.clear()
        ext = flat.extend
        db_pypi.scan(buf, match_event_handler=lambda p, s, e, f, c: ext((p, s, e)))

    mn, md, _ = common.timeit(list_only, reps)
    print(common.fmt("(a') PyPI + callback -> list (no np.array)", mn, md, size))
    mn, md, _ = common.timeit(lambda: kernels.collect(lib, db, scratch, buf, cap=1 << 18), reps)
    print(common.fmt("(c) libhs + numba cfunc (cap 2^18, 1 scan)", mn, md, size))
    mn, md, _ = common.timeit(lambda: kernels.collect(lib, db, scratch, buf, cap=1 << 16, mode=1), reps)
    print(common.fmt("(c') libhs + cfunc, cap 2^16 -> count+rescan", mn, md, size))
    mn, md, _ = common.timeit(lambda: kernels.collect(lib, db, scratch, buf, cap=1 << 16, mode=0), reps)
    print(common.fmt("(c'') libhs + cfunc, cap 2^16 -> stop+double", mn, md, size))

    from numba import cfunc

    @cfunc(kernels.MATCH_SIG)
    def nop(pid, s, e, f, ctx):
        return 0

    mn, md, _ = common.timeit(lambda: lib.scan(db, buf, scratch, nop.address, 0), reps)
    print(common.fmt("(d) libhs + no-op cfunc", mn, md, size))


if __name__ == "__main__":
    main()
