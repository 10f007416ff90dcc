"""Two seeded organisations for the attack tests, and a live server (uvicorn in a thread).

:func:`seed_world` builds, through the services as the operator, organisations A and B, each with a
user of every role holding an API token, and objects of every type in both: systems (two profile
versions, an assessment), evidence of each kind (attestation, file, machine result), risks,
incidents with an action, AI-literacy records and spare tokens. Organisation B's objects carry
unique *canary* strings; organisation A's users must never receive one. B also publishes one
system without canaries (regulators of every organisation may read published systems).
"""

from __future__ import annotations

import datetime as dt
import secrets
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from senim.ledger.chain import actor
from senim.profile import parse_profile
from senim.registry import services
from senim.registry.db import session_scope, upgrade
from senim.registry.models import ROLES
from tests.helpers import profile_data

PREFIX = "/api/v1"
ID_KINDS = ("system", "evidence", "risk", "incident", "user", "token")


@dataclass
class Org:
    id: str
    tokens: dict[str, str] = field(default_factory=dict)  # role -> plaintext bearer token (never revoked)
    token_ids: dict[str, str] = field(default_factory=dict)  # role -> id of that token
    user_ids: dict[str, str] = field(default_factory=dict)  # role -> user id
    ids: dict[str, list[str]] = field(default_factory=dict)  # kind (ID_KINDS) -> object ids
    spare_tokens: dict[str, str] = field(default_factory=dict)  # token id -> plaintext (may be revoked)
    published_system: str | None = None


@dataclass
class World:
    url: str
    a: Org
    b: Org
    canaries: frozenset[str]  # strings of B that A must never see (includes B's private object ids)

    def auth(self, role: str, org: str = "a") -> dict[str, str]:
        return {"Authorization": f"Bearer {(self.a if org == 'a' else self.b).tokens[role]}"}


def _canary(label: str) -> str:
    return f"CANARYB{label}{secrets.token_hex(6)}"


def _seed_org(s: Any, name: str, mark: bool, canaries: set[str]) -> Org:
    def text(label: str, plain: str) -> str:
        if not mark:
            return plain
        value = _canary(label)
        canaries.add(value)
        return value

    org_row = services.create_org(s, services.OPERATOR, name=text("org", name))
    org = Org(id=org_row.id, ids={k: [] for k in ID_KINDS})
    prefix = "b" if mark else "a"
    for role in ROLES:
        email = f"{prefix}-{role}@example.kz" if not mark else f"{_canary('mail').lower()}@example.kz"
        if mark:
            canaries.add(email)
        user = services.create_user(
            s, services.OPERATOR, org_id=org.id, email=email, name=text("user", role.title()), role=role
        )
        token, plain = services.create_token(s, services.OPERATOR, user_id=user.id)
        org.tokens[role], org.token_ids[role], org.user_ids[role] = plain, token.id, user.id
        spare, spare_plain = services.create_token(s, services.OPERATOR, user_id=user.id)
        org.spare_tokens[spare.id] = spare_plain
        org.ids["user"].append(user.id)
        org.ids["token"] += [token.id, spare.id]
        if mark:
            canaries |= {plain, spare_plain, plain[:12], spare_plain[:12]}
    engineer = services.Principal(org.user_ids["engineer"], org.id, "engineer")
    officer = services.Principal(org.user_ids["compliance_officer"], org.id, "compliance_officer")
    for n in range(2):
        slug = f"{prefix}-system-{n}"
        profile = profile_data(id=slug, name=text("sysname", f"System {prefix}{n}"))
        profile["organization"]["name"] = text("profileorg", "Example LLP")
        system = services.add_system(
            s,
            engineer,
            profile=parse_profile(profile),
            owner=text("owner", "Owner"),
            holder=text("holder", "H"),
        )
        profile["name"] = text("sysname2", f"System {prefix}{n} v2")
        services.update_profile(
            s, engineer, system_id=system.id, profile=parse_profile(profile), expected_version=system.version
        )
        services.run_assessment(s, engineer, system_id=system.id, as_of=dt.date(2026, 11, 26))
        _seed_children(s, engineer, officer, system.id, org, text)
        org.ids["system"].append(system.id)
    if mark:
        canaries |= {i for kind in ID_KINDS for i in org.ids[kind]}
        # One published system of B, free of canaries: regulators of any organisation may read it.
        public = services.add_system(
            s, engineer, profile=parse_profile(profile_data(id="b-public", name="Published B system"))
        )
        services.set_system_fields(
            s, officer, system_id=public.id, expected_version=None, publication="public_register"
        )
        org.published_system = public.id
        services.run_assessment(s, engineer, system_id=public.id, as_of=dt.date(2026, 11, 26))
        services.add_risk(
            s,
            engineer,
            system_id=public.id,
            title="Public risk",
            likelihood=1,
            impact=1,
            review_date=dt.date(2027, 1, 1),
        )
        services.add_attestation(s, engineer, system_id=public.id, title="Public note", statement="Published")
        incident = services.add_incident(
            s,
            engineer,
            system_id=public.id,
            title="Public incident",
            harm_types=["personal_data_breach"],
            aware_at=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC),
        )
        services.add_incident_action(
            s, engineer, incident_id=incident.id, kind="measure", description="Fixed"
        )
    return org


