"""Shipments: each shipped batch is a Lot, unique per order and lot number, so a re-sent
message about the same lot is recognised and never counted twice. The shipped node's
quantity is the sum of the lots; it completes when everything is sent or the supplier
says it was the last batch (`全部发完`). A batch without a number gets `<PO>-<n>`.
"""

from __future__ import annotations

from bot.ports import Reply
from handlers.clarify import ask_ship_qty
from handlers.orders_lookup import milestone_named
from handlers.parsing import Reading
from handlers.supplier_reports import closed_line, mark_started
from handlers.texts.supplier import joined
from handlers.turn import Turn
from storage import shipped_lots
from storage.models import Lot, Order, OrderStatus
from storage.prompts import mark_prompts_answered


async def shipped_so_far(turn: Turn, order: Order) -> tuple[int, int]:
    """(quantity shipped and kept, number of lots): see `storage.shipped_lots.shipped_so_far`."""
    return await shipped_lots.shipped_so_far(turn.session, order.id)


async def report_shipment(turn: Turn, order: Order, reading: Reading) -> list[Reply]:
    shipped, lots = await shipped_so_far(turn, order)
    remaining = max(order.quantity - shipped, 0)
    qty = reading.qty
    if qty is None and not reading.all:
        return await ask_ship_qty(turn, order, reading, remaining)
    if qty is None:
        if remaining == 0:
            return [turn.reply(turn.say("ship_nothing_left", po=order.po, total=order.quantity))]
        qty = remaining
    lot_no = (reading.lot or f"{order.po}-{lots + 1}")[:60]
    existing = await shipped_lots.lot_named(turn.session, order.id, lot_no)
    if existing is not None:
        return [turn.reply(turn.say("ship_duplicate", po=order.po, lot=lot_no, qty=existing.qty))]

    milestone = milestone_named(order, "shipped")
    report = await turn.new_report(order, milestone, "shipment", qty_done=qty, details={
        "lot": lot_no, "qty": qty, "all": bool(reading.all), "tracking": reading.note,
    })
    lot = Lot(order_id=order.id, lot_no=lot_no, qty=qty, shipped_at=turn.happened_at(reading.happened_on),
              report=report)
    await shipped_lots.add_lot(turn.session, lot)
    report.details = {**report.details, "lot_id": lot.id}
    total = shipped + qty
    complete = bool(reading.all) or total >= order.quantity
    implied = []
    closed = []
    if milestone is not None:
        recorder = turn.recorder(report)
        percent = min(100.0, round(total * 100 / order.quantity, 1)) if order.quantity else 100.0
        recorder.progress(milestone, percent=percent, qty_done=total)
        if complete:
            recorder.complete(milestone, order)
            closed.extend(await turn.ctx.ladder.close_for_milestone(turn.session, milestone.id, by=turn.speaker.label,
                                                                    now=turn.ctx.now, order_id=milestone.order_id))
        implied = recorder.imply_earlier(order, milestone, complete=complete)
        for finished in implied:
            closed.extend(await turn.ctx.ladder.close_for_milestone(turn.session, finished.id, by=turn.speaker.label,
                                                                    now=turn.ctx.now, order_id=finished.order_id))
    mark_started(order)
    if complete and order.status == OrderStatus.IN_PROGRESS.value:
        order.status = OrderStatus.SHIPPED.value
    await mark_prompts_answered(turn.session, turn.supplier_id, turn.ctx.now)

    key = "ship_all" if complete else "ship_done"
    lines = [turn.say(key, po=order.po, qty=qty, lot=lot_no, shipped=total, total=order.quantity,
                      left=max(order.quantity - total, 0))]
    if implied:
        lines.append(turn.say("implied", nodes=joined([turn.node(m) for m in implied], turn.language)))
    if closed:
        lines.append(closed_line(turn, closed))
    lines.append(turn.say("undo_hint"))
    return [turn.reply("\n".join(lines))]
