"""Identical files uploaded at the same moment are all stored (found by the crash campaign's uploads).

Blobs are content-addressed: ``add_file`` stores the bytes only if no blob with their SHA-256
exists. On PostgreSQL two transactions could both find none, and the second then failed on the
blob's primary key (HTTP 409 "conflict" for a legitimate upload). ``add_file`` now takes the
ledger's write lock before it looks, so the second sees the first's blob and reuses it.
"""

from __future__ import annotations

import os
import threading

from senim.ledger.chain import actor, verify
from senim.registry import services
from senim.registry.db import session_scope
from tests.reliability._live import prepare_database

WRITERS = 6
ROUNDS = 4


def test_concurrent_uploads_of_the_same_bytes_all_succeed_and_share_one_blob(database_url: str) -> None:
    from sqlalchemy import func, select

    from senim.profile import parse_profile
    from senim.registry.models import Blob, Evidence

    account = prepare_database(database_url)
    principal = services.Principal(account.user_id, account.org_id, "compliance_officer")
    with actor(account.user_id), session_scope(database_url) as s:
        profile = parse_profile({"schema": "senim/system-profile/v1", "id": "same-bytes", "name": "S"})
        system_id = services.add_system(s, principal, profile=profile).id
    failures: list[BaseException] = []
    for _ in range(ROUNDS):
        data = os.urandom(20_000)
        barrier = threading.Barrier(WRITERS)

        def upload(data: bytes = data, barrier: threading.Barrier = barrier) -> None:
            try:
                with actor(account.user_id), session_scope(database_url) as s:
                    barrier.wait(timeout=60)
                    services.add_file(
                        s, principal, system_id=system_id, title="same", filename="a.bin",
                        media_type="application/octet-stream", data=data,
                    )
            except BaseException as exc:
                failures.append(exc)

        threads = [threading.Thread(target=upload) for _ in range(WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert failures == []
    with session_scope(database_url) as s:
        assert s.scalar(select(func.count()).select_from(Evidence)) == WRITERS * ROUNDS
        assert s.scalar(select(func.count()).select_from(Blob)) == ROUNDS
        assert verify(s).ok
