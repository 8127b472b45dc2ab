"""Specification of the WeCom AI bot (智能机器人) channel: the real SDK against the loopback
long-connection fake, webhook callbacks encrypted by wechatpy's real crypto with an empty
receive id, and the connection lease on both database engines."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import aibot.ws
import pytest
from aiohttp import web
from sqlalchemy import delete, select

from bot.adapters.wecom_bot_adapter import (
    ENTER_CHAT_PAYLOAD,
    BotLink,
    WeComBotCallback,
    WeComBotChannel,
    WeComBotConnectionHolder,
    WeComBotInbound,
    parse_callback,
    strip_mentions,
    wecom_bot_webhook_handlers,
)
from bot.clock import FakeClock, SystemClock
from bot.codec import message_from_dict
from bot.dispatcher import OutboxDispatcher
from bot.leases import LeaseKeeper
from bot.pipeline import InboundPipeline
from bot.platforms.wecom_bot import WEBHOOK_PATH, configure_wecom_bot
from bot.ports import (
    Button,
    ChatKind,
    ChatRef,
    InboundMessage,
    Platform,
    Reply,
    SendError,
    StorageUnavailable,
)
from bot.runtime import Runtime
from bot.settings import Settings
from storage import leases, outbox
from storage.db import Database
from storage.leases import Lease
from storage.models import InboxMessage, OutboxMessage, OutboxState
from storage.photo_store import PhotoStore
from tests.fakes.wecom_bot_server import (
    CallbackSender,
    FakeBotServer,
    event_body,
    media_body,
    mixed_body,
    text_body,
    voice_body,
)

BOT_NAME = "SupplierBot"
GROUP = "wrkSFfCgAAxxxx"
TOKEN = "QDG6eK"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
NOW_TS = 1_700_000_000
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 3


class RecordingSink:
    """An inbox that dedupes on (platform, external_id), as the pipeline's UNIQUE does."""

    def __init__(self) -> None:
        self.stored: dict[str, InboundMessage] = {}
        self.raws: list[str] = []
        self.deliveries = 0
        self.unavailable = 0

    async def accept(self, message: InboundMessage, raw: str) -> bool:
        self.deliveries += 1
        if self.unavailable:
            self.unavailable -= 1
            raise StorageUnavailable("db down")
        self.raws.append(raw)
        new = message.external_id not in self.stored
        self.stored.setdefault(message.external_id, message)
        return new


class Here:
    """A connection source that is simply connected (or not): the holder without the lease."""

    def __init__(self, link: BotLink | None, holding: bool = True, other_holder: str | None = None) -> None:
        self.link = link
        self.holding = holding
        self.other_holder = other_holder


class DyingLease(LeaseKeeper):
    """A replica that dies cannot give its lease back: it only stops renewing."""

    async def release(self, hold_off: timedelta | None = None) -> bool:
        return False


