"""The KPI figures as one JSON-ready report, shared by the KPI page, its .xlsx and
`GET /api/v1/kpis`, so what a buyer sees and what a script reads are the same numbers.

All figures come from `storage.kpis` (computed by the database). A period is given as
local dates `from`..`to`, both included; it is passed on as [from, to + 1 day) in the
service's zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import kpis
from storage.models import Supplier

MAX_DAYS = 3 * 366
WEEKLY_UP_TO_DAYS = 92  # longer periods trend by month

# The KPIs of BRIEF.md, in its order: key -> (zh, en)
KPI_LABELS: dict[str, tuple[str, str]] = {
    "node_on_time": ("订单进度达成率", "Node on-time rate"),
    "first_pass_yield": ("质量一次合格率", "First-pass yield"),
    "first_pass_yield_qty": ("质量一次合格率（按数量）", "First-pass yield (quantity)"),
    "exception_response": ("异常响应时效", "Exception response time"),
    "delivery_cycle": ("订单交付周期", "Delivery cycle"),
    "rework": ("返工率", "Rework rate"),
    "scrap": ("报废率", "Scrap rate"),
    "on_time_delivery": ("交货准时率", "On-time delivery rate"),
    "reporting_compliance": ("填报及时率", "Reporting compliance"),
}
RATE_KEYS = ("node_on_time", "first_pass_yield", "first_pass_yield_qty", "rework", "scrap", "on_time_delivery",
             "reporting_compliance")
TREND_KEYS = ("node_on_time", "first_pass_yield", "on_time_delivery", "reporting_compliance", "rework", "scrap")


class PeriodError(ValueError):
    """A period the user typed that cannot be used; the message is in both languages."""


@dataclass(frozen=True)
class Period:
    first: date  # included
    last: date  # included

    @property
    def end(self) -> date:
        """The exclusive end that `storage.kpis` takes."""
        return self.last + timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.first).days

    def buckets(self) -> list[Period]:
        """Weeks from the first day (the last one may be short), or calendar months for long periods."""
        out: list[Period] = []
        if self.days <= WEEKLY_UP_TO_DAYS:
            day = self.first
            while day <= self.last:
                out.append(Period(day, min(self.last, day + timedelta(days=6))))
                day += timedelta(days=7)
            return out
        day = self.first
        while day <= self.last:
            next_month = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
            out.append(Period(day, min(self.last, next_month - timedelta(days=1))))
            day = next_month
        return out

    def label(self) -> str:
        """A trend bucket's name: a week by its first day, a month by its month."""
        return f"{self.first:%m-%d}" if self.days <= 7 else f"{self.first:%Y-%m}"


def parse_period(raw_from: str | None, raw_to: str | None, today: date, default_days: int) -> Period:
    """`from`/`to` as YYYY-MM-DD (both included); missing ones default to the last `default_days` days."""
    try:
        last = date.fromisoformat(raw_to.strip()) if raw_to and raw_to.strip() else today
        first = date.fromisoformat(raw_from.strip()) if raw_from and raw_from.strip() else \
            last - timedelta(days=default_days - 1)
    except ValueError:
        raise PeriodError("日期格式应为 YYYY-MM-DD / dates are YYYY-MM-DD") from None
    if first > last:
        raise PeriodError("开始日期晚于结束日期 / from is after to")
    if (last - first).days >= MAX_DAYS:
        raise PeriodError(f"期间最长 {MAX_DAYS} 天 / at most {MAX_DAYS} days")
    return Period(first, last)


def month_period(raw: str | None, today: date) -> Period:
    """`YYYY-MM` as the whole month; missing means the current month."""
    text = (raw or "").strip() or f"{today:%Y-%m}"
    try:
        first = date.fromisoformat(f"{text}-01")
    except ValueError:
        raise PeriodError("月份格式应为 YYYY-MM / the month is YYYY-MM") from None
    next_month = (first + timedelta(days=32)).replace(day=1)
    return Period(first, next_month - timedelta(days=1))


async def find_supplier(session: AsyncSession, text: str | None) -> Supplier | None:
    """A supplier by code or name; None when no text. Raises LookupError when unknown."""
    if not text or not text.strip():
        return None
    text = text.strip()
    supplier = await session.scalar(select(Supplier).where(or_(Supplier.code == text, Supplier.name == text)))
    if supplier is None:
        raise LookupError(text)
    return supplier


# --- JSON shapes ----------------------------------------------------------------------------

def rate_json(rate: kpis.Rate) -> dict[str, Any]:
    return {"numerator": rate.numerator, "denominator": rate.denominator, "ratio": rate.ratio}


def _hours(value: timedelta | None) -> float | None:
    return round(value.total_seconds() / 3600, 2) if value is not None else None


