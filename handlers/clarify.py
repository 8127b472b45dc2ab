"""Asking one short question when a report is unclear, and reading the answer.

The bot never guesses: two open orders and no PO, a bare number, a node it cannot tell.
It asks once, with buttons (`c:<state id>:<choice>`), and keeps the half-read report in
the sender's conversation state. The answer — a button or a typed reply — completes the
report, which the caller then records as if it had been said in one message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import payloads
from bot.payloads import Prefix
from bot.ports import Button, Reply
from handlers.conversation_state import reading_from_json, remember
from handlers.dates import find_dates
from handlers.intents import Intent
from handlers.labelled_examples import learn
from handlers.orders_lookup import FINISHED, current_milestone, display_po, order_by_id, order_for_po
from handlers.parsing import NODES, Reading, normalize_po, read_message
from handlers.turn import Turn
from storage.models import ConversationState, Milestone, Order

CLARIFY = "clarify"
MAX_ORDER_BUTTONS = 6
DELAY_STEPS = (1, 3, 7)
_PERCENT_WORDS = re.compile(r"%|％|百分|percent|pct", re.IGNORECASE)
_QTY_WORDS = re.compile(r"件|个|只|套|pcs|pc|数量|qty|quantity|pieces", re.IGNORECASE)
_ALL_WORDS = re.compile(r"全部|都|所有|剩下|(?<![a-z])all(?![a-z])|rest", re.IGNORECASE)
_INDEX = re.compile(r"^\s*(\d{1,2})\s*$")
MEANING_QUESTIONS = frozenset({"percent_or_quantity", "which_node", "is_delay"})


@dataclass
class Outcome:
    """What an answer amounts to: a completed reading to record, or replies to send as they are."""

    reading: Reading | None = None
    replies: list[Reply] = field(default_factory=list)
    photo_ids: list[int] = field(default_factory=list)
    album_id: str | None = None


def _button(state: ConversationState, choice: str, label: str) -> Button:
    return Button(label[:60], payloads.button(Prefix.CLARIFY, state.id, choice))


def _rows(buttons: list[Button], per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    return tuple(tuple(buttons[i:i + per_row]) for i in range(0, len(buttons), per_row))


async def _remember(turn: Turn, question: str, reading: Reading | None, **extra: Any) -> ConversationState:
    payload: dict[str, Any] = {"q": question, "reading": reading.to_json_dict() if reading else None,
                               "photos": list(turn.photo_ids), "album": turn.message.album_id, **extra}
    if turn.said is not None and turn.message.text.strip():
        payload.update(said=turn.said.to_json_dict(), text=turn.message.text[:2000], role=turn.speaker.role,
                       sent_at=turn.message.sent_at.isoformat())
    return await remember(turn.session, turn.message, CLARIFY, payload, turn.ctx.now)


async def ask_which_order(turn: Turn, reading: Reading, candidates: tuple[Order, ...]) -> list[Reply]:
    shown = candidates[:MAX_ORDER_BUTTONS]
    state = await _remember(turn, "which_order", reading, orders=[o.id for o in shown])
    key = "ask_which_order_photo" if reading.intent == Intent.PHOTO else "ask_which_order"
    buttons = [_button(state, f"o{o.id}", o.po) for o in shown]
    return [turn.reply(turn.say(key), _rows(buttons))]


async def ask_which_node(turn: Turn, reading: Reading, order: Order | None) -> list[Reply]:
    if order is not None:
        codes = list(dict.fromkeys(m.node for m in order.milestones if m.status not in FINISHED))
    else:
        codes = list(NODES)
    codes = [c for c in codes if c != "received"] or list(NODES[:-1])
    state = await _remember(turn, "which_node", reading)
    buttons = [_button(state, f"n{NODES.index(c)}", turn.node(c)) for c in codes if c in NODES]
    po = display_po(reading.po) if reading.po else ""
    return [turn.reply(turn.say("ask_which_node", po=po).strip(), _rows(buttons, 3))]


async def ask_percent_or_quantity(turn: Turn, reading: Reading) -> list[Reply]:
    number = reading.number
    state = await _remember(turn, "percent_or_quantity", reading)
    shown = f"{number:g}" if isinstance(number, float) else str(number)
    buttons = [_button(state, "pct", turn.say("button_percent", number=shown)),
               _button(state, "qty", turn.say("button_qty", number=shown))]
    return [turn.reply(turn.say("ask_percent_or_qty", number=shown), (tuple(buttons),))]


async def ask_what_update(turn: Turn, reading: Reading, order: Order) -> list[Reply]:
    milestone = current_milestone(order)
    state = await _remember(turn, "what_update", reading, node=milestone.node if milestone else None)
    buttons = []
    if milestone is not None:
        buttons.append(_button(state, "done", turn.say("button_done", node=turn.node(milestone))))
    buttons.append(_button(state, "delay", turn.say("button_delay")))
    return [turn.reply(turn.say("ask_what_update", po=order.po), (tuple(buttons),))]


async def ask_is_delay(turn: Turn, reading: Reading, order: Order) -> list[Reply]:
    state = await _remember(turn, "is_delay", reading)
    buttons = (_button(state, "delay", turn.say("button_will_delay")), _button(state, "ok", turn.say("button_no_delay")))
    return [turn.reply(turn.say("ask_is_delay", po=order.po, reason=reading.reason or ""), (buttons,))]


async def ask_delay_date(turn: Turn, order: Order, milestone: Milestone, reason: str | None) -> list[Reply]:
    reading = Reading(Intent.DELAY, po=order.po_key, node=milestone.node, reason=reason)
    state = await _remember(turn, "delay_date", reading)
    buttons = tuple(_button(state, f"d{n}", turn.say("plus_days", n=n)) for n in DELAY_STEPS)
    return [turn.reply(turn.say("ask_delay_date", po=order.po, node=turn.node(milestone)), (buttons,))]


async def ask_ship_qty(turn: Turn, order: Order, reading: Reading, remaining: int) -> list[Reply]:
    state = await _remember(turn, "ship_qty", replace(reading, po=order.po_key))
    buttons = (_button(state, "all", turn.say("ship_all_button", left=remaining)),)
    return [turn.reply(turn.say("ask_ship_qty", po=order.po), (buttons,))]


async def learn_from_answer(turn: Turn, state: ConversationState, outcome: Outcome) -> None:
    """Keep the answered question as a labelled example of reading the message it was about.

    Where the answer says what the words meant (percent or pieces? which node? a delay?),
    the answer is the right reading; where it only adds what the words did not carry
    (which order, which date, how many shipped), the words were read right as they were."""
    said = state.payload.get("said")
    if outcome.reading is None or not said or not state.payload.get("text"):
        return
    right = {key: value for key, value in said.items() if key != "confirm"}  # how sure the reader was is no label
    if state.payload.get("q") in MEANING_QUESTIONS:
        right = replace(outcome.reading, po=said.get("po"), confirm=None, also=None).to_json_dict()
    await learn(turn, text=state.payload["text"], role=state.payload.get("role", "supplier"),
                sent_at=state.payload.get("sent_at"), source="clarified", shown=said, right=right)


def _stored(state: ConversationState) -> Reading:
    data = state.payload.get("reading")
    return reading_from_json(data) if data else Reading(Intent.UNKNOWN)


def _outcome(state: ConversationState, reading: Reading) -> Outcome:
    return Outcome(reading=reading, photo_ids=list(state.payload.get("photos") or []),
                   album_id=state.payload.get("album"))


async def answer_button(session: AsyncSession, turn: Turn, state: ConversationState, choice: str) -> Outcome:
    """A clicked answer; an unknown choice counts as an expired question."""
    question, stored = state.payload.get("q"), _stored(state)
    if question == "which_order" and choice.startswith("o") and choice[1:].isdigit():
        order_id = int(choice[1:])
        if order_id in state.payload.get("orders", []):
            return await _with_order(session, turn, state, stored, order_id)
    if question == "which_node" and choice.startswith("n") and choice[1:].isdigit():
        index = int(choice[1:])
        if index < len(NODES):
            return _outcome(state, Reading(Intent.PROGRESS, po=stored.po, node=NODES[index], done=True))
    if question == "percent_or_quantity" and choice in ("pct", "qty") and stored.number is not None:
        return _outcome(state, _number_reading(stored, choice))
    if question == "what_update" and choice == "done":  # the button named the node
        return _outcome(state, Reading(Intent.PROGRESS, po=stored.po, node=state.payload.get("node"), done=True))
    if question in ("what_update", "is_delay") and choice == "delay":
        return await _delay_question(session, turn, stored)
    if question == "is_delay" and choice == "ok":
        return _outcome(state, Reading(Intent.PROGRESS, po=stored.po, note=stored.reason or "ok"))
    if question == "delay_date" and choice.startswith("d") and choice[1:].isdigit():
        return _outcome(state, replace(stored, delay_days=int(choice[1:])))
    if question == "ship_qty" and choice == "all":
        return _outcome(state, replace(stored, all=True, qty=None))
    return Outcome(replies=[turn.reply(turn.say("clarify_expired"))])


async def answer_text(session: AsyncSession, turn: Turn, state: ConversationState, text: str) -> Outcome | None:
    """A typed answer to the pending question; None when the text is not one (a new message)."""
    question, stored = state.payload.get("q"), _stored(state)
    if question == "which_order":
        match = _INDEX.match(text)
        options: list[int] = state.payload.get("orders", [])
        if match and 1 <= int(match[1]) <= len(options):
            return await _with_order(session, turn, state, stored, options[int(match[1]) - 1])
        po = normalize_po(text.strip())
        if po is not None:
            return _outcome(state, replace(_as_report(stored), po=po))
        return None
    if question == "percent_or_quantity" and stored.number is not None and len(text.strip()) <= 12:
        if _PERCENT_WORDS.search(text):
            return _outcome(state, _number_reading(stored, "pct"))
        if _QTY_WORDS.search(text):
            return _outcome(state, _number_reading(stored, "qty"))
        return None
    if question == "which_node":
        node = read_message(text, "supplier", turn.ctx.now, turn.ctx.timezone).node
        return _outcome(state, Reading(Intent.PROGRESS, po=stored.po, node=node, done=True)) if node else None
    if question == "delay_date":
        return _delay_answer(state, stored, text, turn)
    if question == "ship_qty":
        reading = read_message(f"发货 {text}", "supplier", turn.ctx.now, turn.ctx.timezone)
        if reading.intent == Intent.SHIPMENT and (reading.qty is not None or reading.all):
            return _outcome(state, replace(stored, qty=reading.qty, all=reading.all,
                                           lot=reading.lot or stored.lot))
        return None
    return None


def _as_report(stored: Reading) -> Reading:
    return stored if stored.intent != Intent.CLARIFY else Reading(Intent.UNKNOWN)


def _number_reading(stored: Reading, choice: str) -> Reading:
    number = stored.number or 0
    if choice == "pct":
        return Reading(Intent.PROGRESS, po=stored.po, node=stored.node, percent=number)
    return Reading(Intent.PROGRESS, po=stored.po, node=stored.node, qty_done=int(number))


def _delay_answer(state: ConversationState, stored: Reading, text: str, turn: Turn) -> Outcome | None:
    dates = [d for d in find_dates(text, turn.today) if d.value > turn.today]
    if dates:
        first = dates[0]
        rest = (text[:first.start] + " " + text[first.end:]).strip(" ,，。.;；")
        return _outcome(state, replace(stored, new_date=first.value, reason=rest or stored.reason))
    reading = read_message(text, "supplier", turn.ctx.now, turn.ctx.timezone)
    if reading.intent == Intent.DELAY and (reading.new_date or reading.delay_days):
        return _outcome(state, replace(stored, new_date=reading.new_date, delay_days=reading.delay_days,
                                       reason=reading.reason or stored.reason))
    return None


async def _with_order(session: AsyncSession, turn: Turn, state: ConversationState, stored: Reading,
                      order_id: int) -> Outcome:
    order = await order_by_id(session, order_id, turn.supplier_id)
    if order is None:
        return Outcome(replies=[turn.reply(turn.say("clarify_expired"))])
    return _outcome(state, replace(stored, po=order.po_key))


async def _delay_question(session: AsyncSession, turn: Turn, stored: Reading) -> Outcome:
    order = await order_for_po(session, stored.po, turn.supplier_id) if stored.po else None
    milestone = current_milestone(order) if order else None
    if order is None or milestone is None:
        return Outcome(replies=[turn.reply(turn.say("clarify_expired"))])
    return Outcome(replies=await ask_delay_date(turn, order, milestone, stored.reason))

