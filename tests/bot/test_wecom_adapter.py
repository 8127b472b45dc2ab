"""Specification of the WeCom adapter: callbacks against the official vectors and
wechatpy's real crypto, sends and downloads against the loopback fake of the JSON API."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.adapters.wecom_adapter import (
    ENTER_AGENT_PAYLOAD,
    UnsafeXml,
    WeComCallback,
    WeComChannel,
    wecom_webhook_handlers,
)
from bot.clock import FakeClock
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
    SendError,
    StorageUnavailable,
)
from tests.fakes.wecom_api import (
    CallbackSender,
    FakeWeComAPI,
    Fault,
    enter_agent_xml,
    image_xml,
    template_card_event_xml,
    text_xml,
)

TOKEN = "QDG6eK"
AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
CORP_ID = "wx5823bf96d3bd56c7"
VECTOR_QUERY = {"msg_signature": "477715d11cdb4164915debcba66cb864d751f3e6",
                "timestamp": "1409659813", "nonce": "1372623149"}
VECTOR_ENCRYPT = (
    "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/"
    "sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZf"
    "JYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAV"
    "GUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3K"
    "DYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
)
VECTOR_BODY = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><Encrypt><![CDATA[{VECTOR_ENCRYPT}]]>"
               "</Encrypt><AgentID><![CDATA[218]]></AgentID></xml>").encode()
VECTOR_TIME = datetime.fromtimestamp(1409659813, UTC)
GET_VECTOR = {"msg_signature": "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "timestamp": "1409659589",
              "nonce": "263014780",
              "echostr": "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="}
NOW_TS = 1_700_000_000
URL = "/webhooks/wecom"


class RecordingSink:
    """An inbox that dedupes on (platform, external_id), as the pipeline's UNIQUE does."""

    def __init__(self) -> None:
        self.seen: list[InboundMessage] = []
        self.stored: dict[tuple[str, str], InboundMessage] = {}
        self.raws: list[str] = []
        self.unavailable = False

    async def accept(self, message: InboundMessage, raw: str) -> bool:
        if self.unavailable:
            raise StorageUnavailable("db down")
        self.seen.append(message)
        self.raws.append(raw)
        key = (message.platform.value, message.external_id)
        new = key not in self.stored
        self.stored.setdefault(key, message)
        return new


ClientFactory = Callable[..., Awaitable[TestClient]]


@pytest.fixture
def sink() -> RecordingSink:
    return RecordingSink()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime.fromtimestamp(NOW_TS, UTC))


@pytest.fixture
async def vector_client(aiohttp_client: ClientFactory, sink: RecordingSink) -> TestClient:
    """A server whose clock reads the time WeCom's published GET vector was signed."""
    clock = FakeClock(datetime.fromtimestamp(int(GET_VECTOR["timestamp"]), UTC) + timedelta(seconds=20))
    return await aiohttp_client(_app(WeComCallback(TOKEN, AES_KEY, CORP_ID), sink, clock))


@pytest.fixture
def sender() -> CallbackSender:
    return CallbackSender(TOKEN, AES_KEY, CORP_ID)


def _app(callback: WeComCallback, sink: RecordingSink, clock: FakeClock) -> web.Application:
    get_handler, post_handler = wecom_webhook_handlers(callback, sink, clock)
    app = web.Application()
    app.router.add_get(URL, get_handler)
    app.router.add_post(URL, post_handler)
    return app


@pytest.fixture
async def client(aiohttp_client: ClientFactory, sink: RecordingSink, clock: FakeClock) -> TestClient:
    return await aiohttp_client(_app(WeComCallback(TOKEN, AES_KEY, CORP_ID), sink, clock))


async def _post(client: TestClient, params: dict[str, str], body: bytes | io.BytesIO) -> tuple[int, str]:
    response = await client.post(URL, params=params, data=body)
    return response.status, await response.text()


