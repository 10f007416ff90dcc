"""A small HTTP/1.1 load generator on raw asyncio streams (keep-alive connections).

It costs the client a few tens of microseconds per request, so on a 2-core machine shared with the
server the figures measure the server rather than the client (an ``httpx`` client costs more CPU
than the server it measures). Two modes:

- closed loop: N connections, each sends its next request when the previous answer arrives;
- open loop: requests are *scheduled* at a fixed rate whatever the server does, and latency is
  counted from the scheduled time (no coordinated omission: a stalled server shows in p99).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Request", "closed_loop", "open_loop", "summary"]


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: object = None


def _encode(host: str, port: int, headers: dict[str, str], req: Request) -> bytes:
    body = b"" if req.body is None else json.dumps(req.body).encode()
    lines = [f"{req.method} {req.path} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body:
        lines += ["Content-Type: application/json", f"Content-Length: {len(body)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


class _Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def roundtrip(self, raw: bytes) -> int:
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        chunked = False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        if chunked:
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
                await self.reader.readexactly(size + 2)
                if size == 0:
                    break
        elif length:
            await self.reader.readexactly(length)
        return status


async def _connect(host: str, port: int) -> _Conn:
    reader, writer = await asyncio.open_connection(host, port)
    return _Conn(reader, writer)


def summary(lat: list[float], elapsed: float, errors: int) -> dict[str, float]:
    lat.sort()
    n = len(lat)
    return {
        "requests": n,
        "rps": round(n / elapsed, 1) if elapsed else 0.0,
        "p50_ms": round(lat[n // 2] * 1000, 2) if n else 0.0,
        "p99_ms": round(lat[min(n - 1, int(n * 0.99))] * 1000, 2) if n else 0.0,
        "errors": errors,
    }


async def closed_loop(
    host: str,
    port: int,
    headers: dict[str, str],
    make: Callable[[int, int], Request],
    *,
    clients: int,
    seconds: float,
) -> dict[str, float]:
    conns = [await _connect(host, port) for _ in range(clients)]
    latencies: list[float] = []
    errors = 0
    stop = time.perf_counter() + seconds

    async def worker(k: int) -> None:
        nonlocal errors
        i = 0
        conn = conns[k]
        while time.perf_counter() < stop:
            raw = _encode(host, port, headers, make(k, i))
            t = time.perf_counter()
            try:
                status = await conn.roundtrip(raw)
                errors += status >= 400
            except (OSError, asyncio.IncompleteReadError, ValueError):
                errors += 1
                conn = conns[k] = await _connect(host, port)
            latencies.append(time.perf_counter() - t)
            i += 1

    t0 = time.perf_counter()
    await asyncio.gather(*(worker(k) for k in range(clients)))
    elapsed = time.perf_counter() - t0
    for c in conns:
        c.writer.close()
    return summary(latencies, elapsed, errors)


async def open_loop(
    host: str,
    port: int,
    headers: dict[str, str],
    make: Callable[[int, int], Request],
    *,
    rate: int,
    seconds: float,
    max_connections: int = 64,
) -> dict[str, float]:
    """Send ``rate`` requests per second for ``seconds``; latency counted from each scheduled time."""
    pool: asyncio.Queue[_Conn] = asyncio.Queue()
    for _ in range(8):
        pool.put_nowait(await _connect(host, port))
    opened = 8
    latencies: list[float] = []
    errors = 0
    tasks: list[asyncio.Task[None]] = []

    async def one(i: int, scheduled: float) -> None:
        nonlocal errors, opened
        if pool.empty() and opened < max_connections:
            opened += 1
            conn = await _connect(host, port)
        else:
            conn = await pool.get()
        try:
            status = await conn.roundtrip(_encode(host, port, headers, make(0, i)))
            errors += status >= 400
            pool.put_nowait(conn)
        except (OSError, asyncio.IncompleteReadError, ValueError):
            errors += 1
            pool.put_nowait(await _connect(host, port))
        latencies.append(time.perf_counter() - scheduled)

    t0 = time.perf_counter()
    total = int(rate * seconds)
    for i in range(total):
        scheduled = t0 + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, scheduled)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - t0
    while not pool.empty():
        pool.get_nowait().writer.close()
    return summary(latencies, elapsed, errors)
