"""The supplier's side of the conversation: from one message (text, photos, a button) to
the report it records and the reply that confirms it.

Order of reading: photos are stored first (an album item simply joins its album); then
a button; then the question the bot is waiting on, if the message answers it; then the
text itself. Every report is looked up only among the speaker's supplier's orders.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy.ext.asyncio import AsyncSession

from bot import payloads
from bot.payloads import Prefix
from bot.ports import Button, InboundMessage, Reply
from handlers import clarify, confirm_first
from handlers.attachments import keep_attachments, place_attachment
from handlers.confirm_first import Fact
from handlers.context import HandlerContext
from handlers.conversation_state import forget, live_or_expired
from handlers.correction import correct_last
from handlers.defects import report_defect
from handlers.identity import Speaker
from handlers.inspections import INSPECTION, Answer, ask_for_values, read_answer, record_answer
from handlers.intents import Intent
from handlers.learned_phrasing import confirmed_before
from handlers.materials import says_material_received
from handlers.orders_lookup import (
    count_open_orders,
    current_milestone,
    find_order,
    inspection_milestone,
    milestone_for_supplier,
    open_orders,
    order_by_id,
)
from handlers.parsing import Reading, read_message
from handlers.photos import join_album, report_photos, store_photos, unplaced_album_photos
from handlers.reading_checks import Verdict, check
from handlers.shipments import report_shipment
from handlers.shortages import report_shortage
from handlers.snooze import snooze_prompts
from handlers.supplier_reports import report_delay, report_plan, report_progress
from handlers.turn import Turn
from handlers.undo import last_report_order, undo_last
from storage.models import ConversationState, Milestone, MilestoneStatus, NodeCode, Order
from storage.prompts import mark_prompts_answered

ORDER_INTENTS = frozenset({Intent.PROGRESS, Intent.DELAY, Intent.SHIPMENT, Intent.DEFECT, Intent.INSPECTION_VALUES,
                           Intent.CLARIFY, Intent.PHOTO, Intent.PLAN, Intent.SHORTAGE})
QUESTIONS = frozenset({Intent.CLARIFY, Intent.PHOTO})  # asked or stored as they are: nothing to check
SUMMARY_INTENTS = frozenset({Intent.STATUS_QUERY, Intent.ORDERS_QUERY, Intent.TODAY_QUERY, Intent.OVERDUE_QUERY})


async def handle_supplier(session: AsyncSession, message: InboundMessage, speaker: Speaker,
                          ctx: HandlerContext, *, heard: bool = False) -> list[Reply]:
    """`heard`: the text is a voice transcript, so whatever it would write is shown first."""
    turn = Turn(session, message, speaker, ctx, heard=heard)
    replies = [turn.reply(issue.message(turn.language)) for issue in ctx.photo_issues]
    if ctx.photos:
        turn.photo_ids = await store_photos(turn)
        if await join_album(turn):
            return replies
    if message.button_payload:
        return replies + await _button(turn, message.button_payload)
    if ctx.attachments:
        return replies + await keep_attachments(turn)
    if message.attachments and not ctx.photos:
        return replies  # a document we could not take: the issue above says why
    text = message.text.strip()
    state, expired = await live_or_expired(session, message, ctx.now)
    notice = confirm_first.expired_notice(turn, expired)
    inherited_po = None
    if state is not None and text and confirm_first.is_confirm(state):
        choice = confirm_first.typed_choice(text)
        if choice is not None:
            return replies + await _confirm_answer(turn, state, choice)
        notice = confirm_first.expired_notice(turn, dict(state.payload), dropped=True)
        await forget(session, message)
    elif state is not None and text:
        answered, inherited_po = await _answer_state(turn, state, text)
        if answered is not None:
            return replies + answered
    if not text:
        if turn.photo_ids:
            return replies + await _photos_only(turn, state)
        return replies or [turn.reply(turn.say("welcome"))]
    reading = _reread(read_message(text, speaker.role, ctx.now, ctx.timezone), text)
    if reading.node == NodeCode.RECEIVED.value and says_material_received(text):
        reading = replace(reading, node=NodeCode.MATERIAL_READY.value)  # 料收到了: the material issued to them
    turn.said = reading
    if reading.po is None and inherited_po and reading.intent in ORDER_INTENTS:
        reading = replace(reading, po=inherited_po)
    answer = await dispatch(turn, reading)
    if notice:
        answer = merged(turn, [turn.reply(notice), *answer])
    return replies + answer


def _reread(reading: Reading, text: str) -> Reading:
    """Measured values the reader takes for something else (`PO-1001 50.02 2.01 OK`)."""
    if reading.intent not in ("clarify", "unknown") or reading.question not in (None, "percent_or_quantity"):
        return reading
    answer = read_answer(text, reading.po)
    if answer is None or len(answer.numbers) + len(answer.verdicts) < 2:
        return reading
    if not answer.verdicts and not any(not n.is_integer() for n in answer.numbers):
        return reading
    return Reading("inspection_values", po=reading.po, values=answer.numbers,
                   note=" ".join("OK" if v else "NG" for v in answer.verdicts) or None)


HEARD_ACTS = frozenset({"undo", "correct", "snooze"})  # no fact of an order, but they change the record


async def dispatch(turn: Turn, reading: Reading) -> list[Reply]:
    intent = reading.intent
    if turn.heard and intent in HEARD_ACTS:
        return [await confirm_first.ask_act(turn, reading, confirm_first.heard_what(turn, reading),
                                            confirm_first.heard(turn, reading))]
    if intent == "clarify" and reading.question == "which_order":
        return [turn.reply(turn.say("one_order_per_message"))]
    if intent in ORDER_INTENTS:
        return await _facts(turn, reading)
    if intent == "undo":
        return await _undo_then(turn, reading)
    if intent == "correct":
        return merged(turn, await correct_last(turn, reading, dispatch))
    if intent == "snooze":
        return await snooze_prompts(turn, reading)
    if turn.photo_ids:
        return await dispatch(turn, Reading("photo", po=reading.po))
    if intent == "noted":
        await mark_prompts_answered(turn.session, turn.supplier_id, turn.ctx.now)
        return [turn.reply(turn.say("noted"))]
    if intent == "help":
        return [turn.reply(turn.say("welcome"))]
    if intent in SUMMARY_INTENTS:
        return await _summary(turn, reading.po)
    return [turn.reply(turn.say("unknown"))]


async def _undo_then(turn: Turn, reading: Reading) -> list[Reply]:
    """The last report taken back, then the facts sent with the undo (`刚才那条撤回 终检还没做完`), each on its own
    order or, naming none, on the order of the report taken back: one message, one reply."""
    po = await last_report_order(turn, reading.po) if reading.also else None
    replies = await undo_last(turn, reading.po)
    if not reading.also:
        return replies
    first, *rest = (replace(fact, po=fact.po or po, also=None) for fact in reading.also)
    if first.po is None:
        return replies  # nothing was taken back, and the fact names no order: it is not guessed
    return merged(turn, replies + await dispatch(turn, replace(first, also=tuple(rest) or None)))


async def _facts(turn: Turn, reading: Reading) -> list[Reply]:
    """Each fact of the message on its own order: the sure ones recorded, the unsure ones shown
    for ✔ / ✘ together, all in one reply. A fact without a PO is on the message's order."""
    if await _confirmed_before(turn, reading):
        reading = replace(reading, confirm=None, also=tuple(replace(p, confirm=None) for p in reading.also or ()) or None)
    # the reader's doubt is about the message, so it holds for every fact read from it
    # (`unchanged` rather than `replace` where nothing changes: a Reading has ~30 fields to copy)
    parts = [unchanged(reading, also=None),
             *(replace(p, po=p.po or reading.po, also=None, confirm=p.confirm or reading.confirm)
               for p in reading.also or ())]
    notes: list[Reply] = []
    facts: list[Fact] = []
    for index, part in enumerate(parts):
        if part.intent not in ORDER_INTENTS:
            continue
        lookup = await find_order(turn.session, turn.supplier_id, part.po)
        if lookup.missing_po is not None:
            notes.append(turn.reply(turn.say("order_not_found", po=lookup.missing_po)))
            continue
        if lookup.none_open:
            return [turn.reply(turn.say("no_open_orders"))]
        if lookup.order is None:
            return await clarify.ask_which_order(turn, reading, lookup.candidates)
        facts.append(Fact(lookup.order, unchanged(part, po=lookup.order.po_key), picked=part.po is None,
                          index=index))
    sure: list[Fact] = []
    unsure: list[tuple[Fact, Verdict]] = []
    for fact in facts:
        verdict = Verdict() if fact.reading.intent in QUESTIONS else \
            await check(turn, fact.order, fact.reading, picked=fact.picked)
        if turn.heard and fact.reading.intent not in QUESTIONS:
            unsure.append((fact, verdict))  # a transcript is a guess: every fact it holds is shown first
        elif verdict.sure:
            sure.append(fact)
        else:
            unsure.append((fact, verdict))
    out = list(notes)
    for fact in sure:
        out.extend(await record(turn, fact.order, fact.reading))
    if unsure:
        heading = confirm_first.heard(turn, reading) if turn.heard else ""
        out.append(await confirm_first.ask(turn, unsure, reading, heading))
    return merged(turn, out)