@pytest.fixture
async def server(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[FakeBotServer]:
    async with FakeBotServer() as fake:
        monkeypatch.setattr(aibot.ws, "_SSL_CONTEXT", fake.client_ssl_context())
        yield fake


@pytest.fixture
async def channel() -> AsyncIterator[WeComBotChannel]:
    channel = WeComBotChannel(clock=SystemClock())
    await channel.start()
    yield channel
    await channel.stop()


@pytest.fixture
async def lease_table(database: Database) -> Database:
    """The `leases` table until its migration lands (then `checkfirst` makes this a no-op)."""
    async with database.writer.begin() as conn:
        await conn.run_sync(Lease.__table__.create, checkfirst=True)
        await conn.execute(delete(Lease.__table__))
    return database


async def open_link(server: FakeBotServer, inbound: WeComBotInbound) -> BotLink:
    link = BotLink(server.bot_id, server.secret, server.ws_url, inbound.on_frame)
    await link.open(5)
    return link


def make_pipeline(database: Database, clock: FakeClock, tmp_path: Path) -> InboundPipeline:
    async def no_replies(session: Any, message: InboundMessage, ctx: Any) -> list[Reply]:
        return []

    return InboundPipeline(database, clock, Settings(), no_replies, {}, PhotoStore(tmp_path / "photos"))


# --- long connection: messages in -----------------------------------------------------------

async def test_a_group_mention_is_stripped_and_stored_once_when_redelivered(
        database: Database, server: FakeBotServer, channel: WeComBotChannel, clock: FakeClock,
        tmp_path: Path) -> None:
    pipeline = make_pipeline(database, clock, tmp_path)
    inbound = WeComBotInbound(pipeline, channel, clock=clock)
    link = await open_link(server, inbound)
    body = text_body("msg-1001", "@SupplierBot PO-1001 完成60%", chatid=GROUP, userid="li.gong")

    await server.push_message(body)
    await server.push_message(body)
    await server.wait_for(lambda: pipeline.accepted + pipeline.duplicates == 2)
    await link.close()

    async with database.read() as session:
        rows = list((await session.execute(select(InboxMessage))).scalars())
    assert len(rows) == 1 and (pipeline.accepted, pipeline.duplicates) == (1, 1)
    message = message_from_dict(rows[0].message)
    assert message.text == "PO-1001 完成60%"
    assert message.mentioned_bot and message.external_id == "msg-1001"
    assert message.chat == ChatRef(Platform.WECOM_BOT, GROUP, ChatKind.GROUP)
    assert message.sender.user_id == "li.gong" and rows[0].platform == "wecom_bot"


async def test_a_mixed_message_carries_the_decrypted_image_bytes(
        server: FakeBotServer, channel: WeComBotChannel) -> None:
    sink = RecordingSink()
    inbound = WeComBotInbound(sink, channel, bot_name=BOT_NAME)
    link = await open_link(server, inbound)
    url, aeskey = server.add_media(PNG)

    await server.push_message(mixed_body("mix-1", [("text", "@SupplierBot PO-1001 首件"), ("image", url, aeskey),
                                                   ("text", "尺寸OK")], chatid=GROUP))
    await server.wait_for(lambda: "mix-1" in sink.stored)
    await link.close()

    message = sink.stored["mix-1"]
    assert message.text == "PO-1001 首件\n尺寸OK"
    assert len(message.photos) == 1 and message.photos[0].data == PNG and message.photos[0].size == len(PNG)
    assert await channel.download(message.photos[0]) == PNG


async def test_single_chat_image_file_and_voice(server: FakeBotServer, channel: WeComBotChannel) -> None:
    sink = RecordingSink()
    link = await open_link(server, WeComBotInbound(sink, channel))
    image_url, image_key = server.add_media(PNG)
    file_url, file_key = server.add_media(b"%PDF-1.4 report")

    await server.push_message(media_body("img-1", "image", image_url, image_key, userid="wang"))
    await server.push_message(media_body("file-1", "file", file_url, file_key, userid="wang"))
    await server.push_message(voice_body("voice-1", "PO-1002 延期两天", userid="wang"))
    await server.wait_for(lambda: len(sink.stored) == 3)
    await link.close()

    image, file, voice = sink.stored["img-1"], sink.stored["file-1"], sink.stored["voice-1"]
    assert image.chat == ChatRef(Platform.WECOM_BOT, "wang", ChatKind.PRIVATE) and not image.mentioned_bot
    assert image.photos[0].data == PNG and image.photos[0].kind == "photo"
    assert file.photos[0].data == b"%PDF-1.4 report" and file.photos[0].kind == "file"
    assert voice.text == "PO-1002 延期两天" and not voice.photos


async def test_enter_chat_is_a_welcome_payload_answered_with_the_welcome_command(
        server: FakeBotServer, channel: WeComBotChannel) -> None:
    sink = RecordingSink()
    link = await open_link(server, WeComBotInbound(sink, channel))
    channel.holder = Here(link)

    await server.push_message(event_body("ev-1", "enter_chat", userid="wang"), event=True)
    await server.push_message(event_body("ev-2", "template_card_event", userid="wang", event_key="done:M3"),
                              event=True)
    await server.push_message(event_body("ev-3", "feedback_event", userid="wang"), event=True)
    await server.wait_for(lambda: len(sink.stored) == 2)
    await channel.send(Reply(chat=ChatRef(Platform.WECOM_BOT, "wang", ChatKind.PRIVATE), text="您好，我是外协进度助手"))
    await link.close()

    welcome, click = sink.stored["ev-1"], sink.stored["ev-2"]
    assert welcome.button_payload == ENTER_CHAT_PAYLOAD and welcome.text == ""
    assert welcome.sent_at == datetime.fromtimestamp(1_700_000_000, UTC)
    assert click.button_payload == "done:M3"
    assert "ev-3" not in sink.stored
    [answer] = server.frames("aibot_respond_welcome_msg")
    assert answer["body"] == {"msgtype": "text", "text": {"content": "您好，我是外协进度助手"}}
    assert not server.frames("aibot_send_msg")


async def test_storage_outage_is_retried_before_a_callback_is_given_up(
        server: FakeBotServer, channel: WeComBotChannel) -> None:
    sink = RecordingSink()
    sink.unavailable = 2
    link = await open_link(server, WeComBotInbound(sink, channel, accept_delay=0.01))

    await server.push_message(text_body("msg-2", "@SupplierBot PO-1001 完成80%", chatid=GROUP))
    await server.wait_for(lambda: "msg-2" in sink.stored)
    await link.close()
    assert sink.deliveries == 3


# --- long connection: messages out ----------------------------------------------------------

async def test_a_push_goes_through_the_outbox_and_reaches_the_server_as_aibot_send_msg(
        database: Database, server: FakeBotServer, channel: WeComBotChannel, clock: FakeClock) -> None:
    link = await open_link(server, WeComBotInbound(RecordingSink(), channel))
    channel.holder = Here(link)
    dispatcher = OutboxDispatcher(database, clock, {Platform.WECOM_BOT: channel})
    prompt = Reply(chat=ChatRef(Platform.WECOM_BOT, GROUP), text="PO-1001 今日进度？",
                   buttons=((Button("完成", "done:M3"), Button("延期", "delay:M3")),))
    digest = Reply(chat=ChatRef(Platform.WECOM_BOT, GROUP), text="**今日汇总**\nPO-1001 60%")
    async with database.write() as session:
        await outbox.enqueue(session, "prompt:1", prompt, now=clock.now())
        await outbox.enqueue(session, "digest:1", digest, now=clock.now())

    assert await dispatcher.dispatch_once() == 2
    await link.close()

    card, markdown = (f["body"] for f in server.frames("aibot_send_msg"))
    assert card["chatid"] == GROUP and card["msgtype"] == "template_card"
    assert [b["key"] for b in card["template_card"]["button_list"]] == ["done:M3", "delay:M3"]
    assert markdown == {"chatid": GROUP, "msgtype": "markdown", "markdown": {"content": digest.text}}
    async with database.read() as session:
        states = list((await session.execute(select(OutboxMessage.state))).scalars())
    assert states == [OutboxState.SENT.value] * 2


async def test_more_than_six_buttons_are_pushed_as_a_numbered_menu_that_the_send_names(
        server: FakeBotServer, channel: WeComBotChannel) -> None:
    link = await open_link(server, WeComBotInbound(RecordingSink(), channel))
    channel.holder = Here(link)
    buttons = tuple(Button(f"PO-100{i} 完成", f"p:{i}:done") for i in range(1, 8))

    result = await channel.send(Reply(chat=ChatRef(Platform.WECOM_BOT, GROUP), text="今日进度？", buttons=(buttons,)))
    await link.close()

    [pushed] = server.frames("aibot_send_msg")
    assert pushed["body"]["msgtype"] == "markdown" and "回复 7 = PO-1007 完成" in pushed["body"]["markdown"]["content"]
    assert result.menu == tuple(f"p:{i}:done" for i in range(1, 8))


async def test_a_reply_answers_its_message_with_the_callback_req_id_once(
        server: FakeBotServer, channel: WeComBotChannel) -> None:
    sink = RecordingSink()
    link = await open_link(server, WeComBotInbound(sink, channel))
    channel.holder = Here(link)
    req_id = await server.push_message(text_body("msg-3", "@SupplierBot PO-1001 完成60%", chatid=GROUP))
    await server.wait_for(lambda: "msg-3" in sink.stored)
    reply = Reply(chat=ChatRef(Platform.WECOM_BOT, GROUP), text="已记录：PO-1001 60%", reply_to_external_id="msg-3")

    await channel.send(reply)
    await channel.send(reply)
    await link.close()

    [answer] = server.frames("aibot_respond_msg")
    assert answer["headers"]["req_id"] == req_id
    assert answer["body"]["msgtype"] == "stream" and answer["body"]["stream"]["finish"] is True
    assert answer["body"]["stream"]["content"] == "已记录：PO-1001 60%"
    assert len(server.frames("aibot_send_msg")) == 1


async def test_errcodes_map_to_the_outbox_retry_policy(server: FakeBotServer, channel: WeComBotChannel) -> None:
    link = await open_link(server, WeComBotInbound(RecordingSink(), channel))
    channel.holder = Here(link)
    reply = Reply(chat=ChatRef(Platform.WECOM_BOT, GROUP), text="PO-1001 今日进度？")

    for errcode, check in [
        (45009, lambda e: e.retry_after is not None and e.retry_after >= 60 and not e.permanent),
        (45033, lambda e: e.retry_after is not None and e.retry_after >= 60),
        (-1, lambda e: e.retry_after is None and not e.permanent),
        (93000, lambda e: e.permanent),
    ]:
        server.inject("aibot_send_msg", errcode)
        with pytest.raises(SendError) as caught:
            await channel.send(reply)
        assert check(caught.value), (errcode, caught.value)
        assert caught.value.code == str(errcode)
    await link.close()


async def test_without_the_connection_here_sends_fail_transiently(channel: WeComBotChannel) -> None:
    reply = Reply(chat=ChatRef(Platform.WECOM_BOT, GROUP), text="x")

    channel.holder = Here(None, holding=False, other_holder="replica-b")
    with pytest.raises(SendError) as standby:
        await channel.send(reply)
    channel.holder = Here(None, holding=True)
    with pytest.raises(SendError) as reconnecting:
        await channel.send(reply)
    channel.holder = Here(None, holding=False)
    with pytest.raises(SendError) as nobody:
        await channel.send(reply)

    assert standby.value.retry_after and not standby.value.permanent
    assert standby.value.code == "wecom_bot_standby"
    channel.holder = Here(None, holding=False, other_holder="replica-b")
    assert channel.defer_seconds(reply) == standby.value.retry_after
    assert reconnecting.value.retry_after is None and not reconnecting.value.permanent
    assert nobody.value.retry_after is None and not nobody.value.permanent
    channel.holder = Here(None, holding=False)
    assert channel.defer_seconds(reply) is None


async def test_a_standby_replica_hands_the_row_back_without_spending_an_attempt(
        database: Database, channel: WeComBotChannel, clock: FakeClock) -> None:
    channel.holder = Here(None, holding=False, other_holder="replica-a")
    dispatcher = OutboxDispatcher(database, clock, {Platform.WECOM_BOT: channel})
    async with database.write() as session:
        await outbox.enqueue(session, "prompt:2", Reply(chat=ChatRef(Platform.WECOM_BOT, GROUP), text="x"),
                             now=clock.now())

    await dispatcher.dispatch_once()

    async with database.read() as session:
        row = (await session.execute(select(OutboxMessage))).scalar_one()
    assert row.state == OutboxState.PENDING.value and row.attempts == 0
    assert row.next_attempt_at > clock.now() and row.lease_owner is None


# --- one connection per bot ------------------------------------------------------------------

def holder_for(database: Database, server: FakeBotServer, channel: WeComBotChannel, owner: str, *,
               ttl: float = 1.0, lease_class: type[LeaseKeeper] = LeaseKeeper, **kwargs: Any
               ) -> WeComBotConnectionHolder:
    inbound = WeComBotInbound(RecordingSink(), channel)
    lease = lease_class(database, f"wecom_bot:{server.bot_id}", owner, timedelta(seconds=ttl), SystemClock())
    options = {"renew_every": ttl / 4, "standby_poll": ttl / 5, "connect_timeout": 3.0,
               "reconnect_delay": 0.05, "kick_hold_off": 30.0, **kwargs}
    return WeComBotConnectionHolder(
        lease, lambda: BotLink(server.bot_id, server.secret, server.ws_url, inbound.on_frame), **options)


async def until(condition: Any, within: float) -> float:
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > within:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)
    return time.monotonic() - started


