"""The scheduler's jobs read what they act on, a page at a time, and write what reading everything
wrote: the escalation tick asks the database which late nodes have no exception yet and which
open exceptions were overtaken, prompts and nudges read current nodes a part of suppliers or
prompts at a time. Each is compared with the way it was done before (everything read, decided
here: `reference_*` below) on a planted world, on SQLite and PostgreSQL; and a steady tick over
late nodes that all have their exceptions reads none of them (statements and rows counted, never
time)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FakeClock
from scheduler import jobs, queries
from scheduler.calendar import WorkCalendar, local_date, zone_named
from scheduler.jobs import JobConfig, escalate_overdue, nudge_unanswered, prompt_due
from scheduler.queries import NodeRow, overdue_milestones, overdue_page
from storage import chunked
from storage.db import Database
from storage.models import (
    BindingRole,
    ExceptionTicket,
    Milestone,
    Order,
    Supplier,
)
from tests.databases import SqliteTemplate
from tests.scheduler.test_chunked_jobs import planted_world, records
from tests.scheduler.world import World, sh

ENGINES = ["sqlite", "postgres"]


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The engine of a test's planted worlds; PostgreSQL's session database made here, outside the
    test's event loop (it is made with `asyncio.run`)."""
    if request.param == "postgres":
        request.getfixturevalue("postgres_database")
    return str(request.param)


# --- the way it was done: everything read, decided here ----------------------------------------

async def reference_open_overdue(database: Database, now: datetime, config: JobConfig) -> int:
    """Every late node read; those whose key has no exception yet opened, in the read's order."""
    async with database.read() as session:
        late = await overdue_milestones(session, now, fallback_zone=config.calendar.zone)
        known = set((await session.scalars(select(ExceptionTicket.dedupe_key))).all())
    fresh = {jobs.overdue_key(row.milestone): row for row in late if jobs.overdue_key(row.milestone) not in known}
    async with database.write() as session:
        return await config.ladder.open_many(
            session, [jobs._overdue_opening(key, row, config) for key, row in fresh.items()], now=now)


async def reference_close_overtaken(database: Database, now: datetime, config: JobConfig) -> int:
    """Every open overdue exception read with its node and order; those `_close_reason` names closed."""
    async with database.read() as session:
        found = (await session.execute(jobs._overtaken_query())).all()
        candidates = [ticket.id for ticket, milestone, order in found
                      if jobs._close_reason(ticket, milestone, order) is not None]
    closed = 0
    async with database.write() as session:
        query = jobs._overtaken_query().where(ExceptionTicket.id.in_(candidates))
        for ticket, milestone, order in (await session.execute(query)).all():
            reason = jobs._close_reason(ticket, milestone, order)
            if reason is not None:
                await config.ladder.close(session, ticket, by=jobs.SCHEDULER_ACTOR, note="", now=now, reason=reason)
                closed += 1
    return closed


async def reference_current_nodes(
    session: AsyncSession, now: datetime, *, calendar: WorkCalendar, supplier_ids: Iterable[int] | None = None,
    order_ids: Iterable[int] | None = None,
) -> dict[int, list[NodeRow]]:
    """Every open node of every open order read; each order's first by seq kept, by date then PO."""
    query = (
        select(Milestone, Order, Supplier)
        .join(Order, Milestone.order_id == Order.id)
        .join(Supplier, Order.supplier_id == Supplier.id)
        .where(Milestone.status.in_(queries.OPEN_NODE_STATUSES), Order.status.in_(queries._OPEN_ORDERS))
        .order_by(Order.supplier_id, Milestone.planned_date, Order.po, Milestone.seq)
    )
    if supplier_ids is not None:
        query = query.where(Order.supplier_id.in_(list(supplier_ids)))
    if order_ids is not None:
        query = query.where(Order.id.in_(list(order_ids)))
    first: dict[int, NodeRow] = {}
    for milestone, order, supplier in (await session.execute(query)).all():
        known = first.get(order.id)
        if known is None or milestone.seq < known.milestone.seq:
            zone = zone_named(supplier.timezone, calendar.zone)
            first[order.id] = NodeRow(milestone, order, supplier, local_date(now, zone))
    out: dict[int, list[NodeRow]] = defaultdict(list)
    for row in sorted(first.values(), key=lambda r: (r.milestone.planned_date, r.order.po)):
        out[row.supplier.id].append(row)
    return out


