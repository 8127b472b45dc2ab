"""An order's lots as the shipment handler asks about them: in a processing batch read once and
kept up to date by the handler's own new lot, with the very answers the per-question queries give."""

from __future__ import annotations

from sqlalchemy import event, select

from storage.batch_cache import remember_lookups
from storage.batch_ids import give_ids_in
from storage.db import Database
from storage.models import Lot
from storage.shipped_lots import add_lot, lot_named, shipped_so_far
from tests.storage.one_order import NOW, add_one_order


async def _order(database: Database) -> int:
    async with database.write() as session:
        order = await add_one_order(session)
        session.add(Lot(order_id=order.id, lot_no="PO-1-1", qty=30, shipped_at=NOW, qty_returned=5))
        return order.id


async def _answers(session: object, order_id: int) -> tuple[object, ...]:
    shipped = await shipped_so_far(session, order_id)  # type: ignore[arg-type]
    first = await lot_named(session, order_id, "PO-1-1")  # type: ignore[arg-type]
    second = await lot_named(session, order_id, "PO-1-2")  # type: ignore[arg-type]
    return shipped, first.qty if first else None, second.qty if second else None


async def test_a_batch_reads_an_orders_lots_once_and_knows_its_own_new_lot(database: Database) -> None:
    order_id = await _order(database)
    lot_reads = 0

    def count(_conn: object, _cursor: object, sql: str, *_a: object) -> None:
        nonlocal lot_reads
        lot_reads += sql.lstrip().upper().startswith("SELECT") and "FROM lots" in sql

    event.listen(database.writer.sync_engine, "before_cursor_execute", count)
    try:
        async with database.write() as session:
            remember_lookups(session)
            give_ids_in(session)
            assert await _answers(session, order_id) == ((25, 1), 30, None)
            assert lot_reads == 1  # both questions, and the second lot name, from one read
            await add_lot(session, Lot(order_id=order_id, lot_no="PO-1-2", qty=40, shipped_at=NOW))
            reads_before = lot_reads
            assert await _answers(session, order_id) == ((65, 2), 30, 40)
            assert lot_reads == reads_before  # known without asking (only the id counter may have read `lots`)
            lot = await lot_named(session, order_id, "PO-1-2")
            assert lot is not None
            lot.qty_returned = 10  # the buyer sends goods back: pending, and the answer follows it
            assert await shipped_so_far(session, order_id) == (55, 2)
    finally:
        event.remove(database.writer.sync_engine, "before_cursor_execute", count)
    async with database.write() as session:  # outside a batch: the queries, the same answers
        assert await _answers(session, order_id) == ((55, 2), 30, 40)
        assert len((await session.execute(select(Lot))).scalars().all()) == 2
