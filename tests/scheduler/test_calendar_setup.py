"""The working calendar kept on the set-up page drives the scheduler: a make-up Saturday (调休)
gets its prompt, a holiday does not, and a supplier asked at its own time is asked then."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.clock import FakeClock
from scheduler.jobs import prompt_due
from storage import work_calendar
from storage.db import Database
from storage.models import BindingRole, Supplier
from tests.scheduler.world import World, sh

SUPPLIER = BindingRole.SUPPLIER.value
FAR = date(2026, 12, 20)


async def test_a_make_up_saturday_gets_a_prompt_and_a_holiday_does_not(database: Database, clock: FakeClock) -> None:
    clock.set(sh(2026, 11, 23, 0, 0))  # Monday
    world = World(database, clock, jobs=(prompt_due,))
    huada = await world.supplier("华达")
    await world.bind(SUPPLIER, "-1001", supplier_id=huada)
    await world.order("PO-1001", huada, [("material_ready", FAR)])
    async with database.write() as session:
        assert await work_calendar.set_day(session, day="2026-11-25", kind="holiday", note="厂休", actor="王经理",
                                           now=clock.now()) == []
        assert await work_calendar.set_day(session, day="2026年11月28日", kind="workday", note="调休",
                                           actor="王经理", now=clock.now()) == []
    await world.run_until(sh(2026, 11, 30, 0, 0))
    # Mon, Tue, Thu, Fri and the make-up Saturday; not the Wednesday holiday, not Sunday
    assert world.times("-1001") == [sh(2026, 11, d, 9, 30) for d in (23, 24, 26, 27, 28)]


async def test_a_supplier_with_its_own_prompt_time_is_asked_then(database: Database, clock: FakeClock) -> None:
    clock.set(sh(2026, 11, 23, 0, 0))
    world = World(database, clock, jobs=(prompt_due,))
    early = await world.supplier("早班厂")
    late = await world.supplier("晚班厂")
    await world.bind(SUPPLIER, "-1", supplier_id=early)
    await world.bind(SUPPLIER, "-2", supplier_id=late)
    await world.order("PO-1", early, [("material_ready", FAR)])
    await world.order("PO-2", late, [("material_ready", FAR)])
    async with database.write() as session:
        code = await session.scalar(select(Supplier.code).where(Supplier.id == late))
        assert code is not None
        assert await work_calendar.set_prompt_times(session, {code: "14：00"}, actor="李娟", now=clock.now()) == []
    await world.run_until(sh(2026, 11, 25, 0, 0))
    assert world.times("-1") == [sh(2026, 11, 23, 9, 30), sh(2026, 11, 24, 9, 30)]
    assert world.times("-2") == [sh(2026, 11, 23, 14, 0), sh(2026, 11, 24, 14, 0)]


async def test_a_wrong_day_or_time_changes_nothing(database: Database, clock: FakeClock) -> None:
    world = World(database, clock, jobs=(prompt_due,))
    await world.supplier("华达")
    async with database.write() as session:
        problems = await work_calendar.set_day(session, day="11月31日", kind="holiday", note="", actor="x",
                                               now=clock.now())
        assert [p.field for p in problems] == ["day"] and "日期格式不对" in problems[0].message_zh
        problems = await work_calendar.set_prompt_times(session, {"华达": "25:00"}, actor="x", now=clock.now())
        assert problems and "09:30" in problems[0].message_zh
    async with database.read() as session:
        days = await work_calendar.stored_days(session)
        supplier = await session.scalar(select(Supplier))
    assert not days.holidays and not days.workdays
    assert supplier is not None and supplier.prompt_time is None
