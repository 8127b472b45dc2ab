"""The supplier and buyer conversation through DingTalk, end to end: the same phrases as the
Telegram and WeCom conversations (`test_conversations_e2e.py`).

The whole service is built with `build_app` and DingTalk settings; its Stream connection (the
real `dingtalk-stream` SDK) connects to the loopback fake, which pushes robot messages as
DingTalk does; the inbox is processed, the outbox dispatched, and the fake records what the
robot said, through session webhooks and the send APIs.
"""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.admin_cli import add_admin
from bot.app import RUNTIME, SERVICES, build_app
from bot.clock import FakeClock
from bot.ports import Platform
from bot.settings import Settings, load_settings
from scheduler.jobs import escalate_overdue
from storage.db import Database
from storage.models import ChatBinding, Lot, Milestone, Order, Person, Photo, ProgressReport
from tests.fakes.dingtalk_server import (
    QPS_LIMIT,
    TOPIC_CARD,
    FakeDingTalk,
    card_click,
    picture_message,
    rich_text_message,
    text_message,
)
from tests.fakes.photos import noise_jpeg
from tests.handlers.supplier_world import BUYERS_CHAT, jpeg, seed_world

GROUP = "cidHuaDa0001+group=="
WANG = "manager4211"  # 王工's staff userId
ClientFactory = Callable[..., Awaitable[TestClient]]


@pytest.fixture
async def fake() -> AsyncIterator[FakeDingTalk]:
    async with FakeDingTalk() as server:
        yield server


async def start(aiohttp_client: ClientFactory, fake: FakeDingTalk, database: Database, clock: FakeClock,
                tmp_path: Path, **settings: Any) -> TestClient:
    await seed_world(database, clock, Platform.DINGTALK, huada_chat=GROUP, wang=WANG)
    values: dict[str, Any] = dict(database_url=database.url, dingtalk_client_id=fake.client_id,
                                  dingtalk_client_secret=fake.client_secret, dingtalk_api_base=fake.base,
                                  photo_dir=tmp_path / "photos", scheduler=False)
    values.update(settings)
    client = await aiohttp_client(build_app(Settings(**values), clock=clock, database=database, run_workers=False))
    await fake.wait_for(lambda: fake.live)
    return client


@pytest.fixture
async def app(fake: FakeDingTalk, aiohttp_client: ClientFactory, database: Database, clock: FakeClock,
              tmp_path: Path) -> TestClient:
    return await start(aiohttp_client, fake, database, clock, tmp_path)


class Group:
    """王工 in 华达's DingTalk group, @-mentioning the robot; every message has a fresh session webhook."""

    def __init__(self, fake: FakeDingTalk, client: TestClient, clock: FakeClock, *, chat_id: str = GROUP,
                 staff_id: str = WANG, private: bool = False, nick: str = "王工") -> None:
        self.fake, self.client, self.clock = fake, client, clock
        self.chat_id, self.staff_id, self.private, self.nick = chat_id, staff_id, private, nick
        self.n = 0

    def _common(self) -> dict[str, Any]:
        self.n += 1
        until = int((self.clock.now() + timedelta(minutes=90)).timestamp() * 1000)
        conversation = f"cidP2P{self.staff_id}==" if self.private else self.chat_id  # a 1:1 chat is its user
        return dict(conversation_id=conversation, group=not self.private, staff_id=self.staff_id, nick=self.nick,
                    session_webhook=self.fake.new_session_webhook(self.chat_id), webhook_until_ms=until,
                    created_ms=int(self.clock.now().timestamp() * 1000))

    async def says(self, text: str, *, times: int = 1, msg_id: str | None = None) -> str:
        msg_id = msg_id or f"msg{self.chat_id[-6:]}{self.n + 1:04d}=="
        body = text_message(msg_id, text, **self._common())
        for _ in range(times):
            await self.fake.push(body)
        await self._stored(msg_id, times)
        return msg_id

    async def sends(self, parts: list[tuple[str, str]]) -> None:
        msg_id = f"rich{self.n + 1:04d}=="
        await self.fake.push(rich_text_message(msg_id, parts, **self._common()))
        await self._stored(msg_id, 1)

    async def _stored(self, msg_id: str, times: int) -> None:
        await self.fake.wait_for(lambda: self._seen(msg_id, times))

    def _seen(self, msg_id: str, times: int) -> bool:
        acked = [f for s in self.fake.streams for f in s.sent
                 if json.loads(f["data"]).get("msgId") == msg_id and f["headers"]["messageId"] in s.acks]
        return len(acked) >= times

    async def deliver(self, rounds: int = 4) -> None:
        runtime = self.client.app[RUNTIME]
        await runtime.pipeline.process_pending()
        for _ in range(rounds):
            await runtime.dispatcher.dispatch_once()
            self.clock.advance(timedelta(seconds=3))


