"""Migrations build the whole schema from empty on both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import inspect, text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage import migrate
from storage.db import Database
from storage.models import Base


async def downgrade_to(database: Database, revision: str) -> None:
    """The schema taken down to `revision`, the state a data migration after it starts from."""
    from alembic import command

    def downgrade(connection) -> None:  # noqa: ANN001
        config = migrate.alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

    async with database.writer.begin() as connection:
        await connection.run_sync(downgrade)


def _stamp(database: Database, value: datetime) -> object:
    """A moment as a raw INSERT takes it: SQLite's text, PostgreSQL's timestamp."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f") if database.is_sqlite else value


async def _insert(connection: AsyncConnection, table: str, **values: object) -> int:
    """One row written by SQL of its own (no model describes a schema taken down): its id."""
    columns, marks = ", ".join(values), ", ".join(f":{name}" for name in values)
    returned = await connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING id"), values)
    return int(returned.scalar_one())


async def _supplier_and_order(connection: AsyncConnection, at: object) -> int:
    """A supplier and one order of it, in the columns every revision since 0006r has: the order's id."""
    supplier = await _insert(connection, "suppliers", code="HD", name="华达精密", timezone="Asia/Shanghai", language="zh",
                             active=True, created_at=at)
    return await _insert(connection, "orders", po="PO-1", po_key="1", supplier_id=supplier, part_no="P", part_name="",
                         process="default", quantity=1, unit="pcs", release_date=date(2026, 11, 1),
                         due_date=date(2026, 12, 1), priority="normal", status="in_progress", notes="",
                         created_at=at, updated_at=at, created_by="t")


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


async def test_contacts_who_joined_before_get_their_private_chat_bound(database: Database) -> None:
    """0005c: a contact who joined by `/join` earlier reports in a private chat whose id is their
    user id; it becomes one of the supplier's chats. Group and staff chats stay as they were."""
    from alembic.script import ScriptDirectory
    from sqlalchemy import select

    from storage.models import ChatBinding

    before = ScriptDirectory.from_config(migrate.alembic_config()).get_revision("0005c").down_revision

    await downgrade_to(database, str(before))
    # The schema here is the one before 0005c, not the models': write with plain SQL, naming only
    # columns that every later migration leaves in place.
    now = _stamp(database, datetime(2026, 11, 20, tzinfo=UTC))
    async with database.writer.begin() as connection:
        huada_id = await _insert(connection, "suppliers", code="HD", name="华达精密", timezone="Asia/Shanghai",
                                 language="zh", active=True, created_at=now)
        liu_id = await _insert(connection, "people", name="小刘", role="supplier", supplier_id=huada_id, language="zh",
                               created_at=now)
        boss_id = await _insert(connection, "people", name="Boss", role="buyer", created_at=now)
        bound_id = await _insert(connection, "people", name="老王", role="supplier", supplier_id=huada_id, language="zh",
                                 created_at=now)
        await _insert(connection, "chat_identities", person_id=liu_id, platform="wecom", user_id="LiuXiao")
        await _insert(connection, "chat_identities", person_id=boss_id, platform="telegram", user_id="9")
        await _insert(connection, "chat_identities", person_id=bound_id, platform="telegram", user_id="77")
        await _insert(connection, "chat_bindings", platform="telegram", chat_id="77", chat_kind="group", role="buyers",
                      created_at=now)  # bound by hand
    await migrate.upgrade(database.writer)

    async with database.read() as session:
        found = {(b.platform, b.chat_id): b for b in (await session.execute(select(ChatBinding))).scalars()}
    assert set(found) == {("wecom", "LiuXiao"), ("telegram", "77")}
    made = found[("wecom", "LiuXiao")]
    assert (made.role, made.chat_kind, made.supplier_id, made.language, made.bound_by_person_id) == \
        ("supplier", "private", huada_id, "zh", liu_id)
    assert found[("telegram", "77")].role == "buyers"


