"""DingTalk (钉钉): an enterprise internal app's robot in Stream mode (wire facts: docs/platforms/dingtalk.md).

Inbound: the Stream connection (`bot/adapters/dingtalk_stream.py`, DingTalk's own SDK) hands
each frame's data to `DingTalkInbound`. Robot messages (`/v1.0/im/bot/messages/get`) become
`InboundMessage`s and are stored before the frame is acknowledged; pictures are fetched later,
in processing, by their download code.
Card clicks (`/v1.0/card/instances/callback`) become button presses.

DingTalk pushes each frame to one of the app's connections, chosen at random, so every
replica connects and none holds a lease; the inbox's UNIQUE(platform, external_id) on the
message's `msgId` keeps a repeated push to one record.

Outbound, `DingTalkChannel` answers through the message's `sessionWebhook` while it is valid
(`sessionWebhookExpiredTime`), otherwise through the robot's send APIs with an access token:
`groupMessages/send` for groups, `oToMessages/batchSend` for 1:1 chats. Buttons become an
interactive card when a card template is configured, else an ActionCard whose buttons send
the menu number back into the chat.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import aiohttp
import dingtalk_stream
from dingtalk_stream import CallbackHandler, ChatbotMessage

from bot import payloads
from bot.adapters.http_session import HttpSessionOwner
from bot.adapters.wecom_adapter import RATE_LIMIT_RETRY_AFTER, menu_payloads, numbered_menu
from bot.clock import Clock, SystemClock
from bot.long_connection import accept_pushed_once
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
)
from bot.web.edge import read_download

log = logging.getLogger("supplierbot.dingtalk")

DEFAULT_API_BASE = "https://api.dingtalk.com"
TOPIC_ROBOT = ChatbotMessage.TOPIC  # /v1.0/im/bot/messages/get
TOPIC_CARD = CallbackHandler.TOPIC_CARD_CALLBACK  # /v1.0/card/instances/callback
TOKEN_MARGIN = timedelta(minutes=5)  # renew the access token this long before it runs out (as the SDK does)
WEBHOOK_MARGIN = timedelta(seconds=30)  # a session webhook this close to its expiry is not used any more
ACTION_CARD_MAX_BUTTONS = 5  # sampleActionCard2..5 carry two to five buttons
TEXT_MAX_CHARS = 5000  # msgParam must stay under 15,000 bytes; Chinese is three bytes a character
WEBHOOK_RATE_ERRCODES = frozenset({130101})  # "send too fast": a robot may send 20 messages a minute
MALFORMED = (KeyError, TypeError, ValueError, AttributeError)


# --- parsing ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ParsedRobotMessage:
    """One robot message as our types, plus how to answer it without a token."""

    message: InboundMessage
    session_webhook: str | None = None
    webhook_until: datetime | None = None


def _ms(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value) / 1000, UTC) if value not in (None, "") else None
    except (TypeError, ValueError, OverflowError):
        return None


def _picture(code: Any) -> MediaRef:
    if not isinstance(code, str) or not code:
        raise ValueError("a picture without downloadCode")
    return MediaRef(file_id=code, kind="photo")


def parse_robot_message(data: dict[str, Any], *, now: datetime) -> ParsedRobotMessage | None:
    """Translate the `data` of a robot-message frame; None for kinds we do not read.
    Raises KeyError/TypeError/ValueError for a body DingTalk would not send."""
    if not isinstance(data, dict):
        raise TypeError("robot message data must be an object")
    incoming = ChatbotMessage.from_dict(data)  # the SDK's own reading of the fields
    msg_id, kind = incoming.message_id, incoming.message_type
    if not isinstance(msg_id, str) or not msg_id or not kind:
        raise ValueError("msgId and msgtype are required")
    group = str(incoming.conversation_type) == "2"
    user = incoming.sender_staff_id or incoming.sender_id
    if not user:
        raise ValueError("a message without a sender")
    chat_id = incoming.conversation_id if group else (incoming.sender_staff_id or incoming.conversation_id)
    if not chat_id:
        raise ValueError("a message without conversationId")
    text, photos, attachments, content_kind = "", [], [], ContentKind.TEXT
    raw_content = data.get("content")
    content: dict[str, Any] = raw_content if isinstance(raw_content, dict) else {}
    if kind == "text":
        text = incoming.text.content or ""
    elif kind == "picture":
        photos.append(_picture(incoming.image_content.download_code))
    elif kind == "richText":
        parts = []
        for item in incoming.rich_text_content.rich_text_list or []:
            if not isinstance(item, dict):
                continue
            if "text" in item:
                parts.append(str(item["text"]))
            elif item.get("type") == "picture" or "downloadCode" in item:
                photos.append(_picture(item.get("downloadCode")))
        text = "".join(parts)
    elif kind == "audio":
        text, content_kind = str(content.get("recognition") or ""), ContentKind.VOICE
    elif kind == "file":
        attachments.append(MediaRef(file_id=str(content["downloadCode"]), kind="file",
                                    file_name=str(content.get("fileName") or "") or None))
        content_kind = ContentKind.FILE
    elif kind == "video":
        content_kind = ContentKind.VIDEO
    else:
        return None
    title = incoming.conversation_title if group else None
    message = InboundMessage(
        platform=Platform.DINGTALK,
        external_id=msg_id,
        chat=ChatRef(Platform.DINGTALK, chat_id, ChatKind.GROUP if group else ChatKind.PRIVATE, title),
        sender=SenderRef(user_id=user, display_name=incoming.sender_nick or ""),
        sent_at=_ms(incoming.create_at) or now,
        text=text.strip(),
        photos=tuple(photos),
        mentioned_bot=group and bool(incoming.is_in_at_list),
        content_kind=content_kind,
        attachments=tuple(attachments),
    )
    hook = incoming.session_webhook if isinstance(incoming.session_webhook, str) else None
    return ParsedRobotMessage(message, hook or None, _ms(incoming.session_webhook_expired_time))


@dataclass(frozen=True, slots=True)
class CardClick:
    message: InboundMessage
    out_track_id: str


def parse_card_callback(data: dict[str, Any], *, now: datetime, memory: SessionWebhooks | None = None
                        ) -> CardClick | None:
    """A click on one of our cards' buttons: its payload travels in `cardPrivateData.params`.
    The chat comes from the callback's space (IM_GROUP → the group, IM_ROBOT → the 1:1 chat),
    else from what this replica remembers of the card it sent."""
    callback = dingtalk_stream.CardCallbackMessage.from_dict(data)
    params = (callback.content.get("cardPrivateData") or {}).get("params") or {}
    payload = payloads.clicked(params.get("payload")) if isinstance(params, dict) else None
    if not payload or not callback.user_id:  # a forged event payload is no click either
        return None
    track = callback.card_instance_id or ""
    space_type, space_id = str(data.get("spaceType") or ""), str(data.get("spaceId") or "")
    chat: ChatRef | None
    if space_type == "IM_GROUP" and space_id:
        chat = ChatRef(Platform.DINGTALK, space_id, ChatKind.GROUP)
    elif space_type == "IM_ROBOT":
        chat = ChatRef(Platform.DINGTALK, space_id or callback.user_id, ChatKind.PRIVATE)
    else:
        chat = memory.card_chat(track) if memory is not None else None
    if chat is None:
        log.warning("dingtalk card click on %s: no chat known; ignored", track)
        return None
    message = InboundMessage(
        platform=Platform.DINGTALK, external_id=f"card:{track}:{callback.user_id}:{payload}"[:160], chat=chat,
        sender=SenderRef(user_id=callback.user_id), sent_at=now, button_payload=payload,
        mentioned_bot=chat.kind is ChatKind.GROUP, clicked_message=track or None,
    )
    return CardClick(message, track)


# --- what a replica remembers ---------------------------------------------------------------------

class SessionWebhooks:
    """Per replica, short-lived: each chat's latest session webhook and its expiry, and the chat
    of each card this replica sent. Lost on restart; sends then go through the send APIs."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._by_chat: dict[str, tuple[str, datetime]] = {}
        self._cards: dict[str, ChatRef] = {}

    def remember(self, parsed: ParsedRobotMessage) -> None:
        if parsed.session_webhook and parsed.webhook_until:
            self._by_chat[parsed.message.chat.chat_id] = (parsed.session_webhook, parsed.webhook_until)

    def for_chat(self, chat_id: str) -> str | None:
        url, until = self._by_chat.get(chat_id, ("", None))
        if not url or until is None or until - WEBHOOK_MARGIN <= self.clock.now():
            self._by_chat.pop(chat_id, None)
            return None
        return url

    def forget(self, chat_id: str) -> None:
        self._by_chat.pop(chat_id, None)

    def sent_card(self, track: str, chat: ChatRef) -> None:
        if len(self._cards) > 10_000:
            self._cards.clear()
        self._cards[track] = chat

    def card_chat(self, track: str) -> ChatRef | None:
        return self._cards.get(track)


