"""Prompts reach each supplier chat once per slot, in the supplier's own working time."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.clock import FakeClock
from scheduler.calendar import WorkCalendar
from scheduler.jobs import JobConfig, nudge_unanswered, prompt_due
from scheduler.ladder import Ladder
from storage import prompts
from storage.db import Database
from storage.models import BindingRole, OutboxMessage, Prompt
from tests.scheduler.world import World, sh

SUPPLIER = BindingRole.SUPPLIER.value
FAR = date(2026, 12, 20)  # node dates far away: no escalations in these tests


async def plant(world: World) -> tuple[int, int]:
    huada = await world.supplier("华达")
    await world.bind(SUPPLIER, "-1001", supplier_id=huada)
    await world.order("PO-1001", huada, [("material_ready", FAR), ("first_process", FAR + timedelta(3))])
    await world.order("PO-1002", huada, [("material_ready", FAR + timedelta(1))])
    berlin = await world.supplier("Kraft GmbH", timezone="Europe/Berlin", language="en")
    await world.bind(SUPPLIER, "-2001", supplier_id=berlin)
    await world.order("PO-2001", berlin, [("material_ready", FAR)])
    return huada, berlin


async def test_one_prompt_per_supplier_chat_and_working_day_listing_all_its_orders(
    database: Database, clock: FakeClock
) -> None:
    clock.set(sh(2026, 11, 23, 0, 0))  # Monday
    world = World(database, clock, JobConfig(Ladder(calendar=WorkCalendar(holidays=frozenset({date(2026, 11, 25)})))),
                  jobs=(prompt_due,))
    await plant(world)
    await world.run_until(sh(2026, 11, 30, 0, 0))

    # Mon, Tue, Thu, Fri at 09:30 Shanghai: Wednesday is a holiday, the weekend is off
    assert world.times("-1001") == [sh(2026, 11, d, 9, 30) for d in (23, 24, 26, 27)]
    for message in world.to("-1001"):
        assert "PO-1001" in message.text and "PO-1002" in message.text and "首道工序" not in message.text
        assert message.text.startswith("📋 华达 进度确认")
        [ms1001, ms1002] = [p.split(":")[1] for p in message.payloads if p.endswith(":done")]
        assert message.payloads[:2] == (f"p:{ms1001}:done", f"p:{ms1001}:delay")
        assert all(len(p.encode()) <= 64 for p in message.payloads)
    # Berlin works on Berlin's clock and gets English
    berlin = ZoneInfo("Europe/Berlin")
    assert [t.astimezone(berlin).strftime("%a %H:%M") for t in world.times("-2001")] == \
        ["Mon 09:30", "Tue 09:30", "Thu 09:30", "Fri 09:30"]
    assert all("progress check" in m.text and "PO-2001" in m.text for m in world.to("-2001"))


async def test_prompts_follow_daylight_saving_in_berlin_and_new_york(database: Database, clock: FakeClock) -> None:
    clock.set(datetime(2026, 10, 23, 0, 30, tzinfo=UTC))  # Friday before both autumn changes
    world = World(database, clock, jobs=(prompt_due,))
    berlin = await world.supplier("Kraft", timezone="Europe/Berlin")
    york = await world.supplier("Empire", timezone="America/New_York")
    await world.bind(SUPPLIER, "-1", supplier_id=berlin)
    await world.bind(SUPPLIER, "-2", supplier_id=york)
    await world.order("PO-1", berlin, [("material_ready", FAR)])
    await world.order("PO-2", york, [("material_ready", FAR)])
    await world.run_until(datetime(2026, 11, 3, 0, 30, tzinfo=UTC), step=timedelta(hours=1))
    utc = [t.strftime("%m-%d %H:%M") for t in world.times("-1")]
    assert utc[0] == "10-23 07:30" and utc[1] == "10-26 08:30"  # CEST, then CET
    ny = [t.strftime("%m-%d %H:%M") for t in world.times("-2")]
    assert ny[:2] == ["10-23 13:30", "10-26 13:30"] and ny[-2:] == ["10-30 13:30", "11-02 14:30"]  # EDT, then EST
    assert len(utc) == len(ny) == 7  # working days only


async def test_a_tick_run_twice_or_on_two_replicas_prompts_once(database: Database, clock: FakeClock) -> None:
    clock.set(sh(2026, 11, 24, 9, 30))
    world = World(database, clock, jobs=(prompt_due,))
    await plant(world)
    first = await asyncio.gather(prompt_due(database, clock.now()), prompt_due(database, clock.now()))
    again = await prompt_due(database, clock.now() + timedelta(minutes=1))
    assert sorted(first) == [0, 1] and again == 0  # 华达 once; Berlin is asleep (02:30)
    async with database.read() as session:
        assert len((await session.execute(select(Prompt))).scalars().all()) == 1
        assert len((await session.execute(select(OutboxMessage))).scalars().all()) == 1


async def test_no_prompt_in_quiet_hours_and_missed_slots_coalesce_after_downtime(
    database: Database, clock: FakeClock
) -> None:
    clock.set(sh(2026, 11, 23, 8, 0))
    world = World(database, clock, jobs=(prompt_due,))
    await plant(world)
    clock.set(sh(2026, 11, 25, 21, 0))  # down since Monday morning; back in Wednesday's quiet hours
    await world.tick()
    assert world.to("-1001") == []
    clock.set(sh(2026, 11, 26, 7, 59))
    await world.tick()
    assert world.to("-1001") == []
    clock.set(sh(2026, 11, 26, 8, 0))
    await world.run_until(sh(2026, 11, 26, 15, 0))
    assert world.times("-1001") == [sh(2026, 11, 26, 9, 30)]


async def test_a_late_start_sends_todays_slot_once_not_every_missed_one(database: Database, clock: FakeClock) -> None:
    clock.set(sh(2026, 11, 23, 8, 0))
    world = World(database, clock, jobs=(prompt_due,))
    await plant(world)
    clock.set(sh(2026, 11, 26, 15, 0))  # three days down
    await world.tick()
    await world.tick()
    assert world.times("-1001") == [sh(2026, 11, 26, 15, 0)]


async def test_an_unanswered_prompt_is_nudged_once_and_an_answered_one_not_at_all(
    database: Database, clock: FakeClock
) -> None:
    clock.set(sh(2026, 11, 24, 9, 0))
    world = World(database, clock, jobs=(prompt_due, nudge_unanswered))
    huada, berlin = await plant(world)
    await world.run_until(sh(2026, 11, 24, 10, 0))
    async with database.write() as session:  # 华达 answers at 10:00; nobody in Berlin is awake yet
        assert await prompts.mark_prompts_answered(session, huada, clock.now()) == 1
    await world.run_until(sh(2026, 11, 24, 23, 0))
    assert [m.text.split("\n")[0] for m in world.to("-1001")] == ["📋 华达 进度确认 11-24"]
    # Berlin: prompt 09:30 CET (16:30 Shanghai), nudge 2 h later, once
    nudges = world.to("-2001", "No reply yet")
    assert len(nudges) == 1 and nudges[0].at.replace(second=0) == sh(2026, 11, 24, 18, 30)
    async with database.read() as session:
        assert await prompts.compliance(session, huada, sh(2026, 11, 24), sh(2026, 11, 25)) == (1, 1)
        assert await prompts.compliance(session, berlin, sh(2026, 11, 24), sh(2026, 11, 25)) == (0, 1)


async def test_node_day_mode_asks_only_the_day_before_and_the_day_of(database: Database, clock: FakeClock) -> None:
    clock.set(sh(2026, 11, 23, 0, 0))
    world = World(database, clock, JobConfig(daily_prompts=False), jobs=(prompt_due,))
    huada = await world.supplier("华达")
    await world.bind(SUPPLIER, "-1001", supplier_id=huada)
    await world.order("PO-1001", huada, [("material_ready", date(2026, 11, 30)), ("shipped", FAR)])
    await world.run_until(sh(2026, 11, 30, 12, 0))
    assert world.times("-1001") == [sh(2026, 11, 27, 9, 30), sh(2026, 11, 30, 9, 30)]  # Fri (Sun moved back), Mon
    assert "今天到期" in world.to("-1001")[1].text
