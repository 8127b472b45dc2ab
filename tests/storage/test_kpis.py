"""The KPIs on hand-computed fixtures, on both engines.

Several rows sit on a local-day boundary (done at 07:00 Shanghai = 23:00 UTC the day
before), so a computation in UTC dates instead of the service's local dates fails here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import Database
from storage.kpis import (
    SCORE_WEIGHTS,
    as_moment,
    delay_reasons,
    delivery_cycle,
    exception_response_time,
    first_pass_yield,
    node_on_time_by_supplier,
    node_on_time_rate,
    on_time_delivery_rate,
    percentile,
    reporting_compliance,
    rework_rate,
    scrap_rate,
    supplier_scorecard,
    weighted_score,
)
from storage.models import (
    ExceptionTicket,
    Inspection,
    Lot,
    Milestone,
    MilestoneChange,
    Order,
    Prompt,
    Supplier,
)

SH = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=SH)
START = date(2026, 11, 1)
END = date(2026, 11, 24)  # exclusive: the period is Nov 1 .. Nov 23


def local(day: int, hour: int = 10, minute: int = 0, month: int = 11) -> datetime:
    return datetime.combine(date(2026, month, day), time(hour, minute), SH)


class Rows:
    """Builds rows directly through the models, numbering POs and node sequences."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.count = 0
        self.seq: dict[int, int] = {}

    async def supplier(self, code: str, name: str) -> Supplier:
        supplier = Supplier(code=code, name=name, created_at=NOW)
        self.session.add(supplier)
        await self.session.flush()
        return supplier

    async def order(self, supplier: Supplier, *, due: date = date(2026, 12, 20), release: date = date(2026, 11, 1),
                    status: str = "in_progress", accepted_at: datetime | None = None) -> Order:
        self.count += 1
        order = Order(po=f"PO-{9000 + self.count}", po_key=str(9000 + self.count), supplier_id=supplier.id,
                      part_no="P", process="default", quantity=100, release_date=release, due_date=due,
                      status=status, accepted_at=accepted_at, created_at=NOW, updated_at=NOW)
        self.session.add(order)
        await self.session.flush()
        return order

    async def node(self, order: Order, planned: date, *, done_at: datetime | None = None,
                   original: date | None = None, status: str | None = None) -> Milestone:
        self.seq[order.id] = self.seq.get(order.id, 0) + 1
        node = Milestone(order_id=order.id, seq=self.seq[order.id], node="in_process", planned_date=planned,
                         original_planned_date=original or planned,
                         status=status or ("done" if done_at else "pending"), done_at=done_at, updated_at=NOW)
        self.session.add(node)
        await self.session.flush()
        return node


