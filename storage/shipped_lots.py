"""What an order has shipped so far, as lots: the shipment handler's and the reading checks'
question before a new batch is counted.

Outside a processing batch each question is its own query. In a batch the order's lots are
read once (an order has a handful) and both questions are answered from them: the reading
checks and the handler ask the same things of each shipment, and the handler, having just
written the new lot, says so (`lot_added`), so the next shipment of the order in the batch asks
nothing. The answer is forgotten, as any batch answer, when anything else writes to `lots`.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.batch_cache import cached, in_batch, keep, known
from storage.batch_ids import id_now
from storage.models import Lot

_READ = ("lots",)


def _key(order_id: int) -> tuple[str, int]:
    return ("lots_of_order", order_id)


async def _lots_of_order(session: AsyncSession, order_id: int) -> list[Lot]:
    """The order's lots, in a batch read once (see above)."""
    async def load() -> list[Lot]:
        return list((await session.execute(select(Lot).where(Lot.order_id == order_id))).scalars())

    return await cached(session, _key(order_id), _READ, load)


async def shipped_so_far(session: AsyncSession, order_id: int) -> tuple[int, int]:
    """(quantity shipped and kept, number of lots) of an order: goods the buyer returned are
    expected again, so they count as not shipped."""
    if in_batch(session):
        lots = await _lots_of_order(session, order_id)
        return sum(lot.qty - (lot.qty_returned or 0) for lot in lots), len(lots)
    total, count = (await session.execute(
        select(func.coalesce(func.sum(Lot.qty - Lot.qty_returned), 0), func.count(Lot.id))
        .where(Lot.order_id == order_id)
    )).one()
    return int(total), int(count)


async def lot_named(session: AsyncSession, order_id: int, lot_no: str) -> Lot | None:
    """The order's lot of this number, if it was reported already (a re-sent message)."""
    if in_batch(session):
        return next((lot for lot in await _lots_of_order(session, order_id) if lot.lot_no == lot_no), None)
    return (await session.execute(
        select(Lot).where(Lot.order_id == order_id, Lot.lot_no == lot_no)
    )).scalar_one_or_none()


async def add_lot(session: AsyncSession, lot: Lot) -> None:
    """Add `lot` and write it now (its id goes into its report's details). A batch that knew the
    order's lots before knows them after, the new one included, without asking again."""
    before = known(session, _key(lot.order_id))
    session.add(lot)
    await id_now(session, lot)
    if before is not None:
        keep(session, _key(lot.order_id), _READ, [*before[0], lot], pending=[lot])
