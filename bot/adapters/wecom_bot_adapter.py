"""WeCom AI bot (智能机器人): the one channel that hears group chats (only @-mentions).

Inbound, two receive modes with one body format (JSON, docs 100719/101027):
- long connection: `BotLink` wraps the SDK's `WSClient`; callbacks arrive as frames;
- webhook: `WeComBotCallback` checks and decrypts `{"encrypt": …}` POSTs (the app's scheme
  with an empty receive id) and `wecom_bot_webhook_handlers` answers 200 once stored.
`parse_callback` turns a body into an `InboundMessage`; `WeComBotInbound` downloads its media
at once (URLs live five minutes), remembers how to answer it and hands it to the sink.

Outbound, `WeComBotChannel` answers a message with `aibot_respond_msg` (the callback's
req_id) or pushes with `aibot_send_msg` over the live connection, or uses the one-use
`response_url` in webhook mode.

WeCom keeps one connection per bot and a newer one kicks the older, so exactly one replica
connects: a `LeaseHeldConnection` (`bot.long_connection`) holds a lease while connected, renews
it, gives it up (with a fleet-wide hold-off) when kicked, and drops the connection when it can
no longer prove the lease is its own. `BotLink` is the link it holds.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal, Protocol

import aiohttp
from aibot import WSClient, WSClientOptions, decrypt_file
from aibot.types import WsCmd
from aiohttp import web

from bot import payloads
from bot.adapters.http_session import HttpSessionOwner
from bot.adapters.wecom_adapter import (
    CARD_MAX_BUTTONS,
    MALFORMED_ERRORS,
    MAX_CALLBACK_BYTES,
    RATE_LIMIT_RETRY_AFTER,
    REFUSED_ERRORS,
    WeComCallback,
    _ciphertext,
    menu_payloads,
    numbered_menu,
    signed_query,
    template_card,
    url_verification_handler,
)
from bot.clock import Clock, SystemClock
from bot.long_connection import LeaseHeldConnection, accept_pushed_once, wait_for_either
from bot.ports import (
    ChatKind,
    ChatRef,
    InboundMessage,
    InboundSink,
    MediaRef,
    Platform,
    Reply,
    SenderRef,
    SendError,
    SendResult,
)
from bot.web.edge import Malformed, Refused, edge_route, read_download, read_request

log = logging.getLogger("supplierbot.wecom_bot")

ENTER_CHAT_PAYLOAD = payloads.event(payloads.Event.ENTER_CHAT)
TEXT_MAX_BYTES = 4096
RATE_ERRCODES = frozenset({45009, 45033})
REPLY_WINDOW = 300.0  # a callback's req_id answers with aibot_respond_msg for this long (stream: 6 min)
WELCOME_WINDOW = 5.0  # enter_chat: the only moment a welcome may be sent
RESPONSE_URL_WINDOW = 3300.0  # response_url: one use within an hour
MEDIA_KEY_WINDOW = 300.0  # media URLs live five minutes
STANDBY_RETRY_AFTER = 5.0

_ACK_ERROR = re.compile(r"errcode=(-?\d+), errmsg=(.*)", re.DOTALL)


# --- parsing -------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class MediaItem:
    """An encrypted file to fetch at once: its URL and the key (None: the bot's own key)."""

    url: str
    aeskey: str | None
    kind: str = "photo"


@dataclass(frozen=True, slots=True)
class ParsedCallback:
    """One callback body as our types, plus what answering it needs."""

    message: InboundMessage
    media: tuple[MediaItem, ...] = ()
    response_url: str | None = None
    event: str | None = None


def strip_mentions(text: str, bot_name: str = "") -> str:
    """Remove the bot's @-mention: `@name` wherever it stands when the name is known, else the
    leading @-mentions (a group message reaches the bot only when it is mentioned)."""
    if bot_name:
        text = re.sub(rf"@{re.escape(bot_name)}(?=\s|$)", " ", text)
    else:
        text = re.sub(r"^\s*(?:@\S+\s+)+", "", text + " ")
    return re.sub(r"[ \t\u2005\u3000]+", " ", text).strip()


def _str(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return value if isinstance(value, str) else ""


def _section(body: dict[str, Any], key: str) -> dict[str, Any]:
    value = body.get(key)
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, dict):
        raise ValueError(f"{key} must be an object")
    return value


def _media(section: dict[str, Any], kind: str) -> MediaItem:
    url = _str(section, "url")
    if not url:
        raise ValueError(f"{kind} without url")
    return MediaItem(url, _str(section, "aeskey") or None, kind)


def parse_callback(body: dict[str, Any], *, now: datetime, bot_name: str = "") -> ParsedCallback | None:
    """Translate one callback body; None for what handlers need not see (stream refreshes,
    feedback, unknown kinds). Raises ValueError/KeyError/TypeError for malformed bodies."""
    if not isinstance(body, dict):
        raise TypeError("callback body must be a JSON object")
    msgtype = _str(body, "msgtype")
    user = _str(_section(body, "from"), "userid")
    if not user or not msgtype:
        raise ValueError("from.userid and msgtype are required")
    group = body.get("chattype") == "group"
    chat_id = _str(body, "chatid") if group else user
    if not chat_id:
        raise ValueError("a group callback without chatid")
    created = body.get("create_time")
    sent_at = datetime.fromtimestamp(int(created), UTC) if isinstance(created, int | str) and created else now
    msgid = _str(body, "msgid")
    text, media, payload, event = "", [], None, None

    if msgtype == "text":
        text = _str(_section(body, "text"), "content")
    elif msgtype == "voice":
        text = _str(_section(body, "voice"), "content")
    elif msgtype in ("image", "file"):
        media.append(_media(_section(body, msgtype), "photo" if msgtype == "image" else "file"))
    elif msgtype == "mixed":
        items = _section(body, "mixed").get("msg_item")
        if not isinstance(items, list):
            raise ValueError("mixed.msg_item must be a list")
        parts = []
        for item in items:
            kind = item.get("msgtype") if isinstance(item, dict) else None
            if kind == "text":
                parts.append(_str(_section(item, "text"), "content"))
            elif kind == "image":
                media.append(_media(_section(item, "image"), "photo"))
        text = "\n".join(p for p in parts if p)
    elif msgtype == "event":
        section = _section(body, "event")
        event = _str(section, "eventtype")
        if event == "enter_chat":
            payload = ENTER_CHAT_PAYLOAD
        elif event == "template_card_event":
            payload = payloads.clicked(_str(_section(section, "template_card_event"), "event_key"))
        if payload is None:
            return None
        msgid = msgid or f"event:{event}:{user}:{created or int(now.timestamp())}"
    else:
        return None

    if not msgid:
        raise ValueError("msgid is required")
    if group:
        text = strip_mentions(text, bot_name)
    message = InboundMessage(
        platform=Platform.WECOM_BOT,
        external_id=msgid,
        chat=ChatRef(Platform.WECOM_BOT, chat_id, ChatKind.GROUP if group else ChatKind.PRIVATE),
        sender=SenderRef(user_id=user),
        sent_at=sent_at,
        text=text.strip(),
        button_payload=payload,
        mentioned_bot=group,
    )
    return ParsedCallback(message, tuple(media), _str(body, "response_url") or None, event)


# --- what the channel remembers about recent callbacks ------------------------------------------

@dataclass(slots=True)
class _Answerable:
    req_id: str
    chat_id: str
    until: float
    welcome: bool


class CallbackMemory:
    """Short-lived, per replica: req_ids to answer (long connection), one-use response_urls
    (webhook), media keys for a late download. Lost on restart: sends then fall back to push."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._now = monotonic
        self._by_msgid: dict[str, _Answerable] = {}
        self._welcome: dict[str, str] = {}
        self._response_urls: dict[str, tuple[str, float]] = {}
        self._media_keys: dict[str, tuple[str | None, float]] = {}

    def remember(self, parsed: ParsedCallback, req_id: str | None) -> None:
        self._prune()
        now = self._now()
        chat_id = parsed.message.chat.chat_id
        if req_id:
            welcome = parsed.event == "enter_chat"
            window = WELCOME_WINDOW if welcome else REPLY_WINDOW
            self._by_msgid[parsed.message.external_id] = _Answerable(req_id, chat_id, now + window, welcome)
            if welcome:
                self._welcome[chat_id] = parsed.message.external_id
        if parsed.response_url:
            self._response_urls[chat_id] = (parsed.response_url, now + RESPONSE_URL_WINDOW)
        for item in parsed.media:
            self._media_keys[item.url] = (item.aeskey, now + MEDIA_KEY_WINDOW)

    def answerable(self, reply: Reply) -> _Answerable | None:
        """The callback this reply may answer: the one it names, else a pending welcome."""
        msgid = reply.reply_to_external_id or self._welcome.get(reply.chat.chat_id)
        entry = self._by_msgid.get(msgid or "")
        if entry is None or entry.chat_id != reply.chat.chat_id or entry.until < self._now():
            return None
        return entry

    def answered(self, entry: _Answerable) -> None:
        """One answer per callback: later replies to it are pushed."""
        self._by_msgid = {k: v for k, v in self._by_msgid.items() if v is not entry}
        self._welcome = {k: v for k, v in self._welcome.items() if v in self._by_msgid}

    def take_response_url(self, chat_id: str) -> str | None:
        url, until = self._response_urls.pop(chat_id, ("", 0.0))
        return url if url and until >= self._now() else None

    def media_key(self, url: str) -> tuple[bool, str | None]:
        key, until = self._media_keys.get(url, (None, 0.0))
        return until >= self._now(), key

    def _prune(self) -> None:
        now = self._now()
        self._by_msgid = {k: v for k, v in self._by_msgid.items() if v.until >= now}
        self._welcome = {k: v for k, v in self._welcome.items() if v in self._by_msgid}
        self._response_urls = {k: v for k, v in self._response_urls.items() if v[1] >= now}
        self._media_keys = {k: v for k, v in self._media_keys.items() if v[1] >= now}


# --- the long connection ---------------------------------------------------------------------

class _SdkLog:
    """The SDK calls `warn` and passes extra args; route it into our logging."""

    def __init__(self, logger: logging.Logger) -> None:
        self._log = logger

    def _emit(self, level: int, message: str, *args: object) -> None:
        self._log.log(level, " ".join([message, *map(str, args)]))

    def debug(self, message: str, *args: object) -> None:
        self._emit(logging.DEBUG, message, *args)

    def info(self, message: str, *args: object) -> None:
        self._emit(logging.DEBUG, message, *args)

    def warn(self, message: str, *args: object) -> None:
        self._emit(logging.WARNING, message, *args)

    def error(self, message: str, *args: object) -> None:
        self._emit(logging.ERROR, message, *args)


FrameHandler = Callable[[dict[str, Any], str], Awaitable[None]]


class BotLink:
    """One authenticated long connection through the SDK's `WSClient`.

    The SDK's own reconnects are off (`max_reconnect_attempts=0`): a reconnect must first
    prove the lease, so the holder decides. A `disconnected_event` (another connection took
    over the bot) closes this link for good and sets `kicked`.
    """

    def __init__(self, bot_id: str, secret: str, ws_url: str, on_frame: FrameHandler, *,
                 heartbeat_seconds: float = 30.0) -> None:
        self.client = WSClient(WSClientOptions(
            bot_id=bot_id, secret=secret, ws_url=ws_url, max_reconnect_attempts=0,
            heartbeat_interval=int(heartbeat_seconds * 1000), logger=_SdkLog(log),
        ))
        self.authenticated = asyncio.Event()
        self.closed = asyncio.Event()
        self.kicked = False
        self.error: str | None = None
        self.opened_at = 0.0
        self._started = False
        self._on_frame = on_frame
        self._tasks: set[asyncio.Task[None]] = set()
        self.client.on("authenticated", self.authenticated.set)
        self.client.on("disconnected", self._on_disconnected)
        self.client.on("error", self._on_error)
        self.client.on("message", self._dispatch)
        self.client.on("event", self._on_event)

    @property
    def connected(self) -> bool:
        return self.authenticated.is_set() and not self.closed.is_set() and self.client.is_connected

    async def open(self, within: float = 10.0) -> None:
        """Connect and subscribe; raises ConnectionError when WeCom does not accept us in time."""
        self._started = True
        await self.client.connect()
        await wait_for_either(self.closed, within, self.authenticated)
        if not self.connected:
            await self.close()
            raise ConnectionError(self.error or "no subscribe answer in time")
        self.opened_at = time.monotonic()

    async def close(self) -> None:
        self.closed.set()
        if self._started:
            self._started = False
            self.client.disconnect()
        for _ in range(50):
            if not self.client.is_connected:
                break
            await asyncio.sleep(0.02)

    async def drain(self, within: float = 5.0) -> None:
        """Let callbacks being stored finish: a stop must not lose what was received."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=within)

    async def send(self, chat_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return await self.client.send_message(chat_id, body)

    async def respond(self, req_id: str, body: dict[str, Any], cmd: str = WsCmd.RESPONSE) -> dict[str, Any]:
        return await self.client.reply({"headers": {"req_id": req_id}}, body, cmd)

    def _on_disconnected(self, reason: str) -> None:
        log.warning("wecom bot connection closed: %s", reason)
        self.closed.set()

    def _on_error(self, error: Exception) -> None:
        if not self.authenticated.is_set():
            self.error = self.error or str(error)
            self.closed.set()
        log.warning("wecom bot connection error: %s", error)

    def _on_event(self, frame: dict[str, Any]) -> None:
        event = (frame.get("body") or {}).get("event") or {}
        if isinstance(event, dict) and event.get("eventtype") == "disconnected_event":
            log.error("wecom bot connection kicked: another connection took over this bot")
            self.kicked = True
            self.closed.set()
            if self._started:
                self._started = False
                self.client.disconnect()
            return
        self._dispatch(frame)

    def _dispatch(self, frame: dict[str, Any]) -> None:
        req_id = str((frame.get("headers") or {}).get("req_id", ""))
        task = asyncio.ensure_future(self._on_frame(frame.get("body") or {}, req_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


WeComBotConnectionHolder = LeaseHeldConnection[BotLink]  # the name the AI bot's wiring and tests know


# --- the channel -----------------------------------------------------------------------------

def _clip(text: str, limit: int = TEXT_MAX_BYTES) -> str:
    raw = text.encode()
    if len(raw) <= limit:
        return text
    log.warning("wecom bot text of %d bytes clipped to %d", len(raw), limit)
    return raw[: limit - 3].decode("utf-8", errors="ignore") + "…"


def _markdown(reply: Reply) -> str:
    buttons = tuple(b for row in reply.buttons for b in row)
    text = numbered_menu(reply.text, buttons)
    mentions = " ".join(f"<@{user}>" for user in reply.mention_user_ids)
    return _clip(f"{mentions}\n{text}" if mentions else text)


def _card(reply: Reply) -> dict[str, Any] | None:
    buttons = tuple(b for row in reply.buttons for b in row)
    if not buttons or len(buttons) > CARD_MAX_BUTTONS:
        return None
    return template_card(reply.text, buttons, f"sb-{uuid.uuid4().hex}")


def text_menu(reply: Reply) -> tuple[str, ...]:
    """The payloads a markdown answer numbers: its buttons when they do not fit a card."""
    buttons = tuple(b for row in reply.buttons for b in row)
    return menu_payloads(buttons) if len(buttons) > CARD_MAX_BUTTONS else ()


def push_body(reply: Reply) -> dict[str, Any]:
    """An `aibot_send_msg` / response_url body: a button card, else markdown (plain text is refused)."""
    card = _card(reply)
    if card is not None:
        return {"msgtype": "template_card", "template_card": card}
    return {"msgtype": "markdown", "markdown": {"content": _markdown(reply)}}


def answer_body(reply: Reply, welcome: bool) -> dict[str, Any]:
    """An answer to a callback: a welcome is text or a card; a message answer a finished stream."""
    card = _card(reply)
    if card is not None:
        return {"msgtype": "template_card", "template_card": card}
    if welcome:
        return {"msgtype": "text", "text": {"content": _clip(reply.text)}}
    return {"msgtype": "stream", "stream": {"id": uuid.uuid4().hex, "finish": True, "content": _markdown(reply)}}


def error_for(errcode: int, errmsg: str) -> SendError:
    """The bot's errcodes to our retry policy: limits wait a minute, busy retries, the rest are final."""
    message = f"wecom bot errcode {errcode}: {errmsg}"
    if errcode in RATE_ERRCODES:
        return SendError(message, retry_after=RATE_LIMIT_RETRY_AFTER, code=str(errcode))
    if errcode == -1:
        return SendError(message, code=str(errcode))
    return SendError(message, permanent=True, code=str(errcode))


def _sdk_error(exc: Exception) -> SendError:
    """The SDK reports a refused frame only as text ("Reply ack error: errcode=…, errmsg=…")."""
    match = _ACK_ERROR.search(str(exc)) if isinstance(exc, RuntimeError) else None
    if match:
        return error_for(int(match[1]), match[2])
    return SendError(f"wecom bot send failed: {type(exc).__name__}: {exc}", code="wecom_bot_transport")


class ConnectionSource(Protocol):
    """Where the channel finds the live connection (the holder); `link` is None when not here."""

    holding: bool
    other_holder: str | None

    @property
    def link(self) -> BotLink | None: ...


class WeComBotChannel(HttpSessionOwner):
    """The AI bot's `Channel`: ChatRef(WECOM_BOT, chatid for groups, userid for 1:1)."""

    platform = Platform.WECOM_BOT

    def __init__(self, *, mode: Literal["long_connection", "webhook"] = "long_connection",
                 holder: ConnectionSource | None = None, media_key: str | None = None,
                 clock: Clock | None = None, memory: CallbackMemory | None = None, timeout: float = 10.0,
                 max_download_bytes: int = 20 * 1024 * 1024, download_timeout: float | None = None) -> None:
        self.mode = mode
        self.holder = holder
        self.media_key = media_key
        self.memory = memory or CallbackMemory()
        self._clock = clock or SystemClock()
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._max_download = max_download_bytes
        self._download_timeout = aiohttp.ClientTimeout(total=download_timeout or timeout)

    async def send(self, reply: Reply) -> SendResult:
        if reply.chat.platform is not Platform.WECOM_BOT:
            raise SendError(f"WeComBotChannel cannot send to {reply.chat.platform}", permanent=True,
                            code="unsupported_platform")
        if reply.image_sha256:
            log.info("wecom bot: image %s not uploaded (media upload not implemented); text only",
                     reply.image_sha256)
        if self.mode == "webhook":
            return await self._send_response_url(reply)
        link = self._live_link()
        entry = self.memory.answerable(reply)
        if entry is not None:
            answered = await self._answer(link, entry, reply)
            if answered is not None:
                return answered
        try:
            ack = await link.send(reply.chat.chat_id, push_body(reply))
        except Exception as exc:
            raise _sdk_error(exc) from exc
        return replace(_result(ack), menu=text_menu(reply))

    async def _answer(self, link: BotLink, entry: _Answerable, reply: Reply) -> SendResult | None:
        """Answer the callback with its req_id; None when WeCom refuses it for good (push instead)."""
        cmd = WsCmd.RESPONSE_WELCOME if entry.welcome else WsCmd.RESPONSE
        try:
            ack = await link.respond(entry.req_id, answer_body(reply, entry.welcome), cmd)
        except Exception as exc:
            error = _sdk_error(exc)
            if not error.permanent:
                raise error from exc
            log.info("wecom bot: answer to %s refused (%s); pushing instead", entry.req_id, error)
            self.memory.answered(entry)
            return None
        self.memory.answered(entry)
        return replace(_result(ack), menu=() if entry.welcome else text_menu(reply))

    def defer_seconds(self, reply: Reply) -> float | None:
        """When the connection lives on another replica: how long to leave the row for it, so a
        dispatcher that asks first spends neither an attempt nor a rate-limit slot here."""
        holder = self.holder
        if self.mode == "webhook" or holder is None or holder.link is not None or holder.holding:
            return None
        return STANDBY_RETRY_AFTER if holder.other_holder else None

    def _live_link(self) -> BotLink:
        """The connection, or a transient SendError that says why there is none here."""
        holder = self.holder
        link = holder.link if holder is not None else None
        if link is not None:
            return link
        if holder is not None and holder.holding:
            raise SendError("wecom bot: connection is down, reconnecting", code="wecom_bot_disconnected")
        if holder is not None and holder.other_holder:
            raise SendError(f"wecom bot: the connection lives on {holder.other_holder}",
                            retry_after=STANDBY_RETRY_AFTER, code="wecom_bot_standby")
        raise SendError("wecom bot: no replica holds the connection", code="wecom_bot_no_connection")

    async def _send_response_url(self, reply: Reply) -> SendResult:
        url = self.memory.take_response_url(reply.chat.chat_id)
        if url is None:
            raise SendError("wecom bot webhook mode: no fresh response_url for this chat on this replica",
                            code="wecom_bot_no_response_url")
        try:
            async with self.http.post(url, json=push_body(reply)) as response:
                body = await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SendError(f"wecom bot response_url failed: {exc!r}", code="wecom_bot_transport") from exc
        if status >= 400:
            raise SendError(f"wecom bot response_url answered HTTP {status}", code=f"http_{status}",
                            permanent=400 <= status < 500 and status != 429)
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            data = {}
        errcode = data.get("errcode", 0) if isinstance(data, dict) else 0
        if isinstance(errcode, int) and errcode != 0:
            raise error_for(errcode, str(data.get("errmsg", "")))
        return SendResult(menu=text_menu(reply))

    async def fetch(self, url: str, aeskey: str | None) -> bytes:
        """Download an encrypted file and decrypt it (AES-256-CBC, IV = key[:16], PKCS#7)."""
        key = aeskey or self.media_key
        if not key:
            raise SendError("wecom bot: no key to decrypt media", permanent=True, code="no_media_key")
        try:
            async with self.http.get(url, timeout=self._download_timeout) as response:
                if response.status >= 400:
                    raise SendError(f"wecom bot media answered HTTP {response.status}",
                                    permanent=response.status in (403, 404, 410), code=f"http_{response.status}")
                data = await read_download(response, self._max_download, "wecom bot media")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SendError(f"wecom bot media download failed: {exc!r}") from exc
        try:
            return decrypt_file(data, key)
        except (ValueError, RuntimeError) as exc:
            raise SendError(f"wecom bot media did not decrypt: {exc}", permanent=True, code="bad_media") from exc

    async def download(self, media: MediaRef) -> bytes:
        """Bytes downloaded at receipt, else one late try while the URL may still live."""
        if media.data is not None:
            return media.data
        known, key = self.memory.media_key(media.file_id)
        if not known and self.mode != "webhook":
            raise SendError("wecom bot media URL expired (valid five minutes)", permanent=True, code="expired")
        return await self.fetch(media.file_id, key)


def _result(ack: dict[str, Any]) -> SendResult:
    body = ack.get("body") if isinstance(ack, dict) else None
    msgid = body.get("msgid") if isinstance(body, dict) else None
    return SendResult(platform_message_id=str(msgid) if msgid else None)


# --- inbound: from a callback body to the inbox ---------------------------------------------

class WeComBotInbound:
    """Both receive modes end here: parse, remember how to answer, fetch media at once, store."""

    def __init__(self, sink: InboundSink, channel: WeComBotChannel, *, clock: Clock | None = None,
                 bot_name: str = "", accept_attempts: int = 5, accept_delay: float = 1.0) -> None:
        self.sink = sink
        self.channel = channel
        self.clock = clock or SystemClock()
        self.bot_name = bot_name
        self.accept_attempts = accept_attempts
        self.accept_delay = accept_delay

    def parse(self, body: dict[str, Any]) -> ParsedCallback | None:
        return parse_callback(body, now=self.clock.now(), bot_name=self.bot_name)

    async def prepare(self, parsed: ParsedCallback, req_id: str | None) -> InboundMessage:
        """Remember the callback and attach its media bytes; a failed download leaves the URL."""
        self.channel.memory.remember(parsed, req_id)
        if not parsed.media:
            return parsed.message
        results = await asyncio.gather(*(self.channel.fetch(m.url, m.aeskey) for m in parsed.media),
                                       return_exceptions=True)
        photos = []
        for item, result in zip(parsed.media, results, strict=True):
            if isinstance(result, bytes):
                photos.append(MediaRef(file_id=item.url, kind=item.kind, size=len(result), data=result))
            else:
                log.warning("wecom bot %s: media not fetched at once: %s", parsed.message.external_id, result)
                photos.append(MediaRef(file_id=item.url, kind=item.kind))
        return replace(parsed.message, photos=tuple(photos))

    async def on_frame(self, body: dict[str, Any], req_id: str) -> None:
        """A long-connection callback. Nothing re-delivers it, so storage gets a few tries."""
        try:
            parsed = self.parse(body)
        except MALFORMED_ERRORS as exc:
            log.warning("wecom bot callback malformed (%s): %.200s", type(exc).__name__, json.dumps(body))
            return
        if parsed is None:
            return
        message = await self.prepare(parsed, req_id)
        await accept_pushed_once(self.sink, message, json.dumps(body, ensure_ascii=False),
                                 attempts=self.accept_attempts, delay=self.accept_delay, what="wecom bot", logger=log)


# --- webhook mode ------------------------------------------------------------------------------

class WeComBotCallback(WeComCallback):
    """Webhook-mode crypto: the app's signature and AES scheme, an empty receive id, JSON bodies."""

    def __init__(self, token: str, encoding_aes_key: str, **kwargs: Any) -> None:
        super().__init__(token, encoding_aes_key, "", **kwargs)

    def decrypt(self, body: bytes, msg_signature: str, timestamp: str, nonce: str, now: datetime) -> str:
        """The plaintext JSON of a `{"encrypt": …}` body; raises like `WeComCallback.decrypt`."""
        envelope = json.loads(body.decode("utf-8"))
        if not isinstance(envelope, dict):
            raise ValueError("body must be a JSON object")
        encrypt = envelope["encrypt"]
        if not isinstance(encrypt, str):
            raise ValueError("encrypt must be a string")
        self._check_signature(msg_signature, timestamp, nonce, encrypt)
        self._check_fresh(timestamp, now)
        return self._cipher.open(_ciphertext(encrypt))  # as wechatpy's `decrypt_message` (`CallbackCipher`)


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def wecom_bot_webhook_handlers(callback: WeComBotCallback, inbound: WeComBotInbound,
                               clock: Clock) -> tuple[Handler, Handler]:
    """GET (URL verification) and POST bodies for /webhooks/wecom-bot; 200 means stored.

    The passive answer is empty: replies go through the outbox (response_url)."""

    get_handler = url_verification_handler(callback.verify_url, "wecom bot", clock)

    async def post_handler(request: web.Request) -> web.Response:
        params = signed_query(request)
        if params is None:
            raise Malformed("msg_signature, timestamp and nonce are required")
        body = await read_request(request, MAX_CALLBACK_BYTES)
        try:
            plaintext = callback.decrypt(body, *params, now=clock.now())
            parsed = inbound.parse(json.loads(plaintext))
        except REFUSED_ERRORS as exc:
            raise Refused(type(exc).__name__) from exc
        except MALFORMED_ERRORS as exc:
            raise Malformed(type(exc).__name__) from exc
        if parsed is not None:
            await inbound.sink.accept(await inbound.prepare(parsed, None), plaintext)
        return web.Response(status=200)

    return get_handler, edge_route("wecom bot callback", post_handler)

