"""Buyer-side conversations: a message in, records and replies out, on both engines.

Each test talks to the handlers the way the router does: `identify` the speaker, offer the
text to `handle_admin_command`, else read it and call `answer_query`; a button press goes to
`handle_exception_button`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.admin_cli import AdminError, add_admin, grant_admin
from bot.clock import FakeClock
from bot.ports import ChatKind, ChatRef, InboundMessage, Platform, Reply, SenderRef
from bot.settings import load_settings
from handlers.admin import handle_admin_command
from handlers.buyer_queries import answer_query, handle_exception_button
from handlers.context import HandlerContext
from handlers.identity import identify
from handlers.parsing import ROLES, read_message
from handlers.texts.help import help_text
from scheduler.ladder import Ladder
from storage.db import Database
from storage.models import (
    ChatBinding,
    ChatIdentity,
    EscalationStep,
    ExceptionTicket,
    Milestone,
    Order,
    Person,
    Photo,
    ProgressReport,
)
from storage.order_intake import OrderDraft, create_orders
from storage.suppliers import create_suppliers

SH = ZoneInfo("Asia/Shanghai")
HD_GROUP = ChatRef(Platform.TELEGRAM, "-100hd", ChatKind.GROUP, "华达精密 外协群")
BUYERS = ChatRef(Platform.TELEGRAM, "-100buy", ChatKind.GROUP, "采购跟单群")
BUYERS_EN = ChatRef(Platform.TELEGRAM, "-100en", ChatKind.GROUP, "Buyers (EN)")
BUYERS_XY = ChatRef(Platform.TELEGRAM, "-100xy", ChatKind.GROUP, "鑫源 跟单群")
STRANGE_GROUP = ChatRef(Platform.TELEGRAM, "-100new", ChatKind.GROUP, "新群")
ADMIN, BUYER, WANG, STRANGER = "900", "100", "200", "300"


def private(user: str) -> ChatRef:
    return ChatRef(Platform.TELEGRAM, user, ChatKind.PRIVATE)


@dataclass
class Chat:
    """The bot as a chat partner: says things, remembers what it answered."""

    database: Database
    clock: FakeClock
    sent: int = 0
    last: list[Reply] = field(default_factory=list)

    async def say(self, chat: ChatRef, user: str, text: str = "", *, button: str | None = None,
                  name: str = "") -> str:
        self.sent += 1
        message = InboundMessage(
            platform=Platform.TELEGRAM, external_id=str(self.sent), chat=chat, sender=SenderRef(user, name),
            sent_at=self.clock.now(), text=text, button_payload=button,
        )
        ctx = HandlerContext(now=self.clock.now(), timezone=SH, language="zh", inbox_id=self.sent, ladder=Ladder())
        async with self.database.write() as session:
            speaker = await identify(session, message, "zh")
            if button is not None and button.startswith("x:"):
                replies = await handle_exception_button(session, message, speaker, button, ctx)
            else:
                replies = await handle_admin_command(session, message, speaker, ctx)
                if replies is None:
                    role = speaker.role if speaker.role in ROLES else "buyer"
                    reading = read_message(text, role=role, now=ctx.now, tz=SH)
                    replies = await answer_query(session, message, speaker, reading, ctx)
        self.last = replies
        assert all(r.chat == chat for r in replies)
        return "\n".join(r.text for r in replies)

    @property
    def payloads(self) -> list[str]:
        return [b.payload for r in self.last for row in r.buttons for b in row]


@dataclass
class World:
    chat: Chat
    suppliers: dict[str, int]
    exceptions: dict[str, int]


async def seed(database: Database, clock: FakeClock) -> World:
    now = clock.now()
    async with database.write() as session:
        suppliers = await create_suppliers(session, [
            {"code": "HD", "name": "华达精密"}, {"code": "XY", "name": "鑫源电子"},
            {"code": "HT", "name": "华通机械"},
        ], now=now)
        ids = {s.code: s.id for s in suppliers}
        people = {}
        for user, name, role, supplier in [(ADMIN, "系统管理员", "admin", None), (BUYER, "李娟", "buyer", None),
                                           (WANG, "王工", "supplier", ids["HD"])]:
            person = Person(name=name, role=role, supplier_id=supplier, language="zh", created_at=now)
            session.add(person)
            await session.flush()
            session.add(ChatIdentity(person_id=person.id, platform="telegram", user_id=user))
            people[user] = person
        for chat, role, supplier, language in [(HD_GROUP, "supplier", ids["HD"], "zh"), (BUYERS, "buyers", None, "zh"),
                                               (BUYERS_EN, "buyers", None, "en"),
                                               (BUYERS_XY, "buyers", ids["XY"], "zh")]:
            session.add(ChatBinding(platform="telegram", chat_id=chat.chat_id, chat_kind="group", role=role,
                                    supplier_id=supplier, title=chat.title, language=language, created_at=now))
        orders = await create_orders(session, [
            OrderDraft(po="PO-1001", supplier="HD", part_no="BRK-2201", part_name="冲压支架", process="冲压",
                       quantity=2000, unit="件", release_date=date(2026, 11, 10), due_date=date(2026, 12, 8),
                       buyer="李娟"),
            OrderDraft(po="PO-1002", supplier="XY", part_no="PCBA-7710", process="smt", quantity=500, unit="件",
                       release_date=date(2026, 11, 10), due_date=date(2026, 12, 20)),
            OrderDraft(po="PO-1003", supplier="HD", part_no="BRK-2205", process="冲压", quantity=800, unit="件",
                       release_date=date(2026, 11, 20), due_date=date(2027, 1, 20)),
        ], actor="test", now=now, today=date(2026, 11, 24))
        by_po = {o.po: o for o in orders}
        plan = {o.po: {m.node: m for m in o.milestones} for o in orders}
        first = plan["PO-1001"]
        first["material_ready"].planned_date = first["material_ready"].original_planned_date = date(2026, 11, 15)
        first["material_ready"].status, first["material_ready"].percent = "done", 100.0
        first["material_ready"].done_at = datetime(2026, 11, 15, 9, 0, tzinfo=SH)
        first["first_process"].planned_date = first["first_process"].original_planned_date = date(2026, 11, 20)
        first["first_process"].status, first["first_process"].percent = "in_progress", 60.0
        first["first_process"].qty_done = 1200
        first["in_process"].planned_date = first["in_process"].original_planned_date = date(2026, 11, 24)
        plan["PO-1002"]["material_ready"].planned_date = date(2026, 11, 22)
        by_po["PO-1001"].status = "in_progress"
        session.add(ProgressReport(order_id=by_po["PO-1001"].id, milestone_id=first["first_process"].id,
                                   kind="progress", reporter="王工", platform="telegram", text="1001 完成60%",
                                   reported_at=now - timedelta(hours=2), percent=60.0, details={}))
        session.add(Photo(sha256="a" * 64, size=10, mime_type="image/jpeg", width=10, height=10, path="p",
                          thumb_path="t", order_id=by_po["PO-1001"].id, uploaded_by="王工", uploaded_at=now))
        late = ExceptionTicket(order_id=by_po["PO-1001"].id, milestone_id=first["first_process"].id, kind="overdue",
                               title="PO-1001 首道工序逾期", opened_at=now - timedelta(hours=5), opened_by="bot",
                               level=1, next_escalation_at=now + timedelta(hours=1))
        defect = ExceptionTicket(order_id=by_po["PO-1002"].id, kind="defect", title="PO-1002 不良20件 虚焊",
                                 opened_at=now - timedelta(hours=1), opened_by="赵经理", level=0)
        session.add_all([late, defect])
        await session.flush()
        session.add(EscalationStep(exception_id=late.id, level=1, repeat=0, fired_at=now - timedelta(hours=4),
                                   target="buyers"))  # the late node reached level 1; the defect no level yet
        exceptions = {"HD": late.id, "XY": defect.id}
    return World(Chat(database, clock), ids, exceptions)


@pytest.fixture
async def world(database: Database, clock: FakeClock) -> World:
    return await seed(database, clock)


async def ticket(database: Database, exception_id: int) -> ExceptionTicket:
    async with database.read() as session:
        found = await session.get(ExceptionTicket, exception_id)
        assert found is not None
        return found


# --- status -------------------------------------------------------------------------------

async def test_status_in_chinese_shows_the_order_on_one_screen(world: World) -> None:
    text = await world.chat.say(BUYERS, BUYER, "PO-1001 进度?")
    assert "📦 PO-1001 · 华达精密" in text
    assert "BRK-2201 冲压支架 · 2000件 · 交期 12-08 · 进行中" in text
    assert "✔ 原材料到位　计划 11-15 · 实际 11-15" in text
    assert "⚠ 首道工序完成 60% · 1200/2000件　计划 11-20 · 逾期4天" in text
    assert "⏳ 半成品加工　计划 11-24" in text
    assert "最近汇报：王工「1001 完成60%」· 2小时前" in text
    assert "照片：1张" in text
    assert "未关闭异常：1" in text and f"EXC-{world.exceptions['HD']} PO-1001 首道工序逾期" in text
    assert "预计完成：12-12，晚于交期4天——当前节点已逾期4天" in text
    assert world.chat.payloads == [f"x:ack:{world.exceptions['HD']}", f"x:resolve:{world.exceptions['HD']}"]


async def test_status_in_english_for_an_english_group(world: World) -> None:
    text = await world.chat.say(BUYERS_EN, STRANGER, "/status PO-1001")
    assert "📦 PO-1001 · 华达精密" in text
    assert "✔ Material ready  plan 11-15 · done 11-15" in text
    assert "⚠ First operation done 60% · 1200/2000  plan 11-20 · 4 d overdue" in text
    assert 'Last report: 王工 "1001 完成60%" · 2 h ago' in text
    assert "Expected finish: 12-12, 4 d after the due date — the current node is 4 d overdue" in text


async def test_status_without_a_po_asks_for_one(world: World) -> None:
    assert "订单号" in await world.chat.say(BUYERS, BUYER, "/status")


async def test_a_supplier_sees_its_own_order_but_not_another_suppliers(world: World) -> None:
    own = await world.chat.say(HD_GROUP, WANG, "PO-1001 进度?")
    assert "📦 PO-1001" in own
    assert world.chat.payloads == []  # suppliers cannot acknowledge or close
    other = await world.chat.say(HD_GROUP, WANG, "/status PO-1002")
    assert other == "在您的订单中没有找到 1002。"
    assert "PO-1002" not in other and "鑫源" not in other


async def test_a_buyer_group_bound_to_one_supplier_sees_only_that_supplier(world: World) -> None:
    assert "在您的订单中没有找到 1001" in await world.chat.say(BUYERS_XY, BUYER, "PO-1001 进度?")
    assert "📦 PO-1002 · 鑫源电子" in await world.chat.say(BUYERS_XY, BUYER, "PO-1002 进度?")


async def test_staff_in_a_suppliers_group_see_only_that_supplier(world: World) -> None:
    assert "没有找到 1002" in await world.chat.say(HD_GROUP, BUYER, "/status PO-1002")


# --- lists --------------------------------------------------------------------------------

async def test_overdue_lists_late_nodes_within_scope(world: World) -> None:
    text = await world.chat.say(BUYERS, BUYER, "逾期")
    assert text.splitlines()[0] == "⚠ 逾期节点（2）"
    assert "PO-1001 华达精密 · 首道工序完成 · 计划 11-20 · 逾期4天 · 60%" in text
    assert "PO-1002 鑫源电子 · 原材料到位 · 计划 11-22 · 逾期2天" in text
    scoped = await world.chat.say(BUYERS_XY, BUYER, "/overdue")
    assert "PO-1002" in scoped and "PO-1001" not in scoped
    assert "Overdue nodes (2)" in await world.chat.say(BUYERS_EN, STRANGER, "/overdue")


async def test_today_lists_nodes_due_today(world: World) -> None:
    text = await world.chat.say(BUYERS, BUYER, "/today")
    assert "📅 今日到期节点 11-24（1）" in text
    assert "⏳ PO-1001 华达精密 · 半成品加工" in text
    assert await world.chat.say(BUYERS_XY, STRANGER, "today") == "今天没有到期的节点。"
    assert await world.chat.say(BUYERS_EN, STRANGER, "today") == "📅 Nodes due today 11-24 (1)\n⏳ PO-1001 华达精密 · In process"


async def test_orders_shows_mine_first_else_everything_visible(world: World) -> None:
    mine = await world.chat.say(private(BUYER), BUYER, "/orders")
    assert mine.splitlines()[0] == "📋 我负责的在途订单（1）"
    assert "⚠ PO-1001 华达精密 · 首道工序完成 · 60% · 交期 12-08" in mine
    everything = await world.chat.say(BUYERS_EN, STRANGER, "my orders")
    assert everything.splitlines()[0] == "📋 Open orders (3)"
    supplier = await world.chat.say(HD_GROUP, WANG, "/orders")
    assert "PO-1001" in supplier and "PO-1003" in supplier and "PO-1002" not in supplier


# --- scorecards ---------------------------------------------------------------------------

async def test_supplier_scorecard(world: World, clock: FakeClock) -> None:
    text = await world.chat.say(BUYERS, BUYER, "供应商 华达 评分")
    assert text.splitlines()[0] == "📊 华达精密 评分（08-27 ~ 11-24）"  # the suppliers page's 90 days
    assert "节点达成率：50%（1/2）" in text  # material on time, first operation overdue
    assert "交货准时率：—" in text
    assert "权重：交货30%" in text
    assert "综合评分：50" in text


async def test_supplier_scorecard_asks_which_and_respects_scope(world: World) -> None:
    assert "华达精密、华通机械" in await world.chat.say(BUYERS, BUYER, "/supplier 华")
    assert "没有找到供应商“华达”" in await world.chat.say(BUYERS_XY, BUYER, "/supplier 华达")
    assert "鑫源电子 评分" in await world.chat.say(BUYERS_XY, BUYER, "/supplier")
    assert "没有找到供应商“鑫源”" in await world.chat.say(HD_GROUP, WANG, "/supplier 鑫源")


# --- exceptions ---------------------------------------------------------------------------

async def test_exceptions_ack_by_button_and_resolve_by_command(world: World, database: Database,
                                                              clock: FakeClock) -> None:
    hd, xy = world.exceptions["HD"], world.exceptions["XY"]
    text = await world.chat.say(BUYERS, BUYER, "/exceptions")
    assert text.splitlines()[0] == "🚨 未关闭异常（2）"
    assert f"EXC-{hd} PO-1001 · 逾期 · PO-1001 首道工序逾期 · 5小时前（已升级到1级）" in text
    assert f"EXC-{xy} PO-1002 · 不良 · PO-1002 不良20件 虚焊 · 1小时前\n" in text + "\n"  # no level reached
    assert f"x:ack:{hd}" in world.chat.payloads and f"x:resolve:{xy}" in world.chat.payloads

    clock.advance(timedelta(minutes=10))
    acked = await world.chat.say(BUYERS, BUYER, button=f"x:ack:{hd}")
    assert acked.startswith(f"✅ EXC-{hd} 已由 李娟 认领")
    stored = await ticket(database, hd)
    assert stored.acknowledged_by == "李娟" and stored.acknowledged_at == clock.now()
    assert "已由 李娟 于 11-24 10:10 认领过" in await world.chat.say(BUYERS, BUYER, f"/ack EXC-{hd}")
    assert "（已认领：李娟）" in await world.chat.say(BUYERS, BUYER, "/exceptions")

    closed = await world.chat.say(BUYERS, BUYER, f"/resolve EXC-{hd} 已协调加班，明天补齐")
    assert f"EXC-{hd} 已由 李娟 解决" in closed and "已协调加班，明天补齐" in closed
    stored = await ticket(database, hd)
    assert stored.resolved_by == "李娟" and stored.resolution == "已协调加班，明天补齐"
    assert "已由 李娟 于" in await world.chat.say(BUYERS, BUYER, button=f"x:resolve:{hd}")
    assert "未关闭异常（1）" in await world.chat.say(BUYERS, BUYER, "异常")


async def test_the_owner_is_kept_as_a_person_and_a_chat_user_not_only_a_name(world: World, database: Database) -> None:
    """Follow-ups @-mention the owner by these (scheduler.ladder), whatever the display name becomes."""
    hd, xy = world.exceptions["HD"], world.exceptions["XY"]
    await world.chat.say(BUYERS, BUYER, button=f"x:ack:{hd}")
    stored = await ticket(database, hd)
    async with database.read() as session:
        lijuan = await session.scalar(select(Person.id).where(Person.name == "李娟"))
    assert stored.acknowledged_by_person_id == lijuan and stored.acknowledged_by_user == f"telegram:{BUYER}"
    # a speaker we know only by their chat user may not acknowledge at all (issue #19): nothing is recorded
    refused = await world.chat.say(BUYERS_EN, STRANGER, f"/ack {xy}")
    stranger = await ticket(database, xy)
    assert "not on the people list" in refused
    assert stranger.acknowledged_at is None and stranger.acknowledged_by_user is None


async def test_english_ack_says_who(world: World, database: Database) -> None:
    """Who acknowledged is the person's name on the people list (an unknown member of the
    buyers' chat may read there but not acknowledge: see the router's gate)."""
    xy = world.exceptions["XY"]
    async with database.write() as session:
        emma = Person(name="Emma Buyer", role="buyer", language="en", created_at=world.chat.clock.now())
        session.add(emma)
        await session.flush()
        session.add(ChatIdentity(person_id=emma.id, platform="telegram", user_id="401"))
    refused = await world.chat.say(BUYERS_EN, STRANGER, f"/ack {xy}", name="Emma Buyer")
    assert "not on the people list" in refused and "--user 300" in refused
    assert (await ticket(database, xy)).acknowledged_at is None
    assert f"EXC-{xy} acknowledged by Emma Buyer" in await world.chat.say(BUYERS_EN, "401", f"/ack {xy}",
                                                                          name="someone else")
    assert (await ticket(database, xy)).acknowledged_by == "Emma Buyer"


async def test_acknowledging_another_groups_exception_is_refused(world: World, database: Database) -> None:
    hd = world.exceptions["HD"]
    assert await world.chat.say(BUYERS_XY, BUYER, f"/ack EXC-{hd}") == f"没有找到异常 EXC-{hd}。"
    assert await world.chat.say(BUYERS_XY, BUYER, button=f"x:resolve:{hd}") == f"没有找到异常 EXC-{hd}。"
    stored = await ticket(database, hd)
    assert stored.acknowledged_at is None and stored.resolved_at is None
    listed = await world.chat.say(BUYERS_XY, BUYER, "/exceptions")
    assert "PO-1001" not in listed


async def test_suppliers_cannot_acknowledge(world: World, database: Database) -> None:
    hd = world.exceptions["HD"]
    assert "供应商不能确认" in await world.chat.say(HD_GROUP, WANG, f"/ack EXC-{hd}")
    assert "供应商不能确认" in await world.chat.say(HD_GROUP, WANG, button=f"x:ack:{hd}")
    assert (await ticket(database, hd)).acknowledged_at is None


async def test_control_characters_never_reach_the_database(world: World, database: Database) -> None:
    xy = world.exceptions["XY"]
    assert "不在人员名单上" in await world.chat.say(BUYERS_XY, "888", f"/resolve EXC-{xy} 已\x00处理", name="x\x009")
    assert (await ticket(database, xy)).resolved_at is None
    assert "已由 李娟 解决" in await world.chat.say(BUYERS_XY, BUYER, f"/resolve EXC-{xy} 已\x00处理", name="x\x009")
    assert (await ticket(database, xy)).resolution == "已处理"
    text = await world.chat.say(BUYERS, BUYER, "/neworder PO-2009 华达 B\x00K 10件 交期12-20")
    assert text.startswith("✅ 已创建 PO-2009")


async def test_broken_buttons_and_missing_numbers(world: World) -> None:
    assert "按钮已失效" in await world.chat.say(BUYERS, BUYER, button="x:ack:abc")
    assert "/ack EXC-12" in await world.chat.say(BUYERS, BUYER, "/ack")


# --- strangers ----------------------------------------------------------------------------

async def test_unknown_people_and_unbound_groups_are_refused_politely(world: World) -> None:
    assert "我还不认识您" in await world.chat.say(STRANGE_GROUP, STRANGER, "PO-1001 进度?")
    assert "我还不认识您" in await world.chat.say(private(STRANGER), STRANGER, "/overdue")
    assert "本群还没有绑定" in await world.chat.say(STRANGE_GROUP, BUYER, "PO-1001 进度?")
    assert "本群还没有绑定" in await world.chat.say(STRANGE_GROUP, BUYER, button=f"x:ack:{world.exceptions['HD']}")
    assert "📦 PO-1001" in await world.chat.say(private(BUYER), BUYER, "PO-1001 进度?")


# --- binding ------------------------------------------------------------------------------

async def binding_of(database: Database, chat: ChatRef) -> ChatBinding | None:
    async with database.read() as session:
        return await session.scalar(select(ChatBinding).where(ChatBinding.chat_id == chat.chat_id))


async def test_admin_binds_a_group_and_rebinding_needs_confirmation(world: World, database: Database) -> None:
    assert "本聊天为华达精密 供应商群" in await world.chat.say(STRANGE_GROUP, ADMIN, "/bind supplier 华达")
    bound = await binding_of(database, STRANGE_GROUP)
    assert bound is not None and bound.role == "supplier" and bound.supplier_id == world.suppliers["HD"]
    assert bound.title == "新群" and bound.chat_kind == "group"

    asked = await world.chat.say(STRANGE_GROUP, ADMIN, "/bind buyers")
    assert "当前为华达精密 供应商群" in asked and "/bind buyers confirm" in asked
    assert world.chat.payloads == ["a:bind:buyers:0"]
    assert (await binding_of(database, STRANGE_GROUP)).role == "supplier"  # type: ignore[union-attr]

    changed = await world.chat.say(STRANGE_GROUP, ADMIN, button="a:bind:buyers:0")
    assert "华达精密 供应商群 → 采购群" in changed and "系统管理员" in changed
    bound = await binding_of(database, STRANGE_GROUP)
    assert bound is not None and bound.role == "buyers" and bound.supplier_id is None

    assert "（仅 鑫源电子）" in await world.chat.say(STRANGE_GROUP, ADMIN, "/bind buyers 鑫源 confirm")
    assert "无需更改" in await world.chat.say(STRANGE_GROUP, ADMIN, "/bind buyers 鑫源")
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(ChatBinding)) == 5


async def test_only_admins_bind_and_tokens_never_go_through_chat(world: World, database: Database) -> None:
    assert "只有管理员可以绑定" in await world.chat.say(STRANGE_GROUP, BUYER, "/bind buyers")
    assert "只有管理员可以绑定" in await world.chat.say(BUYERS, BUYER, button="a:bind:supplier:1")
    assert "请不要在聊天里发送令牌" in await world.chat.say(private(STRANGER), STRANGER, "/bind admin s3cret")
    assert "用法" in await world.chat.say(STRANGE_GROUP, ADMIN, "/bind nonsense")
    assert "请写明供应商" in await world.chat.say(STRANGE_GROUP, ADMIN, "/bind supplier")
    assert await binding_of(database, STRANGE_GROUP) is None
    assert await binding_of(database, private(STRANGER)) is None


async def test_the_first_admin_is_added_on_the_server(database: Database, clock: FakeClock) -> None:
    chat = Chat(database, clock)
    text = await chat.say(private("555"), "555", "/bind buyers")
    assert "supplierbot admin add --platform telegram --user 555" in text
    whoami = await chat.say(private("555"), "555", "/whoami")
    assert "用户ID：555" in whoami and "身份：unknown" in whoami

    assert await add_admin(load_settings(database_url=database.url), "telegram", "555", "张三") == 0
    assert "本聊天为采购群" in await chat.say(STRANGE_GROUP, "555", "/bind buyers")
    async with database.write() as session:
        person_id = await grant_admin(session, "telegram", "555", "张三", clock=clock)
        assert await grant_admin(session, "telegram", "555", "张三", clock=clock) == person_id
        with pytest.raises(AdminError):
            await grant_admin(session, "carrier-pigeon", "1", "x", clock=clock)


# --- orders by chat -----------------------------------------------------------------------

async def test_neworder_creates_an_order_from_one_line(world: World, database: Database) -> None:
    text = await world.chat.say(private(BUYER), BUYER, "/neworder PO-2001 华达 BRK-2201 2000件 交期12-20 冲压")
    assert text.startswith("✅ 已创建 PO-2001 · 华达精密 · BRK-2201 · 2000件 · 交期 12-20 · 冲压")
    assert "录入：李娟" in text
    async with database.read() as session:
        order = await session.scalar(select(Order).where(Order.po == "PO-2001"))
        assert order is not None
        assert (order.supplier_id, order.quantity, order.unit, order.due_date, order.process) == (
            world.suppliers["HD"], 2000, "件", date(2026, 12, 20), "stamping")
        assert order.created_by == "李娟" and order.release_date == date(2026, 11, 24)
        buyer = await session.get(Person, order.buyer_id)
        assert buyer is not None and buyer.name == "李娟"
        assert await session.scalar(select(func.count()).where(Milestone.order_id == order.id)) == 6


async def test_neworder_takes_a_process_set_up_on_the_templates_page(world: World, database: Database,
                                                                      clock: FakeClock) -> None:
    from storage.template_setup import NodeRow, save_template

    before = await world.chat.say(private(BUYER), BUYER, "/neworder PO-2010 华达 LSR-1 20件 交期12-20 激光切割")
    assert "· 通用" in before  # an unknown process is read as part of the part's name
    rows = [NodeRow("", "material_ready", "10"), NodeRow("激光切割", "first_process", "40"),
            NodeRow("折弯", "in_process", "70"), NodeRow("", "final_inspection", "85"), NodeRow("", "shipped", "95"),
            NodeRow("", "received", "100")]
    async with database.write() as session:
        code, problems = await save_template(session, code=None, name_zh="激光切割", name_en="Laser cutting",
                                             rows=rows, actor="李娟", now=clock.now())
    assert problems == [] and code == "激光切割"
    text = await world.chat.say(private(BUYER), BUYER, "/neworder PO-2011 华达 LSR-1 20件 交期12-20 激光切割")
    assert text.startswith("✅ 已创建 PO-2011") and "· 激光切割" in text
    assert "激光切割 " in text and "折弯 " in text  # the steps are named in the plan it confirms
    async with database.read() as session:
        order = await session.scalar(select(Order).where(Order.po == "PO-2011"))
        assert order is not None and order.process == "激光切割" and order.part_name == ""


async def test_neworder_with_problems_creates_nothing(world: World, database: Database) -> None:
    text = await world.chat.say(BUYERS, BUYER, "/neworder PO-1001 华达 BRK-1 0件 交期12-45")
    assert text.startswith("❌ 订单未创建：")
    assert "已存在" in text and "数量" in text and "交期" in text
    assert "没有找到供应商“华达”" in await world.chat.say(BUYERS_XY, BUYER, "/neworder PO-2002 华达 B 10 交期12-20")
    assert "对应多个供应商" in await world.chat.say(BUYERS, BUYER, "/neworder PO-2003 华 B 10 交期12-20")
    assert "只有采购" in await world.chat.say(HD_GROUP, WANG, "/neworder PO-2004 华达 B 10 交期12-20")
    assert "格式" in await world.chat.say(BUYERS, BUYER, "/neworder PO-2005")
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Order)) == 3


# --- inviting supplier contacts ------------------------------------------------------------

async def test_invite_and_join_make_a_supplier_contact(world: World, database: Database, clock: FakeClock) -> None:
    text = await world.chat.say(BUYERS, BUYER, "/invite 华达")
    code = re.search(r"邀请码：(\d{6})", text)
    assert code is not None and "24小时内有效" in text

    assert "私聊" in await world.chat.say(HD_GROUP, "777", f"/join {code[1]}", name="小刘")
    welcome = await world.chat.say(private("777"), "777", f"/join {code[1]}", name="小刘")
    assert welcome.startswith("👋 欢迎，小刘！您已加入 华达精密。") and "PO-1001 原材料到了" in welcome
    async with database.read() as session:
        person = await session.scalar(select(Person).where(Person.name == "小刘"))
        assert person is not None and (person.role, person.supplier_id) == ("supplier", world.suppliers["HD"])
    assert "📦 PO-1001" in await world.chat.say(private("777"), "777", "PO-1001 进度?")
    assert "没有找到 1002" in await world.chat.say(private("777"), "777", "PO-1002 进度?")
    assert "邀请码无效" in await world.chat.say(private("778"), "778", f"/join {code[1]}")  # single use

    assert "已经是 华达精密 的联系人" in await world.chat.say(
        private("777"), "777", "/join " + re.search(r"(\d{6})", await world.chat.say(BUYERS, BUYER, "/invite HD"))[1])


async def test_join_is_throttled_and_invites_expire(world: World, clock: FakeClock) -> None:
    code = re.search(r"(\d{6})", await world.chat.say(BUYERS, BUYER, "/invite 鑫源"))[1]  # type: ignore[index]
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert "邀请码无效" in await world.chat.say(private("779"), "779", f"/join {wrong}")
    assert "尝试次数过多" in await world.chat.say(private("779"), "779", f"/join {code}")
    clock.advance(timedelta(hours=25))
    assert "邀请码无效" in await world.chat.say(private("779"), "779", f"/join {code}")


async def test_invite_needs_staff_within_scope(world: World) -> None:
    assert "只有采购" in await world.chat.say(HD_GROUP, WANG, "/invite 华达")
    assert "没有找到供应商“华达”" in await world.chat.say(BUYERS_XY, BUYER, "/invite 华达")


# --- help ---------------------------------------------------------------------------------

async def test_help_differs_for_suppliers_and_staff_and_follows_the_language(world: World) -> None:
    supplier = await world.chat.say(HD_GROUP, WANG, "/help")
    staff = await world.chat.say(BUYERS, BUYER, "/help")
    english = await world.chat.say(BUYERS_EN, STRANGER, "help")
    admin = await world.chat.say(private(ADMIN), ADMIN, "/help")
    assert "怎么汇报" in supplier and "/ack" not in supplier
    assert "/ack EXC-12" in staff and "/bind" not in staff and "/invite" in staff
    assert "Ask and act" in english
    assert "/bind supplier 华达" in admin
    assert "/join" in await world.chat.say(STRANGE_GROUP, STRANGER, "/help")


@pytest.mark.parametrize("role", ["supplier", "buyer", "admin"])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_help_example_is_understood(role: str, language: str) -> None:
    examples = [line.strip() for line in help_text(role, language).splitlines() if line.startswith("  ")]
    assert len(examples) >= 8
    admin_commands = ("/bind", "/neworder", "/invite", "/whoami")
    for example in examples:
        example = re.split(r"\s{2,}|　", example)[0]
        if example.startswith(admin_commands):
            continue
        reading = read_message(example, role="supplier" if role == "supplier" else "buyer",
                               now=datetime(2026, 11, 24, 10, 0, tzinfo=SH), tz=SH)
        assert reading.intent not in ("unknown", "clarify"), (example, reading)


async def test_the_rebinding_confirmation_button_works_through_the_router(world: World, database: Database) -> None:
    from handlers.router import handle_message

    await world.chat.say(STRANGE_GROUP, ADMIN, "/bind supplier 华达")
    await world.chat.say(STRANGE_GROUP, ADMIN, "/bind buyers")
    [payload] = world.chat.payloads
    pressed = InboundMessage(platform=Platform.TELEGRAM, external_id="button-1", chat=STRANGE_GROUP,
                             sender=SenderRef(ADMIN, ""), sent_at=world.chat.clock.now(), button_payload=payload)
    ctx = HandlerContext(now=world.chat.clock.now(), timezone=SH, language="zh", inbox_id=999, ladder=Ladder())
    async with database.write() as session:
        replies = await handle_message(session, pressed, ctx)
    assert "采购群" in "\n".join(r.text for r in replies)
    assert (await binding_of(database, STRANGE_GROUP)).role == "buyers"  # type: ignore[union-attr]