async def lease_released(holder: WeComBotConnectionHolder, within: float) -> None:
    """The holder stops using the link first and releases the lease after: wait for the second step."""
    started = time.monotonic()
    while await holder.lease.holder() is not None:
        if time.monotonic() - started > within:
            raise AssertionError("the lease was not released in time")
        await asyncio.sleep(0.02)


async def test_a_kicked_connection_gives_up_its_lease_and_does_not_fight_back(
        lease_table: Database, server: FakeBotServer, channel: WeComBotChannel) -> None:
    holder = holder_for(lease_table, server, channel, "replica-a")
    stop = asyncio.Event()
    task = asyncio.create_task(holder.run(stop))
    await until(lambda: holder.link is not None, 5)
    intruder = await open_link(server, WeComBotInbound(RecordingSink(), channel))

    await until(lambda: not holder.holding, 5)
    await asyncio.sleep(1.5)

    assert holder.kicks == 1 and holder.connections == 1
    assert server.subscribes() == 2 and server.active is not None and server.connections[0].kicked
    assert intruder.connected
    async with lease_table.read() as session:
        row = (await session.execute(select(Lease.__table__))).one()
    assert row.owner == leases.HOLD_OFF_PREFIX + "replica-a"
    assert await holder.lease.holder() is None
    stop.set()
    await task
    await intruder.close()


