"""Feishu (飞书) and Lark: a self-built app's bot over the SDK's long connection.

Inbound: `FeishuLink` runs `lark_oapi.ws.Client` (endpoint handshake, protobuf frames, pings,
split payloads, reconnects: all the SDK's) and hands each event's JSON to `FeishuInbound`,
which stores it through the pipeline and only then lets the frame be answered — code 200 when
stored, 500 when storage failed, so Feishu pushes it again (docs/platforms/feishu.md).

Outbound: `FeishuChannel` sends with the SDK's `im/v1/messages` calls (tenant_access_token
handled by the SDK): text, cards with buttons (`interactive`), replies and card updates.
Downloads are message resources, fetched when the pipeline processes the message (they do
not expire the way WeCom's media URLs do), so the frame is answered within Feishu's 3 s.

Why a thread: the SDK's ws client keeps a module-level event loop and makes blocking calls
(`requests.post` for the endpoint and the token) inside it; running it on the service's loop
would stall the service and can deadlock with anything served on that loop. `SdkLoop` is one
daemon thread with its own loop that all Feishu connections of the process share
(larksuite/oapi-sdk-python#119, #133); handlers hop back to the service's loop.
"""

from __future__ import annotations

import asyncio
import base64
import http
import json
import logging
import re
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import lark_oapi as lark
import lark_oapi.ws.client as lark_ws
from lark_oapi.api.im.v1 import (
    CreateMessageRequest,
    CreateMessageRequestBody,
    GetMessageResourceRequest,
    PatchMessageRequest,
    PatchMessageRequestBody,
    ReplyMessageRequest,
    ReplyMessageRequestBody,
)
from lark_oapi.core.const import FEISHU_DOMAIN, LARK_DOMAIN
from lark_oapi.core.json import JSON
from lark_oapi.core.token import TokenManager
from lark_oapi.ws.model import Response

from bot import payloads
from bot.clock import Clock, SystemClock
from bot.long_connection import wait_for_either
from bot.ports import (
    ChatKind,
    ChatRef,
    ContentKind,
    InboundMessage,
    InboundSink,
    MediaRef,
    Platform,
    Reply,
    SenderRef,
    SendError,
    SendResult,
    StorageUnavailable,
)

log = logging.getLogger("supplierbot.feishu")

MESSAGE_EVENT = "im.message.receive_v1"
CARD_ACTION = "card.action.trigger"
BOT_ADDED = "im.chat.member.bot.added_v1"  # the bot joined a group: greet it (what /bind does)
GREETING = payloads.event(payloads.Event.ENTER_CHAT)
RATE_CODES = frozenset({99991400, 230020})  # gateway frequency limit; IM "triggers the frequency limit"
TOKEN_CODES = frozenset({99991661, 99991663, 99991668})  # missing/invalid token: the SDK fetches anew
RATE_LIMIT_RETRY_AFTER = 60.0  # as WeCom's: when Feishu gives no x-ogw-ratelimit-reset
TEXT_MAX_CHARS = 4000  # a text message body is at most 150 KB; cards at most 30 KB: stay far below
CARD_VALUE_PAYLOAD, CARD_VALUE_CHAT = "p", "c"
_MENTION_KEY = re.compile(r"@_user_\d+")


def domain_url(setting: str) -> str:
    """`feishu`, `lark`, or a base URL (tests, private deployments) → the SDK's domain."""
    value = setting.strip()
    if value.lower() in ("", "feishu"):
        return FEISHU_DOMAIN
    if value.lower() == "lark":
        return LARK_DOMAIN
    if not re.match(r"^https?://[^/\s]+$", value.rstrip("/")):
        raise ValueError("feishu domain must be feishu, lark or a base URL like https://open.feishu.cn")
    return value.rstrip("/")


# --- parsing ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ParsedEvent:
    message: InboundMessage
    kind: str  # MESSAGE_EVENT or CARD_ACTION


