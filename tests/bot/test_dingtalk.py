"""Specification of the DingTalk robot channel: the real `dingtalk-stream` SDK against the loopback
Stream-mode fake (handshake, frames, ACKs, pings, disconnects, dropped connections) and the
robot's OpenAPI calls (token, file download, group and 1:1 sends, cards, session webhooks)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot import payloads
from bot.adapters.dingtalk_adapter import (
    DingTalkApi,
    DingTalkChannel,
    DingTalkInbound,
    parse_card_callback,
    parse_robot_message,
)
from bot.adapters.dingtalk_stream import StreamLink, handlers_for
from bot.clock import FakeClock
from bot.codec import message_from_dict
from bot.pipeline import InboundPipeline
from bot.ports import (
    Button,
    ChatKind,
    ChatRef,
    ContentKind,
    InboundMessage,
    Platform,
    Reply,
    SendError,
    StorageUnavailable,
)
from bot.settings import Settings
from storage.db import Database
from storage.models import InboxMessage
from storage.photo_store import PhotoStore
from tests.fakes.dingtalk_server import (
    QPS_LIMIT,
    SEND_TOO_FAST,
    TOPIC_CARD,
    FakeDingTalk,
    card_click,
    picture_message,
    rich_text_message,
    text_message,
)
from tests.fakes.photos import noise_jpeg

GROUP = "cidHuaDa0001+group=="
WANG = "manager4211"


class RecordingSink:
    """An inbox that dedupes on external_id, as the pipeline's UNIQUE does; it can stall or fail."""

    def __init__(self) -> None:
        self.stored: dict[str, InboundMessage] = {}
        self.deliveries = 0
        self.unavailable = 0
        self.stall_on: str | None = None
        self.release = asyncio.Event()

    async def accept(self, message: InboundMessage, raw: str) -> bool:
        self.deliveries += 1
        if message.external_id == self.stall_on:
            await self.release.wait()
        if self.unavailable:
            self.unavailable -= 1
            raise StorageUnavailable("db down")
        new = message.external_id not in self.stored
        self.stored.setdefault(message.external_id, message)
        return new


@pytest.fixture
async def fake() -> AsyncIterator[FakeDingTalk]:
    async with FakeDingTalk() as server:
        yield server


@pytest.fixture
async def channel(fake: FakeDingTalk, clock: FakeClock) -> AsyncIterator[DingTalkChannel]:
    api = DingTalkApi(fake.client_id, fake.client_secret, fake.robot_code, base=fake.base, clock=clock)
    channel = DingTalkChannel(api, clock=clock)
    await channel.start()
    yield channel
    await channel.stop()


class Running:
    """A StreamLink running in the background until the test ends."""

    def __init__(self, link: StreamLink) -> None:
        self.link = link
        self.stop = asyncio.Event()
        self.task = asyncio.create_task(link.run(self.stop))

    async def close(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 10)


async def connect(fake: FakeDingTalk, inbound: DingTalkInbound, *, secret: str | None = None) -> Running:
    link = StreamLink(fake.client_id, secret or fake.client_secret, handlers_for(inbound), api_base=fake.base,
                      reconnect_delay=0.05, max_reconnect_delay=0.2)
    running = Running(link)
    if secret is None:
        await fake.wait_for(lambda: fake.live)
    return running


def group_text(msg_id: str, content: str, fake: FakeDingTalk, **kwargs: Any) -> dict[str, Any]:
    return text_message(msg_id, content, conversation_id=GROUP, group=True, **kwargs)


# --- messages in --------------------------------------------------------------------------------

