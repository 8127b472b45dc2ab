"""The report pages compute each figure for every supplier in one grouped statement; those
figures must be exactly the ones the per-supplier functions (chat's /scorecard, the API with a
supplier) give: the same definition, run in another shape. Checked on a varied dataset, several
periods (whole past, in progress, on a daylight-saving change, wholly future), both engines."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.web.dashboard_kpis import Period, scorecards
from storage import kpis
from storage.db import Database
from tests.figures.varied_world import seed_varied

SH = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")

# (first, end exclusive, now, zone)
PERIODS = [
    (date(2026, 9, 1), date(2026, 12, 1), datetime(2026, 12, 5, tzinfo=UTC), SH),  # all past: a scorecard's 90 days
    (date(2026, 10, 1), date(2026, 11, 1), datetime(2026, 10, 17, 6, 30, tzinfo=UTC), SH),  # in progress
    (date(2026, 10, 20), date(2026, 11, 3), datetime(2026, 12, 1, tzinfo=UTC), BERLIN),  # across the DST change
    (date(2026, 12, 10), date(2027, 1, 1), datetime(2026, 12, 1, tzinfo=UTC), SH),  # wholly in the future
]


@pytest.mark.parametrize("first, end, now, tz", PERIODS)
async def test_every_scorecard_at_once_equals_each_one_alone(
        database: Database, first: date, end: date, now: datetime, tz: ZoneInfo) -> None:
    supplier_ids = await seed_varied(database, tz=tz)
    async with database.read() as session:
        together = await kpis.supplier_scorecards(session, supplier_ids, first, end, tz=tz, now=now)
        alone = {sid: await kpis.supplier_scorecard(session, sid, first, end, tz=tz, now=now) for sid in supplier_ids}
    assert together == alone
    measured = [card for card in alone.values() if card.node_on_time.denominator or card.on_time_delivery.denominator]
    if (end - first).days > 60:  # the long past period: every kind of row is in it
        assert len(measured) > 10, "the dataset must give most suppliers something to count"
        assert any(card.delay_reasons for card in alone.values())
        assert any(len(card.delay_reasons) >= 3 for card in alone.values()), "ties and ranks must be exercised"
        assert any(card.response_time.count > 1 for card in alone.values())
        assert any(card.delivery_cycle.count > 1 for card in alone.values())


@pytest.mark.parametrize("first, end, now, tz", PERIODS[:3])
async def test_grouped_rates_equal_the_per_supplier_rates(
        database: Database, first: date, end: date, now: datetime, tz: ZoneInfo) -> None:
    """The quality page's figures by supplier (and the ones a scorecard leaves out: by quantity,
    by stage, against the current plan, a short reason list) are the per-supplier figures."""
    supplier_ids = await seed_varied(database, tz=tz, seed=7)
    none = kpis.Rate.of(0, 0)
    async with database.read() as session:
        grouped = {
            "fpy_qty": await kpis.first_pass_yield_by_supplier(session, first, end, tz=tz, now=now, by="quantity"),
            "fpy_incoming": await kpis.first_pass_yield_by_supplier(session, first, end, tz=tz, now=now,
                                                                    stage="incoming"),
            "nodes_current": await kpis.node_on_time_by_supplier(session, first, end, tz=tz, now=now,
                                                                 baseline="current"),
        }
        reasons = await kpis.delay_reasons_by_supplier(session, first, end, tz=tz, now=now, limit=2)
        for sid in supplier_ids:
            assert grouped["fpy_qty"].get(sid, none) == await kpis.first_pass_yield(
                session, first, end, sid, tz=tz, now=now, by="quantity")
            assert grouped["fpy_incoming"].get(sid, none) == await kpis.first_pass_yield(
                session, first, end, sid, tz=tz, now=now, stage="incoming")
            assert grouped["nodes_current"].get(sid, none) == await kpis.node_on_time_rate(
                session, first, end, sid, tz=tz, now=now, baseline="current")
            assert reasons.get(sid, []) == await kpis.delay_reasons(session, first, end, sid, tz=tz, now=now,
                                                                    limit=2)
    assert any(len(r) == 2 for r in reasons.values())


async def test_the_suppliers_page_ranks_what_each_scorecard_says(database: Database) -> None:
    """`scorecards` (the suppliers page, the monthly report) lists every supplier once, with the
    card chat would show it, best score first and the unscored last."""
    supplier_ids = await seed_varied(database, tz=SH, seed=3)
    period, now = Period(date(2026, 9, 3), date(2026, 11, 30)), datetime(2026, 12, 5, tzinfo=UTC)
    async with database.read() as session:
        cards = await scorecards(session, period, SH, now=now)
        for supplier, card in cards:
            assert card == await kpis.supplier_scorecard(session, supplier.id, period.first, period.end, tz=SH, now=now)
    assert sorted(s.id for s, _ in cards) == sorted(supplier_ids)
    scores = [card.score for _, card in cards]
    scored = [s for s in scores if s is not None]
    assert scored == sorted(scored, reverse=True)
    assert scores[len(scored):] == [None] * (len(scores) - len(scored))
    assert len(scored) < len(scores), "the suppliers with nothing are unscored, last"


# A trend's weeks: in progress (the last ones partly or wholly after `now`), across the DST
# change, and a month trend with a wholly future bucket.
TRENDS = [
    (Period(date(2026, 10, 1), date(2026, 10, 31)), datetime(2026, 10, 17, 6, 30, tzinfo=UTC), SH),
    (Period(date(2026, 10, 12), date(2026, 11, 8)), datetime(2026, 12, 1, tzinfo=UTC), BERLIN),
    (Period(date(2026, 9, 1), date(2027, 1, 31)), datetime(2026, 12, 1, tzinfo=UTC), SH),
]


@pytest.mark.parametrize("period, now, tz", TRENDS)
async def test_a_trends_periods_in_one_statement_equal_each_period_alone(
        database: Database, period: Period, now: datetime, tz: ZoneInfo) -> None:
    """The KPI trend and the quality page ask each figure for all their weeks (or months) in
    one statement; each week's figure is the one that week alone gives, for all orders and
    for one supplier, against either plan. A bucket with nothing yet fallen due is 0 of 0."""
    supplier_ids = await seed_varied(database, tz=tz, seed=11)
    buckets = period.buckets()
    assert len(buckets) > 2
    bounds = [(b.first, b.end) for b in buckets]
    async with database.read() as session:
        for supplier_id in (None, supplier_ids[0], supplier_ids[5], supplier_ids[-1]):
            one = {"tz": tz, "now": now}
            together = {
                "nodes": await kpis.node_on_time_by_period(session, bounds, supplier_id, **one),
                "nodes_current": await kpis.node_on_time_by_period(session, bounds, supplier_id, **one,
                                                                   baseline="current"),
                "fpy": await kpis.first_pass_yield_by_period(session, bounds, supplier_id, **one),
                "fpy_qty": await kpis.first_pass_yield_by_period(session, bounds, supplier_id, **one, by="quantity"),
                "rework": await kpis.rework_by_period(session, bounds, supplier_id, **one),
                "scrap": await kpis.scrap_by_period(session, bounds, supplier_id, **one),
                "on_time": await kpis.on_time_delivery_by_period(session, bounds, supplier_id, **one),
                "compliance": await kpis.reporting_compliance_by_period(session, bounds, supplier_id, **one),
            }
            alone: dict[str, list[kpis.Rate]] = {key: [] for key in together}
            for start, end in bounds:
                alone["nodes"].append(await kpis.node_on_time_rate(session, start, end, supplier_id, **one))
                alone["nodes_current"].append(await kpis.node_on_time_rate(session, start, end, supplier_id, **one,
                                                                           baseline="current"))
                alone["fpy"].append(await kpis.first_pass_yield(session, start, end, supplier_id, **one))
                alone["fpy_qty"].append(await kpis.first_pass_yield(session, start, end, supplier_id, **one,
                                                                    by="quantity"))
                alone["rework"].append(await kpis.rework_rate(session, start, end, supplier_id, **one))
                alone["scrap"].append(await kpis.scrap_rate(session, start, end, supplier_id, **one))
                alone["on_time"].append(await kpis.on_time_delivery_rate(session, start, end, supplier_id, **one))
                alone["compliance"].append(await kpis.reporting_compliance(session, start, end, supplier_id, **one))
            assert together == alone, f"supplier {supplier_id}"
            if supplier_id is None:
                assert sum(1 for rate in together["nodes"] if rate.denominator) > 1, "several weeks count nodes"
                assert together["nodes"][-1] == kpis.Rate.of(0, 0) or buckets[-1].first < now.date()


@pytest.mark.parametrize("first, end, now, tz", PERIODS)
async def test_all_orders_count_is_every_suppliers_count_added_up(
        database: Database, first: date, end: date, now: datetime, tz: ZoneInfo) -> None:
    """All orders' node on-time rate (counted per order first, then joined to the orders) is the
    sum of what each supplier's own (flat) count gives, numerator and denominator alike."""
    supplier_ids = await seed_varied(database, tz=tz, seed=5)
    async with database.read() as session:
        everyone = await kpis.node_on_time_rate(session, first, end, tz=tz, now=now)
        each = [await kpis.node_on_time_rate(session, first, end, sid, tz=tz, now=now) for sid in supplier_ids]
        grouped = await kpis.node_on_time_by_supplier(session, first, end, tz=tz, now=now)
    assert everyone == kpis.Rate.of(sum(r.numerator for r in each), sum(r.denominator for r in each))
    assert {sid: rate for sid, rate in zip(supplier_ids, each, strict=True) if rate.denominator} == grouped


