"""Specification of the Feishu / Lark channel: the real `lark-oapi` SDK (its long-connection
client and its open-API client) against the loopback fake, with the faults Feishu has."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from bot import payloads
from bot.adapters.feishu_adapter import (
    FeishuChannel,
    FeishuInbound,
    FeishuLink,
    domain_url,
    parse_event,
)
from bot.app import build_app
from bot.bind_cli import BindError, ChatChoice
from bot.doctor import run_doctor
from bot.ports import (
    Button,
    ChatKind,
    ChatRef,
    ContentKind,
    InboundMessage,
    MediaRef,
    Platform,
    Reply,
    SendError,
    StorageUnavailable,
)
from bot.runtime import RUNTIME, SERVICES
from bot.settings import Settings
from tests.fakes.feishu_server import (
    CHAT_FREQUENCY,
    FREQUENCY,
    FakeFeishu,
    card_action_event,
    card_buttons,
    image_event,
    mention,
    post_event,
    text_event,
)
from tests.fakes.photos import noise_jpeg

GROUP = "oc_a0553eda9014c201e6969b478895c230"
WANG = "ou_7d8a6e6df7621556ce0d21922b676706"
NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)


class RecordingSink:
    """An inbox that dedupes on (platform, external_id), as the pipeline's UNIQUE does."""

    def __init__(self, delay: float = 0.0) -> None:
        self.stored: dict[str, InboundMessage] = {}
        self.deliveries = 0
        self.unavailable = 0
        self.delay = delay

    async def accept(self, message: InboundMessage, raw: str) -> bool:
        self.deliveries += 1
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.unavailable:
            self.unavailable -= 1
            raise StorageUnavailable("db down")
        new = message.external_id not in self.stored
        self.stored.setdefault(message.external_id, message)
        return new


@pytest.fixture
async def fake() -> AsyncIterator[FakeFeishu]:
    async with FakeFeishu(ack_timeout=2.0) as server:
        yield server


@pytest.fixture
def channel(fake: FakeFeishu) -> FeishuChannel:
    return FeishuChannel(fake.app_id, fake.secret, fake.base_url)


async def connect(fake: FakeFeishu, sink: RecordingSink, channel: FeishuChannel) -> tuple[FeishuLink, asyncio.Event]:
    await channel.start()
    inbound = FeishuInbound(sink, channel)
    link = FeishuLink(fake.app_id, fake.secret, fake.base_url, inbound.on_event)
    stop = asyncio.Event()
    asyncio.get_running_loop().create_task(link.run(stop))
    await fake.wait_connected()
    return link, stop


@pytest.fixture
async def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
async def linked(fake: FakeFeishu, sink: RecordingSink, channel: FeishuChannel) -> AsyncIterator[FeishuLink]:
    link, stop = await connect(fake, sink, channel)
    yield link
    stop.set()
    await link.close()


# --- the long connection ---------------------------------------------------------------------------

async def test_a_group_message_is_stored_and_only_then_answered_200(
        fake: FakeFeishu, sink: RecordingSink, linked: FeishuLink) -> None:
    event_id = await fake.push(text_event("PO-1001 完成60%", chat_id=GROUP, sender=WANG, mention_bot=fake))
    await fake.wait_for(lambda: fake.acked(event_id))

    [message] = sink.stored.values()
    assert message.text == "PO-1001 完成60%" and message.mentioned_bot
    assert message.chat == ChatRef(Platform.FEISHU, GROUP, ChatKind.GROUP)
    assert fake.events[event_id].answer["code"] == 200 and fake.events[event_id].pushes == 1


async def test_without_an_at_a_group_message_is_heard_but_not_a_mention(
        fake: FakeFeishu, sink: RecordingSink, linked: FeishuLink) -> None:
    """With the permission to read all group messages, Feishu delivers plain group messages."""
    someone = mention("@_user_1", "ou_someoneelse", "李四")
    event_id = await fake.push(text_event("@_user_1 1001 发货500件", chat_id=GROUP, sender=WANG, mentions=[someone]))
    await fake.wait_for(lambda: fake.acked(event_id))

    [message] = sink.stored.values()
    assert message.text == "@李四 1001 发货500件" and not message.mentioned_bot