async def test_a_group_mention_is_stored_and_acknowledged_and_a_repeated_push_is_one_record(
        fake: FakeDingTalk, channel: DingTalkChannel, database: Database, clock: FakeClock, tmp_path: Path) -> None:
    async def no_replies(session: Any, message: InboundMessage, ctx: Any) -> list[Reply]:
        return []

    pipeline = InboundPipeline(database, clock, Settings(), no_replies, {}, PhotoStore(tmp_path / "photos"))
    running = await connect(fake, DingTalkInbound(pipeline, channel))
    body = group_text("msgA1001==", " PO-1001 完成60%", fake)

    first = await fake.push(body)
    second = await fake.push(body)  # DingTalk pushes the same message again, under a new messageId
    await fake.wait_for(lambda: fake.acked(first) and fake.acked(second))
    await running.close()

    assert fake.acked(first)["code"] == 200 and fake.acked(first)["headers"]["messageId"] == first
    assert (pipeline.accepted, pipeline.duplicates) == (1, 1)
    async with database.read() as session:
        [row] = list((await session.execute(select(InboxMessage))).scalars())
    message = message_from_dict(row.message)
    assert row.platform == "dingtalk" and message.external_id == "msgA1001=="
    assert message.chat == ChatRef(Platform.DINGTALK, GROUP, ChatKind.GROUP, "华达精密 外协群")
    assert message.text == "PO-1001 完成60%" and message.mentioned_bot and message.sender.user_id == WANG


async def test_the_handshake_subscribes_robot_messages_and_card_callbacks_with_the_apps_credentials(
        fake: FakeDingTalk, channel: DingTalkChannel) -> None:
    running = await connect(fake, DingTalkInbound(RecordingSink(), channel))
    await running.close()

    assert fake.opens == 1 and set(fake.streams[0].topics) == {"/v1.0/im/bot/messages/get", TOPIC_CARD}


async def test_refused_credentials_never_connect_and_keep_retrying(fake: FakeDingTalk,
                                                                     channel: DingTalkChannel) -> None:
    running = await connect(fake, DingTalkInbound(RecordingSink(), channel), secret="wrong")
    await fake.wait_for(lambda: running.link.failed_opens >= 2)
    await running.close()

    assert not fake.streams and running.link.connections == 0


async def test_pictures_and_rich_text_are_stored_with_their_download_codes_and_fetched_whole(
        fake: FakeDingTalk, channel: DingTalkChannel) -> None:
    sink = RecordingSink()
    running = await connect(fake, DingTalkInbound(sink, channel))
    photo = noise_jpeg()  # about 3.5 MB, served in 64 KiB chunks
    code = fake.add_file(photo)
    second = fake.add_file(noise_jpeg(640, 480, seed=3))

    await fake.push(picture_message("pic-1", code, conversation_id=WANG, group=False))
    await fake.push(rich_text_message("rich-1", [("text", "PO-1001 首件"), ("picture", second), ("text", " 尺寸OK")],
                                      conversation_id=GROUP, group=True))
    await fake.wait_for(lambda: len(sink.stored) == 2)
    await running.close()

    picture, rich = sink.stored["pic-1"], sink.stored["rich-1"]
    assert picture.chat == ChatRef(Platform.DINGTALK, WANG, ChatKind.PRIVATE) and not picture.mentioned_bot
    assert [p.file_id for p in picture.photos] == [code] and picture.photos[0].data is None
    assert rich.text == "PO-1001 首件 尺寸OK" and [p.file_id for p in rich.photos] == [second]
    assert await channel.download(picture.photos[0]) == photo
    assert fake.sent("/v1.0/robot/messageFiles/download")[0] == {"downloadCode": code, "robotCode": fake.robot_code}


def test_a_card_click_carrying_an_event_payload_is_no_click(clock: FakeClock) -> None:
    forged = card_click("sb-1", payloads.event(payloads.Event.ENTER_CHAT), space_id=GROUP)
    assert parse_card_callback(forged, now=clock.now()) is None
    click = parse_card_callback(card_click("sb-1", "q:1:y", space_type="IM_ROBOT", space_id=WANG), now=clock.now())
    assert click is not None and click.message.chat == ChatRef(Platform.DINGTALK, WANG, ChatKind.PRIVATE)