async def _confirmed_before(turn: Turn, reading: Reading) -> bool:
    """Whether the reader doubts words this supplier has already confirmed, read this way, often enough to settle
    the doubt (handlers/learned_phrasing.py). A transcript is always shown first, so it is never settled here."""
    doubted = reading.confirm or any(part.confirm for part in reading.also or ())
    if not doubted or turn.heard or turn.supplier_id is None or not turn.message.text:
        return False
    return await confirmed_before(turn.session, turn.supplier_id, turn.message.text, reading.to_json_dict())


async def record(turn: Turn, order: Order, reading: Reading) -> list[Reply]:
    """Write one fact that needs no more asking; its report keeps the reading."""
    turn.reading = unchanged(reading, confirm=None, also=None) if reading.intent not in QUESTIONS else None
    try:
        return await with_order(turn, order, reading)
    finally:
        turn.reading = None


def unchanged(reading: Reading, **values: object) -> Reading:
    """`replace(reading, **values)`, or `reading` itself when it already has those values (it is frozen)."""
    if all(getattr(reading, name) == value for name, value in values.items()):
        return reading
    return replace(reading, **values)  # type: ignore[arg-type]


def merged(turn: Turn, replies: list[Reply]) -> list[Reply]:
    """One reply to the sender for the whole message: the lines of each answer in order, the
    undo hint once (after the last record), the buttons of the one that has them."""
    mine = [i for i, r in enumerate(replies) if r.chat == turn.message.chat]
    if len(mine) <= 1:
        return replies
    hint = turn.say("undo_hint")
    last_hint = max((i for i in mine if hint in replies[i].text.split("\n")), default=None)
    lines: list[str] = []
    buttons: tuple = ()
    for i in mine:
        lines.extend(line for line in replies[i].text.split("\n") if line != hint or i == last_hint)
        buttons = replies[i].buttons or buttons
    first = turn.reply("\n".join(lines), buttons)
    others = [r for i, r in enumerate(replies) if i not in mine]
    return [first, *others]


