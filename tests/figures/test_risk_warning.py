"""A warning before the date: when an order's current node becomes at risk, the supplier's
chat is asked for a date and the buyers hear why — once, before the node is late. The
scheduler's jobs run on a fake clock walking through the days, delivering through the real
outbox dispatcher."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from bot.clock import FakeClock
from scheduler.jobs import JobConfig, warn_at_risk
from storage.db import Database
from storage.models import Milestone, RiskWarning
from tests.scheduler.world import World, sh

SUPPLIER_CHAT, BUYERS = "-100hongda", "-100buyers"


async def test_an_order_at_risk_is_warned_once_before_it_is_late(database: Database, clock: FakeClock) -> None:
    clock.set(sh(2026, 12, 3, 8, 0))
    world = World(database, clock, jobs=(warn_at_risk,), step=timedelta(hours=3))
    hongda = await world.supplier("宏达")
    await world.bind("supplier", SUPPLIER_CHAT, supplier_id=hongda)
    await world.bind("buyers", BUYERS)
    # window 12-01 00:00 → 12-11 00:00, nothing done: at risk once half the time is gone (12-06 00:00)
    (node,) = await world.order("PO-3001", hongda, [("material_ready", date(2026, 12, 10))],
                                release=date(2026, 12, 1))
    await world.run_until(sh(2026, 12, 5, 23, 0))
    assert world.received == []

    await world.run_until(sh(2026, 12, 13, 8, 0))  # past the date: late now, still warned only once
    (supplier,) = world.to(SUPPLIER_CHAT)
    (buyers,) = world.to(BUYERS)
    # at risk from 00:00 on the 6th; the first tick after the quiet hours (20:00-08:00) tells them
    assert supplier.at.replace(second=0) == sh(2026, 12, 6, 8, 0)
    assert supplier.at < sh(2026, 12, 11, 0, 0)  # before it is late
    assert supplier.text.startswith("⚠️ PO-3001 原材料到位 计划 12-10，可能赶不上：进度0%，时间已过53%。")
    assert "请回复能完成的日期和原因，例如「3001 延期到12月12号 原因」" in supplier.text
    assert supplier.payloads == (f"p:{node}:done", f"p:{node}:delay")
    assert buyers.text == ("⚠️ 有风险（未逾期）PO-3001 宏达 原材料到位 计划 12-10：进度0%，时间已过53%。"
                           "已请供应商回复日期。")

    # a second replica, or the same tick run again, warns nobody twice
    assert await warn_at_risk(database, sh(2026, 12, 7, 10, 0), JobConfig()) == 0


async def test_a_replanned_node_at_risk_again_is_warned_again_in_english(database: Database, clock: FakeClock) -> None:
    clock.set(sh(2026, 12, 6, 9, 0))
    world = World(database, clock, jobs=(warn_at_risk,), step=timedelta(hours=1))
    hongda = await world.supplier("Hongda", language="en")
    await world.bind("supplier", SUPPLIER_CHAT, supplier_id=hongda, language="en")
    (node,) = await world.order("PO-3002", hongda, [("in_process", date(2026, 12, 10))], release=date(2026, 12, 1))
    await world.tick()
    assert len(world.to(SUPPLIER_CHAT, "may be late")) == 1
    async with database.write() as session:
        milestone = await session.get(Milestone, node)
        assert milestone is not None
        milestone.planned_date = date(2026, 12, 30)  # re-planned: on track again
    await world.run_until(sh(2026, 12, 12, 9, 0))
    assert len(world.to(SUPPLIER_CHAT)) == 1
    await world.run_until(sh(2026, 12, 17, 9, 0))  # past half of 12-01 → 12-31 with nothing done
    warnings = world.to(SUPPLIER_CHAT, "may be late")
    assert len(warnings) == 2 and "planned for 12-30" in warnings[1].text
    async with database.read() as session:
        assert await session.scalar(select(func.count(RiskWarning.id))) == 2