def test_voice_is_read_from_its_recognition_and_unknown_kinds_are_left_alone(clock: FakeClock) -> None:
    voice = text_message("v-1", "", conversation_id=WANG, group=False)
    voice.update(msgtype="audio", content={"recognition": "PO-1002 延期两天", "duration": 3000})
    parsed = parse_robot_message(voice, now=clock.now())
    assert parsed is not None and parsed.message.content_kind is ContentKind.VOICE
    assert parsed.message.text == "PO-1002 延期两天"
    unknown = text_message("u-1", "", conversation_id=WANG, group=False)
    unknown["msgtype"] = "interactiveCard"
    assert parse_robot_message(unknown, now=clock.now()) is None
    with pytest.raises(ValueError):
        parse_robot_message({"msgtype": "text", "text": {"content": "x"}}, now=clock.now())


# --- the connection's faults -------------------------------------------------------------------

async def test_a_dropped_connection_reconnects_and_loses_nothing(fake: FakeDingTalk, channel: DingTalkChannel) -> None:
    sink = RecordingSink()
    running = await connect(fake, DingTalkInbound(sink, channel))
    for n in range(3):
        await fake.push(group_text(f"before-{n}", f"PO-1001 完成{n}0%", fake))
    await fake.wait_for(lambda: len(sink.stored) == 3)

    fake.drop()  # the TCP connection dies without a close frame
    await fake.wait_for(lambda: len(fake.live) == 1 and fake.opens == 2)
    for n in range(3):
        await fake.push(group_text(f"after-{n}", f"PO-1001 完成{n + 5}0%", fake))
    await fake.wait_for(lambda: len(sink.stored) == 6)
    await running.close()

    assert running.link.connections == 2 and sorted(sink.stored) == sorted(
        [f"before-{n}" for n in range(3)] + [f"after-{n}" for n in range(3)])


async def test_a_connection_gone_silent_is_noticed_by_its_pings_and_replaced(channel: DingTalkChannel) -> None:
    async with FakeDingTalk(answer_pings=False) as silent:
        sink = RecordingSink()
        link = StreamLink(silent.client_id, silent.client_secret, handlers_for(DingTalkInbound(sink, channel)),
                          api_base=silent.base, reconnect_delay=0.05, ping_seconds=0.1, ping_timeout=0.2)
        running = Running(link)
        await silent.wait_for(lambda: silent.opens >= 2)  # the first connection timed out on its ping
        await running.close()

    assert link.connections >= 2 and "ping timeout" in (link.last_error or ""), link.last_error


async def test_a_disconnect_frame_is_followed_by_a_fresh_connection(fake: FakeDingTalk,
                                                                     channel: DingTalkChannel) -> None:
    sink = RecordingSink()
    running = await connect(fake, DingTalkInbound(sink, channel))
    old = fake.live[0]
    await fake.disconnect(old)
    await fake.wait_for(lambda: any(s is not old for s in fake.live))
    await fake.push(group_text("after-disconnect", "PO-1001 完成70%", fake))
    await fake.wait_for(lambda: "after-disconnect" in sink.stored)
    await running.close()

    assert not old.live and fake.opens == 2


async def test_a_ping_is_answered_with_its_opaque(fake: FakeDingTalk, channel: DingTalkChannel) -> None:
    running = await connect(fake, DingTalkInbound(RecordingSink(), channel))
    ping = await fake.ping()
    await fake.wait_for(lambda: fake.acked(ping))
    await running.close()

    ack = fake.acked(ping)
    assert ack["code"] == 200 and "opaque" in json.loads(ack["data"])


async def test_a_slow_store_does_not_hold_up_the_next_message(fake: FakeDingTalk, channel: DingTalkChannel) -> None:
    sink = RecordingSink()
    sink.stall_on = "slow-1"
    running = await connect(fake, DingTalkInbound(sink, channel))
    slow = await fake.push(group_text("slow-1", "PO-1001 完成10%", fake))
    quick = await fake.push(group_text("quick-2", "PO-1001 完成20%", fake))
    await fake.wait_for(lambda: fake.acked(quick))

    assert "quick-2" in sink.stored and fake.acked(slow) is None  # the ACK follows the store, never precedes it
    sink.release.set()
    await fake.wait_for(lambda: fake.acked(slow))
    await running.close()
    assert set(sink.stored) == {"slow-1", "quick-2"}


