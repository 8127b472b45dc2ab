"""A report with a trend counts each additive rate once, by week, and adds the weeks up for the
period (the KPI page, the API); the monthly report counts each rate once by supplier and week
and adds it up for its figures, its trend and its scorecards. Each figure must be exactly what
its own definition gives for the period alone (`kpi_report(trend=False)`, each bucket alone,
each supplier's scorecard alone): checked on a varied dataset, months past, in progress, across
a daylight-saving change and wholly future, for all orders and one supplier, both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.web.dashboard_kpis import Period, kpi_report, monthly_figures, scorecards
from storage import kpis
from storage.db import Database
from storage.models import Supplier
from tests.figures.varied_world import seed_varied

SH = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")

MONTHS = [
    (Period(date(2026, 10, 1), date(2026, 10, 31)), datetime(2026, 12, 5, tzinfo=UTC), SH),  # past
    (Period(date(2026, 11, 1), date(2026, 11, 30)), datetime(2026, 11, 17, 6, 30, tzinfo=UTC), SH),  # in progress
    (Period(date(2026, 10, 1), date(2026, 10, 31)), datetime(2026, 12, 1, tzinfo=UTC), BERLIN),  # DST change
    (Period(date(2027, 1, 1), date(2027, 1, 31)), datetime(2026, 12, 1, tzinfo=UTC), SH),  # wholly future
]
# a KPI page's default 28 days, a period of odd length, and one trended by month (> 92 days)
PERIODS = [*MONTHS,
           (Period(date(2026, 10, 20), date(2026, 11, 16)), datetime(2026, 11, 10, 3, tzinfo=UTC), BERLIN),
           (Period(date(2026, 9, 3), date(2026, 12, 20)), datetime(2026, 12, 1, tzinfo=UTC), SH)]


async def _alone(session: object, period: Period, tz: ZoneInfo, supplier: Supplier | None,
                 now: datetime) -> dict[str, object]:
    """The report as each figure's own definition gives it: the period's rates counted for the
    period, each trend bucket's counted for that bucket alone."""
    report = await kpi_report(session, period, tz, supplier, now=now, trend=False)  # type: ignore[arg-type]
    report["trend"] = []
    for bucket in period.buckets():
        one = await kpi_report(session, bucket, tz, supplier, now=now, trend=False)  # type: ignore[arg-type]
        report["trend"].append({"from": bucket.first.isoformat(), "to": bucket.last.isoformat(),
                                "future": kpis.as_moment(bucket.first, tz) >= now,
                                "kpis": {key: one["kpis"][key] for key in
                                         ("node_on_time", "first_pass_yield", "on_time_delivery",
                                          "reporting_compliance", "rework", "scrap")}})
    return report


@pytest.mark.parametrize("period, now, tz", PERIODS)
async def test_a_report_with_its_trend_gives_each_figure_its_own_definition(
        database: Database, period: Period, now: datetime, tz: ZoneInfo) -> None:
    supplier_ids = await seed_varied(database, tz=tz, seed=17)
    async with database.read() as session:
        for supplier_id in (None, supplier_ids[1], supplier_ids[-1]):
            supplier = await session.get(Supplier, supplier_id) if supplier_id is not None else None
            report = await kpi_report(session, period, tz, supplier, now=now)
            assert report == await _alone(session, period, tz, supplier, now), f"supplier {supplier_id}"
            if supplier_id is None and now.date() > period.first:
                assert report["kpis"]["node_on_time"]["denominator"] > 0
                assert sum(1 for row in report["trend"] if row["kpis"]["node_on_time"]["denominator"]) > 1


@pytest.mark.parametrize("period, now, tz", MONTHS)
async def test_the_monthly_report_counted_once_is_the_report_and_every_scorecard(
        database: Database, period: Period, now: datetime, tz: ZoneInfo) -> None:
    supplier_ids = await seed_varied(database, tz=tz, seed=19)
    async with database.read() as session:
        report, cards = await monthly_figures(session, period, tz, now=now)
        assert report == await _alone(session, period, tz, None, now)
        assert cards == await scorecards(session, period, tz, now=now)
        for supplier, card in cards:
            assert card == await kpis.supplier_scorecard(session, supplier.id, period.first, period.end, tz=tz,
                                                         now=now)
    assert sorted(s.id for s, _ in cards) == sorted(supplier_ids)
    if now.date() > period.last:
        assert sum(1 for _, card in cards if card.node_on_time.denominator) > 10
        assert sum(1 for _, card in cards if card.on_time_delivery.denominator) > 5
        assert sum(1 for _, card in cards if card.first_pass_yield.denominator) > 5
        assert sum(1 for _, card in cards if card.rework.denominator) > 5
        assert sum(1 for _, card in cards if card.reporting_compliance.denominator) > 5


async def test_a_grid_of_overlapping_periods_keeps_each_periods_own_count(database: Database) -> None:
    """A grid's cells are each (supplier, period) as `*_by_supplier` counts it for that period
    alone, even when the periods overlap (then only their cells, not their sums, are meaningful)."""
    await seed_varied(database, tz=SH, seed=23)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    periods = [(date(2026, 10, 1), date(2026, 11, 1)), (date(2026, 10, 1), date(2026, 10, 8)),
               (date(2026, 10, 25), date(2026, 11, 10)), (date(2026, 12, 20), date(2026, 12, 27))]
    one = {"tz": SH, "now": now}
    async with database.read() as session:
        grids = {
            "nodes": (await kpis.node_on_time_grid(session, periods, **one), kpis.node_on_time_by_supplier),
            "fpy": (await kpis.first_pass_yield_grid(session, periods, **one), kpis.first_pass_yield_by_supplier),
            "on_time": (await kpis.on_time_delivery_grid(session, periods, **one),
                        kpis.on_time_delivery_by_supplier),
            "rework": (await kpis.rework_grid(session, periods, **one), kpis.rework_by_supplier),
            "scrap": (await kpis.scrap_grid(session, periods, **one), kpis.scrap_by_supplier),
            "compliance": (await kpis.reporting_compliance_grid(session, periods, **one),
                           kpis.reporting_compliance_by_supplier),
        }
        for name, (grid, by_supplier) in grids.items():
            for place, (start, end) in enumerate(periods):
                alone = await by_supplier(session, start, end, **one)
                assert grid.by_supplier([place]) == alone, f"{name}, period {place}"
        nodes = grids["nodes"][0]
        assert nodes.period(0).denominator > nodes.period(1).denominator > 0
        assert nodes.period(3) == kpis.Rate.of(0, 0), "a period wholly after now counts nothing"
        assert nodes.period(0) == await kpis.node_on_time_rate(session, *periods[0], **one)
