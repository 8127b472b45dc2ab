"""The buyer's half of an order, per lot: goods counted in (收货), incoming inspection
(来料检验) and returns (退货), then the order closing itself once enough is accepted.

One module for chat, REST and the order page, so the three record the same thing the same
way. Each action returns an `Outcome`: the answer for the person who acted, the notices
for other chats (the supplier's chat, the staff groups), and for a receipt beyond what was
shipped, a question instead of a record (`confirm`).

A lot's quantities (all on `Lot`):
- `qty` shipped by the supplier; `qty_received` counted in at the dock;
- what the first inspection decided, as the KPIs read it: `qty_accepted` (concession
  included) and `qty_rejected` (everything else), of which `qty_reworked` went to rework and
  `qty_scrapped` was scrapped (scrap found when reworked parts are inspected again adds to it);
- `qty_rework_pending` back in rework, `qty_returned` sent back to the supplier, and
  `qty_usable`, what the buyer can use: accepted, concession, and reworked parts that passed.
The first inspection must account for everything received and not yet inspected; an
inspection of reworked parts for exactly what is in rework. The order closes when the
usable quantity of its lots reaches the ordered quantity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot import payloads
from bot.payloads import Prefix
from bot.ports import Button, ChatRef, Reply
from handlers.milestone_history import Recorder
from handlers.notify import tell_staff
from handlers.texts.buyer import order_status_label as status_label
from handlers.texts.receiving import say, terms
from scheduler.ladder import Ladder, binding_chat, binding_language
from storage import outbox
from storage.models import (
    OPEN_ORDER_STATUSES,
    BindingRole,
    ChatBinding,
    ExceptionKind,
    ExceptionTicket,
    Inspection,
    Lot,
    LotReturn,
    Milestone,
    MilestoneStatus,
    Order,
    OrderChange,
    OrderStatus,
    Receipt,
    Severity,
    Supplier,
    Verdict,
)

DISPOSITIONS = ("accepted", "rejected", "rework", "scrap", "concession")
CONFIRM_RECEIPT = payloads.button(Prefix.RECEIPT, "ok")
CANCEL_RECEIPT = payloads.button(Prefix.RECEIPT, "no")
OPEN_STATUSES = frozenset(s.value for s in OPEN_ORDER_STATUSES)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who records something, through which door (chat, api, web), under the service's exception
    ladder (a lot's defect opens on it; an ended order closes its exceptions through it)."""

    label: str
    person_id: int | None
    language: str
    source: str
    ladder: Ladder
    chat: ChatRef | None = None  # the chat they wrote in: no notice is sent back there twice


@dataclass
class Outcome:
    """What an action did: `ok` (recorded), the actor's answer, and notices for other chats.

    `status` is the HTTP status the REST API answers with: 201 recorded, 400 refused,
    404 no such order or lot, 409 asks first (`confirm` holds the chat button payload).
    """

    ok: bool
    text: str
    status: int = 201
    notices: list[Reply] = field(default_factory=list)
    confirm: str | None = None
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def refused(cls, text: str, status: int = 400) -> Outcome:
        return cls(False, text, status)


def _unit(order: Order, language: str) -> str:
    return order.unit if language.startswith("zh") else f" {order.unit}".rstrip()


async def lots_of(session: AsyncSession, order: Order) -> list[Lot]:
    return list((await session.execute(
        select(Lot).where(Lot.order_id == order.id).order_by(Lot.shipped_at, Lot.id)
    )).scalars())


def lot_named(lots: list[Lot], lot_no: str) -> Lot | None:
    wanted = lot_no.strip().upper()
    for lot in lots:
        if lot.lot_no.upper() == wanted:
            return lot
    return None


def ended_refusal(order: Order, actor: Actor, what: str) -> Outcome | None:
    """The refusal for recording anything on an order that has ended (accepted, closed, cancelled)."""
    if order.status in OPEN_STATUSES:
        return None
    return Outcome.refused(say("order_ended", actor.language, po=order.po, what=say(f"what.{what}", actor.language),
                               status=status_label(order.status, actor.language)), 409)


def _lot_list(lots: list[Lot]) -> str:
    return ", ".join(f"{lot.lot_no}({lot.qty})" for lot in lots) or "—"


# --- receiving ------------------------------------------------------------------------------

