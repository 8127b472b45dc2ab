"""An acknowledgement is not the end: the owner is @-mentioned on each follow-up, and an exception
still open after the policy's acknowledgement timeout goes back on the ladder at the level it had
reached, says so in the group and in its history, and can be acknowledged again."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.app import build_app
from bot.clock import FakeClock
from bot.ports import Platform
from bot.settings import load_settings
from handlers.access import Scope
from handlers.context import HandlerContext
from handlers.exception_desk import list_open
from scheduler.calendar import Delay
from scheduler.escalation import DEFAULT_POLICIES, with_ack_timeouts
from scheduler.jobs import JobConfig, escalate_overdue
from scheduler.ladder import Ladder
from storage.board import order_trace
from storage.db import Database
from storage.exception_list import list_exceptions
from storage.models import BindingRole, ChatIdentity, EscalationStep, ExceptionTicket, Person, Role
from tests.scheduler.world import SHANGHAI, World, sh

DUE = date(2026, 11, 24)  # Tuesday
SUPPLIER_CHAT, BUYERS, MANAGERS = "-1001", "-2000", "-3000"
LIJUAN_TELEGRAM = "4301"
LADDER = Ladder()  # the built-in ladders: normal priority times out 5 working days after an acknowledgement


async def plant(world: World) -> tuple[int, int]:
    """华达's PO-1001, first node due Tuesday; 李娟, a buyer known on Telegram. Returns the
    milestone id and 李娟's person id."""
    huada = await world.supplier("华达")
    await world.bind(BindingRole.SUPPLIER.value, SUPPLIER_CHAT, supplier_id=huada)
    await world.bind(BindingRole.BUYERS.value, BUYERS)
    await world.bind(BindingRole.MANAGERS.value, MANAGERS, language="en")
    [milestone, _] = await world.order("PO-1001", huada, [("material_ready", DUE), ("shipped", date(2026, 12, 30))])
    async with world.database.write() as session:
        lijuan = Person(name="李娟", role=Role.BUYER.value, created_at=world.clock.now())
        session.add(lijuan)
        await session.flush()
        session.add(ChatIdentity(person_id=lijuan.id, platform=Platform.TELEGRAM.value, user_id=LIJUAN_TELEGRAM))
        return milestone, lijuan.id


async def the_ticket(database: Database, milestone_id: int) -> ExceptionTicket:
    async with database.read() as session:
        return (await session.execute(
            select(ExceptionTicket).where(ExceptionTicket.milestone_id == milestone_id))).scalar_one()


def sent_to(world: World, chat_id: str, contains: str = "") -> list:
    return [(reply, at) for reply, at in world.channel.sent if reply.chat.chat_id == chat_id and contains in reply.text]