# --- the OpenAPI (api.dingtalk.com) -----------------------------------------------------------------

def api_error(status: int, body: dict[str, Any], what: str) -> SendError:
    """A refused OpenAPI call as our retry policy: throttling waits like WeCom's limits, 5xx retries,
    other 4xx are final. DingTalk answers `{"code": …, "message": …, "requestid": …}`."""
    code = str(body.get("code") or f"http_{status}")
    message = f"dingtalk {what} answered HTTP {status} {code}: {str(body.get('message') or '')[:200]}"
    if status == 429 or "QpsLimit" in code or "Throttling" in code or "FlowControl" in code:
        return SendError(message, retry_after=RATE_LIMIT_RETRY_AFTER, code=code)
    if status >= 500:
        return SendError(message, code=code)
    return SendError(message, permanent=True, code=code)


def json_object(raw: bytes) -> dict[str, Any]:
    """An answer's JSON object; {} for an empty body, a proxy's HTML page or anything not an object."""
    try:
        data = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


class DingTalkApi(HttpSessionOwner):
    """The few OpenAPI calls the robot needs, with one cached access token per app."""

    def __init__(self, client_id: str, client_secret: str, robot_code: str, *, base: str = DEFAULT_API_BASE,
                 clock: Clock | None = None, timeout: float = 10.0, download_timeout: float = 60.0,
                 max_download_bytes: int = 20 * 1024 * 1024) -> None:
        self.client_id, self.robot_code = client_id, robot_code or client_id
        self._secret = client_secret
        self.base = base.rstrip("/")
        self.clock = clock or SystemClock()
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._download_timeout = aiohttp.ClientTimeout(total=download_timeout)
        self._max_download = max_download_bytes
        self._token: tuple[str, datetime] | None = None
        self._token_lock = asyncio.Lock()

    async def access_token(self) -> str:
        """`POST /v1.0/oauth2/accessToken` {appKey, appSecret} → {accessToken, expireIn}."""
        async with self._token_lock:
            if self._token is not None and self._token[1] > self.clock.now():
                return self._token[0]
            body = await self._post("/v1.0/oauth2/accessToken", {"appKey": self.client_id, "appSecret": self._secret},
                                    "accessToken", token=None)
            token, expire_in = body.get("accessToken"), body.get("expireIn")
            if not isinstance(token, str) or not token:
                raise SendError("dingtalk accessToken: no token in the answer", code="no_token")
            lifetime = timedelta(seconds=int(expire_in or 7200))
            self._token = (token, self.clock.now() + max(timedelta(seconds=60), lifetime - TOKEN_MARGIN))
            return token

    async def call(self, path: str, body: dict[str, Any], what: str) -> dict[str, Any]:
        """An authenticated call; a refused token is fetched again once."""
        for attempt in (1, 2):
            token = await self.access_token()
            try:
                return await self._post(path, body, what, token=token)
            except SendError as exc:
                if attempt == 1 and exc.code in ("InvalidAuthentication", "http_401"):
                    self._token = None
                    continue
                raise
        raise AssertionError("unreachable")

    async def _post(self, path: str, body: dict[str, Any], what: str, *, token: str | None,
                    method: str = "POST") -> dict[str, Any]:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["x-acs-dingtalk-access-token"] = token
        try:
            async with self.http.request(method, self.base + path, json=body, headers=headers) as response:
                raw = await response.read()
                status = response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SendError(f"dingtalk {what} failed: {exc!r}", code="dingtalk_transport") from exc
        data = json_object(raw)
        if status >= 400:
            raise api_error(status, data, what)
        return data

    async def put(self, path: str, body: dict[str, Any], what: str) -> dict[str, Any]:
        token = await self.access_token()
        return await self._post(path, body, what, token=token, method="PUT")

    async def download(self, download_code: str) -> bytes:
        """`POST /v1.0/robot/messageFiles/download` {downloadCode, robotCode} → {downloadUrl}; then GET it."""
        answer = await self.call("/v1.0/robot/messageFiles/download",
                                 {"downloadCode": download_code, "robotCode": self.robot_code}, "messageFiles/download")
        url = answer.get("downloadUrl")
        if not isinstance(url, str) or not url:
            raise SendError("dingtalk messageFiles/download: no downloadUrl", permanent=True, code="no_download_url")
        try:
            async with self.http.get(url, timeout=self._download_timeout) as response:
                if response.status >= 400:
                    raise SendError(f"dingtalk file answered HTTP {response.status}",
                                    permanent=response.status in (403, 404, 410), code=f"http_{response.status}")
                return await read_download(response, self._max_download, "dingtalk file")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SendError(f"dingtalk file download failed: {exc!r}") from exc


