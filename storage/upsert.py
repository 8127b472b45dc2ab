"""INSERT ... ON CONFLICT DO NOTHING for both engines: the primitive of every dedupe."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def dialect_of(session: AsyncSession) -> str:
    """The session's database dialect by name (`sqlite`, `postgresql`); a session not bound yet is SQLite's."""
    return session.bind.dialect.name if session.bind is not None else "sqlite"


def insert_ignoring_conflicts(session: AsyncSession, table: Any, index_elements: list[str]) -> Insert:
    """An INSERT that silently skips a row whose unique key exists; `.returning(id)` tells which were new."""
    return insert_ignoring_conflicts_on(dialect_of(session), table, index_elements)


def insert_ignoring_conflicts_on(dialect: str, table: Any, index_elements: list[str]) -> Insert:
    """`insert_ignoring_conflicts` for a named dialect: a statement built once, before any session."""
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=index_elements)
    return sqlite.insert(table).on_conflict_do_nothing(index_elements=index_elements)
