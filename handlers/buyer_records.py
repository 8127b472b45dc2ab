"""The chat door to the buyer's half of an order: a staff message read by
`buyer_records_reading` becomes a receipt, an inspection, a return, a close or a change,
checked against who may do it and which orders this chat may see."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import InboundMessage, Reply
from handlers.access import Act, may, scope_for
from handlers.buyer_records_reading import (
    CANCEL,
    CHANGE,
    CHANGE_HELP,
    CLOSE_SHORT,
    INSPECTION,
    MATERIAL,
    RECEIPT,
    RETURN,
    BuyerRecord,
)
from handlers.context import HandlerContext
from handlers.identity import Speaker
from handlers.materials import issue_material
from handlers.order_changes import Change, cancel, change_order, close_short
from handlers.receiving import (
    CANCEL_RECEIPT,
    Actor,
    Outcome,
    confirm_buttons,
    confirm_receipt,
    inspect_lot,
    receive,
    return_goods,
)
from handlers.storable import storable
from handlers.texts.buyer import say as say_buyer
from handlers.texts.receiving import say
from storage.models import Lot
from storage.order_queries import find_order

# what each record changes, in the one vocabulary of rights (handlers.access.MAY)
RECORD_ACTS: dict[str, Act] = {RECEIPT: Act.RECEIVE, INSPECTION: Act.INSPECT, RETURN: Act.RETURN_GOODS,
                               CLOSE_SHORT: Act.CLOSE_ORDER, CANCEL: Act.CLOSE_ORDER, CHANGE: Act.CHANGE_ORDER,
                               CHANGE_HELP: Act.CHANGE_ORDER, MATERIAL: Act.ISSUE_MATERIAL}
_WHAT = {RECEIPT: "receipt", INSPECTION: "inspection", RETURN: "return", CLOSE_SHORT: "close", CANCEL: "close",
         CHANGE: "change", CHANGE_HELP: "change", MATERIAL: "material"}


def act_of_record(record: BuyerRecord) -> Act:
    return RECORD_ACTS.get(record.kind, Act.CHANGE_ORDER)


def actor_of(speaker: Speaker, message: InboundMessage, ctx: HandlerContext) -> Actor:
    return Actor(label=storable(speaker.label, 120), person_id=speaker.person.id if speaker.person else None,
                 language=speaker.language, source="chat", ladder=ctx.ladder, chat=message.chat)


def _answer(message: InboundMessage, outcome: Outcome) -> list[Reply]:
    buttons = confirm_buttons(outcome.confirm, message_language(outcome)) if outcome.confirm else ()
    first = Reply(chat=message.chat, text=outcome.text, buttons=buttons, reply_to_external_id=message.external_id)
    return [first, *outcome.notices]


def message_language(outcome: Outcome) -> str:
    return str(outcome.data.get("language", "zh"))


async def handle_buyer_record(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, record: BuyerRecord, ctx: HandlerContext,
) -> list[Reply]:
    language = speaker.language
    what = _WHAT.get(record.kind, "change")
    if not may(speaker, act_of_record(record)):
        return _answer(message, Outcome.refused(say("denied.role", language, what=say(f"what.{what}", language))))
    if record.kind == MATERIAL and record.problem is not None:
        return _answer(message, Outcome.refused(say("material_help", language, po=f"PO-{record.po}")))
    if record.kind == CHANGE_HELP or record.problem is not None:
        return _answer(message, Outcome.refused(say("change_help", language)))
    scope = scope_for(speaker, message)
    if not scope.allowed:
        return _answer(message, Outcome.refused(say_buyer(f"denied.{scope.denied}", language)))
    order = await find_order(session, record.po)
    if order is None or not scope.sees(order.supplier_id):
        return _answer(message, Outcome.refused(say("not_found", language, po=record.po), 404))
    actor = actor_of(speaker, message, ctx)
    now = ctx.now
    match record.kind:
        case "receipt":
            outcome = await receive(session, order, record.lot, record.qty or 0, actor, now)
        case "inspection":
            outcome = await inspect_lot(session, order, record.lot, record.quantities, actor, now)
        case "return":
            outcome = await return_goods(session, order, record.lot, record.qty or 0, record.reason, actor, now)
        case "close_short":
            outcome = await close_short(session, order, record.reason, actor, now)
        case "cancel":
            outcome = await cancel(session, order, record.reason, actor, now)
        case "material":
            outcome = await issue_material(session, order, kind=record.material_kind, material=record.material,
                                           batch=record.batch, qty=record.amount or 0, unit=record.unit,
                                           lot_no=record.lot, actor=actor, now=now)
        case _:
            accepted = int(await session.scalar(
                select(func.coalesce(func.sum(Lot.qty_usable), 0)).where(Lot.order_id == order.id)) or 0)
            outcome = await change_order(session, order, Change(
                quantity=record.quantity, due_date=record.due_date, priority=record.priority, nodes=record.nodes,
                reason=record.reason), actor, now, accepted=accepted)
    outcome.data["language"] = language
    return _answer(message, outcome)


async def handle_receipt_button(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, payload: str, ctx: HandlerContext,
) -> list[Reply]:
    """✔ / ✘ under "more than shipped — record it?"."""
    language = speaker.language
    if not may(speaker, Act.RECEIVE):
        return _answer(message, Outcome.refused(say("denied.role", language, what=say("what.receipt", language))))
    if payload == CANCEL_RECEIPT:
        return _answer(message, Outcome.refused(say("over_cancelled", language)))
    scope = scope_for(speaker, message)
    outcome = await confirm_receipt(session, payload, actor_of(speaker, message, ctx), ctx.now, may_see=scope.sees)
    outcome.data["language"] = language
    return _answer(message, outcome)
