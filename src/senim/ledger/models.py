"""The ledger's tables and the declarative base that every registry model derives from.

They live here, not in ``senim.registry``, so that the dependency runs one way: the registry uses
the ledger (its sessions append events; its services verify), the ledger knows the registry's
tables only through ``Base.metadata``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["Base", "LedgerEvent", "LedgerHead"]


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}  # noqa: RUF012


class LedgerEvent(Base):
    """One append-only, hash-chained entry of the ledger (not itself ledgered)."""

    __tablename__ = "ledger_events"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))  # ISO 8601 UTC, stored as text so its hash is exact
    actor: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[str | None] = mapped_column(String(32), index=True)
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(10))  # create | update | delete
    before_hash: Mapped[str | None] = mapped_column(String(64))
    after_hash: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class LedgerHead(Base):
    """A single row: the last sequence number and hash; writers lock it, so the chain never forks."""

    __tablename__ = "ledger_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