async def with_order(turn: Turn, order: Order, reading: Reading) -> list[Reply]:
    intent = reading.intent
    if intent == "progress":
        return await report_progress(turn, order, reading)
    if intent == "delay":
        return await report_delay(turn, order, reading)
    if intent == "shipment":
        return await report_shipment(turn, order, reading)
    if intent == "defect":
        return await report_defect(turn, order, reading)
    if intent == "plan":
        return await report_plan(turn, order, reading)
    if intent == "shortage":
        return await report_shortage(turn, order, reading)
    if intent == "inspection_values":
        return await _inspection(turn, order, reading)
    if intent == "photo":
        return await report_photos(turn, order)
    question = reading.question
    if question == "which_node":
        return await clarify.ask_which_node(turn, reading, order)
    if question == "percent_or_quantity":
        return await clarify.ask_percent_or_quantity(turn, reading)
    if question == "is_delay":
        return await clarify.ask_is_delay(turn, reading, order)
    return await clarify.ask_what_update(turn, reading, order)


async def _inspection(turn: Turn, order: Order, reading: Reading) -> list[Reply]:
    milestone = inspection_milestone(order) or current_milestone(order)
    verdicts = tuple(word == "OK" for word in (reading.note or "").split())
    if reading.values or verdicts:
        return await record_answer(turn, order, milestone, Answer(reading.values or (), verdicts))
    photo_reports: tuple[int, ...] = ()
    if turn.photo_ids:
        report = await turn.new_report(order, milestone, "photo", details={"count": len(turn.photo_ids)})
        photo_reports = (await turn.report_number(report),)  # kept in the question's payload: a plain value
    return await ask_for_values(turn, order, milestone, photo_reports)


