"""Alembic's environment: runs on the connection that mapping.store.migrate hands it.

Migrations are never run from a separate ``alembic.ini``: ``python -m
mapping.store upgrade`` (and every app start) calls
:func:`mapping.store.migrate.upgrade`, which locks the database first so that
several processes starting at once migrate it once.
"""

from __future__ import annotations

from alembic import context

from mapping.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite alters a table by copying it; the same migration code serves both.
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
