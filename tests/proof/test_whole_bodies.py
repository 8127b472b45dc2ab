"""Every body arrives whole: photos of 3–5 MB and callbacks that come in many TCP chunks.

The fakes send 64 KiB at a time with a pause after each chunk (tests/fakes/chunked.py), as a
real network does; code that reads only what is buffered gets the first chunk or two.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aibot.ws
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.adapters.telegram_adapter import TelegramChannel
from bot.adapters.wecom_adapter import WeComChannel
from bot.adapters.wecom_bot_adapter import (
    BotLink,
    WeComBotCallback,
    WeComBotChannel,
    WeComBotInbound,
    wecom_bot_webhook_handlers,
)
from bot.clock import FakeClock, SystemClock
from bot.ports import InboundMessage, MediaRef
from tests.fakes.chunked import trickle
from tests.fakes.photos import noise_jpeg
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.wecom_api import FakeWeComAPI
from tests.fakes.wecom_bot_server import CallbackSender, FakeBotServer, media_body, text_body
from tests.proof.harness import (
    HUADA_GROUP,
    TELEGRAM_ROUTE,
    TELEGRAM_SECRET,
    WECOM_ROUTE,
    Service,
    huada_chat,
    huada_user,
    processed_once,
)

PHOTO = noise_jpeg(2000, 1500)  # ~3.5 MB
BIG_PHOTO = noise_jpeg(2400, 1800, seed=8)  # ~5 MB
LIMIT = 10 * 1024 * 1024


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_photos_are_real_multi_megabyte_jpegs() -> None:
    assert 3_000_000 < len(PHOTO) < 4_000_000 and 4_500_000 < len(BIG_PHOTO) < 5_500_000
    assert PHOTO[:3] == BIG_PHOTO[:3] == b"\xff\xd8\xff"


async def stored_photo_of(service: Service) -> tuple[str, int, int]:
    """(sha256 of the bytes as received, width, height) of the one photo the handler was given."""
    [row] = await service.inbox()
    assert processed_once(row)
    [ctx] = service.handler.calls_for(row.external_id)
    assert ctx.photo_issues == ()
    [photo] = ctx.photos
    return photo.original_sha256, photo.width, photo.height


# --- WeCom app: the callback, then media/get ------------------------------------------------------

async def test_a_5mb_wecom_photo_arrives_whole_through_the_callback_and_media_get(service: Service) -> None:
    service.wecom.add_media("MEDIA_BIG", BIG_PHOTO)

    assert await service.wecom_post(service.wecom_image("MEDIA_BIG")) == 200
    await service.settle()

    assert await stored_photo_of(service) == (sha(BIG_PHOTO), 2400, 1800)


async def test_wecom_media_get_returns_every_byte(wecom: FakeWeComAPI) -> None:
    wecom.add_media("MEDIA_1", PHOTO)
    async with WeComChannel(wecom.corp_id, wecom.secret, wecom.agent_id, api_base=wecom.base_url,
                            max_download_bytes=LIMIT) as channel:
        assert sha(await channel.download(MediaRef(file_id="MEDIA_1"))) == sha(PHOTO)


async def test_a_wecom_callback_that_arrives_in_many_pieces_is_read_whole(service: Service) -> None:
    query, body = service.wecom_sender.request(service.wecom_text("PO-1001 冲压完成50%"),
                                               timestamp=service.wecom_now())
    response = await service.client.post(WECOM_ROUTE, params=query, data=trickle(body, chunk=97))

    assert response.status == 200
    [message] = await service.stored_messages()
    assert message["text"] == "PO-1001 冲压完成50%"


# --- Telegram: getFile, then the file URL ---------------------------------------------------------

async def test_a_5mb_telegram_photo_arrives_whole_through_get_file(service: Service) -> None:
    update = service.updates.photo(caption="PO-1001 外观", chat=huada_chat(), sender=huada_user(),
                                   sizes=[(320, 240, 13826), (2400, 1800, len(BIG_PHOTO))])
    service.telegram.add_file(update["message"]["photo"][-1]["file_id"], BIG_PHOTO)

    assert await service.telegram_post(update) == 200
    await service.settle()

    assert await stored_photo_of(service) == (sha(BIG_PHOTO), 2400, 1800)
    assert service.telegram_texts(HUADA_GROUP)


async def test_telegram_download_returns_every_byte(telegram: FakeTelegramAPI) -> None:
    telegram.add_file("AgACPhoto1", PHOTO)
    channel = TelegramChannel(telegram.token, base_url=telegram.base_url, base_file_url=telegram.base_file_url,
                              max_download_bytes=LIMIT)
    await channel.start()
    try:
        assert sha(await channel.download(MediaRef(file_id="AgACPhoto1"))) == sha(PHOTO)
    finally:
        await channel.stop()


async def test_a_telegram_update_that_arrives_in_many_pieces_is_read_whole(service: Service) -> None:
    update = service.updates.text("PO-1001 冲压完成50%", chat=huada_chat(), sender=huada_user())
    body = json.dumps(update, ensure_ascii=False).encode()
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}
    response = await service.client.post(TELEGRAM_ROUTE, data=trickle(body, chunk=61), headers=headers)

    assert response.status == 200
    [message] = await service.stored_messages()
    assert message["text"] == "PO-1001 冲压完成50%"


# --- WeCom AI bot: encrypted media, over the long connection and in webhook mode ------------------

AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
NOW_TS = 1_700_000_000


class Inbox:
    def __init__(self) -> None:
        self.stored: dict[str, InboundMessage] = {}

    async def accept(self, message: InboundMessage, raw: str) -> bool:
        new = message.external_id not in self.stored
        self.stored.setdefault(message.external_id, message)
        return new


@pytest.fixture
async def bot_server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeBotServer]:
    async with FakeBotServer() as fake:
        monkeypatch.setattr(aibot.ws, "_SSL_CONTEXT", fake.client_ssl_context())
        yield fake


async def test_a_5mb_ai_bot_photo_is_downloaded_whole_and_decrypted(bot_server: FakeBotServer) -> None:
    channel = WeComBotChannel(clock=SystemClock(), max_download_bytes=LIMIT)
    await channel.start()
    inbox = Inbox()
    link = BotLink(bot_server.bot_id, bot_server.secret, bot_server.ws_url, WeComBotInbound(inbox, channel).on_frame)
    await link.open(5)
    url, aeskey = bot_server.add_media(BIG_PHOTO)
    try:
        await bot_server.push_message(media_body("img-5mb", "image", url, aeskey, userid="wang"))
        await bot_server.wait_for(lambda: "img-5mb" in inbox.stored, within=20)
    finally:
        await link.close()
        await channel.stop()

    [photo] = inbox.stored["img-5mb"].photos
    assert photo.data is not None and sha(photo.data) == sha(BIG_PHOTO) and photo.size == len(BIG_PHOTO)


async def test_an_ai_bot_webhook_callback_in_many_pieces_with_a_4mb_photo_arrives_whole(
        aiohttp_client: Any, bot_server: FakeBotServer) -> None:
    clock = FakeClock(datetime.fromtimestamp(NOW_TS, UTC))
    channel = WeComBotChannel(mode="webhook", media_key=AES_KEY, clock=clock, max_download_bytes=LIMIT)
    await channel.start()
    inbox = Inbox()
    inbound = WeComBotInbound(inbox, channel, clock=clock)
    get_handler, post_handler = wecom_bot_webhook_handlers(WeComBotCallback("QDG6eK", AES_KEY), inbound, clock)
    app = web.Application()
    app.router.add_post("/webhooks/wecom-bot", post_handler)
    client: TestClient = await aiohttp_client(app)
    url, _ = bot_server.add_media(PHOTO, AES_KEY)
    body = media_body("wh-photo", "image", url, None, userid="wang")
    query, payload = CallbackSender("QDG6eK", AES_KEY).post(body, timestamp=NOW_TS)
    try:
        response = await client.post("/webhooks/wecom-bot", params=query, data=trickle(payload, chunk=89))
        text_query, text_payload = CallbackSender("QDG6eK", AES_KEY).post(
            text_body("wh-text", "PO-1001 完成", userid="wang"), timestamp=NOW_TS)
        text_response = await client.post("/webhooks/wecom-bot", params=text_query,
                                          data=trickle(text_payload, chunk=53))
    finally:
        await channel.stop()

    assert (response.status, text_response.status) == (200, 200)
    [photo] = inbox.stored["wh-photo"].photos
    assert photo.data is not None and sha(photo.data) == sha(PHOTO)
    assert inbox.stored["wh-text"].text == "PO-1001 完成"