async def test_a_database_outage_is_retried_before_the_ack(fake: FakeDingTalk, channel: DingTalkChannel) -> None:
    sink = RecordingSink()
    sink.unavailable = 2
    inbound = DingTalkInbound(sink, channel, accept_delay=0.01)
    running = await connect(fake, inbound)
    pushed = await fake.push(group_text("db-down", "PO-1001 完成30%", fake))
    await fake.wait_for(lambda: fake.acked(pushed))
    await running.close()

    assert sink.deliveries == 3 and "db-down" in sink.stored


# --- messages out -------------------------------------------------------------------------------

async def test_an_answer_goes_through_the_session_webhook_while_it_is_valid_then_through_the_api(
        fake: FakeDingTalk, channel: DingTalkChannel, clock: FakeClock) -> None:
    sink = RecordingSink()
    running = await connect(fake, DingTalkInbound(sink, channel))
    hook = fake.new_session_webhook(GROUP)
    until = int((clock.now() + timedelta(minutes=90)).timestamp() * 1000)
    await fake.push(group_text("m-1", "PO-1001 完成60%", fake, session_webhook=hook, webhook_until_ms=until))
    await fake.wait_for(lambda: "m-1" in sink.stored)
    await running.close()
    group = ChatRef(Platform.DINGTALK, GROUP, ChatKind.GROUP)

    await channel.send(Reply(group, "PO-1001 原材料到位 进度 60%"))
    clock.advance(timedelta(minutes=90))  # the webhook has expired
    await channel.send(Reply(group, "PO-1001 晚了"))

    [posted] = fake.sent("/robot/sendBySession")
    assert posted["msgtype"] == "text" and posted["text"]["content"] == "PO-1001 原材料到位 进度 60%"
    [api] = fake.sent("/v1.0/robot/groupMessages/send")
    assert api["openConversationId"] == GROUP and api["robotCode"] == fake.robot_code
    assert api["msgKey"] == "sampleText" and json.loads(api["msgParam"]) == {"content": "PO-1001 晚了"}


async def test_a_refused_session_webhook_falls_back_to_the_api(fake: FakeDingTalk, channel: DingTalkChannel,
                                                               clock: FakeClock) -> None:
    sink = RecordingSink()
    running = await connect(fake, DingTalkInbound(sink, channel))
    hook = fake.new_session_webhook(WANG)
    await fake.push(text_message("p-1", "进度", conversation_id="cidPrivate", group=False, session_webhook=hook,
                                 webhook_until_ms=int((clock.now() + timedelta(hours=1)).timestamp() * 1000)))
    await fake.wait_for(lambda: "p-1" in sink.stored)
    await running.close()
    fake.expire_session(hook)

    await channel.send(Reply(ChatRef(Platform.DINGTALK, WANG, ChatKind.PRIVATE), "你好"))

    [sent] = fake.sent("/v1.0/robot/oToMessages/batchSend")
    assert sent["userIds"] == [WANG] and json.loads(sent["msgParam"]) == {"content": "你好"}


async def test_throttling_is_a_retry_after_like_wecoms_and_a_stale_token_is_fetched_again(
        fake: FakeDingTalk, channel: DingTalkChannel) -> None:
    group = Reply(ChatRef(Platform.DINGTALK, GROUP, ChatKind.GROUP), "PO-1001")
    fake.inject("/v1.0/robot/groupMessages/send", QPS_LIMIT)
    with pytest.raises(SendError) as refused:
        await channel.send(group)
    assert refused.value.retry_after == 60.0 and not refused.value.permanent
    assert refused.value.code == "Forbidden.AccessDenied.QpsLimitForApi"

    fake._tokens.clear()  # the token expired early on DingTalk's side
    await channel.send(group)
    assert len(fake.sent("/v1.0/robot/groupMessages/send")) == 1