def the_old_way(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jobs, "_open_overdue", reference_open_overdue)
    monkeypatch.setattr(jobs, "_close_overtaken", reference_close_overtaken)
    monkeypatch.setattr(jobs, "current_nodes", reference_current_nodes)
    monkeypatch.setattr(chunked, "PAGE_ROWS", 10_000)  # prompts and nudges: every supplier in one part


# --- the world ---------------------------------------------------------------------------------

async def more_of_the_world(world: World) -> None:
    """Beside the planted nine orders: a supplier in New York (its nodes late a day after
    Shanghai's), and overdue exceptions opened by hand, one under another kind of key, one with
    none (neither is ever re-planned)."""
    supplier = await world.supplier("纽约", timezone="America/New_York")
    await world.bind(BindingRole.SUPPLIER.value, "-190", supplier_id=supplier)
    for number in range(3):
        await world.order(f"PO-9{number}", supplier, [
            ("material_ready", date(2026, 11, 22) + timedelta(days=number)),
            ("first_process", date(2026, 11, 25)),
        ])
    async with world.database.write() as session:
        order_id = (await session.execute(select(Order.id).where(Order.po == "PO-00"))).scalar_one()
        node_id = await session.scalar(select(Milestone.id).where(Milestone.order_id == order_id,
                                                                 Milestone.node == "shipped"))
        for key in ("manual:1", None):
            await world.config.ladder.open(session, order_id=order_id, kind="overdue", title="by hand",
                                           now=world.clock.now(), opened_by="李娟", milestone_id=node_id,
                                           dedupe_key=key)


async def the_world_moves_on(database: Database, clock: FakeClock) -> None:
    """A node done, one skipped, one re-planned into the future and one re-planned still late (a new
    occurrence), an order cancelled with its exceptions left open, an exception resolved by hand."""
    async with database.write() as session:
        late = list((await session.scalars(
            select(Milestone.id).where(Milestone.node == "material_ready").order_by(Milestone.id)
        )).all())
        await session.execute(update(Milestone).where(Milestone.id == late[0])
                              .values(status="done", percent=100, done_at=clock.now()))
        await session.execute(update(Milestone).where(Milestone.id == late[1]).values(status="skipped"))
        await session.execute(update(Milestone).where(Milestone.id == late[2]).values(planned_date=date(2026, 12, 20)))
        await session.execute(update(Milestone).where(Milestone.id == late[3]).values(planned_date=date(2026, 11, 21)))
        await session.execute(update(Order).where(Order.po == "PO-21").values(status="cancelled"))
        ticket = await session.scalar(select(ExceptionTicket).where(ExceptionTicket.milestone_id == late[4]))
        assert ticket is not None
        ticket.resolved_at, ticket.resolved_by, ticket.resolution = clock.now(), "李娟", "ok"


async def ticks(world: World) -> dict[str, list[tuple[Any, ...]]]:
    database, clock = world.database, world.clock
    await more_of_the_world(world)
    await escalate_overdue(database, clock.now(), world.config)
    await the_world_moves_on(database, clock)
    for moment in (sh(2026, 11, 24, 10, 30), sh(2026, 11, 25, 10, 0), sh(2026, 11, 26, 10, 0),
                   sh(2026, 11, 27, 15, 0)):
        clock.set(moment)
        await escalate_overdue(database, clock.now(), world.config)
    return await records(database)


