"""Defects reported by the supplier: a `defect` exception with quantity and description,
opened at once, and the QC and buyers' groups told in the same transaction."""

from __future__ import annotations

from bot.ports import Reply
from handlers.notify import tell_staff
from handlers.orders_lookup import current_milestone
from handlers.parsing import Reading
from handlers.texts.supplier import say
from handlers.turn import Turn
from storage.defect_categories import defect_category
from storage.models import BindingRole, ExceptionKind, Order, Severity
from storage.prompts import mark_prompts_answered


def category_of(reading: Reading, description: str) -> str:
    """The reader's category when it gave a known one, else what the description's words suggest."""
    return defect_category(getattr(reading, "category", None), description).value


def _qty(qty: int | None, language: str) -> str:
    return say("pcs", language, n=qty) if qty is not None else say("qty_unknown", language)


async def report_defect(turn: Turn, order: Order, reading: Reading) -> list[Reply]:
    milestone = current_milestone(order)
    description = reading.description or ""
    category = category_of(reading, description)
    report = await turn.new_report(order, milestone, "defect", details={
        "defect_qty": reading.defect_qty, "description": description, "rework": reading.rework,
        "scrap": reading.scrap,
    })
    ticket, _ = await turn.ctx.ladder.open(
        turn.session, order_id=order.id, kind=ExceptionKind.DEFECT.value, now=turn.ctx.now,
        title=say("title_defect", turn.ctx.language, po=order.po, qty=_qty(reading.defect_qty, turn.ctx.language),
                  description=description or "-"),
        opened_by=turn.speaker.label, milestone_id=milestone.id if milestone else None,
        severity=Severity.HIGH.value, description=description, qty=reading.defect_qty,
        dedupe_key=f"defect:{await turn.report_number(report)}", start_level=1, category=category,
    )
    if ticket.category != category:  # one opened before (a re-sent message): as a new one would be
        ticket.category = category
    report.details = {**report.details, "exception_id": ticket.id}
    await mark_prompts_answered(turn.session, turn.supplier_id, turn.ctx.now)
    shown = description or "-"
    replies = [turn.reply(turn.say("defect_done", po=order.po, qty=reading.defect_qty if reading.defect_qty is not None
                                   else "?", description=shown) + "\n" + turn.say("undo_hint"))]
    replies.extend(await tell_staff(
        turn.session, turn.ctx.ladder, ticket, (BindingRole.BUYERS, BindingRole.QC), supplier_id=order.supplier_id,
        now=turn.ctx.now, default_language=turn.ctx.language,
        text_for=lambda language: say("group_defect", language, po=order.po, supplier=order.supplier.name,
                                      qty=_qty(reading.defect_qty, language), description=shown,
                                      who=turn.speaker.label, exception=ticket.id),
    ))
    return replies
