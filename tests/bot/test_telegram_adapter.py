"""The Telegram adapter, driven through the real `telegram.Bot` against the loopback fake."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, web
from aiohttp.test_utils import TestClient
from telegram import Bot
from telegram.error import RetryAfter
from telegram.request import HTTPXRequest

from bot.adapters.telegram_adapter import (
    SECRET_HEADER,
    MalformedUpdate,
    TelegramChannel,
    api_urls,
    inbound_from_update,
    telegram_webhook_handler,
)
from bot.ports import (
    Button,
    Channel,
    ChatKind,
    ChatRef,
    ContentKind,
    InboundMessage,
    MediaRef,
    Platform,
    Reply,
    SenderRef,
    SendError,
    StorageUnavailable,
)
from tests.fakes.telegram_api import (
    FakeTelegramAPI,
    Fault,
    Updates,
    group_chat,
    private_chat,
    supergroup_chat,
    user,
)

SECRET = "s3cret-Token_for-tests"
ROUTE = "/webhooks/telegram"
GROUP = ChatRef(Platform.TELEGRAM, "-1001234567890")
RECEIVED = datetime(2025, 3, 4, 5, 6, 7, tzinfo=UTC)

CAPTURED_TEXT = {"update_id": 449012333, "message": {"message_id": 55, "from": {"id": 1609506098, "is_bot": False, "first_name": "Mark", "username": "g_booking", "language_code": "en"}, "chat": {"id": -1003986727769, "title": "Charles-Service-Group", "type": "supergroup"}, "date": 1776972025, "text": "wewew"}}  # noqa: E501
CAPTURED_PHOTO = {"update_id": 449012335, "message": {"message_id": 57, "from": {"id": 1609506098, "is_bot": False, "first_name": "Mark", "username": "g_booking", "language_code": "en"}, "chat": {"id": -1003986727769, "title": "Charles-Service-Group", "type": "supergroup"}, "date": 1776972101, "photo": [{"file_id": "AgACAgQAAyEFAATtoKNZAAM5aepxRUf0i0yegRIB9h5heLNBZvoAAgsMaxspbVlTMg2cypFVazQBAAMCAANzAAM7BA", "file_unique_id": "AQADCwxrGyltWVN4", "file_size": 1354, "width": 90, "height": 67}, {"file_id": "AgACAgQAAyEFAATtoKNZAAM5aepxRUf0i0yegRIB9h5heLNBZvoAAgsMaxspbVlTMg2cypFVazQBAAMCAANtAAM7BA", "file_unique_id": "AQADCwxrGyltWVNy", "file_size": 13826, "width": 320, "height": 240}, {"file_id": "AgACAgQAAyEFAATtoKNZAAM5aepxRUf0i0yegRIB9h5heLNBZvoAAgsMaxspbVlTMg2cypFVazQBAAMCAAN4AAM7BA", "file_unique_id": "AQADCwxrGyltWVN9", "file_size": 41426, "width": 800, "height": 600}, {"file_id": "AgACAgQAAyEFAATtoKNZAAM5aepxRUf0i0yegRIB9h5heLNBZvoAAgsMaxspbVlTMg2cypFVazQBAAMCAAN5AAM7BA", "file_unique_id": "AQADCwxrGyltWVN-", "file_size": 63485, "width": 1280, "height": 960}]}}  # noqa: E501
OFFICIAL_CALLBACK = {"update_id": 10002, "callback_query": {"id": "4382bfdwdsb323b2d9", "chat_instance": "-5123", "from": {"id": 42, "is_bot": False, "first_name": "Li"}, "data": "done:M3", "message": {"message_id": 101, "date": 1700000000, "chat": {"id": -1001234567890, "type": "supergroup", "title": "Supplier X"}, "from": {"id": 123456, "is_bot": True, "first_name": "Fake"}, "text": "M3 done?"}}}  # noqa: E501


class RecordingSink:
    """Accepts everything; optionally dedupes by external id like the real inbox, or fails."""

    def __init__(self, *, dedupe: bool = False, failures: int = 0) -> None:
        self.accepted: list[tuple[InboundMessage, str]] = []
        self.stored: dict[str, InboundMessage] = {}
        self.dedupe = dedupe
        self.failures = failures

    async def accept(self, message: InboundMessage, raw: str) -> bool:
        await asyncio.sleep(0)
        if self.failures:
            self.failures -= 1
            raise StorageUnavailable("database is locked")
        self.accepted.append((message, raw))
        if self.dedupe and message.external_id in self.stored:
            return False
        self.stored[message.external_id] = message
        return True


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI(require_https_webhook=False) as fake:
        yield fake


@pytest.fixture
def photos() -> dict[str, bytes]:
    return {"ab" * 32: b"\xff\xd8\xff\xe0 fake jpeg"}


def make_channel(api: FakeTelegramAPI, **kwargs: Any) -> TelegramChannel:
    base_url, base_file_url = api_urls(api.root_url + "/")
    return TelegramChannel(api.token, base_url=base_url, base_file_url=base_file_url, **kwargs)


async def started_channel(api: FakeTelegramAPI, **kwargs: Any) -> TelegramChannel:
    tg = make_channel(api, **kwargs)
    await tg.start()
    return tg


@pytest.fixture
async def channel(api: FakeTelegramAPI, photos: dict[str, bytes]) -> AsyncIterator[TelegramChannel]:
    tg = await started_channel(api, photo_loader=photos.__getitem__)
    yield tg
    await tg.stop()


async def wait_until(predicate: Callable[[], bool], seconds: float = 5.0) -> None:
    """Polls state owned by the fake and the sinks, which expose no events to await."""
    async with asyncio.timeout(seconds):
        while not predicate():  # noqa: ASYNC110
            await asyncio.sleep(0.01)


# --- inbound mapping -------------------------------------------------------------------------

def test_a_text_update_becomes_an_inbound_message() -> None:
    msg = inbound_from_update(CAPTURED_TEXT, "SupplierBot")

    assert msg == InboundMessage(
        platform=Platform.TELEGRAM,
        external_id="449012333",
        chat=ChatRef(Platform.TELEGRAM, "-1003986727769", ChatKind.GROUP, "Charles-Service-Group"),
        sender=SenderRef("1609506098", "Mark", "en"),
        sent_at=datetime(2026, 4, 23, 19, 20, 25, tzinfo=UTC),
        text="wewew",
    )


@pytest.mark.parametrize(("chat", "kind"), [
    (private_chat(42), ChatKind.PRIVATE),
    (group_chat(), ChatKind.GROUP),
    (supergroup_chat(), ChatKind.GROUP),
    ({"id": -1009876543210, "type": "channel", "title": "News"}, ChatKind.GROUP),
])
def test_chat_kind_is_private_only_for_private_chats(chat: dict[str, Any], kind: ChatKind) -> None:
    msg = inbound_from_update(Updates().text("50%", chat=chat))

    assert msg is not None and msg.chat.kind is kind and msg.chat.chat_id == str(chat["id"])


def test_a_reply_names_the_message_replied_to_and_the_sender_in_full() -> None:
    updates = Updates()
    bot_prompt = {"message_id": 77, "date": updates.date, "chat": supergroup_chat(),
                  "from": user(7000001, "Supplier Bot", is_bot=True), "text": "PO-1001 progress?"}
    update = updates.text("80%", sender=user(9, "Wei", last_name="Zhang"), reply_to=bot_prompt)

    msg = inbound_from_update(update)

    assert msg is not None
    assert msg.reply_to_external_id == "77"
    assert msg.sender == SenderRef("9", "Wei Zhang", "zh-hans")
    assert msg.sent_at.tzinfo is not None and msg.sent_at.utcoffset().total_seconds() == 0


def test_the_largest_photo_size_is_chosen() -> None:
    msg = inbound_from_update(CAPTURED_PHOTO)

    assert msg is not None and msg.text == ""
    (photo,) = msg.photos
    assert photo.file_id.endswith("AAN5AAM7BA")
    assert (photo.size, photo.width, photo.height, photo.kind) == (63485, 1280, 960, "photo")


def test_the_largest_photo_wins_whatever_the_order() -> None:
    update = Updates().photo(caption="PO-1001 done", sizes=[(800, 600, 4000), (1280, 960, 9000), (90, 67, 100)])

    msg = inbound_from_update(update)

    assert msg is not None and msg.text == "PO-1001 done"
    assert [(p.width, p.height) for p in msg.photos] == [(1280, 960)]


def test_album_items_share_the_album_id_and_only_the_first_has_the_caption() -> None:
    items = [inbound_from_update(u) for u in Updates().album(3, media_group_id="9001", caption="PO-1001 外观")]

    assert all(m is not None for m in items)
    assert {m.album_id for m in items if m} == {"9001"}
    assert [m.text for m in items if m] == ["PO-1001 外观", "", ""]
    assert len({m.external_id for m in items if m}) == 3


def test_a_callback_query_becomes_a_button_payload_in_the_chat_of_its_message() -> None:
    msg = inbound_from_update(OFFICIAL_CALLBACK, "SupplierBot", received_at=RECEIVED)

    assert msg is not None
    assert msg.button_payload == "done:M3"
    assert msg.chat == ChatRef(Platform.TELEGRAM, "-1001234567890", ChatKind.GROUP, "Supplier X")
    assert msg.sender.user_id == "42"
    assert msg.external_id == "10002"
    assert msg.reply_to_external_id == "101"
    assert msg.sent_at == RECEIVED


@pytest.mark.parametrize(("text", "expected", "mentioned"), [
    ("/status@SupplierBot PO-1001", "/status PO-1001", True),
    ("/status@supplierbot PO-1001", "/status PO-1001", True),
    ("@SupplierBot PO-1001 50%", "PO-1001 50%", True),
    ("@SupplierBot: PO-1001 50%", "PO-1001 50%", True),
    ("PO-1001 @SupplierBot 完成 80%", "PO-1001 完成 80%", True),
    ("🔩🔩 @SupplierBot 80% 👍", "🔩🔩 80% 👍", True),
    ("/status@OtherBot PO-1001", "/status@OtherBot PO-1001", False),
    ("/status PO-1001", "/status PO-1001", False),
    ("@someone_else PO-1001 50%", "@someone_else PO-1001 50%", False),
])
def test_mentions_of_the_bot_are_removed_and_flagged(text: str, expected: str, mentioned: bool) -> None:
    msg = inbound_from_update(Updates().text(text), "SupplierBot")

    assert msg is not None
    assert (msg.text, msg.mentioned_bot) == (expected, mentioned)


def test_mentions_in_a_photo_caption_count_too() -> None:
    msg = inbound_from_update(Updates().photo(caption="@SupplierBot PO-7 ok"), "SupplierBot")

    assert msg is not None and (msg.text, msg.mentioned_bot) == ("PO-7 ok", True)


def test_without_a_known_username_the_text_is_kept_as_written() -> None:
    msg = inbound_from_update(Updates().text("/status@SupplierBot PO-1001"), None)

    assert msg is not None and (msg.text, msg.mentioned_bot) == ("/status@SupplierBot PO-1001", False)


def _location_message(updates: Updates) -> dict[str, Any]:
    update = updates.text("x")
    message = update["message"]
    del message["text"]
    message["location"] = {"latitude": 31.2, "longitude": 121.5}
    return update


def test_a_location_is_passed_on_by_kind_so_the_sender_gets_an_answer() -> None:
    """Issue 12: kinds the bot cannot read get a clear reply, never silence (was: dropped here)."""
    msg = inbound_from_update(_location_message(Updates()), "SupplierBot")

    assert msg is not None and msg.content_kind is ContentKind.LOCATION and msg.text == ""


@pytest.mark.parametrize("make", [
    lambda u: u.edited_text("80% now"),
    lambda u: u.my_chat_member(),
    lambda u: {**(c := u.callback("x")), "callback_query": {k: v for k, v in c["callback_query"].items()
                                                            if k != "message"} | {"inline_message_id": "AAA"}},
])
def test_updates_we_do_not_handle_become_none(make: Callable[[Updates], dict[str, Any]]) -> None:
    assert inbound_from_update(make(Updates()), "SupplierBot") is None


def test_the_official_sample_without_is_bot_is_malformed() -> None:
    sample = {"update_id": 10000, "message": {"date": 1441645532, "chat": {"id": 1111111, "type": "private"},
                                              "message_id": 1365, "from": {"id": 1111111, "first_name": "Test"},
                                              "text": "/start"}}
    with pytest.raises(MalformedUpdate):
        inbound_from_update(sample)


# --- sending ---------------------------------------------------------------------------------

async def test_channel_satisfies_the_channel_protocol(channel: TelegramChannel) -> None:
    assert isinstance(channel, Channel)
    assert channel.username == "SupplierBot"


async def test_sending_with_buttons_arrives_with_the_reply_markup_json(
    api: FakeTelegramAPI, channel: TelegramChannel
) -> None:
    reply = Reply(GROUP, "PO-1001 进度？", buttons=((Button("50%", "p:M3:50"), Button("完成", "done:M3")),
                                                  (Button("延期", "delay:M3"),)),
                  reply_to_external_id="55")

    result = await channel.send(reply)

    (call,) = api.calls_to("sendMessage")
    assert call.content_type == "application/x-www-form-urlencoded"
    assert call.params["chat_id"] == -1001234567890
    assert call.params["text"] == "PO-1001 进度？"
    assert call.params["reply_markup"] == {"inline_keyboard": [
        [{"text": "50%", "callback_data": "p:M3:50"}, {"text": "完成", "callback_data": "done:M3"}],
        [{"text": "延期", "callback_data": "delay:M3"}],
    ]}
    assert call.params["reply_parameters"] == {"message_id": 55, "allow_sending_without_reply": True}
    assert result.platform_message_id == "1"


async def test_plain_text_has_no_markup_and_no_reply_parameters(
    api: FakeTelegramAPI, channel: TelegramChannel
) -> None:
    await channel.send(Reply(ChatRef(Platform.TELEGRAM, "42", ChatKind.PRIVATE), "hi"))

    (call,) = api.calls_to("sendMessage")
    assert call.params == {"chat_id": 42, "text": "hi"}


async def test_a_reply_with_an_image_is_uploaded_with_its_caption(
    api: FakeTelegramAPI, channel: TelegramChannel, photos: dict[str, bytes]
) -> None:
    sha = next(iter(photos))

    result = await channel.send(Reply(GROUP, "PO-1001 外观", buttons=((Button("OK", "ok:1"),),),
                                      image_sha256=sha))

    (call,) = api.calls_to("sendPhoto")
    assert call.content_type == "multipart/form-data"
    assert call.files["photo"] == photos[sha]
    assert call.params["caption"] == "PO-1001 外观"
    assert call.params["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "ok:1"
    assert result.platform_message_id == "1"


async def test_text_too_long_for_a_caption_follows_the_photo(
    api: FakeTelegramAPI, channel: TelegramChannel, photos: dict[str, bytes]
) -> None:
    result = await channel.send(Reply(GROUP, "x" * 1500, image_sha256=next(iter(photos))))

    assert "caption" not in api.calls_to("sendPhoto")[0].params
    assert api.calls_to("sendMessage")[0].params["text"] == "x" * 1500
    assert result.platform_message_id == "2"


async def test_a_missing_image_is_a_permanent_failure(api: FakeTelegramAPI, channel: TelegramChannel) -> None:
    with pytest.raises(SendError) as caught:
        await channel.send(Reply(GROUP, "photo", image_sha256="00" * 32))

    assert caught.value.permanent and caught.value.code == "photo_missing"
    assert api.calls_to("sendPhoto") == []


async def test_429_becomes_send_error_with_retry_after(api: FakeTelegramAPI, channel: TelegramChannel) -> None:
    api.program("sendMessage", Fault.too_many_requests(35))

    with pytest.raises(SendError) as caught:
        await channel.send(Reply(GROUP, "hello"))

    assert caught.value.retry_after == 35.0
    assert not caught.value.permanent


async def test_retry_after_is_read_when_ptb_hands_out_timedeltas(
    api: FakeTelegramAPI, channel: TelegramChannel, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    api.program("sendMessage", Fault.too_many_requests(4))

    with pytest.raises(SendError) as caught:
        await channel.send(Reply(GROUP, "hello"))

    assert caught.value.retry_after == 4.0


@pytest.mark.parametrize(("fault", "code", "words"), [
    (Fault.chat_not_found(), "bad_request", "chat not found"),
    (Fault.blocked(), "forbidden", "bot was blocked by the user"),
])
async def test_client_errors_are_permanent(api: FakeTelegramAPI, channel: TelegramChannel,
                                           fault: Fault, code: str, words: str) -> None:
    api.program("sendMessage", fault)

    with pytest.raises(SendError) as caught:
        await channel.send(Reply(GROUP, "hello"))

    assert caught.value.permanent and caught.value.code == code and words in str(caught.value).lower()
    assert caught.value.retry_after is None


async def test_a_server_error_is_transient(api: FakeTelegramAPI, channel: TelegramChannel) -> None:
    api.program("sendMessage", Fault.server_error())

    with pytest.raises(SendError) as caught:
        await channel.send(Reply(GROUP, "hello"))

    assert not caught.value.permanent and caught.value.retry_after is None


async def test_a_slow_api_times_out_as_a_transient_error(api: FakeTelegramAPI) -> None:
    tg = await started_channel(api, request=HTTPXRequest(read_timeout=0.2))
    api.program("sendMessage", Fault.latency(1.0))
    try:
        with pytest.raises(SendError) as caught:
            await tg.send(Reply(GROUP, "hello"))
    finally:
        await tg.stop()

    assert not caught.value.permanent and caught.value.code == "timed_out"


async def test_an_unknown_token_is_permanent(api: FakeTelegramAPI) -> None:
    tg = TelegramChannel("999:wrong", base_url=api.base_url, base_file_url=api.base_file_url)
    await tg.start()
    try:
        with pytest.raises(SendError) as caught:
            await tg.send(Reply(GROUP, "hello"))
    finally:
        await tg.stop()

    assert caught.value.permanent and caught.value.code == "invalid_token"
    assert tg.username is None


async def test_start_is_not_fatal_when_the_api_is_down() -> None:
    tg = TelegramChannel("123:abc", base_url="http://127.0.0.1:9/bot", base_file_url="http://127.0.0.1:9/file/bot")
    await tg.start()
    try:
        with pytest.raises(SendError) as caught:
            await tg.check_privacy()
    finally:
        await tg.stop()

    assert not caught.value.permanent


async def test_answering_a_callback_query(api: FakeTelegramAPI, channel: TelegramChannel) -> None:
    await channel.answer_callback("4382bfdwdsb323b2d9", "收到")

    (call,) = api.calls_to("answerCallbackQuery")
    assert call.params == {"callback_query_id": "4382bfdwdsb323b2d9", "text": "收到"}


# --- downloads -------------------------------------------------------------------------------

async def test_download_fetches_the_bytes_via_get_file_and_the_file_path(
    api: FakeTelegramAPI, channel: TelegramChannel
) -> None:
    jpeg = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40
    api.add_file("AgACphoto1", jpeg, "photos/file_7.jpg")

    data = await channel.download(MediaRef("AgACphoto1", size=len(jpeg)))

    assert data == jpeg
    assert [c.params for c in api.calls_to("getFile")] == [{"file_id": "AgACphoto1"}]


async def test_download_refuses_a_declared_oversize_file_without_asking(api: FakeTelegramAPI) -> None:
    tg = await started_channel(api, max_download_bytes=1000)
    try:
        with pytest.raises(SendError) as caught:
            await tg.download(MediaRef("AgACbig", size=5000))
    finally:
        await tg.stop()

    assert caught.value.permanent and caught.value.code == "too_large"
    assert api.calls_to("getFile") == []


async def test_download_refuses_when_get_file_reports_an_oversize_file(api: FakeTelegramAPI) -> None:
    api.add_file("AgACbig", b"x" * 5000)
    tg = await started_channel(api, max_download_bytes=1000)
    try:
        with pytest.raises(SendError) as caught:
            await tg.download(MediaRef("AgACbig"))
    finally:
        await tg.stop()

    assert caught.value.code == "too_large"


async def test_download_of_an_unknown_file_is_permanent(channel: TelegramChannel) -> None:
    with pytest.raises(SendError) as caught:
        await channel.download(MediaRef("AgACgone"))

    assert caught.value.permanent and "invalid file_id" in str(caught.value).lower()


async def test_bytes_already_held_are_returned_as_they_are(api: FakeTelegramAPI, channel: TelegramChannel) -> None:
    assert await channel.download(MediaRef("sim-1", data=b"abc")) == b"abc"
    assert api.calls_to("getFile") == []


# --- privacy and webhook registration --------------------------------------------------------

async def test_privacy_mode_on_gives_a_warning(api: FakeTelegramAPI, channel: TelegramChannel) -> None:
    warning = await channel.check_privacy()

    assert warning is not None and "@SupplierBot" in warning and "/setprivacy" in warning


async def test_privacy_mode_off_gives_no_warning(api: FakeTelegramAPI, channel: TelegramChannel) -> None:
    api.can_read_all_group_messages = True

    assert await channel.check_privacy() is None


async def test_register_webhook_sets_url_secret_and_update_kinds(
    api: FakeTelegramAPI, channel: TelegramChannel
) -> None:
    await channel.register_webhook("https://bot.example.com/webhooks/telegram", SECRET)

    (call,) = api.calls_to("setWebhook")
    assert call.params["url"] == "https://bot.example.com/webhooks/telegram"
    assert call.params["secret_token"] == SECRET
    assert call.params["allowed_updates"] == ["message", "callback_query"]
    assert api.webhook_secret == SECRET


async def test_a_refused_webhook_is_reported_to_the_caller() -> None:
    async with FakeTelegramAPI() as strict:
        tg = await started_channel(strict)
        try:
            with pytest.raises(SendError) as caught:
                await tg.register_webhook("http://bot.example.com/webhooks/telegram", SECRET)
        finally:
            await tg.stop()

    assert caught.value.permanent and "https url must be provided" in str(caught.value).lower()


async def test_a_secret_telegram_would_refuse_is_refused_before_asking(channel: TelegramChannel) -> None:
    with pytest.raises(ValueError):
        await channel.register_webhook("https://bot.example.com/webhooks/telegram", "has spaces")


# --- webhook route ---------------------------------------------------------------------------

Answerer = Callable[[str], Awaitable[object]]


async def route_client(aiohttp_client: Any, sink: RecordingSink, answer: Answerer | None = None) -> TestClient:
    async def ignore(query_id: str) -> None:
        return None

    app = web.Application()
    app.router.add_post(ROUTE, telegram_webhook_handler(sink, SECRET, lambda: "SupplierBot", answer or ignore))
    return await aiohttp_client(app)


def headers(secret: str | None = SECRET) -> dict[str, str]:
    base = {"Content-Type": "application/json"}
    return base if secret is None else {**base, SECRET_HEADER: secret}


@pytest.mark.parametrize("secret", [None, "", "wrong", SECRET + "x", "s3cret-Token_for-test", "密钥"])
async def test_a_wrong_or_missing_secret_is_refused_and_nothing_stored(
    aiohttp_client: Any, secret: str | None
) -> None:
    sink = RecordingSink()
    client = await route_client(aiohttp_client, sink)
    hdrs = headers(None) if secret is None else {"Content-Type": "application/json",
                                                 SECRET_HEADER: secret.encode().decode("latin-1")}

    resp = await client.post(ROUTE, data=json.dumps(CAPTURED_TEXT), headers=hdrs)

    assert resp.status == 403
    assert sink.accepted == []


async def test_a_body_over_64_kib_is_refused(aiohttp_client: Any) -> None:
    sink = RecordingSink()
    client = await route_client(aiohttp_client, sink)
    update = Updates().text("x" * (70 * 1024))

    resp = await client.post(ROUTE, data=json.dumps(update), headers=headers())

    assert resp.status == 413 and sink.accepted == []


async def test_an_oversize_chunked_body_without_length_is_refused(aiohttp_client: Any) -> None:
    sink = RecordingSink()
    client = await route_client(aiohttp_client, sink)

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(70):
            yield b" " * 1024

    resp = await client.post(ROUTE, data=chunks(), headers=headers())

    assert resp.status == 413 and sink.accepted == []


@pytest.mark.parametrize("body", [
    b"{not json", b"\xff\xfe\x00", b"[1, 2]", b'"text"', b"{}", b'{"update_id": "7"}', b'{"update_id": true}',
    json.dumps({"update_id": 10000, "message": {"date": 1, "chat": {"id": 1}, "message_id": 1,
                                                "from": {"id": 1, "first_name": "T"}, "text": "/start"}}).encode(),
])
async def test_a_body_that_is_not_an_update_is_a_bad_request(aiohttp_client: Any, body: bytes) -> None:
    sink = RecordingSink()
    client = await route_client(aiohttp_client, sink)

    resp = await client.post(ROUTE, data=body, headers=headers())

    assert resp.status == 400 and sink.accepted == []


async def test_a_valid_update_is_stored_then_answered_200_with_an_empty_body(aiohttp_client: Any) -> None:
    sink = RecordingSink()
    client = await route_client(aiohttp_client, sink)
    body = json.dumps(Updates().text("@SupplierBot PO-1001 80%"), ensure_ascii=False)

    resp = await client.post(ROUTE, data=body.encode(), headers=headers())

    assert resp.status == 200 and await resp.read() == b""
    ((message, raw),) = sink.accepted
    assert raw == body
    assert (message.text, message.mentioned_bot) == ("PO-1001 80%", True)


async def test_an_unsupported_update_is_answered_200_and_not_stored(aiohttp_client: Any) -> None:
    sink = RecordingSink()
    client = await route_client(aiohttp_client, sink)

    resp = await client.post(ROUTE, data=json.dumps(Updates().my_chat_member()), headers=headers())

    assert resp.status == 200 and sink.accepted == []


async def test_storage_unavailable_answers_503_so_telegram_redelivers(
    aiohttp_client: Any, api: FakeTelegramAPI
) -> None:
    sink = RecordingSink(failures=1)
    client = await route_client(aiohttp_client, sink)

    statuses = await api.push_update(str(client.make_url(ROUTE)), Updates().text("80%"), SECRET, attempts=3)

    assert statuses == [503, 200]
    assert len(sink.accepted) == 1


async def test_the_same_update_three_times_at_once_reaches_the_sink_three_times(
    aiohttp_client: Any, api: FakeTelegramAPI
) -> None:
    update = Updates().text("PO-1001 完成")
    for sink, stored in ((RecordingSink(), 1), (RecordingSink(dedupe=True), 1)):
        client = await route_client(aiohttp_client, sink)
        url = str(client.make_url(ROUTE))
        async with ClientSession() as session:
            results = await asyncio.gather(*(api.push_update(url, update, SECRET, session=session)
                                             for _ in range(3)))

        assert results == [[200], [200], [200]]
        assert len(sink.accepted) == 3
        assert len(sink.stored) == stored and str(update["update_id"]) in sink.stored


async def test_a_callback_query_is_answered_after_it_was_stored(aiohttp_client: Any) -> None:
    sink = RecordingSink()
    answered: list[tuple[str, int]] = []

    async def answer(query_id: str) -> None:
        answered.append((query_id, len(sink.accepted)))

    client = await route_client(aiohttp_client, sink, answer)

    resp = await client.post(ROUTE, data=json.dumps(OFFICIAL_CALLBACK), headers=headers())

    assert resp.status == 200
    await wait_until(lambda: bool(answered))
    assert answered == [("4382bfdwdsb323b2d9", 1)]


async def test_a_failing_or_slow_callback_answer_does_not_hold_up_the_200(
    aiohttp_client: Any, api: FakeTelegramAPI, channel: TelegramChannel
) -> None:
    sink = RecordingSink()
    api.program("answerCallbackQuery", Fault(400, "Bad Request: query is too old", delay=0.5))
    client = await route_client(aiohttp_client, sink, channel.answer_callback)

    async with asyncio.timeout(0.4):
        resp = await client.post(ROUTE, data=json.dumps(OFFICIAL_CALLBACK), headers=headers())

    assert resp.status == 200 and len(sink.accepted) == 1
    await wait_until(lambda: bool(api.calls_to("answerCallbackQuery")))


async def test_storage_failure_means_no_callback_answer(aiohttp_client: Any) -> None:
    answered: list[str] = []

    async def answer(query_id: str) -> None:
        answered.append(query_id)

    client = await route_client(aiohttp_client, RecordingSink(failures=1), answer)

    resp = await client.post(ROUTE, data=json.dumps(OFFICIAL_CALLBACK), headers=headers())
    await asyncio.sleep(0.05)

    assert resp.status == 503 and answered == []


async def test_end_to_end_the_fake_delivers_to_the_registered_webhook(
    aiohttp_client: Any, api: FakeTelegramAPI, channel: TelegramChannel
) -> None:
    sink = RecordingSink()
    client = await route_client(aiohttp_client, sink, channel.answer_callback)
    await channel.register_webhook(str(client.make_url(ROUTE)), SECRET)

    assert await api.push_to_webhook(Updates().callback("done:M3")) == [200]

    await wait_until(lambda: bool(api.calls_to("answerCallbackQuery")))
    assert sink.accepted[0][0].button_payload == "done:M3"


def test_an_empty_secret_cannot_configure_the_route() -> None:
    async def ignore(query_id: str) -> None:
        return None

    with pytest.raises(ValueError):
        telegram_webhook_handler(RecordingSink(), "", lambda: None, ignore)


# --- polling ---------------------------------------------------------------------------------

async def run_poll(channel: TelegramChannel, sink: RecordingSink, **kwargs: Any) -> tuple[asyncio.Event, asyncio.Task[None]]:
    stop = asyncio.Event()
    task = asyncio.create_task(channel.poll(sink, stop, **{"long_poll_seconds": 1, "initial_backoff": 0.01,
                                                           "max_backoff": 0.05, **kwargs}))
    return stop, task


async def test_polling_delivers_updates_and_advances_the_offset(
    api: FakeTelegramAPI, channel: TelegramChannel
) -> None:
    updates = Updates(first_update_id=500)
    batch = [updates.text("@SupplierBot PO-1 50%"), updates.edited_text("60%"), updates.text("PO-2 done")]
    for update in batch:
        await api.enqueue_update(update)
    sink = RecordingSink()

    stop, task = await run_poll(channel, sink)
    await wait_until(lambda: len(sink.accepted) == 2)
    later = updates.text("PO-3 delayed")
    await api.enqueue_update(later)
    await wait_until(lambda: len(sink.accepted) == 3)
    stop.set()
    await asyncio.wait_for(task, 2)

    assert [m.external_id for m, _ in sink.accepted] == ["500", "502", "503"]
    assert sink.accepted[0][0].text == "PO-1 50%"
    assert json.loads(sink.accepted[0][1])["update_id"] == 500
    offsets = [c.params.get("offset") for c in api.calls_to("getUpdates")]
    assert offsets[0] is None and 503 in offsets and offsets[-1] == 504
    assert api.pending_updates == []


async def test_polling_confirms_nothing_the_sink_did_not_store(
    api: FakeTelegramAPI, channel: TelegramChannel
) -> None:
    update = Updates(first_update_id=700).text("PO-9 80%")
    await api.enqueue_update(update)
    sink = RecordingSink(failures=2)

    stop, task = await run_poll(channel, sink)
    await wait_until(lambda: len(sink.accepted) == 1)
    stop.set()
    await asyncio.wait_for(task, 2)

    offsets = [c.params.get("offset") for c in api.calls_to("getUpdates")]
    assert offsets[:3] == [None, None, None]
    assert [m.external_id for m, _ in sink.accepted] == ["700"]


async def test_polling_survives_api_errors_and_a_webhook_conflict(
    api: FakeTelegramAPI, channel: TelegramChannel
) -> None:
    api.program("getUpdates", Fault.server_error(), Fault(502, "Bad Gateway"))
    await channel.register_webhook("https://bot.example.com/hook", SECRET)
    await api.enqueue_update(Updates().text("PO-1 ok"))
    sink = RecordingSink()

    stop, task = await run_poll(channel, sink)
    await wait_until(lambda: len(api.calls_to("getUpdates")) >= 4)
    assert sink.accepted == [] and not task.done()
    await channel.delete_webhook()
    await wait_until(lambda: len(sink.accepted) == 1)
    stop.set()
    await asyncio.wait_for(task, 2)


async def test_stopping_interrupts_a_long_poll_at_once(api: FakeTelegramAPI, channel: TelegramChannel) -> None:
    stop, task = await run_poll(channel, RecordingSink(), long_poll_seconds=30)
    await wait_until(lambda: bool(api.calls_to("getUpdates")))

    stop.set()

    await asyncio.wait_for(task, 1)


async def test_polling_learns_the_username_when_start_could_not(api: FakeTelegramAPI) -> None:
    api.program("getMe", Fault.server_error())
    tg = await started_channel(api)
    assert tg.username is None
    await api.enqueue_update(Updates().text("/status@SupplierBot PO-1"))
    sink = RecordingSink()

    stop, task = await run_poll(tg, sink)
    await wait_until(lambda: len(sink.accepted) == 1)
    stop.set()
    await asyncio.wait_for(task, 2)
    await tg.stop()

    assert tg.username == "SupplierBot"
    assert sink.accepted[0][0].text == "/status PO-1"


# --- the fake's limits and wire handling -----------------------------------------------------

class ManualClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def bot_for(api: FakeTelegramAPI) -> Bot:
    bot = Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)
    await bot.initialize()
    return bot


async def test_limits_one_message_per_second_per_chat() -> None:
    clock = ManualClock()
    async with FakeTelegramAPI(enforce_limits=True, clock=clock) as api:
        bot = await bot_for(api)
        try:
            await bot.send_message(42, "one")
            with pytest.raises(RetryAfter):
                await bot.send_message(42, "two")
            await bot.send_message(43, "another chat is fine")
            clock.now += 1.0
            await bot.send_message(42, "two, later")
        finally:
            await bot.shutdown()


async def test_limits_twenty_per_minute_per_group() -> None:
    clock = ManualClock()
    async with FakeTelegramAPI(enforce_limits=True, clock=clock) as api:
        tg = await started_channel(api)
        try:
            for i in range(20):
                await tg.send(Reply(GROUP, f"m{i}"))
                clock.now += 1.0
            with pytest.raises(SendError) as caught:
                await tg.send(Reply(GROUP, "m20"))
        finally:
            await tg.stop()

    assert caught.value.retry_after == 40.0


async def test_limits_thirty_per_second_overall() -> None:
    async with FakeTelegramAPI(enforce_limits=True, clock=ManualClock()) as api:
        bot = await bot_for(api)
        try:
            for chat_id in range(1, 31):
                await bot.send_message(chat_id, "hi")
            with pytest.raises(RetryAfter):
                await bot.send_message(31, "hi")
        finally:
            await bot.shutdown()


async def test_limits_are_off_unless_switched_on(api: FakeTelegramAPI, channel: TelegramChannel) -> None:
    for i in range(3):
        await channel.send(Reply(GROUP, f"m{i}"))

    assert len(api.calls_to("sendMessage")) == 3


async def test_the_fake_accepts_json_and_empty_bodies_and_refuses_unknown_tokens(api: FakeTelegramAPI) -> None:
    async with ClientSession() as session:
        async with session.post(f"{api.base_url}{api.token}/sendMessage",
                                json={"chat_id": -100, "text": "json body",
                                      "reply_markup": {"inline_keyboard": []}}) as resp:
            sent = await resp.json()
        async with session.post(f"{api.base_url}{api.token}/getMe") as resp:
            me = await resp.json()
        async with session.post(f"{api.base_url}999:nope/getMe") as resp:
            refused = (resp.status, await resp.json())
        async with session.post(f"{api.base_url}{api.token}/getUpdates",
                                data={"offset": "5", "timeout": "0"}) as resp:
            polled = await resp.json()

    assert sent["ok"] and sent["result"]["chat"] == {"id": -100, "type": "group"}
    assert api.calls_to("sendMessage")[0].params["reply_markup"] == {"inline_keyboard": []}
    assert me["result"]["username"] == "SupplierBot"
    assert refused == (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
    assert polled == {"ok": True, "result": []}
    assert api.calls_to("getUpdates")[0].params == {"offset": 5, "timeout": 0}


async def test_edit_message_text_through_the_fake(api: FakeTelegramAPI) -> None:
    bot = await bot_for(api)
    try:
        sent = await bot.send_message(-1001234567890, "PO-1001 进度？")
        edited = await bot.edit_message_text("PO-1001 ✔", chat_id=-1001234567890, message_id=sent.message_id)
        with pytest.raises(Exception, match="(?i)message is not modified"):
            await bot.edit_message_text("PO-1001 ✔", chat_id=-1001234567890, message_id=sent.message_id)
    finally:
        await bot.shutdown()

    assert edited.text == "PO-1001 ✔"


async def test_photo_loader_may_return_a_path(api: FakeTelegramAPI, tmp_path: Path) -> None:
    image = tmp_path / "ab.jpg"
    image.write_bytes(b"\xff\xd8 from disk")
    tg = await started_channel(api, photo_loader=lambda sha: image)
    try:
        await tg.send(Reply(GROUP, "see photo", image_sha256="cd" * 32))
    finally:
        await tg.stop()

    assert api.calls_to("sendPhoto")[0].files["photo"] == b"\xff\xd8 from disk"


@pytest.mark.parametrize("broken", [
    {"update_id": 9001, "message": {"message_id": 1, "date": 1776972025, "text": "no chat"}},
    {"update_id": 9002, "message": {"message_id": 2, "date": 1776972025, "chat": "not an object", "text": "x"}},
    {"update_id": 9003, "message": {"message_id": 3, "date": 1776972025, "chat": {"type": "group"}, "text": "x"}},
])
async def test_an_update_without_a_usable_chat_is_a_400_not_a_500(aiohttp_client: Any, broken: dict[str, Any]) -> None:
    """The probe's 500: a message without `chat`. Bad input gets a clear answer and stores nothing."""
    sink = RecordingSink()
    client = await route_client(aiohttp_client, sink)
    resp = await client.post(ROUTE, data=json.dumps(broken), headers=headers())
    assert resp.status == 400
    assert sink.accepted == []