async def receive(
    session: AsyncSession, order: Order, lot_no: str | None, qty: int, actor: Actor, now: datetime, *,
    confirmed: bool = False, note: str = "",
) -> Outcome:
    """Count goods in against a lot. More than shipped asks first unless `confirmed`."""
    language = actor.language
    if (ended := ended_refusal(order, actor, "receipt")) is not None:
        return ended
    if qty <= 0:
        return Outcome.refused(say("qty_positive", language, qty=qty))
    lots = await lots_of(session, order)
    lot: Lot | None
    if lot_no:
        lot = lot_named(lots, lot_no)
        if lot is None and lots:
            return Outcome.refused(say("lot_unknown", language, po=order.po, lot=lot_no, lots=_lot_list(lots)), 404)
    else:
        waiting = [lot for lot in lots if lot.qty_received < lot.qty]
        if len(waiting) > 1:
            return Outcome.refused(say("lot_which", language, po=order.po, lots=_lot_list(waiting), qty=qty,
                                       first=waiting[0].lot_no))
        lot = waiting[0] if waiting else None
    if lot is None:
        # goods that came without a shipment notice: the receipt is the only record of the lot
        lot = Lot(order_id=order.id, lot_no=(lot_no or f"{order.po}-R{len(lots) + 1}")[:60], qty=qty,
                  shipped_at=now)
        session.add(lot)
        await session.flush()
    total = lot.qty_received + qty
    if total > lot.qty and not confirmed:
        return Outcome(False, say("over_ask", language, po=order.po, lot=lot.lot_no, shipped=lot.qty, qty=qty,
                                  total=total, over=total - lot.qty), status=409,
                       confirm=f"{CONFIRM_RECEIPT}:{lot.id}:{lot.qty_received}:{qty}",
                       data={"lot_no": lot.lot_no, "shipped": lot.qty, "received": lot.qty_received})
    receipt = Receipt(order_id=order.id, lot_id=lot.id, qty=qty, received_at=now, received_by=actor.label[:120],
                      person_id=actor.person_id, source=actor.source, note=note)
    session.add(receipt)
    lot.qty_received = total
    if lot.received_at is None:
        lot.received_at = now
    milestone = _node(order, "received")
    if milestone is not None:
        _recorder(session, actor, now).progress(milestone)
    if order.status == OrderStatus.RELEASED.value:
        order.status = OrderStatus.IN_PROGRESS.value
    order.updated_at = now
    await session.flush()
    if total == lot.qty:
        diff = say("diff.exact", language)
    elif total < lot.qty:
        diff = say("diff.short", language, n=lot.qty - total)
    else:
        diff = say("diff.over", language, n=total - lot.qty)
    text = say("received", language, po=order.po, lot=lot.lot_no, qty=qty, unit=_unit(order, language),
               total=total, shipped=lot.qty, diff=diff)
    text += "\n" + say("inspect_hint", language, po=order.po, lot=lot.lot_no)
    return Outcome(True, text, data={"receipt_id": receipt.id, "lot_no": lot.lot_no, "qty": qty,
                                     "received": total, "shipped": lot.qty, "difference": total - lot.qty})


async def confirm_receipt(
    session: AsyncSession, payload: str, actor: Actor, now: datetime, *, may_see: Callable[[int], bool],
) -> Outcome:
    """The ✔ under an over-delivery question: record it if the lot has not changed since
    (and the order is one this actor may see: `may_see(supplier_id)`)."""
    parts = payload.split(":")
    if len(parts) != 5 or not all(p.isdigit() for p in parts[2:]):
        return Outcome.refused(say("confirm_expired", actor.language))
    lot_id, seen, qty = (int(p) for p in parts[2:])
    lot = await session.get(Lot, lot_id)
    order = await _order_with_plan(session, lot.order_id) if lot is not None else None
    if lot is None or order is None or lot.qty_received != seen or not may_see(order.supplier_id):
        return Outcome.refused(say("confirm_expired", actor.language), 409)
    return await receive(session, order, lot.lot_no, qty, actor, now, confirmed=True)


# --- incoming inspection ------------------------------------------------------------------

def decided(lot: Lot) -> int:
    """What the lot's first inspections have already accounted for."""
    return lot.qty_accepted + lot.qty_rejected


