"""The supplier and buyer conversation through Feishu, end to end, with the phrases the
Telegram and WeCom conversation tests use (tests/handlers/test_conversations_e2e.py).

The whole service is built with `build_app` and Feishu configured against the loopback fake:
events reach it over the real SDK's long connection, the inbox is processed, the outbox
dispatched, and the fake records what the bot sent back through the open API.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.admin_cli import grant_admin
from bot.app import build_app
from bot.clock import FakeClock
from bot.ports import Platform
from bot.runtime import RUNTIME
from bot.settings import Settings
from scheduler.jobs import escalate_overdue
from storage.db import Database
from storage.models import (
    BindingRole,
    ChatBinding,
    ChatIdentity,
    InboxMessage,
    Lot,
    Milestone,
    Order,
    OutboxMessage,
    OutboxState,
    Person,
    Photo,
    ProgressReport,
    Role,
)
from tests.fakes.feishu_server import (
    FREQUENCY,
    FakeFeishu,
    bot_added_event,
    card_action_event,
    card_buttons,
    flat_text,
    image_event,
    post_event,
    text_event,
)
from tests.fakes.photos import noise_jpeg
from tests.handlers.supplier_world import BUYERS_CHAT, jpeg, seed_world
from tests.scheduler.world import sh

GROUP = "oc_huada0000000000000000000000001"
WANG = "ou_wang00000000000000000000000001"

ClientFactory = Callable[..., Awaitable[TestClient]]


@pytest.fixture
async def fake() -> AsyncIterator[FakeFeishu]:
    async with FakeFeishu(ack_timeout=5.0) as server:  # Feishu: 3 s; roomier for a loaded test machine
        yield server


@pytest.fixture
async def app(fake: FakeFeishu, aiohttp_client: ClientFactory, database: Database, clock: FakeClock,
              tmp_path: Path) -> TestClient:
    await seed_world(database, clock, Platform.FEISHU, huada_chat=GROUP, wang=WANG)
    settings = Settings(database_url=database.url, feishu_app_id=fake.app_id, feishu_app_secret=fake.secret,
                        feishu_domain=fake.base_url, photo_dir=tmp_path / "photos")
    client = await aiohttp_client(build_app(settings, clock=clock, database=database, run_workers=False))
    await fake.wait_connected()
    return client


def ms(clock: FakeClock) -> int:
    return int(clock.now().timestamp() * 1000)


async def say(fake: FakeFeishu, clock: FakeClock, text: str, **kwargs: Any) -> str:
    """王工 says `text` in 华达's group; returns once the service has stored it (frame answered)."""
    event_id = await fake.push(text_event(text, chat_id=GROUP, sender=WANG, create_ms=ms(clock), **kwargs))
    await fake.wait_for(lambda: fake.acked(event_id))
    return event_id


async def deliver(client: TestClient, clock: FakeClock, rounds: int = 4) -> None:
    """Process the inbox, then send what is due, letting the per-chat send limits pass."""
    runtime = client.app[RUNTIME]
    await runtime.pipeline.process_pending()
    for _ in range(rounds):
        await runtime.dispatcher.dispatch_once()
        clock.advance(timedelta(seconds=3))


async def count(database: Database, model: type) -> int:
    async with database.read() as session:
        return await session.scalar(select(func.count()).select_from(model))  # type: ignore[arg-type]


async def node(database: Database, po: str, code: str) -> Milestone:
    async with database.read() as session:
        return (await session.execute(
            select(Milestone).join(Order, Order.id == Milestone.order_id).where(Order.po == po, Milestone.node == code)
        )).scalar_one()


async def test_progress_is_confirmed_in_the_group(
        app: TestClient, fake: FakeFeishu, database: Database, clock: FakeClock) -> None:
    await say(fake, clock, "PO-1001 原材料到了")
    await deliver(app, clock)

    assert fake.texts(GROUP) == ["PO-1001 原材料到位 ✔ 11-24 10:00\n发「撤回」可撤销"]
    assert (await node(database, "PO-1001", "material_ready")).status == "done"


