"""Long jobs write in chunks: the same records as one transaction, one transaction per chunk
(counted on the writer engine, not timed), and a job stopped between chunks finished by the
next run with nothing written twice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select

from bot.clock import FakeClock
from scheduler import jobs
from scheduler.jobs import daily_digest, escalate_overdue, prompt_due, warn_at_risk
from storage import chunked, outbox
from storage.db import Database
from storage.models import BindingRole, EscalationStep, ExceptionTicket, OutboxMessage, Prompt, RiskWarning
from tests.databases import SqliteTemplate
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


@pytest.mark.parametrize("job", [escalate_overdue, daily_digest])
async def test_a_job_stopped_between_chunks_is_finished_by_the_next_run_once(
    database: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, job: Any,
) -> None:
    clock.set(sh(2026, 11, 24, 10, 0))
    world = World(database, clock)
    await plant(world)
    for index in range(4):
        await world.bind(BindingRole.MANAGERS.value, f"-95{index}")
    small_chunks(monkeypatch)
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
