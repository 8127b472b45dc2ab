"""`缺料` / `料不够`: a material shortage opens the `material_shortage` exception of the order,
and the buyers hear of it at once, as they do of a delay."""

from __future__ import annotations

from bot.ports import Reply
from handlers.notify import tell_staff
from handlers.orders_lookup import FINISHED, current_milestone, milestone_named
from handlers.parsing import Reading
from handlers.texts.supplier import say
from handlers.turn import Turn
from storage.models import BindingRole, ExceptionKind, Order, Severity
from storage.prompts import mark_prompts_answered


async def report_shortage(turn: Turn, order: Order, reading: Reading) -> list[Reply]:
    material = milestone_named(order, "material_ready")
    milestone = material if material is not None and material.status not in FINISHED else current_milestone(order)
    reason = reading.reason or turn.message.text.strip()[:200]
    if reading.amount is not None and reading.unit:  # 还差200公斤: how much is short belongs in the reason
        reason = f"{reason} {reading.amount:g}{reading.unit}"
    report = await turn.new_report(order, milestone, "shortage", details={"reason": reason})
    ticket, _ = await turn.ctx.ladder.open(
        turn.session, order_id=order.id, kind=ExceptionKind.MATERIAL_SHORTAGE.value, now=turn.ctx.now,
        title=say("title_shortage", turn.ctx.language, po=order.po, reason=reason)[:200],
        opened_by=turn.speaker.label, milestone_id=milestone.id if milestone else None, description=reason,
        severity=Severity.HIGH.value, dedupe_key=f"shortage:{await turn.report_number(report)}", start_level=1,
    )
    report.details = {**report.details, "exception_id": ticket.id}
    await mark_prompts_answered(turn.session, turn.supplier_id, turn.ctx.now)
    replies = [turn.reply(turn.say("shortage_done", po=order.po, reason=reason, at=turn.stamp())
                          + "\n" + turn.say("undo_hint"))]
    replies.extend(await tell_staff(
        turn.session, turn.ctx.ladder, ticket, (BindingRole.BUYERS,), supplier_id=order.supplier_id, now=turn.ctx.now,
        default_language=turn.ctx.language,
        text_for=lambda language: say("buyer_shortage", language, po=order.po, supplier=order.supplier.name,
                                      reason=reason, who=turn.speaker.label, exception=ticket.id),
    ))
    return replies