def _str(data: Any, key: str) -> str:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, str) else ""


def _object(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict):
        raise ValueError(f"{key} must be an object")
    return value


def _sent_at(ms: str, now: datetime) -> datetime:
    return datetime.fromtimestamp(int(ms) / 1000, UTC) if ms.isdigit() else now


def chat_for(chat_id: str, kind: ChatKind | None = None) -> ChatRef:
    """Private chats are keyed by the person's open_id (as on every platform: a private chat is
    its user); groups by their chat_id. The prefix tells which id a send needs."""
    if kind is None:
        kind = ChatKind.PRIVATE if chat_id.startswith("ou_") else ChatKind.GROUP
    return ChatRef(Platform.FEISHU, chat_id, kind)


def _resource(message_id: str, key: str, kind: str = "photo", name: str | None = None) -> MediaRef:
    return MediaRef(file_id=f"{message_id}/{key}", kind=kind, file_name=name)


def _post_text(content: dict[str, Any], names: dict[str, str], message_id: str) -> tuple[str, list[MediaRef]]:
    """A post's words, paragraph by paragraph, and its pictures. Received posts carry
    `{"title", "content": [[element, …], …]}`; sent ones may wrap that per locale."""
    if "content" not in content and len(content) == 1 and isinstance(next(iter(content.values())), dict):
        content = next(iter(content.values()))  # {"zh_cn": {...}}
    lines = [_str(content, "title")] if _str(content, "title") else []
    photos: list[MediaRef] = []
    paragraphs = content.get("content")
    if not isinstance(paragraphs, list):
        raise ValueError("post content must be a list of paragraphs")
    for paragraph in paragraphs:
        words = []
        for element in paragraph if isinstance(paragraph, list) else []:
            tag = _str(element, "tag")
            if tag in ("text", "a", "md"):
                words.append(_str(element, "text"))
            elif tag == "at":
                words.append(names.get(_str(element, "user_id"), ""))
            elif tag in ("img", "media") and _str(element, "image_key"):
                photos.append(_resource(message_id, _str(element, "image_key")))
        line = "".join(words).strip()
        if line:
            lines.append(line)
    return "\n".join(lines), photos