async def test_two_holders_one_connection_and_a_takeover_when_the_holder_dies(
        lease_table: Database, server: FakeBotServer, channel: WeComBotChannel) -> None:
    ttl = 1.0
    first = holder_for(lease_table, server, channel, "replica-a", ttl=ttl, lease_class=DyingLease)
    second = holder_for(lease_table, server, channel, "replica-b", ttl=ttl)
    stop_first, stop_second = asyncio.Event(), asyncio.Event()
    tasks = [asyncio.create_task(first.run(stop_first))]
    await until(lambda: first.link is not None, 5)
    tasks.append(asyncio.create_task(second.run(stop_second)))

    await asyncio.sleep(ttl * 2)
    assert first.link is not None and second.link is None and not second.holding
    assert server.subscribes() == 1 and second.other_holder == "replica-a"

    tasks[0].cancel()
    died = time.monotonic()
    took_over = await until(lambda: second.link is not None, ttl * 3)
    waited = time.monotonic() - died

    assert took_over <= ttl + second.standby_poll + 1.0
    assert waited >= ttl / 4
    assert server.subscribes() == 2 and not any(c.kicked for c in server.connections)
    assert await second.lease.holder() == "replica-b"
    stop_second.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    assert await second.lease.holder() is None


async def test_a_holder_that_cannot_renew_drops_the_connection_before_its_lease_runs_out(
        lease_table: Database, server: FakeBotServer, channel: WeComBotChannel) -> None:
    ttl = 1.0

    class Unreachable(LeaseKeeper):
        failing = False

        async def renew(self) -> bool:
            if self.failing:
                raise ConnectionError("database unreachable")
            return await super().renew()

    holder = holder_for(lease_table, server, channel, "replica-a", ttl=ttl, lease_class=Unreachable)
    stop = asyncio.Event()
    task = asyncio.create_task(holder.run(stop))
    await until(lambda: holder.link is not None, 5)
    holder.lease.failing = True  # type: ignore[attr-defined]
    failed_at = time.monotonic()

    await until(lambda: server.active is None, ttl * 2)

    assert time.monotonic() - failed_at < ttl
    stop.set()
    await task