async def count(database: Database, model: type) -> int:
    async with database.read() as session:
        return await session.scalar(select(func.count()).select_from(model))  # type: ignore[arg-type]


async def node(database: Database, po: str, code: str) -> Milestone:
    async with database.read() as session:
        return (await session.execute(
            select(Milestone).join(Order, Order.id == Milestone.order_id).where(Order.po == po, Milestone.node == code)
        )).scalar_one()


def group_sends(fake: FakeDingTalk, chat_id: str) -> list[dict[str, Any]]:
    return [b for b in fake.sent("/v1.0/robot/groupMessages/send") if b["openConversationId"] == chat_id]


# --- on and off -----------------------------------------------------------------------------------

async def test_start_up_lists_dingtalk_when_its_credentials_are_set_and_leaves_it_off_without(
        app: TestClient, database: Database, clock: FakeClock, tmp_path: Path) -> None:
    [notice] = [n for n in app.app[RUNTIME].notices if n.startswith("DingTalk")]
    assert "Stream mode" in notice and "buttons as ActionCards" in notice
    assert Platform.DINGTALK in app.app[SERVICES].channels

    off = build_app(Settings(database_url=database.url, photo_dir=tmp_path / "off", scheduler=False,
                             dingtalk_client_id="dingonlyid"), clock=clock, database=database, run_workers=False)
    assert Platform.DINGTALK not in off[SERVICES].channels and not off[RUNTIME].background


# --- the supplier's side ---------------------------------------------------------------------------

async def test_progress_report_is_confirmed_in_the_group_through_the_session_webhook(
        app: TestClient, fake: FakeDingTalk, database: Database, clock: FakeClock) -> None:
    chat = Group(fake, app, clock)
    await chat.says("PO-1001 原材料到了")
    await chat.deliver()

    assert fake.texts(GROUP) == ["PO-1001 原材料到位 ✔ 11-24 10:00\n发「撤回」可撤销"]
    assert fake.sent("/robot/sendBySession") and not group_sends(fake, GROUP)
    assert (await node(database, "PO-1001", "material_ready")).status == "done"


async def test_a_repeated_push_stores_one_record_and_answers_once(
        app: TestClient, fake: FakeDingTalk, database: Database, clock: FakeClock) -> None:
    chat = Group(fake, app, clock)
    await chat.says("PO-1001 发货 500件 批次L2311-01", times=3)
    await chat.deliver()

    assert await count(database, ProgressReport) == 1 and await count(database, Lot) == 1
    assert len(fake.texts(GROUP)) == 1


async def test_a_delay_reaches_the_buyers_group_with_an_acknowledge_button(
        app: TestClient, fake: FakeDingTalk, clock: FakeClock) -> None:
    chat = Group(fake, app, clock)
    await chat.says("1001 延期到12月3号 钢材没到")
    await chat.deliver()

    [told] = group_sends(fake, BUYERS_CHAT)  # no session webhook for a chat that did not speak: the API
    param = json.loads(told["msgParam"])
    assert told["msgKey"].startswith("sampleActionCard") and "钢材没到" in param["text"]
    assert param.get("actionURL1", param.get("singleURL")) == "dtmd://dingtalkclient/sendMessage?content=1"