class TestOfficialVectors:
    async def test_post_vector_decrypts_to_hello_from_mycreate(
            self, aiohttp_client: ClientFactory, sink: RecordingSink) -> None:
        clock = FakeClock(VECTOR_TIME + timedelta(seconds=20))
        client = await aiohttp_client(_app(WeComCallback(TOKEN, AES_KEY, CORP_ID), sink, clock))

        assert await _post(client, VECTOR_QUERY, VECTOR_BODY) == (200, "")

        [message] = sink.seen
        assert message.text == "hello"
        assert message.sender.user_id == "mycreate"
        assert message.chat == ChatRef(Platform.WECOM, "mycreate", ChatKind.PRIVATE)
        assert message.external_id == "4561255354251345929"
        assert message.sent_at == VECTOR_TIME
        assert "<Content><![CDATA[hello]]></Content>" in sink.raws[0]

    def test_decrypt_returns_the_exact_plaintext(self) -> None:
        callback = WeComCallback(TOKEN, AES_KEY, CORP_ID)
        plaintext = callback.decrypt(VECTOR_BODY, *VECTOR_QUERY.values(), now=VECTOR_TIME)
        assert plaintext.startswith(f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName>\n")
        assert plaintext.endswith("<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>")

    async def test_get_vector_returns_plain_echostr(self, vector_client: TestClient) -> None:
        response = await vector_client.get(URL, params=GET_VECTOR)
        assert response.status == 200
        assert response.content_type == "text/plain"
        assert await response.read() == b"1616140317555161061"

    async def test_get_with_forged_signature_is_refused(self, vector_client: TestClient) -> None:
        response = await vector_client.get(URL, params={**GET_VECTOR, "msg_signature": "0" * 40})
        assert response.status == 403

    async def test_get_without_echostr_is_bad_request(self, vector_client: TestClient) -> None:
        params = {k: v for k, v in GET_VECTOR.items() if k != "echostr"}
        assert (await vector_client.get(URL, params=params)).status == 400

    async def test_a_replayed_url_check_outside_the_window_is_refused(self, client: TestClient) -> None:
        """The vector is from 2014: signed correctly, but nine years old now."""
        response = await client.get(URL, params=GET_VECTOR)
        assert response.status == 403
        assert await response.text() != "1616140317555161061"

    async def test_a_fresh_url_check_signed_now_is_answered(self, client: TestClient) -> None:
        sender = CallbackSender(TOKEN, AES_KEY, CORP_ID)
        fresh = await client.get(URL, params=sender.verification_query("echo-now", timestamp=NOW_TS - 60))
        assert (fresh.status, await fresh.text()) == (200, "echo-now")
        late = await client.get(URL, params=sender.verification_query("echo-late", timestamp=NOW_TS - 3600))
        assert late.status == 403
        garbled = await client.get(URL, params={**sender.verification_query("x", timestamp=NOW_TS), "timestamp": "soon"})
        assert garbled.status in (400, 403)

    async def test_wrong_corp_id_is_refused(self, aiohttp_client: ClientFactory, sink: RecordingSink) -> None:
        clock = FakeClock(VECTOR_TIME)
        client = await aiohttp_client(_app(WeComCallback(TOKEN, AES_KEY, "wwOTHER"), sink, clock))
        assert (await _post(client, VECTOR_QUERY, VECTOR_BODY))[0] == 403
        assert (await client.get(URL, params=GET_VECTOR)).status == 403
        assert sink.seen == []


class TestRefusals:
    async def test_forged_signature_accepts_nothing(self, client: TestClient, sink: RecordingSink,
                                                    sender: CallbackSender) -> None:
        params, body = sender.request(text_xml("alice", "hi", corp_id=CORP_ID), timestamp=NOW_TS)
        params["msg_signature"] = "f" * 40
        assert await _post(client, params, body) == (403, "")
        assert sink.seen == []

    @pytest.mark.parametrize("skew", [-301, 301, -86400])
    async def test_stale_timestamp_is_refused(self, client: TestClient, sink: RecordingSink,
                                              sender: CallbackSender, skew: int) -> None:
        params, body = sender.request(text_xml("alice", "hi", corp_id=CORP_ID), timestamp=NOW_TS + skew)
        assert (await _post(client, params, body))[0] == 403
        assert sink.seen == []

    @pytest.mark.parametrize("skew", [-299, 0, 299])
    async def test_timestamp_inside_window_is_accepted(self, client: TestClient, sink: RecordingSink,
                                                       sender: CallbackSender, skew: int) -> None:
        params, body = sender.request(text_xml("alice", "hi", corp_id=CORP_ID), timestamp=NOW_TS + skew)
        assert (await _post(client, params, body))[0] == 200
        assert len(sink.seen) == 1

    @pytest.mark.parametrize("missing", ["msg_signature", "timestamp", "nonce"])
    async def test_missing_query_parameter_is_bad_request(self, client: TestClient,
                                                          sender: CallbackSender, missing: str) -> None:
        params, body = sender.request(text_xml("alice", "hi", corp_id=CORP_ID), timestamp=NOW_TS)
        del params[missing]
        assert (await _post(client, params, body))[0] == 400

    @pytest.mark.parametrize("body", [
        b"this is not xml",
        b"<xml><ToUserName>x</ToUserName></xml>",
        b"<xml/>",
        b"\xff\xfe<xml/>",
        (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
         b"<xml><Encrypt>&lol2;</Encrypt></xml>"),
        b'<!DOCTYPE xml SYSTEM "file:///etc/passwd"><xml><Encrypt>x</Encrypt></xml>',
    ], ids=["not-xml", "missing-encrypt", "empty", "not-utf8", "entity-bomb", "external-entity"])
    async def test_malformed_envelope_is_bad_request(self, client: TestClient, sink: RecordingSink,
                                                     body: bytes) -> None:
        params = {"msg_signature": "0" * 40, "timestamp": str(NOW_TS), "nonce": "1"}
        assert (await _post(client, params, body))[0] == 400
        assert sink.seen == []

    @pytest.mark.parametrize("encrypt", ["abc", "", "!!!!", "YWJj", "A" * 64],
                             ids=["bad-padding", "empty", "not-base64", "short-block", "garbage-block"])
    async def test_signed_but_undecryptable_is_bad_request(self, client: TestClient, sink: RecordingSink,
                                                           sender: CallbackSender, encrypt: str) -> None:
        params = sender.signed_raw(encrypt, timestamp=NOW_TS)
        assert (await _post(client, params, sender.envelope(encrypt)))[0] == 400
        assert sink.seen == []

    async def test_doctype_inside_the_encrypted_plaintext_is_bad_request(
            self, client: TestClient, sink: RecordingSink, sender: CallbackSender) -> None:
        plaintext = '<!DOCTYPE x [<!ENTITY e "boom">]>' + text_xml("alice", "hi", corp_id=CORP_ID)
        params, body = sender.request(plaintext, timestamp=NOW_TS)
        assert (await _post(client, params, body))[0] == 400
        assert sink.seen == []

    async def test_two_megabyte_body_is_too_large(self, client: TestClient, sink: RecordingSink) -> None:
        params = {"msg_signature": "0" * 40, "timestamp": str(NOW_TS), "nonce": "1"}
        body = io.BytesIO(b"<xml>" + b"a" * (2 * 1024 * 1024))
        assert (await _post(client, params, body))[0] == 413
        assert sink.seen == []

    async def test_chunked_oversized_body_is_too_large(self, client: TestClient) -> None:
        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(20):
                yield b"a" * 8192

        params = {"msg_signature": "0" * 40, "timestamp": str(NOW_TS), "nonce": "1"}
        response = await client.post(URL, params=params, data=chunks())
        assert response.status == 413

    async def test_storage_unavailable_answers_503(self, client: TestClient, sink: RecordingSink,
                                                   sender: CallbackSender) -> None:
        sink.unavailable = True
        params, body = sender.request(text_xml("alice", "hi", corp_id=CORP_ID), timestamp=NOW_TS)
        assert (await _post(client, params, body))[0] == 503


class TestInbound:
    async def test_text(self, client: TestClient, sink: RecordingSink, sender: CallbackSender) -> None:
        xml = text_xml("zhangsan", "订单 A12 完成 80%", msg_id=777, create_time=NOW_TS, corp_id=CORP_ID)
        assert (await sender.post(client, URL, xml, timestamp=NOW_TS)).status == 200
        [message] = sink.seen
        assert (message.platform, message.external_id, message.text) == (Platform.WECOM, "777",
                                                                         "订单 A12 完成 80%")
        assert message.chat == ChatRef(Platform.WECOM, "zhangsan", ChatKind.PRIVATE)
        assert message.sender.user_id == "zhangsan"
        assert message.sent_at == datetime.fromtimestamp(NOW_TS, UTC)
        assert message.photos == () and message.button_payload is None

    async def test_image(self, client: TestClient, sink: RecordingSink, sender: CallbackSender) -> None:
        xml = image_xml("zhangsan", "MEDIA_1", msg_id=888, create_time=NOW_TS, corp_id=CORP_ID)
        assert (await sender.post(client, URL, xml, timestamp=NOW_TS)).status == 200
        [message] = sink.seen
        assert message.external_id == "888"
        assert message.photos == (MediaRef(file_id="MEDIA_1"),)
        assert message.text == ""

    async def test_template_card_event(self, client: TestClient, sink: RecordingSink,
                                       sender: CallbackSender) -> None:
        xml = template_card_event_xml("zhangsan", "ack:m42", create_time=NOW_TS, corp_id=CORP_ID,
                                      selected=[("q1", ["o1", "o2"])])
        assert (await sender.post(client, URL, xml, timestamp=NOW_TS)).status == 200
        [message] = sink.seen
        assert message.button_payload == "ack:m42"
        assert message.external_id == f"event:template_card_event:zhangsan:{NOW_TS}:ack:m42"
        assert message.chat.kind is ChatKind.PRIVATE and message.sender.user_id == "zhangsan"

    def test_official_card_event_sample(self) -> None:
        xml = template_card_event_xml("FromUser", "key111", create_time=123456789,
                                      card_type="text_notice", selected=[("QuestionKey1", ["OptionId1"])])
        message = WeComCallback(TOKEN, AES_KEY, CORP_ID).inbound_from_plaintext(xml)
        assert message is not None
        assert message.button_payload == "key111"
        assert message.external_id == "event:template_card_event:FromUser:123456789:key111"

    async def test_enter_agent_is_an_empty_message_with_the_event_payload(
            self, client: TestClient, sink: RecordingSink, sender: CallbackSender) -> None:
        xml = enter_agent_xml("zhangsan", create_time=NOW_TS, corp_id=CORP_ID)
        assert (await sender.post(client, URL, xml, timestamp=NOW_TS)).status == 200
        [message] = sink.seen
        assert (message.text, message.button_payload) == ("", ENTER_AGENT_PAYLOAD)
        assert message.external_id == f"event:enter_agent:zhangsan:{NOW_TS}"

    async def test_a_voice_without_transcript_is_stored_as_voice_so_it_gets_an_answer(
            self, client: TestClient, sink: RecordingSink, sender: CallbackSender) -> None:
        """Issue 12: a voice message is answered (asking for text), no longer dropped here."""
        xml = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[u]]>"
               f"</FromUserName><CreateTime>{NOW_TS}</CreateTime><MsgType><![CDATA[voice]]></MsgType>"
               "<MediaId><![CDATA[v]]></MediaId><Format><![CDATA[amr]]></Format><MsgId>9</MsgId>"
               "<AgentID>1</AgentID></xml>")
        assert await _post(client, *sender.request(xml, timestamp=NOW_TS)) == (200, "")
        [message] = sink.seen
        assert (message.content_kind, message.text, message.external_id) == (ContentKind.VOICE, "", "9")

    async def test_an_event_the_bot_does_not_handle_answers_200_and_stores_nothing(
            self, client: TestClient, sink: RecordingSink, sender: CallbackSender) -> None:
        xml = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[u]]>"
               f"</FromUserName><CreateTime>{NOW_TS}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
               "<Event><![CDATA[LOCATION]]></Event><Latitude>23.1</Latitude><Longitude>113.3</Longitude>"
               "<AgentID>1</AgentID></xml>")
        assert await _post(client, *sender.request(xml, timestamp=NOW_TS)) == (200, "")
        assert sink.seen == []

    async def test_redelivery_keeps_the_external_id(self, client: TestClient, sink: RecordingSink,
                                                    sender: CallbackSender) -> None:
        xml = text_xml("zhangsan", "done", msg_id=4242, create_time=NOW_TS, corp_id=CORP_ID)
        for nonce in ("1", "2", "3"):
            assert (await sender.post(client, URL, xml, timestamp=NOW_TS, nonce=nonce)).status == 200
        assert [m.external_id for m in sink.seen] == ["4242"] * 3
        assert list(sink.stored) == [("wecom", "4242")]

    def test_unsafe_plaintext_is_refused_before_parsing(self) -> None:
        callback = WeComCallback(TOKEN, AES_KEY, CORP_ID)
        with pytest.raises(UnsafeXml):
            callback.inbound_from_plaintext('<!ENTITY x "y"><xml/>')