async def test_a_holder_that_cannot_connect_yields_the_lease_to_another_replica(
        lease_table: Database, server: FakeBotServer, channel: WeComBotChannel) -> None:
    holder = holder_for(lease_table, server, channel, "replica-a", standby_poll=30.0)
    holder._connect = lambda: BotLink(server.bot_id, "wrong secret", server.ws_url, channel_sink(channel))
    stop = asyncio.Event()
    task = asyncio.create_task(holder.run(stop))

    await until(lambda: server.subscribes() == holder.max_failed_connects and not holder.holding, 10)
    await lease_released(holder, within=5)

    assert await holder.lease.holder() is None and holder.connections == 0
    stop.set()
    await task


def channel_sink(channel: WeComBotChannel) -> Any:
    return WeComBotInbound(RecordingSink(), channel).on_frame


async def test_lease_acquire_renew_release_and_expiry(lease_table: Database) -> None:
    ttl = timedelta(seconds=0.4)
    a = LeaseKeeper(lease_table, "wecom_bot:x", "a", ttl, SystemClock())
    b = LeaseKeeper(lease_table, "wecom_bot:x", "b", ttl, SystemClock())

    assert await a.acquire() == "a" and await b.acquire() == "a"
    assert await a.renew() and not await b.renew() and await b.holder() == "a"
    await asyncio.sleep(0.5)
    assert await b.holder() is None
    assert await b.acquire() == "b" and not await a.renew() and not await a.release()
    assert await b.release(hold_off=timedelta(seconds=0.4))
    assert await a.holder() is None and await a.acquire() == leases.HOLD_OFF_PREFIX + "b"
    await asyncio.sleep(0.5)
    assert await a.acquire() == "a" and await a.release() and await b.acquire() == "b"


