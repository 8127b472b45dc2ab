"""A sheet import is judged whole, then written a chunk at a time: the same orders and the same
report as one transaction, one commit per chunk (counted, not timed), and an import killed
between chunks finished by `--update` with every row once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from bot import import_chunks
from bot.clock import FakeClock
from bot.intake_cli import import_file
from storage import chunked
from storage.db import Database
from storage.intake_fields import IntakeError, Problem
from storage.models import InspectionCharacteristic, Milestone, Order
from tests.bot.test_spreadsheets import add_suppliers, settings_for, sheet_rows, write_xlsx
from tests.databases import SqliteTemplate

ROWS = 25
CHUNK = 4


@pytest.fixture(autouse=True)
def steady(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of the set size however long each takes (the pace would shrink them on a slow machine)."""
    monkeypatch.setattr(chunked.Pace, "took", lambda self, seconds: None)


async def records(database: Database, *, ids: bool = True) -> dict[str, list[tuple[Any, ...]]]:
    """Orders, their nodes and criteria, every column (without ids and links to them when `ids`
    is False: PostgreSQL's sequences skip the ids of a transaction rolled back)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    async with database.read() as session:
        orders = (await session.execute(select(Order.__table__).order_by(Order.po))).all()
        po_of = {row.id: row.po for row in orders}
        out["orders"] = [tuple(row)[0 if ids else 1:] for row in orders]
        for model in (Milestone, InspectionCharacteristic):
            table = model.__table__
            rows = (await session.execute(select(table))).all()
            out[table.name] = sorted(
                (tuple(row) if ids else (po_of[row.order_id], *(v for k, v in row._mapping.items()
                                                                if k not in ("id", "order_id"))))
                for row in rows)
    return out


@contextmanager
def counted_commits() -> Iterator[list[int]]:
    """Commits on every engine of this process (an import makes its own); reads never commit."""
    commits: list[int] = []

    def on_commit(_connection: Any) -> None:
        commits.append(1)

    event.listen(Engine, "commit", on_commit)
    try:
        yield commits
    finally:
        event.remove(Engine, "commit", on_commit)


async def test_a_chunked_import_writes_the_same_orders_and_says_the_same(
    tmp_path: Path, sqlite_template: SqliteTemplate, clock: FakeClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    sheet = write_xlsx(tmp_path / "orders.xlsx", sheet_rows(ROWS))
    said: dict[str, list[str]] = {}
    found: dict[str, dict[str, list[tuple[Any, ...]]]] = {}
    for name, size in (("whole", 10_000), ("chunked", CHUNK)):
        database = Database(sqlite_template.copy_to(tmp_path / f"{name}.db"))
        await add_suppliers(database, clock)
        monkeypatch.setattr(import_chunks, "IMPORT_CHUNK", size)
        said[name] = []
        with counted_commits() as commits:
            assert await import_file(settings_for(database), sheet, out=said[name].append, clock=clock) == 0
        found[name] = await records(database)
        await database.dispose()
        if name == "chunked":
            assert len(commits) >= -(-ROWS // CHUNK)  # one transaction per chunk, never one for all rows
        else:
            assert len(commits) == 1
    assert found["chunked"] == found["whole"]
    assert len(found["whole"]["orders"]) == ROWS
    assert said["chunked"] == said["whole"]


async def test_problems_are_reported_whole_and_nothing_is_written(
    database: Database, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    await add_suppliers(database, clock)
    rows = sheet_rows(ROWS)
    rows[21][2] = "没有这家"  # row 21 of the file's data, in the sixth chunk
    monkeypatch.setattr(import_chunks, "IMPORT_CHUNK", CHUNK)
    out: list[str] = []
    with counted_commits() as commits:
        assert await import_file(settings_for(database), write_xlsx(tmp_path / "bad.xlsx", rows),
                                 out=out.append, clock=clock) == 1
    assert "未导入任何订单" in out[0] and "nothing was imported" in out[1]
    assert any("没有这家" in line for line in out)
    assert commits == [] and (await records(database))["orders"] == []


async def test_an_import_killed_between_chunks_is_finished_by_update_with_each_row_once(
    database: Database, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    sqlite_template: SqliteTemplate,
) -> None:
    sheet = write_xlsx(tmp_path / "orders.xlsx", sheet_rows(ROWS))
    reference = Database(sqlite_template.copy_to(tmp_path / "reference.db"))
    await add_suppliers(reference, clock)
    assert await import_file(settings_for(reference), sheet, out=lambda _: None, clock=clock) == 0
    expected = await records(reference, ids=False)
    await reference.dispose()

    await add_suppliers(database, clock)
    monkeypatch.setattr(import_chunks, "IMPORT_CHUNK", CHUNK)
    real = import_chunks.insert_checked
    calls = {"n": 0}

    async def killed_at_the_third_chunk(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("killed between chunks")
        return await real(*args, **kwargs)

    monkeypatch.setattr(import_chunks, "insert_checked", killed_at_the_third_chunk)
    with pytest.raises(RuntimeError):
        await import_file(settings_for(database), sheet, out=lambda _: None, clock=clock)
    assert len((await records(database))["orders"]) == 2 * CHUNK  # two whole chunks, nothing of the third
    monkeypatch.setattr(import_chunks, "insert_checked", real)

    out: list[str] = []
    assert await import_file(settings_for(database), sheet, out=out.append, clock=clock, update=True) == 0
    assert f"已导入 {ROWS - 2 * CHUNK} 个订单" in out[0], out[0]  # the rows written before are unchanged
    assert await records(database, ids=False) == expected


async def test_a_chunk_refused_after_others_were_written_says_what_was_written(
    database: Database, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    await add_suppliers(database, clock)
    monkeypatch.setattr(import_chunks, "IMPORT_CHUNK", CHUNK)
    real = import_chunks.insert_checked
    calls = {"n": 0}

    async def entered_elsewhere(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise IntakeError([Problem(7, "po", "“PO-1007”已存在", "'PO-1007' already exists")])
        return await real(*args, **kwargs)

    monkeypatch.setattr(import_chunks, "insert_checked", entered_elsewhere)
    out: list[str] = []
    assert await import_file(settings_for(database), write_xlsx(tmp_path / "o.xlsx", sheet_rows(ROWS)),
                             out=out.append, clock=clock) == 1
    assert f"前 {CHUNK} 行已写入" in out[0] and "--update" in out[0]
    assert f"the first {CHUNK} row(s) were written" in out[1]
    assert any("row 7 [po]" in line for line in out)
    assert len((await records(database))["orders"]) == CHUNK
