"""`/neworder PO-2001 华达 BRK-2201 2000件 交期12-20 冲压`: an order entered by chat.

The words are read into an `OrderDraft` and go through the same intake rules as the API
and the sheet import (`storage.order_intake.create_orders`), inside a savepoint: every problem is
reported in the chat and nothing is half created.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import InboundMessage
from handlers.access import may_manage_orders, scope_for
from handlers.context import HandlerContext
from handlers.dates import find_date
from handlers.identity import Speaker
from handlers.scorecard import find_suppliers
from handlers.storable import storable
from handlers.texts.admin import say
from handlers.texts.buyer import mmdd, node_label, pick
from handlers.texts.buyer import say as buyer_say
from storage.intake_fields import IntakeError
from storage.intake_values import as_priority
from storage.models import Role
from storage.order_intake import OrderDraft, create_orders
from storage.plans import TEMPLATE_NAMES, load_template_names, process_code

_QUANTITY = re.compile(r"^(?P<n>\d[\d,，]*)(?P<unit>件|个|套|只|片|台|支|pcs|pc|PCS|ea)?$")
_DUE_WORDS = ("交期", "交货", "到期", "due", "due:", "交期:", "交期：")
_DUE_PREFIX = re.compile(r"^(?:交期|交货期?|到期|due)[:：=]?(?P<rest>.+)$", re.IGNORECASE)
_BUYER_PREFIX = re.compile(r"^(?:采购|跟单|buyer)[:：=](?P<name>.+)$", re.IGNORECASE)
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.月]\d{1,2}(?:[-/.]\d{1,2})?日?$")


def read_draft(words: list[str], today: date, process_names: Mapping[str, str] | None = None) -> OrderDraft:
    """PO, supplier and part number first; then quantity, due date, process, priority and
    buyer wherever they stand; any other words are the part's name. `process_names` are the
    names of templates set up on the set-up page (`激光切割`)."""
    po, supplier, part_no = (words + ["", "", ""])[:3]
    draft = OrderDraft(po=po, supplier=supplier, part_no=part_no, release_date=today)
    name: list[str] = []
    rest = words[3:]
    index = 0
    while index < len(rest):
        word = rest[index]
        index += 1
        quantity = _QUANTITY.match(word)
        due = _DUE_PREFIX.match(word)
        buyer = _BUYER_PREFIX.match(word)
        if quantity and draft.quantity is None:
            draft.quantity = quantity["n"].replace(",", "").replace("，", "")
            draft.unit = quantity["unit"] or ""
        elif word.lower() in _DUE_WORDS and index < len(rest):
            draft.due_date = _date(rest[index], today)
            index += 1
        elif due:
            draft.due_date = _date(due["rest"], today)
        elif _DATE_LIKE.match(word) and draft.due_date is None:
            draft.due_date = _date(word, today)
        elif buyer:
            draft.buyer = buyer["name"]
        elif not draft.process and process_code(word, names=process_names) not in (None, "default"):
            draft.process = word
        elif not draft.priority and as_priority(word) not in (None, "normal"):
            draft.priority = word
        else:
            name.append(word)
    draft.part_name = " ".join(name)
    return draft


def _date(text: str, today: date) -> str | date:
    found = find_date(text, today)
    return found.value if found is not None else text


async def new_order(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, rest: str, ctx: HandlerContext,
) -> str:
    language = speaker.language
    scope = scope_for(speaker, message)
    if not may_manage_orders(speaker) or not scope.allowed:
        return say("neworder.denied", language)
    words = storable(rest).split()
    if len(words) < 3:
        return say("neworder.usage", language)
    today = ctx.now.astimezone(ctx.timezone).date()
    draft = read_draft(words, today, await load_template_names(session))
    candidates = await find_suppliers(session, scope, str(draft.supplier))
    if len(candidates) == 1:
        draft.supplier = candidates[0].code
    elif candidates or scope.limited:
        names = "、".join(s.name for s in candidates)
        problem = (buyer_say("supplier.ambiguous", language, name=draft.supplier, names=names) if candidates
                   else buyer_say("supplier.not_found", language, name=draft.supplier))
        return "\n".join([say("neworder.failed", language), f"• {problem}", say("neworder.usage", language)])
    if draft.buyer is None and speaker.person is not None and speaker.person.role == Role.BUYER.value:
        draft.buyer = speaker.person.name
    try:
        async with session.begin_nested():
            orders = await create_orders(session, [draft], actor=storable(speaker.label, 120), now=ctx.now, today=today)
    except IntakeError as error:
        lines = [say("neworder.failed", language)]
        lines.extend(f"• {p.message(language)}" for p in error.problems)
        lines.append(say("neworder.usage", language))
        return "\n".join(lines)
    order = orders[0]
    nodes = "、".join(f"{m.step or node_label(m.node, language)} {mmdd(m.planned_date)}" for m in order.milestones)
    return say("neworder.created", language, po=order.po, supplier=order.supplier.name,
               part=" ".join(p for p in (order.part_no, order.part_name) if p), qty=order.quantity,
               unit=order.unit, due=mmdd(order.due_date),
               process=pick(TEMPLATE_NAMES.get(order.process, (order.process, order.process)), language),
               nodes=nodes if language != "en" else nodes.replace("、", ", "), who=speaker.label)
