"""Each KPI counts only what fell due in the period, up to min(period end, now), and
withdrawn reports count nowhere: the December of `world.py`, worked out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from storage import kpis
from storage.db import Database
from tests.figures.world import NOW, SH, December, seed_december

DEC_1, JAN_1 = date(2026, 12, 1), date(2027, 1, 1)


@pytest.fixture
async def december(database: Database) -> December:
    return await seed_december(database)


async def test_a_month_in_progress_counts_what_fell_due_up_to_now(database: Database, december: December) -> None:
    async with database.read() as session:
        nodes = await kpis.node_on_time_rate(session, DEC_1, JAN_1, tz=SH, now=NOW)
        orders = await kpis.on_time_delivery_rate(session, DEC_1, JAN_1, tz=SH, now=NOW)
        compliance = await kpis.reporting_compliance(session, DEC_1, JAN_1, tz=SH, now=NOW)
        fpy = await kpis.first_pass_yield(session, DEC_1, JAN_1, tz=SH, now=NOW)
    assert nodes == kpis.Rate(2, 4, 0.5)  # today's node and the 12-20 node are not due yet
    assert orders == kpis.Rate(1, 2, 0.5)  # PO-7004 (12-15) and PO-7001 (12-31) are not due yet
    assert compliance == kpis.Rate(1, 2, 0.5)  # the 14:00 prompt's window is still open
    assert (fpy.numerator, fpy.denominator) == (2, 3)


async def test_the_whole_month_counts_once_it_is_over(database: Database, december: December) -> None:
    later = NOW + timedelta(days=40)
    async with database.read() as session:
        nodes = await kpis.node_on_time_rate(session, DEC_1, JAN_1, tz=SH, now=later)
        orders = await kpis.on_time_delivery_rate(session, DEC_1, JAN_1, tz=SH, now=later)
    assert nodes == kpis.Rate(2, 6, 2 / 6)
    assert orders == kpis.Rate(1, 4, 0.25)


async def test_a_future_period_has_no_value_not_zero(database: Database, december: December) -> None:
    async with database.read() as session:
        for start, end in [(date(2026, 12, 8), date(2026, 12, 15)), (date(2026, 12, 20), date(2026, 12, 21))]:
            for rate in (await kpis.node_on_time_rate(session, start, end, tz=SH, now=NOW),
                         await kpis.on_time_delivery_rate(session, start, end, tz=SH, now=NOW),
                         await kpis.reporting_compliance(session, start, end, tz=SH, now=NOW),
                         await kpis.first_pass_yield(session, start, end, tz=SH, now=NOW)):
                assert rate == kpis.Rate(0, 0, None)


async def test_withdrawn_reports_count_nowhere(database: Database, december: December) -> None:
    async with database.read() as session:
        response = await kpis.exception_response_time(session, DEC_1, JAN_1, tz=SH, now=NOW)
        reasons = await kpis.delay_reasons(session, DEC_1, JAN_1, tz=SH, now=NOW)
    assert (response.count, response.median, response.pending) == (1, timedelta(hours=2), 0)
    assert reasons == [("停电", 1)]  # not 钢材没到 (withdrawn), not "undo of report #…"


async def test_the_scorecard_is_made_of_the_same_figures(database: Database, december: December) -> None:
    today = NOW.date()
    async with database.read() as session:
        card = await kpis.supplier_scorecard(session, december.supplier_id,
                                             today - timedelta(days=kpis.SCORECARD_DAYS - 1),
                                             today + timedelta(days=1), tz=SH, now=NOW)
    assert card.end == NOW
    assert (card.node_on_time.numerator, card.node_on_time.denominator) == (2, 4)
    assert (card.on_time_delivery.numerator, card.on_time_delivery.denominator) == (1, 2)
    assert (card.reporting_compliance.numerator, card.reporting_compliance.denominator) == (1, 2)
    assert (card.first_pass_yield.numerator, card.first_pass_yield.denominator) == (2, 3)
    assert card.delay_reasons == (("停电", 1),)
    assert card.score == 54.6


async def test_the_lot_and_cycle_kpis_of_a_month_in_progress_count_up_to_now(
    database: Database, december: December,
) -> None:
    """By hand: lot A shipped 12-01 16:00 (90 accepted, 10 rejected of which 6 reworked and 4
    scrapped) counts; lot B, entered as shipping at 12-03 18:00 (after now, 15:00), does not.
    PO-7003 accepted 12-02 17:00, released 11-20: a 12-day cycle. First pass by quantity:
    10 + 10 accepted of 3 × 10 inspected."""
    from sqlalchemy import update

    from storage.models import Lot, Order
    from tests.figures.world import at

    async with database.write() as session:
        session.add_all([
            Lot(order_id=december.order_id, lot_no="A", qty=100, shipped_at=at(1, 16), qty_accepted=90,
                qty_rejected=10, qty_reworked=6, qty_scrapped=4),
            Lot(order_id=december.order_id, lot_no="B", qty=100, shipped_at=at(3, 18), qty_accepted=50,
                qty_rejected=50, qty_reworked=50),
        ])
        await session.execute(update(Order).where(Order.po == "PO-7003").values(status="accepted",
                                                                                accepted_at=at(2, 17)))
    async with database.read() as session:
        rework = await kpis.rework_rate(session, DEC_1, JAN_1, tz=SH, now=NOW)
        scrap = await kpis.scrap_rate(session, DEC_1, JAN_1, tz=SH, now=NOW)
        cycle = await kpis.delivery_cycle(session, DEC_1, JAN_1, tz=SH, now=NOW)
        by_qty = await kpis.first_pass_yield(session, DEC_1, JAN_1, tz=SH, now=NOW, by="quantity")
        later = await kpis.rework_rate(session, DEC_1, JAN_1, tz=SH, now=NOW + timedelta(hours=4))
    assert rework == kpis.Rate(6, 100, 0.06) and scrap == kpis.Rate(4, 100, 0.04)
    assert (cycle.count, cycle.mean) == (1, 12.0)
    assert (by_qty.numerator, by_qty.denominator) == (20, 30)
    assert later == kpis.Rate(56, 200, 0.28)  # lot B counts once it has shipped
