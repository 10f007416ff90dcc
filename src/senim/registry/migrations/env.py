"""Alembic environment: migrations run on the engine handed over by senim.registry.db."""

from __future__ import annotations

from alembic import context

from senim.registry.models import Base

config = context.config
target_metadata = Base.metadata
engine = config.attributes["engine"]

with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    context.run_migrations()
