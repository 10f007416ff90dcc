"""Numba pieces of the compiled candidate path: the Hyperscan match callback and per-candidate kernels.

Measures nothing by itself; ``bench_scan.py``, ``bench_interleaved.py``, ``bench_kernels.py`` and
``bench_numba.py`` time these:

- ``on_match``: a numba ``cfunc`` with libhs's ``match_event_handler`` signature that appends
  (id, from, to) rows to a preallocated int64 array, plus ``collect()`` which runs one block scan and
  handles overflow (stop-and-double or count-and-rescan);
- the longest end per (pattern id, start), by argsort or by an LSD radix sort, vs the engine's NumPy
  lexsort (``longest_numpy``);
- the Kazakhstan IIN/BIN check digit, and Luhn.

``COMPILED_PATH_NUMBA_CACHE=1`` compiles with ``cache=True``; the cache goes to ``$NUMBA_CACHE_DIR``,
or, when that is unset, to a folder under the system temporary directory (never next to this file).
"""

from __future__ import annotations

import os
import tempfile

import numba
import numpy as np
from numba import carray, cfunc, njit, types
from numba.extending import intrinsic

CACHE = os.environ.get("COMPILED_PATH_NUMBA_CACHE") == "1"
if CACHE and not os.environ.get("NUMBA_CACHE_DIR"):
    # numba's default would write __pycache__ into the repository, next to this file
    os.environ["NUMBA_CACHE_DIR"] = os.path.join(tempfile.gettempdir(), "senim-compiled-path-numba-cache")
    numba.config.CACHE_DIR = os.environ["NUMBA_CACHE_DIR"]

# context block layout (int64[4]): data address, capacity (events), count, mode
# mode 0: on overflow return non-zero (scan stops with HS_SCAN_TERMINATED), caller grows + rescans
# mode 1: on overflow keep counting without writing, caller rescans once with the exact capacity
_ADDR, _CAP, _COUNT, _MODE = 0, 1, 2, 3


@intrinsic
def _as_i64_ptr(typingctx, addr):
    """An int64 address as an int64*."""
    sig = types.CPointer(types.int64)(types.int64)

    def codegen(context, builder, signature, args):
        return builder.inttoptr(args[0], context.get_value_type(types.CPointer(types.int64)))

    return sig, codegen


MATCH_SIG = types.int32(types.uint32, types.uint64, types.uint64, types.uint32, types.voidptr)


@cfunc(MATCH_SIG, cache=CACHE)
def on_match(pid, start, end, flags, ctx):
    """Append (pid, start, end) at row ``count`` of the context's array (24 bytes a row)."""
    st = carray(ctx, (4,), np.int64)
    n = st[_COUNT]
    if n >= st[_CAP]:
        st[_COUNT] = n + 1
        if st[_MODE] == 0:
            return 1
        return 0
    row = carray(_as_i64_ptr(st[_ADDR] + n * 24), (3,))
    row[0] = pid
    row[1] = start
    row[2] = end
    st[_COUNT] = n + 1
    return 0


HS_SCAN_TERMINATED = -3  # hs_scan's return value when the callback asked it to stop


def collect(lib, db, scratch, buf: bytes, cap: int = 1 << 16, mode: int = 1) -> tuple[np.ndarray, int]:
    """All (id, from, to) events of one block scan, as an int64 (n, 3) array, and the scans made.

    ``lib`` is a ``common.LibHS``; ``mode`` is the overflow strategy of the context block (above).
    """
    scans = 0
    addr = on_match.address
    while True:
        ev = np.empty((cap, 3), dtype=np.int64)
        st = np.array([ev.ctypes.data, cap, 0, mode], dtype=np.int64)
        rc = lib.scan(db, buf, scratch, addr, st.ctypes.data)
        scans += 1
        n = int(st[2])
        if rc == 0 and n <= cap:
            return ev[:n], scans
        if rc == HS_SCAN_TERMINATED or n > cap:
            cap = n if mode == 1 else cap * 2
            continue
        raise RuntimeError(f"hs_scan rc={rc}")


# ---------------------------------------------------------------- (a) longest end per (id, start)
@njit(cache=CACHE)
def longest_argsort(ev, nbuf):
    """Rows sorted by (id, start), one per (id, start), with the longest end (quicksort of a key)."""
    n = ev.shape[0]
    key = np.empty(n, dtype=np.int64)
    for i in range(n):
        key[i] = ev[i, 0] * (nbuf + 1) + ev[i, 1]
    order = np.argsort(key)
    out = np.empty((n, 3), dtype=np.int64)
    m = -1
    last = -1
    for j in range(n):
        i = order[j]
        k = key[i]
        if k != last:
            m += 1
            out[m, 0] = ev[i, 0]
            out[m, 1] = ev[i, 1]
            out[m, 2] = ev[i, 2]
            last = k
        elif ev[i, 2] > out[m, 2]:
            out[m, 2] = ev[i, 2]
    return out[: m + 1]