async def test_an_acknowledged_exception_still_open_after_the_timeout_goes_back_on_the_ladder(
    database: Database, clock: FakeClock, aiohttp_client: Any, tmp_path: Path,
) -> None:
    clock.set(sh(2026, 11, 24, 10, 0))
    world = World(database, clock, jobs=(escalate_overdue,), step=timedelta(hours=1))
    milestone_id, lijuan = await plant(world)
    await world.run_until(sh(2026, 11, 25, 13, 0))  # L0 at 08:00, L1 (the buyers) at 12:00
    ticket = await the_ticket(database, milestone_id)
    async with database.write() as session:  # 李娟 presses 认领 in the buyers' group
        await LADDER.acknowledge(session, ticket.id, by="李娟", now=clock.now(), person_id=lijuan,
                                 chat_user=f"telegram:{LIJUAN_TELEGRAM}")

    await world.run_until(sh(2026, 12, 2, 12, 0))  # a working week, minus an hour
    follow_ups = sent_to(world, BUYERS, "已认领仍未解决")
    assert [at.replace(second=0) for _, at in follow_ups] == [sh(2026, 11, 26, 13), sh(2026, 11, 27, 13)]
    for reply, _ in follow_ups:  # the owner is @-mentioned by her Telegram id, not only named
        assert reply.mention_user_ids == (LIJUAN_TELEGRAM,) and reply.mention_names == ("李娟",)
        assert "负责人 李娟" in reply.text
    assert sent_to(world, MANAGERS) == []  # acknowledged before L2: the managers heard nothing yet

    await world.run_until(sh(2026, 12, 8, 18, 0))
    # 5 working days after the acknowledgement (Wed 11-25 13:00 → Wed 12-02 13:00) it goes back to L1,
    # the level it had reached: the buyers hear why, 李娟 is @-mentioned, anyone may acknowledge again
    [(back, at)] = sent_to(world, BUYERS, "↩️")
    assert at.replace(second=0) == sh(2026, 12, 2, 13)
    assert back.text.startswith("↩️ 认领后超时仍未解决，重新升级 L1") and f"EXC-{ticket.id} PO-1001" in back.text
    assert "负责人 李娟" in back.text and back.mention_user_ids == (LIJUAN_TELEGRAM,)
    assert f"x:ack:{ticket.id}" in [b.payload for row in back.buttons for b in row]
    # ...and it climbs again from there: L2 a working day later, then the top level's repeats
    assert world.times(MANAGERS) == [sh(2026, 12, 3, 13), sh(2026, 12, 4, 13), sh(2026, 12, 7, 13)]
    assert all(m.text.startswith("⚠️ Escalated L2") for m in world.to(MANAGERS))
    assert len(sent_to(world, BUYERS)) == 4  # L1, two follow-ups, the return: nothing else

    stored = await the_ticket(database, milestone_id)
    assert stored.acknowledged_at is None and stored.acknowledged_by is None and stored.ladder_round == 1
    async with database.read() as session:
        trace = await order_trace(session, "PO-1001")
        [item], _ = await list_exceptions(session, state="open")
    assert trace is not None
    history = [step.words("zh") for step in trace.escalations[ticket.id]]
    assert history == [
        "提醒供应商", "升级到 L1（采购群）", "提醒认领人 李娟（第 1 次）", "提醒认领人 李娟（第 2 次）",
        "李娟 认领后超时仍未解决，回到 L1 重新升级", "升级到 L1（采购群）",
        "升级到 L2（管理层）", "升级到 L2（管理层）（第 2 次）", "升级到 L2（管理层）（第 3 次）",
    ]
    assert [step.words("en") for step in trace.escalations[ticket.id]][4] == (
        "Still open when 李娟's acknowledgement timed out: back on the ladder at L1")
    assert item.id == ticket.id and item.returned == 1 and item.state == "open" and item.level_reached == 2

    async with database.read() as session:  # and the chat's /exceptions
        listed, _ = await list_open(session, Scope(), "zh", HandlerContext(
            now=clock.now(), timezone=SHANGHAI, language="zh", inbox_id=None, ladder=LADDER), with_buttons=False)
    assert f"EXC-{ticket.id} PO-1001" in listed and "（认领超时仍未解决，已重新升级到2级）" in listed

    # the order page and /exceptions say it in words, in Chinese and English
    app = build_app(load_settings(database_url=database.url, api_token="t", language="zh",
                                  photo_dir=tmp_path / "photos"), clock=clock, database=database, run_workers=False)
    web = await aiohttp_client(app)
    await web.post("/login", data={"token": "t", "next": "/board"}, allow_redirects=False)
    page = await (await web.get("/orders/PO-1001")).text()
    assert "李娟 认领后超时仍未解决，回到 L1 重新升级" in page and "提醒认领人 李娟（第 2 次）" in page
    assert "升级到 L2（管理层）" in page
    assert "认领超时未解决，已回到升级流程（1 次）" in await (await web.get("/exceptions")).text()
    english = await (await web.get("/orders/PO-1001?lang=en")).text()
    assert "Still open when 李娟&#39;s acknowledgement timed out: back on the ladder at L1" in english
    assert "acknowledgement timed out, back on the ladder (1×)" in await (await web.get("/exceptions?lang=en")).text()


