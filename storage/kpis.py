"""The KPIs of the brief (监控指标), computed by the database, for the bot and the dashboard.

Every function takes a period [start, end) — aware datetimes, or dates meaning local
midnights in `tz` (the service's zone) — and an optional supplier. Rates come back as a
`Rate` (numerator, denominator, ratio; ratio None when nothing counted).

Only what FELL DUE counts: with `now`, the period ends at min(end, now), so a month in
progress counts the nodes whose day has ended, and a period wholly in the future counts
nothing (ratio None: no value, never 0 %). Every surface (chat, pages, API, digest,
exports) passes its clock's `now`. Withdrawn (undone) reports count nowhere: their
inspections and lots are removed by the undo, their exceptions carry `withdrawn_at`, and
the planned-date moves they made are left out of the delay reasons.

Definitions (the dashboard must show the same numbers):
- node on-time rate: nodes whose planned day ended in the period (planned date in
  [local start date, local end date)), of orders not cancelled, not skipped; on time when
  done before the end of the planned day in `tz`. Measured against the plan as released
  (`original_planned_date`) unless `baseline="current"`: a moved date is still a slip.
- first-pass yield: decided first inspections (`first_inspection`, verdict pass/fail)
  inspected in the period; passed ÷ all, or accepted ÷ inspected quantity with `by="quantity"`.
- exception response time: exceptions opened in the period and acknowledged; median and
  p90 of acknowledged_at − opened_at, with linear interpolation between ranks (the same as
  PostgreSQL's `percentile_cont`), so 1h, 2h, 4h, 10h give median 3h and p90 8.2h.
- delivery cycle: orders accepted in the period; days from release date to the local date
  of acceptance (mean, median, p90).
- rework / scrap rate: lots shipped in the period that have an inspection result
  (accepted + rejected > 0); reworked (scrapped) quantity ÷ (accepted + rejected).
- on-time delivery rate: orders not cancelled whose due date ended in the period; on time
  when accepted before the end of the due date in `tz`.
- reporting compliance: prompts sent in the period whose reply window has closed by the
  period's end or that were answered; answered at or before `reply_by` ÷ those prompts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Date, String, and_, case, column, func, or_, select, values
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ExceptionTicket,
    Inspection,
    Lot,
    Milestone,
    MilestoneChange,
    MilestoneStatus,
    Order,
    OrderStatus,
    ProgressReport,
    Prompt,
    Verdict,
)
from storage.types import UTCDateTime

SHANGHAI = ZoneInfo("Asia/Shanghai")
UNDO_SOURCE = "undo"  # MilestoneChange.source of the rows an undo writes (handlers.milestone_history)
SCORECARD_DAYS = 90  # the period of a scorecard, in chat and on the suppliers page alike
Moment = date | datetime

SCORE_WEIGHTS: dict[str, float] = {
    "on_time_delivery": 0.30,
    "first_pass_yield": 0.25,
    "node_on_time": 0.20,
    "reporting_compliance": 0.15,
    "rework_scrap": 0.10,
}


@dataclass(frozen=True, slots=True)
class Rate:
    """A KPI that is a share: what counted, out of what; `ratio` None when nothing counted."""

    numerator: int
    denominator: int
    ratio: float | None

    @classmethod
    def of(cls, numerator: Any, denominator: Any) -> Rate:
        n, d = int(numerator or 0), int(denominator or 0)
        return cls(n, d, n / d if d else None)


@dataclass(frozen=True, slots=True)
class Durations:
    """A KPI that is a spread of times: how many, median and p90 (None when there are none)."""

    count: int
    median: timedelta | None
    p90: timedelta | None
    mean: timedelta | None
    pending: int = 0  # opened in the period, not acknowledged yet


@dataclass(frozen=True, slots=True)
class CycleDays:
    count: int
    mean: float | None
    median: float | None
    p90: float | None


@dataclass(frozen=True, slots=True)
class Scorecard:
    """One supplier over one period: the KPIs, the delay reasons given, and a 0–100 score."""

    supplier_id: int
    start: datetime
    end: datetime
    on_time_delivery: Rate
    node_on_time: Rate
    first_pass_yield: Rate
    rework: Rate
    scrap: Rate
    reporting_compliance: Rate
    response_time: Durations
    delivery_cycle: CycleDays
    delay_reasons: tuple[tuple[str, int], ...]
    score: float | None


# --- periods ------------------------------------------------------------------------------

def local_midnight(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tz)


def as_moment(value: Moment, tz: ZoneInfo) -> datetime:
    """A period bound as an aware datetime; a date means its local midnight in `tz`."""
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: period bounds must be timezone-aware")
        return value
    return local_midnight(value, tz)


def local_day(value: Moment, tz: ZoneInfo) -> date:
    return value.astimezone(tz).date() if isinstance(value, datetime) else value


def _day_range(start: Moment, end: Moment, tz: ZoneInfo) -> tuple[date, date]:
    """Planned days whose end (next local midnight) falls in (start, end]: [first, stop)."""
    return local_day(start, tz), local_day(end, tz)


def _day_ends(first: date, stop: date, tz: ZoneInfo) -> Any:
    """A small inline table (day, ends_at): when each local day of the period ends, in UTC.

    Computed here with the zone database, so a day is exact across daylight-saving changes
    on SQLite as on PostgreSQL.
    """
    rows = [(first + timedelta(days=i), local_midnight(first + timedelta(days=i + 1), tz))
            for i in range((stop - first).days)]
    table = values(column("day", Date()), column("ends_at", UTCDateTime()), name="day_ends").data(rows)
    return table.cte("day_ends")


def due_until(end: Moment, tz: ZoneInfo, now: datetime | None) -> datetime:
    """The end of what can have fallen due: the period's end, or `now` if that is earlier."""
    until = as_moment(end, tz)
    return min(until, now) if now is not None else until


