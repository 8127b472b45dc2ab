"""An ERP page is written in parts of at most `CHUNK_ROWS` lines, each its own transaction, the
cursor with the last: the same records as one transaction per page, and a sync killed between
parts reads the page again and writes each line once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from bot.clock import FakeClock
from bot.connectors.sync import ErpSync
from storage import chunked
from storage.db import Database
from storage.models import ErpLink, ErpSyncState, Milestone, Order
from tests.bot.test_erp_kingdee import let_the_lease_expire, line, settings_for, syncer
from tests.databases import SqliteTemplate
from tests.fakes.kingdee_api import Bill, FakeKingdee

BILLS = 25
PART = 4


def add_bills(kingdee: FakeKingdee) -> None:
    for n in range(BILLS):
        kingdee.add(Bill(f"WW{n:05d}", "2026-11-20T00:00:00", f"2026-11-20T08:00:{n:02d}", [line(1, qty=n + 1)]))


async def records(database: Database) -> dict[str, list[tuple[Any, ...]]]:
    async with database.read() as session:
        return {
            "orders": [tuple(r)[1:] for r in (await session.execute(select(Order.__table__).order_by(Order.po))).all()],
            "nodes": sorted((o, *r[2:]) for o, *r in (await session.execute(
                select(Order.po, Milestone.__table__).join(Order, Order.id == Milestone.order_id))).all()),
            "links": sorted((r.external_key, r.erp_modified, r.erp_state) for r in (await session.execute(
                select(ErpLink.__table__))).all()),
        }


@contextmanager
def counted_commits(database: Database) -> Iterator[list[int]]:
    commits: list[int] = []

    def on_commit(_connection: Any) -> None:
        commits.append(1)

    event.listen(database.writer.sync_engine, "commit", on_commit)
    try:
        yield commits
    finally:
        event.remove(database.writer.sync_engine, "commit", on_commit)


async def test_a_page_in_parts_writes_the_same_records_one_transaction_a_part(
    tmp_path: Path, sqlite_template: SqliteTemplate, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    found: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
    for name, size in (("whole", 10_000), ("parts", PART)):
        async with FakeKingdee() as kingdee:
            add_bills(kingdee)
            database = Database(sqlite_template.copy_to(tmp_path / f"{name}.db"))
            monkeypatch.setattr(chunked, "CHUNK_ROWS", size)
            with counted_commits(database) as commits:
                report = await syncer(database, settings_for(database.url, kingdee), clock).run()
            assert report.counts["created"] == BILLS and report.pages == 1
            found[name] = await records(database)
            await database.dispose()
        if name == "parts":
            assert len(commits) >= -(-BILLS // PART)  # never one transaction for the whole page
    assert found["parts"] == found["whole"]


async def test_a_sync_killed_between_parts_reads_the_page_again_and_writes_each_line_once(
    database: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(chunked, "CHUNK_ROWS", PART)
    async with FakeKingdee() as kingdee:
        add_bills(kingdee)
        settings = settings_for(database.url, kingdee)
        real = ErpSync._apply_page
        calls = {"n": 0}

        async def killed_at_the_third_part(self: ErpSync, *args: Any, **kwargs: Any) -> None:
            calls["n"] += 1
            if calls["n"] == 3:
                raise RuntimeError("killed between parts")
            await real(self, *args, **kwargs)

        monkeypatch.setattr(ErpSync, "_apply_page", killed_at_the_third_part)
        with pytest.raises(RuntimeError):
            await syncer(database, settings, clock).run()
        async with database.read() as session:
            assert await session.scalar(select(func.count()).select_from(Order)) == 2 * PART
            state = await session.get(ErpSyncState, "kingdee")
            assert state is not None and state.cursor == ""  # the page is not done: read again
        monkeypatch.setattr(ErpSync, "_apply_page", real)
        await let_the_lease_expire(database, clock)
        resumed = await syncer(database, settings, clock, owner="after-restart").run()
    assert resumed.counts["created"] == BILLS - 2 * PART and resumed.counts["unchanged"] == 2 * PART
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Order)) == BILLS
        assert await session.scalar(select(func.count()).select_from(ErpLink)) == BILLS
