"""One order on one screen: nodes with ✔/⏳/⚠, last report, photos, open exceptions and a
predicted finish date — what a buyer needs to answer the boss's "where is it?"."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Button
from handlers.context import HandlerContext
from handlers.exception_desk import exception_buttons, exception_short_line
from handlers.texts.buyer import (
    ago,
    local_mmdd,
    mmdd,
    node_label,
    order_status_label,
    say,
)
from storage.forecast import (
    FINISHED,
    SLIP_WINDOW,
    Forecast,
    SupplierSlip,
    finished_lately,
    predict_finish,
    slip_of,
)
from storage.models import (
    OPEN_ORDER_STATUSES,
    Milestone,
    MilestoneStatus,
    Order,
    OrderStatus,
)
from storage.order_glance import OrderGlance
from storage.order_glance import open_exceptions as open_exceptions_of
from storage.risk import RULE, PlanOf, Risk, history_of, judge_plan, supplier_zone

MARK_DONE, MARK_PENDING, MARK_OVERDUE, MARK_SKIPPED = "✔", "⏳", "⚠", "➖"
REPORT_CHARS = 40


def node_mark(milestone: Milestone, today: date) -> str:
    if milestone.status == MilestoneStatus.DONE.value:
        return MARK_DONE
    if milestone.status == MilestoneStatus.SKIPPED.value:
        return MARK_SKIPPED
    return MARK_OVERDUE if milestone.planned_date < today else MARK_PENDING


async def render_status(
    session: AsyncSession, order: Order, glance: OrderGlance, language: str, ctx: HandlerContext, *,
    with_buttons: bool,
) -> tuple[str, tuple[tuple[Button, ...], ...]]:
    """The status text of an order loaded with supplier, buyer and milestones and its glance
    (`storage.order_glance.glance_at`), and the ack/resolve buttons of its open exceptions
    when the reader may act on them. The supplier's finished nodes, which both the risk rule
    and the forecast read, are read once: one statement more, none for an order that is over."""
    today = ctx.now.astimezone(ctx.timezone).date()
    lines = [
        say("status.header", language, po=order.po, supplier=order.supplier.name),
        say("status.line", language, part=" ".join(p for p in (order.part_no, order.part_name) if p),
            qty=order.quantity, unit=order.unit, due=mmdd(order.due_date),
            status=order_status_label(order.status, language)),
    ]
    if order.buyer is not None:
        lines.append(say("status.buyer", language, buyer=order.buyer.name))
    lines.extend(_node_line(m, order, language, today, ctx) for m in order.milestones)

    finished = _Finished(session, order, ctx)
    report = glance.last_report
    if report is not None:
        text = " ".join(report.text.split())
        text = text if len(text) <= REPORT_CHARS else text[:REPORT_CHARS - 1] + "…"
        lines.append(say("status.last_report", language, who=report.reporter, text=text,
                         ago=ago(ctx.now - report.reported_at, language)))
    else:
        lines.append(say("status.no_report", language))

    shipped, accepted = glance.shipped, glance.usable
    if shipped:
        lines.append(say("status.shipped", language, shipped=shipped, total=order.quantity, unit=order.unit,
                         accepted=accepted))
    photos = glance.photos
    lines.append(say("status.photos", language, n=photos))

    open_exceptions, reached = await open_exceptions_of(session, order.id) if glance.open_exceptions else ([], {})
    if open_exceptions:
        lines.append(say("status.open_exceptions", language, n=len(open_exceptions)))
        lines.extend(exception_short_line(e, language, reached.get(e.id)) for e in open_exceptions)

    risk = await finished.risk()
    if risk is not None:
        lines.append(say("status.at_risk", language, node=node_label(risk.node, language), why=risk.explain(language)))
    outlook = await _outlook(finished, order, language, today, ctx)
    if outlook:
        lines.append(outlook)
    buttons = tuple(exception_buttons(e, language) for e in open_exceptions) if with_buttons else ()
    return "\n".join(lines), buttons


def _node_line(milestone: Milestone, order: Order, language: str, today: date, ctx: HandlerContext) -> str:
    mark = node_mark(milestone, today)
    head = f"{mark} {node_label(milestone.node, language)}"
    if milestone.step:
        head += f"（{milestone.step}）" if language != "en" else f" ({milestone.step})"
    if milestone.status not in FINISHED and (milestone.percent or milestone.qty_done):
        figures = []
        if milestone.percent:
            figures.append(f"{milestone.percent:g}%")
        if milestone.qty_done:
            figures.append(f"{milestone.qty_done}/{order.quantity}{'' if language == 'en' else order.unit}")
        head += " " + " · ".join(figures)
    details = [say("status.planned", language, date=mmdd(milestone.planned_date))]
    if milestone.planned_date != milestone.original_planned_date:
        details.append(say("status.moved", language, date=mmdd(milestone.original_planned_date)))
    if milestone.status == MilestoneStatus.SKIPPED.value:
        details.append(say("status.skipped", language))
    elif milestone.done_at is not None and milestone.status == MilestoneStatus.DONE.value:
        details.append(say("status.actual", language, date=local_mmdd(milestone.done_at, ctx.timezone)))
        late = (milestone.done_at.astimezone(ctx.timezone).date() - milestone.planned_date).days
        if late > 0:
            details.append(say("status.late_done", language, days=late))
    elif mark == MARK_OVERDUE:
        details.append(say("status.overdue", language, days=(today - milestone.planned_date).days))
    return f"{head}　{' · '.join(details)}" if language != "en" else f"{head}  {' · '.join(details)}"


class _Finished:
    """The order's supplier's recently finished nodes, read when first needed and then kept:
    the risk rule's history and the forecast's slip are both counted from them."""

    def __init__(self, session: AsyncSession, order: Order, ctx: HandlerContext) -> None:
        self.session, self.order, self.ctx = session, order, ctx
        self._rows: list[tuple[date, date, datetime]] | None = None

    async def rows(self) -> list[tuple[date, date, datetime]]:
        if self._rows is None:
            since = self.ctx.now - max(SLIP_WINDOW, timedelta(days=RULE.history_days))
            self._rows = await finished_lately(self.session, self.order.supplier_id, self.ctx.now, since)
        return self._rows

    async def risk(self) -> Risk | None:
        """`storage.risk.at_risk_nodes` for this one order, judged on the plan already loaded."""
        order = self.order
        if order.status not in OPEN_ORDER_STATUSES or not any(m.status not in FINISHED for m in order.milestones):
            return None
        zone = supplier_zone(order.supplier.timezone, self.ctx.timezone)
        history = history_of(((planned, done_at) for _, planned, done_at in await self.rows()), zone, self.ctx.now,
                             RULE.history_days)
        plan = PlanOf(order.id, order.po, order.quantity, order.release_date, order.supplier_id, order.supplier.name)
        return judge_plan(plan, order.milestones, now=self.ctx.now, zone=zone, history=history)

    async def slip(self) -> SupplierSlip:
        return slip_of(await self.rows(), self.ctx.now, self.ctx.timezone)


async def _outlook(
    finished: _Finished, order: Order, language: str, today: date, ctx: HandlerContext,
) -> str | None:
    if order.status == OrderStatus.CANCELLED.value:
        return say("status.cancelled", language)
    if order.status == OrderStatus.CLOSED.value:
        return say("status.closed", language)
    if order.status == OrderStatus.ACCEPTED.value and order.accepted_at is not None:
        return say("status.accepted", language, date=local_mmdd(order.accepted_at, ctx.timezone))
    slip = await finished.slip()
    forecast = predict_finish(order.milestones, order.due_date, today, slip)
    if forecast is None:
        return None
    return forecast_line(forecast, order.supplier.name, slip.nodes, language)


def forecast_line(forecast: Forecast, supplier: str, nodes: int, language: str) -> str:
    late = say("forecast.late", language, days=forecast.late_by) if forecast.late_by > 0 else ""
    return say(f"forecast.{forecast.basis}", language, date=mmdd(forecast.finish), late=late,
               days=forecast.days, supplier=supplier, nodes=nodes)