async def inspect_lot(
    session: AsyncSession, order: Order, lot_no: str | None, quantities: dict[str, int], actor: Actor,
    now: datetime,
) -> Outcome:
    """Record one staged incoming inspection of a lot; refuse quantities that don't add up."""
    language = actor.language
    if (ended := ended_refusal(order, actor, "inspection")) is not None:
        return ended
    q = {name: int(quantities.get(name) or 0) for name in DISPOSITIONS}
    if any(v < 0 for v in q.values()) or not any(q.values()):
        return Outcome.refused(say("qty_positive", language, qty=terms(q, language)))
    lots = await lots_of(session, order)
    received = [lot for lot in lots if lot.qty_received > 0]
    if lot_no:
        lot = lot_named(lots, lot_no)
        if lot is None:
            return Outcome.refused(say("lot_unknown", language, po=order.po, lot=lot_no, lots=_lot_list(lots)), 404)
        if lot.qty_received <= 0:
            return Outcome.refused(say("not_received", language, lot=lot.lot_no))
    else:
        waiting = [lot for lot in received if lot.qty_received > decided(lot) or lot.qty_rework_pending]
        if not waiting:
            return Outcome.refused(say("no_lots", language, po=order.po))
        if len(waiting) > 1:
            return Outcome.refused(say("lot_which_inspect", language, po=order.po, lots=_lot_list(waiting)))
        lot = waiting[0]
    total = sum(q.values())
    uninspected = lot.qty_received - decided(lot)
    first_time = uninspected > 0
    expected = uninspected if first_time else lot.qty_rework_pending
    if expected <= 0:
        return Outcome.refused(say("nothing_to_inspect", language, lot=lot.lot_no, received=lot.qty_received,
                                   decided=decided(lot)))
    if total != expected:
        shown = " + ".join(say(f"term.{name}", language, n=q[name]) for name in DISPOSITIONS if q[name]) or "0"
        basis = say("basis.first", language, received=lot.qty_received, decided=decided(lot)) if first_time \
            else say("basis.rework", language, pending=lot.qty_rework_pending)
        return Outcome.refused(say("sum_wrong", language, terms=shown, total=total, lot=lot.lot_no,
                                   expected=expected, basis=basis))
    earlier = await session.scalar(
        select(func.count()).select_from(Inspection).where(Inspection.lot_id == lot.id,
                                                           Inspection.stage == "incoming"))
    milestone = _node(order, "received")
    inspection = Inspection(
        order_id=order.id, milestone_id=milestone.id if milestone else None, lot_id=lot.id,
        inspected_at=now, inspector=actor.label[:120], inspector_person_id=actor.person_id, stage="incoming",
        first_inspection=not earlier,
        verdict=Verdict.PASS.value if q["accepted"] == total else Verdict.FAIL.value,
        qty_inspected=total, qty_accepted=q["accepted"], qty_rejected=total - q["accepted"],
        qty_rework=q["rework"], qty_scrap=q["scrap"], qty_concession=q["concession"],
    )
    session.add(inspection)
    if first_time:
        lot.qty_accepted += q["accepted"] + q["concession"]
        lot.qty_rejected += total - q["accepted"] - q["concession"]
        lot.qty_reworked += q["rework"]
    else:
        lot.qty_rework_pending -= total
    lot.qty_scrapped += q["scrap"]
    lot.qty_concession += q["concession"]
    lot.qty_rework_pending += q["rework"]
    lot.qty_usable += q["accepted"] + q["concession"]
    await session.flush()

    shown = terms(q, language)
    accepted_total = sum(x.qty_usable for x in lots)
    lines = [say("inspected", language, po=order.po, lot=lot.lot_no, terms=shown),
             say("inspected_order", language, accepted=accepted_total, ordered=order.quantity,
                 unit=_unit(order, language))]
    notices: list[Reply] = []
    data: dict[str, Any] = {"inspection_id": inspection.id, "lot_no": lot.lot_no, **q,
                            "order_accepted": accepted_total}
    if q["rejected"] or q["rework"]:
        ticket, notices = await _open_lot_defect(session, order, lot, inspection, q, milestone, actor, now)
        lines.append(say("exception_opened", language, id=ticket.id))
        data["exception_id"] = ticket.id
    if milestone is not None:
        _recorder(session, actor, now).progress(
            milestone, qty_done=min(accepted_total, order.quantity),
            percent=min(100.0, round(accepted_total * 100 / order.quantity, 1)) if order.quantity else 100.0)
    if accepted_total >= order.quantity:
        closing = await finish_accepted(session, order, actor, now)
        lines.append(closing.text)
        notices.extend(closing.notices)
        data["order_status"] = order.status
    return Outcome(True, "\n".join(lines), notices=notices, data=data)


