"""Load and soak: a fixed mix of reads, writes, uploads and scans against a live `senim serve`.

``clients`` threads (closed loop: each sends its next request when the previous answer is in) draw
request kinds from a fixed, seeded mix (:data:`MIX`):

- reads: one system, the system list, a system's evidence and risk register, one evidence
  record, ``/me`` — on a fixed set of seeded systems, so that what a read returns does not grow;
- writes: a risk, a field update of the thread's own system (``If-Match``), an incident, an
  attestation — on the thread's own system;
- uploads: multipart files of log-uniform size between ``upload_min`` and ``upload_max`` bytes,
  each one new content;
- scans: the API has no scan route, so the load generator scans generated client records full
  of personal data with :mod:`senim.privacy` (in a separate process, so that the scan does not
  hold the client threads' interpreter lock) and uploads the masked summary as a
  ``machine_result`` — what ``senim scan`` plus ``senim evidence upload`` do.

Latency is measured per request by the client, from sending to the last byte of the answer.
Throughput and percentiles cover the time after the warm-up; errors count over the whole run (any
answer that is not 2xx, any broken connection). The server's resident memory is sampled from
``/proc`` at a fixed interval: at the start, at the end of the warm-up and at the end, and its
growth after the warm-up is fitted by least squares. ``senim ledger verify`` runs at the end.
"""

from __future__ import annotations

import json
import math
import multiprocessing
import random
import threading
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.reliability._live import (
    Account,
    Client,
    LedgerCheck,
    NotSentError,
    OutcomeUnknownError,
    Reply,
    ServerProcess,
    ledger_verify_cli,
    multipart_body,
    percentile,
    prepare_database,
)

__all__ = ["MIX", "SoakReport", "run_soak"]

API = "/api/v1"

#: (kind, category, weight): the fixed request mix.
MIX: tuple[tuple[str, str, int], ...] = (
    ("get_system", "read", 18),
    ("list_systems", "read", 10),
    ("list_evidence", "read", 8),
    ("list_risks", "read", 8),
    ("get_evidence", "read", 6),
    ("me", "read", 8),
    ("create_risk", "write", 8),
    ("patch_system", "write", 5),
    ("create_incident", "write", 3),
    ("attest", "write", 3),
    ("upload", "upload", 3),
    ("scan", "scan", 2),
)
CATEGORY = {kind: category for kind, category, _ in MIX}


# --------------------------------------------------------------------------- scans (worker process)

_TABLES: list[dict[str, list[str | None]]] = []


def _scan_init(seed: int, tables: int, rows: int) -> None:
    from senim.privacy.eval.generator import generate_table

    _TABLES.extend(generate_table(rows, seed=seed * 1000 + i)[0] for i in range(tables))


def _scan_job(i: int) -> tuple[bytes, float]:
    """Scan generated table ``i`` and return the machine result (a masked summary) and seconds."""
    from senim.privacy import scan_table
    from senim.privacy.summary import ScanSummary

    t0 = time.perf_counter()
    table = _TABLES[i % len(_TABLES)]
    summary = ScanSummary()
    summary.sources = 1
    summary.add_records(len(next(iter(table.values()))), 0)
    summary.add_findings(scan_table(table, source=f"clients-{i}.csv"))
    summary.finish()
    doc = {"tool": "senim scan", "source": f"clients-{i}.csv", "summary": summary.to_dict()}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8"), time.perf_counter() - t0


# --------------------------------------------------------------------------- the load


@dataclass
class _Sample:
    at: float  # seconds since the start of the load
    latency: float
    ok: bool