async def _answer_state(turn: Turn, state: ConversationState, text: str) -> tuple[list[Reply] | None, str | None]:
    """Replies when the text answers the pending question; else None and the PO it was about."""
    if state.kind == INSPECTION:
        order = await order_by_id(turn.session, state.payload.get("order_id", 0), turn.supplier_id)
        answer = read_answer(text, order.po_key if order else None) if order else None
        if order is None or answer is None:
            return None, order.po_key if order else None
        milestone = _milestone(order, state.payload.get("milestone_id"))
        return await record_answer(turn, order, milestone, answer, dict(state.payload)), None
    await forget(turn.session, turn.message)
    outcome = await clarify.answer_text(turn.session, turn, state, text)
    if outcome is None:
        stored = (state.payload.get("reading") or {}).get("po")
        return None, stored
    await clarify.learn_from_answer(turn, state, outcome)
    return await _resolve(turn, outcome), None


async def _resolve(turn: Turn, outcome: clarify.Outcome) -> list[Reply]:
    if outcome.reading is None:
        return outcome.replies
    turn.photo_ids = list(dict.fromkeys(
        [*outcome.photo_ids, *await unplaced_album_photos(turn, outcome.album_id), *turn.photo_ids]))
    return await dispatch(turn, outcome.reading)


async def _confirm_answer(turn: Turn, state: ConversationState, choice: str) -> list[Reply]:
    return merged(turn, await confirm_first.answer(
        turn, state, choice, lambda order, reading: record(turn, order, reading),
        lambda reading: dispatch(turn, reading)))


async def _button(turn: Turn, payload: str) -> list[Reply]:
    if payloads.is_greeting(payload):
        return [turn.reply(turn.say("welcome"))]
    kind, _, rest = payload.partition(":")
    if kind == Prefix.CLARIFY:
        state_id, _, choice = rest.partition(":")
        state, expired = await live_or_expired(turn.session, turn.message, turn.ctx.now)
        if state is None or state.kind != clarify.CLARIFY or str(state.id) != state_id:
            late = expired if expired and str(expired.get("id")) == state_id else None
            return [turn.reply(confirm_first.expired_notice(turn, late) or turn.say("clarify_expired"))]
        if confirm_first.is_confirm(state):
            return await _confirm_answer(turn, state, choice)
        await forget(turn.session, turn.message)
        outcome = await clarify.answer_button(turn.session, turn, state, choice)
        await clarify.learn_from_answer(turn, state, outcome)
        return await _resolve(turn, outcome)
    if kind == Prefix.PROMPT:
        return await _prompt_button(turn, rest)
    if kind == "f":
        return await place_attachment(turn, rest)
    if kind == Prefix.ORDERS:
        return await _summary(turn, None, int(rest) if rest.isdigit() else 0)
    return [turn.reply(turn.say("unknown"))]