AGENT_ID = 1000002


@pytest.fixture
async def api() -> AsyncIterator[FakeWeComAPI]:
    async with FakeWeComAPI(agent_id=AGENT_ID) as fake:
        yield fake


def _channel(api: FakeWeComAPI, clock: FakeClock | None = None, **kwargs: Any) -> WeComChannel:
    return WeComChannel(api.corp_id, api.secret, AGENT_ID, api_base=api.base_url, robot_url=api.robot_url,
                        clock=clock, **kwargs)


@pytest.fixture
async def channel(api: FakeWeComAPI, clock: FakeClock) -> AsyncIterator[WeComChannel]:
    async with _channel(api, clock) as ch:
        yield ch


def _private(text: str = "请汇报进度", user: str = "alice", **kwargs: Any) -> Reply:
    return Reply(chat=ChatRef(Platform.WECOM, user, ChatKind.PRIVATE), text=text, **kwargs)


async def _send_error(channel: WeComChannel, reply: Reply) -> SendError:
    with pytest.raises(SendError) as info:
        await channel.send(reply)
    return info.value


class TestChannelSend:
    def test_is_a_channel(self, api: FakeWeComAPI) -> None:
        assert isinstance(_channel(api), Channel)

    async def test_private_text(self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        result = await channel.send(_private("订单 A12 今天能完成吗？"))
        [body] = api.sent("message/send")
        assert body == {"touser": "alice", "agentid": AGENT_ID, "msgtype": "text",
                        "text": {"content": "订单 A12 今天能完成吗？"}, "safe": 0}
        assert result.platform_message_id

    async def test_private_buttons_become_a_button_interaction_card(
            self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        buttons = ((Button("完成", "done:m1"), Button("延期", "delay:m1")), (Button("有问题", "issue:m1"),))
        await channel.send(_private("A12 车削\n今天到期，进度如何？", buttons=buttons))
        await channel.send(_private("again", buttons=buttons))
        first, second = api.sent("message/send")
        card = first["template_card"]
        assert first["msgtype"] == "template_card" and first["touser"] == "alice"
        assert card["card_type"] == "button_interaction"
        assert card["main_title"] == {"title": "A12 车削"}
        assert card["sub_title_text"] == "今天到期，进度如何？"
        assert [(b["text"], b["key"]) for b in card["button_list"]] == [
            ("完成", "done:m1"), ("延期", "delay:m1"), ("有问题", "issue:m1")]
        assert card["task_id"] != second["template_card"]["task_id"]
        assert "response_code" in api.calls_to("message/send")[0].response

    async def test_more_than_six_buttons_fall_back_to_a_numbered_menu(
            self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        buttons = (tuple(Button(f"选项{i}", f"opt:{i}") for i in range(1, 8)),)
        await channel.send(_private("选一个", buttons=buttons))
        [body] = api.sent("message/send")
        assert body["msgtype"] == "text"
        assert body["text"]["content"].splitlines()[-1] == "回复 7 = 选项7"

    async def test_a_numbered_menu_says_what_its_numbers_stand_for(self, channel: WeComChannel) -> None:
        buttons = (tuple(Button(f"选项{i}", f"opt:{i}") for i in range(1, 8)),)
        menu = await channel.send(_private("选一个", buttons=buttons))
        card = await channel.send(_private("选一个", buttons=(buttons[0][:6],)))
        assert menu.menu == tuple(f"opt:{i}" for i in range(1, 8)) and card.menu == ()

    async def test_group_goes_to_appchat_with_a_numbered_menu(
            self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        reply = Reply(chat=ChatRef(Platform.WECOM, "chat1", ChatKind.GROUP), text="A12 逾期",
                      buttons=((Button("已知悉", "ack:1"), Button("已解决", "resolve:1")),))
        await channel.send(reply)
        [body] = api.sent("appchat/send")
        assert body == {"chatid": "chat1", "msgtype": "text", "safe": 0,
                        "text": {"content": "A12 逾期\n\n回复 1 = 已知悉\n回复 2 = 已解决"}}

    async def test_robot_goes_to_the_webhook_key_with_mentions(
            self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        reply = Reply(chat=ChatRef(Platform.WECOM_ROBOT, "robot-key"), text="每日汇总",
                      mention_user_ids=("alice", "@all"))
        await channel.send(reply)
        [call] = api.calls_to("webhook/send")
        assert call.query == {"key": "robot-key"}
        assert call.json == {"msgtype": "text", "text": {"content": "每日汇总",
                                                         "mentioned_list": ["alice", "@all"]}}
        assert api.calls_to("gettoken") == []

    async def test_markdown_flag(self, api: FakeWeComAPI, clock: FakeClock) -> None:
        async with _channel(api, clock, markdown=True) as channel:
            await channel.send(_private("**A12** 逾期"))
        [body] = api.sent("message/send")
        assert body["msgtype"] == "markdown" and body["markdown"] == {"content": "**A12** 逾期"}

    async def test_image_reply_sends_its_text(self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        await channel.send(_private("见图", image_sha256="ab" * 32))
        assert api.sent("message/send")[0]["text"] == {"content": "见图"}


class TestAccessToken:
    async def test_token_is_cached_across_sends(self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        for _ in range(3):
            await channel.send(_private())
        assert len(api.calls_to("gettoken")) == 1
        assert len({c.query["access_token"] for c in api.calls_to("message/send")}) == 1

    @pytest.mark.parametrize("errcode", [42001, 40014])
    async def test_refused_token_is_refetched_once_and_the_call_retried(
            self, api: FakeWeComAPI, channel: WeComChannel, errcode: int) -> None:
        await channel.send(_private())
        api.expire_tokens(errcode)
        await channel.send(_private("second"))
        assert len(api.calls_to("gettoken")) == 2
        statuses = [c.response["errcode"] for c in api.calls_to("message/send")]
        assert statuses == [0, errcode, 0]

    async def test_token_still_refused_after_the_refetch_is_transient(
            self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        api.inject("message/send", errcode=42001, times=2)
        error = await _send_error(channel, _private())
        assert (error.permanent, error.retry_after, error.code) == (False, None, "42001")
        assert len(api.calls_to("gettoken")) == 2
        assert len(api.calls_to("message/send")) == 2

    async def test_token_expires_by_the_clock(self, api: FakeWeComAPI, channel: WeComChannel,
                                              clock: FakeClock) -> None:
        await channel.send(_private())
        clock.advance(timedelta(seconds=7200 - 299))
        await channel.send(_private())
        assert len(api.calls_to("gettoken")) == 2

    async def test_wrong_secret_is_permanent(self, api: FakeWeComAPI, clock: FakeClock) -> None:
        async with WeComChannel(api.corp_id, "wrong", AGENT_ID, api_base=api.base_url, clock=clock) as ch:
            error = await _send_error(ch, _private())
        assert (error.permanent, error.code) == (True, "40001")

    async def test_unreachable_api_is_not_fatal_at_start(self) -> None:
        async with WeComChannel("c", "s", 1, api_base="http://127.0.0.1:9/cgi-bin/", timeout=2) as ch:
            error = await _send_error(ch, _private())
        assert not error.permanent


class TestSendErrors:
    @pytest.mark.parametrize("errcode", [45009, 45033])
    async def test_rate_limits_ask_to_wait(self, api: FakeWeComAPI, channel: WeComChannel,
                                           errcode: int) -> None:
        api.inject("message/send", errcode=errcode)
        error = await _send_error(channel, _private())
        assert error.retry_after is not None and error.retry_after >= 60
        assert (error.permanent, error.code) == (False, str(errcode))

    async def test_system_busy_is_transient(self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        api.inject("message/send", errcode=-1)
        error = await _send_error(channel, _private())
        assert (error.permanent, error.retry_after, error.code) == (False, None, "-1")

    @pytest.mark.parametrize("errcode", [40003, 60011, 40008])
    async def test_other_errcodes_are_permanent(self, api: FakeWeComAPI, channel: WeComChannel,
                                                errcode: int) -> None:
        api.inject("message/send", errcode=errcode)
        error = await _send_error(channel, _private())
        assert (error.permanent, error.code) == (True, str(errcode))

    async def test_unknown_user_is_permanent(self, channel: WeComChannel) -> None:
        error = await _send_error(channel, _private(user="nobody"))
        assert error.permanent

    async def test_bad_robot_key_is_permanent(self, channel: WeComChannel) -> None:
        error = await _send_error(channel, Reply(chat=ChatRef(Platform.WECOM_ROBOT, "nope"), text="x"))
        assert (error.permanent, error.code) == (True, "93000")

    async def test_robot_limit_asks_to_wait(self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        api.limits = True
        reply = Reply(chat=ChatRef(Platform.WECOM_ROBOT, "robot-key"), text="x")
        for _ in range(20):
            await channel.send(reply)
        error = await _send_error(channel, reply)
        assert (error.code, error.retry_after) == ("45009", 60)

    async def test_unknown_appchat_is_permanent(self, channel: WeComChannel) -> None:
        error = await _send_error(channel, Reply(chat=ChatRef(Platform.WECOM, "nochat"), text="x"))
        assert error.permanent

    async def test_http_500_is_transient(self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        api.inject("appchat/send", status=500)
        error = await _send_error(channel, Reply(chat=ChatRef(Platform.WECOM, "chat1"), text="x"))
        assert (error.permanent, error.code) == (False, "http_500")

    async def test_timeout_is_transient(self, api: FakeWeComAPI, clock: FakeClock) -> None:
        api.inject("message/send", Fault(latency=1.0))
        async with _channel(api, clock, timeout=0.2) as channel:
            error = await _send_error(channel, _private())
        assert not error.permanent and error.retry_after is None

    async def test_other_platforms_are_refused(self, channel: WeComChannel) -> None:
        error = await _send_error(channel, Reply(chat=ChatRef(Platform.TELEGRAM, "1"), text="x"))
        assert error.permanent


class TestDownload:
    async def test_download_returns_the_bytes(self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        api.add_media("MEDIA_1", b"\xff\xd8\xff\xe0jpeg-bytes")
        assert await channel.download(MediaRef(file_id="MEDIA_1")) == b"\xff\xd8\xff\xe0jpeg-bytes"

    async def test_unknown_media_id_is_permanent(self, channel: WeComChannel) -> None:
        with pytest.raises(SendError) as info:
            await channel.download(MediaRef(file_id="missing"))
        assert (info.value.permanent, info.value.code) == (True, "40007")

    async def test_download_refetches_an_expired_token(self, api: FakeWeComAPI,
                                                       channel: WeComChannel) -> None:
        api.add_media("MEDIA_1", b"bytes")
        await channel.download(MediaRef(file_id="MEDIA_1"))
        api.expire_tokens()
        assert await channel.download(MediaRef(file_id="MEDIA_1")) == b"bytes"
        assert len(api.calls_to("gettoken")) == 2

    async def test_bytes_already_at_hand_are_returned_without_a_call(
            self, api: FakeWeComAPI, channel: WeComChannel) -> None:
        assert await channel.download(MediaRef(file_id="x", data=b"here")) == b"here"
        assert api.calls == []
