"""Baseline: the engine's whole structured scan of the 8 MB batch, its two halves, and a cProfile.

Measures ``engine.scan`` (five structured entities, PyPI ``hyperscan`` backend, as shipped), then
separately ``_hyperscan_candidates`` (scan, chains, glued candidates) and ``_evaluate`` (glue,
context, validators, spans), and prints the top of a cProfile of one scan sorted by own time. This is
the reference the compiled-path figures are compared with; it does not use libhs.

usage: /work/main/.venv/bin/python bench_engine.py [INPUT] [-r REPEATS]   (defaults /tmp/dense8.txt, 3)
"""

from __future__ import annotations

import cProfile
import os
import pstats

import common


def main() -> None:
    args = common.parse_args(__doc__, 3)
    common.require_input(args.input)
    reps = args.repeats
    size = os.path.getsize(args.input)
    eng, _pats, _buf, joined, lines = common.setup(args.input)
    from senim.privacy import engine

    eng.scan(lines)  # warm (database from cache, tables)
    mn, md, out = common.timeit(lambda: eng.scan(lines), reps)
    print(common.fmt("engine.scan(8 MB, 5 entities)", mn, md, size), f"  spans {sum(map(len, out))}")

    prog = eng._program
    texts = list(lines)
    mn, md, cand = common.timeit(lambda: engine._hyperscan_candidates(prog, texts, joined), reps)
    print(
        common.fmt("  _hyperscan_candidates (scan..chains..glued)", mn, md, size),
        f"  candidates {len(cand.pid)}",
    )

    def evaluate() -> list[list[object]]:
        out: list[list[object]] = [[] for _ in texts]
        c = engine._Candidates(
            cand.pid,
            cand.vi,
            cand.start,
            cand.end,
            cand.glued,
            cand.value_char,
            cand.value_len,
            cand.text,
            [],
        )
        engine._evaluate(prog, texts, c, prog.hints(None), out)
        return out

    mn, md, _ = common.timeit(evaluate, reps)
    print(common.fmt("  _evaluate (glue, context, validators, spans)", mn, md, size))
    pr = cProfile.Profile()
    pr.enable()
    eng.scan(lines)
    pr.disable()
    pstats.Stats(pr).sort_stats("tottime").print_stats(18)


if __name__ == "__main__":
    main()