async def test_a_defect_is_recorded_once_and_told_to_the_buyers(
        app: TestClient, fake: FakeDingTalk, database: Database, clock: FakeClock) -> None:
    chat = Group(fake, app, clock)
    await chat.says("PO-1001 不良20件 尺寸偏大", times=2)
    await chat.deliver()

    assert await count(database, ProgressReport) == 1
    assert len(fake.texts(GROUP)) == 1 and len(group_sends(fake, BUYERS_CHAT)) == 1


async def test_a_photo_with_a_caption_is_kept_with_one_report(
        app: TestClient, fake: FakeDingTalk, database: Database, clock: FakeClock) -> None:
    chat = Group(fake, app, clock)
    red, blue = fake.add_file(jpeg("red")), fake.add_file(jpeg("blue"))
    await chat.sends([("text", "1001 质检"), ("picture", red), ("picture", blue)])
    await chat.deliver()

    async with database.read() as session:
        photos = list((await session.execute(select(Photo))).scalars())
    assert len(photos) == 2 and photos[0].report_id is not None
    assert {p.report_id for p in photos} == {photos[0].report_id}
    [question] = fake.texts(GROUP)
    assert "1. 孔径 50 ±0.05 mm" in question


async def test_a_5mb_picture_arrives_whole_through_the_download_api(
        app: TestClient, fake: FakeDingTalk, database: Database, clock: FakeClock) -> None:
    chat = Group(fake, app, clock)
    photo = noise_jpeg(2400, 1800)  # about 5 MB, downloaded in 64 KiB chunks
    await fake.push(picture_message("bigpic1==", fake.add_file(photo), **chat._common()))
    await chat._stored("bigpic1==", 1)
    await chat.deliver()

    async with database.read() as session:
        [stored] = list((await session.execute(select(Photo))).scalars())
    assert (stored.width, stored.height) == (2400, 1800)  # a cut-off JPEG would not decode: stored whole
    assert not any("下载失败" in text for text in fake.texts(GROUP))


async def test_a_throttled_send_waits_like_wecoms_and_goes_out_once(
        app: TestClient, fake: FakeDingTalk, clock: FakeClock) -> None:
    fake.inject("/v1.0/robot/groupMessages/send", QPS_LIMIT)
    chat = Group(fake, app, clock)
    await chat.says("1001 延期到12月3号 钢材没到")
    await chat.deliver(rounds=2)
    assert not group_sends(fake, BUYERS_CHAT)  # refused once: the row waits a minute

    clock.advance(timedelta(seconds=61))
    await chat.deliver()
    assert len(group_sends(fake, BUYERS_CHAT)) == 1


async def test_a_pressed_action_card_button_sends_its_number_and_answers_the_question(
        app: TestClient, fake: FakeDingTalk, database: Database, clock: FakeClock) -> None:
    chat = Group(fake, app, clock)
    await chat.says("1001 60")
    await chat.deliver()
    [card] = fake.sent("/robot/sendBySession")
    assert card["msgtype"] == "actionCard"
    labels = [b["title"] for b in card["actionCard"]["btns"]]
    number = next(i for i, label in enumerate(labels, start=1) if "件" in label)
    assert card["actionCard"]["btns"][number - 1]["actionURL"].endswith(f"content={number}")

    await chat.says(str(number))  # what DingTalk sends when the button is pressed
    await chat.deliver()

    assert (await node(database, "PO-1001", "material_ready")).qty_done == 60
    assert "60/2000" in fake.texts(GROUP)[-1]


async def test_with_a_card_template_a_click_on_the_card_answers_the_question(
        fake: FakeDingTalk, aiohttp_client: ClientFactory, database: Database, clock: FakeClock,
        tmp_path: Path) -> None:
    app = await start(aiohttp_client, fake, database, clock, tmp_path, dingtalk_card_template_id="tpl.schema")
    chat = Group(fake, app, clock)
    await chat.says("1001 60")
    await chat.deliver()
    [card] = fake.sent("/v1.0/card/instances/createAndDeliver")
    buttons = json.loads(card["cardData"]["cardParamMap"]["buttons"])
    quantity = next(b["payload"] for b in buttons if b["payload"].endswith(":qty"))

    pushed = await fake.push(card_click(card["outTrackId"], quantity, user_id=WANG, space_id=GROUP), topic=TOPIC_CARD)
    await fake.wait_for(lambda: fake.acked(pushed))
    await chat.deliver()

    assert (await node(database, "PO-1001", "material_ready")).qty_done == 60
    assert "60/2000" in fake.texts(GROUP)[-1]