async def test_a_duplicate_event_is_stored_once(fake: FakeFeishu, sink: RecordingSink, linked: FeishuLink) -> None:
    body = text_event("PO-1001 不良20件", chat_id=GROUP, sender=WANG)
    event_id = await fake.push_twice(body)
    await fake.wait_for(lambda: fake.acked(event_id))

    assert sink.deliveries == 2 and len(sink.stored) == 1


async def test_a_payload_split_over_several_frames_is_put_back_together(
        fake: FakeFeishu, sink: RecordingSink, linked: FeishuLink) -> None:
    long_text = "PO-1001 " + "尺寸偏大，" * 400
    event_id = await fake.push(text_event(long_text, chat_id=GROUP, sender=WANG), split=3)
    await fake.wait_for(lambda: fake.acked(event_id))

    [message] = sink.stored.values()
    assert message.text == long_text.strip()


async def test_a_dropped_connection_reconnects_and_loses_nothing(
        fake: FakeFeishu, sink: RecordingSink, linked: FeishuLink) -> None:
    await fake.drop()
    # pushed while nobody is connected: Feishu keeps it and pushes it again
    event_id = await fake.push(text_event("1001 延期到12月3号", chat_id=GROUP, sender=WANG))
    await fake.wait_connected(1, within=15)
    await fake.wait_for(lambda: fake.acked(event_id), within=15)

    assert len(fake.connections) == 2 and fake.endpoint_calls == 2
    assert [m.text for m in sink.stored.values()] == ["1001 延期到12月3号"]


async def test_a_slow_handler_gets_the_event_again_and_stores_it_once(
        fake: FakeFeishu, channel: FeishuChannel) -> None:
    """Not answered within the time-out (3 s on Feishu), an event is pushed again."""
    fake.ack_timeout = 0.5
    slow = RecordingSink(delay=1.0)
    link, stop = await connect(fake, slow, channel)
    try:
        event_id = await fake.push(text_event("1001 60", chat_id=GROUP, sender=WANG))
        await fake.wait_for(lambda: fake.acked(event_id) and slow.deliveries >= 2, within=10)
    finally:
        stop.set()
        await link.close()
    assert fake.events[event_id].pushes >= 2 and len(slow.stored) == 1


async def test_storage_down_answers_500_so_feishu_pushes_again(
        fake: FakeFeishu, sink: RecordingSink, linked: FeishuLink) -> None:
    fake.ack_timeout = 0.5
    sink.unavailable = 1
    event_id = await fake.push(text_event("1001 完成", chat_id=GROUP, sender=WANG))
    await fake.wait_for(lambda: fake.acked(event_id), within=10)

    answers = [a["code"] for c in fake.connections for a in c.answers]
    assert answers[0] == 500 and 200 in answers and len(sink.stored) == 1


async def test_a_malformed_event_is_answered_and_changes_nothing(
        fake: FakeFeishu, sink: RecordingSink, linked: FeishuLink) -> None:
    bad = text_event("x", chat_id=GROUP, sender=WANG)
    bad["event"]["message"]["content"] = "{not json"
    event_id = await fake.push(bad)
    await fake.wait_for(lambda: fake.acked(event_id))
    assert sink.deliveries == 0


async def test_wrong_credentials_are_refused_at_the_endpoint(fake: FakeFeishu, sink: RecordingSink) -> None:
    link = FeishuLink(fake.app_id, "wrong", fake.base_url, FeishuInbound(sink, FeishuChannel("a", "b", fake.base_url)).on_event)
    with pytest.raises(Exception, match="secret"):
        await link.open()
    assert not fake.connections


async def test_the_client_pings_and_reads_its_config_from_the_pong(fake: FakeFeishu, channel: FeishuChannel) -> None:
    fake.ping_interval = 1
    link, stop = await connect(fake, RecordingSink(), channel)
    try:
        await fake.wait_for(lambda: fake.live[0].pings >= 2, within=5)
    finally:
        stop.set()
        await link.close()


# --- images, posts, card clicks ----------------------------------------------------------------------

async def test_an_image_is_a_message_resource_downloaded_in_chunks(
        fake: FakeFeishu, sink: RecordingSink, channel: FeishuChannel, linked: FeishuLink) -> None:
    photo = noise_jpeg(2400, 1800)
    assert len(photo) > 2 * 1024 * 1024
    body = image_event("img_v3_0001", chat_id=GROUP, sender=WANG)
    fake.add_image(body["event"]["message"]["message_id"], "img_v3_0001", photo)
    event_id = await fake.push(body)
    await fake.wait_for(lambda: fake.acked(event_id))

    [message] = sink.stored.values()
    [ref] = message.photos
    assert await channel.download(ref) == photo