@pytest.fixture
async def seeded(database: Database) -> Database:
    async with database.write() as session:
        rows = Rows(session)
        hd = await rows.supplier("HD", "华达精密")
        xy = await rows.supplier("XY", "鑫源电子")

        # node on-time (HD): 4 due, 3 on time -> 0.75
        work = await rows.order(hd)
        await rows.node(work, date(2026, 11, 10), done_at=local(10, 23, 30))  # late evening, same local day
        await rows.node(work, date(2026, 11, 12), done_at=local(11))
        await rows.node(work, date(2026, 11, 20), done_at=local(20, 9))
        await rows.node(work, date(2026, 11, 15), done_at=local(16, 7))  # 23:00 UTC on the 15th: late locally
        await rows.node(work, date(2026, 11, 24))  # today: not due yet
        await rows.node(work, date(2026, 10, 31), done_at=local(31, 10, month=10))  # before the period
        await rows.node(work, date(2026, 11, 13), status="skipped")
        cancelled = await rows.order(hd, status="cancelled")
        await rows.node(cancelled, date(2026, 11, 14))
        # XY: a node moved from 11-18 to 11-22, done 11-21: late against the plan as released
        moved = await rows.order(xy)
        await rows.node(moved, date(2026, 11, 22), original=date(2026, 11, 18), done_at=local(21))

        # first-pass yield (HD): 2 of 3 decided first inspections; 380 of 400 pcs
        for verdict, inspected, accepted, first in [
            ("pass", 100, 100, True), ("pass", 200, 200, True), ("fail", 100, 80, True),
            ("pending", 50, None, True), ("pass", 20, 20, False),
        ]:
            session.add(Inspection(order_id=work.id, inspected_at=local(12), inspector="QC", verdict=verdict,
                                   first_inspection=first, qty_inspected=inspected, qty_accepted=accepted))
        session.add(Inspection(order_id=work.id, inspected_at=local(30, month=10), inspector="QC", verdict="fail",
                               qty_inspected=10, qty_accepted=0))

        # response times (HD): 1h, 2h, 4h, 10h; one still open; one opened before the period
        for n, hours in enumerate([1, 2, 4, 10, None]):
            opened = local(5 + n)
            session.add(ExceptionTicket(
                order_id=work.id, kind="delay", title=f"t{n}", opened_at=opened, opened_by="bot",
                acknowledged_at=opened + timedelta(hours=hours) if hours else None,
                acknowledged_by="李娟" if hours else None,
            ))
        session.add(ExceptionTicket(order_id=work.id, kind="delay", title="old", opened_at=local(20, month=10),
                                    opened_by="bot", acknowledged_at=local(21, month=10), acknowledged_by="x"))

        # deliveries (HD): due 11-12 on time, due 11-20 at 23:00 on time, due 11-18 accepted 07:00 the
        # next day (late), due 11-21 not accepted; cancelled and due-today orders left out
        await rows.order(hd, release=date(2026, 11, 1), due=date(2026, 11, 12), status="accepted",
                         accepted_at=local(11))
        await rows.order(hd, release=date(2026, 11, 5), due=date(2026, 11, 20), status="accepted",
                         accepted_at=local(20, 23))
        await rows.order(hd, release=date(2026, 11, 8), due=date(2026, 11, 18), status="accepted",
                         accepted_at=local(19, 7))
        await rows.order(hd, due=date(2026, 11, 21))
        await rows.order(hd, due=date(2026, 11, 15), status="cancelled")
        await rows.order(hd, due=date(2026, 11, 24))

        # lots (HD): rework 8 and scrap 2 of 200 inspected; a lot without a result is left out
        for number, (accepted, rejected, reworked, scrapped) in enumerate([(90, 10, 8, 2), (100, 0, 0, 0), (0, 0, 5, 0)]):
            session.add(Lot(order_id=work.id, lot_no=f"L{number}", qty=100, shipped_at=local(10 + number),
                            qty_accepted=accepted, qty_rejected=rejected, qty_reworked=reworked,
                            qty_scrapped=scrapped))

        # prompts (HD): on time, late, never answered, exactly at the deadline; one still open
        for n, (sent, reply_by, answered) in enumerate([
            (local(3, 9), local(3, 12), local(3, 10)),
            (local(4, 9), local(4, 12), local(4, 13)),
            (local(5, 9), local(5, 12), None),
            (local(6, 9), local(6, 12), local(6, 12)),
            (local(24, 9), local(24, 12), None),
        ]):
            session.add(Prompt(schedule_key=f"p{n}", supplier_id=hd.id, order_ids=[work.id], sent_at=sent,
                               reply_by=reply_by, answered_at=answered))

        # delay reasons
        node = await rows.node(work, date(2026, 12, 1))
        other = await rows.node(moved, date(2026, 12, 1))
        for milestone, at, field, reason in [
            (node, local(2), "planned_date", "钢材没到"), (node, local(9), "planned_date", "钢材没到 "),
            (node, local(10), "planned_date", "设备故障"), (node, local(11), "status", "不算"),
            (node, local(25, month=10), "planned_date", "太早"), (other, local(12), "planned_date", "电镀线排满"),
        ]:
            session.add(MilestoneChange(milestone_id=milestone.id, at=at, actor="供应商", field=field,
                                        old_value="", new_value="", reason=reason))
    return database


async def ids(database: Database) -> dict[str, int]:
    async with database.read() as session:
        return {code: sid for code, sid in (await session.execute(select(Supplier.code, Supplier.id))).all()}


