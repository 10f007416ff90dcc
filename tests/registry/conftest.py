"""A migrated database (SQLite and PostgreSQL) with one organisation and one system."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from senim.ledger.chain import actor
from senim.registry import services
from senim.registry.db import session_scope, upgrade
from tests.helpers import make_profile


@dataclass
class World:
    url: str
    org_id: str
    system_id: str


@pytest.fixture
def world(database_url: str) -> Iterator[World]:
    upgrade(database_url)
    with actor("test:setup"), session_scope(database_url) as s:
        org = services.create_org(s, services.OPERATOR, name="Example LLP")
        system = services.add_system(s, services.OPERATOR, profile=make_profile(), org_id=org.id)
        ids = (org.id, system.id)
    yield World(database_url, *ids)