async def test_a_post_with_words_and_a_picture(fake: FakeFeishu) -> None:
    body = post_event("质检", [[{"tag": "text", "text": "1001 外观"}, {"tag": "at", "user_id": "@_user_1"}],
                              [{"tag": "img", "image_key": "img_v3_0002"}]],
                      chat_id=GROUP, sender=WANG, mentions=[mention("@_user_1", fake.bot_open_id, "SupplierBot")])
    parsed = parse_event(body, now=NOW, bot_open_id=fake.bot_open_id)
    assert parsed is not None
    message = parsed.message
    assert message.text == "质检\n1001 外观" and message.mentioned_bot
    assert [p.file_id for p in message.photos] == [f"{message.external_id}/img_v3_0002"]


def test_private_chats_are_keyed_by_the_person_and_other_kinds_are_named() -> None:
    body = text_event("/whoami", chat_id="oc_p2pchat", sender=WANG, chat_type="p2p")
    parsed = parse_event(body, now=NOW)
    assert parsed is not None and parsed.message.chat == ChatRef(Platform.FEISHU, WANG, ChatKind.PRIVATE)
    sticker = text_event("", chat_id=GROUP, sender=WANG)
    sticker["event"]["message"]["message_type"] = "sticker"
    sticker["event"]["message"]["content"] = json.dumps({"file_key": "v2_x"})
    parsed = parse_event(sticker, now=NOW)
    assert parsed is not None and parsed.message.content_kind is ContentKind.STICKER


def test_a_card_click_names_the_chat_the_card_was_sent_to_and_forged_events_are_dropped() -> None:
    payload = "r:42:qty"
    body = card_action_event({"p": payload, "c": WANG}, operator=WANG, chat_id="oc_p2pchat", message_id="om_card")
    parsed = parse_event(body, now=NOW)
    assert parsed is not None
    message = parsed.message
    assert message.chat.kind is ChatKind.PRIVATE and message.chat.chat_id == WANG
    assert message.clicked_message == "om_card" and message.external_id.startswith("card:")
    assert message.button_payload == payloads.clicked(payload)
    forged = card_action_event({"p": payloads.event(payloads.Event.ENTER_CHAT)}, operator=WANG, chat_id=GROUP,
                               message_id="om_card")
    assert parse_event(forged, now=NOW) is None


@pytest.mark.parametrize("case", ["not an object", "no header", "no sender", "content not json"])
def test_malformed_bodies_raise_for_the_caller_to_log(case: str) -> None:
    body: object = text_event("x", chat_id=GROUP, sender=WANG)
    if case == "not an object":
        body = ["x"]
    elif case == "no header":
        del body["header"]  # type: ignore[index]
    elif case == "no sender":
        body["event"]["sender"] = {}  # type: ignore[index]
    else:
        body["event"]["message"]["content"] = "{"  # type: ignore[index]
    with pytest.raises((ValueError, KeyError, TypeError)):
        parse_event(body, now=NOW)


# --- sending ---------------------------------------------------------------------------------------

async def test_text_goes_to_a_group_by_chat_id_and_to_a_person_by_open_id(
        fake: FakeFeishu, channel: FeishuChannel) -> None:
    await channel.send(Reply(ChatRef(Platform.FEISHU, GROUP), "收到"))
    await channel.send(Reply(ChatRef(Platform.FEISHU, WANG, ChatKind.PRIVATE), "你好"))
    assert [(s["receive_id_type"], s["receive_id"]) for s in fake.ops("send")] == [("chat_id", GROUP),
                                                                                   ("open_id", WANG)]
    assert fake.texts() == ["收到", "你好"]


