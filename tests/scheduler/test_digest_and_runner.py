"""The daily picture for buyers and managers, and the ticker that runs every job."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

from sqlalchemy import update

from bot.clock import FakeClock
from bot.settings import Settings
from scheduler.jobs import JOBS, daily_digest
from scheduler.runner import SchedulerService, build_scheduler
from storage import prompts
from storage.db import Database
from storage.models import BindingRole, Milestone
from tests.scheduler.world import World, sh

BUYERS, MANAGERS, HONGDA_BUYERS = "-2000", "-3000", "-2100"


async def plant(world: World) -> None:
    huada = await world.supplier("华达")
    hongda = await world.supplier("宏达")
    await world.bind(BindingRole.BUYERS.value, BUYERS)
    await world.bind(BindingRole.MANAGERS.value, MANAGERS, language="en")
    await world.bind(BindingRole.BUYERS.value, HONGDA_BUYERS, supplier_id=hongda)
    [due_today, _] = await world.order("PO-1001", huada, [("material_ready", date(2026, 11, 25)),
                                                         ("shipped", date(2026, 12, 20))])
    await world.order("PO-1002", huada, [("material_ready", date(2026, 11, 23))])
    [done, lagging] = await world.order("PO-2001", hongda, [("material_ready", date(2026, 11, 20)),
                                                            ("first_process", date(2026, 11, 26))])
    now = world.clock.now()
    async with world.database.write() as session:
        await session.execute(update(Milestone).where(Milestone.id == due_today).values(percent=90))
        await session.execute(update(Milestone).where(Milestone.id == done)
                              .values(status="done", percent=100, done_at=now))
        await session.execute(update(Milestone).where(Milestone.id == lagging).values(percent=30))
        order_id = (await session.get(Milestone, lagging)).order_id
        await world.config.ladder.open(session, order_id=order_id, kind="defect", title="不良20件 尺寸偏大",
                                       now=sh(2026, 11, 24, 15), opened_by="宏达", milestone_id=lagging)
        await prompts.record_prompt(session, key="x:1", supplier_id=hongda, binding_id=None, order_ids=[order_id],
                                    sent_at=sh(2026, 11, 24, 9, 30), reply_by=sh(2026, 11, 24, 13, 30))


async def test_the_digest_reaches_each_staff_group_once_on_working_days_at_0830(
    database: Database, clock: FakeClock
) -> None:
    clock.set(sh(2026, 11, 25, 8, 0))  # Wednesday
    world = World(database, clock, jobs=(daily_digest,))
    await plant(world)
    await world.tick()
    assert world.received == []
    await world.run_until(sh(2026, 11, 25, 12, 0))
    for chat in (BUYERS, MANAGERS, HONGDA_BUYERS):
        assert world.times(chat) == [sh(2026, 11, 25, 8, 30)]

    text = world.to(BUYERS)[0].text
    assert text.startswith("🗓 每日汇总 11-25")
    due, overdue, risk, defects, silent = (text.split("\n\n")[i] for i in range(1, 6))
    assert due.startswith("今天到期 1") and "PO-1001 华达 原材料到位 90%" in due
    assert overdue.startswith("逾期 1") and "PO-1002" in overdue and "逾期2天" in overdue
    assert risk.startswith("有风险 1") and "PO-2001" in risk and "进度30%，时间已过73%" in risk
    assert defects.startswith("新不良 1") and "尺寸偏大" in defects
    assert silent.startswith("未回复的供应商 1") and "宏达：1次未回复" in silent
    assert world.to(MANAGERS)[0].text.startswith("🗓 Daily digest 11-25")
    scoped = world.to(HONGDA_BUYERS)[0].text  # a group for one supplier hears only about it
    assert "PO-2001" in scoped and "PO-1001" not in scoped and "PO-1002" not in scoped

    clock.set(sh(2026, 11, 28, 8, 0))  # Saturday
    await world.run_until(sh(2026, 11, 28, 12, 0))
    assert len(world.to(BUYERS)) == 1


async def test_a_quiet_day_still_gets_a_short_all_clear(database: Database, clock: FakeClock) -> None:
    clock.set(sh(2026, 11, 25, 8, 30))
    world = World(database, clock, jobs=(daily_digest,))
    await world.bind(BindingRole.BUYERS.value, BUYERS)
    await world.tick()
    assert [m.text.split("\n")[1] for m in world.to(BUYERS)] == ["✅ 今天没有到期、逾期或异常"]


async def test_the_runner_ticks_every_job_with_coalescing_and_one_instance(
    database: Database, clock: FakeClock
) -> None:
    service = SchedulerService(database, clock, Settings(timezone="Europe/Berlin"), interval=60)
    try:
        service.start()
        assert service.config.ladder.calendar.zone.key == "Europe/Berlin"
        jobs = service.scheduler.get_jobs()
        assert {job.id for job in jobs} == set(JOBS)
        assert all(job.coalesce and job.max_instances == 1 for job in jobs)
        assert all(job.trigger.interval == timedelta(seconds=60) for job in jobs)
        assert await service.tick() == dict.fromkeys(JOBS, 0)
    finally:
        service.shutdown()
    await asyncio.sleep(0)  # APScheduler's asyncio shutdown runs on the loop
    assert not service.scheduler.running
    assert {job.id for job in build_scheduler(database, clock, Settings()).get_jobs()} == set(JOBS)