async def test_node_on_time_rate(seeded: Database) -> None:
    hd = (await ids(seeded))["HD"]
    async with seeded.read() as session:
        rate = await node_on_time_rate(session, START, END, hd, tz=SH)
        assert (rate.numerator, rate.denominator, rate.ratio) == (3, 4, 0.75)
        everyone = await node_on_time_rate(session, START, END, tz=SH)
        assert (everyone.numerator, everyone.denominator) == (3, 5)
        replanned = await node_on_time_rate(session, START, END, tz=SH, baseline="current")
        assert (replanned.numerator, replanned.denominator) == (4, 5)
        same = await node_on_time_rate(session, as_moment(START, SH), NOW, hd, tz=SH)
        assert same == rate
        empty = await node_on_time_rate(session, END, END, hd, tz=SH)
        assert (empty.numerator, empty.denominator, empty.ratio) == (0, 0, None)


async def test_first_pass_yield_by_count_and_quantity(seeded: Database) -> None:
    hd = (await ids(seeded))["HD"]
    async with seeded.read() as session:
        count = await first_pass_yield(session, START, END, hd, tz=SH)
        assert (count.numerator, count.denominator) == (2, 3)
        assert count.ratio == pytest.approx(2 / 3)
        quantity = await first_pass_yield(session, START, END, hd, tz=SH, by="quantity")
        assert (quantity.numerator, quantity.denominator, quantity.ratio) == (380, 400, 0.95)


async def test_exception_response_time_median_and_p90(seeded: Database) -> None:
    hd = (await ids(seeded))["HD"]
    async with seeded.read() as session:
        times = await exception_response_time(session, START, END, hd, tz=SH)
    assert times.count == 4
    assert times.median == timedelta(hours=3)
    assert times.p90 == timedelta(hours=8.2)
    assert times.mean == timedelta(hours=4.25)
    assert times.pending == 1


async def test_delivery_cycle_counts_local_days(seeded: Database) -> None:
    hd = (await ids(seeded))["HD"]
    async with seeded.read() as session:
        cycle = await delivery_cycle(session, START, END, hd, tz=SH)
    assert cycle.count == 3
    assert (cycle.mean, cycle.median) == (12.0, 11.0)
    assert cycle.p90 == pytest.approx(14.2)


async def test_rework_and_scrap_rates(seeded: Database) -> None:
    hd = (await ids(seeded))["HD"]
    async with seeded.read() as session:
        rework = await rework_rate(session, START, END, hd, tz=SH)
        scrap = await scrap_rate(session, START, END, hd, tz=SH)
    assert (rework.numerator, rework.denominator, rework.ratio) == (8, 200, 0.04)
    assert (scrap.numerator, scrap.denominator, scrap.ratio) == (2, 200, 0.01)


async def test_on_time_delivery_rate(seeded: Database) -> None:
    hd = (await ids(seeded))["HD"]
    async with seeded.read() as session:
        rate = await on_time_delivery_rate(session, START, END, hd, tz=SH)
    assert (rate.numerator, rate.denominator, rate.ratio) == (2, 4, 0.5)


async def test_reporting_compliance(seeded: Database) -> None:
    hd = (await ids(seeded))["HD"]
    async with seeded.read() as session:
        rate = await reporting_compliance(session, START, NOW, hd, tz=SH)
        later = await reporting_compliance(session, START, NOW + timedelta(hours=3), hd, tz=SH)
    assert (rate.numerator, rate.denominator) == (2, 4)
    assert (later.numerator, later.denominator) == (2, 5)  # the last window closed unanswered


async def test_delay_reasons_grouped_most_frequent_first(seeded: Database) -> None:
    supplier_ids = await ids(seeded)
    async with seeded.read() as session:
        assert await delay_reasons(session, START, END, supplier_ids["HD"], tz=SH) == [("钢材没到", 2), ("设备故障", 1)]
        assert await delay_reasons(session, START, END, supplier_ids["XY"], tz=SH) == [("电镀线排满", 1)]


async def test_scorecard_combines_the_kpis_with_documented_weights(seeded: Database) -> None:
    hd = (await ids(seeded))["HD"]
    async with seeded.read() as session:
        card = await supplier_scorecard(session, hd, START, END, tz=SH)
    assert card.on_time_delivery.ratio == 0.5
    assert card.node_on_time.ratio == 0.75
    assert card.delay_reasons == (("钢材没到", 2), ("设备故障", 1))
    # 100 × (0.30·0.5 + 0.25·2/3 + 0.20·0.75 + 0.15·2/4 + 0.10·(1 − 10/200)) = 63.7
    assert card.score == 63.7
    assert sum(SCORE_WEIGHTS.values()) == pytest.approx(1.0)