def parse_event(body: Any, *, now: datetime, bot_open_id: str = "") -> ParsedEvent | None:
    """One event body (schema 2.0) as our types; None for events handlers need not see.
    Raises ValueError/KeyError/TypeError for malformed bodies."""
    if not isinstance(body, dict):
        raise TypeError("event body must be a JSON object")
    header = _object(body, "header")
    event_type, event_id = _str(header, "event_type"), _str(header, "event_id")
    event = _object(body, "event")
    if event_type == CARD_ACTION:
        return _card_action(event, event_id, _sent_at(_str(header, "create_time"), now))
    if event_type == BOT_ADDED:
        chat_id, operator = _str(event, "chat_id"), _str(event.get("operator_id") or {}, "open_id")
        if not chat_id or not operator or not event_id:
            raise ValueError("chat_id, operator_id.open_id and event_id are required")
        return ParsedEvent(InboundMessage(
            platform=Platform.FEISHU, external_id=f"added:{event_id}", chat=chat_for(chat_id, ChatKind.GROUP),
            sender=SenderRef(user_id=operator), sent_at=_sent_at(_str(header, "create_time"), now),
            button_payload=GREETING, mentioned_bot=True), BOT_ADDED)
    if event_type != MESSAGE_EVENT:
        return None
    message, sender = _object(event, "message"), _object(event, "sender")
    if _str(sender, "sender_type") not in ("", "user"):
        return None  # other bots and apps: not a person reporting
    open_id = _str(_object(sender, "sender_id"), "open_id")
    message_id, msgtype = _str(message, "message_id"), _str(message, "message_type")
    if not open_id or not message_id or not msgtype:
        raise ValueError("sender open_id, message_id and message_type are required")
    group = _str(message, "chat_type") != "p2p"
    chat_id = _str(message, "chat_id") if group else open_id
    if not chat_id:
        raise ValueError("a group message without chat_id")
    content = json.loads(_str(message, "content") or "{}")
    if not isinstance(content, dict):
        raise ValueError("content must be a JSON object")

    listed = message.get("mentions")
    mentions: list[Any] = listed if isinstance(listed, list) else []
    names: dict[str, str] = {}
    mentioned = False
    for item in mentions:
        key, who = _str(item, "key"), _str(item.get("id") if isinstance(item, dict) else {}, "open_id")
        is_bot = (who == bot_open_id) if bot_open_id else group
        mentioned = mentioned or is_bot
        names[key] = "" if is_bot else "@" + _str(item, "name")

    text, kind = "", ContentKind.TEXT
    photos: list[MediaRef] = []
    attachments: list[MediaRef] = []
    if msgtype == "text":
        text = _str(content, "text")
    elif msgtype == "post":
        text, photos = _post_text(content, names, message_id)
    elif msgtype == "image":
        photos.append(_resource(message_id, _str(content, "image_key") or _missing("image_key")))
    elif msgtype == "file":
        attachments.append(_resource(message_id, _str(content, "file_key") or _missing("file_key"), "file",
                                     _str(content, "file_name") or None))
        kind = ContentKind.FILE
    else:
        kind = {"audio": ContentKind.VOICE, "media": ContentKind.VIDEO, "sticker": ContentKind.STICKER,
                "location": ContentKind.LOCATION}.get(msgtype, ContentKind.OTHER)
    text = _MENTION_KEY.sub(lambda m: names.get(m.group(0), m.group(0)), text)
    text = re.sub(r"[ \t\u2005\u3000]+", " ", text).strip()
    return ParsedEvent(InboundMessage(
        platform=Platform.FEISHU, external_id=message_id,
        chat=ChatRef(Platform.FEISHU, chat_id, ChatKind.GROUP if group else ChatKind.PRIVATE),
        sender=SenderRef(user_id=open_id), sent_at=_sent_at(_str(message, "create_time"), now),
        text=text, photos=tuple(photos), attachments=tuple(attachments), content_kind=kind,
        mentioned_bot=group and mentioned,
    ), MESSAGE_EVENT)


def _missing(key: str) -> str:
    raise ValueError(f"{key} is required")


def _card_action(event: dict[str, Any], event_id: str, sent_at: datetime) -> ParsedEvent | None:
    operator = _str(_object(event, "operator"), "open_id")
    value = _object(event, "action").get("value")
    context = event.get("context") if isinstance(event.get("context"), dict) else {}
    if not operator or not event_id:
        raise ValueError("operator open_id and event_id are required")
    payload = payloads.clicked(_str(value, CARD_VALUE_PAYLOAD)) if isinstance(value, dict) else None
    if payload is None:
        return None  # not one of our buttons
    chat_id = _str(value, CARD_VALUE_CHAT) or _str(context, "open_chat_id")
    if not chat_id:
        raise ValueError("a card action without a chat")
    return ParsedEvent(InboundMessage(
        platform=Platform.FEISHU, external_id=f"card:{event_id}", chat=chat_for(chat_id),
        sender=SenderRef(user_id=operator), sent_at=sent_at, button_payload=payload,
        clicked_message=_str(context, "open_message_id") or None,
    ), CARD_ACTION)


# --- the SDK's loop, in its own thread ------------------------------------------------------------

