"""Long jobs write in chunks: the same records as one transaction, one transaction per chunk
(counted on the writer engine, not timed), and a job stopped between chunks finished by the
next run with nothing written twice."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, update

from bot.clock import FakeClock
from scheduler import jobs, texts
from scheduler.jobs import daily_digest, escalate_overdue, prompt_due, warn_at_risk
from scheduler.queries import current_due_today, current_nodes, overdue_milestones, overdue_page
from storage import chunked, outbox
from storage.db import Database
from storage.models import (
    BindingRole,
    EscalationStep,
    ExceptionTicket,
    Milestone,
    OutboxMessage,
    Prompt,
    RiskWarning,
)
from tests.databases import PostgresTestDatabase, SqliteTemplate, empty_postgres
from tests.scheduler.world import World, sh

SUPPLIERS = ("华达", "宏达", "精工")
RECORDS = (OutboxMessage, ExceptionTicket, EscalationStep, Prompt, RiskWarning)
JOBS = (prompt_due, escalate_overdue, warn_at_risk, daily_digest)


async def plant(world: World) -> None:
    """Three suppliers with a group each, a buyers' group for all and one for the first; nine
    open orders, each with a late node, one due today and one far off (some at risk)."""
    await world.bind(BindingRole.BUYERS.value, "-900")
    for index, name in enumerate(SUPPLIERS):
        supplier = await world.supplier(name)
        await world.bind(BindingRole.SUPPLIER.value, f"-{100 + index}", supplier_id=supplier)
        if index == 0:
            await world.bind(BindingRole.BUYERS.value, "-901", supplier_id=supplier)
        for number in range(3):
            await world.order(f"PO-{index}{number}", supplier, [
                ("material_ready", date(2026, 11, 20) - timedelta(days=number)),
                ("first_process", date(2026, 11, 24)),
                ("shipped", date(2026, 11, 26 + number)),
            ])


async def records(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the jobs write, all columns, in id order."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    async with database.read() as session:
        for model in RECORDS:
            table = model.__table__
            rows = (await session.execute(select(table).order_by(table.c.id))).all()
            out[table.name] = [tuple(row) for row in rows]
    return out


@contextmanager
def counted_commits(database: Database) -> Iterator[list[int]]:
    """How many write transactions committed on the writer engine meanwhile."""
    commits: list[int] = []

    def on_commit(_connection: Any) -> None:
        commits.append(1)

    engine = database.writer.sync_engine
    event.listen(engine, "commit", on_commit)
    try:
        yield commits
    finally:
        event.remove(engine, "commit", on_commit)


def steady(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of the set size however long each takes (the pace would shrink them on a slow machine)."""
    monkeypatch.setattr(chunked.Pace, "took", lambda self, seconds: None)


def small_chunks(monkeypatch: pytest.MonkeyPatch, size: int = 2) -> None:
    steady(monkeypatch)
    monkeypatch.setattr(chunked, "CHUNK_ROWS", size)
    monkeypatch.setattr(jobs, "SUPPLIERS_PER_CHUNK", size)


async def run_jobs(database: Database, clock: FakeClock) -> None:
    world = World(database, clock)
    for job in JOBS:
        await job(database, clock.now(), world.config)


