"""The supplier conversation through the real platforms' wire formats, end to end.

The whole service is built with `build_app`; updates and callbacks arrive at its webhooks
as Telegram and WeCom send them, the inbox is processed, the outbox dispatched, and the
loopback fakes of the Bot API and of WeCom's API record what the bot sent back.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.app import RUNTIME, build_app
from bot.clock import FakeClock
from bot.settings import Settings
from storage.db import Database
from storage.models import Lot, Milestone, Order, Photo, ProgressReport
from tests.fakes.telegram_api import FakeTelegramAPI, Updates, supergroup_chat, user
from tests.fakes.wecom_api import CallbackSender, FakeWeComAPI, image_xml, template_card_event_xml, text_xml
from tests.handlers.supplier_world import BUYERS_CHAT, jpeg, seed_world

TELEGRAM_TOKEN = "123:ABC"
TELEGRAM_SECRET = "s"
GROUP_ID = -1001234567890
WANG_ID = 42
WECOM_TOKEN = "QDG6eK"
WECOM_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
WECOM_CORP = "wwfakecorp"
WECOM_USER = "alice"

ClientFactory = Callable[..., Awaitable[TestClient]]


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


# --- Telegram --------------------------------------------------------------------------------

@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI(TELEGRAM_TOKEN, require_https_webhook=False) as fake:
        yield fake


@pytest.fixture
async def telegram_app(aiohttp_client: ClientFactory, telegram: FakeTelegramAPI, database: Database,
                       clock: FakeClock, tmp_path: Path) -> TestClient:
    await seed_world(database, clock, huada_chat=str(GROUP_ID), wang=str(WANG_ID))
    settings = Settings(database_url=database.url, telegram_token=TELEGRAM_TOKEN,
                        telegram_webhook_secret=TELEGRAM_SECRET, telegram_api_base=telegram.root_url,
                        photo_dir=tmp_path / "photos")
    return await aiohttp_client(build_app(settings, clock=clock, database=database, run_workers=False))


async def post_update(client: TestClient, update: dict[str, Any]) -> int:
    response = await client.post("/webhooks/telegram", json=update,
                                 headers={"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET})
    return response.status


def sent_texts(fake: FakeTelegramAPI, chat_id: int) -> list[str]:
    return [c.params["text"] for c in fake.calls_to("sendMessage") if c.params.get("chat_id") == chat_id]


GROUP = supergroup_chat(GROUP_ID, "华达精密 外协群")
WANG = user(WANG_ID, "王工")


async def test_telegram_progress_report_is_confirmed_in_the_group(
        telegram_app: TestClient, telegram: FakeTelegramAPI, database: Database, clock: FakeClock) -> None:
    assert await post_update(telegram_app, Updates().text("PO-1001 原材料到了", chat=GROUP, sender=WANG)) == 200
    await deliver(telegram_app, clock)

    assert sent_texts(telegram, GROUP_ID) == ["PO-1001 原材料到位 ✔ 11-24 10:00\n发「撤回」可撤销"]
    assert (await node(database, "PO-1001", "material_ready")).status == "done"


async def test_telegram_redelivered_update_stores_one_record(
        telegram_app: TestClient, telegram: FakeTelegramAPI, database: Database, clock: FakeClock) -> None:
    update = Updates().text("PO-1001 发货 500件 批次L2311-01", chat=GROUP, sender=WANG)

    assert [await post_update(telegram_app, update) for _ in range(3)] == [200, 200, 200]
    await deliver(telegram_app, clock)

    assert await count(database, ProgressReport) == 1 and await count(database, Lot) == 1
    assert len(sent_texts(telegram, GROUP_ID)) == 1


async def test_telegram_delay_reaches_the_buyers_group(
        telegram_app: TestClient, telegram: FakeTelegramAPI, clock: FakeClock) -> None:
    await post_update(telegram_app, Updates().text("1001 延期到12月3号 钢材没到", chat=GROUP, sender=WANG))
    await deliver(telegram_app, clock)

    [told] = sent_texts(telegram, int(BUYERS_CHAT))
    assert "钢材没到" in told
    [call] = [c for c in telegram.calls_to("sendMessage") if c.params["chat_id"] == int(BUYERS_CHAT)]
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"].startswith("x:ack:")


async def test_telegram_photo_album_with_caption_is_stored_with_one_report(
        telegram_app: TestClient, telegram: FakeTelegramAPI, database: Database, clock: FakeClock) -> None:
    updates = Updates().album(2, caption="1001 质检", chat=GROUP, sender=WANG)
    for index, update in enumerate(updates):
        largest = update["message"]["photo"][-1]["file_id"]
        telegram.add_file(largest, jpeg("red" if index == 0 else "blue"))
        assert await post_update(telegram_app, update) == 200
    await deliver(telegram_app, clock)

    async with database.read() as session:
        photos = list((await session.execute(select(Photo))).scalars())
    assert len(photos) == 2 and photos[0].report_id is not None
    assert {p.report_id for p in photos} == {photos[0].report_id}
    [question] = sent_texts(telegram, GROUP_ID)
    assert "1. 孔径 50 ±0.05 mm" in question


async def test_telegram_button_click_answers_the_question(
        telegram_app: TestClient, telegram: FakeTelegramAPI, database: Database, clock: FakeClock) -> None:
    updates = Updates()
    await post_update(telegram_app, updates.text("1001 60", chat=GROUP, sender=WANG))
    await deliver(telegram_app, clock)
    [call] = telegram.calls_to("sendMessage")
    buttons = [b for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
    quantity = next(b["callback_data"] for b in buttons if b["callback_data"].endswith(":qty"))

    await post_update(telegram_app, updates.callback(quantity, chat=GROUP, sender=WANG))
    await deliver(telegram_app, clock)

    assert (await node(database, "PO-1001", "material_ready")).qty_done == 60
    assert "60/2000" in sent_texts(telegram, GROUP_ID)[-1]
    assert telegram.calls_to("answerCallbackQuery")


# --- WeCom -----------------------------------------------------------------------------------

@pytest.fixture
async def wecom() -> AsyncIterator[FakeWeComAPI]:
    async with FakeWeComAPI(corp_id=WECOM_CORP, chats={"chat1", BUYERS_CHAT}) as fake:
        yield fake


@pytest.fixture
async def wecom_app(aiohttp_client: ClientFactory, wecom: FakeWeComAPI, database: Database, clock: FakeClock,
                    tmp_path: Path) -> TestClient:
    from bot.ports import Platform

    await seed_world(database, clock, Platform.WECOM, huada_chat=WECOM_USER, wang=WECOM_USER, huada_kind="private")
    settings = Settings(database_url=database.url, wecom_corp_id=WECOM_CORP, wecom_token=WECOM_TOKEN,
                        wecom_aes_key=WECOM_AES_KEY, wecom_secret=wecom.secret, wecom_agent_id=wecom.agent_id,
                        wecom_api_base=wecom.base_url, photo_dir=tmp_path / "photos")
    return await aiohttp_client(build_app(settings, clock=clock, database=database, run_workers=False))


@pytest.fixture
def sender() -> CallbackSender:
    return CallbackSender(WECOM_TOKEN, WECOM_AES_KEY, WECOM_CORP)


async def callback(client: TestClient, sender: CallbackSender, clock: FakeClock, xml: str) -> int:
    response = await sender.post(client, "/webhooks/wecom", xml, timestamp=int(clock.now().timestamp()))
    return response.status


def sent_to_user(fake: FakeWeComAPI) -> list[dict[str, Any]]:
    return [body for body in fake.sent("message/send") if body["touser"] == WECOM_USER]


def body_text(body: dict[str, Any]) -> str:
    if body["msgtype"] == "template_card":
        card = body["template_card"]
        return (card.get("main_title") or {}).get("title", "") + (card.get("sub_title_text") or "")
    return body[body["msgtype"]]["content"]


async def test_wecom_progress_report_is_confirmed_to_the_contact(
        wecom_app: TestClient, wecom: FakeWeComAPI, sender: CallbackSender, database: Database,
        clock: FakeClock) -> None:
    now = int(clock.now().timestamp())
    assert await callback(wecom_app, sender, clock, text_xml(WECOM_USER, "1001 完成60%", msg_id=1, create_time=now)) == 200
    await deliver(wecom_app, clock)

    [body] = sent_to_user(wecom)
    assert body_text(body).startswith("PO-1001 原材料到位 进度 60%")
    assert (await node(database, "PO-1001", "material_ready")).percent == 60.0


async def test_wecom_redelivered_callback_stores_one_record(
        wecom_app: TestClient, wecom: FakeWeComAPI, sender: CallbackSender, database: Database,
        clock: FakeClock) -> None:
    xml = text_xml(WECOM_USER, "PO-1001 不良20件 尺寸偏大", msg_id=7, create_time=int(clock.now().timestamp()))
    for _ in range(3):
        assert await callback(wecom_app, sender, clock, xml) == 200
    await deliver(wecom_app, clock)

    assert await count(database, ProgressReport) == 1
    assert len(sent_to_user(wecom)) == 1
    assert [b["chatid"] for b in wecom.sent("appchat/send")] == [BUYERS_CHAT]


async def test_wecom_photo_is_kept_with_the_current_node(
        wecom_app: TestClient, wecom: FakeWeComAPI, sender: CallbackSender, database: Database,
        clock: FakeClock) -> None:
    wecom.add_media("MEDIA-1", jpeg())
    xml = image_xml(WECOM_USER, "MEDIA-1", msg_id=9, create_time=int(clock.now().timestamp()))
    assert await callback(wecom_app, sender, clock, xml) == 200
    await deliver(wecom_app, clock)

    async with database.read() as session:
        [photo] = list((await session.execute(select(Photo))).scalars())
    assert photo.order_id is not None and photo.report_id is not None and photo.mime_type == "image/jpeg"
    assert "照片 1张 已存（原材料到位）" in body_text(sent_to_user(wecom)[0])


async def test_wecom_card_button_answers_the_question(
        wecom_app: TestClient, wecom: FakeWeComAPI, sender: CallbackSender, database: Database,
        clock: FakeClock) -> None:
    now = int(clock.now().timestamp())
    await callback(wecom_app, sender, clock, text_xml(WECOM_USER, "1001 60", msg_id=11, create_time=now))
    await deliver(wecom_app, clock)
    [card] = sent_to_user(wecom)
    keys = [b["key"] for b in card["template_card"]["button_list"]]
    percent = next(k for k in keys if k.endswith(":pct"))

    event = template_card_event_xml(WECOM_USER, percent, create_time=int(clock.now().timestamp()))
    assert await callback(wecom_app, sender, clock, event) == 200
    await deliver(wecom_app, clock)

    assert (await node(database, "PO-1001", "material_ready")).percent == 60.0
    assert body_text(sent_to_user(wecom)[-1]).startswith("PO-1001 原材料到位 进度 60%")