async def the_old_way_and_the_new(
    run: Callable[[World], Awaitable[dict[str, list[tuple[Any, ...]]]]], engine: str, tmp_path: Path,
    sqlite_template: SqliteTemplate, request: pytest.FixtureRequest, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
) -> tuple[dict[str, list[tuple[Any, ...]]], dict[str, list[tuple[Any, ...]]]]:
    """What `run` writes on the same planted world read all at once the old way, then in pages of two rows."""
    with monkeypatch.context() as old:
        the_old_way(old)
        async with planted_world(engine, tmp_path / "before.db", sqlite_template, request, clock, old,
                                 10_000) as world:
            expected = await run(world)
    async with planted_world(engine, tmp_path / "after.db", sqlite_template, request, clock, monkeypatch,
                             2) as world:
        found = await run(world)
    return expected, found


async def test_the_tick_writes_what_reading_everything_wrote(
    engine: str, tmp_path: Path, sqlite_template: SqliteTemplate, request: pytest.FixtureRequest, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ticks that ask the database which nodes to open and which exceptions to close, two rows a
    page, write every row and message that ticks reading everything and deciding here wrote."""
    expected, found = await the_old_way_and_the_new(ticks, engine, tmp_path, sqlite_template, request, clock,
                                                    monkeypatch)
    assert found == expected
    columns = ExceptionTicket.__table__.c.keys()
    resolution, key = columns.index("resolution"), columns.index("dedupe_key")
    reasons = sorted(str(ticket[resolution]) for ticket in expected["exceptions"] if ticket[resolution])
    # done, skipped, the cancelled order's; re-planned twice; the one resolved by hand
    assert reasons == ["done"] * 3 + ["ok"] + ["replanned"] * 2
    assert sum(1 for ticket in expected["exceptions"] if str(ticket[key]).startswith("overdue:")) > 20
    assert len(expected["escalation_steps"]) > 20 and len(expected["outbox"]) > 5


async def test_prompts_and_nudges_write_what_reading_every_node_wrote(
    engine: str, tmp_path: Path, sqlite_template: SqliteTemplate, request: pytest.FixtureRequest, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Prompts reading current nodes a part of suppliers at a time and nudges a part of prompts at a
    time (parts of two nodes: every supplier alone) write what one read of every open node wrote."""
    async def day(world: World) -> dict[str, list[tuple[Any, ...]]]:
        database, clock = world.database, world.clock
        await more_of_the_world(world)
        async with database.write() as session:  # an order whose first node is done: its second is current
            await session.execute(update(Milestone).where(Milestone.id == select(Milestone.id).join(Order).where(
                Order.po == "PO-11", Milestone.seq == 1).scalar_subquery()).values(status="done", percent=100))
        # Shanghai's slot (09:30) taken at 10:00, when its chats were bound; New York's at its 09:30
        for moment in (sh(2026, 11, 24, 10, 0), sh(2026, 11, 24, 12, 15), sh(2026, 11, 24, 22, 30),
                       sh(2026, 11, 25, 0, 45)):
            clock.set(moment)
            await prompt_due(database, clock.now(), world.config)
            await nudge_unanswered(database, clock.now(), world.config)
        return await records(database)

    expected, found = await the_old_way_and_the_new(day, engine, tmp_path, sqlite_template, request, clock,
                                                    monkeypatch)
    assert found == expected
    assert len(expected["prompts"]) == 4  # three in Shanghai at 09:30, New York's at its 09:30
    keys = [row[1] for row in expected["outbox"]]
    assert sum(key.startswith("nudge:") for key in keys) == 4  # each prompt's supplier chat, once


@contextmanager
def counted(database: Database) -> Iterator[dict[str, Any]]:
    """Statements sent on both engines, and rows built into nodes, orders and exceptions, meanwhile."""
    seen: dict[str, Any] = {"statements": [], "loaded": 0}

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.split(None, 1)[0].upper() not in ("BEGIN", "PRAGMA", "COMMIT", "ROLLBACK"):
            seen["statements"].append(statement)

    def on_load(*_args: Any) -> None:
        seen["loaded"] += 1

    engines = {database.writer.sync_engine, database.reader.sync_engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", on_execute)
    for model in (Milestone, Order, ExceptionTicket):
        event.listen(model, "load", on_load)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", on_execute)
        for model in (Milestone, Order, ExceptionTicket):
            event.remove(model, "load", on_load)


async def steady_tick(world: World, orders: int) -> dict[str, Any]:
    """`orders` more orders, each with a late node; one tick opens their exceptions, none is due
    after it (the next steps two days off); then a second tick at the same time is counted."""
    database, clock = world.database, world.clock
    supplier = await world.supplier("多")
    await world.bind(BindingRole.SUPPLIER.value, "-300", supplier_id=supplier)
    for number in range(orders):
        await world.order(f"PO-S{number:03d}", supplier, [("material_ready", date(2026, 11, 20)),
                                                         ("shipped", date(2026, 12, 20))])
    await escalate_overdue(database, clock.now(), world.config)
    async with database.write() as session:
        await session.execute(update(ExceptionTicket).values(next_escalation_at=clock.now() + timedelta(days=2)))
    before = await records(database)
    with counted(database) as seen:
        assert await escalate_overdue(database, clock.now(), world.config) == 0
    assert await records(database) == before  # nothing written
    async with database.read() as session:
        late = len(await overdue_milestones(session, clock.now()))
        assert late >= orders + 9
        assert (await overdue_page(session, clock.now(), unopened=True)) == ([], None)
    return seen


async def test_a_steady_tick_reads_no_late_node_and_its_statements_do_not_grow_with_them(
    engine: str, tmp_path: Path, sqlite_template: SqliteTemplate, request: pytest.FixtureRequest, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every late node has its open exception and no step is due: the tick builds no node, order or
    exception row, writes nothing, and sends as many statements over 69 late nodes (pages of ten)
    as over 19: a handful, not one a page of late nodes or of open exceptions."""
    async with planted_world(engine, tmp_path / "few.db", sqlite_template, request, clock, monkeypatch,
                             10) as world:
        few = await steady_tick(world, 10)
    async with planted_world(engine, tmp_path / "many.db", sqlite_template, request, clock, monkeypatch,
                             10) as world:
        many = await steady_tick(world, 60)
    assert few["loaded"] == many["loaded"] == 0
    assert len(many["statements"]) == len(few["statements"]) <= 6


async def test_the_database_picks_what_the_tick_picked_by_hand(
    engine: str, tmp_path: Path, sqlite_template: SqliteTemplate, request: pytest.FixtureRequest, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After the world moved on, the late nodes the database says have no exception are those whose
    `overdue_key` has none, and the open overdue exceptions it says are overtaken are those
    `_close_reason` closes (the hand-opened ones under other keys, or none, are not)."""
    async with planted_world(engine, tmp_path / "pick.db", sqlite_template, request, clock, monkeypatch,
                             3) as world:
        database = world.database
        await more_of_the_world(world)
        await escalate_overdue(database, clock.now(), world.config)
        await the_world_moves_on(database, clock)
        clock.set(sh(2026, 11, 25, 16, 0))
        async with database.read() as session:
            keys = set((await session.scalars(select(ExceptionTicket.dedupe_key))).all())
            expected = [row.milestone.id for row in await overdue_milestones(session, clock.now())
                        if jobs.overdue_key(row.milestone) not in keys]
            found: list[int] = []
            after = None
            while True:
                page, after = await overdue_page(session, clock.now(), after=after, size=3, unopened=True)
                found.extend(row.milestone.id for row in page)
                if after is None:
                    break
            assert found == expected and len(expected) >= 9
            candidates = (await session.execute(jobs._overtaken_query())).all()
            by_hand = [ticket.id for ticket, node, order in candidates
                       if jobs._close_reason(ticket, node, order) is not None]
            in_sql = list((await session.scalars(
                select(ExceptionTicket.id).join(Milestone, ExceptionTicket.milestone_id == Milestone.id)
                .join(Order, ExceptionTicket.order_id == Order.id)
                .where(ExceptionTicket.resolved_at.is_(None), ExceptionTicket.kind == "overdue", jobs._overtaken())
                .order_by(ExceptionTicket.id)
            )).all())
    assert in_sql == by_hand and len(by_hand) == 5  # done, skipped, the cancelled order's, re-planned twice
    assert len(candidates) > len(by_hand) + 2  # the hand-opened two stay open