async def test_status_shows_the_supplier_its_own_orders(app: TestClient, fake: FakeDingTalk, clock: FakeClock) -> None:
    chat = Group(fake, app, clock)
    await chat.says("/status PO-1001")
    await chat.deliver()

    [text] = fake.texts(GROUP)
    assert "PO-1001 当前：原材料到位" in text


# --- the buyers' side ------------------------------------------------------------------------------

async def test_a_buyer_asks_for_an_orders_status_in_the_buyers_group(
        app: TestClient, fake: FakeDingTalk, clock: FakeClock) -> None:
    buyers = Group(fake, app, clock, chat_id=BUYERS_CHAT, staff_id="buyer0301")
    await buyers.says("/status PO-1001")
    await buyers.deliver()

    [text] = fake.texts(BUYERS_CHAT)
    assert "📦 PO-1001 · 华达精密" in text and "BRK-2201 冲压支架 · 2000件" in text


async def test_an_overdue_node_escalates_into_the_buyers_group(
        app: TestClient, fake: FakeDingTalk, database: Database, clock: FakeClock) -> None:
    assert (await node(database, "PO-1001", "material_ready")).planned_date == clock.now().date()
    for _ in range(30):  # the ladder climbs hour by hour: L0 to the supplier tomorrow at 8, L1 to the buyers at 12
        await escalate_overdue(database, clock.now())
        clock.advance(timedelta(hours=1))
    await Group(fake, app, clock).deliver(rounds=8)

    buyers = [json.loads(b["msgParam"]) for b in group_sends(fake, BUYERS_CHAT)]
    assert any((p.get("text") or p.get("content") or "").startswith("⚠️ 异常升级 L1") for p in buyers)
    assert group_sends(fake, GROUP)  # the reminder reached the supplier's group (no live webhook: the API)


# --- identity and binding -----------------------------------------------------------------------------

async def test_an_admin_binds_a_group_invites_a_contact_who_joins_in_a_one_to_one_chat(
        app: TestClient, fake: FakeDingTalk, database: Database, clock: FakeClock) -> None:
    admin = Group(fake, app, clock, chat_id="cidNewBuyers01==", staff_id="admin0001", nick="张三")
    newcomer = Group(fake, app, clock, chat_id="staff0777", staff_id="staff0777", private=True, nick="小刘")
    await newcomer.says("/whoami")
    await newcomer.deliver()
    [whoami] = fake.texts("staff0777")
    assert "用户ID：staff0777" in whoami and "身份：unknown" in whoami

    assert await add_admin(load_settings(database_url=database.url), "dingtalk", "admin0001", "张三") == 0
    await admin.says("/bind buyers")
    await admin.says("/invite 华达")
    await admin.deliver()
    bound, invited = fake.texts("cidNewBuyers01==")
    assert "本聊天为采购群" in bound
    code = re.search(r"邀请码：(\d{6})", invited)
    assert code is not None

    await newcomer.says(f"/join {code[1]}")
    await newcomer.deliver()

    assert fake.texts("staff0777")[-1].startswith("👋 欢迎，小刘！您已加入 华达精密。")
    async with database.read() as session:
        person = await session.scalar(select(Person).where(Person.name == "小刘"))
        assert person is not None and person.role == "supplier"
        chats = {(b.platform, b.chat_id, b.chat_kind, b.role) for b in (await session.execute(select(ChatBinding))).scalars()}
    assert ("dingtalk", "cidNewBuyers01==", "group", "buyers") in chats
    assert ("dingtalk", "staff0777", "private", "supplier") in chats  # prompts reach the contact's 1:1 chat