async def _prompt_button(turn: Turn, rest: str) -> list[Reply]:
    """`p:<milestone id>:done|delay|pct<N>` from a scheduled prompt."""
    milestone_id, _, action = rest.partition(":")
    milestone = await milestone_for_supplier(turn.session, int(milestone_id), turn.supplier_id) \
        if milestone_id.isdigit() else None
    order = await order_by_id(turn.session, milestone.order_id, turn.supplier_id) if milestone else None
    if milestone is None or order is None:
        return [turn.reply(turn.say("milestone_not_found"))]
    milestone = _milestone(order, milestone.id) or milestone
    if action == "done":
        return await report_progress(turn, order, Reading("progress", po=order.po_key, node=milestone.node, done=True))
    if action.startswith("pct") and action[3:].isdigit() and 0 <= int(action[3:]) <= 100:
        return await report_progress(turn, order, Reading("progress", po=order.po_key, node=milestone.node,
                                                          percent=int(action[3:])))
    if action == "delay" and milestone.status == MilestoneStatus.DONE.value:
        return [turn.reply(turn.say("node_already_done", po=order.po, node=turn.node(milestone)))]
    if action == "delay":
        return await clarify.ask_delay_date(turn, order, milestone, None)
    return [turn.reply(turn.say("unknown"))]


def _milestone(order: Order, milestone_id: int | None) -> Milestone | None:
    return next((m for m in order.milestones if m.id == milestone_id), None)


async def _photos_only(turn: Turn, state: ConversationState | None) -> list[Reply]:
    if state is not None and confirm_first.is_confirm(state):  # they go with the reading once it is confirmed
        state.payload = {**state.payload, "photos": [*state.payload.get("photos", []), *turn.photo_ids]}
        return [turn.reply(turn.say("photos_wait_confirm", n=len(turn.photo_ids)))]
    if state is not None and state.kind == INSPECTION:
        order = await order_by_id(turn.session, state.payload.get("order_id", 0), turn.supplier_id)
        if order is not None:
            milestone = _milestone(order, state.payload.get("milestone_id"))
            reports = list(state.payload.get("photo_reports", []))
            replies = await report_photos(turn, order, milestone, reports)
            state.payload = {**state.payload, "photo_reports": [*reports, await turn.report_id(turn.reports[-1])]}
            return replies
    return await dispatch(turn, Reading("photo"))


SUMMARY_LINES = 15  # open orders in one chat list; the rest a page at a time ("More")


async def _summary(turn: Turn, po: str | None, offset: int = 0) -> list[Reply]:
    """The supplier's open orders, a page at a time: the first fifteen, soonest due first, then
    how many more and a button for the next page. Read with LIMIT and a count, so a supplier
    with a hundred thousand open orders costs what one with fifteen does."""
    total: int | None = None
    if po:
        lookup = await find_order(turn.session, turn.supplier_id, po)
        if lookup.order is None:
            return [turn.reply(turn.say("order_not_found", po=lookup.missing_po or po))]
        orders = [lookup.order]
    else:
        orders = await open_orders(turn.session, turn.supplier_id, limit=SUMMARY_LINES, offset=offset)
        if offset or len(orders) == SUMMARY_LINES:
            total = await count_open_orders(turn.session, turn.supplier_id)
    if not orders:
        return [turn.reply(turn.say("no_open_orders"))]
    paged = total is not None and (offset > 0 or total > len(orders))
    lines = [turn.say("orders_header_page", first=offset + 1, last=offset + len(orders), total=total)
             if paged else turn.say("orders_header")]
    for order in orders[:SUMMARY_LINES]:
        milestone = current_milestone(order)
        if milestone is None:
            lines.append(turn.say("orders_line_done", po=order.po))
        else:
            lines.append(turn.say("orders_line", po=order.po, node=turn.node(milestone),
                                  date=milestone.planned_date.strftime("%m-%d")))
    rest = (total or 0) - offset - len(orders)
    if rest <= 0:
        return [turn.reply("\n".join(lines))]
    lines.append(turn.say("orders_more", n=rest))
    more = Button(turn.say("button_more_orders"), payloads.button(Prefix.ORDERS, offset + len(orders)))
    return [turn.reply("\n".join(lines), ((more,),))]
