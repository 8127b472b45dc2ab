"""A reading checked against the order before anything is written.

The reader knows words, not orders: `1017 完成1200` reads fine until the order turns out to
be for 500 pieces. Each check here that fails gives a reason the supplier sees, and turns
"record" into "confirm first" (handlers/confirm_first.py); where one other reading is
clearly likely, it is offered as the alternative. Checks that refuse outright (a PO that is
not the supplier's, a node not in the plan, a delay of a finished node) stay where they
were, in the lookup and the report handlers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from handlers.intents import Intent
from handlers.orders_lookup import FINISHED, current_milestone, milestone_named
from handlers.parsing import Reading, plain_done
from handlers.shipments import shipped_so_far
from handlers.turn import Turn
from scheduler.ladder import CLOSED_BY_COMPLETION
from storage.exceptions import open_on_nodes
from storage.inspection_records import characteristics
from storage.models import ExceptionTicket, Milestone, Order
from storage.prompts import prompts_awaiting
from storage.shipped_lots import lot_named

FAR_DAYS = 180  # a delay or plan further out than this is more likely a date read as next year's
FAR_TOLERANCES = 10  # a value this many tolerance bands from every nominal measures something else


@dataclass
class Verdict:
    """Why a reading should be confirmed first (empty: record it), and the likely alternative."""

    reasons: list[str] = field(default_factory=list)
    alternative: Reading | None = None

    @property
    def sure(self) -> bool:
        return not self.reasons


def node_of(order: Order, reading: Reading) -> Milestone | None:
    """The node a reading is about: the one it names, else the order's current one."""
    if reading.node is not None:
        return milestone_named(order, reading.node)
    return current_milestone(order)


async def check(turn: Turn, order: Order, reading: Reading, *, picked: bool) -> Verdict:
    """`picked`: the message named no order and the bot took the supplier's only open one."""
    verdict = Verdict()
    intent = reading.intent
    if intent == Intent.PROGRESS:
        _progress(turn, order, reading, verdict)
        if reading.done and reading.node is None and await prompted_about(turn, order):
            verdict.reasons = [r for r in verdict.reasons if r != _unnamed(turn, order)]
            if plain_done(turn.message.text or ""):
                reading = replace(reading, confirm=None)  # the reader's doubt was only which step: the prompt named it
    elif intent == Intent.DELAY:
        if reading.new_date is not None and reading.new_date <= turn.today:
            verdict.reasons.append(turn.say("doubt_date_not_future", date=reading.new_date.strftime("%m-%d")))
        _far(turn, reading, verdict)
    elif intent == Intent.PLAN:
        _plan(turn, order, reading, verdict)
    elif intent == Intent.SHIPMENT:
        await _shipment(turn, order, reading, verdict)
    elif intent == Intent.DEFECT:
        await _defect(turn, order, reading, verdict)
    elif intent == Intent.INSPECTION_VALUES:
        await _values(turn, order, reading, verdict)
    if reading.confirm and not verdict.reasons:
        verdict.reasons.append(turn.say("doubt_reader"))
    completes = intent == Intent.PROGRESS and reading.done is True
    if picked and (verdict.reasons or completes):
        verdict.reasons.insert(0, turn.say("doubt_picked_order", po=order.po))
    if verdict.reasons and completes:
        milestone = node_of(order, reading)
        if milestone is not None:
            for ticket in await exceptions_closed_by(turn, order, milestone):
                verdict.reasons.append(turn.say("doubt_closes", id=ticket.id, title=ticket.title))
    return verdict


async def exceptions_closed_by(turn: Turn, order: Order, milestone: Milestone) -> list[ExceptionTicket]:
    """The open delay and overdue exceptions that completing `milestone` would close: its own and
    those of the earlier unfinished nodes it implies."""
    ids = [m.id for m in order.milestones
           if m.id == milestone.id or (m.seq < milestone.seq and not m.inspection and m.status not in FINISHED)]
    return await open_on_nodes(turn.session, ids, CLOSED_BY_COMPLETION, order_id=order.id)


