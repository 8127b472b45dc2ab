"""Confirm first: the reading in one line, ✔ / ✘ (and the likely alternative), recorded only on ✔.

Used when the reader is unsure (`confirm: true`) or a check against the order failed
(handlers/reading_checks.py). The facts wait in the sender's conversation state, as a
clarifying question (`c:<state id>:yes|no|alt`), so they expire like one: ✘, a timeout,
or a new message instead of an answer records nothing and the bot says so. Every answer
is kept as a labelled example of reading (storage/reading_examples.py).
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

from bot.ports import Button, Reply
from handlers.clarify import CLARIFY
from handlers.conversation_state import forget, reading_from_json, remember
from handlers.labelled_examples import learn
from handlers.orders_lookup import current_milestone, order_by_id
from handlers.parsing import Reading
from handlers.reading_checks import Verdict
from handlers.turn import Turn
from storage.models import ConversationState, Order

CONFIRM = "confirm"  # the question of a clarify state that waits for ✔ / ✘
YES, NO, ALT = "yes", "no", "alt"
_YES = re.compile(r"^(?:对|对的|是|是的|确认|没错|正确|记吧|ok|okay|yes|y|yep|好|好的|可以|✔️?|√|✅|👍)$", re.IGNORECASE)
_NO = re.compile(r"^(?:不对|不是|错了?|不|否|别记|no|n|nope|wrong|✘|×|❌|x)$", re.IGNORECASE)
_TRIM = " \t\r\n,.!?;:，。！？；："

Record = Callable[[Order, Reading], Awaitable[list[Reply]]]


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


async def ask(turn: Turn, checked: list[tuple[Fact, Verdict]], message_reading: Reading) -> Reply:
    """Show the unsure facts in one line with their reasons; keep them until ✔, ✘ or the timeout."""
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
    buttons = [Button(turn.say("button_yes"), f"c:{state.id}:{YES}"), Button(turn.say("button_no"), f"c:{state.id}:{NO}")]
    rows: list[tuple[Button, ...]] = [tuple(buttons)]
    if alt_facts:
        rows.append((Button(turn.say("button_alt", line=payload["alt_line"])[:60], f"c:{state.id}:{ALT}"),))
    shown_reasons = "\n".join(turn.say("reason_line", reason=r) for r in reasons)
    text = turn.say("confirm_ask", line=line, reasons=shown_reasons) if reasons \
        else turn.say("confirm_ask_plain", line=line)
    return turn.reply(text, tuple(rows))


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


async def answer(turn: Turn, state: ConversationState, choice: str, record: Record) -> list[Reply]:
    """✔ records the facts (without checking them again), ✘ records nothing, alt records the
    alternative; each answer is kept as a labelled example."""
    payload = dict(state.payload)
    await forget(turn.session, turn.message)
    if choice == NO:
        await _learn(turn, payload, "rejected", None)
        return [turn.reply(turn.say("confirm_rejected", line=payload.get("line", "")))]
    stored = payload.get("alt") if choice == ALT else payload.get("facts")
    if choice not in (YES, ALT) or not stored:
        return [turn.reply(turn.say("clarify_expired"))]
    turn.photo_ids = list(dict.fromkeys([*payload.get("photos", []), *turn.photo_ids]))
    replies: list[Reply] = []
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
