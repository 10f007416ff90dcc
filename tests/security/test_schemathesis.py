"""schemathesis against the live OpenAPI document of a real server, as every role of organisation A.

A uvicorn server (a thread, a free 127.0.0.1 port) serves a fresh SQLite database seeded with two
organisations (``tests/security/conftest.py``). The schema is loaded from the server's own
``/openapi.json``; every operation is called with cases generated from it (valid and invalid
data), authenticated as each role of organisation A, with path ids drawn from three pools:
generated, organisation A's real objects, and organisation B's real objects. Every response must

* not be a 5xx,
* have a declared status code, content type, headers and a body that matches its schema,
* contain none of organisation B's canary strings (names, texts, e-mail addresses, tokens,
  private object ids) unless the request itself carried that string.

``SENIM_SCHEMATHESIS_EXAMPLES`` sets the examples per operation, role and generation mode (CI:
the default below); ``SENIM_SCHEMATHESIS_SEED`` the seed. ``benchmarks/api_fuzz.py`` runs the
same with more examples and prints the figures.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from senim.api import create_app
from senim.registry.models import ROLES
from tests.security.conftest import LiveServer, World

EXAMPLES = int(os.environ.get("SENIM_SCHEMATHESIS_EXAMPLES", "5"))
SEED = int(os.environ.get("SENIM_SCHEMATHESIS_SEED", "9090"))
PATH_KINDS = {
    "system_id": "system",
    "evidence_id": "evidence",
    "risk_id": "risk",
    "incident_id": "incident",
    "user_id": "user",
    "token_id": "token",
}
CASES: Counter[str] = Counter()  # role -> cases run (published figures)
STATUSES: Counter[tuple[str, int]] = Counter()  # (role, status)


class CanaryLeakError(AssertionError):
    pass


def canary_check(world: World) -> Any:
    """A schemathesis check: the response carries no organisation-B canary the request did not."""

    def no_org_b_canary(ctx: Any, response: Any, case: Any) -> bool | None:
        body = response.content.decode("utf-8", "replace")
        headers = " ".join(f"{k}: {v}" for k, v in response.headers.items())
        request = response.request
        sent = (request.url or "") + " " + str(request.body or "")
        leaked = sorted(c for c in world.canaries if (c in body or c in headers) and c not in sent)
        if leaked:
            raise CanaryLeakError(f"{case.operation.label} leaked organisation B's {leaked[:3]}")
        return None

    return no_org_b_canary


@pytest.fixture(scope="module")
def server(world: World) -> Iterator[LiveServer]:
    app = create_app(world.url, max_upload_bytes=64 * 1024, threads=2)
    with LiveServer(app) as live:
        yield live


@pytest.fixture(scope="module")
def schema(server: LiveServer) -> Any:
    loaded = schemathesis.openapi.from_url(server.base_url + "/openapi.json")
    return loaded


def _operations(schema: Any) -> list[Any]:
    ops = []
    for result in schema.get_all_operations():
        ops.append(result.ok())  # an operation the schema cannot describe fails the test here
    return ops


def _id_pools(world: World, kind: str) -> tuple[list[str], list[str]]:
    """Ids of organisation A (never the tokens the test itself uses) and of organisation B."""
    a_ids = list(world.a.ids[kind])
    if kind == "token":
        a_ids = list(world.a.spare_tokens)
    b_ids = list(world.b.ids[kind])
    if kind == "system" and world.b.published_system:
        b_ids.append(world.b.published_system)
    return a_ids, b_ids


def _strategy(operation: Any, world: World, mode: GenerationMode) -> Any:
    names = [p.name for p in operation.path_parameters]
    variants = [operation.as_strategy(generation_mode=mode)]
    known = [n for n in names if n in PATH_KINDS]
    if known and len(known) == len(names) == 1:
        name = names[0]
        for pool in _id_pools(world, PATH_KINDS[name]):
            variants.append(
                st.one_of(
                    *(operation.as_strategy(generation_mode=mode, path_parameters={name: i}) for i in pool)
                )
            )
    return st.one_of(*variants)


def _run(operation: Any, world: World, role: str, base_url: str, session: requests.Session) -> None:
    base_checks = [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_headers_conformance,
        response_schema_conformance,
        canary_check(world),
    ]
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        # Not negative_data_rejection: the cases that drop the Authorization header get it back from
        # the test, so the API rightly accepts them. Unknown query parameters are refused (400
        # unknown_parameter), tested in tests/api/test_auth_and_errors.py.
        _explore(_strategy(operation, world, mode), base_checks, world.auth(role), role, base_url, session)


def _explore(
    strategy: Any,
    checks: list[Any],
    headers: dict[str, str],
    role: str,
    base_url: str,
    session: requests.Session,
) -> None:
    @seed(SEED)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy)
    def one(case: Any) -> None:
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=30)
        CASES[role] += 1
        STATUSES[(role, response.status_code)] += 1
        case.validate_response(response, checks=checks, headers=headers)

    one()


def _report() -> None:
    """Write the figures so far where ``benchmarks/api_fuzz.py`` asks for them."""
    target = os.environ.get("SENIM_SCHEMATHESIS_REPORT")
    if not target:
        return
    statuses: dict[str, dict[str, int]] = {}
    for (role, status), n in sorted(STATUSES.items()):
        statuses.setdefault(role, {})[str(status)] = n
    Path(target).write_text(json.dumps({"cases": dict(CASES), "statuses": statuses}))


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_as_every_role_of_organisation_a(
    role: str, world: World, server: LiveServer, schema: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    operations = _operations(schema)
    assert len(operations) >= 30, [op.label for op in operations]
    started = time.perf_counter()
    before = CASES[role]
    with requests.Session() as session:
        for operation in operations:
            _run(operation, world, role, server.base_url, session)
    ran = CASES[role] - before
    statuses = sorted((s, n) for (r, s), n in STATUSES.items() if r == role)
    with capsys.disabled():
        print(
            f"\nschemathesis {role}: {ran} cases over {len(operations)} operations in "
            f"{time.perf_counter() - started:.1f} s; statuses {dict(statuses)}"
        )
    _report()
    assert ran >= len(operations)  # every operation was called
    assert not any(s >= 500 for s, _ in statuses)