async def test_acknowledged_again_after_a_return_the_new_owners_acknowledgement_times_out_on_its_own(
    database: Database, clock: FakeClock,
) -> None:
    """Per priority: urgent orders time out after the settings' 4 working hours; the second round's
    follow-ups and its own timeout do not collide with the first round's steps."""
    clock.set(sh(2026, 11, 24, 10, 0))
    ladder = Ladder(policies=with_ack_timeouts(DEFAULT_POLICIES, {"urgent": Delay(hours=4)}))
    world = World(database, clock, config=JobConfig(ladder=ladder), jobs=(escalate_overdue,),
                  step=timedelta(minutes=30))
    huada = await world.supplier("华达")
    await world.bind(BindingRole.SUPPLIER.value, SUPPLIER_CHAT, supplier_id=huada)
    await world.bind(BindingRole.BUYERS.value, BUYERS)
    await world.bind(BindingRole.MANAGERS.value, MANAGERS, language="en")
    [milestone_id] = await world.order("PO-2001", huada, [("shipped", DUE)], priority="urgent")
    await world.run_until(sh(2026, 11, 25, 9, 30))  # urgent: L0 at 08:00, L1 at 09:00
    ticket = await the_ticket(database, milestone_id)
    async with database.write() as session:
        await ladder.acknowledge(session, ticket.id, by="张三", now=clock.now(), chat_user="telegram:777")

    await world.run_until(sh(2026, 11, 25, 14, 0))  # 09:30 + 4 working hours = 13:30: back to L1
    [(back, at)] = sent_to(world, BUYERS, "↩️")
    assert at.replace(second=0) == sh(2026, 11, 25, 13, 30) and back.mention_user_ids == ("777",)
    async with database.write() as session:  # 李四 takes it this time, at 14:00
        await ladder.acknowledge(session, ticket.id, by="李四", now=clock.now(), chat_user="telegram:888")
    await world.run_until(sh(2026, 11, 26, 18, 0))

    backs = sent_to(world, BUYERS, "↩️")
    assert [at.replace(second=0) for _, at in backs] == [sh(2026, 11, 25, 13, 30), sh(2026, 11, 25, 18, 0)]
    assert backs[1][0].mention_user_ids == ("888",) and "负责人 李四" in backs[1][0].text
    async with database.read() as session:
        steps = (await session.execute(
            select(EscalationStep.ladder_round, EscalationStep.level, EscalationStep.repeat, EscalationStep.owner)
            .where(EscalationStep.exception_id == ticket.id, EscalationStep.level < 0)
            .order_by(EscalationStep.fired_at, EscalationStep.id))).all()
    assert steps == [(1, -2, 1, "张三"), (2, -2, 1, "李四")]  # each round began with a return from L1
    assert (await the_ticket(database, milestone_id)).ladder_round == 2


async def test_one_acknowledged_before_the_timeout_existed_returns_at_its_timeout_without_extra_follow_ups(
    database: Database, clock: FakeClock,
) -> None:
    """As the migration leaves them: follow-ups spent, next step due at the acknowledgement."""
    from sqlalchemy import update

    clock.set(sh(2026, 11, 24, 10, 0))
    world = World(database, clock, jobs=(escalate_overdue,), step=timedelta(hours=1))
    milestone_id, _ = await plant(world)
    await world.run_until(sh(2026, 11, 25, 13, 0))
    ticket = await the_ticket(database, milestone_id)
    async with database.write() as session:
        await LADDER.acknowledge(session, ticket.id, by="李娟", now=clock.now())
        await session.execute(update(ExceptionTicket).where(ExceptionTicket.id == ticket.id)
                              .values(repeat=2, next_escalation_at=clock.now()))
    await world.run_until(sh(2026, 12, 2, 18, 0))
    assert sent_to(world, BUYERS, "已认领仍未解决") == []
    [(back, at)] = sent_to(world, BUYERS, "↩️")
    assert at.replace(second=0) == sh(2026, 12, 2, 13) and back.mention_user_ids == ()  # no identity kept then