def _supplier_filter(supplier_id: int | None) -> list[Any]:
    return [Order.supplier_id == supplier_id] if supplier_id is not None else []


# --- the KPIs -------------------------------------------------------------------------------

async def node_on_time_rate(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *,
    tz: ZoneInfo = SHANGHAI, now: datetime | None = None, baseline: Literal["original", "current"] = "original",
) -> Rate:
    """订单进度达成率: nodes done by the end of their planned day ÷ nodes whose planned day ended."""
    first, stop = _day_range(start, due_until(end, tz, now), tz)
    if stop <= first:
        return Rate.of(0, 0)
    ends = _day_ends(first, stop, tz)
    planned = Milestone.original_planned_date if baseline == "original" else Milestone.planned_date
    on_time = and_(Milestone.done_at.is_not(None), Milestone.status == MilestoneStatus.DONE.value,
                   Milestone.done_at < ends.c.ends_at)
    query = (
        select(func.count(case((on_time, 1))), func.count())
        .select_from(Milestone)
        .join(Order, Order.id == Milestone.order_id)
        .join(ends, ends.c.day == planned)
        .where(Order.status != OrderStatus.CANCELLED.value, Milestone.status != MilestoneStatus.SKIPPED.value,
               *_supplier_filter(supplier_id))
    )
    numerator, denominator = (await session.execute(query)).one()
    return Rate.of(numerator, denominator)


async def first_pass_yield(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *,
    tz: ZoneInfo = SHANGHAI, now: datetime | None = None, by: Literal["count", "quantity"] = "count", stage: str | None = None,
) -> Rate:
    """质量一次合格率: first inspections passed ÷ first inspections decided (or their quantities)."""
    filters = [
        Inspection.first_inspection.is_(True),
        Inspection.verdict.in_((Verdict.PASS.value, Verdict.FAIL.value)),
        Inspection.inspected_at >= as_moment(start, tz),
        Inspection.inspected_at < due_until(end, tz, now),
        *_supplier_filter(supplier_id),
    ]
    if stage is not None:
        filters.append(Inspection.stage == stage)
    measures: tuple[ColumnElement[Any], ColumnElement[Any]]
    if by == "quantity":
        filters.append(Inspection.qty_inspected.is_not(None))
        measures = (func.sum(func.coalesce(Inspection.qty_accepted, 0)), func.sum(Inspection.qty_inspected))
    else:
        measures = (func.count(case((Inspection.verdict == Verdict.PASS.value, 1))), func.count())
    query = select(*measures).select_from(Inspection).join(Order, Order.id == Inspection.order_id).where(*filters)
    numerator, denominator = (await session.execute(query)).one()
    return Rate.of(numerator, denominator)