async def test_a_session_webhook_sending_too_fast_waits(fake: FakeDingTalk, channel: DingTalkChannel,
                                                        clock: FakeClock) -> None:
    sink = RecordingSink()
    running = await connect(fake, DingTalkInbound(sink, channel))
    hook = fake.new_session_webhook(GROUP)
    await fake.push(group_text("m-2", "x", fake, session_webhook=hook,
                               webhook_until_ms=int((clock.now() + timedelta(hours=1)).timestamp() * 1000)))
    await fake.wait_for(lambda: "m-2" in sink.stored)
    await running.close()
    fake.inject("/robot/sendBySession", (200, {"errcode": SEND_TOO_FAST, "errmsg": "send too fast"}))

    with pytest.raises(SendError) as refused:
        await channel.send(Reply(ChatRef(Platform.DINGTALK, GROUP, ChatKind.GROUP), "PO-1001"))
    assert refused.value.retry_after == 60.0


async def test_buttons_are_an_action_card_whose_buttons_send_their_number(fake: FakeDingTalk,
                                                                          channel: DingTalkChannel) -> None:
    buttons = ((Button("确认", "q:1:y"), Button("不对", "q:1:n")),)
    result = await channel.send(Reply(ChatRef(Platform.DINGTALK, GROUP, ChatKind.GROUP), "PO-1001 完成60%？",
                                      buttons=buttons))

    [sent] = fake.sent("/v1.0/robot/groupMessages/send")
    param = json.loads(sent["msgParam"])
    assert sent["msgKey"] == "sampleActionCard2" and param["actionTitle1"] == "确认"
    assert param["actionURL2"] == "dtmd://dingtalkclient/sendMessage?content=2"
    assert "回复 1 = 确认" in param["text"] and result.menu == ("q:1:y", "q:1:n")


async def test_with_a_card_template_buttons_are_an_interactive_card_and_a_click_comes_back_over_the_stream(
        fake: FakeDingTalk, channel: DingTalkChannel) -> None:
    channel.card_template_id = "tpl-supplierbot.schema"
    result = await channel.send(Reply(ChatRef(Platform.DINGTALK, GROUP, ChatKind.GROUP), "PO-1001 完成60%？",
                                      buttons=((Button("确认", "q:1:y"),),)))
    [card] = fake.sent("/v1.0/card/instances/createAndDeliver")
    assert card["callbackType"] == "STREAM" and card["openSpaceId"] == f"dtv1.card//IM_GROUP.{GROUP}"
    assert json.loads(card["cardData"]["cardParamMap"]["buttons"]) == [{"text": "确认", "payload": "q:1:y"}]

    sink = RecordingSink()
    running = await connect(fake, DingTalkInbound(sink, channel))
    pushed = await fake.push(card_click(card["outTrackId"], "q:1:y", space_id=GROUP), topic=TOPIC_CARD)
    await fake.wait_for(lambda: fake.acked(pushed))
    await channel.send(Reply(ChatRef(Platform.DINGTALK, GROUP, ChatKind.GROUP), "已确认", edit_of=result.platform_message_id))
    await running.close()

    [click] = sink.stored.values()
    assert click.button_payload == "q:1:y" and click.chat.chat_id == GROUP and click.sender.user_id == WANG
    assert click.clicked_message == card["outTrackId"] and fake.acked(pushed)["code"] == 200
    [edit] = fake.sent("/v1.0/card/instances")
    assert edit["outTrackId"] == card["outTrackId"] and edit["cardData"]["cardParamMap"]["buttons"] == "[]"


async def test_a_send_slower_than_the_client_waits_is_a_transient_failure(fake: FakeDingTalk, clock: FakeClock) -> None:
    api = DingTalkApi(fake.client_id, fake.client_secret, fake.robot_code, base=fake.base, clock=clock, timeout=0.3)
    channel = DingTalkChannel(api, clock=clock)
    await channel.start()
    fake.slow("/v1.0/robot/groupMessages/send", 0.6)
    try:
        with pytest.raises(SendError) as slow:
            await channel.send(Reply(ChatRef(Platform.DINGTALK, GROUP, ChatKind.GROUP), "PO-1001"))
        await channel.send(Reply(ChatRef(Platform.DINGTALK, GROUP, ChatKind.GROUP), "PO-1001"))  # the retry
    finally:
        await channel.stop()

    assert not slow.value.permanent and slow.value.code == "dingtalk_transport"
    await fake.wait_for(lambda: len(fake.sent("/v1.0/robot/groupMessages/send")) == 2)  # the slow one landed too