async def test_a_duplicate_event_gives_one_record_and_one_reply(
        app: TestClient, fake: FakeFeishu, database: Database, clock: FakeClock) -> None:
    body = text_event("PO-1001 发货 500件 批次L2311-01", chat_id=GROUP, sender=WANG, create_ms=ms(clock))
    event_id = await fake.push_twice(body)
    await fake.wait_for(lambda: fake.acked(event_id))
    await deliver(app, clock)

    assert fake.events[event_id].pushes == 2
    assert await count(database, InboxMessage) == 1
    assert await count(database, ProgressReport) == 1 and await count(database, Lot) == 1
    assert len(fake.texts(GROUP)) == 1


async def test_a_delay_reaches_the_buyers_group_with_an_acknowledge_button(
        app: TestClient, fake: FakeFeishu, clock: FakeClock) -> None:
    await say(fake, clock, "1001 延期到12月3号 钢材没到")
    await deliver(app, clock)

    [told] = fake.ops("send")[-1:] if fake.texts(BUYERS_CHAT) else [None]
    assert told is not None and told["receive_id"] == BUYERS_CHAT
    assert "钢材没到" in flat_text(told)
    assert card_buttons(told)[0]["value"]["p"].startswith("x:ack:")


async def test_a_defect_is_recorded_once_and_told_to_the_buyers(
        app: TestClient, fake: FakeFeishu, database: Database, clock: FakeClock) -> None:
    await say(fake, clock, "PO-1001 不良20件 尺寸偏大")
    await deliver(app, clock)

    assert await count(database, ProgressReport) == 1
    assert len(fake.texts(GROUP)) == 1
    assert BUYERS_CHAT in {s["receive_id"] for s in fake.ops("send")}


async def test_a_photo_with_its_caption_is_stored_with_one_report(
        app: TestClient, fake: FakeFeishu, database: Database, clock: FakeClock) -> None:
    """Feishu's photo-with-caption is a post: words and pictures in one message."""
    body = post_event("", [[{"tag": "text", "text": "1001 质检"}],
                           [{"tag": "img", "image_key": "img_red"}, {"tag": "img", "image_key": "img_blue"}]],
                      chat_id=GROUP, sender=WANG, create_ms=ms(clock))
    message_id = body["event"]["message"]["message_id"]
    fake.add_image(message_id, "img_red", jpeg("red"))
    fake.add_image(message_id, "img_blue", jpeg("blue"))
    event_id = await fake.push(body)
    await fake.wait_for(lambda: fake.acked(event_id))
    await deliver(app, clock)

    async with database.read() as session:
        photos = list((await session.execute(select(Photo))).scalars())
    assert len(photos) == 2 and photos[0].report_id is not None
    assert {p.report_id for p in photos} == {photos[0].report_id}
    [question] = fake.texts(GROUP)
    assert "1. 孔径 50 ±0.05 mm" in question


async def test_a_card_button_answers_the_question(
        app: TestClient, fake: FakeFeishu, database: Database, clock: FakeClock) -> None:
    await say(fake, clock, "1001 60")
    await deliver(app, clock)
    [card] = fake.ops("send")
    quantity = next(b["value"] for b in card_buttons(card) if b["value"]["p"].endswith(":qty"))

    click = card_action_event(quantity, operator=WANG, chat_id=GROUP, message_id=card["message_id"])
    await fake.push(click)
    await fake.wait_for(lambda: fake.acked(click["header"]["event_id"]))
    await deliver(app, clock)

    assert (await node(database, "PO-1001", "material_ready")).qty_done == 60
    assert any("60/2000" in text for text in fake.texts(GROUP))


async def test_status_is_answered_in_the_group(app: TestClient, fake: FakeFeishu, clock: FakeClock) -> None:
    await say(fake, clock, "/status PO-1001", mention_bot=fake)
    await deliver(app, clock)

    [answer] = fake.texts(GROUP)
    assert "PO-1001" in answer


async def test_whoami_in_a_private_chat_answers_the_message_with_the_person_s_ids(
        app: TestClient, fake: FakeFeishu, clock: FakeClock) -> None:
    body = text_event("/whoami", chat_id="oc_p2p_wang", sender=WANG, chat_type="p2p", create_ms=ms(clock))
    event_id = await fake.push(body)
    await fake.wait_for(lambda: fake.acked(event_id))
    await deliver(app, clock)

    [answer] = fake.sent
    assert answer["op"] == "reply" and answer["reply_to"] == body["event"]["message"]["message_id"]
    assert WANG in flat_text(answer) and "supplier（王工）" in flat_text(answer)


