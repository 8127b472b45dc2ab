"""Confirm first: the reading in one line, ✔ / ✘ (and the likely alternative), recorded only on ✔.

Used when the reader is unsure (`confirm: true`), a check against the order failed
(handlers/reading_checks.py), or the words are a voice transcript (handlers/voice.py): the
one way the bot asks before it writes. The facts (or, for a spoken undo, snooze or staff
acknowledgement, the one act) wait in the sender's conversation state, as a clarifying
question (`c:<state id>:yes|no|alt`, bot/payloads.py), so they expire like one: ✘, a
timeout, or a new message instead of an answer records nothing and the bot says so. ✔
writes what was shown, never reading the words again. Every answer is kept as a labelled
example of reading (storage/reading_examples.py).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from bot.payloads import Prefix, button
from bot.ports import Button, Reply
from handlers.clarify import CLARIFY
from handlers.conversation_state import forget, reading_from_json, remember
from handlers.labelled_examples import learn
from handlers.orders_lookup import current_milestone, display_po, order_by_id
from handlers.parsing import Reading
from handlers.reading_checks import Verdict
from handlers.texts.media import say as say_media
from handlers.turn import Turn
from storage.models import ConversationState, Order

CONFIRM = "confirm"  # the question of a clarify state that waits for ✔ / ✘
YES, NO, ALT = "yes", "no", "alt"
_YES = re.compile(r"^(?:对|对的|是|是的|确认|没错|正确|记吧|ok|okay|yes|y|yep|好|好的|可以|✔️?|√|✅|👍)$", re.IGNORECASE)
_NO = re.compile(r"^(?:不对|不是|错了?|不|否|别记|no|n|nope|wrong|✘|×|❌|x)$", re.IGNORECASE)
_TRIM = " \t\r\n,.!?;:，。！？；："

Record = Callable[[Order, Reading], Awaitable[list[Reply]]]
Act = Callable[[Reading], Awaitable[list[Reply]]]


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact of a message on the order it will be recorded on."""

    order: Order
    reading: Reading
    picked: bool = False  # the message named no order: the bot took the only open one
    index: int = 0  # which fact of the message: 0 the top reading, 1.. its `also`


def typed_choice(text: str) -> str | None:
    """`对` / `不对` typed instead of a click; None when the text is something else."""
    word = text.strip(_TRIM)
    if _YES.match(word):
        return YES
    if _NO.match(word):
        return NO
    return None


def describe(turn: Turn, order: Order, reading: Reading) -> str:
    """The reading as one short line the supplier can check at a glance."""
    po, intent = order.po, reading.intent
    current = current_milestone(order)
    node_code = reading.node or (current.node if current else None)
    node = turn.node(node_code) if node_code else turn.say("this_node")
    if intent == "progress":
        if reading.done:
            line = turn.say("line_done", po=po, node=node)
        elif reading.percent is not None or reading.qty_done is not None or reading.qty_left is not None:
            line = turn.say("line_partial", po=po, node=node, figures=_figures(turn, order, reading))
        else:
            line = turn.say("line_started", po=po, node=node)
    elif intent == "plan":
        when = reading.new_date.strftime("%m-%d") if reading.new_date else "?"
        line = turn.say("line_plan", po=po, node=node, date=when)
    elif intent == "delay":
        if reading.new_date is not None:
            line = turn.say("line_delay_to", po=po, node=node, date=reading.new_date.strftime("%m-%d"))
        elif reading.delay_days:
            line = turn.say("line_delay_days", po=po, node=node, days=reading.delay_days)
        else:
            line = turn.say("line_delay", po=po, node=node)
    elif intent == "shipment":
        if reading.qty is not None:
            line = turn.say("line_ship", po=po, qty=reading.qty)
        elif reading.all:
            line = turn.say("line_ship_all", po=po)
        else:
            line = turn.say("line_ship_some", po=po)
        if reading.lot:
            line += " " + turn.say("line_lot", lot=reading.lot)
    elif intent == "defect":
        qty = reading.defect_qty if reading.defect_qty is not None else "?"
        line = turn.say("line_defect", po=po, qty=qty, description=reading.description or "").rstrip()
    elif intent == "inspection_values":
        line = turn.say("line_values", po=po, values=" ".join(f"{v:g}" for v in reading.values or ()))
    elif intent == "shortage":
        line = turn.say("line_shortage", po=po, reason=reading.reason or "").rstrip()
        return line
    else:
        line = f"{po} {intent}"
    if reading.reason and intent == "delay":
        line += turn.say("line_reason", reason=reading.reason)
    if reading.happened_on is not None and reading.happened_on != turn.today:
        line += " " + turn.say("line_on", date=reading.happened_on.strftime("%m-%d"))
    return line