async def test_buttons_are_a_card_whose_click_comes_back_as_the_payload(
        fake: FakeFeishu, channel: FeishuChannel) -> None:
    result = await channel.send(Reply(ChatRef(Platform.FEISHU, GROUP), "数量还是百分比？",
                                      buttons=((Button("60件", "r:1:qty"), Button("60%", "r:1:pct")),)))
    [sent] = fake.ops("send")
    assert sent["msg_type"] == "interactive"
    buttons = card_buttons(sent)
    assert [b["label"] for b in buttons] == ["60件", "60%"]
    click = card_action_event(buttons[0]["value"], operator=WANG, chat_id=GROUP,
                              message_id=result.platform_message_id or "")
    parsed = parse_event(click, now=NOW)
    assert parsed is not None and parsed.message.button_payload == "r:1:qty"

    await channel.send(Reply(ChatRef(Platform.FEISHU, GROUP), "已记 60件", edit_of=result.platform_message_id))
    [patched] = fake.ops("patch")
    assert patched["patched"] == result.platform_message_id and not card_buttons(patched)


async def test_a_reply_quotes_its_message_and_falls_back_to_the_chat_when_refused(
        fake: FakeFeishu, channel: FeishuChannel) -> None:
    await channel.send(Reply(ChatRef(Platform.FEISHU, GROUP), "收到", reply_to_external_id="om_1"))
    fake.inject("reply", 230011)  # the message was withdrawn
    await channel.send(Reply(ChatRef(Platform.FEISHU, GROUP), "收到", reply_to_external_id="om_2"))
    assert [s["reply_to"] for s in fake.ops("reply")] == ["om_1"] and len(fake.ops("send")) == 1


@pytest.mark.parametrize(("code", "wait"), [(FREQUENCY, 2.0), (CHAT_FREQUENCY, 60.0)])
async def test_a_frequency_limit_backs_off_and_other_refusals_are_final(
        fake: FakeFeishu, channel: FeishuChannel, code: int, wait: float) -> None:
    fake.inject("send", code)
    with pytest.raises(SendError) as limited:
        await channel.send(Reply(ChatRef(Platform.FEISHU, GROUP), "x"))
    assert limited.value.retry_after == wait and not limited.value.permanent
    fake.inject("send", 230002)  # the bot is not in the chat
    with pytest.raises(SendError) as refused:
        await channel.send(Reply(ChatRef(Platform.FEISHU, GROUP), "x"))
    assert refused.value.permanent
    fake.inject("send", 503)
    with pytest.raises(SendError) as busy:
        await channel.send(Reply(ChatRef(Platform.FEISHU, GROUP), "x"))
    assert not busy.value.permanent and busy.value.retry_after is None
    await channel.send(Reply(ChatRef(Platform.FEISHU, GROUP), "x"))
    assert len(fake.ops("send")) == 1


async def test_a_resource_too_large_or_gone_fails_for_good(fake: FakeFeishu) -> None:
    channel = FeishuChannel(fake.app_id, fake.secret, fake.base_url, max_download_bytes=1000)
    fake.add_image("om_big", "img_big", b"x" * 5000)
    with pytest.raises(SendError) as big:
        await channel.download(MediaRef("om_big/img_big"))
    assert big.value.permanent
    with pytest.raises(SendError) as gone:
        await channel.download(MediaRef("om_gone/img_x"))
    assert gone.value.permanent


def test_the_domain_setting() -> None:
    assert domain_url("feishu") == "https://open.feishu.cn"
    assert domain_url("lark") == "https://open.larksuite.com"
    assert domain_url("http://127.0.0.1:8080/") == "http://127.0.0.1:8080"
    with pytest.raises(ValueError):
        domain_url("open.feishu.cn/path")


# --- settings, start-up, doctor ----------------------------------------------------------------------

def test_without_settings_feishu_is_off_and_a_bad_domain_is_refused(tmp_path: Path) -> None:
    assert not Settings(photo_dir=tmp_path).feishu_enabled
    assert Settings(photo_dir=tmp_path, feishu_app_id="cli_x", feishu_app_secret="s", feishu_domain="lark").feishu_enabled
    with pytest.raises(ValidationError, match="feishu, lark or a base URL"):
        Settings(photo_dir=tmp_path, feishu_domain="open.feishu.cn/x")


async def test_start_up_lists_feishu_and_its_channel(fake: FakeFeishu, sqlite_url: str, tmp_path: Path) -> None:
    settings = Settings(database_url=sqlite_url, photo_dir=tmp_path, feishu_app_id=fake.app_id,
                        feishu_app_secret=fake.secret, feishu_domain=fake.base_url)
    app = build_app(settings)
    runtime = app[RUNTIME]
    assert [n for n in runtime.notices if n.startswith("Feishu/Lark: on")]
    assert isinstance(app[SERVICES].channels[Platform.FEISHU], FeishuChannel)
    await app[SERVICES].database.dispose()


