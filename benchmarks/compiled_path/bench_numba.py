"""Costs of numba itself for the compiled path: import, first-call compile, ``cache=True`` reload, fork/spawn.

Measures, each in fresh child processes (``kernels.py`` only; needs neither libhs nor the input file):

- a bare interpreter start, for scale;
- import numpy, import numba, import ``kernels`` (its cfunc compiles at import) and the first call of
  each njit kernel: without cache, with ``cache=True`` in the first process (compile and write the
  cache) and in a second process (load from the cache), and the size of the cache;
- whether children compile again: ``os.fork``, a ``multiprocessing`` fork pool and a spawn pool,
  without cache and with a warm cache.

The numba cache goes to ``$NUMBA_CACHE_DIR/compiled_path_bench`` when NUMBA_CACHE_DIR is set,
otherwise to a temporary directory that is removed at the end; never into the repository.

usage: /work/main/.venv/bin/python bench_numba.py [-r REPEATS]   (default 3)
(internal child modes: ``bench_numba.py child``, ``bench_numba.py forktest``)
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

PY = sys.executable
HERE = os.path.dirname(os.path.abspath(__file__))


def child() -> None:
    """One fresh process: time import numba, import kernels (cfunc compiles), first njit calls."""
    out: dict[str, float] = {}
    t0 = time.perf_counter()
    import numpy as np

    out["import_numpy"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    import numba  # noqa: F401

    out["import_numba"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    import kernels

    out["import_kernels_incl_cfunc"] = time.perf_counter() - t0
    ev = np.array([[0, 5, 17], [0, 5, 19], [1, 2, 14]], dtype=np.int64)
    ub = np.frombuffer(b"x" * 40, dtype=np.uint8)
    for name, fn, args in (
        ("longest_radix", kernels.longest_radix, (ev, 40)),
        ("longest_argsort", kernels.longest_argsort, (ev, 40)),
        ("iin_check", kernels.iin_check, (ev, ub)),
        ("luhn_check", kernels.luhn_check, (ev, ub)),
    ):
        t0 = time.perf_counter()
        fn(*args)
        out[name] = time.perf_counter() - t0
    out["total_kernels_first_calls"] = sum(
        out[k]
        for k in ("import_kernels_incl_cfunc", "longest_radix", "longest_argsort", "iin_check", "luhn_check")
    )
    print(json.dumps(out))


def forktest() -> None:
    """Compile in the parent, then see whether fork/spawn children compile again."""
    import multiprocessing as mp

    import kernels
    import numpy as np

    ev = np.array([[0, 5, 17], [0, 5, 19], [1, 2, 14]], dtype=np.int64)
    t0 = time.perf_counter()
    kernels.longest_radix(ev, 40)
    print(f"parent first call longest_radix {time.perf_counter() - t0:.3f}s")
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        t0 = time.perf_counter()
        kernels.longest_radix(ev, 40)
        dt = time.perf_counter() - t0
        t1 = time.perf_counter()
        # not called in the parent (a read-only buffer, as in the cached signature)
        kernels.iin_check(ev, np.frombuffer(b"x" * 40, dtype=np.uint8))
        dt2 = time.perf_counter() - t1
        res = {
            "child_call_compiled_in_parent": dt,
            "child_call_not_compiled_in_parent": dt2,
            "overloads": len(kernels.longest_radix.overloads),
        }
        os.write(w, json.dumps(res).encode())
        os._exit(0)
    os.waitpid(pid, 0)
    os.close(w)
    print("os.fork child:", os.read(r, 4096).decode())
    with mp.get_context("fork").Pool(1) as pool:
        print("mp fork pool:", pool.apply(_pool_job))
    with mp.get_context("spawn").Pool(1) as pool:
        print("mp spawn pool:", pool.apply(_pool_job))


def _pool_job() -> dict[str, float]:
    import kernels
    import numpy as np

    ev = np.array([[0, 5, 17], [0, 5, 19], [1, 2, 14]], dtype=np.int64)
    t0 = time.perf_counter()
    kernels.longest_radix(ev, 40)
    return {"first_call_longest_radix": round(time.perf_counter() - t0, 4)}


def run_child(env_extra: dict[str, str]) -> dict[str, Any]:
    env = dict(os.environ, **env_extra)
    t0 = time.perf_counter()
    p = subprocess.run([PY, __file__, "child"], capture_output=True, text=True, env=env, cwd=HERE, check=True)
    d = json.loads(p.stdout.strip().splitlines()[-1])
    d["process_wall"] = time.perf_counter() - t0
    return d


def summarise(label: str, runs: list[dict[str, Any]]) -> None:
    print(f"--- {label} ({len(runs)} processes)")
    for k in runs[0]:
        vals = [r[k] for r in runs]
        print(f"  {k:<30s} min {min(vals):7.3f}s  median {statistics.median(vals):7.3f}s")


def forktest_output(cache_env: dict[str, str]) -> None:
    env = dict(os.environ, **cache_env)
    p = subprocess.run(
        [PY, __file__, "forktest"], capture_output=True, text=True, cwd=HERE, env=env, check=False
    )
    print(p.stdout.rstrip())
    if p.returncode != 0:
        print(f"forktest exited {p.returncode}:", p.stderr[-2000:])


def main() -> None:
    import common  # not at module level: the child mode times a fresh `import numpy`

    reps = common.parse_args(__doc__, 3, uses_input=False).repeats
    user_dir = os.environ.get("NUMBA_CACHE_DIR")
    base = user_dir or tempfile.mkdtemp(prefix="senim-compiled-path-numba-")
    cache_dir = os.path.join(base, "compiled_path_bench")  # only this subfolder is ever removed
    print(f"numba cache dir: {cache_dir}")
    try:
        # bare interpreter start, for scale
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            subprocess.run([PY, "-c", "pass"], check=True)
            ts.append(time.perf_counter() - t0)
        print(f"bare python start: min {min(ts):.3f}s median {statistics.median(ts):.3f}s")
        summarise("no cache", [run_child({"COMPILED_PATH_NUMBA_CACHE": "0"}) for _ in range(reps)])
        cache_env = {"COMPILED_PATH_NUMBA_CACHE": "1", "NUMBA_CACHE_DIR": cache_dir}
        cold = []
        warm = []
        for _ in range(reps):
            shutil.rmtree(cache_dir, ignore_errors=True)
            cold.append(run_child(cache_env))
            warm.append(run_child(cache_env))
        summarise("cache=True, first process (compile + write cache)", cold)
        summarise("cache=True, second process (load from cache)", warm)
        n = sum(len(f) for _, _, f in os.walk(cache_dir))
        size = sum(os.path.getsize(os.path.join(d, x)) for d, _, f in os.walk(cache_dir) for x in f)
        print(f"cache dir: {n} files, {size / 1024:.0f} KiB")
        print("--- fork / spawn (no cache)")
        forktest_output({"COMPILED_PATH_NUMBA_CACHE": "0"})
        print("--- fork / spawn (cache=True, warm cache)")
        forktest_output(cache_env)
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
        if not user_dir:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        child()
    elif len(sys.argv) > 1 and sys.argv[1] == "forktest":
        forktest()
    else:
        main()
