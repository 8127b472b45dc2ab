"""What a processing batch does to write less often: ids given before the write (SQLite), the
outbox's rows held back to one statement, lookups kept without flushing. Each must leave the
same rows as writing at once would (the whole-pipeline comparison is tests/bot/test_pipeline_batches.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, event, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import ChatRef, Platform, Reply
from storage import outbox
from storage.batch_cache import cached, remember_lookups
from storage.batch_ids import give_ids_in, id_now
from storage.db import Database
from storage.models import ConversationState, OutboxMessage, Supplier

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


def _state(user: str) -> ConversationState:
    return ConversationState(platform="telegram", chat_id="-1", user_id=user, kind="clarify", payload={},
                             expires_at=NOW + timedelta(minutes=30))


async def _write(session: AsyncSession) -> list[int]:
    """Rows added one by one and together, a row inserted by a statement, the largest row
    deleted (SQLite gives its id again): the ids each gets."""
    first = [_state("a"), _state("b")]
    session.add_all(first)
    await session.flush()
    await session.execute(insert(ConversationState).values(platform="telegram", chat_id="-1", user_id="c",
                                                           kind="clarify", payload={}, expires_at=NOW))
    more = [_state("d"), _state("e")]
    session.add_all(more)
    await session.flush()
    await session.execute(delete(ConversationState).where(ConversationState.user_id == "e"))
    last = _state("f")
    session.add(last)
    await session.flush()
    return [s.id for s in [*first, *more, last]]


async def test_ids_given_in_a_batch_are_the_ids_the_database_gives(database: Database) -> None:
    if not database.is_sqlite:  # sequences give them as they are flushed: nothing to do until `id_now`
        async with database.write() as session:
            expected = await _write(session)
            await session.rollback()
        async with database.write() as session:
            give_ids_in(session)
            got = await _write(session)
        assert [i - got[0] for i in got] == [i - expected[0] for i in expected]
        return
    async with database.write() as session:
        expected = await _write(session)
        await session.rollback()
    async with database.write() as session:
        give_ids_in(session)
        statements: list[str] = []
        event.listen(session.sync_session.bind, "before_cursor_execute",  # type: ignore[arg-type]
                     lambda _c, _cur, sql, *_a: statements.append(sql))
        got = await _write(session)
    assert got == expected
    async with database.read() as session:
        users = list((await session.execute(select(ConversationState.user_id).order_by(ConversationState.id))).scalars())
    assert users == ["a", "b", "c", "d", "f"]
    # the two added together went in one statement, ids and all
    assert len([sql for sql in statements if sql.startswith("INSERT INTO conversation_states (id,")]) == 3


def _reply(text: str) -> Reply:
    return Reply(chat=ChatRef(platform=Platform.TELEGRAM, chat_id="-1"), text=text)


async def test_held_replies_keep_the_order_they_were_queued_in(database: Database) -> None:
    async with database.write() as session:
        outbox.hold_rows(session)
        await outbox.enqueue_held(session, "inbox:1:0", _reply("one"), now=NOW, inbox_id=None)
        await outbox.enqueue_held(session, "inbox:2:0", _reply("two"), now=NOW, inbox_id=None)
        assert await outbox.enqueue(session, "close:1", _reply("three"), now=NOW)  # the held ones go first
        await outbox.enqueue_held(session, "inbox:3:0", _reply("four"), now=NOW, inbox_id=None)
        await outbox.enqueue_held(session, "inbox:1:0", _reply("again"), now=NOW, inbox_id=None)  # a key queued before
        await outbox.write_held(session)
    async with database.read() as session:
        rows = (await session.execute(select(OutboxMessage.idempotency_key, OutboxMessage.payload)
                                      .order_by(OutboxMessage.id))).all()
    assert [(key, payload["text"]) for key, payload in rows] == [
        ("inbox:1:0", "one"), ("inbox:2:0", "two"), ("close:1", "three"), ("inbox:3:0", "four")]


async def test_a_kept_lookup_does_not_flush_but_is_dropped_when_a_pending_row_could_change_it(
    database: Database,
) -> None:
    async with database.write() as session:
        remember_lookups(session)
        loads = 0

        async def load() -> list[str]:
            nonlocal loads
            loads += 1
            return list((await session.execute(select(Supplier.code).order_by(Supplier.code))).scalars())

        assert await cached(session, "codes", ["suppliers"], load) == []
        session.add(_state("a"))  # pending, of another table: kept, and still pending
        assert await cached(session, "codes", ["suppliers"], load) == []
        assert loads == 1 and session.new
        session.add(Supplier(code="HD", name="华达", created_at=NOW))  # could change the answer
        assert await cached(session, "codes", ["suppliers"], load) == ["HD"]
        assert loads == 2


async def test_an_answer_read_past_a_pending_row_is_dropped_at_the_next_lookup(database: Database) -> None:
    """A lookup that skips the pending rows (read with autoflush off) keeps an answer that does
    not count them; the next lookup drops it, though the pending row's table was seen before."""
    async with database.write() as session:
        remember_lookups(session)

        async def codes() -> list[str]:
            return list((await session.execute(select(Supplier.code).order_by(Supplier.code))).scalars())

        async def states() -> list[str]:
            return list((await session.execute(select(ConversationState.user_id))).scalars())

        assert await cached(session, "states", ["conversation_states"], states) == []
        session.add(Supplier(code="HD", name="华达", created_at=NOW))  # pending
        assert await cached(session, "states", ["conversation_states"], states) == []  # sees it, keeps this
        with session.no_autoflush:
            assert await cached(session, "codes", ["suppliers"], codes) == []  # read past the pending row
        assert session.new
        assert await cached(session, "codes", ["suppliers"], codes) == ["HD"]