def test_weighted_score_renormalises_over_what_was_measured() -> None:
    assert weighted_score({"first_pass_yield": 1.0, "node_on_time": 0.5, "on_time_delivery": None}) == 77.8
    assert weighted_score({"first_pass_yield": None}) is None


def test_percentile_interpolates_like_percentile_cont() -> None:
    values = [1.0, 2.0, 4.0, 10.0]
    assert percentile(values, 0.5) == 3.0
    assert percentile(values, 0.9) == pytest.approx(8.2)
    assert percentile([5.0], 0.9) == 5.0


async def test_a_planned_day_ends_at_local_midnight_across_daylight_saving(database: Database) -> None:
    """Europe/Berlin moves to summer time on 2026-03-29: that day ends at 22:00 UTC, not 23:00."""
    async with database.write() as session:
        rows = Rows(session)
        supplier = await rows.supplier("APX", "Apex Coating")
        order = await rows.order(supplier)
        await rows.node(order, date(2026, 3, 29), done_at=datetime(2026, 3, 29, 21, 30, tzinfo=UTC))
        await rows.node(order, date(2026, 3, 29), done_at=datetime(2026, 3, 29, 22, 30, tzinfo=UTC))
    async with database.read() as session:
        rate = await node_on_time_rate(session, date(2026, 3, 29), date(2026, 3, 30), supplier.id, tz=BERLIN)
    assert (rate.numerator, rate.denominator) == (1, 2)


@pytest.mark.parametrize(("zone", "first", "stop"), [
    ("Asia/Shanghai", date(2026, 11, 1), date(2026, 11, 24)),  # +8 all year: a day ends at 16:00 UTC
    ("Europe/Berlin", date(2026, 6, 1), date(2026, 6, 30)),  # +2 all period: 22:00 UTC
    ("America/New_York", date(2026, 6, 1), date(2026, 6, 30)),  # -4: the next day, 04:00 UTC
    ("Europe/Berlin", date(2026, 3, 20), date(2026, 4, 5)),  # the clocks change on 03-29: counted by day
])
async def test_every_suppliers_node_count_is_each_suppliers_own(database: Database, zone: str, first: date,
                                                                stop: date) -> None:
    """`node_on_time_by_supplier` (on SQLite counted from the orders, each node's day end computed
    from its date while the zone's offset holds) gives each supplier exactly its own
    `node_on_time_rate` (counted by day): done a microsecond before the local day ends is on time,
    done as it ends is late; skipped nodes and cancelled orders count nowhere."""
    tz = ZoneInfo(zone)
    async with database.write() as session:
        rows = Rows(session)
        suppliers = [await rows.supplier(f"Z{n}", f"供应商{n}") for n in range(3)]
        for n, supplier in enumerate(suppliers):
            order = await rows.order(supplier)
            cancelled = await rows.order(supplier, status="cancelled")
            for offset in range(0, (stop - first).days + 2, 3):
                day = first + timedelta(days=offset - 1)  # from the day before the period to the day after
                ends = datetime.combine(day + timedelta(days=1), time.min, tz)
                await rows.node(order, day, done_at=ends - timedelta(microseconds=1))
                await rows.node(order, day, done_at=ends)
                if (offset + n) % 2:
                    await rows.node(order, day, done_at=ends - timedelta(hours=30))
                    await rows.node(order, day)
                    await rows.node(order, day, status="skipped")
                    await rows.node(cancelled, day, done_at=ends - timedelta(hours=1))
    now = datetime.combine(stop + timedelta(days=5), time.min, tz)
    async with database.read() as session:
        everyone = await node_on_time_by_supplier(session, first, stop, tz=tz, now=now)
        each = {s.id: await node_on_time_rate(session, first, stop, s.id, tz=tz, now=now) for s in suppliers}
    assert everyone == each
    assert all(rate.denominator > rate.numerator > 0 for rate in each.values())