# --- webhook mode ----------------------------------------------------------------------------

@pytest.fixture
async def webhook(aiohttp_client: Any, server: FakeBotServer) -> AsyncIterator[SimpleNamespace]:
    clock = FakeClock(datetime.fromtimestamp(NOW_TS, UTC))
    channel = WeComBotChannel(mode="webhook", media_key=AES_KEY, clock=clock)
    await channel.start()
    sink = RecordingSink()
    inbound = WeComBotInbound(sink, channel, clock=clock, bot_name=BOT_NAME)
    get_handler, post_handler = wecom_bot_webhook_handlers(WeComBotCallback(TOKEN, AES_KEY), inbound, clock)
    app = web.Application()
    app.router.add_get(WEBHOOK_PATH, get_handler)
    app.router.add_post(WEBHOOK_PATH, post_handler)
    client = await aiohttp_client(app)
    yield SimpleNamespace(client=client, sink=sink, channel=channel, sender=CallbackSender(TOKEN, AES_KEY))
    await channel.stop()


async def test_webhook_url_verification_echoes_the_decrypted_echostr(webhook: SimpleNamespace) -> None:
    query = webhook.sender.verification("1616140317555161061", timestamp=NOW_TS)
    response = await webhook.client.get(WEBHOOK_PATH, params=query)
    assert response.status == 200 and await response.text() == "1616140317555161061"

    response = await webhook.client.get(WEBHOOK_PATH, params={**query, "msg_signature": "0" * 40})
    assert response.status == 403


async def test_webhook_post_is_stored_and_answered_through_its_one_use_response_url(
        webhook: SimpleNamespace, server: FakeBotServer) -> None:
    url, _ = server.add_media(PNG, AES_KEY)
    body = mixed_body("wh-1", [("text", "@SupplierBot PO-1001 完成60%"), ("image", url, None)], chatid=GROUP,
                      response_url=server.new_response_url())
    query, payload = webhook.sender.post(body, timestamp=NOW_TS)

    first = await webhook.client.post(WEBHOOK_PATH, params=query, data=payload)
    again = await webhook.client.post(WEBHOOK_PATH, params=query, data=payload)

    assert (first.status, await first.read(), again.status) == (200, b"", 200)
    message = webhook.sink.stored["wh-1"]
    assert message.text == "PO-1001 完成60%" and message.mentioned_bot and message.photos[0].data == PNG
    assert len(webhook.sink.stored) == 1 and json.loads(webhook.sink.raws[0])["msgid"] == "wh-1"
    reply = Reply(chat=message.chat, text="已记录：PO-1001 60%")
    await webhook.channel.send(reply)
    assert server.response_posts == [{"msgtype": "markdown", "markdown": {"content": "已记录：PO-1001 60%"}}]
    with pytest.raises(SendError) as no_url:
        await webhook.channel.send(reply)
    assert not no_url.value.permanent and no_url.value.code == "wecom_bot_no_response_url"