async def test_doctor_checks_the_credentials(fake: FakeFeishu, sqlite_url: str, tmp_path: Path) -> None:
    good = Settings(database_url=sqlite_url, photo_dir=tmp_path, feishu_app_id=fake.app_id,
                    feishu_app_secret=fake.secret, feishu_domain=fake.base_url)
    lines: list[str] = []
    assert await run_doctor(good, lines.append, min_free_bytes=0) == 0, lines
    assert any(line.startswith("✔ Feishu: token issued; bot SupplierBot") for line in lines)
    assert "✔ Feishu long connection: endpoint issued" in lines

    bad = Settings(**{**good.model_dump(), "feishu_app_secret": "not-the-secret"})
    lines = []
    assert await run_doctor(bad, lines.append, min_free_bytes=0) == 1
    text = "\n".join(lines)
    assert "✘ Feishu: tenant_access_token refused" in text and "凭证与基础信息" in text
    assert "not-the-secret" not in text


async def test_a_refused_token_is_forgotten_so_the_next_send_fetches_a_new_one() -> None:
    async with FakeFeishu(app_id="cli_rotating01") as fake:
        channel = FeishuChannel(fake.app_id, fake.secret, fake.base_url)
        await channel.send(Reply(ChatRef(Platform.FEISHU, GROUP), "一"))
        fake.revoke_tokens()
        with pytest.raises(SendError) as refused:
            await channel.send(Reply(ChatRef(Platform.FEISHU, GROUP), "二"))
        assert not refused.value.permanent
        await channel.send(Reply(ChatRef(Platform.FEISHU, GROUP), "二"))
        assert fake.texts() == ["一", "二"] and fake.tokens_issued == 2


async def test_when_the_sdk_gives_up_reconnecting_the_link_starts_over(
        fake: FakeFeishu, sink: RecordingSink, channel: FeishuChannel) -> None:
    """A client error while reconnecting (here: the secret refused, as while it is being reset)
    ends the SDK's reconnect loop for good; the link notices and connects again."""
    inbound = FeishuInbound(sink, channel)
    link = FeishuLink(fake.app_id, fake.secret, fake.base_url, inbound.on_event, retry_delays=(0.2,),
                      watch_every=0.1)
    stop = asyncio.Event()
    running = asyncio.get_running_loop().create_task(link.run(stop))
    try:
        await fake.wait_connected()
        secret, fake.secret = fake.secret, "being-reset"
        await fake.drop()
        await fake.wait_for(lambda: link.restarts >= 1, within=15)
        fake.secret = secret
        await fake.wait_connected(1, within=10)
        event_id = await fake.push(text_event("1001 完成", chat_id=GROUP, sender=WANG))
        await fake.wait_for(lambda: fake.acked(event_id))
    finally:
        stop.set()
        await running
    assert len(fake.connections) == 2 and len(sink.stored) == 1


@pytest.mark.parametrize("garbage", [b"\xff\x00not a frame", b"", b"\x08\x01"])
async def test_bytes_that_are_no_frame_change_nothing_and_the_connection_lives_on(
        fake: FakeFeishu, sink: RecordingSink, linked: FeishuLink, garbage: bytes) -> None:
    await fake.send_raw(garbage)
    event_id = await fake.push(text_event("1001 完成60%", chat_id=GROUP, sender=WANG))
    await fake.wait_for(lambda: fake.acked(event_id))
    assert len(fake.connections) == 1 and [m.text for m in sink.stored.values()] == ["1001 完成60%"]


def test_the_bind_command_names_a_feishu_group_by_its_chat_id() -> None:
    chat = ChatChoice(feishu_chat=" oc_a0553eda9014c201e6969b478895c230 ").chat()
    assert chat == ChatRef(Platform.FEISHU, "oc_a0553eda9014c201e6969b478895c230", ChatKind.GROUP)
    for wrong in ("ou_7d8a6e6df7621556", "oc_", "oc_x;drop"):
        with pytest.raises(BindError, match="oc_"):
            ChatChoice(feishu_chat=wrong).chat()
    with pytest.raises(BindError, match="exactly one"):
        ChatChoice(telegram_chat="-100", feishu_chat="oc_a0553eda9014c2").chat()
