"""Crash consistency: SIGKILL `senim serve` during concurrent writes, restart it, reconcile.

Writer threads stream writes through the REST API — systems (row + first profile version), file
uploads and attestations (evidence + blob + rule links), risks, incidents, AI-literacy records and
field updates (``PATCH`` of a system with ``If-Match``). Each write carries a unique marker and is
recorded before it is sent; it ends up

- ``acked``: a 2xx response arrived, so the server committed it;
- ``unknown``: the connection broke after the request began (the kill): it may or may not have
  committed;
- ``rejected``: an error response arrived (none is expected: they count as failures);
- ``not_sent``: the connection could not even be opened (the server was down): nothing was sent.

A controller kills the server's process group with SIGKILL after a seeded random number of
acknowledged writes (plus a seeded jitter, to land anywhere inside the requests in flight),
restarts it on the same port and lets the writers carry on; ``iterations`` times. Then the server
is stopped, ``senim ledger verify`` runs as the operator would, and :func:`reconcile` reads the
database directly:

- every acknowledged write is present, with the id the client was given and exactly the content
  it sent (and all of its parts: profile version, blob with the right SHA-256, rule links);
- every unacknowledged write is fully present (every part, a ``create`` ledger event for every
  row) or entirely absent (not even an orphan blob) — never partial;
- no marker appears twice and no row appears that no write asked for;
- field updates: the system's version and ledger update events count exactly the updates that
  were applied (acknowledged, or unknown and seen applied after the restart), and its fields are
  those of the last one;
- the ledger has no sequence gap (count = highest sequence number = head) and the chain verifies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
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
    prepare_database,
)

__all__ = ["CampaignError", "CrashReport", "Reconciliation", "Write", "reconcile", "run_campaign"]

API = "/api/v1"
OPS: tuple[str, ...] = ("system", "file", "attestation", "risk", "incident", "literacy", "patch")
WEIGHTS: tuple[int, ...] = (1, 2, 2, 2, 2, 1, 3)
RULES = ("KZ-AI-10", "KZ-AI-18-1-4", "KZ-PD-25-1", "EU-AI-9", "EU-AI-26-5")
HARMS = ("health", "rights", "property", "personal_data_breach", "safety")
STAGES = ("design", "development", "testing", "deployed")


class CampaignError(RuntimeError):
    """The campaign could not run (the server stalled or died by itself, a writer crashed)."""


@dataclass
class Write:
    """One write as the client saw it."""

    op: str
    marker: str
    thread: int
    expected: dict[str, Any]
    system_id: str | None = None
    state: str = "attempted"  # acked | unknown | rejected | not_sent
    status: int | None = None
    object_id: str | None = None
    read_version: int | None = None  # patch: the version sent in If-Match
    new_version: int | None = None  # acked patch: the version in the response
    resolved: str | None = None  # unknown patch, read back after the restart: applied | not_applied | anomaly


@dataclass
class _OwnSystem:
    version: int
    owner: str | None
    pending: list[Write] = field(default_factory=list)  # unknown patches to read back


class _Campaign:
    def __init__(self, server: ServerProcess, account: Account, seed: int, upload_max: int) -> None:
        self.server = server
        self.account = account
        self.seed = seed
        self.upload_max = upload_max
        self.server_up = threading.Event()
        self.stop = threading.Event()
        self.cond = threading.Condition()
        self.acks_since_start = 0
        self.writes: list[Write] = []
        self.failure: BaseException | None = None
        self.unexpected_interruptions = 0
        self.stall_timeout = 120.0

    def record(self, write: Write) -> None:
        with self.cond:
            self.writes.append(write)

    def acked(self) -> None:
        with self.cond:
            self.acks_since_start += 1
            self.cond.notify_all()

    def fail(self, exc: BaseException) -> None:
        with self.cond:
            if self.failure is None:
                self.failure = exc
            self.cond.notify_all()
        self.stop.set()
        self.server_up.set()  # release writers waiting for a restart that will not come

    def wait_acks(self, target: int) -> None:
        deadline = time.monotonic() + self.stall_timeout
        with self.cond:
            while self.acks_since_start < target and self.failure is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CampaignError(
                        f"only {self.acks_since_start} of {target} writes acknowledged in "
                        f"{self.stall_timeout:.0f} s; server log:\n{self.server.log_tail()}"
                    )
                self.cond.wait(left)
            if self.failure is not None:
                raise CampaignError(f"a writer failed: {self.failure!r}") from self.failure

    def restarted(self) -> None:
        with self.cond:
            self.acks_since_start = 0
        self.server_up.set()


class _Writer(threading.Thread):
    def __init__(self, campaign: _Campaign, k: int) -> None:
        super().__init__(name=f"crash-writer-{k}", daemon=True)
        self.c = campaign
        self.k = k
        self.rng = random.Random(f"{campaign.seed}:writer:{k}")
        self.client = Client(campaign.server, campaign.account.token)
        self.systems: dict[str, _OwnSystem] = {}
        self.n = 0

    def run(self) -> None:
        try:
            while not self.c.stop.is_set():
                self._step()
            if self.c.failure is None and any(s.pending for s in self.systems.values()):
                self._read_back()  # the server is still up: the controller stops it after the join
        except BaseException as exc:
            self.c.fail(exc)
        finally:
            self.client.close()

    # -- flow ---------------------------------------------------------------------------------

    def _await_server(self) -> None:
        if not self.c.server_up.wait(self.c.stall_timeout):
            raise CampaignError("the server did not come back")
        if self.c.stop.is_set():
            return
        if not self.c.server.alive():
            raise CampaignError(f"the server exited by itself; log:\n{self.c.server.log_tail()}")

    def _step(self) -> None:
        self._await_server()
        if self.c.stop.is_set():
            return
        if any(s.pending for s in self.systems.values()):
            self._read_back()
            return
        op = self.rng.choices(OPS, WEIGHTS)[0]
        if op != "system" and not self.systems:
            op = "system"
        write = self._build(op)
        try:
            self.client.connect()  # opened before the write counts as attempted
        except NotSentError:
            self._after_failure()
            return
        self.c.record(write)
        try:
            reply = self._send(write)
        except NotSentError:
            write.state = "not_sent"
            self._after_failure()
            return
        except OutcomeUnknownError:
            write.state = "unknown"
            if write.op == "patch":
                assert write.system_id is not None
                self.systems[write.system_id].pending.append(write)
            self._after_failure()
            return
        write.status = reply.status
        if not reply.ok:
            write.state = "rejected"
            write.expected["error_code"] = reply.error_code()
            return
        write.state = "acked"
        doc = reply.json()
        write.object_id = str(doc["id"])
        if op == "system":
            self.systems[write.object_id] = _OwnSystem(int(doc["version"]), write.expected["owner"])
        elif op == "patch":
            assert write.system_id is not None
            write.new_version = int(doc["version"])
            own = self.systems[write.system_id]
            own.version, own.owner = write.new_version, write.expected["owner"]
        self.c.acked()

    def _after_failure(self) -> None:
        """The server is gone: wait for the restart (the controller clears ``server_up`` before it
        kills). A failure while the server is up and alive was not caused by a kill."""
        if self.c.server_up.is_set() and self.c.server.alive() and not self.c.stop.is_set():
            with self.c.cond:
                self.c.unexpected_interruptions += 1
            time.sleep(0.05)  # back off before retrying a server that refused or broke a connection
        self._await_server()

    def _read_back(self) -> None:
        """After a restart: did the interrupted field updates happen? The system says (version)."""
        for system_id, own in self.systems.items():
            if not own.pending:
                continue
            try:
                reply = self.client.request("GET", f"{API}/systems/{system_id}")
            except (NotSentError, OutcomeUnknownError):
                self._after_failure()
                return
            if not reply.ok:
                raise CampaignError(f"reading system back: HTTP {reply.status} {reply.error_code()}")
            doc = reply.json()
            version, owner = int(doc["version"]), doc["owner"]
            for write in own.pending:  # one at most: the thread sends one request at a time
                assert write.read_version is not None
                if version == write.read_version:
                    write.resolved = "not_applied"
                elif version == write.read_version + 1 and owner == write.expected["owner"]:
                    write.resolved = "applied"
                else:
                    write.resolved = "anomaly"
            own.pending.clear()
            own.version, own.owner = version, owner

    # -- requests -----------------------------------------------------------------------------

    def _pick_system(self) -> str:
        return self.rng.choice(sorted(self.systems))

    def _build(self, op: str) -> Write:
        self.n += 1
        marker = f"r{self.c.seed}w{self.k}n{self.n}"
        rng = self.rng
        if op == "system":
            expected: dict[str, Any] = {
                "slug": f"crash-{marker}",
                "name": f"Crash system {marker}",
                "owner": f"owner {marker}",
                "holder": f"holder {marker}",
                "lifecycle_stage": rng.choice(STAGES),
            }
            return Write(op, marker, self.k, expected)
        system_id = self._pick_system()
        rules = sorted(rng.sample(RULES, rng.randint(0, 3)))
        if op == "file":
            size = rng.randint(1024, self.c.upload_max)
            data = f"{marker}\n".encode() + rng.randbytes(size)
            expected = {
                "title": marker,
                "kind": rng.choice(("file", "machine_result")),
                "filename": f"{marker}.bin",
                "media_type": "application/octet-stream",
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
                "rules": rules,
                "data": data,  # dropped once sent (memory): the SHA-256 stands for it
            }
        elif op == "attestation":
            expected = {
                "title": marker,
                "statement": f"Statement {marker}: " + "reviewed " * rng.randint(1, 40),
                "rules": rules,
            }
        elif op == "risk":
            expected = {
                "title": marker,
                "likelihood": rng.randint(1, 5),
                "impact": rng.randint(1, 5),
                "review_date": dt.date(2027, 1, 1) + dt.timedelta(days=rng.randint(0, 700)),
                "description": f"risk {marker} " + "x" * rng.randint(0, 2000),
            }
        elif op == "incident":
            aware = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(hours=rng.randint(1, 500))
            expected = {
                "title": marker,
                "harm_types": sorted(rng.sample(HARMS, rng.randint(1, 3))),
                "aware_at": aware.astimezone(dt.timezone(dt.timedelta(hours=5))),
                "description": f"incident {marker}",
            }
        elif op == "literacy":
            completed = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300))
            expected = {
                "person": marker,
                "role": "operator",
                "course": f"AI literacy {rng.randint(2025, 2027)}",
                "completed_on": completed,
                "expires_on": completed + dt.timedelta(days=365),
                "systems": [system_id],
            }
        elif op == "patch":
            own = self.systems[system_id]
            write = Write(
                op, marker, self.k, {"owner": f"owner {marker}", "holder": f"holder {marker}"}, system_id
            )
            write.read_version = own.version
            return write
        else:  # pragma: no cover - OPS is closed
            raise ValueError(op)
        return Write(op, marker, self.k, expected, system_id)

    def _send(self, w: Write) -> Reply:
        e = w.expected
        send = self.client.request
        if w.op == "system":
            profile = {"schema": "senim/system-profile/v1", "id": e["slug"], "name": e["name"]}
            return send(
                "POST",
                f"{API}/systems",
                json_body={
                    "profile": profile,
                    "owner": e["owner"],
                    "holder": e["holder"],
                    "lifecycle_stage": e["lifecycle_stage"],
                },
            )
        if w.op == "file":
            data: bytes = e.pop("data")
            body, ctype = multipart_body(
                {"title": e["title"], "kind": e["kind"], "rules": ",".join(e["rules"])},
                filename=e["filename"],
                data=data,
                media_type=e["media_type"],
            )
            return send("POST", f"{API}/systems/{w.system_id}/evidence/files", body=body, content_type=ctype)
        if w.op == "attestation":
            return send(
                "POST",
                f"{API}/systems/{w.system_id}/evidence/attestations",
                json_body={"title": e["title"], "statement": e["statement"], "rules": e["rules"]},
            )
        if w.op == "risk":
            return send(
                "POST",
                f"{API}/systems/{w.system_id}/risks",
                json_body={**e, "review_date": e["review_date"].isoformat()},
            )
        if w.op == "incident":
            return send(
                "POST",
                f"{API}/systems/{w.system_id}/incidents",
                json_body={**e, "aware_at": e["aware_at"].isoformat()},
            )
        if w.op == "literacy":
            return send(
                "POST",
                f"{API}/literacy",
                json_body={
                    **e,
                    "completed_on": e["completed_on"].isoformat(),
                    "expires_on": e["expires_on"].isoformat(),
                },
            )
        assert w.op == "patch" and w.read_version is not None
        return send(
            "PATCH",
            f"{API}/systems/{w.system_id}",
            json_body=e,
            headers={"If-Match": f'"{w.read_version}"'},
        )


# --------------------------------------------------------------------------- reconciliation


@dataclass
class Reconciliation:
    attempted: int = 0
    acknowledged: int = 0
    unknown: int = 0
    rejected: int = 0
    found: int = 0  # writes present in the database (acknowledged or not)
    unknown_present: int = 0
    unknown_absent: int = 0
    losses: int = 0
    half_present: int = 0
    mismatched: int = 0
    duplicates: int = 0
    phantoms: int = 0
    gaps: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.losses
            or self.half_present
            or self.mismatched
            or self.duplicates
            or self.phantoms
            or self.gaps
            or self.rejected
            or self.problems
        )

    def problem(self, text: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(text)


def reconcile(url: str, account: Account, writes: list[Write], marker_prefix: str) -> Reconciliation:
    """Compare the client's record of writes with the database (read directly, server stopped)."""
    from sqlalchemy import func, select

    from senim.profile import parse_profile
    from senim.registry.db import session_scope
    from senim.registry.models import (
        AISystem,
        Blob,
        Evidence,
        EvidenceLink,
        Incident,
        LedgerEvent,
        LedgerHead,
        LiteracyRecord,
        ProfileVersion,
        RiskEntry,
    )
    from senim.registry.services import _profile_sha

    rec = Reconciliation()
    with session_scope(url, read_only=True) as s:
        systems = _index(s.scalars(select(AISystem).where(AISystem.org_id == account.org_id)), "slug")
        evidence = _index(s.scalars(select(Evidence).where(Evidence.org_id == account.org_id)), "title")
        risks = _index(s.scalars(select(RiskEntry)), "title")
        incidents = _index(s.scalars(select(Incident)), "title")
        literacy = _index(s.scalars(select(LiteracyRecord)), "person")
        versions: dict[str, list[Any]] = defaultdict(list)
        for pv in s.scalars(select(ProfileVersion)):
            versions[pv.system_id].append(pv)
        links: dict[str, list[Any]] = defaultdict(list)
        for link in s.scalars(select(EvidenceLink)):
            links[link.evidence_id].append(link)
        blob_sizes: dict[str, int] = dict(s.execute(select(Blob.sha256, Blob.size)).all())
        created: set[tuple[str, str]] = set()
        updates: Counter[str] = Counter()
        for otype, oid, action in s.execute(
            select(LedgerEvent.object_type, LedgerEvent.object_id, LedgerEvent.action)
        ):
            if action == "create":
                created.add((otype, oid))
            elif action == "update" and otype == "ai_systems":
                updates[oid] += 1
        n_events, max_seq, min_seq = s.execute(
            select(func.count(), func.max(LedgerEvent.seq), func.min(LedgerEvent.seq))
        ).one()
        head = s.scalar(select(LedgerHead.seq).where(LedgerHead.id == 1))
        if n_events and (min_seq != 1 or max_seq != n_events or head != n_events):
            rec.gaps += 1
            rec.problem(f"ledger sequence: {n_events} events, seq {min_seq}..{max_seq}, head {head}")

        def blob_ok(sha: str, size: int) -> bool:
            data = s.scalar(select(Blob.data).where(Blob.sha256 == sha))
            return data is not None and len(data) == size and hashlib.sha256(data).hexdigest() == sha

        def check(w: Write, row: Any) -> tuple[list[str], list[str]]:
            """(missing parts, differing fields) of a present write."""
            e = w.expected
            missing: list[str] = []
            differ: list[str] = []

            def same(name: str, got: Any, want: Any) -> None:
                if got != want:
                    differ.append(f"{name}: {got!r} != {want!r}")

            table = type(row).__table__.name
            if (table, row.id) not in created:
                missing.append(f"ledger create event of {table}/{row.id}")
            if w.op == "system":
                for name in ("slug", "name", "lifecycle_stage"):
                    same(name, getattr(row, name), e[name])
                pvs = versions.get(row.id, [])
                if len(pvs) != 1 or pvs[0].number != 1:
                    missing.append(f"profile version 1 (found {[pv.number for pv in pvs]})")
                else:
                    doc = {"schema": "senim/system-profile/v1", "id": e["slug"], "name": e["name"]}
                    data, sha = _profile_sha(parse_profile(doc))
                    same("profile", pvs[0].profile, data)
                    same("profile sha256", pvs[0].sha256, sha)
                    if ("profile_versions", pvs[0].id) not in created:
                        missing.append(f"ledger create event of profile_versions/{pvs[0].id}")
            elif w.op in ("file", "attestation"):
                same("system_id", row.system_id, w.system_id)
                same("attested_by", row.attested_by, account.user_id)
                got_rules = sorted(link.rule_id for link in links.get(row.id, []))
                if set(got_rules) < set(e["rules"]):
                    missing.append(f"rule links {sorted(set(e['rules']) - set(got_rules))}")
                else:
                    same("rules", got_rules, e["rules"])
                for link in links.get(row.id, []):
                    if ("evidence_links", link.id) not in created:
                        missing.append(f"ledger create event of evidence_links/{link.id}")
                if w.op == "attestation":
                    same("kind", row.kind, "attestation")
                    same("statement", row.statement, e["statement"])
                else:
                    for name in ("kind", "filename", "media_type", "size", "sha256"):
                        same(name, getattr(row, name), e[name])
                    if e["sha256"] not in blob_sizes:
                        missing.append("blob")
                    elif not blob_ok(e["sha256"], e["size"]):
                        differ.append("blob content does not match its SHA-256 or size")
                    elif ("blobs", e["sha256"]) not in created:
                        missing.append(f"ledger create event of blobs/{e['sha256']}")
            elif w.op == "risk":
                same("system_id", row.system_id, w.system_id)
                for name in ("likelihood", "impact", "review_date", "description"):
                    same(name, getattr(row, name), e[name])
                same("status", row.status, "open")
                same("version", row.version, 1)
            elif w.op == "incident":
                same("system_id", row.system_id, w.system_id)
                same("harm_types", sorted(row.harm_types), e["harm_types"])
                same("aware_at", row.aware_at, e["aware_at"])
                same("description", row.description, e["description"])
                same("version", row.version, 1)
            elif w.op == "literacy":
                for name in ("role", "course", "completed_on", "expires_on", "systems"):
                    same(name, getattr(row, name), e[name])
            return missing, differ

        by_key = {"system": (systems, "slug"), "file": (evidence, "title")}
        by_key |= {"attestation": (evidence, "title"), "risk": (risks, "title")}
        by_key |= {"incident": (incidents, "title"), "literacy": (literacy, "person")}
        tables = {"system": "ai_systems", "file": "evidence", "attestation": "evidence", "risk": "risks"}
        tables |= {"incident": "incidents", "literacy": "literacy_records"}
        expected_markers: dict[str, set[str]] = defaultdict(set)
        patches: dict[str, list[Write]] = defaultdict(list)
        for w in writes:
            if w.state == "not_sent":
                if w.op != "patch":
                    index, key = by_key[w.op]
                    if index.get(w.expected[key]):
                        rec.problem(f"{w.op} {w.marker}: never sent, yet present")
                continue
            rec.attempted += 1
            rec.acknowledged += w.state == "acked"
            rec.unknown += w.state == "unknown"
            if w.state == "rejected":
                rec.rejected += 1
                rec.problem(f"{w.op} {w.marker}: HTTP {w.status} {w.expected.get('error_code')}")
            if w.op == "patch":
                assert w.system_id is not None
                patches[w.system_id].append(w)
                continue
            index, key = by_key[w.op]
            value = w.expected[key]
            expected_markers[tables[w.op]].add(value)
            rows = index.get(value, [])
            if len(rows) > 1:
                rec.duplicates += 1
                rec.problem(f"{w.op} {w.marker}: {len(rows)} rows")
            if not rows:
                if w.state == "acked":
                    rec.losses += 1
                    rec.problem(f"{w.op} {w.marker}: acknowledged as {w.object_id} but absent")
                elif w.state == "unknown":
                    rec.unknown_absent += 1
                    if w.op == "file" and w.expected["sha256"] in blob_sizes:
                        rec.half_present += 1
                        rec.problem(f"file {w.marker}: absent but its blob is stored")
                continue
            rec.found += 1
            row = rows[0]
            if w.state == "rejected":
                rec.problem(f"{w.op} {w.marker}: rejected yet present")
                continue
            if w.state == "unknown":
                rec.unknown_present += 1
            elif w.state == "acked" and row.id != w.object_id:
                rec.mismatched += 1
                rec.problem(f"{w.op} {w.marker}: stored as {row.id}, acknowledged as {w.object_id}")
            missing, differ = check(w, row)
            if missing:
                rec.half_present += 1
                rec.problem(f"{w.op} {w.marker} ({w.state}): present without {', '.join(missing)}")
            if differ:
                rec.mismatched += 1
                rec.problem(f"{w.op} {w.marker} ({w.state}): {'; '.join(differ)}")

        # Rows nobody asked for (markers of this campaign only).
        for table, index in (
            ("ai_systems", systems),
            ("evidence", evidence),
            ("risks", risks),
            ("incidents", incidents),
            ("literacy_records", literacy),
        ):
            for value in index:
                if marker_prefix in value and value not in expected_markers[table]:
                    rec.phantoms += 1
                    rec.problem(f"{table}: a row marked {value!r} that no write asked for")

        # Field updates, per system: the applied ones, in the order the owning thread sent them.
        creators = {w.expected["slug"]: w for w in writes if w.op == "system"}
        for slug, w in creators.items():
            rows = systems.get(slug, [])
            if not rows:
                if patches.get(w.object_id or ""):
                    rec.problem(f"system {w.marker}: patched but absent")
                continue
            row = rows[0]
            applied: list[Write] = []
            for p in patches.get(row.id, []):
                if p.state == "acked":
                    applied.append(p)
                elif p.state == "unknown":
                    if p.resolved == "applied":
                        applied.append(p)
                        rec.unknown_present += 1
                    elif p.resolved == "not_applied":
                        rec.unknown_absent += 1
                    else:
                        rec.half_present += 1
                        rec.problem(f"patch {p.marker}: read back as {p.resolved!r} after the restart")
            rec.found += len(applied)
            for i, p in enumerate(applied, start=2):
                if p.state == "acked" and p.new_version != i:
                    rec.mismatched += 1
                    rec.problem(f"patch {p.marker}: acknowledged version {p.new_version}, expected {i}")
            want_version = 1 + len(applied)
            last = applied[-1].expected if applied else w.expected
            if row.version != want_version or updates.get(row.id, 0) != len(applied):
                rec.losses += 1
                rec.problem(
                    f"system {w.marker}: version {row.version} with {updates.get(row.id, 0)} update events, "
                    f"but {len(applied)} updates were applied"
                )
            if (row.owner, row.holder) != (last["owner"], last["holder"]):
                rec.mismatched += 1
                rec.problem(f"system {w.marker}: owner/holder {row.owner!r} are not the last update's")
    return rec