async def exception_response_time(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *,
    tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> Durations:
    """异常响应时效: opening → first acknowledgement, median and p90 (percentile_cont semantics).

    Only the two time columns of the period's acknowledged exceptions are fetched: the
    percentiles are computed here because SQLite has no percentile_cont.
    """
    period = [ExceptionTicket.opened_at >= as_moment(start, tz), ExceptionTicket.opened_at < due_until(end, tz, now),
              ExceptionTicket.withdrawn_at.is_(None), *_supplier_filter(supplier_id)]
    acked = (await session.execute(
        select(ExceptionTicket.opened_at, ExceptionTicket.acknowledged_at)
        .join(Order, Order.id == ExceptionTicket.order_id)
        .where(*period, ExceptionTicket.acknowledged_at.is_not(None))
    )).all()
    pending = await session.scalar(
        select(func.count()).select_from(ExceptionTicket).join(Order, Order.id == ExceptionTicket.order_id)
        .where(*period, ExceptionTicket.acknowledged_at.is_(None))
    ) or 0
    seconds = sorted(max(0.0, (acked_at - opened).total_seconds()) for opened, acked_at in acked
                     if acked_at is not None)
    if not seconds:
        return Durations(0, None, None, None, pending)
    return Durations(
        count=len(seconds),
        median=timedelta(seconds=percentile(seconds, 0.5)),
        p90=timedelta(seconds=percentile(seconds, 0.9)),
        mean=timedelta(seconds=sum(seconds) / len(seconds)),
        pending=pending,
    )


async def delivery_cycle(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *,
    tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> CycleDays:
    """订单交付周期: days from release to acceptance of the orders accepted in the period."""
    rows = (await session.execute(
        select(Order.release_date, Order.accepted_at).where(
            Order.accepted_at.is_not(None), Order.accepted_at >= as_moment(start, tz),
            Order.accepted_at < due_until(end, tz, now), Order.status != OrderStatus.CANCELLED.value,
            *_supplier_filter(supplier_id),
        )
    )).all()
    days = sorted(float((accepted.astimezone(tz).date() - released).days) for released, accepted in rows
                  if accepted is not None)
    if not days:
        return CycleDays(0, None, None, None)
    return CycleDays(len(days), sum(days) / len(days), percentile(days, 0.5), percentile(days, 0.9))


async def rework_rate(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> Rate:
    """返工率: reworked quantity ÷ inspected quantity of the lots shipped in the period."""
    return await _lot_rate(session, Lot.qty_reworked, start, due_until(end, tz, now), supplier_id, tz)


async def scrap_rate(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> Rate:
    """报废率: scrapped quantity ÷ inspected quantity of the lots shipped in the period."""
    return await _lot_rate(session, Lot.qty_scrapped, start, due_until(end, tz, now), supplier_id, tz)


async def _lot_rate(
    session: AsyncSession, measured: Any, start: Moment, end: Moment, supplier_id: int | None, tz: ZoneInfo,
) -> Rate:
    inspected = Lot.qty_accepted + Lot.qty_rejected
    query = (
        select(func.sum(measured), func.sum(inspected))
        .select_from(Lot)
        .join(Order, Order.id == Lot.order_id)
        .where(Lot.shipped_at >= as_moment(start, tz), Lot.shipped_at < as_moment(end, tz), inspected > 0,
               *_supplier_filter(supplier_id))
    )
    numerator, denominator = (await session.execute(query)).one()
    return Rate.of(numerator, denominator)


async def on_time_delivery_rate(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> Rate:
    """交货准时率: orders accepted by the end of their due date ÷ orders whose due date ended."""
    first, stop = _day_range(start, due_until(end, tz, now), tz)
    if stop <= first:
        return Rate.of(0, 0)
    ends = _day_ends(first, stop, tz)
    on_time = and_(Order.accepted_at.is_not(None), Order.accepted_at < ends.c.ends_at)
    query = (
        select(func.count(case((on_time, 1))), func.count())
        .select_from(Order)
        .join(ends, ends.c.day == Order.due_date)
        .where(Order.status != OrderStatus.CANCELLED.value, *_supplier_filter(supplier_id))
    )
    numerator, denominator = (await session.execute(query)).one()
    return Rate.of(numerator, denominator)


async def reporting_compliance(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> Rate:
    """填报及时率: prompts answered within their reply window ÷ prompts sent (window closed or answered)."""
    until = due_until(end, tz, now)
    filters = [
        Prompt.sent_at >= as_moment(start, tz), Prompt.sent_at < until,
        or_(Prompt.reply_by <= until, Prompt.answered_at.is_not(None)),
    ]
    if supplier_id is not None:
        filters.append(Prompt.supplier_id == supplier_id)
    answered = and_(Prompt.answered_at.is_not(None), Prompt.answered_at <= Prompt.reply_by)
    query = select(func.count(case((answered, 1))), func.count()).select_from(Prompt).where(*filters)
    numerator, denominator = (await session.execute(query)).one()
    return Rate.of(numerator, denominator)


async def delay_reasons(
    session: AsyncSession, start: Moment, end: Moment, supplier_id: int | None = None, *,
    tz: ZoneInfo = SHANGHAI, now: datetime | None = None, limit: int = 10,
) -> list[tuple[str, int]]:
    """The reasons given when a node's planned date moved in the period, most frequent first."""
    reason = func.trim(MilestoneChange.reason, type_=String)
    query = (
        select(reason, func.count())
        .select_from(MilestoneChange)
        .join(Milestone, Milestone.id == MilestoneChange.milestone_id)
        .join(Order, Order.id == Milestone.order_id)
        .outerjoin(ProgressReport, ProgressReport.id == MilestoneChange.report_id)
        .where(MilestoneChange.field == "planned_date", MilestoneChange.at >= as_moment(start, tz),
               MilestoneChange.at < due_until(end, tz, now), reason != "", MilestoneChange.source != UNDO_SOURCE,
               ProgressReport.undone_at.is_(None), *_supplier_filter(supplier_id))
        .group_by(reason)
        .order_by(func.count().desc(), reason)
        .limit(limit)
    )
    return [(text, count) for text, count in (await session.execute(query)).all()]


# --- the scorecard ------------------------------------------------------------------------

async def supplier_scorecard(
    session: AsyncSession, supplier_id: int, start: Moment, end: Moment, *, tz: ZoneInfo = SHANGHAI, now: datetime | None = None,
) -> Scorecard:
    """供应商评分: the supplier's KPIs over the period, its delay reasons, and a weighted score."""
    on_time = await on_time_delivery_rate(session, start, end, supplier_id, tz=tz, now=now)
    nodes = await node_on_time_rate(session, start, end, supplier_id, tz=tz, now=now)
    fpy = await first_pass_yield(session, start, end, supplier_id, tz=tz, now=now)
    rework = await rework_rate(session, start, end, supplier_id, tz=tz, now=now)
    scrap = await scrap_rate(session, start, end, supplier_id, tz=tz, now=now)
    compliance = await reporting_compliance(session, start, end, supplier_id, tz=tz, now=now)
    return Scorecard(
        supplier_id=supplier_id,
        start=as_moment(start, tz),
        end=due_until(end, tz, now),
        on_time_delivery=on_time,
        node_on_time=nodes,
        first_pass_yield=fpy,
        rework=rework,
        scrap=scrap,
        reporting_compliance=compliance,
        response_time=await exception_response_time(session, start, end, supplier_id, tz=tz, now=now),
        delivery_cycle=await delivery_cycle(session, start, end, supplier_id, tz=tz, now=now),
        delay_reasons=tuple(await delay_reasons(session, start, end, supplier_id, tz=tz, now=now)),
        score=weighted_score({
            "on_time_delivery": on_time.ratio,
            "first_pass_yield": fpy.ratio,
            "node_on_time": nodes.ratio,
            "reporting_compliance": compliance.ratio,
            "rework_scrap": _quality_kept(rework, scrap),
        }),
    )


def _quality_kept(rework: Rate, scrap: Rate) -> float | None:
    """Share of inspected quantity neither reworked nor scrapped (both rates share a denominator)."""
    if not rework.denominator:
        return None
    return max(0.0, 1.0 - (rework.numerator + scrap.numerator) / rework.denominator)


def weighted_score(components: dict[str, float | None]) -> float | None:
    """0–100: the weighted mean of the components that could be measured (weights renormalised).

    A supplier without deliveries in the period is judged on what it did have; with nothing
    measurable the score is None rather than a misleading 0 or 100.
    """
    measured = {name: value for name, value in components.items() if value is not None}
    weight = sum(SCORE_WEIGHTS[name] for name in measured)
    if not weight:
        return None
    return round(100 * sum(SCORE_WEIGHTS[name] * value for name, value in measured.items()) / weight, 1)


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """Linear interpolation between closest ranks, like PostgreSQL's percentile_cont."""
    if not sorted_values:
        raise ValueError("percentile of nothing")
    position = (len(sorted_values) - 1) * fraction
    low = math.floor(position)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (position - low)