@pytest.mark.parametrize("case", ["bad_signature", "other_receive_id", "stale"])
async def test_webhook_refuses_what_it_cannot_trust_with_403(webhook: SimpleNamespace, case: str) -> None:
    body = text_body("wh-2", "@SupplierBot hi", chatid=GROUP)
    sender = CallbackSender(TOKEN, AES_KEY, receive_id="wwcorp") if case == "other_receive_id" else webhook.sender
    query, payload = sender.post(body, timestamp=NOW_TS - 3600 if case == "stale" else NOW_TS)
    if case == "bad_signature":
        query["msg_signature"] = "f" * 40

    response = await webhook.client.post(WEBHOOK_PATH, params=query, data=payload)
    assert response.status == 403 and not webhook.sink.stored


@pytest.mark.parametrize("case", ["not json", "array", "no encrypt", "bad base64", "partial block",
                                  "plaintext not json", "no signature"])
async def test_webhook_answers_400_to_malformed_bodies(webhook: SimpleNamespace, case: str) -> None:
    sender = webhook.sender
    encrypt = {"bad base64": "%%%", "partial block": "AAAA",
               "plaintext not json": sender.encrypt("not json")}.get(case, "")
    raw = {"not json": b"not json", "array": b"[]", "no encrypt": b'{"no_encrypt": 1}'}
    data = raw.get(case) or json.dumps({"encrypt": encrypt}).encode()
    query = {"msg_signature": sender.sign(str(NOW_TS), "n", encrypt), "timestamp": str(NOW_TS), "nonce": "n"}
    if case == "no signature":
        del query["msg_signature"]

    response = await webhook.client.post(WEBHOOK_PATH, params=query, data=data)
    assert response.status == 400 and not webhook.sink.stored


async def test_configure_wires_the_webhook_route_and_the_channel(tmp_path: Path, clock: FakeClock) -> None:
    settings = SimpleNamespace(
        wecom_bot_mode="webhook", wecom_bot_token=_Secret(TOKEN), wecom_bot_aes_key=_Secret(AES_KEY),
        wecom_bot_name=BOT_NAME, photo_max_bytes=1 << 20, wecom_download_timeout_seconds=60.0,
    )
    services = SimpleNamespace(clock=clock, channels={}, database=None)
    runtime = Runtime(pipeline=RecordingSink(), dispatcher=None, photo_store=None)  # type: ignore[arg-type]
    app = web.Application()

    configure_wecom_bot(app, settings, services, runtime)  # type: ignore[arg-type]

    assert isinstance(services.channels[Platform.WECOM_BOT], WeComBotChannel)
    assert {r.method for r in app.router.routes() if r.resource.canonical == WEBHOOK_PATH} >= {"GET", "POST"}
    assert runtime.startup_hooks and runtime.shutdown_hooks and not runtime.background


class _Secret:
    def __init__(self, value: str) -> None:
        self._value = value

    def get_secret_value(self) -> str:
        return self._value


# --- parsing ---------------------------------------------------------------------------------

def test_mentions_are_stripped_wherever_the_bot_is_named() -> None:
    assert strip_mentions("@SupplierBot\u2005PO-1001 完成60%", BOT_NAME) == "PO-1001 完成60%"
    assert strip_mentions("PO-1001 完成60% @SupplierBot", BOT_NAME) == "PO-1001 完成60%"
    assert strip_mentions("@李工 @SupplierBot PO-1001 完成", BOT_NAME) == "@李工 PO-1001 完成"
    assert strip_mentions("@外协助手 PO-1001 完成60%") == "PO-1001 完成60%"
    assert strip_mentions("PO-1001 完成60%") == "PO-1001 完成60%"


def test_quotes_and_unknown_kinds_and_malformed_bodies() -> None:
    now = datetime.fromtimestamp(NOW_TS, UTC)
    quoted = parse_callback(text_body("q-1", "@SupplierBot 60%", chatid=GROUP, quote="PO-1001 今日进度？"), now=now)
    assert quoted is not None and quoted.message.text == "60%" and quoted.message.sent_at == now
    assert parse_callback({**text_body("s-1", "x"), "msgtype": "stream", "stream": {"id": "1"}}, now=now) is None
    for broken in [{}, {"msgtype": "text"}, {**text_body("t", "x"), "text": "oops"},
                   {**text_body("t", "x", chatid=GROUP), "chatid": ""}, {**text_body("", "x")}]:
        with pytest.raises((ValueError, KeyError, TypeError)):
            parse_callback(broken, now=now)