# --- outbound ---------------------------------------------------------------------------------------

def _clip(text: str, limit: int = TEXT_MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _title(text: str) -> str:
    first = text.strip().split("\n", 1)[0]
    return first[:20] or "SupplierBot"


def _markdown(text: str) -> str:
    """DingTalk markdown joins single newlines; a line break needs a blank line or two trailing spaces."""
    return _clip("  \n".join(text.split("\n")))


def menu_link(number: int) -> str:
    """A button that sends its menu number into the chat as the person who pressed it."""
    return "dtmd://dingtalkclient/sendMessage?content=" + quote(str(number))


def robot_message(reply: Reply) -> tuple[str, dict[str, Any], tuple[str, ...]]:
    """(msgKey, msgParam, menu) for the send APIs: text, or an ActionCard for two to five buttons
    whose buttons send the menu number; more buttons are a numbered text menu."""
    buttons = tuple(b for row in reply.buttons for b in row)
    if not buttons:
        return "sampleText", {"content": _clip(reply.text)}, ()
    text = numbered_menu(reply.text, buttons)
    menu = menu_payloads(buttons)
    if len(buttons) == 1:
        return "sampleActionCard", {"title": _title(reply.text), "text": _markdown(text),
                                    "singleTitle": buttons[0].label, "singleURL": menu_link(1)}, menu
    if len(buttons) <= ACTION_CARD_MAX_BUTTONS:
        param: dict[str, Any] = {"title": _title(reply.text), "text": _markdown(text)}
        for number, button in enumerate(buttons, start=1):
            param[f"actionTitle{number}"] = button.label
            param[f"actionURL{number}"] = menu_link(number)
        return f"sampleActionCard{len(buttons)}", param, menu
    return "sampleText", {"content": _clip(text)}, menu


def webhook_body(reply: Reply) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The same message for a session webhook, which takes text / markdown / actionCard bodies."""
    key, param, menu = robot_message(reply)
    at = {"atUserIds": list(reply.mention_user_ids)} if reply.mention_user_ids else None
    if key == "sampleText":
        body: dict[str, Any] = {"msgtype": "text", "text": {"content": param["content"]}}
    else:
        buttons = [{"title": param.get(f"actionTitle{n}") or param.get("singleTitle"),
                    "actionURL": param.get(f"actionURL{n}") or param.get("singleURL")}
                   for n in range(1, ACTION_CARD_MAX_BUTTONS + 1)
                   if param.get(f"actionTitle{n}") or (n == 1 and param.get("singleTitle"))]
        body = {"msgtype": "actionCard",
                "actionCard": {"title": param["title"], "text": param["text"], "btnOrientation": "0", "btns": buttons}}
    if at:
        body["at"] = at
    return body, menu


def card_params(reply: Reply) -> dict[str, str]:
    """The interactive card's variables (every value a string, as the card API wants): the text,
    and the buttons as a JSON list the template renders in a loop, each sending back `payload`."""
    buttons = [{"text": b.label, "payload": b.payload} for row in reply.buttons for b in row]
    return {"content": _markdown(reply.text), "buttons": json.dumps(buttons, ensure_ascii=False)}


class DingTalkChannel:
    """The robot's `Channel`: ChatRef(DINGTALK, openConversationId for groups, staff userId for 1:1)."""

    platform = Platform.DINGTALK

    def __init__(self, api: DingTalkApi, *, clock: Clock | None = None, card_template_id: str = "",
                 memory: SessionWebhooks | None = None) -> None:
        self.api = api
        self.clock = clock or api.clock
        self.card_template_id = card_template_id
        self.memory = memory or SessionWebhooks(self.clock)

    async def start(self) -> None:
        await self.api.start()

    async def stop(self) -> None:
        await self.api.stop()

    async def send(self, reply: Reply) -> SendResult:
        if reply.chat.platform is not Platform.DINGTALK:
            raise SendError(f"DingTalkChannel cannot send to {reply.chat.platform}", permanent=True,
                            code="unsupported_platform")
        if reply.image_sha256:
            log.info("dingtalk: image %s not uploaded (media upload not implemented); text only", reply.image_sha256)
        if reply.edit_of:
            return await self._edit_card(reply)
        if reply.buttons and self.card_template_id:
            return await self._send_card(reply)
        hook = self.memory.for_chat(reply.chat.chat_id)
        if hook is not None:
            sent = await self._send_webhook(hook, reply)
            if sent is not None:
                return sent
        return await self._send_api(reply)

    async def _send_webhook(self, url: str, reply: Reply) -> SendResult | None:
        """Answer through the session webhook; None when it no longer works (then the APIs take over)."""
        body, menu = webhook_body(reply)
        try:
            async with self.api.http.post(url, json=body) as response:
                raw, status = await response.read(), response.status
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SendError(f"dingtalk session webhook failed: {exc!r}", code="dingtalk_transport") from exc
        data = json_object(raw)
        errcode = data.get("errcode", 0)
        if status < 400 and errcode == 0:
            return SendResult(menu=menu)
        if errcode in WEBHOOK_RATE_ERRCODES or status == 429:
            raise SendError(f"dingtalk session webhook: errcode {errcode} (too fast)", retry_after=RATE_LIMIT_RETRY_AFTER,
                            code=str(errcode))
        log.info("dingtalk session webhook for %s refused (HTTP %d, errcode %s); using the send API",
                 reply.chat.chat_id, status, errcode)
        self.memory.forget(reply.chat.chat_id)
        return None

    async def _send_api(self, reply: Reply) -> SendResult:
        key, param, menu = robot_message(reply)
        body: dict[str, Any] = {"robotCode": self.api.robot_code, "msgKey": key,
                                "msgParam": json.dumps(param, ensure_ascii=False)}
        if reply.chat.kind is ChatKind.GROUP:
            body["openConversationId"] = reply.chat.chat_id
            answer = await self.api.call("/v1.0/robot/groupMessages/send", body, "groupMessages/send")
        else:
            body["userIds"] = [reply.chat.chat_id]
            answer = await self.api.call("/v1.0/robot/oToMessages/batchSend", body, "oToMessages/batchSend")
            if answer.get("flowControlledStaffIdList"):
                raise SendError("dingtalk oToMessages/batchSend: the user is flow-controlled",
                                retry_after=RATE_LIMIT_RETRY_AFTER, code="flow_controlled")
            if answer.get("invalidStaffIdList"):
                raise SendError(f"dingtalk: {reply.chat.chat_id} is not a user of this organisation", permanent=True,
                                code="invalid_staff_id")
        key_ = answer.get("processQueryKey")
        return SendResult(platform_message_id=str(key_) if key_ else None, menu=menu)

    async def _send_card(self, reply: Reply) -> SendResult:
        """`POST /v1.0/card/instances/createAndDeliver` with callbackType STREAM: clicks come back
        over the connection on `/v1.0/card/instances/callback`."""
        track = f"sb-{uuid.uuid4().hex}"
        body: dict[str, Any] = {
            "cardTemplateId": self.card_template_id, "outTrackId": track, "callbackType": "STREAM",
            "cardData": {"cardParamMap": card_params(reply)},
        }
        if reply.chat.kind is ChatKind.GROUP:
            body["openSpaceId"] = f"dtv1.card//IM_GROUP.{reply.chat.chat_id}"
            body["imGroupOpenSpaceModel"] = {"supportForward": False}
            body["imGroupOpenDeliverModel"] = {"robotCode": self.api.robot_code}
        else:
            body["openSpaceId"] = f"dtv1.card//IM_ROBOT.{reply.chat.chat_id}"
            body["imRobotOpenSpaceModel"] = {"supportForward": False}
            body["imRobotOpenDeliverModel"] = {"spaceType": "IM_ROBOT", "robotCode": self.api.robot_code}
        await self.api.call("/v1.0/card/instances/createAndDeliver", body, "card/instances/createAndDeliver")
        self.memory.sent_card(track, reply.chat)
        return SendResult(platform_message_id=track)

    async def _edit_card(self, reply: Reply) -> SendResult:
        """A used button: the card shows the new text and no buttons (`PUT /v1.0/card/instances`).
        An ActionCard cannot be changed once sent, so there is nothing to do for one."""
        if not self.card_template_id or not str(reply.edit_of).startswith("sb-"):
            return SendResult()
        params = {"content": _markdown(reply.text), "buttons": "[]"}
        await self.api.put("/v1.0/card/instances", {"outTrackId": reply.edit_of,
                                                    "cardData": {"cardParamMap": params}}, "card/instances")
        return SendResult(platform_message_id=reply.edit_of)

    async def download(self, media: MediaRef) -> bytes:
        if media.data is not None:
            return media.data
        return await self.api.download(media.file_id)


# --- inbound: frames to the inbox --------------------------------------------------------------------

class DingTalkInbound:
    """Robot messages and card clicks end here: parse, remember the session webhook, store."""

    def __init__(self, sink: InboundSink, channel: DingTalkChannel, *, clock: Clock | None = None,
                 accept_attempts: int = 5, accept_delay: float = 0.5) -> None:
        self.sink = sink
        self.channel = channel
        self.clock = clock or channel.clock
        self.accept_attempts = accept_attempts
        self.accept_delay = accept_delay

    async def on_robot_message(self, data: dict[str, Any]) -> None:
        try:
            parsed = parse_robot_message(data, now=self.clock.now())
        except MALFORMED as exc:
            log.warning("dingtalk robot message malformed (%s): %.200s", type(exc).__name__, json.dumps(data))
            return
        if parsed is None:
            return
        self.channel.memory.remember(parsed)
        await self._store(parsed.message, data)

    async def on_card_click(self, data: dict[str, Any]) -> None:
        try:
            click = parse_card_callback(data, now=self.clock.now(), memory=self.channel.memory)
        except MALFORMED as exc:
            log.warning("dingtalk card callback malformed (%s): %.200s", type(exc).__name__, json.dumps(data))
            return
        if click is not None:
            await self._store(click.message, data)

    async def _store(self, message: InboundMessage, data: dict[str, Any]) -> None:
        """Robot messages are pushed once (fire and forget), so storage gets a few tries."""
        await accept_pushed_once(self.sink, message, json.dumps(data, ensure_ascii=False),
                                 attempts=self.accept_attempts, delay=self.accept_delay, what="dingtalk", logger=log)