def _seed_children(
    s: Any, engineer: services.Principal, officer: services.Principal, system_id: str, org: Org, text: Any
) -> None:
    attestation = services.add_attestation(
        s,
        engineer,
        system_id=system_id,
        title=text("attest", "Attested"),
        statement=text("stmt", "We did it"),
    )
    upload = services.add_file(
        s,
        engineer,
        system_id=system_id,
        title=text("file", "A file"),
        filename=text("fname", "report") + ".txt",
        media_type="text/plain",
        data=text("blob", "file content").encode() + secrets.token_bytes(8).hex().encode(),
    )
    machine = services.add_file(
        s,
        engineer,
        system_id=system_id,
        title=text("machine", "Scan"),
        filename="scan.json",
        media_type="application/json",
        data=('{"result": "' + text("mres", "ok") + secrets.token_hex(4) + '"}').encode(),
        kind="machine_result",
    )
    org.ids["evidence"] += [attestation.id, upload.id, machine.id]
    risk = services.add_risk(
        s,
        engineer,
        system_id=system_id,
        title=text("risk", "Risk"),
        likelihood=3,
        impact=4,
        review_date=dt.date(2027, 1, 15),
        description=text("riskdesc", "desc"),
        misuse_scenario=text("misuse", "misuse"),
        measures=text("measures", "measures"),
        owner=text("riskowner", "owner"),
    )
    org.ids["risk"].append(risk.id)
    incident = services.add_incident(
        s,
        engineer,
        system_id=system_id,
        title=text("incident", "Incident"),
        harm_types=["personal_data_breach"],
        aware_at=dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC),
        description=text("incdesc", "what happened"),
    )
    services.add_incident_action(
        s,
        engineer,
        incident_id=incident.id,
        kind="notification",
        description=text("action", "told them"),
        notified=text("notified", "regulator"),
    )
    org.ids["incident"].append(incident.id)
    services.add_literacy_record(
        s,
        officer,
        person=text("person", "Operator"),
        role=text("litrole", "operator"),
        course=text("course", "AI basics"),
        completed_on=dt.date(2026, 1, 10),
        systems=[system_id],
        user_id=org.user_ids["engineer"],
    )


def seed_world(url: str) -> World:
    """Migrate ``url`` and seed organisations A and B (see the module's docstring)."""
    upgrade(url)
    canaries: set[str] = set()
    with actor("test:setup"), session_scope(url) as s:
        a = _seed_org(s, "Org A LLP", False, canaries)
        b = _seed_org(s, "Org B JSC", True, canaries)
    return World(url=url, a=a, b=b, canaries=frozenset(canaries))


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class _Server(uvicorn.Server):
    """uvicorn's server, telling a thread when it listens (or failed to start)."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self.ready = threading.Event()

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        try:
            await super().startup(sockets)
        finally:
            self.ready.set()


class LiveServer:
    """uvicorn serving ``app`` on a free 127.0.0.1 port in a daemon thread (started, then stopped)."""

    def __init__(self, app: FastAPI, **config: Any) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        options: dict[str, Any] = {"log_level": "warning", "access_log": False, "lifespan": "on", **config}
        self.server = _Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, **options))
        self.thread = threading.Thread(target=self._run, name=f"uvicorn-{self.port}", daemon=True)

    def _run(self) -> None:
        try:
            self.server.run()
        finally:
            self.server.ready.set()

    def __enter__(self) -> LiveServer:
        self.thread.start()
        if not self.server.ready.wait(60) or not self.server.started:
            raise RuntimeError("the test server did not start")
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    path = tmp_path_factory.mktemp("security") / "world.sqlite3"
    return seed_world(f"sqlite:///{path}")


def live_server(app: FastAPI, **config: Any) -> Iterator[LiveServer]:
    with LiveServer(app, **config) as server:
        yield server
