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