def _progress(turn: Turn, order: Order, reading: Reading, verdict: Verdict) -> None:
    reasons = verdict.reasons
    if reading.done and reading.node is None and current_milestone(order) is not None:
        reasons.append(_unnamed(turn, order))  # `1001 好了`: which node is done would be the bot's guess
    if reading.qty_done is not None and reading.qty_done > order.quantity:
        reasons.append(turn.say("doubt_qty_over_order", qty=reading.qty_done, total=order.quantity))
    if reading.qty_total is not None and reading.qty_total != order.quantity:
        reasons.append(turn.say("doubt_total_differs", total=order.quantity, said=reading.qty_total))
        if reading.qty_done is not None and reading.qty_done <= order.quantity:
            verdict.alternative = replace(reading, qty_total=None, confirm=None)
    if reading.qty_left is not None and reading.qty_left > order.quantity:
        reasons.append(turn.say("doubt_left_over_order", left=reading.qty_left, total=order.quantity))


def _unnamed(turn: Turn, order: Order) -> str:
    current = current_milestone(order)
    return turn.say("doubt_node_unnamed", node=turn.node(current) if current else "")


async def prompted_about(turn: Turn, order: Order) -> bool:
    """Whether an open prompt, still in its reply window, asked about this order's current node:
    then `好了` answers the node the prompt named."""
    return any(order.id in ids for ids in await prompts_awaiting(turn.session, order.supplier_id, turn.ctx.now))


def _plan(turn: Turn, order: Order, reading: Reading, verdict: Verdict) -> None:
    if reading.new_date is None:
        return
    if reading.new_date < turn.today:
        verdict.reasons.append(turn.say("doubt_date_not_future", date=reading.new_date.strftime("%m-%d")))
        return
    _far(turn, reading, verdict)
    milestone = node_of(order, reading)
    if milestone is not None and milestone.status not in FINISHED and reading.new_date > milestone.planned_date:
        verdict.reasons.append(turn.say("doubt_plan_later", old=milestone.planned_date.strftime("%m-%d")))


def _far(turn: Turn, reading: Reading, verdict: Verdict) -> None:
    """A day and month already past this year read as next year's (`11月20号` on 11-24): say so."""
    if reading.new_date is not None and (reading.new_date - turn.today).days > FAR_DAYS:
        verdict.reasons.append(turn.say("doubt_date_far", date=reading.new_date.isoformat()))


async def _shipment(turn: Turn, order: Order, reading: Reading, verdict: Verdict) -> None:
    shipped, lots = await shipped_so_far(turn, order)
    left = max(order.quantity - shipped, 0)
    if reading.qty is not None and reading.qty > left:
        verdict.reasons.append(turn.say("doubt_ship_over", left=left, shipped=shipped, total=order.quantity))
        if left > 0:
            verdict.alternative = replace(reading, qty=None, all=True, confirm=None)
    elif reading.all and reading.qty is not None and reading.qty != left:
        verdict.reasons.append(turn.say("doubt_ship_all", left=left, qty=reading.qty))
        verdict.alternative = replace(reading, all=None, confirm=None)
    if reading.lot_seq is not None and reading.lot_seq != lots + 1:
        verdict.reasons.append(turn.say("doubt_lot_seq", lots=lots, next=lots + 1))


async def _defect(turn: Turn, order: Order, reading: Reading, verdict: Verdict) -> None:
    if reading.defect_qty is not None and reading.defect_qty > order.quantity:
        verdict.reasons.append(turn.say("doubt_defect_over", qty=reading.defect_qty, total=order.quantity))
    if reading.lot is None:
        return
    lot = await lot_named(turn.session, order.id, reading.lot)
    if lot is None:
        verdict.reasons.append(turn.say("doubt_lot_unknown", lot=reading.lot, po=order.po))
    elif reading.defect_qty is not None and reading.defect_qty > lot.qty:
        verdict.reasons.append(turn.say("doubt_defect_over_lot", qty=reading.defect_qty, lot=lot.lot_no, total=lot.qty))


async def _values(turn: Turn, order: Order, reading: Reading, verdict: Verdict) -> None:
    if not reading.values:
        return
    plan = await characteristics(turn.session, order.id)
    measured = [c for c in plan if c.kind == "measure" and c.nominal is not None]
    if not measured:
        return

    def near(value: float) -> bool:
        return any(abs(value - (c.nominal or 0.0))
                   <= FAR_TOLERANCES * max((c.tol_minus or 0.0) + (c.tol_plus or 0.0), 1e-9) for c in measured)

    strays = [v for v in reading.values if not near(v)]
    if strays:
        items = "、".join(f"{c.name} {c.nominal:g}" for c in measured) if turn.language.startswith("zh") \
            else ", ".join(f"{c.name} {c.nominal:g}" for c in measured)
        verdict.reasons.append(turn.say("doubt_values", n=len(reading.values), items=items))