def _days(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def durations_json(d: kpis.Durations) -> dict[str, Any]:
    return {"count": d.count, "median_hours": _hours(d.median), "p90_hours": _hours(d.p90),
            "mean_hours": _hours(d.mean), "pending": d.pending}


def cycle_json(c: kpis.CycleDays) -> dict[str, Any]:
    return {"count": c.count, "mean_days": _days(c.mean), "median_days": _days(c.median), "p90_days": _days(c.p90)}


# Rates whose rows each fall in one day of the period (a node's planned day, an order's due
# day, an inspection's or a lot's moment): over the weeks that tile a period they add up to the
# period's own figure, so a report with a trend counts them once, by week. Reporting compliance
# does not (a prompt counts once its reply window closed by the period's end, which a week may
# not reach); it is counted for the period itself as well.
ADDITIVE_KEYS = ("node_on_time", "first_pass_yield", "on_time_delivery", "rework", "scrap")


async def _rates(session: AsyncSession, period: Period, supplier_id: int | None, tz: ZoneInfo,
                 keys: tuple[str, ...], now: datetime) -> dict[str, kpis.Rate]:
    start, end = period.first, period.end
    calls = {
        "node_on_time": lambda: kpis.node_on_time_rate(session, start, end, supplier_id, tz=tz, now=now),
        "first_pass_yield": lambda: kpis.first_pass_yield(session, start, end, supplier_id, tz=tz, now=now),
        "first_pass_yield_qty": lambda: kpis.first_pass_yield(session, start, end, supplier_id, tz=tz,
                                                              now=now, by="quantity"),
        "rework": lambda: kpis.rework_rate(session, start, end, supplier_id, tz=tz, now=now),
        "scrap": lambda: kpis.scrap_rate(session, start, end, supplier_id, tz=tz, now=now),
        "on_time_delivery": lambda: kpis.on_time_delivery_rate(session, start, end, supplier_id, tz=tz, now=now),
        "reporting_compliance": lambda: kpis.reporting_compliance(session, start, end, supplier_id, tz=tz, now=now),
    }
    return {key: await calls[key]() for key in keys}


async def _rates_by_period(session: AsyncSession, periods: list[Period], supplier_id: int | None, tz: ZoneInfo,
                           keys: tuple[str, ...], now: datetime) -> dict[str, list[kpis.Rate]]:
    """`_rates` of each period (a trend's buckets): one statement per figure for all of them."""
    bounds = [(p.first, p.end) for p in periods]
    calls = {
        "node_on_time": lambda: kpis.node_on_time_by_period(session, bounds, supplier_id, tz=tz, now=now),
        "first_pass_yield": lambda: kpis.first_pass_yield_by_period(session, bounds, supplier_id, tz=tz, now=now),
        "first_pass_yield_qty": lambda: kpis.first_pass_yield_by_period(session, bounds, supplier_id, tz=tz,
                                                                        now=now, by="quantity"),
        "rework": lambda: kpis.rework_by_period(session, bounds, supplier_id, tz=tz, now=now),
        "scrap": lambda: kpis.scrap_by_period(session, bounds, supplier_id, tz=tz, now=now),
        "on_time_delivery": lambda: kpis.on_time_delivery_by_period(session, bounds, supplier_id, tz=tz, now=now),
        "reporting_compliance": lambda: kpis.reporting_compliance_by_period(session, bounds, supplier_id, tz=tz,
                                                                            now=now),
    }
    return {key: await calls[key]() for key in keys}


async def kpi_report(
    session: AsyncSession, period: Period, tz: ZoneInfo, supplier: Supplier | None = None, *, now: datetime,
    trend: bool = True,
) -> dict[str, Any]:
    """Every KPI of the brief over the period (optionally for one supplier), with a trend.

    Counted up to min(period end, now): a trend bucket that has not begun has no value
    (None, drawn as a gap), never 0 %. With a trend, the additive rates are counted once, by
    bucket, and the period's figure is their sum (`ADDITIVE_KEYS`).
    """
    supplier_id = supplier.id if supplier is not None else None
    if not trend:
        return await _report(session, period, tz, supplier, now,
                             await _rates(session, period, supplier_id, tz, RATE_KEYS, now), None)
    buckets = period.buckets()
    weekly = await _rates_by_period(session, buckets, supplier_id, tz, TREND_KEYS, now)
    rates = {key: kpis.Rate.total(weekly[key]) for key in ADDITIVE_KEYS}
    rates |= await _rates(session, period, supplier_id, tz, tuple(k for k in RATE_KEYS if k not in rates), now)
    return await _report(session, period, tz, supplier, now, rates, weekly)


async def _report(session: AsyncSession, period: Period, tz: ZoneInfo, supplier: Supplier | None, now: datetime,
                  rates: dict[str, kpis.Rate], weekly: dict[str, list[kpis.Rate]] | None) -> dict[str, Any]:
    """The KPI report's JSON from its rates (and the trend buckets' rates, `TREND_KEYS`)."""
    supplier_id = supplier.id if supplier is not None else None
    figures: dict[str, Any] = {key: rate_json(rates[key]) for key in RATE_KEYS}
    figures["exception_response"] = durations_json(
        await kpis.exception_response_time(session, period.first, period.end, supplier_id, tz=tz, now=now))
    figures["delivery_cycle"] = cycle_json(
        await kpis.delivery_cycle(session, period.first, period.end, supplier_id, tz=tz, now=now))
    report: dict[str, Any] = {
        "period": {"from": period.first.isoformat(), "to": period.last.isoformat(),
                   "end_exclusive": period.end.isoformat(), "timezone": tz.key,
                   "counted_until": kpis.due_until(period.end, tz, now).astimezone(tz).isoformat()},
        "supplier": {"code": supplier.code, "name": supplier.name} if supplier is not None else None,
        "kpis": {key: figures[key] for key in KPI_LABELS},
    }
    if weekly is not None:
        buckets = period.buckets()
        report["trend"] = [
            {"from": b.first.isoformat(), "to": b.last.isoformat(),
             "future": kpis.as_moment(b.first, tz) >= now,
             "kpis": {key: rate_json(weekly[key][place]) for key in TREND_KEYS}}
            for place, b in enumerate(buckets)
        ]
    return report


async def scorecards(
    session: AsyncSession, period: Period, tz: ZoneInfo, *, now: datetime,
    counted: dict[str, dict[int, kpis.Rate]] | None = None,
) -> list[tuple[Supplier, kpis.Scorecard]]:
    """Every supplier's scorecard, best score first (unscored last): one statement per figure for
    all suppliers, so the page does not grow by ten statements a supplier. `counted`: rates by
    supplier already counted over this period (`kpis.supplier_scorecards`)."""
    suppliers = (await session.scalars(select(Supplier).order_by(Supplier.code))).all()
    by_id = await kpis.supplier_scorecards(session, [s.id for s in suppliers], period.first, period.end, tz=tz,
                                           now=now, counted=counted)
    cards = [(s, by_id[s.id]) for s in suppliers]
    return sorted(cards, key=lambda pair: (pair[1].score is None, -(pair[1].score or 0), pair[0].code))


async def monthly_figures(
    session: AsyncSession, period: Period, tz: ZoneInfo, *, now: datetime,
) -> tuple[dict[str, Any], list[tuple[Supplier, kpis.Scorecard]]]:
    """The monthly report's KPI report (with its weekly trend) and every supplier's scorecard,
    exactly `kpi_report(period)` and `scorecards(period)`, with each additive rate counted once:
    by supplier and week (`kpis.*_grid`), then added up by week for the trend, over the weeks
    for the month, and over the weeks by supplier for the scorecards. Before, the month's half
    a million nodes were read three times (figures, trend, scorecards)."""
    buckets = period.buckets()
    bounds = [(b.first, b.end) for b in buckets]
    weeks = list(range(len(buckets)))
    grids = {
        "node_on_time": await kpis.node_on_time_grid(session, bounds, tz=tz, now=now),
        "first_pass_yield": await kpis.first_pass_yield_grid(session, bounds, tz=tz, now=now),
        "on_time_delivery": await kpis.on_time_delivery_grid(session, bounds, tz=tz, now=now),
        "rework": await kpis.rework_grid(session, bounds, tz=tz, now=now),
        "scrap": await kpis.scrap_grid(session, bounds, tz=tz, now=now),
    }
    # compliance of the month itself at place 0, then of each week
    compliance = await kpis.reporting_compliance_grid(session, [(period.first, period.end), *bounds], tz=tz,
                                                      now=now)
    weekly = {key: [grid.period(week) for week in weeks] for key, grid in grids.items()}
    weekly["reporting_compliance"] = [compliance.period(week + 1) for week in weeks]
    rates = {key: grid.periods(weeks) for key, grid in grids.items()}
    rates["reporting_compliance"] = compliance.period(0)
    rates |= await _rates(session, period, None, tz, tuple(k for k in RATE_KEYS if k not in rates), now)
    report = await _report(session, period, tz, None, now, rates, weekly)
    counted = {key: grid.by_supplier(weeks) for key, grid in grids.items()}
    counted["reporting_compliance"] = compliance.by_supplier([0])
    return report, await scorecards(session, period, tz, now=now, counted=counted)


def scorecard_json(supplier: Supplier, card: kpis.Scorecard) -> dict[str, Any]:
    return {
        "supplier": {"code": supplier.code, "name": supplier.name}, "score": card.score,
        "on_time_delivery": rate_json(card.on_time_delivery), "node_on_time": rate_json(card.node_on_time),
        "first_pass_yield": rate_json(card.first_pass_yield), "rework": rate_json(card.rework),
        "scrap": rate_json(card.scrap), "reporting_compliance": rate_json(card.reporting_compliance),
        "exception_response": durations_json(card.response_time), "delivery_cycle": cycle_json(card.delivery_cycle),
        "delay_reasons": [{"reason": r, "count": c} for r, c in card.delay_reasons],
    }


def percent(ratio: float | None) -> str:
    """How every rate is shown, on the page and in the sheet: one decimal, or a dash."""
    return "—" if ratio is None else f"{ratio * 100:.1f}%"