@njit(cache=CACHE)
def longest_radix(ev, nbuf):
    """Same result with an LSD radix sort (16-bit digits) of the (id, start) key: O(n)."""
    n = ev.shape[0]
    key = np.empty(n, dtype=np.int64)
    kmax = 0
    for i in range(n):
        k = ev[i, 0] * (nbuf + 1) + ev[i, 1]
        key[i] = k
        kmax = max(kmax, k)
    order = np.arange(n)
    tmp = np.empty(n, dtype=np.int64)
    shift = 0
    while (kmax >> shift) > 0:
        count = np.zeros(65537, dtype=np.int64)
        for j in range(n):
            count[((key[order[j]] >> shift) & 0xFFFF) + 1] += 1
        for b in range(65536):
            count[b + 1] += count[b]
        for j in range(n):
            d = (key[order[j]] >> shift) & 0xFFFF
            tmp[count[d]] = order[j]
            count[d] += 1
        order, tmp = tmp, order
        shift += 16
    out = np.empty((n, 3), dtype=np.int64)
    m = -1
    last = -1
    for j in range(n):
        i = order[j]
        k = key[i]
        if k != last:
            m += 1
            out[m, 0] = ev[i, 0]
            out[m, 1] = ev[i, 1]
            out[m, 2] = ev[i, 2]
            last = k
        elif ev[i, 2] > out[m, 2]:
            out[m, 2] = ev[i, 2]
    return out[: m + 1]


def longest_numpy(m):
    """The engine's reduction: lexsort by (id, start, -end), keep the first of each (id, start)."""
    m = m[np.lexsort((-m[:, 2], m[:, 1], m[:, 0]))]
    if len(m) > 1:
        keep = np.ones(len(m), dtype=bool)
        keep[1:] = (m[1:, 0] != m[:-1, 0]) | (m[1:, 1] != m[:-1, 1])
        m = m[keep]
    return m


# ---------------------------------------------------------------- (b) Kazakhstan IIN/BIN check digit
@njit(cache=CACHE)
def iin_check(rows, buf):
    """Per row: -1 not 12 digits, 0 check digit fails, 1 passes."""
    n = rows.shape[0]
    out = np.full(n, -1, dtype=np.int8)
    d = np.empty(12, dtype=np.int64)
    for r in range(n):
        s = rows[r, 1]
        e = rows[r, 2]
        if e - s != 12:
            continue
        ok = True
        for j in range(12):
            c = buf[s + j]
            if c < 48 or c > 57:
                ok = False
                break
            d[j] = c - 48
        if not ok:
            continue
        t = 0
        for j in range(11):
            t += (j + 1) * d[j]
        t %= 11
        if t == 10:
            t = 0
            for j in range(11):
                t += ((j + 2) % 11 + 1) * d[j]  # 3,4,...,11,1,2
            t %= 11
            if t == 10:
                out[r] = 0
                continue
        out[r] = 1 if t == d[11] else 0
    return out


@njit(cache=CACHE)
def iin_scan_buffer(buf):
    """Every standalone run of exactly 12 digits in the buffer, checked: (runs, passing)."""
    n = buf.shape[0]
    runs = 0
    good = 0
    i = 0
    while i < n:
        c = buf[i]
        if c < 48 or c > 57:
            i += 1
            continue
        j = i
        while j < n and 48 <= buf[j] <= 57:
            j += 1
        if j - i == 12:
            runs += 1
            t = 0
            for k in range(11):
                t += (k + 1) * (buf[i + k] - 48)
            t %= 11
            if t == 10:
                t = 0
                for k in range(11):
                    t += ((k + 2) % 11 + 1) * (buf[i + k] - 48)
                t %= 11
            if t != 10 and t == buf[i + 11] - 48:
                good += 1
        i = j
    return runs, good


# ---------------------------------------------------------------- (c) Luhn
@njit(cache=CACHE)
def luhn_check(rows, buf):
    """Per row: -1 not 13-19 digits (spaces and hyphens ignored, anything else disqualifies),
    0 Luhn fails, 1 passes."""
    n = rows.shape[0]
    out = np.full(n, -1, dtype=np.int8)
    d = np.empty(64, dtype=np.int64)
    for r in range(n):
        s = rows[r, 1]
        e = rows[r, 2]
        k = 0
        ok = True
        for p in range(s, e):
            c = buf[p]
            if 48 <= c <= 57:
                if k == 64:
                    ok = False
                    break
                d[k] = c - 48
                k += 1
            elif c not in (32, 45):  # not a space or a hyphen
                ok = False
                break
        if not ok or k < 13 or k > 19:
            continue
        t = 0
        for j in range(k):
            x = d[k - 1 - j]
            if j & 1:
                x *= 2
                if x > 9:
                    x -= 9
            t += x
        out[r] = 1 if t % 10 == 0 else 0
    return out