def heard(turn: Turn, reading: Reading) -> str:
    """The first lines of a confirmation of a voice message: the transcript, and what it was taken for."""
    if reading.exception:
        where = f" · EXC-{reading.exception}"
    else:
        where = f" · {display_po(reading.po)}" if reading.po else ""
    what = say_media(f"intent.{reading.intent}", turn.language)
    return say_media("voice.confirm", turn.language, text=turn.message.text.strip(), what=what, po=where)


def heard_what(turn: Turn, reading: Reading) -> str:
    """One short line for an act that is no fact of an order (`撤销上一条 · PO-1001`)."""
    what = say_media(f"intent.{reading.intent}", turn.language)
    if reading.exception:
        return f"{what} · EXC-{reading.exception}"
    return f"{what} · {display_po(reading.po)}" if reading.po else what


def _figures(turn: Turn, order: Order, reading: Reading) -> str:
    if reading.percent is not None:
        return f"{reading.percent:g}%"
    if reading.qty_done is not None:
        total = reading.qty_total if reading.qty_total is not None else order.quantity
        return f"{reading.qty_done}/{total}"
    return turn.say("line_left", left=reading.qty_left)


def _line(turn: Turn, facts: list[Fact]) -> str:
    return "；".join(describe(turn, f.order, f.reading) for f in facts) if turn.language.startswith("zh") \
        else "; ".join(describe(turn, f.order, f.reading) for f in facts)


def _stored_facts(facts: list[Fact]) -> list[dict[str, Any]]:
    return [{"order_id": f.order.id, "reading": replace(f.reading, confirm=None, also=None).to_json_dict(),
             "picked": f.picked} for f in facts]


async def ask(turn: Turn, checked: list[tuple[Fact, Verdict]], message_reading: Reading, heading: str = "") -> Reply:
    """Show the unsure facts in one line with their reasons; keep them until ✔, ✘ or the timeout.
    `heading` goes first (a voice transcript as it was heard)."""
    facts = [fact for fact, _ in checked]
    reasons = list(dict.fromkeys(reason for _, verdict in checked for reason in verdict.reasons))
    alternatives = [(i, v.alternative) for i, (_, v) in enumerate(checked) if v.alternative is not None]
    alt_facts = None
    if len(alternatives) == 1:
        index, alternative = alternatives[0]
        alt_facts = [replace(f, reading=alternative) if i == index else f for i, f in enumerate(facts)]
    line = _line(turn, facts)
    payload: dict[str, Any] = {
        "q": CONFIRM, "facts": _stored_facts(facts), "alt": _stored_facts(alt_facts) if alt_facts else None,
        "line": line, "shown": message_reading.to_json_dict(), "text": turn.message.text[:2000],
        "role": turn.speaker.role, "sent_at": turn.message.sent_at.isoformat(),
        "photos": list(turn.photo_ids), "album": turn.message.album_id,
        "expired_notice": turn.say("confirm_expired", line=line), "chat_kind": turn.message.chat.kind.value,
    }
    if alt_facts:
        payload["alt_line"] = _line(turn, alt_facts)
        payload["alt_right"] = _substituted(message_reading, alt_facts).to_json_dict()
    state = await remember(turn.session, turn.message, CLARIFY, payload, turn.ctx.now)
    rows = _buttons(turn, state.id)
    if alt_facts:
        rows.append((Button(turn.say("button_alt", line=payload["alt_line"])[:60], button(Prefix.CLARIFY, state.id, ALT)),))
    shown_reasons = "\n".join(turn.say("reason_line", reason=r) for r in reasons)
    text = turn.say("confirm_ask", line=line, reasons=shown_reasons) if reasons \
        else turn.say("confirm_ask_plain", line=line)
    return turn.reply(f"{heading}\n{text}" if heading else text, tuple(rows))