class SdkLoop:
    """The one event loop (in a daemon thread) on which every Feishu connection of the process
    runs; the SDK's module-level `loop` is pointed at it."""

    _shared: SdkLoop | None = None
    _guard = threading.Lock()

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="feishu-sdk", daemon=True)
        self.thread.start()

    @classmethod
    def shared(cls) -> SdkLoop:
        with cls._guard:
            if cls._shared is None:
                cls._shared = cls()
                lark_ws.loop = cls._shared.loop
                # the SDK prints to stdout through its own handler; let its lines reach ours
                # (text or JSON logs) instead
                sdk_log = logging.getLogger("Lark")
                for handler in list(sdk_log.handlers):
                    sdk_log.removeHandler(handler)
            return cls._shared

    def submit(self, coro: Awaitable[Any]) -> Future[Any]:
        return asyncio.run_coroutine_threadsafe(coro, self.loop)  # type: ignore[arg-type]


EventHandler = Callable[[bytes], Coroutine[Any, Any, dict[str, Any] | None]]


class _WsClient(lark_ws.Client):
    """The SDK's client with one change: a data frame is answered only after our (async)
    handler, on the service's loop, has stored the event; the SDK's own dispatcher is
    synchronous and would answer before anything is stored."""

    def __init__(self, *args: Any, on_event: EventHandler, service_loop: asyncio.AbstractEventLoop,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._on_event = on_event
        self._service_loop = service_loop
        self.closing = False
        self.gave_up: Exception | None = None

    async def _reconnect(self) -> None:
        """Remember when the SDK's reconnect loop ends in an error: nothing would restart it."""
        try:
            await super()._reconnect()
        except Exception as exc:
            self.gave_up = exc

    async def _try_connect(self, cnt: int) -> bool:
        """The SDK's reconnect loop never ends by itself; a closed link ends it here."""
        if self.closing:
            raise asyncio.CancelledError
        return await super()._try_connect(cnt)

    async def _receive_message_loop(self) -> None:
        """The SDK re-raises the closing of a connection we closed ourselves; that is not an error."""
        try:
            await super()._receive_message_loop()
        except Exception:
            if not self.closing:
                raise

    async def _handle_data_frame(self, frame: Any) -> None:
        headers = {h.key: h.value for h in frame.headers}
        msg_id, type_ = headers.get("message_id", ""), headers.get("type", "")
        payload = frame.payload
        total = int(headers.get("sum", "1") or 1)
        if total > 1:
            payload = self._combine(msg_id, total, int(headers.get("seq", "0") or 0), payload)
            if payload is None:
                return  # more parts to come
        if type_ not in ("event", "card"):
            return
        started = time.monotonic()
        response = Response(code=http.HTTPStatus.OK)
        try:
            handled: Future[dict[str, Any] | None] = asyncio.run_coroutine_threadsafe(
                self._on_event(payload), self._service_loop)
            result = await asyncio.wrap_future(handled)
            if result is not None:
                response.data = base64.b64encode(JSON.marshal(result).encode())
        except Exception as exc:  # not stored: a 500 makes Feishu push it again
            log.warning("feishu event %s not stored, answering 500 so it is pushed again: %s", msg_id, exc)
            response = Response(code=http.HTTPStatus.INTERNAL_SERVER_ERROR)
        header = frame.headers.add()
        header.key, header.value = "biz_rt", str(int((time.monotonic() - started) * 1000))
        frame.payload = JSON.marshal(response).encode()
        await self._write_message(frame.SerializeToString())


class FeishuLink:
    """One long connection. Every replica keeps its own: Feishu delivers each event to one
    of the app's connections (cluster mode, up to 50), so nothing needs one holder."""

    def __init__(self, app_id: str, secret: str, domain: str, on_event: EventHandler, *,
                 retry_delays: tuple[float, ...] = (1, 2, 5, 10, 30), watch_every: float = 5.0) -> None:
        self.app_id, self.secret, self.domain = app_id, secret, domain
        self.on_event = on_event
        self.retry_delays = retry_delays
        self.watch_every = watch_every
        self.restarts = 0  # times the SDK gave up and this link started over
        self.client: _WsClient | None = None
        self.opened = asyncio.Event()
        self.error: str | None = None
        self._sdk = SdkLoop.shared()
        self._ping: asyncio.Task[None] | None = None

    @property
    def connected(self) -> bool:
        return self.client is not None and self.client._conn is not None

    async def open(self) -> None:
        """Handshake and connect once; raises what the SDK raised (bad credentials: ClientException)."""
        service_loop = asyncio.get_running_loop()
        await asyncio.wrap_future(self._sdk.submit(self._open_there(service_loop)))
        self.opened.set()

    async def _open_there(self, service_loop: asyncio.AbstractEventLoop) -> None:
        if self.client is None:
            self.client = _WsClient(self.app_id, self.secret, log_level=lark.LogLevel.WARNING, domain=self.domain,
                                    on_event=self.on_event, service_loop=service_loop)
        await self.client._connect()
        if self._ping is None:
            self._ping = asyncio.get_running_loop().create_task(self.client._ping_loop())

    async def run(self, stop: asyncio.Event) -> None:
        """Connect, retrying until it works; from then on the SDK reconnects by itself, and
        when it gives up (a client error such as refused credentials ends its loop for good)
        this starts over with the same retries."""
        while not stop.is_set():
            await self._connect_until_open(stop)
            while not stop.is_set() and not self.gave_up:
                await wait_for_either(stop, self.watch_every)
            if self.gave_up and not stop.is_set():
                log.warning("feishu: the SDK stopped reconnecting (%s); connecting again", self.client and
                            self.client.gave_up)
                await self.close()
                self.client, self._ping = None, None
                self.restarts += 1
        await self.close()

    @property
    def gave_up(self) -> bool:
        return self.client is not None and self.client.gave_up is not None

    async def _connect_until_open(self, stop: asyncio.Event) -> None:
        attempt = 0
        while not stop.is_set():
            try:
                await self.open()
                log.info("feishu long connection open (%s)", self.domain)
                return
            except Exception as exc:
                self.error = str(exc)
                delay = self.retry_delays[min(attempt, len(self.retry_delays) - 1)]
                attempt += 1
                log.warning("feishu long connection failed (%s); retrying in %.0fs", exc, delay)
                await wait_for_either(stop, delay)

    async def close(self) -> None:
        await asyncio.wrap_future(self._sdk.submit(self._close_there()))

    async def _close_there(self) -> None:
        if self._ping is not None:
            self._ping.cancel()
            self._ping = None
        if self.client is not None:
            self.client.closing = True
            self.client._auto_reconnect = False
            await self.client._disconnect()


# --- outbound ----------------------------------------------------------------------------------------

def _text_content(reply: Reply) -> str:
    mentions = "".join(f'<at user_id="{uid}">{name or uid}</at> ' for uid, name in
                       zip(reply.mention_user_ids, (*reply.mention_names, *[""] * len(reply.mention_user_ids)),
                           strict=False))
    return json.dumps({"text": (mentions + reply.text)[:TEXT_MAX_CHARS]}, ensure_ascii=False)


def card(reply: Reply, *, with_buttons: bool = True) -> dict[str, Any]:
    """A message card: the text, then one action row per button row. Each button's value
    carries the payload and the chat it was sent to (a card click names only the chat_id,
    and a private chat is keyed by the person)."""
    names = " ".join("@" + (name or uid) for uid, name in zip(
        reply.mention_user_ids, (*reply.mention_names, *[""] * len(reply.mention_user_ids)), strict=False))
    text = f"{names} {reply.text}".strip() if names else reply.text
    elements: list[dict[str, Any]] = [{"tag": "div", "text": {"tag": "plain_text", "content": text[:TEXT_MAX_CHARS]}}]
    if with_buttons:
        for row in reply.buttons:
            elements.append({"tag": "action", "actions": [
                {"tag": "button", "text": {"tag": "plain_text", "content": button.label}, "type": "default",
                 "value": {CARD_VALUE_PAYLOAD: button.payload, CARD_VALUE_CHAT: reply.chat.chat_id}}
                for button in row]})
    return {"config": {"wide_screen_mode": True, "update_multi": True}, "elements": elements}


def error_for(code: int | None, msg: str, *, status: int, reset: str | None = None) -> SendError:
    """Feishu's answers to our retry policy: frequency limits wait (x-ogw-ratelimit-reset, else a
    minute, like WeCom's), busy and token trouble retry, other refusals are final."""
    message = f"feishu code {code} (HTTP {status}): {msg}"
    if code in RATE_CODES or status == 429:
        wait = float(reset) if reset and reset.isdigit() else RATE_LIMIT_RETRY_AFTER
        return SendError(message, retry_after=max(wait, 1.0), code=f"feishu_{code or 429}")
    if code is None or code in TOKEN_CODES or status >= 500:
        return SendError(message, code=f"feishu_{code or status}")
    return SendError(message, permanent=True, code=f"feishu_{code}")


class FeishuChannel:
    """Sends through the SDK's open-API client. Its calls are blocking (requests), so each
    runs in a worker thread, never on the service's loop."""

    platform = Platform.FEISHU

    def __init__(self, app_id: str, secret: str, domain: str, *, max_download_bytes: int = 20 * 1024 * 1024,
                 timeout: float = 10.0) -> None:
        self.client = (lark.Client.builder().app_id(app_id).app_secret(secret).domain(domain)
                       .timeout(timeout).log_level(lark.LogLevel.WARNING).build())
        self.app_id = app_id
        self.max_download_bytes = max_download_bytes
        self.bot_open_id = ""

    async def _call(self, fn: Callable[[Any], Any], request: Any) -> Any:
        try:
            response = await asyncio.to_thread(fn, request)
        except Exception as exc:  # connection refused, timeout, token fetch failed
            raise SendError(f"feishu request failed: {exc!r}", code="feishu_transport") from exc
        if response.code in TOKEN_CODES:
            self.forget_token()
        if response.code != 0:
            raw = response.raw
            status = raw.status_code if raw is not None else 0
            headers = {k.lower(): v for k, v in (raw.headers or {}).items()} if raw is not None else {}
            raise error_for(response.code, response.msg or "", status=status,
                            reset=headers.get("x-ogw-ratelimit-reset"))
        return response

    def forget_token(self) -> None:
        """The SDK keeps a tenant token until 10 minutes before it expires, even when Feishu has
        refused it (secret rotated, app re-published): drop it so the next call fetches anew."""
        TokenManager.cache.set(f"self_tenant_token:{self.app_id}", "", 0)

    async def send(self, reply: Reply) -> SendResult:
        if reply.chat.platform != Platform.FEISHU:
            raise SendError(f"feishu cannot send to {reply.chat.platform}", permanent=True, code="wrong_platform")
        if reply.image_sha256:
            log.info("feishu: image %s not uploaded (image upload not implemented); text only", reply.image_sha256)
        if reply.edit_of:
            body = PatchMessageRequestBody.builder().content(
                json.dumps(card(reply, with_buttons=False), ensure_ascii=False)).build()
            request = PatchMessageRequest.builder().message_id(reply.edit_of).request_body(body).build()
            await self._call(self.client.im.v1.message.patch, request)
            return SendResult(platform_message_id=reply.edit_of)
        msg_type, content = (("interactive", json.dumps(card(reply), ensure_ascii=False)) if reply.buttons
                             else ("text", _text_content(reply)))
        if reply.reply_to_external_id and reply.reply_to_external_id.startswith("om_"):
            reply_body = ReplyMessageRequestBody.builder().msg_type(msg_type).content(content).build()
            request = ReplyMessageRequest.builder().message_id(reply.reply_to_external_id).request_body(
                reply_body).build()
            try:
                response = await self._call(self.client.im.v1.message.reply, request)
                return SendResult(platform_message_id=response.data.message_id)
            except SendError as exc:
                if not exc.permanent:
                    raise
                log.info("feishu: reply to %s refused (%s); sending to the chat", reply.reply_to_external_id, exc)
        receive_type = "open_id" if reply.chat.chat_id.startswith("ou_") else "chat_id"
        create_body = CreateMessageRequestBody.builder().receive_id(reply.chat.chat_id).msg_type(msg_type).content(
            content).build()
        request = CreateMessageRequest.builder().receive_id_type(receive_type).request_body(create_body).build()
        response = await self._call(self.client.im.v1.message.create, request)
        return SendResult(platform_message_id=response.data.message_id)

    async def download(self, media: MediaRef) -> bytes:
        """A message resource (`file_id` = "message_id/key"): images as type=image."""
        if media.data is not None:
            return media.data
        message_id, _, key = media.file_id.partition("/")
        if not message_id or not key:
            raise SendError(f"feishu resource id {media.file_id!r} is not message_id/key", permanent=True,
                            code="bad_media")
        request = (GetMessageResourceRequest.builder().message_id(message_id).file_key(key)
                   .type("image" if media.kind == "photo" else "file").build())
        response = await self._call(self.client.im.v1.message_resource.get, request)
        data = response.file.read() if response.file is not None else b""
        if len(data) > self.max_download_bytes:
            raise SendError(f"feishu resource over {self.max_download_bytes} bytes", permanent=True, code="too_large")
        return data

    async def bot_info(self) -> dict[str, Any]:
        """`GET /open-apis/bot/v3/info`: the bot's open_id (to know when it is @-mentioned);
        also proves the credentials (doctor)."""
        request = (lark.BaseRequest.builder().http_method(lark.HttpMethod.GET).uri("/open-apis/bot/v3/info")
                   .token_types({lark.AccessTokenType.TENANT}).build())
        try:
            raw = await asyncio.to_thread(self.client.request, request)
        except Exception as exc:
            raise SendError(f"feishu bot info failed: {exc!r}", code="feishu_transport") from exc
        data = json.loads(raw.raw.content or b"{}") if raw.raw is not None else {}
        if data.get("code") != 0:
            raise error_for(data.get("code"), str(data.get("msg", "")), status=raw.raw.status_code if raw.raw else 0)
        bot = data.get("bot") or {}
        self.bot_open_id = str(bot.get("open_id", ""))
        return bot

    async def start(self) -> None:
        try:
            await self.bot_info()
        except SendError as exc:
            log.warning("feishu: bot info not read (%s); any @ in a group counts as a mention", exc)

    async def stop(self) -> None:
        return None


# --- inbound -----------------------------------------------------------------------------------------

class FeishuInbound:
    """From an event's bytes to the inbox; what it returns rides back in the frame's answer."""

    def __init__(self, sink: InboundSink, channel: FeishuChannel, *, clock: Clock | None = None) -> None:
        self.sink = sink
        self.channel = channel
        self.clock = clock or SystemClock()

    def parse(self, body: Any) -> ParsedEvent | None:
        return parse_event(body, now=self.clock.now(), bot_open_id=self.channel.bot_open_id)

    async def on_event(self, payload: bytes) -> dict[str, Any] | None:
        """Store, then answer. A malformed event is logged and answered 200 (sending it again
        cannot help); storage trouble raises, so the frame is answered 500 and Feishu retries."""
        try:
            raw = payload.decode("utf-8")
            parsed = self.parse(json.loads(raw))
        except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
            log.warning("feishu event malformed (%s): %.200r", type(exc).__name__, payload)
            return None
        if parsed is None:
            return None
        try:
            await self.sink.accept(parsed.message, raw)
        except StorageUnavailable:
            raise
        except Exception:
            log.exception("feishu event %s: the sink failed; raw=%.500s", parsed.message.external_id, raw)
            raise
        return None