# --- identity and binding, and an escalation reaching a group bound from Feishu ------------------

ADMIN = "ou_admin0000000000000000000000001"
BUYER = "ou_buyer0000000000000000000000001"
NEWCOMER = "ou_xiaoliu000000000000000000000001"
MANAGERS = "oc_managers00000000000000000000001"


async def bindings(database: Database) -> dict[str, str]:
    async with database.read() as session:
        rows = (await session.execute(select(ChatBinding).where(ChatBinding.platform == "feishu"))).scalars()
        return {b.chat_id: b.role for b in rows}


async def say_in(fake: FakeFeishu, clock: FakeClock, chat: str, sender: str, text: str, **kwargs: Any) -> None:
    private = chat.startswith("ou_")
    body = text_event(text, chat_id="oc_p2p_" + sender[3:] if private else chat, sender=sender,
                      chat_type="p2p" if private else "group", create_ms=ms(clock), **kwargs)
    event_id = await fake.push(body)
    await fake.wait_for(lambda: fake.acked(event_id))


def answers_to(fake: FakeFeishu, chat: str) -> list[str]:
    """What the bot said in a chat: sent there, or replied to a message from it."""
    asked = {e.body["event"]["message"]["message_id"] for e in fake.events.values()
             if "message" in e.body["event"] and (e.body["event"]["message"]["chat_id"] == chat
                                                  or e.body["event"]["sender"]["sender_id"]["open_id"] == chat
                                                  and e.body["event"]["message"]["chat_type"] == "p2p")}
    return [flat_text(s) for s in fake.sent if s.get("receive_id") == chat or s.get("reply_to") in asked]


async def test_an_admin_binds_a_feishu_group_and_the_escalation_reaches_it(
        app: TestClient, fake: FakeFeishu, database: Database, clock: FakeClock) -> None:
    async with database.write() as session:
        await grant_admin(session, "feishu", ADMIN, "周敏", clock=clock)
    await say_in(fake, clock, MANAGERS, ADMIN, "/bind managers", mention_bot=fake)
    await deliver(app, clock)
    assert (await bindings(database))[MANAGERS] == BindingRole.MANAGERS.value

    until = sh(2026, 11, 27, 18, 0)  # 华达's material node was due Tuesday: walk to Friday evening
    async with database.write() as session:
        late = (await session.execute(select(Milestone).join(Order).where(
            Order.po == "PO-1001", Milestone.node == "material_ready"))).scalar_one()
        late.planned_date = date(2026, 11, 23)
    while clock.now() < until:
        clock.advance(timedelta(hours=1))
        await escalate_overdue(database, clock.now())
        await deliver(app, clock, rounds=1)

    told = [t for t in answers_to(fake, MANAGERS) if "PO-1001" in t]
    assert told and told[0].startswith("⚠️ 异常升级")
    assert any("PO-1001" in t and t.startswith("⚠️ 异常升级") for t in answers_to(fake, BUYERS_CHAT))


async def test_invite_and_join_make_a_supplier_contact_on_feishu(
        app: TestClient, fake: FakeFeishu, database: Database, clock: FakeClock) -> None:
    async with database.write() as session:
        buyer = Person(name="李娟", role=Role.BUYER.value, language="zh", created_at=clock.now())
        session.add(buyer)
        await session.flush()
        session.add(ChatIdentity(person_id=buyer.id, platform="feishu", user_id=BUYER))
    await say_in(fake, clock, BUYERS_CHAT, BUYER, "/invite 华达", mention_bot=fake)
    await deliver(app, clock)
    code = re.search(r"邀请码：(\d{6})", "\n".join(answers_to(fake, BUYERS_CHAT)))
    assert code is not None

    await say_in(fake, clock, NEWCOMER, NEWCOMER, f"/join {code[1]}")
    await deliver(app, clock)
    [welcome] = answers_to(fake, NEWCOMER)
    assert "您已加入 华达精密" in welcome
    await say_in(fake, clock, NEWCOMER, NEWCOMER, "/whoami")
    await deliver(app, clock)
    assert "身份：supplier" in answers_to(fake, NEWCOMER)[-1]