async def _open_lot_defect(
    session: AsyncSession, order: Order, lot: Lot, inspection: Inspection, q: dict[str, int],
    milestone: Milestone | None, actor: Actor, now: datetime,
) -> tuple[ExceptionTicket, list[Reply]]:
    ladder = actor.ladder
    default = ladder.language
    ticket, _ = await ladder.open(
        session, order_id=order.id, kind=ExceptionKind.DEFECT.value, now=now,
        title=say("title_iqc", default, po=order.po, lot=lot.lot_no, terms=terms(q, default)),
        opened_by=actor.label, milestone_id=milestone.id if milestone else None, lot_id=lot.id,
        severity=Severity.HIGH.value, qty=q["rejected"] + q["rework"], dedupe_key=f"iqc:{inspection.id}",
        start_level=1,
    )
    supplier_name = await _supplier_name(session, order)
    notices = await supplier_notices(session, order, lambda lang: say(
        "supplier_iqc", lang, po=order.po, lot=lot.lot_no, terms=terms(q, lang), id=ticket.id), default)
    notices += await tell_staff(
        session, ladder, ticket, (BindingRole.BUYERS, BindingRole.QC), supplier_id=order.supplier_id, now=now,
        default_language=default,
        text_for=lambda lang: say("staff_iqc", lang, po=order.po, supplier=supplier_name, lot=lot.lot_no,
                                  terms=terms(q, lang), who=actor.label, id=ticket.id),
    )
    return ticket, [n for n in notices if actor.chat is None or n.chat.key != actor.chat.key]


# --- returns --------------------------------------------------------------------------------

async def return_goods(
    session: AsyncSession, order: Order, lot_no: str | None, qty: int, reason: str, actor: Actor, now: datetime,
) -> Outcome:
    """Rejected goods go back to the supplier; the quantity is expected again (a new lot)."""
    language = actor.language
    if (ended := ended_refusal(order, actor, "return")) is not None:
        return ended
    if qty <= 0:
        return Outcome.refused(say("qty_positive", language, qty=qty))
    lots = await lots_of(session, order)
    if lot_no:
        lot = lot_named(lots, lot_no)
    else:
        candidates = [x for x in lots if await returnable(session, x) > 0]
        lot = candidates[0] if len(candidates) == 1 else None
    if lot is None:
        return Outcome.refused(say("lot_unknown", language, po=order.po, lot=lot_no or "?", lots=_lot_list(lots)),
                               404)
    left = await returnable(session, lot)
    if qty > left:
        return Outcome.refused(say("return_too_many", language, lot=lot.lot_no, left=left,
                                   rejected=left + lot.qty_returned, returned=lot.qty_returned, qty=qty))
    record = LotReturn(order_id=order.id, lot_id=lot.id, qty=qty, returned_at=now, returned_by=actor.label[:120],
                       reason=reason, source=actor.source)
    session.add(record)
    lot.qty_returned += qty
    order.updated_at = now
    await session.flush()
    due = sum(x.qty_returned for x in lots)
    notices = await supplier_notices(session, order, lambda lang: say(
        "supplier_return", lang, po=order.po, lot=lot.lot_no, qty=qty, unit=_unit(order, lang),
        reason=(f"（{reason}）" if lang.startswith("zh") else f" ({reason})") if reason else ""),
        actor.ladder.language)
    return Outcome(True, say("returned", language, po=order.po, lot=lot.lot_no, qty=qty, unit=_unit(order, language),
                             due=due), notices=notices,
                   data={"return_id": record.id, "lot_no": lot.lot_no, "qty": qty, "returned_total": due})


async def returnable(session: AsyncSession, lot: Lot) -> int:
    """Rejected (neither reworked, scrapped nor taken by concession) and not yet sent back."""
    rejected = await session.scalar(
        select(func.coalesce(func.sum(Inspection.qty_inspected - Inspection.qty_accepted
                                      - func.coalesce(Inspection.qty_rework, 0) - func.coalesce(Inspection.qty_scrap, 0)
                                      - func.coalesce(Inspection.qty_concession, 0)), 0))
        .where(Inspection.lot_id == lot.id, Inspection.stage == "incoming"))
    return max(0, int(rejected or 0) - lot.qty_returned)


async def returned_quantity(session: AsyncSession, order_id: int) -> int:
    """What went back to the supplier and must be delivered again."""
    return int(await session.scalar(
        select(func.coalesce(func.sum(Lot.qty_returned), 0)).where(Lot.order_id == order_id)) or 0)


# --- the order closing ------------------------------------------------------------------------

