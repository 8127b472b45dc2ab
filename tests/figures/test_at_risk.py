""""At risk" is one rule (storage.risk), worked out by hand; the board, the order page,
`/status`, the digest and the warning job all show what it says, with its reason.

NOW is Thursday 2026-12-03 15:00 in Shanghai.
- PO-8001 (华达: 2 of its 3 recent nodes late, by 2.5 days on average, so history needs fewer
  than 3 days left): current node window 11-27 → end of 12-06 = 10 days, 6.625 days gone
  (66 %); 20 % done: 0.20 + 0.35 < 0.66 -> LAG.
- PO-8002 (华达): same window, 40 % done: 0.40 + 0.35 > 0.66 -> on track.
- PO-8003 (鑫源, 3 of its 4 recent nodes late by 4, 2 and 3 days: mean 3): node due 12-05,
  window 11-04 → end of 12-05, 93 % gone but 90 % done (no lag); 2 days left < 3 -> HISTORY.
- PO-8004 (鑫源): node due 12-02, open -> overdue, not at risk.
- PO-8005 (鑫源): node due 12-20, 0 % done, 17 days left; window 11-25 → end of 12-20,
  34 % gone < 50 % -> on track.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from storage.db import Database
from storage.models import Milestone, Order, Supplier
from storage.risk import NO_HISTORY, RiskReason, at_risk_nodes

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 3, 15, 0, tzinfo=SH)


def at(month: int, day: int, hour: int = 10) -> datetime:
    return datetime.combine(date(2026, month, day), time(hour), SH)


async def seed(database: Database) -> None:
    async with database.write() as session:
        hd = Supplier(code="HD", name="华达精密", created_at=NOW)
        xy = Supplier(code="XY", name="鑫源电子", created_at=NOW)
        session.add_all([hd, xy])
        await session.flush()
        n = 0

        async def order(supplier: Supplier, release: date, nodes: list[tuple[date, str, float, datetime | None]],
                        status: str = "in_progress") -> None:
            nonlocal n
            n += 1
            o = Order(po=f"PO-{8000 + n}", po_key=str(8000 + n), supplier_id=supplier.id, part_no="P",
                      process="default", quantity=100, release_date=release, due_date=nodes[-1][0], status=status,
                      created_at=NOW, updated_at=NOW)
            session.add(o)
            await session.flush()
            for seq, (planned, state, percent, done_at) in enumerate(nodes, start=1):
                session.add(Milestone(order_id=o.id, seq=seq, node="in_process", planned_date=planned,
                                      original_planned_date=planned, status=state, percent=percent, done_at=done_at,
                                      updated_at=NOW))

        await order(hd, date(2026, 11, 20), [(date(2026, 11, 26), "done", 100, at(11, 26)),
                                             (date(2026, 12, 6), "in_progress", 20, None)])
        await order(hd, date(2026, 11, 20), [(date(2026, 11, 26), "done", 100, at(11, 28)),
                                             (date(2026, 12, 6), "in_progress", 40, None)])
        await order(xy, date(2026, 11, 4), [(date(2026, 12, 5), "in_progress", 90, None)])
        await order(xy, date(2026, 11, 1), [(date(2026, 11, 10), "done", 100, at(11, 14)),
                                            (date(2026, 11, 20), "done", 100, at(11, 22)),
                                            (date(2026, 11, 25), "done", 100, at(11, 28)),
                                            (date(2026, 11, 28), "done", 100, at(11, 28, 9)),
                                            (date(2026, 12, 2), "pending", 0, None)])
        await order(xy, date(2026, 11, 25), [(date(2026, 12, 20), "pending", 0, None)])
        # a closed order's late node is history too, but never at risk itself
        await order(hd, date(2026, 11, 1), [(date(2026, 11, 20), "done", 100, at(11, 23))], status="accepted")


@pytest.fixture
async def seeded(database: Database) -> Database:
    await seed(database)
    return database


async def test_the_at_risk_list_worked_out_by_hand(seeded: Database) -> None:
    async with seeded.read() as session:
        risks = await at_risk_nodes(session, NOW, fallback_zone=SH)
    assert [(r.po, r.reason) for r in risks] == [("PO-8003", RiskReason.HISTORY), ("PO-8001", RiskReason.LAG)]
    lag = risks[1]
    assert round(lag.elapsed, 3) == 0.662 and lag.progress == 0.2
    assert lag.explain("zh") == "进度20%，时间已过66%"
    assert lag.explain("en") == "20% done, 66% of the time gone"
    history = risks[0]
    assert (history.history.done, history.history.late, history.history.mean_late_days) == (4, 3, 3.0)
    assert history.explain("zh") == "鑫源电子近期4个节点中3个延期，平均晚3天；本节点还剩2天"
    assert history.explain("en") == "鑫源电子 finished 3 of its last 4 nodes late, by 3 d on average; 2 d left"


async def test_a_late_node_is_overdue_not_at_risk_and_a_done_window_is_judged_by_the_clock(seeded: Database) -> None:
    async with seeded.read() as session:
        later = await at_risk_nodes(session, NOW + timedelta(days=2), fallback_zone=SH)
    # 12-05 15:00: PO-8003's date is today (still at risk), PO-8001 lags further, PO-8002 now lags too
    assert [(r.po, r.reason) for r in later] == [
        ("PO-8003", RiskReason.HISTORY), ("PO-8001", RiskReason.LAG), ("PO-8002", RiskReason.LAG)]
    async with seeded.read() as session:
        after = await at_risk_nodes(session, NOW + timedelta(days=4), fallback_zone=SH)
    assert [r.po for r in after] == []  # 12-07: all three are late now, which is "overdue"


async def test_status_the_board_and_the_order_page_show_the_same_risk_and_reason(seeded: Database) -> None:
    from handlers.context import HandlerContext
    from handlers.order_status import render_status
    from scheduler.ladder import Ladder
    from storage.board import BoardFilter, NodeState, board_page
    from storage.order_glance import glance_at

    async with seeded.read() as session:
        board = await board_page(session, BoardFilter(health="at_risk"), today=NOW.date(), zone=SH, now=NOW)
        on_track = await board_page(session, BoardFilter(health="on_track"), today=NOW.date(), zone=SH, now=NOW)
        found = await glance_at(session, "PO-8001")
        assert found is not None
        ctx = HandlerContext(now=NOW, timezone=SH, language="zh", inbox_id=None, ladder=Ladder())
        status, _ = await render_status(session, *found, "zh", ctx, with_buttons=False)
    assert [(row.po, row.health) for row in board.rows] == [("PO-8003", NodeState.AT_RISK),
                                                            ("PO-8001", NodeState.AT_RISK)]
    assert [row.po for row in on_track.rows] == ["PO-8002", "PO-8005"]
    assert board.rows[1].risk is not None and board.rows[1].risk.explain("zh") == "进度20%，时间已过66%"
    assert [n.state for n in board.rows[1].nodes] == [NodeState.DONE, NodeState.AT_RISK]
    assert "❗有风险：半成品加工——进度20%，时间已过66%" in status


# --- the board's filter is the same rule as a set query ------------------------------------

async def orders_at_risk(database: Database, now: datetime) -> set[str]:
    from sqlalchemy import select

    from storage.risk import at_risk_orders

    async with database.read() as session:
        risky = await at_risk_orders(session, now, fallback_zone=SH)
        return set((await session.execute(select(Order.po).where(Order.id.in_(risky)))).scalars())


async def test_the_set_query_names_the_orders_worked_out_by_hand(seeded: Database) -> None:
    assert await orders_at_risk(seeded, NOW) == {"PO-8001", "PO-8003"}
    assert await orders_at_risk(seeded, NOW + timedelta(days=2)) == {"PO-8001", "PO-8002", "PO-8003"}
    assert await orders_at_risk(seeded, NOW + timedelta(days=4)) == set()


ZONES = (ZoneInfo("Asia/Shanghai"), ZoneInfo("Europe/Berlin"), ZoneInfo("America/Chicago"), ZoneInfo("Asia/Kolkata"))


async def many_orders(database: Database) -> None:
    """Suppliers in four zones (two with summer time ending inside the 90 days of history),
    nodes finished just before and just after their local midnight, open nodes at every
    progress, windows of no days, quantities reported instead of percents."""
    async with database.write() as session:
        suppliers = [Supplier(code=f"Z{i}", name=f"供应商{i}", timezone=zone.key, created_at=NOW)
                     for i, zone in enumerate(ZONES)]
        session.add_all(suppliers)
        await session.flush()
        for n in range(160):
            supplier = suppliers[n % 4]
            zone = ZONES[n % 4]
            release = NOW.date() - timedelta(days=10 + n % 60)
            first = release + timedelta(days=3 + n % 5)
            current = NOW.date() + timedelta(days=n % 9 - 1)
            o = Order(po=f"PO-9{n:03d}", po_key=f"9{n:03d}", supplier_id=supplier.id, part_no="P", process="default",
                      quantity=0 if n % 11 == 0 else 100, release_date=release, due_date=current, status="in_progress",
                      created_at=NOW, updated_at=NOW)
            session.add(o)
            await session.flush()
            minutes = (-30 if n % 3 else 30) + (0 if n % 2 else 24 * 60 * (n % 4))  # around the local midnight
            done_at = datetime.combine(first + timedelta(days=1), time(), zone) + timedelta(minutes=minutes)
            session.add(Milestone(order_id=o.id, seq=1, node="material_ready", planned_date=first,
                                  original_planned_date=first, status="done", percent=100, done_at=done_at,
                                  updated_at=NOW))
            planned = first - timedelta(days=1) if n % 13 == 0 else current  # a window of no days
            session.add(Milestone(order_id=o.id, seq=2, node="in_process", planned_date=planned,
                                  original_planned_date=planned, status="in_progress", percent=float(n * 37 % 100),
                                  qty_done=n * 13 % 100, updated_at=NOW))


@pytest.mark.parametrize("hours", [0, 17, 47])
async def test_the_set_query_and_the_list_agree_on_many_orders_in_many_zones(database: Database, hours: int) -> None:
    await many_orders(database)
    now = NOW + timedelta(hours=hours)
    async with database.read() as session:
        listed = {r.po for r in await at_risk_nodes(session, now, fallback_zone=SH)}
    assert listed and len(listed) < 160  # the rule says something either way
    assert await orders_at_risk(database, now) == listed


async def test_a_suppliers_history_is_counted_by_its_local_day_across_summer_time(database: Database) -> None:
    from sqlalchemy import select

    from storage.risk import supplier_history

    await many_orders(database)
    async with database.read() as session:
        rows = (await session.execute(
            select(Order.supplier_id, Milestone.planned_date, Milestone.done_at)
            .join(Order, Milestone.order_id == Order.id).where(Milestone.status == "done"))).all()
        zones = {sid: ZONES[sid - min(r[0] for r in rows)] for sid in {r[0] for r in rows}}
        counted = await supplier_history(session, NOW, zones, 90)
    for supplier_id, zone in zones.items():
        delays = [(done.astimezone(zone).date() - planned).days for sid, planned, done in rows
                  if sid == supplier_id and done >= NOW - timedelta(days=90)]
        late = [d for d in delays if d > 0]
        assert (counted[supplier_id].done, counted[supplier_id].late) == (len(delays), len(late))
        assert counted[supplier_id].mean_late_days == pytest.approx(sum(late) / len(late))


async def test_status_counts_a_suppliers_history_as_the_database_does(database: Database) -> None:
    """`/status` counts one supplier's history from the finished nodes it reads anyway for the
    forecast (`history_of`): the very figures `supplier_history` counts in SQL, summer time too."""
    from storage.forecast import finished_lately
    from storage.risk import history_of, supplier_history

    await many_orders(database)
    async with database.read() as session:
        suppliers = (await session.scalars(select(Supplier.id).order_by(Supplier.id))).all()
        zones = {sid: ZONES[i % len(ZONES)] for i, sid in enumerate(suppliers)}
        for now in (NOW, NOW + timedelta(days=40)):
            counted = await supplier_history(session, now, zones, 90)
            for supplier_id, zone in zones.items():
                finished = await finished_lately(session, supplier_id, now, now - timedelta(days=120))
                assert history_of(((planned, done) for _, planned, done in finished), zone, now, 90) == \
                    counted.get(supplier_id, NO_HISTORY), supplier_id


async def test_the_digest_lists_the_same_orders_at_risk_with_the_same_reasons(seeded: Database) -> None:
    from sqlalchemy import select

    from scheduler.jobs import JobConfig, daily_digest
    from storage.models import ChatBinding, OutboxMessage

    async with seeded.write() as session:
        session.add(ChatBinding(platform="telegram", chat_id="-100buy", role="buyers", title="采购", language="zh",
                                created_at=NOW))
    assert await daily_digest(seeded, NOW, JobConfig()) == 1
    async with seeded.read() as session:
        text = (await session.scalars(select(OutboxMessage))).one().payload["text"]
    section = text.split("有风险 2\n")[1].split("\n\n")[0].splitlines()
    assert [line.split()[1] for line in section] == ["PO-8003", "PO-8001"]
    assert section[0].endswith("鑫源电子近期4个节点中3个延期，平均晚3天；本节点还剩2天")
    assert section[1].endswith("进度20%，时间已过66%")