async def _early(session: AsyncSession) -> list[int]:
    """Rows pending, one asked its id before any is written (the rows added before it get theirs
    first, as a flush would give them), a row inserted by a statement meanwhile (which writes the
    pending rows first), then one more: the ids each gets."""
    first = [_state("a"), _state("b")]
    session.add_all(first)
    asked = _state("c")
    session.add(asked)
    number = await id_now(session, asked)
    assert number == asked.id
    await session.execute(insert(ConversationState).values(platform="telegram", chat_id="-1", user_id="d",
                                                           kind="clarify", payload={}, expires_at=NOW))
    last = _state("e")
    session.add(last)
    await session.flush()
    return [s.id for s in [*first, asked, last]]


async def test_an_id_asked_early_is_the_id_the_database_gives_and_writes_nothing(
    database: Database,
) -> None:
    """SQLite counts from the table's largest id; PostgreSQL takes its sequence's next values,
    for every row of the table pending, in one statement instead of a flush."""
    async with database.write() as session:
        expected = await _early(session)  # no batch: the id by a flush
        await session.rollback()
    async with database.write() as session:
        give_ids_in(session)
        statements: list[str] = []
        event.listen(session.sync_session.bind, "before_cursor_execute",  # type: ignore[arg-type]
                     lambda _c, _cur, sql, *_a: statements.append(sql))
        first = [_state("a"), _state("b")]
        session.add_all(first)
        asked = _state("c")
        session.add(asked)
        number = await id_now(session, asked)
        # given, not written: still pending with the rows added before it
        assert not [sql for sql in statements if sql.startswith("INSERT")]
        assert asked in session.new and [s.id for s in first] == [number - 2, number - 1]
        # one statement: SQLite's the table's largest id, PostgreSQL's three values of its sequence
        assert len([sql for sql in statements if sql.startswith("SELECT")]) == 1
        await session.rollback()
    async with database.write() as session:
        give_ids_in(session)
        got = await _early(session)
    # PostgreSQL's sequences do not roll back: the same ids, counted from the first
    assert got == expected if database.is_sqlite else [i - got[0] for i in got] == [i - expected[0] for i in expected]
    async with database.read() as session:
        users = list((await session.execute(select(ConversationState.user_id).order_by(ConversationState.id))).scalars())
    assert users == ["a", "b", "c", "d", "e"]