async def ask_act(turn: Turn, reading: Reading, line: str, heading: str) -> Reply:
    """Show one act that is no fact of an order (a spoken undo, snooze or correction, a staff
    member's spoken acknowledgement) and keep it until ✔, ✘ or the timeout, like facts."""
    payload: dict[str, Any] = {
        "q": CONFIRM, "facts": [], "act": replace(reading, confirm=None).to_json_dict(), "line": line,
        "shown": reading.to_json_dict(), "text": turn.message.text[:2000], "role": turn.speaker.role,
        "sent_at": turn.message.sent_at.isoformat(), "photos": [], "album": None,
        "expired_notice": turn.say("confirm_expired", line=line), "chat_kind": turn.message.chat.kind.value,
    }
    state = await remember(turn.session, turn.message, CLARIFY, payload, turn.ctx.now)
    return turn.reply(heading, tuple(_buttons(turn, state.id)))


def _buttons(turn: Turn, state_id: int) -> list[tuple[Button, ...]]:
    return [(Button(turn.say("button_yes"), button(Prefix.CLARIFY, state_id, YES)),
             Button(turn.say("button_no"), button(Prefix.CLARIFY, state_id, NO)))]


def _substituted(message_reading: Reading, alt_facts: list[Fact]) -> Reading:
    """The message's reading with the alternative in place of the fact it replaces."""
    parts = [replace(message_reading, also=None, confirm=None), *(message_reading.also or ())]
    for fact in alt_facts:
        if 0 <= fact.index < len(parts):
            parts[fact.index] = replace(fact.reading, po=parts[fact.index].po, confirm=None, also=None)
    top, rest = parts[0], tuple(replace(p, confirm=None) for p in parts[1:])
    return replace(top, also=rest or None)


def is_confirm(state: ConversationState) -> bool:
    return state.kind == CLARIFY and state.payload.get("q") == CONFIRM


async def answer(turn: Turn, state: ConversationState, choice: str, record: Record,
                 act: Act | None = None) -> list[Reply]:
    """✔ records the facts (without reading or checking them again), ✘ records nothing, alt
    records the alternative; each answer is kept as a labelled example. The records keep the
    words that were confirmed, not the click."""
    payload = dict(state.payload)
    await forget(turn.session, turn.message)
    if choice == NO:
        await _learn(turn, payload, "rejected", None)
        return [turn.reply(turn.say("confirm_rejected", line=payload.get("line", "")))]
    if payload.get("text"):
        turn.message = replace(turn.message, text=str(payload["text"]))
    if choice == YES and payload.get("act") and act is not None:
        replies = await act(reading_from_json(payload["act"]))
        await _learn(turn, payload, "confirmed", _confirmed(payload.get("shown")))
        return replies
    stored = payload.get("alt") if choice == ALT else payload.get("facts")
    if choice not in (YES, ALT) or not stored:
        return [turn.reply(turn.say("clarify_expired"))]
    turn.photo_ids = list(dict.fromkeys([*payload.get("photos", []), *turn.photo_ids]))
    replies = []
    for item in stored:
        order = await order_by_id(turn.session, item["order_id"], turn.supplier_id)
        if order is None:
            replies.append(turn.reply(turn.say("clarify_expired")))
            continue
        replies.extend(await record(order, reading_from_json(item["reading"])))
    right = payload.get("alt_right") if choice == ALT else _confirmed(payload.get("shown"))
    await _learn(turn, payload, "alternative" if choice == ALT else "confirmed", right)
    return replies


def _confirmed(shown: dict[str, Any] | None) -> dict[str, Any] | None:
    if shown is None:
        return None
    return {k: v for k, v in shown.items() if k != "confirm"}


async def _learn(turn: Turn, payload: dict[str, Any], source: str, right: dict[str, Any] | None) -> None:
    await learn(turn, text=payload.get("text", ""), role=payload.get("role", "supplier"),
                sent_at=payload.get("sent_at"), source=source, shown=payload.get("shown"), right=right)


def expired_notice(turn: Turn, expired: dict[str, Any] | None, *, dropped: bool = False) -> str | None:
    """What to say about a confirmation that was never answered: nothing was recorded."""
    if not expired or expired.get("q") != CONFIRM:
        return None
    key = "confirm_dropped" if dropped else "confirm_expired"
    return turn.say(key, line=expired.get("line", ""))