async def finish_accepted(session: AsyncSession, order: Order, actor: Actor, now: datetime) -> Outcome:
    """Enough is accepted: the `received` node is done, the order accepted, escalation over."""
    recorder = _recorder(session, actor, now)
    for milestone in order.milestones:
        if milestone.status not in (MilestoneStatus.DONE.value, MilestoneStatus.SKIPPED.value):
            recorder.complete(milestone, order, "accepted" if milestone.node == "received" else "implied by received")
    return await end_order(session, order, OrderStatus.ACCEPTED, "", actor, now)


async def end_order(
    session: AsyncSession, order: Order, status: OrderStatus, reason: str, actor: Actor, now: datetime,
) -> Outcome:
    """Accepted, closed short or cancelled: the order's open exceptions close, the supplier is told."""
    old = order.status
    order.status = status.value
    order.updated_at = now
    if status == OrderStatus.ACCEPTED:
        order.accepted_at = now
    record_order_change(session, order, "status", old, status.value, reason, actor, now)
    await close_open_exceptions(session, order, actor, now)
    accepted = int(await session.scalar(
        select(func.coalesce(func.sum(Lot.qty_usable), 0)).where(Lot.order_id == order.id)) or 0)
    key = {OrderStatus.ACCEPTED: "accepted", OrderStatus.CLOSED: "short", OrderStatus.CANCELLED: "cancelled"}[status]
    values = dict(po=order.po, qty=order.quantity, accepted=accepted, reason=reason)
    notices = await supplier_notices(session, order, lambda lang: say(
        f"supplier_{key}", lang, unit=_unit(order, lang), **values), actor.ladder.language)
    own = {"accepted": "closed_accepted", "short": "closed_short", "cancelled": "cancelled"}[key]
    await session.flush()
    return Outcome(True, say(own, actor.language, unit=_unit(order, actor.language), **values), status=200,
                   notices=notices, data={"po": order.po, "status": order.status, "qty_accepted": accepted})


def record_order_change(
    session: AsyncSession, order: Order, field: str, old: object, new: object, reason: str, actor: Actor,
    now: datetime,
) -> None:
    """One row of the order's own history (quantity, due date, priority, status): who, when, why."""
    session.add(OrderChange(
        order_id=order.id, at=now, actor=actor.label[:120], actor_person_id=actor.person_id, field=field,
        old_value=None if old is None else str(old)[:120], new_value=None if new is None else str(new)[:120],
        reason=reason, source=actor.source,
    ))


async def close_open_exceptions(session: AsyncSession, order: Order, actor: Actor, now: datetime) -> int:
    closed = await actor.ladder.close_for_order(session, order.id, by=actor.label, now=now,
                                                note=say("close_note", actor.ladder.language))
    return len(closed)


# --- shared ---------------------------------------------------------------------------------

async def supplier_notices(session: AsyncSession, order: Order, text_for: Any, default: str) -> list[Reply]:
    """One message to each chat of the order's supplier, in that chat's language."""
    bindings = list((await session.execute(
        select(ChatBinding).where(ChatBinding.role == BindingRole.SUPPLIER.value,
                                  ChatBinding.supplier_id == order.supplier_id).order_by(ChatBinding.id)
    )).scalars())
    return [Reply(chat=binding_chat(b), text=text_for(binding_language(b, default)))
            for b in bindings]


async def queue_notices(session: AsyncSession, outcome: Outcome, key: str, now: datetime) -> None:
    """For the REST API and the page: put the notices in the outbox (chat replies go by the pipeline)."""
    for index, reply in enumerate(outcome.notices):
        await outbox.enqueue(session, f"{key}:{index}:{reply.chat.key}", reply, now=now)


def confirm_buttons(payload: str, language: str) -> tuple[tuple[Button, ...], ...]:
    zh = language.startswith("zh")
    return ((Button("✔ 确认登记" if zh else "✔ Record it", payload),
             Button("✘ 取消" if zh else "✘ Cancel", CANCEL_RECEIPT)),)


def _node(order: Order, node: str) -> Milestone | None:
    return next((m for m in order.milestones if m.node == node), None)


def _recorder(session: AsyncSession, actor: Actor, now: datetime) -> Recorder:
    return Recorder(session, actor.label, actor.person_id, now, None, source=actor.source)


async def _supplier_name(session: AsyncSession, order: Order) -> str:
    return str(await session.scalar(select(Supplier.name).where(Supplier.id == order.supplier_id)))


async def _order_with_plan(session: AsyncSession, order_id: int) -> Order:
    return (await session.execute(
        select(Order).where(Order.id == order_id)
        .options(selectinload(Order.supplier), selectinload(Order.buyer), selectinload(Order.milestones))
    )).scalar_one()