async def test_periods_that_overlap_each_count_their_own_nodes(database: Database) -> None:
    """One statement for several periods reads each node once, yet a node in two of the periods
    (a month and its first week, or the same week twice) counts in both, as it would alone."""
    supplier_ids = await seed_varied(database, tz=SH, seed=13)
    now = datetime(2026, 12, 1, tzinfo=UTC)
    periods = [(date(2026, 10, 1), date(2026, 11, 1)), (date(2026, 10, 1), date(2026, 10, 8)),
               (date(2026, 10, 1), date(2026, 10, 8)), (date(2026, 12, 20), date(2026, 12, 27)),
               (date(2026, 10, 25), date(2026, 11, 10))]
    everyone: list[kpis.Rate] = []
    async with database.read() as session:
        for supplier_id in (None, supplier_ids[2]):
            together = await kpis.node_on_time_by_period(session, periods, supplier_id, tz=SH, now=now)
            alone = [await kpis.node_on_time_rate(session, start, end, supplier_id, tz=SH, now=now)
                     for start, end in periods]
            assert together == alone
            everyone = everyone or together
            assert await kpis.on_time_delivery_by_period(session, periods, supplier_id, tz=SH, now=now) == [
                await kpis.on_time_delivery_rate(session, start, end, supplier_id, tz=SH, now=now)
                for start, end in periods]
    assert everyone[0].denominator > everyone[1].denominator > 0
    assert everyone[3] == kpis.Rate.of(0, 0), "a period wholly after now counts nothing"