async def test_chunked_jobs_write_the_same_records_as_one_transaction(
    tmp_path: Path, sqlite_template: SqliteTemplate, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock.set(sh(2026, 11, 24, 10, 0))
    whole = Database(sqlite_template.copy_to(tmp_path / "whole.db"))
    cut = Database(sqlite_template.copy_to(tmp_path / "cut.db"))
    try:
        for database in (whole, cut):
            await plant(World(database, clock))
        monkeypatch.setattr(chunked, "CHUNK_ROWS", 10_000)  # every job in one write transaction
        await run_jobs(whole, clock)
        small_chunks(monkeypatch)
        with counted_commits(cut) as commits:
            await run_jobs(cut, clock)
        expected, found = await records(whole), await records(cut)
        assert found == expected
        assert len(expected["exceptions"]) == 9 and len(expected["prompts"]) == 3
        assert any(key.startswith("digest:") for _, key, *_ in expected["outbox"])
        # 9 late nodes opened two at a time, 3 prompts, 2 digests, the risks: many short transactions
        assert len(commits) >= 5 + 2 + 1
    finally:
        await whole.dispose()
        await cut.dispose()


@pytest.mark.parametrize("job", [escalate_overdue, daily_digest, prompt_due])
async def test_no_job_holds_one_transaction_across_all_its_rows(
    database: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, job: Any,
) -> None:
    clock.set(sh(2026, 11, 24, 10, 0))
    world = World(database, clock)
    await plant(world)
    for index in range(4):  # more staff groups, so the digest has more than one chunk to write
        await world.bind(BindingRole.MANAGERS.value, f"-95{index}")
    small_chunks(monkeypatch)
    with counted_commits(database) as commits:
        written = await job(database, clock.now(), world.config)
    assert written > 2
    rows = {escalate_overdue: 9, daily_digest: 6, prompt_due: 3}[job]
    assert len(commits) >= -(-rows // 2)  # ceil(rows / 2): one transaction per chunk of two


@contextmanager
def writer_transactions(database: Database) -> Iterator[list[dict[str, int]]]:
    """Each transaction on the writer engine meanwhile: the statements it sent and how many of
    them wrote (INSERT, UPDATE, DELETE), and the rows those changed."""
    done: list[dict[str, int]] = []
    open_now: dict[int, dict[str, int]] = {}
    engine = database.writer.sync_engine

    def on_begin(connection: Any) -> None:
        open_now[id(connection)] = {"statements": 0, "writes": 0, "rows": 0}

    def on_execute(connection: Any, cursor: Any, statement: str, *_args: Any) -> None:
        seen = open_now.get(id(connection))
        if seen is None or statement.split(None, 1)[0].upper() in ("BEGIN", "PRAGMA", "COMMIT", "ROLLBACK"):
            return
        seen["statements"] += 1
        if statement.split(None, 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            seen["writes"] += 1
            seen["rows"] += max(cursor.rowcount or 0, 0)

    def on_end(connection: Any) -> None:
        seen = open_now.pop(id(connection), None)
        if seen is not None:
            done.append(seen)

    listeners = (("begin", on_begin), ("after_cursor_execute", on_execute), ("commit", on_end), ("rollback", on_end))
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        yield done
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)


async def planted_in_small_chunks(database: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch) -> World:
    """The planted world with four managers' groups, its jobs writing in chunks of two."""
    clock.set(sh(2026, 11, 24, 10, 0))
    world = World(database, clock)
    await plant(world)
    for index in range(4):
        await world.bind(BindingRole.MANAGERS.value, f"-95{index}")
    small_chunks(monkeypatch)
    return world


@pytest.mark.parametrize("job", JOBS)
async def test_a_job_reads_on_read_connections_and_its_writer_transactions_are_its_chunks(
    database: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, job: Any,
) -> None:
    """On both engines, every transaction a job opens on the writer is a chunk: it writes, or it is
    a lone claim that found nothing left (the ladder's last look for due steps); none only reads.
    What a job reads (the digest's late nodes, due today, at risk, the month's figures; a tick's
    pages) is read on a read connection. On PostgreSQL reads and writes were one engine, and the
    digest's read of every late node was a transaction on the writer's pool: 102 s at 100,000
    open orders, its chunks milliseconds each."""
    world = await planted_in_small_chunks(database, clock, monkeypatch)
    with writer_transactions(database) as transactions:
        await job(database, clock.now(), world.config)
    only_reading = [t for t in transactions if not t["writes"] and t["statements"] > 1]
    assert only_reading == [], "a transaction on the writer that only read"
    if job is daily_digest:  # six staff groups, two messages a chunk
        assert [t["rows"] for t in transactions] == [2, 2, 2]


async def test_the_digest_reads_in_short_read_transactions_a_page_of_late_nodes_each(
    database: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The digest read everything (every page of late nodes, due today, at risk, defects, silent
    suppliers, each group's month figures) in one read transaction: on PostgreSQL a snapshot
    ~100 s old by its end at 100,000 open orders, on SQLite a reader that checkpoints cannot get
    past. Now each page and each part is a read of its own, and the digest says the same."""
    world = await planted_in_small_chunks(database, clock, monkeypatch)
    monkeypatch.setattr(chunked, "PAGE_ROWS", 2)  # nine late nodes: five pages
    reads: list[int] = []  # statements of each read transaction, in the order they ended
    open_now: dict[int, int] = {}
    engine = database.reader.sync_engine

    def on_execute(connection: Any, *_args: Any) -> None:
        open_now[id(connection)] = open_now.get(id(connection), 0) + 1

    def on_end(connection: Any) -> None:
        reads.append(open_now.pop(id(connection), 0))

    # SQLite's readers begin a transaction at their first statement and end it at rollback
    # (the session's close); PostgreSQL's the same, through the pool's reset
    listeners = (("after_cursor_execute", on_execute), ("rollback", on_end), ("commit", on_end))
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        written = await daily_digest(database, clock.now(), world.config)
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)
    assert written == 6
    statements = [n for n in reads if n]
    assert len(statements) >= 5 + 6  # the pages of late nodes, and each group's month figures
    assert max(statements) <= 4, f"a read transaction of {max(statements)} statements: {statements}"


@pytest.mark.parametrize("job", [escalate_overdue, daily_digest, prompt_due])
async def test_no_garbage_collection_starts_while_a_job_holds_the_writer(
    database: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, job: Any,
) -> None:
    """A full collection in the middle of a chunk held the writer for its whole length (0.2-0.25 s
    of an escalation tick's 0.45 s transaction, against a budget of 0.2 s): a job's chunks run
    with the collector paused, and it runs again, as often as before, once the writer is let go."""
    world = await planted_in_small_chunks(database, clock, monkeypatch)
    open_now: set[int] = set()
    during: list[int] = []
    collections: list[int] = []

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])
            if open_now:
                during.append(info["generation"])

    engine = database.writer.sync_engine
    listeners = (("begin", lambda connection: open_now.add(id(connection))),
                 ("commit", lambda connection: open_now.discard(id(connection))),
                 ("rollback", lambda connection: open_now.discard(id(connection))))
    for name, listener in listeners:
        event.listen(engine, name, listener)
    threshold = gc.get_threshold()
    gc.set_threshold(50, 1, 1)  # collections every few allocations
    gc.callbacks.append(on_gc)
    try:
        written = await job(database, clock.now(), world.config)
    finally:
        gc.callbacks.remove(on_gc)
        gc.set_threshold(*threshold)
        for name, listener in listeners:
            event.remove(engine, name, listener)
    assert written > 0
    assert during == [], "a collection started while a chunk held the writer"
    assert collections and gc.isenabled()  # collected all the same, between chunks


@pytest.mark.parametrize("job", [escalate_overdue, daily_digest])
async def test_a_job_stopped_between_chunks_is_finished_by_the_next_run_once(
    database: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, job: Any,
) -> None:
    world = await planted_in_small_chunks(database, clock, monkeypatch)
    real_enqueue, real_open = outbox.enqueue, type(world.config.ladder).open_many
    calls = {"n": 0}

    def failing(real: Any) -> Any:
        async def wrapped(*args: Any, **kwargs: Any) -> Any:
            calls["n"] += 1
            if calls["n"] == 3:  # the second chunk's first row: the first chunk is committed
                raise RuntimeError("killed between chunks")
            return await real(*args, **kwargs)
        return wrapped

    if job is daily_digest:
        monkeypatch.setattr(outbox, "enqueue", failing(real_enqueue))
    else:
        monkeypatch.setattr(type(world.config.ladder), "open_many", failing(real_open))  # the tick opens in batches
    with pytest.raises(RuntimeError):
        await job(database, clock.now(), world.config)
    half = await records(database)
    assert 0 < len(half["outbox"] if job is daily_digest else half["exceptions"])
    monkeypatch.undo()
    small_chunks(monkeypatch)
    await job(database, clock.now(), world.config)
    await job(database, clock.now(), world.config)  # and once more: nothing new
    done = await records(database)
    if job is daily_digest:
        keys = [key for _, key, *_ in done["outbox"] if key.startswith("digest:")]
        assert len(keys) == len(set(keys)) == 6  # each of the six staff groups once
    else:
        keys = [ticket[0] for ticket in done["exceptions"]]
        async with database.read() as session:
            dedupe = list((await session.scalars(select(ExceptionTicket.dedupe_key))).all())
        assert len(keys) == 9 and len(set(dedupe)) == 9


async def test_late_nodes_read_in_pages_give_the_pages_one_read_gives(database: Database, clock: FakeClock) -> None:
    """The keyset pages, put together, are the late nodes of one read, in its order (both engines)."""
    clock.set(sh(2026, 11, 25, 13, 0))
    await plant(World(database, clock))
    async with database.read() as session:
        whole = await overdue_milestones(session, clock.now())
        pages: list[list[int]] = []
        after = None
        while True:
            page, after = await overdue_page(session, clock.now(), after=after, size=4)
            pages.append([row.milestone.id for row in page])
            if after is None:
                break
    assert len(whole) == 18 and len(pages) == 5  # 18 late nodes: four pages of four, one of two, one empty end
    assert [node for page in pages for node in page] == [row.milestone.id for row in whole]


async def _late_nodes_move_on(database: Database, clock: FakeClock) -> None:
    """Two late nodes are done and one is re-planned (their exceptions close by themselves), and a
    day later the second node of every order is late too."""
    async with database.write() as session:
        late = list((await session.scalars(
            select(Milestone.id).where(Milestone.node == "material_ready").order_by(Milestone.id)
        )).all())
        await session.execute(update(Milestone).where(Milestone.id.in_(late[:2]))
                              .values(status="done", percent=100, done_at=clock.now()))
        await session.execute(update(Milestone).where(Milestone.id == late[2]).values(planned_date=date(2026, 12, 20)))


@asynccontextmanager
async def planted_world(engine: str, where: Path, sqlite_template: SqliteTemplate, request: pytest.FixtureRequest,
                        clock: FakeClock, monkeypatch: pytest.MonkeyPatch, page: int) -> AsyncIterator[World]:
    """The planted world of this file on a fresh database of `engine`, its jobs reading `page` rows a
    page, at 10:00 on 24 November; skipped where PostgreSQL is unavailable."""
    if engine == "postgres":
        pg: PostgresTestDatabase = request.getfixturevalue("postgres_database")
        if pg.unavailable:
            pytest.skip(pg.unavailable)
    database = Database(sqlite_template.copy_to(where) if engine == "sqlite" else pg.url)
    try:
        if not database.is_sqlite:
            await empty_postgres(database)
        monkeypatch.setattr(chunked, "PAGE_ROWS", page)
        # Chunks end when they have held the writer long enough: on a loaded machine the parts, and with them
        # the order rows take their ids in, followed the machine's load (one full CI run under load wrote the
        # same tickets under other ids). The pages are what these tests compare, so time ends no chunk here.
        monkeypatch.setattr(chunked, "WRITE_BUDGET", 3600.0)
        clock.set(sh(2026, 11, 24, 10, 0))
        world = World(database, clock)
        await plant(world)
        yield world
    finally:
        await database.dispose()


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
async def test_an_escalation_tick_over_more_late_nodes_than_a_page_writes_what_one_page_writes(
    engine: str, tmp_path: Path, sqlite_template: SqliteTemplate, request: pytest.FixtureRequest, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ticks reading late nodes and open exceptions two at a time (more pages than rows in any one)
    open, close and fire exactly what ticks reading them in one page do: every row, every message."""
    async def ticks(page: int) -> dict[str, list[tuple[Any, ...]]]:
        async with planted_world(engine, tmp_path / f"page{page}.db", sqlite_template, request, clock,
                                 monkeypatch, page) as world:
            database = world.database
            await escalate_overdue(database, clock.now(), world.config)  # 9 late nodes: 9 exceptions
            await _late_nodes_move_on(database, clock)
            for moment in (sh(2026, 11, 25, 10, 0), sh(2026, 11, 26, 10, 0), sh(2026, 11, 27, 15, 0)):
                clock.set(moment)
                await escalate_overdue(database, clock.now(), world.config)
            return await records(database)

    expected = await ticks(10_000)
    found = await ticks(2)
    assert found == expected
    tickets = expected["exceptions"]
    # 9 late first nodes; a day later the 9 second nodes; on the 27th three orders' last node
    assert len(tickets) == 9 + 9 + 3 > 3 * 2
    resolved_at = ExceptionTicket.__table__.c.keys().index("resolved_at")
    assert sum(ticket[resolved_at] is not None for ticket in tickets) == 3  # two done, one re-planned
    assert len(expected["escalation_steps"]) > 16 and len(expected["outbox"]) > 3


@pytest.mark.parametrize("engine", ["sqlite", "postgres"])
async def test_a_digest_reading_late_nodes_two_at_a_time_says_what_one_page_says(
    engine: str, tmp_path: Path, sqlite_template: SqliteTemplate, request: pytest.FixtureRequest, clock: FakeClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The digest reads late nodes a page at a time and keeps only the lines each group is shown:
    pages of two (more pages than rows in any one, and fewer shown lines than late nodes) queue
    exactly the messages one big page does, and the count and "… n more" still cover every late node."""
    monkeypatch.setattr(texts, "MAX_LINES", 3)  # nine late nodes, three shown: the cut is exercised

    async def digest(page: int) -> tuple[list[tuple[Any, ...]], list[str]]:
        async with planted_world(engine, tmp_path / f"digest{page}.db", sqlite_template, request, clock,
                                 monkeypatch, page) as world:
            database = world.database
            assert await daily_digest(database, clock.now(), world.config) == 2
            async with database.read() as session:
                late = await overdue_milestones(session, clock.now())
            first = [texts.NodeLine(milestone_id=r.milestone.id, po=r.order.po, node=r.milestone.node,
                                    step=r.milestone.step, planned_date=r.milestone.planned_date,
                                    percent=r.milestone.percent, today=r.today,
                                    supplier=r.supplier.name).render("zh") for r in late[:3]]
            return (await records(database))["outbox"], first

    expected, first = await digest(10_000)
    found, _ = await digest(2)
    assert found == expected
    payload = OutboxMessage.__table__.c.keys().index("payload")
    everyone = next(str(row[payload]) for row in expected if "-900" in str(row[payload]))
    assert all(line in everyone for line in first)  # the first three late nodes, in one read's order
    assert "9" in everyone and texts.say("more", "zh", n=6) in everyone


async def test_the_nodes_due_today_as_set_queries_are_current_nodes_filtered(
    database: Database, clock: FakeClock,
) -> None:
    """The digest's "due today" is read as set queries (not every open node): the same rows, in the
    same order, as `current_nodes` flattened and cut to the nodes planned for the supplier's today."""
    clock.set(sh(2026, 11, 24, 10, 0))
    world = World(database, clock)
    await plant(world)
    async with database.write() as session:  # some orders' first node done: their second is due today
        firsts = list((await session.scalars(
            select(Milestone.id).where(Milestone.node == "material_ready").order_by(Milestone.id.desc())
        )).all())
        await session.execute(update(Milestone).where(Milestone.id.in_(firsts[::2]))
                              .values(status="done", percent=100, done_at=clock.now()))
    async with database.read() as session:
        every = await current_nodes(session, clock.now(), calendar=world.config.calendar)
        expected = [(r.milestone.id, r.today) for rows in every.values() for r in rows
                    if r.milestone.planned_date == r.today]
        found = [(r.milestone.id, r.today) for r in
                 await current_due_today(session, clock.now(), calendar=world.config.calendar)]
    assert found == expected and len(expected) == 5


async def test_a_fired_chunk_records_its_steps_in_one_insert_and_its_messages_in_one(
    database: Database, clock: FakeClock,
) -> None:
    """Statements, not time: nine tickets firing in one chunk are one INSERT of steps and one of
    messages, not one each (both engines)."""
    clock.set(sh(2026, 11, 24, 10, 0))
    world = World(database, clock)
    await plant(world)
    await jobs._open_overdue(database, clock.now(), world.config)  # the nine late nodes' exceptions, not fired yet
    inserts: list[str] = []

    def on_execute(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            inserts.append(statement.split("(")[0].split()[-1].strip('"'))

    engine = database.writer.sync_engine
    event.listen(engine, "before_cursor_execute", on_execute)
    try:
        async with database.write() as session:
            fired = await world.config.ladder.fire_due(session, clock.now(), batch=500)
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
    assert fired.tickets == 9 and fired.messages > 1
    assert inserts.count("escalation_steps") == 1 and inserts.count("outbox") == 1
