"""A supplier's open-order list in chat is a page a phone shows: the first fifteen, soonest due
first, how many more, and a More button for the next page; a "which order?" question offers a
few buttons. Both read only what they show, however many orders the supplier has."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, func, insert, select

from bot.clock import FakeClock
from storage.db import Database
from storage.models import Milestone, Order, Supplier
from tests.handlers.supplier_world import HUADA_CHAT, TODAY, WANG, Talker, payloads, seed_world, texts

MORE_ORDERS = 40  # besides PO-1001


@pytest.fixture
async def wang(database: Database, clock: FakeClock, tmp_path: Path) -> Talker:
    await seed_world(database, clock)
    now = clock.now()
    async with database.write() as session:
        hd = await session.scalar(select(Supplier.id).where(Supplier.code == "HD"))
        last = int(await session.scalar(select(Order.id).order_by(Order.id.desc()).limit(1)) or 0)
        await session.execute(insert(Order), [{
            "id": last + n, "po": f"PO-5{n:03d}", "po_key": f"5{n:03d}", "supplier_id": hd, "part_no": "P",
            "process": "stamping", "quantity": 10, "release_date": TODAY, "due_date": TODAY + timedelta(days=n % 7),
            "status": "in_progress", "created_at": now, "updated_at": now,
        } for n in range(1, MORE_ORDERS + 1)])
        await session.execute(insert(Milestone), [{
            "order_id": last + n, "seq": 1, "node": "in_process", "planned_date": TODAY + timedelta(days=n % 5),
            "original_planned_date": TODAY, "status": "pending", "updated_at": now,
        } for n in range(1, MORE_ORDERS + 1)])
    if not database.is_sqlite:
        async with database.write() as session:
            await session.execute(select(func.setval("orders_id_seq", select(func.max(Order.id)).scalar_subquery())))
    return Talker(database, clock, HUADA_CHAT, WANG, "王工", photo_dir=tmp_path / "photos")


async def _expected_order(database: Database) -> list[str]:
    async with database.read() as session:
        return list(await session.scalars(select(Order.po).join(Supplier).where(Supplier.code == "HD")
                                          .order_by(Order.due_date, Order.po)))


async def test_orders_come_a_page_at_a_time(wang: Talker, database: Database) -> None:
    everything = await _expected_order(database)
    assert len(everything) == MORE_ORDERS + 1
    seen: list[str] = []
    reply = (await wang.says("/orders"))[0]
    pages = 0
    while True:
        pages += 1
        lines = reply.text.splitlines()
        listed = [line.split()[0] for line in lines[1:] if line.startswith("PO-")]
        assert len(listed) <= 15
        seen.extend(listed)
        assert lines[0] == f"您的在制订单（第{len(seen) - len(listed) + 1}–{len(seen)}个，共{len(everything)}个）："
        if len(seen) == len(everything):
            assert not reply.buttons and not lines[-1].startswith("……")
            break
        assert lines[-1] == f"……还有{len(everything) - len(seen)}个。点「更多」看下一页，或发订单号看单个订单。"
        (more,) = payloads(reply)
        assert more == f"o:{len(seen)}"
        reply = (await wang.clicks(more))[0]
    assert pages == 3
    assert seen == everything, "every order once, soonest due first"


async def test_a_short_list_is_as_it_always_was(database: Database, clock: FakeClock, tmp_path: Path) -> None:
    await seed_world(database, clock)
    wang = Talker(database, clock, HUADA_CHAT, WANG, "王工")
    reply = (await wang.says("/orders"))[0]
    assert reply.text.splitlines()[0] == "您的在制订单："
    assert len(reply.text.splitlines()) == 2 and not reply.buttons


async def test_a_list_and_a_question_read_only_what_they_show(wang: Talker, database: Database) -> None:
    """However many open orders: the list loads a page of orders, "which order?" a few."""
    loaded: list[int] = []

    def count_rows(*args: object) -> None:
        """A read of orders that is neither bounded (LIMIT), counted, nor by id."""
        statement = str(args[2]).lower()
        bounded = ("limit", "count(", "orders.id =", "orders.id in")
        if "from orders" in statement and not any(word in statement for word in bounded):
            loaded.append(1)

    engine = database.writer.sync_engine
    event.listen(engine, "before_cursor_execute", count_rows)
    try:
        await wang.says("/orders")
        replies = await wang.says("做完了")
    finally:
        event.remove(engine, "before_cursor_execute", count_rows)
    assert not loaded, "no unbounded read of the supplier's orders"
    assert len(payloads(replies[0])) == 6, "which order? offers six buttons"
    assert texts(replies)
