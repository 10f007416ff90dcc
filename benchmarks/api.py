"""Benchmark: the REST API under a bounded local load.

Starts `senim serve` (uvicorn, one process) on a fresh database and a bare FastAPI app returning a
constant (the ceiling), then for each: a closed-loop run (N keep-alive connections as fast as they
can, for D seconds) and an open-loop run at a fixed rate (default 200 req/s) measuring p50/p99
from each request's scheduled time. The client (``benchmarks/_load.py``) speaks HTTP/1.1 on raw
asyncio streams so that it costs far less CPU than the server it measures on the shared cores.
All traffic stays on 127.0.0.1 and every loop is bounded in time.

Targets (issue 3): reads within 3x of the ceiling; p99 under 50 ms at 200 req/s.

Usage: python benchmarks/api.py [--database URL] [--seconds 8] [--clients 16] [--rate 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

from _load import Request, closed_loop, open_loop

from senim.ledger.chain import actor
from senim.profile import parse_profile
from senim.registry import services
from senim.registry.db import session_scope, upgrade

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(cmd: list[str], port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit(f"server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")


def seed(url: str) -> tuple[str, str]:
    upgrade(url)
    with actor("bench"), session_scope(url) as s:
        org = services.create_org(s, services.OPERATOR, name="Bench LLP")
        user = services.create_user(
            s, services.OPERATOR, org_id=org.id, email="eng@bench.kz", name="Eng", role="engineer"
        )
        _, token = services.create_token(s, services.OPERATOR, user_id=user.id)
        principal = services.Principal(user.id, org.id, "engineer")
        system = None
        for i in range(50):
            p = parse_profile(
                {"schema": "senim/system-profile/v1", "id": f"system-{i}", "name": f"System {i}"}
            )
            system = services.add_system(s, principal, profile=p)
        assert system is not None
        return token, system.id


async def run(args: argparse.Namespace) -> dict[str, Any]:
    url = args.database or f"sqlite:///{tempfile.mkdtemp(prefix='senim-api-bench-')}/api.db"
    token, system_id = seed(url)
    env = {**os.environ, "SENIM_DATABASE_URL": url}
    port = free_port()
    server = start([sys.executable, "-m", "senim", "serve", "--port", str(port)], port, env)
    ceiling_port = free_port()
    ceiling_src = textwrap.dedent("""
        import sys, uvicorn
        from fastapi import FastAPI
        app = FastAPI()
        @app.get("/ping")
        def ping() -> dict[str, str]:
            return {"status": "ok"}
        uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
    """)
    ceiling = start([sys.executable, "-c", ceiling_src, str(ceiling_port)], ceiling_port, env)
    headers = {"Authorization": f"Bearer {token}"}
    results: dict[str, Any] = {"database": url.split("://")[0].split("+")[0]}
    host = "127.0.0.1"
    clients, seconds = args.clients, args.seconds
    api = "/api/v1"
    try:
        results["ceiling"] = await closed_loop(
            host, ceiling_port, {}, lambda k, i: Request("GET", "/ping"), clients=clients, seconds=seconds
        )
        results[f"ceiling_at_{args.rate}_rps"] = await open_loop(
            host, ceiling_port, {}, lambda k, i: Request("GET", "/ping"), rate=args.rate, seconds=seconds
        )
        read = Request("GET", f"{api}/systems/{system_id}")
        results["read_system"] = await closed_loop(
            host, port, headers, lambda k, i: read, clients=clients, seconds=seconds
        )
        results["read_list"] = await closed_loop(
            host,
            port,
            headers,
            lambda k, i: Request("GET", f"{api}/systems?limit=20"),
            clients=clients,
            seconds=seconds,
        )
        results["write_risk"] = await closed_loop(
            host,
            port,
            headers,
            lambda k, i: Request(
                "POST",
                f"{api}/systems/{system_id}/risks",
                {"title": f"risk {k}-{i}", "likelihood": 2, "impact": 3, "review_date": "2027-06-01"},
            ),
            clients=clients,
            seconds=seconds,
        )
        results[f"read_at_{args.rate}_rps"] = await open_loop(
            host, port, headers, lambda k, i: read, rate=args.rate, seconds=seconds
        )
    finally:
        for proc in (server, ceiling):
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
    ceiling_rps = results["ceiling"]["rps"]
    results["read_vs_ceiling"] = round(ceiling_rps / max(results["read_system"]["rps"], 0.1), 2)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--database", default=None, help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--seconds", type=float, default=8.0)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--rate", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    if not 1 <= args.clients <= 64 or not 0 < args.seconds <= 60 or not 1 <= args.rate <= 2000:
        raise SystemExit("bounded load only: 1-64 clients, up to 60 s, up to 2000 req/s")
    results = asyncio.run(run(args))
    results["machine"] = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    print(
        f"machine: {results['machine']}; database: {results['database']}; client and server share the machine"
    )
    for key, r in results.items():
        if isinstance(r, dict):
            print(
                f"{key:>22}: {r['rps']:>8} req/s  p50 {r['p50_ms']:>7} ms  p99 {r['p99_ms']:>7} ms  "
                f"({r['requests']} requests, {r['errors']} errors)"
            )
    print(f"{'ceiling / read':>22}: {results['read_vs_ceiling']}x (target <= 3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
