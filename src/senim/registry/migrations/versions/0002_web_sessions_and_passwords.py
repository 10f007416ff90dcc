"""web sessions and passwords

Adds ``users.password_hash`` (argon2id, nullable: API-token-only users have none) and the
``web_sessions`` table of the web UI.

The ledger hashes every column of a row, so a new column changes the hash of every existing user
(``password_hash`` now reads as null). The migration records that change in the ledger: one
``update`` event per user, by the actor ``migration:0002``, whose before-hash is recomputed from the
row without the column (a row altered outside the application before the migration therefore
still shows up in ``senim ledger verify``) and whose after-hash includes it. The downgrade does the
reverse. ``web_sessions`` is operational state outside the ledger (see ``OperationalBase``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 06:00:00
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from senim.ledger.chain import append_events, row_hash

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ACTOR = "migration:0002"

# The users table as this revision knows it (types chosen so values hash as the ORM's do).
_USERS_0001 = (
    ("id", sa.String),
    ("org_id", sa.String),
    ("email", sa.String),
    ("name", sa.String),
    ("role", sa.String),
    ("active", sa.Boolean),
    ("created_at", sa.DateTime),
)


def _users(with_password: bool) -> list[dict[str, Any]]:
    names = [*_USERS_0001, ("password_hash", sa.String)] if with_password else list(_USERS_0001)
    table = sa.table("users", *(sa.column(name, type_) for name, type_ in names))
    conn = op.get_bind()
    return [dict(r) for r in conn.execute(sa.select(table).order_by(table.c.id)).mappings()]


def _record(rows_before: list[dict[str, Any]], rows_after: list[dict[str, Any]]) -> None:
    """One ledger ``update`` per user whose row hash changed with the schema."""
    after_by_id = {r["id"]: r for r in rows_after}
    records: list[tuple[str | None, str, str, str, str | None, str | None]] = []
    for before in rows_before:
        after = after_by_id[before["id"]]
        h_before, h_after = row_hash("users", before), row_hash("users", after)
        if h_before != h_after:
            records.append((str(before["org_id"]), "users", str(before["id"]), "update", h_before, h_after))
    if records:
        append_events(op.get_bind(), records, ACTOR)


def upgrade() -> None:
    before = _users(with_password=False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=255), nullable=True))
    _record(before, _users(with_password=True))

    op.create_table(
        "web_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("csrf_secret", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_sessions_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_web_sessions_expires_at"), ["expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_sessions_expires_at"))
        batch_op.drop_index(batch_op.f("ix_web_sessions_user_id"))
    op.drop_table("web_sessions")

    before = _users(with_password=True)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("password_hash")
    _record(before, _users(with_password=False))