async def test_a_frequency_error_waits_the_time_feishu_names_and_sends_once(
        app: TestClient, fake: FakeFeishu, database: Database, clock: FakeClock) -> None:
    fake.inject("send", FREQUENCY)
    await say(fake, clock, "PO-1001 原材料到了")
    await deliver(app, clock, rounds=1)
    async with database.read() as session:
        [row] = (await session.execute(select(OutboxMessage))).scalars()
    assert row.state == OutboxState.PENDING and "99991400" in (row.last_error or "")
    assert not fake.texts(GROUP)

    await deliver(app, clock)  # x-ogw-ratelimit-reset said 2 s; a round is 3 s
    assert fake.texts(GROUP) == ["PO-1001 原材料到位 ✔ 11-24 10:00\n发「撤回」可撤销"]


async def test_a_multi_megabyte_photo_alone_is_kept_with_the_current_node(
        app: TestClient, fake: FakeFeishu, database: Database, clock: FakeClock) -> None:
    photo = noise_jpeg(2400, 1800)
    body = image_event("img_v3_big", chat_id=GROUP, sender=WANG, create_ms=ms(clock))
    fake.add_image(body["event"]["message"]["message_id"], "img_v3_big", photo)
    event_id = await fake.push(body)
    await fake.wait_for(lambda: fake.acked(event_id))
    await deliver(app, clock)

    async with database.read() as session:
        [stored] = list((await session.execute(select(Photo))).scalars())
    assert stored.order_id is not None and (stored.width, stored.height) == (2400, 1800)
    assert "照片 1张 已存（原材料到位）" in fake.texts(GROUP)[0]


async def test_a_dropped_connection_loses_no_report(
        app: TestClient, fake: FakeFeishu, database: Database, clock: FakeClock) -> None:
    await fake.drop()
    event_id = await fake.push(text_event("PO-1001 原材料到了", chat_id=GROUP, sender=WANG, create_ms=ms(clock)))
    await fake.wait_for(lambda: fake.acked(event_id), within=15)  # pushed again once the SDK reconnects
    await deliver(app, clock)

    assert len(fake.connections) == 2
    assert fake.texts(GROUP) == ["PO-1001 原材料到位 ✔ 11-24 10:00\n发「撤回」可撤销"]


async def test_the_bot_added_to_a_new_group_says_how_to_bind_it(
        app: TestClient, fake: FakeFeishu, clock: FakeClock) -> None:
    body = bot_added_event(chat_id=MANAGERS, operator=ADMIN)
    await fake.push(body)
    await fake.wait_for(lambda: fake.acked(body["header"]["event_id"]))
    await deliver(app, clock)

    [greeting] = fake.texts(MANAGERS)
    assert "/bind" in greeting


async def test_a_buyer_asks_about_the_order_and_claims_the_delay_with_its_card_button(
        app: TestClient, fake: FakeFeishu, database: Database, clock: FakeClock) -> None:
    async with database.write() as session:
        buyer = Person(name="李娟", role=Role.BUYER.value, language="zh", created_at=clock.now())
        session.add(buyer)
        await session.flush()
        session.add(ChatIdentity(person_id=buyer.id, platform="feishu", user_id=BUYER))
    await say(fake, clock, "1001 延期到12月3号 钢材没到")
    await deliver(app, clock)
    [card] = [s for s in fake.ops("send") if s["receive_id"] == BUYERS_CHAT and card_buttons(s)]
    claim = next(b["value"] for b in card_buttons(card) if b["value"]["p"].startswith("x:ack:"))

    await say_in(fake, clock, BUYERS_CHAT, BUYER, "PO-1001 进度?")
    click = card_action_event(claim, operator=BUYER, chat_id=BUYERS_CHAT, message_id=card["message_id"])
    await fake.push(click)
    await fake.wait_for(lambda: fake.acked(click["header"]["event_id"]))
    await deliver(app, clock)

    said = answers_to(fake, BUYERS_CHAT)
    assert any(t.startswith("📦 PO-1001") for t in said)
    assert any(t.startswith("✅ EXC-") and "已由 李娟 认领" in t for t in said)
    [patched] = fake.ops("patch")
    assert patched["patched"] == card["message_id"] and not card_buttons(patched)