def _index(rows: Any, key: str) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        out[getattr(row, key)].append(row)
    return out


# --------------------------------------------------------------------------- the campaign


@dataclass
class CrashReport:
    backend: str
    seed: int
    iterations: int
    writers: int
    seconds: float
    restart_seconds_mean: float
    reconciliation: Reconciliation
    ledger: LedgerCheck
    unexpected_interruptions: int
    per_op: dict[str, dict[str, int]]
    account: Account = field(repr=False)
    writes: list[Write] = field(repr=False)

    @property
    def ok(self) -> bool:
        return (
            self.reconciliation.ok
            and self.ledger.exit_code == 0
            and self.ledger.ok
            and self.unexpected_interruptions == 0
        )

    def to_dict(self) -> dict[str, Any]:
        doc = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("account", "writes")}
        doc["reconciliation"] = asdict(self.reconciliation)
        doc["ledger"] = asdict(self.ledger)
        doc["ok"] = self.ok
        return doc


def run_campaign(
    url: str,
    workdir: Path,
    *,
    iterations: int,
    seed: int,
    writers: int = 4,
    acks_per_cycle: tuple[int, int] = (8, 40),
    jitter: float = 0.05,
    upload_max: int = 64 * 1024,
    progress: Callable[[str], None] | None = None,
) -> CrashReport:
    """Kill and restart the server ``iterations`` times under concurrent writes, then reconcile."""
    backend = url.split(":", 1)[0].split("+", 1)[0]
    t0 = time.perf_counter()
    account = prepare_database(url)
    server = ServerProcess(url, workdir / "server.log")
    campaign = _Campaign(server, account, seed, upload_max)
    rng = random.Random(f"{seed}:controller")
    threads = [_Writer(campaign, k) for k in range(writers)]
    server.start()
    campaign.server_up.set()
    try:
        for thread in threads:
            thread.start()
        for i in range(iterations):
            campaign.wait_acks(rng.randint(*acks_per_cycle))
            time.sleep(rng.uniform(0.0, jitter))  # a random point inside the requests in flight
            campaign.server_up.clear()
            server.kill()
            server.start()
            campaign.restarted()
            if progress is not None:
                progress(f"kill {i + 1}/{iterations}: {len(campaign.writes)} writes so far")
        campaign.wait_acks(rng.randint(*acks_per_cycle))
    finally:
        campaign.stop.set()
        campaign.server_up.set()
        for thread in threads:
            thread.join(timeout=180)
        server.stop()
    if campaign.failure is not None:
        raise CampaignError(f"a writer failed: {campaign.failure!r}") from campaign.failure
    if any(thread.is_alive() for thread in threads):
        raise CampaignError("a writer did not finish")
    ledger = ledger_verify_cli(url)
    rec = reconcile(url, account, campaign.writes, f"r{seed}w")
    per_op: dict[str, Counter[str]] = {op: Counter() for op in OPS}
    for w in campaign.writes:
        per_op[w.op][w.state] += 1
    starts = server.start_seconds[1:] or server.start_seconds
    return CrashReport(
        backend=backend,
        seed=seed,
        iterations=server.kills,
        writers=writers,
        seconds=round(time.perf_counter() - t0, 1),
        restart_seconds_mean=round(sum(starts) / len(starts), 2),
        reconciliation=rec,
        ledger=ledger,
        unexpected_interruptions=campaign.unexpected_interruptions,
        per_op={op: dict(c) for op, c in per_op.items()},
        account=account,
        writes=campaign.writes,
    )