@dataclass
class _Shared:
    server: ServerProcess
    account: Account
    seed: int
    upload_min: int
    upload_max: int
    read_systems: list[str]
    read_evidence: list[str]
    scans: ProcessPoolExecutor
    max_requests: int | None
    t0: float = 0.0
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    samples: dict[str, list[_Sample]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_examples: list[str] = field(default_factory=list)
    scan_seconds: list[float] = field(default_factory=list)
    upload_bytes: int = 0
    requests: int = 0

    def record(self, kind: str, started: float, latency: float, ok: bool, what: str | None = None) -> None:
        with self.lock:
            self.samples[kind].append(_Sample(started - self.t0, latency, ok))
            self.requests += 1
            if not ok:
                self.errors[kind] += 1
                if what is not None and len(self.error_examples) < 20:
                    self.error_examples.append(f"{kind}: {what}")
            if self.max_requests is not None and self.requests >= self.max_requests:
                self.stop.set()


def _profile(slug: str) -> dict[str, Any]:
    return {"schema": "senim/system-profile/v1", "id": slug, "name": f"Soak {slug}"}


class _LoadThread(threading.Thread):
    def __init__(self, shared: _Shared, k: int) -> None:
        super().__init__(name=f"soak-{k}", daemon=True)
        self.s = shared
        self.k = k
        self.rng = random.Random(f"{shared.seed}:soak:{k}")
        self.client = Client(shared.server, shared.account.token, timeout=120)
        self.system_id = ""
        self.version = 0
        self.n = 0
        self.failure: BaseException | None = None

    def run(self) -> None:
        kinds = [kind for kind, _, _ in MIX]
        weights = [weight for _, _, weight in MIX]
        try:
            made = self.client.request(
                "POST", f"{API}/systems", json_body={"profile": _profile(f"soak-writer-{self.k}")}
            )
            if made.status != 201:
                raise RuntimeError(f"creating the thread's system: HTTP {made.status} {made.error_code()}")
            self.system_id, self.version = made.json()["id"], int(made.json()["version"])
            while not self.s.stop.is_set():
                self._one(self.rng.choices(kinds, weights)[0])
        except BaseException as exc:
            self.failure = exc
            self.s.stop.set()
        finally:
            self.client.close()

    def _one(self, kind: str) -> None:
        self.n += 1
        rng = self.rng
        t = time.perf_counter()
        what: str | None = None
        try:
            if kind == "scan":
                future = self.s.scans.submit(_scan_job, self.k * 1_000_003 + self.n)
                result, seconds = future.result(timeout=300)
                with self.s.lock:
                    self.s.scan_seconds.append(seconds)
                reply = self._upload(result, "machine_result", "application/json", f"scan-{self.n}.json")
            else:
                reply = self._request(kind, rng)
            ok = reply.ok
            if not ok:
                what = f"HTTP {reply.status} {reply.error_code()}"
        except (NotSentError, OutcomeUnknownError) as exc:
            ok, what = False, type(exc).__name__
        self.s.record(kind, t, time.perf_counter() - t, ok, what)

    def _upload(self, data: bytes, kind: str, media_type: str, filename: str) -> Reply:
        body, ctype = multipart_body(
            {"title": f"{kind} {self.k}-{self.n}", "kind": kind, "rules": "KZ-AI-10"},
            filename=filename,
            data=data,
            media_type=media_type,
        )
        with self.s.lock:
            self.s.upload_bytes += len(data)
        return self.client.request(
            "POST", f"{API}/systems/{self.system_id}/evidence/files", body=body, content_type=ctype
        )

    def _request(self, kind: str, rng: random.Random) -> Reply:
        send = self.client.request
        if kind == "get_system":
            return send("GET", f"{API}/systems/{rng.choice(self.s.read_systems)}")
        if kind == "list_systems":
            return send("GET", f"{API}/systems?limit=50")
        if kind == "list_evidence":
            return send("GET", f"{API}/systems/{rng.choice(self.s.read_systems)}/evidence")
        if kind == "list_risks":
            return send("GET", f"{API}/systems/{rng.choice(self.s.read_systems)}/risks")
        if kind == "get_evidence":
            return send("GET", f"{API}/evidence/{rng.choice(self.s.read_evidence)}")
        if kind == "me":
            return send("GET", f"{API}/me")
        if kind == "create_risk":
            return send(
                "POST",
                f"{API}/systems/{self.system_id}/risks",
                json_body={
                    "title": f"risk {self.k}-{self.n}",
                    "likelihood": rng.randint(1, 5),
                    "impact": rng.randint(1, 5),
                    "review_date": "2027-06-01",
                    "description": "d" * rng.randint(0, 500),
                },
            )
        if kind == "patch_system":
            reply = send(
                "PATCH",
                f"{API}/systems/{self.system_id}",
                json_body={"owner": f"owner {self.n}"},
                headers={"If-Match": f'"{self.version}"'},
            )
            if reply.ok:
                self.version = int(reply.json()["version"])
            return reply
        if kind == "create_incident":
            return send(
                "POST",
                f"{API}/systems/{self.system_id}/incidents",
                json_body={
                    "title": f"incident {self.k}-{self.n}",
                    "harm_types": [rng.choice(("health", "rights", "property"))],
                    "aware_at": "2026-11-20T09:00:00+05:00",
                },
            )
        if kind == "attest":
            return send(
                "POST",
                f"{API}/systems/{self.system_id}/evidence/attestations",
                json_body={"title": f"attestation {self.k}-{self.n}", "statement": "s" * 200, "rules": []},
            )
        if kind == "upload":
            lo, hi = math.log(self.s.upload_min), math.log(self.s.upload_max)
            size = int(math.exp(rng.uniform(lo, hi)))
            return self._upload(rng.randbytes(size), "file", "application/octet-stream", f"f{self.n}.bin")
        raise ValueError(kind)


# --------------------------------------------------------------------------- report


@dataclass
class KindFigures:
    requests: int
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


@dataclass
class SoakReport:
    backend: str
    duration_s: float
    warmup_s: float
    measured_s: float
    clients: int
    server_threads: int | None
    requests: int
    errors: int
    error_examples: list[str]
    kinds: dict[str, KindFigures]
    categories: dict[str, KindFigures]
    total: KindFigures
    upload_mb: float
    scan_compute_p50_ms: float
    rss_start_mb: float
    rss_warm_mb: float
    rss_end_mb: float
    rss_growth_pct: float  # end against the end of the warm-up
    rss_slope_mb_per_min: float  # least-squares fit after the warm-up
    rss_slope_pct_per_min: float
    rss_samples: list[tuple[float, float]]  # (seconds, MB)
    ledger: LedgerCheck

    @property
    def ok(self) -> bool:
        return self.errors == 0 and self.ledger.exit_code == 0 and self.ledger.ok

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        doc = asdict(self)
        doc["ok"] = self.ok
        return doc

    def table(self) -> str:
        lines = [
            f"soak: {self.backend}, {self.duration_s:.0f} s (warm-up {self.warmup_s:.0f} s, measured "
            f"{self.measured_s:.0f} s), {self.clients} client threads, server threads "
            f"{self.server_threads or 'default'}",
            f"{'kind':<16}{'requests':>10}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'errors':>8}",
        ]

        def row(name: str, f: KindFigures) -> str:
            return (
                f"{name:<16}{f.requests:>10}{f.rps:>9.1f}{f.p50_ms:>9.1f}{f.p95_ms:>9.1f}"
                f"{f.p99_ms:>9.1f}{f.errors:>8}"
            )

        lines += [row(k, f) for k, f in self.kinds.items()]
        lines.append("-" * 70)
        lines += [row(f"[{k}]", f) for k, f in self.categories.items()]
        lines.append(row("[all]", self.total))
        lines.append(
            f"uploaded {self.upload_mb:.1f} MB; scan compute p50 {self.scan_compute_p50_ms:.0f} ms "
            "(in the load generator, part of the scan latency)"
        )
        lines.append(
            f"server RSS: start {self.rss_start_mb:.1f} MB, after warm-up {self.rss_warm_mb:.1f} MB, end "
            f"{self.rss_end_mb:.1f} MB: {self.rss_growth_pct:+.1f} % after warm-up "
            f"(fit {self.rss_slope_mb_per_min:+.2f} MB/min = {self.rss_slope_pct_per_min:+.2f} %/min)"
        )
        lines.append(
            f"errors: {self.errors} (over the whole run, warm-up included)"
            + (f"; e.g. {self.error_examples[:3]}" if self.error_examples else "")
        )
        lines.append(
            f"ledger verify: exit {self.ledger.exit_code}, {'ok' if self.ledger.ok else 'BROKEN'}, "
            f"{self.ledger.events} events, {self.ledger.seconds:.1f} s"
        )
        return "\n".join(lines)


def _figures(samples: list[_Sample], seconds: float) -> KindFigures:
    lat = sorted(x.latency * 1000 for x in samples)
    return KindFigures(
        requests=len(samples),
        rps=round(len(samples) / seconds, 2) if seconds > 0 else 0.0,
        p50_ms=round(percentile(lat, 50), 2),
        p95_ms=round(percentile(lat, 95), 2),
        p99_ms=round(percentile(lat, 99), 2),
        errors=sum(1 for x in samples if not x.ok),
    )


def _slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of (x, y) points; 0.0 for fewer than two distinct x."""
    n = len(points)
    if n < 2:
        return 0.0
    mx = sum(x for x, _ in points) / n
    my = sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    if sxx == 0:
        return 0.0
    return sum((x - mx) * (y - my) for x, y in points) / sxx


def _seed_reads(client: Client, systems: int) -> tuple[list[str], list[str]]:
    """Systems with a few risks and evidence records, read (and never written) by the load."""
    system_ids: list[str] = []
    evidence_ids: list[str] = []
    for i in range(systems):
        made = client.request("POST", f"{API}/systems", json_body={"profile": _profile(f"soak-read-{i}")})
        if made.status != 201:
            raise RuntimeError(f"seeding: HTTP {made.status} {made.error_code()}")
        sid = str(made.json()["id"])
        system_ids.append(sid)
        for j in range(5):
            client.request(
                "POST",
                f"{API}/systems/{sid}/risks",
                json_body={"title": f"seed {j}", "likelihood": 2, "impact": 3, "review_date": "2027-06-01"},
            )
        for j in range(3):
            ev = client.request(
                "POST",
                f"{API}/systems/{sid}/evidence/attestations",
                json_body={"title": f"seed {j}", "statement": "seeded", "rules": ["KZ-AI-10"]},
            )
            evidence_ids.append(str(ev.json()["id"]))
    return system_ids, evidence_ids


def run_soak(
    url: str,
    workdir: Path,
    *,
    duration: float,
    warmup: float | None = None,
    clients: int = 4,
    server_threads: int | None = None,
    max_requests: int | None = None,
    seed: int = 1,
    upload_min: int = 2 * 1024,
    upload_max: int = 1024 * 1024,
    sample_every: float | None = None,
    read_systems: int = 10,
    scan_rows: int = 50,
    progress: Any = None,
) -> SoakReport:
    """Run the mixed load for ``duration`` seconds (or ``max_requests`` requests) and measure it."""
    warm = warmup if warmup is not None else min(60.0, duration / 4)
    every = sample_every if sample_every is not None else max(1.0, min(10.0, duration / 60))
    backend = url.split(":", 1)[0].split("+", 1)[0]
    account = prepare_database(url)
    server = ServerProcess(url, workdir / "server.log", threads=server_threads)
    ctx = multiprocessing.get_context("spawn")  # no fork of a process with threads
    scans = ProcessPoolExecutor(1, mp_context=ctx, initializer=_scan_init, initargs=(seed, 8, scan_rows))
    rss: list[tuple[float, float]] = []
    with server:
        try:
            scans.submit(_scan_job, 0).result(timeout=600)  # the scanner's models load before the clock runs
            seeding = Client(server, account.token)
            read_ids, evidence_ids = _seed_reads(seeding, read_systems)
            seeding.close()
            shared = _Shared(
                server, account, seed, upload_min, upload_max, read_ids, evidence_ids, scans, max_requests
            )
            threads = [_LoadThread(shared, k) for k in range(clients)]
            shared.t0 = time.perf_counter()
            rss.append((0.0, server.rss_bytes() / 2**20))
            for thread in threads:
                thread.start()
            next_sample = every
            deadline = shared.t0 + duration
            while not shared.stop.is_set():
                now = time.perf_counter()
                if now >= deadline:
                    break
                if shared.stop.wait(min(next_sample - (now - shared.t0), deadline - now)):
                    break
                elapsed = time.perf_counter() - shared.t0
                if elapsed >= next_sample:
                    rss.append((elapsed, server.rss_bytes() / 2**20))
                    next_sample += every
                    if progress is not None and len(rss) % 6 == 0:
                        progress(f"{elapsed:.0f} s: {shared.requests} requests, RSS {rss[-1][1]:.1f} MB")
            shared.stop.set()
            for thread in threads:
                thread.join(timeout=300)
            elapsed = time.perf_counter() - shared.t0
            rss.append((elapsed, server.rss_bytes() / 2**20))
            failures = [t.failure for t in threads if t.failure is not None]
            if failures:
                raise RuntimeError(f"a load thread failed: {failures[0]!r}") from failures[0]
        finally:
            scans.shutdown(cancel_futures=True)
    ledger = ledger_verify_cli(url)

    measured = max(elapsed - warm, 1e-9)
    after = {k: [x for x in v if x.at >= warm] for k, v in shared.samples.items()}
    kinds = {kind: _figures(after.get(kind, []), measured) for kind, _, _ in MIX}
    by_category: dict[str, list[_Sample]] = defaultdict(list)
    for kind, values in after.items():
        by_category[CATEGORY[kind]].extend(values)
    categories = {c: _figures(by_category[c], measured) for c in ("read", "write", "upload", "scan")}
    total = _figures([x for v in after.values() for x in v], measured)
    warm_points = [p for p in rss if p[0] >= warm]
    rss_warm = warm_points[0][1] if warm_points else rss[-1][1]
    slope = _slope([(t / 60, mb) for t, mb in warm_points])
    scans_ms = sorted(x * 1000 for x in shared.scan_seconds)
    return SoakReport(
        backend=backend,
        duration_s=round(elapsed, 1),
        warmup_s=warm,
        measured_s=round(measured, 1),
        clients=clients,
        server_threads=server_threads,
        requests=shared.requests,
        errors=sum(shared.errors.values()),
        error_examples=shared.error_examples,
        kinds=kinds,
        categories=categories,
        total=total,
        upload_mb=round(shared.upload_bytes / 2**20, 1),
        scan_compute_p50_ms=round(percentile(scans_ms, 50), 1),
        rss_start_mb=round(rss[0][1], 1),
        rss_warm_mb=round(rss_warm, 1),
        rss_end_mb=round(rss[-1][1], 1),
        rss_growth_pct=round((rss[-1][1] - rss_warm) / rss_warm * 100, 2) if rss_warm else 0.0,
        rss_slope_mb_per_min=round(slope, 3),
        rss_slope_pct_per_min=round(slope / rss_warm * 100, 3) if rss_warm else 0.0,
        rss_samples=[(round(t, 1), round(mb, 1)) for t, mb in rss],
        ledger=ledger,
    )