async def test_acknowledged_exceptions_left_waiting_for_nothing_get_their_timeout_due(database: Database) -> None:
    """0011_figures: an open acknowledged exception whose follow-ups were spent had no next step;
    it becomes due at once, so the scheduler returns it to the ladder if its timeout has passed.
    Resolved ones and those still waiting for a follow-up are left as they were."""
    from sqlalchemy import select

    from storage.models import ExceptionTicket

    await downgrade_to(database, "0006r")
    acked, later = datetime(2026, 11, 20, 2, tzinfo=UTC), datetime(2026, 11, 21, 2, tzinfo=UTC)

    async with database.writer.begin() as connection:
        order = await _supplier_and_order(connection, _stamp(database, acked))
        common = dict(order_id=order, kind="overdue", severity="medium", title="t", description="",
                      opened_at=_stamp(database, acked), opened_by="bot", level=1,
                      acknowledged_at=_stamp(database, acked), acknowledged_by="李娟")
        waiting = await _insert(connection, "exceptions", **common, repeat=2)
        reminding = await _insert(connection, "exceptions", **common, repeat=1, next_escalation_at=_stamp(database, later))
        resolved = await _insert(connection, "exceptions", **common, repeat=2, resolved_at=_stamp(database, later),
                                 resolved_by="李娟")
    await migrate.upgrade(database.writer)

    async with database.read() as session:
        due = {t.id: t.next_escalation_at for t in (await session.execute(select(ExceptionTicket))).scalars()}
    assert due == {waiting: acked, reminding: later, resolved: None}


async def test_the_tick_indexes_go_down_and_up_again(database: Database) -> None:
    """0016_tick_due: down to 0015 gives the late nodes' old index back and drops the overdue one;
    up again, the schema is the models' (both engines)."""

    def indexes(conn) -> dict[str, set[str]]:  # noqa: ANN001
        found = inspect(conn)
        return {table: {index["name"] for index in found.get_indexes(table)} for table in ("milestones", "exceptions")}

    await downgrade_to(database, "0015_pages100k")
    async with database.writer.connect() as conn:
        down = await conn.run_sync(indexes)
    assert "ix_milestones_due_open" in down["milestones"] and "ix_milestones_late" not in down["milestones"]
    assert "ix_exceptions_overdue_open" not in down["exceptions"]
    await migrate.upgrade(database.writer)
    async with database.writer.connect() as conn:
        up = await conn.run_sync(indexes)
    assert "ix_milestones_late" in up["milestones"] and "ix_milestones_due_open" not in up["milestones"]
    assert "ix_exceptions_overdue_open" in up["exceptions"]
    assert await migrate.is_current(database.writer)


async def test_the_node_count_index_goes_down_and_up_again(database: Database) -> None:
    """0017_node_counts: down to 0016 gives the nodes' one-column order index back and drops the
    order-and-plan one; up again, the schema is the models' (both engines)."""

    def indexes(conn) -> set[str]:  # noqa: ANN001
        return {index["name"] for index in inspect(conn).get_indexes("milestones")}

    await downgrade_to(database, "0016_tick_due")
    async with database.writer.connect() as conn:
        down = await conn.run_sync(indexes)
    assert "ix_milestones_order_id" in down and "ix_milestones_order_plan" not in down
    await migrate.upgrade(database.writer)
    async with database.writer.connect() as conn:
        up = await conn.run_sync(indexes)
    assert "ix_milestones_order_plan" in up and "ix_milestones_order_id" not in up
    assert await migrate.is_current(database.writer)


async def test_the_reason_key_is_added_with_each_old_reason_as_its_own_key(database: Database) -> None:
    """0018_reason_key: down to 0017 the history has no key; up again, each row with a reason gets the reason
    trimmed as its key (what the delay-reason figure grouped it by before), a row without one none (both engines)."""
    from sqlalchemy import select

    from storage.models import MilestoneChange

    await downgrade_to(database, "0017_node_counts")
    async with database.writer.connect() as conn:
        columns = await conn.run_sync(lambda c: {col["name"] for col in inspect(c).get_columns("milestone_changes")})
    assert "reason_key" not in columns
    stamp = _stamp(database, datetime(2026, 11, 20, 2, tzinfo=UTC))

    async with database.writer.begin() as connection:
        order = await _supplier_and_order(connection, stamp)
        node = await _insert(connection, "milestones", order_id=order, seq=1, node="in_process", step="",
                             planned_date=date(2026, 11, 20), original_planned_date=date(2026, 11, 20), inspection=False,
                             status="pending", percent=0.0, qty_done=0, updated_at=stamp)
        common = dict(milestone_id=node, at=stamp, actor="供应商", field="planned_date", source="chat")
        said = await _insert(connection, "milestone_changes", **common, reason=" 今天停电 ")
        silent = await _insert(connection, "milestone_changes", **common, reason="")
    await migrate.upgrade(database.writer)

    async with database.read() as session:
        keys = dict((await session.execute(select(MilestoneChange.id, MilestoneChange.reason_key))).all())
    assert keys == {said: "今天停电", silent: None}
    assert await migrate.is_current(database.writer)
