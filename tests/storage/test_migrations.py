"""Migrations build the whole schema from empty on both engines."""

from __future__ import annotations

from sqlalchemy import inspect

from storage import migrate
from storage.db import Database
from storage.models import Base


async def test_migrations_run_up_from_empty_and_match_the_models(database: Database) -> None:
    assert await migrate.is_current(database.writer)

    def table_names(conn) -> set[str]:  # noqa: ANN001
        return set(inspect(conn).get_table_names())

    async with database.writer.connect() as conn:
        tables = await conn.run_sync(table_names)
    assert set(Base.metadata.tables) <= tables


async def test_upgrading_a_current_database_again_changes_nothing(database: Database) -> None:
    before = await migrate.current_revision(database.writer)
    await migrate.upgrade(database.writer)
    assert await migrate.current_revision(database.writer) == before == migrate.head_revision()


async def test_the_migrations_leave_no_difference_from_the_models(database: Database) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    def differences(conn) -> list:  # noqa: ANN001
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        return compare_metadata(context, Base.metadata)

    async with database.writer.connect() as conn:
        diff = await conn.run_sync(differences)
    assert diff == []
