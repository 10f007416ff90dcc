"""Per-candidate work compiled with numba vs the engine's NumPy reduction and its batch card validator.

Measures, on the events of one libhs scan of the 8 MB batch:

- first-call (compile) time of each numba kernel;
- the longest end per (pattern id, start): the engine's NumPy lexsort + keep-first vs numba with an
  argsort of an (id, start) key vs numba with an LSD radix sort (results checked equal);
- the Kazakhstan IIN/BIN check digit on the reduced rows, and over every 12-digit run in the buffer;
- Luhn on the reduced rows, checked against a pure-Python reference (IIN too);
- the engine's batch card validator on the card detector's rows vs numba Luhn on the same rows.

usage: /work/main/.venv/bin/python bench_kernels.py [INPUT] [-r REPEATS]   (defaults /tmp/dense8.txt, 5)
"""

from __future__ import annotations

import time

import common
import numpy as np


def main() -> None:
    args = common.parse_args(__doc__, 5)
    common.require_libhs()
    common.require_input(args.input)
    reps = args.repeats
    eng, pats, buf, joined, _lines = common.setup(args.input)
    import kernels

    lib = common.LibHS()
    db = lib.compile_multi(pats)
    scratch = lib.alloc_scratch(db)
    ev, _ = kernels.collect(lib, db, scratch, buf, cap=1 << 18)
    ub = np.frombuffer(buf, dtype=np.uint8)
    nbuf = len(buf)
    print(f"{len(ev)} events over {nbuf} bytes")

    # first calls (compile, or cache load)
    for name, fn, args in (
        ("longest_argsort", kernels.longest_argsort, (ev, nbuf)),
        ("longest_radix", kernels.longest_radix, (ev, nbuf)),
        ("iin_check", kernels.iin_check, (ev[:10], ub)),
        ("luhn_check", kernels.luhn_check, (ev[:10], ub)),
        ("iin_scan_buffer", kernels.iin_scan_buffer, (ub[:100],)),
    ):
        t0 = time.perf_counter()
        fn(*args)
        print(f"first call {name}: {time.perf_counter() - t0:.3f}s")

    ref = kernels.longest_numpy(ev)
    a1 = kernels.longest_argsort(ev, nbuf)
    a2 = kernels.longest_radix(ev, nbuf)
    eq1, eq2 = np.array_equal(ref, a1), np.array_equal(ref, a2)
    print(f"reduced rows {len(ref)}; argsort equal: {eq1}, radix equal: {eq2}")

    for label, fn in (
        ("(a) NumPy lexsort + keep-first (engine)", lambda: kernels.longest_numpy(ev)),
        ("(a) numba argsort of (id,start) key", lambda: kernels.longest_argsort(ev, nbuf)),
        ("(a) numba LSD radix (16-bit digits)", lambda: kernels.longest_radix(ev, nbuf)),
    ):
        mn, md, _ = common.timeit(fn, reps)
        print(common.fmt(label, mn, md))

    mn, md, iin = common.timeit(lambda: kernels.iin_check(ref, ub), reps)
    print(
        common.fmt("(b) IIN/BIN check digit on reduced rows", mn, md),
        f"  12-digit rows {int((iin >= 0).sum())}, pass {int((iin == 1).sum())}",
    )
    mn, md, (runs, good) = common.timeit(lambda: kernels.iin_scan_buffer(ub), reps)
    print(common.fmt("(b') IIN: every 12-digit run in the buffer", mn, md), f"  runs {runs}, pass {good}")
    mn, md, lu = common.timeit(lambda: kernels.luhn_check(ref, ub), reps)
    print(
        common.fmt("(c) Luhn on reduced rows", mn, md),
        f"  13-19 digit rows {int((lu >= 0).sum())}, pass {int((lu == 1).sum())}",
    )

    # cross-check Luhn/IIN against plain Python on the same rows
    def py_luhn(s: str) -> int:
        t = s.replace(" ", "").replace("-", "")
        if not t.isdigit() or not 13 <= len(t) <= 19 or not t.isascii():
            return -1
        tot = 0
        for j, ch in enumerate(reversed(t)):
            x = int(ch) * (2 if j & 1 else 1)
            tot += x - 9 if x > 9 else x
        return 1 if tot % 10 == 0 else 0

    def py_iin(s: str) -> int:
        if len(s) != 12 or not (s.isdigit() and s.isascii()):
            return -1
        d = [int(c) for c in s]
        t = sum((i + 1) * d[i] for i in range(11)) % 11
        if t == 10:
            t = sum(w * d[i] for i, w in enumerate([3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2])) % 11
            if t == 10:
                return 0
        return 1 if t == d[11] else 0

    strings = [joined[s:e] for s, e in ref[:, 1:].tolist()]
    t0 = time.perf_counter()
    pl = np.array([py_luhn(s) for s in strings], dtype=np.int8)
    t_pl = time.perf_counter() - t0
    pi = np.array([py_iin(s) for s in strings], dtype=np.int8)
    print(
        f"numba == Python reference: Luhn {np.array_equal(pl, lu)}, IIN {np.array_equal(pi, iin)}; "
        f"(pure-Python Luhn over the rows {t_pl * 1e3:.0f} ms)"
    )

    # the engine's own batch card validator on the card detector's strings, for scale
    prog = eng._program
    card_pids = [
        i for i, rts in enumerate(prog.by_pattern) if any(rt.detector.validator == "card" for rt in rts)
    ]
    card_det = next(rt for i in card_pids for rt in prog.by_pattern[i] if rt.detector.validator == "card")
    bv = prog.batch_validators[card_det.index]
    if bv is not None:
        rows = ref[np.isin(ref[:, 0], card_pids)]
        cs = [joined[s:e] for s, e in rows[:, 1:].tolist()]

        def run():
            return bv([joined[s:e] for s, e in rows[:, 1:].tolist()])

        mn, md, _ = common.timeit(run, reps)
        print(common.fmt(f"engine batch card validator ({len(cs)} rows, incl. slicing)", mn, md))
        mn, md, _ = common.timeit(lambda: kernels.luhn_check(rows, ub), reps)
        print(common.fmt("numba Luhn on the same rows", mn, md))


if __name__ == "__main__":
    main()
