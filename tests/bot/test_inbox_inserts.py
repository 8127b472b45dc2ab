"""Storing on PostgreSQL through one prepared INSERT (`storage.inbox_inserts`) stores what the ORM's
INSERT stored, row for row, and fails the same way: a batch whole or not at all, a broken
connection counted as the store being down (503), never an answer of 200 before the commit."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient
from sqlalchemy import text

from bot.adapters.telegram_adapter import SECRET_HEADER, telegram_webhook_handler
from bot.clock import FakeClock
from bot.pipeline import GroupCommit, InboundPipeline
from bot.ports import InboundMessage, MediaRef, SenderRef, StorageUnavailable
from storage.db import Database, is_database_down
from storage.inbox_inserts import COLUMNS, InboxInserts, InboxUnreachable
from tests.bot.test_pipeline import RecordingHandler, a_message, make_pipeline

SECRET = "inbox-inserts-secret"


def _mixed() -> list[InboundMessage]:
    """Messages of every shape the inbox holds, with repeats in one batch and across batches."""
    base = a_message("1")
    photo = MediaRef("AgAC-photo", size=4_000, width=90, height=67)
    messages = [
        base,
        a_message("2", "PO-1002 热处理要晚两天\n设备坏了 \"引号\" \\ 反斜杠"),
        a_message("1"),  # the same update again, in the same batch
        replace(a_message("3", "PO-1003 终检照片"), photos=(photo,)),
        replace(a_message("4", "带\x00控制\x07字符"), sender=SenderRef("43", "王工 \U0001f600", "zh")),
        a_message("x" * 200, "an id longer than the column: cut to 160"),
        replace(a_message("5", ""), button_payload="done:M3", reply_to_external_id="7"),
    ]
    later = [a_message("2"), a_message("6", "PO-1001 完成100%"), a_message("x" * 200)]  # repeats of an earlier batch
    return messages + later


async def _store(pipeline: InboundPipeline, messages: list[InboundMessage], *, one_statement: bool,
                 clock: FakeClock) -> list[bool]:
    committer = GroupCommit(pipeline.database, max_batch=4)  # several batches, repeats across them
    if not one_statement:
        committer._inserts = None  # the ORM's INSERT, as before this path  # noqa: SLF001
    pipeline._committer = committer  # noqa: SLF001
    first = await asyncio.gather(*(pipeline.accept(m, json.dumps({"raw": m.external_id})) for m in messages[:7]))
    clock.advance(timedelta(seconds=1))
    second = await asyncio.gather(*(pipeline.accept(m, "raw\x00 with a NUL") for m in messages[7:]))
    return [*first, *second]


async def _rows(database: Database) -> list[tuple[Any, ...]]:
    async with database.read() as session:
        result = await session.execute(text(
            "SELECT platform, external_id, chat_id, sender_id, received_at, message::text, raw, state, attempts, "
            "processed_at, error FROM inbox ORDER BY id"))
        return [tuple(row) for row in result]


def _postgres_only(database: Database) -> None:
    if database.is_sqlite:
        pytest.skip("the one-statement path is PostgreSQL's; SQLite stores into its inbox file")


async def test_the_one_statement_stores_exactly_what_the_orm_insert_stored(
    database: Database, clock: FakeClock, tmp_path: Path
) -> None:
    _postgres_only(database)
    pipeline = make_pipeline(database, clock, RecordingHandler(), tmp_path)
    before = await _store(pipeline, _mixed(), one_statement=False, clock=clock)
    stored_before = await _rows(database)
    async with database.write() as session:
        await session.execute(text("DELETE FROM inbox"))
    clock.advance(timedelta(seconds=-1))
    after = await _store(pipeline, _mixed(), one_statement=True, clock=clock)
    assert after == before == [True, True, False, True, True, True, True, False, True, False]
    assert await _rows(database) == stored_before
    assert len(stored_before) == 7
    assert "\\u0000" not in str(stored_before) and "\x00" not in str(stored_before)


async def test_every_column_the_pipeline_fills_is_one_the_statement_writes(
    database: Database, clock: FakeClock, tmp_path: Path
) -> None:
    pipeline = make_pipeline(database, clock, RecordingHandler(), tmp_path)
    assert set(pipeline._row(a_message(), "{}")) == {name for name, _ in COLUMNS}  # noqa: SLF001


@pytest.fixture
async def refusing_boom(database: Database) -> Any:
    """A trigger that fails any INSERT of a row whose raw text says "boom" (both engines)."""
    if database.is_sqlite:
        create = ["CREATE TRIGGER refuse_boom BEFORE INSERT ON inbox WHEN NEW.raw LIKE '%boom%' "
                  "BEGIN SELECT RAISE(ABORT, 'boom refused'); END"]
        drop = ["DROP TRIGGER refuse_boom"]
    else:
        create = ["CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                  "IF NEW.raw LIKE '%boom%' THEN RAISE EXCEPTION 'boom refused'; END IF; RETURN NEW; END $$",
                  "CREATE TRIGGER refuse_boom BEFORE INSERT ON inbox FOR EACH ROW EXECUTE FUNCTION refuse_boom()"]
        drop = ["DROP TRIGGER refuse_boom ON inbox", "DROP FUNCTION refuse_boom()"]
    async with database.write() as session:
        for statement in create:
            await session.execute(text(statement))
    yield
    async with database.write() as session:
        for statement in drop:
            await session.execute(text(statement))


async def _count(database: Database) -> int:
    async with database.read() as session:
        return int(await session.scalar(text("SELECT count(*) FROM inbox")) or 0)


@pytest.mark.usefixtures("refusing_boom")
async def test_a_failed_batch_stores_none_of_its_messages_and_fails_every_caller(
    database: Database, clock: FakeClock, tmp_path: Path
) -> None:
    pipeline = make_pipeline(database, clock, RecordingHandler(), tmp_path)
    results = await asyncio.gather(
        pipeline.accept(a_message("10"), "{}"), pipeline.accept(a_message("11"), "boom"),
        pipeline.accept(a_message("12"), "{}"), return_exceptions=True)
    assert all(isinstance(result, Exception) for result in results), results
    assert await _count(database) == 0
    assert pipeline.accepted == 0
    # the next batch is stored (on PostgreSQL on a connection the failed one gave back)
    assert await asyncio.gather(pipeline.accept(a_message("10"), "{}"), pipeline.accept(a_message("12"), "{}")) \
        == [True, True]
    assert await _count(database) == 2


def _webhook_app(pipeline: InboundPipeline) -> web.Application:
    async def no_answer(_query_id: str) -> None:
        return None

    app = web.Application()
    app.router.add_post("/webhooks/telegram", telegram_webhook_handler(pipeline, SECRET, lambda: "bot", no_answer))
    return app


def _update(update_id: int, text_: str = "PO-1001 完成60%") -> bytes:
    return json.dumps({"update_id": update_id, "message": {
        "message_id": update_id, "date": 1_776_972_025, "text": text_,
        "chat": {"id": -1001, "type": "supergroup", "title": "华达 外协群"},
        "from": {"id": 42, "is_bot": False, "first_name": "Li"}}}, ensure_ascii=False).encode()


@pytest.mark.usefixtures("refusing_boom")
async def test_the_webhook_answers_200_only_for_what_was_committed(
    database: Database, clock: FakeClock, tmp_path: Path, aiohttp_client: Any
) -> None:
    pipeline = make_pipeline(database, clock, RecordingHandler(), tmp_path)
    client: TestClient = await aiohttp_client(_webhook_app(pipeline))
    headers = {SECRET_HEADER: SECRET, "Content-Type": "application/json"}

    async def post(body: bytes, secret: str = SECRET) -> int:
        async with client.post("/webhooks/telegram", data=body, headers={**headers, SECRET_HEADER: secret}) as r:
            return r.status

    assert await post(_update(1)) == 200
    assert await post(_update(1)) == 200  # a re-delivery: stored once
    assert await post(_update(2), secret="wrong") == 403
    assert await post(b"{not json") == 400
    assert await post(_update(3, "boom")) == 500  # the commit failed: not stored, the platform delivers again
    assert sorted(await asyncio.gather(*(post(_update(i)) for i in (4, 5, 1)))) == [200, 200, 200]
    async with database.read() as session:
        stored = [row[0] for row in await session.execute(text("SELECT external_id FROM inbox ORDER BY id"))]
    assert sorted(stored) == ["1", "4", "5"]


async def _terminate(database: Database, pid: int) -> None:
    async with database.reader.connect() as conn:
        await conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


async def test_a_held_connection_closed_while_idle_is_replaced_before_a_batch_is_sent(
    database: Database, clock: FakeClock, tmp_path: Path
) -> None:
    _postgres_only(database)
    inserts = InboxInserts(database.writer)
    row = make_pipeline(database, clock, RecordingHandler(), tmp_path)._row  # noqa: SLF001
    assert await inserts.insert([row(a_message("20"), "{}")]) == {("telegram", "20")}
    held = inserts._driver  # noqa: SLF001
    assert held is not None
    await _terminate(database, held.get_server_pid())
    async with asyncio.timeout(10):
        while not held.is_closed():  # noqa: ASYNC110 - asyncpg notices the server's goodbye on the loop
            await asyncio.sleep(0.01)
    assert await inserts.insert([row(a_message("21"), "{}")]) == {("telegram", "21")}
    assert inserts._driver is not held  # noqa: SLF001
    await inserts.release()
    assert await _count(database) == 2


@pytest.fixture
async def slow_inserts(database: Database) -> Any:
    """PostgreSQL: an INSERT of a row whose raw text says "slow" takes two seconds."""
    _postgres_only(database)
    async with database.write() as session:
        await session.execute(text(
            "CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF NEW.raw LIKE '%slow%' THEN PERFORM pg_sleep(2); END IF; RETURN NEW; END $$"))
        await session.execute(text(
            "CREATE TRIGGER slow_insert BEFORE INSERT ON inbox FOR EACH ROW EXECUTE FUNCTION slow_insert()"))
    yield
    async with database.write() as session:
        await session.execute(text("DROP TRIGGER slow_insert ON inbox"))
        await session.execute(text("DROP FUNCTION slow_insert()"))


@pytest.mark.usefixtures("slow_inserts")
async def test_a_connection_that_breaks_under_a_batch_is_the_store_down_and_stores_nothing(
    database: Database, clock: FakeClock, tmp_path: Path
) -> None:
    inserts = InboxInserts(database.writer)
    row = make_pipeline(database, clock, RecordingHandler(), tmp_path)._row  # noqa: SLF001
    assert await inserts.insert([row(a_message("20"), "{}")]) == {("telegram", "20")}
    held = inserts._driver  # noqa: SLF001
    assert held is not None
    batch = asyncio.ensure_future(inserts.insert([row(a_message("21"), "{}"), row(a_message("22"), "slow")]))
    await asyncio.sleep(0.5)  # the batch is in the server, in its trigger's sleep
    await _terminate(database, held.get_server_pid())
    with pytest.raises(InboxUnreachable) as raised:
        await batch
    assert is_database_down(raised.value)
    assert await _count(database) == 1
    assert await inserts.insert([row(a_message("21"), "{}")]) == {("telegram", "21")}  # on a new connection
    await inserts.release()
    assert await _count(database) == 2


async def test_the_pipeline_answers_storage_unavailable_when_the_store_is_down(
    database: Database, clock: FakeClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _postgres_only(database)
    pipeline = make_pipeline(database, clock, RecordingHandler(), tmp_path)

    async def broken(_self: InboxInserts, _rows: list[dict[str, Any]]) -> set[tuple[str, str]]:
        raise InboxUnreachable("connection was closed in the middle of operation")

    monkeypatch.setattr(InboxInserts, "insert", broken)
    with pytest.raises(StorageUnavailable):
        await pipeline.accept(a_message("30"), "{}")
    assert await _count(database) == 0


async def test_a_restart_between_bursts_loses_no_webhook(database: Database, clock: FakeClock, tmp_path: Path) -> None:
    _postgres_only(database)
    pipeline = make_pipeline(database, clock, RecordingHandler(), tmp_path)
    assert await pipeline.accept(a_message("40"), "{}")
    async with database.reader.connect() as conn:  # every connection of the writer's pool goes, as in a restart
        await conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
    await asyncio.sleep(0.1)
    assert await pipeline.accept(a_message("41"), "{}")  # the pool's ping found the dead connection
    assert await _count(database) == 2



async def test_storing_holds_one_connection_while_webhooks_come_and_gives_it_back_at_shutdown(
    database: Database, clock: FakeClock, tmp_path: Path
) -> None:
    _postgres_only(database)
    pipeline = make_pipeline(database, clock, RecordingHandler(), tmp_path)
    for external_id in ("50", "51", "52"):
        assert await pipeline.accept(a_message(external_id), "{}")
    assert database.writer.pool.checkedout() == 1  # type: ignore[attr-defined]  # the same one, kept between them
    await pipeline.stop_storing()
    assert database.writer.pool.checkedout() == 0  # type: ignore[attr-defined]
    assert await _count(database) == 3
