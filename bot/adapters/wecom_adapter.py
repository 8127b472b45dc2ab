"""WeCom (企业微信) self-built app: callbacks in, JSON API calls out.

Inbound: `WeComCallback` checks the signature and the timestamp window, decrypts with
wechatpy's `WeChatCrypto` and turns the plaintext into an `InboundMessage`;
`wecom_webhook_handlers` wraps that in aiohttp route bodies that answer 200 only once the
sink has stored the message. Outbound: `WeComChannel` calls WeCom's JSON API with aiohttp
(wechatpy has no async client and hard-codes some URLs).

`enter_agent` (a member opened the app) becomes a message with empty text and
`button_payload == ENTER_AGENT_PAYLOAD`, so a handler can greet a contact it does not know
yet; handlers that do not care ignore it. Events are deduplicated on
`event:<Event>:<FromUserName>:<CreateTime>` (plus `:<EventKey>` for card clicks),
messages on their `MsgId`.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import logging
import re
import struct
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

import aiohttp
import xmltodict
from aiohttp import web
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.enterprise.events import EVENT_TYPES, EnterAgentEvent
from wechatpy.enterprise.exceptions import InvalidCorpIdException
from wechatpy.enterprise.messages import MESSAGE_TYPES
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.messages import ImageMessage, TextMessage, UnknownMessage
from wechatpy.utils import to_text

from bot import payloads
from bot.adapters.http_session import HttpSessionOwner
from bot.adapters.wecom_wire import CallbackCipher, read_flat_xml
from bot.clock import Clock, SystemClock
from bot.ports import (
    Button,
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
from bot.web.edge import Malformed, Refused, edge_route, read_download, read_request

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://qyapi.weixin.qq.com/cgi-bin/"
DEFAULT_ROBOT_URL = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"
ENTER_AGENT_PAYLOAD = payloads.event(payloads.Event.ENTER_AGENT)
MAX_CALLBACK_BYTES = 64 * 1024
TIMESTAMP_WINDOW = timedelta(seconds=300)
CARD_MAX_BUTTONS = 6
CARD_KEY_MAX_BYTES = 1024
TEXT_MAX_BYTES = 2048
RATE_LIMIT_RETRY_AFTER = 60.0
MEDIA_LIFETIME = timedelta(days=3)  # a media/upload media_id is valid three days (doc 90389)
ROBOT_IMAGE_MAX_BYTES = 2 * 1024 * 1024  # group robot images: JPG/PNG, at most 2 MB before base64 (doc 91770)
REPLACE_NAME_MAX = 20  # a card button's text is short; the used-button text is clipped to match
UPLOAD_IMAGE_MAX_BYTES = 10 * 1024 * 1024  # media/upload type=image: JPG/PNG, at most 10 MB (doc 90389)

_UNSAFE_XML = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_TOKEN_ERRCODES = frozenset({40014, 42001})
_RATE_ERRCODES = frozenset({45009, 45033})
MALFORMED_ERRORS: tuple[type[Exception], ...] = (
    struct.error, ValueError, binascii.Error, KeyError, IndexError, TypeError, OverflowError, ExpatError,
)
UNTRUSTED_ERRORS: tuple[type[Exception], ...] = (InvalidSignatureException, InvalidCorpIdException)


class StaleTimestamp(Exception):
    """The callback's timestamp is outside the window: a replay, or a badly wrong clock."""


REFUSED_ERRORS: tuple[type[Exception], ...] = (*UNTRUSTED_ERRORS, StaleTimestamp)  # answered 403


class UnsafeXml(ValueError):
    """The XML declares a DOCTYPE or ENTITY: refused before any parser sees it."""


def refuse_unsafe_xml(xml: str) -> None:
    """Raise `UnsafeXml` for DTDs, which WeCom never sends and XML bombs need."""
    if _UNSAFE_XML.search(xml):
        raise UnsafeXml("DOCTYPE/ENTITY declarations are not accepted")


def _parse_xml_root(xml: str) -> dict[str, Any]:
    """Parse a WeCom `<xml>…</xml>` document into a flat dict, refusing anything else."""
    refuse_unsafe_xml(xml)
    return _xml_root(xml)


def _xml_root(xml: str) -> dict[str, Any]:
    """`_parse_xml_root` of a document already searched for DTDs. WeCom's flat documents are read by
    `read_flat_xml`; anything else by xmltodict, as before (the same dict, the same errors)."""
    flat = read_flat_xml(xml)
    if flat is not None:
        return flat
    root = xmltodict.parse(xml, disable_entities=True).get("xml")
    if not isinstance(root, dict):
        raise ValueError("expected an <xml> element with children")
    return root


def _check_ciphertext(encrypt: Any) -> str:
    """Reject Encrypt values that are not whole AES blocks of base64 before wechatpy sees them."""
    _ciphertext(encrypt)
    return str(encrypt)


def _ciphertext(encrypt: Any) -> bytes:
    """The bytes of an Encrypt value; ValueError (binascii.Error for bad base64) unless they are whole
    AES blocks, so neither wechatpy nor `CallbackCipher.open` sees anything else."""
    if not isinstance(encrypt, str) or not encrypt:
        raise ValueError("Encrypt must be a non-empty string")
    raw = base64.b64decode(encrypt, validate=True)
    if len(raw) % 16:
        raise ValueError("Encrypt is not a whole number of AES blocks")
    return raw


class WeComCallback:
    """Signature, freshness and decryption of the app's callbacks, and their translation."""

    def __init__(self, token: str, encoding_aes_key: str, corp_id: str, *,
                 window: timedelta = TIMESTAMP_WINDOW) -> None:
        self._crypto = WeChatCrypto(token, encoding_aes_key, corp_id)  # the URL check (GET) still uses it
        self._cipher = CallbackCipher(token, encoding_aes_key, corp_id)  # a POST's signature and decryption
        self._window = window
        self.corp_id = corp_id

    def _check_signature(self, msg_signature: str, timestamp: str, nonce: str, encrypt: str) -> None:
        expected = self._cipher.signature(timestamp, nonce, encrypt)
        if not hmac.compare_digest(expected.encode(), msg_signature.encode()):
            raise InvalidSignatureException()

    def _check_fresh(self, timestamp: str, now: datetime) -> None:
        sent = datetime.fromtimestamp(int(timestamp), UTC)
        if abs(now - sent) > self._window:
            raise StaleTimestamp(f"timestamp {timestamp} is {abs(now - sent)} away from now")

    def verify_url(self, msg_signature: str, timestamp: str, nonce: str, echostr: str, now: datetime) -> str:
        """Answer WeCom's URL check: the decrypted echostr. Raises on a bad signature or corp id,
        and `StaleTimestamp` outside the window, so a captured check cannot be replayed later."""
        self._check_signature(msg_signature, timestamp, nonce, echostr)
        self._check_fresh(timestamp, now)
        return self._crypto.check_signature(msg_signature, timestamp, nonce, _check_ciphertext(echostr))

    def decrypt(self, body: bytes, msg_signature: str, timestamp: str, nonce: str, now: datetime) -> str:
        """Decrypt a pushed callback to its plaintext XML.

        Raises InvalidSignatureException, InvalidCorpIdException, StaleTimestamp, or one of
        MALFORMED_ERRORS for bodies that are not a well-formed envelope.
        """
        envelope = _parse_xml_root(body.decode("utf-8"))
        encrypt = envelope["Encrypt"]
        if not isinstance(encrypt, str):
            raise ValueError("Encrypt must be text")
        self._check_signature(msg_signature, timestamp, nonce, encrypt)
        self._check_fresh(timestamp, now)
        # what wechatpy's `decrypt_message` did after signing the same values again and decoding the same
        # base64 again (`CallbackCipher`)
        plaintext = self._cipher.open(_ciphertext(encrypt))
        refuse_unsafe_xml(plaintext)
        return plaintext

    def inbound_from_plaintext(self, xml: str) -> InboundMessage | None:
        """Translate decrypted XML; None for events the bot does not handle. Voice comes with
        WeCom's transcript (`Recognition`) when it gave one; files are kept; video, location
        and links are passed on by kind, so the sender gets an answer."""
        return _inbound_from_root(_parse_xml_root(xml))

    def inbound_from_decrypted(self, xml: str) -> InboundMessage | None:
        """`inbound_from_plaintext` of what `decrypt` returned, which it has already searched for DTDs."""
        return _inbound_from_root(_xml_root(xml))


def _inbound_from_root(root: dict[str, Any]) -> InboundMessage | None:
    if str(root.get("MsgType", "")).lower() == "event":
        return _event_from_root(root)
    # the class wechatpy's `parse_message` would make, and its fields read as its descriptors read them
    # (`_wechatpy_field`), without making the message (a copy of the root, a class of descriptors)
    msg_type = root["MsgType"]
    if not isinstance(msg_type, str):  # `<MsgType></MsgType>` reads as None, a nested one as a dict
        raise ValueError("MsgType must be text")
    kind = MESSAGE_TYPES.get(msg_type.lower(), UnknownMessage)
    if issubclass(kind, TextMessage):
        return _base_message(root, str(_wechatpy_field(root, "MsgId", 0, int)),
                             text=_wechatpy_field(root, "Content", None, to_text) or "")
    if issubclass(kind, ImageMessage):
        media_id = _wechatpy_field(root, "MediaId", None, to_text)
        if media_id:
            return _base_message(root, str(_wechatpy_field(root, "MsgId", 0, int)), photos=(MediaRef(file_id=media_id),))
    return _other_message(root)


def _wechatpy_field(root: dict[str, Any], name: str, default: Any, converter: Callable[[Any], Any]) -> Any:
    """What a wechatpy message's field reads from its data (`wechatpy.fields.FieldDescriptor.__get__`): the
    default when missing; a dict, list or falsy value as it is; anything else through the field's converter
    (`IntegerField`: int, `StringField`: to_text)."""
    value = root.get(name)
    if value is None:
        return default
    if value and not isinstance(value, (dict, list, tuple)):
        return converter(value)
    return value


_OTHER_KINDS = {"video": ContentKind.VIDEO, "shortvideo": ContentKind.VIDEO, "location": ContentKind.LOCATION,
                "link": ContentKind.LINK}


def _other_message(root: dict[str, Any]) -> InboundMessage | None:
    msg_type = str(root.get("MsgType", "")).lower()
    external_id = str(root.get("MsgId") or "")
    if msg_type == "voice":
        recognition = root.get("Recognition")
        text = recognition.strip() if isinstance(recognition, str) else ""
        return _base_message(root, external_id, text=text, content_kind=ContentKind.VOICE)
    media_id = root.get("MediaId")
    if msg_type == "file" and isinstance(media_id, str) and media_id:
        name = root.get("FileName") or root.get("Title")
        document = MediaRef(file_id=media_id, kind="file", file_name=name if isinstance(name, str) else None)
        return _base_message(root, external_id, content_kind=ContentKind.FILE, attachments=(document,))
    return _base_message(root, external_id, content_kind=_OTHER_KINDS.get(msg_type, ContentKind.OTHER))


def _event_from_root(root: dict[str, Any]) -> InboundMessage | None:
    event = str(root.get("Event", "")).lower()
    # the class wechatpy's `parse_message(xml)` would make of the same root, without parsing the XML again
    if event == "enter_agent" and issubclass(EVENT_TYPES.get(event, UnknownMessage), EnterAgentEvent):
        return _base_message(root, _event_id(root, event), button_payload=ENTER_AGENT_PAYLOAD)
    if event == "template_card_event":
        key = root.get("EventKey")
        if not isinstance(key, str) or payloads.clicked(key) is None:
            return None
        code = root.get("ResponseCode")
        return _base_message(root, _event_id(root, event, key), button_payload=key,
                             clicked_message=code if isinstance(code, str) and code else None)
    return None


def _event_id(root: dict[str, Any], event: str, key: str | None = None) -> str:
    """Events carry no MsgId: WeCom says to deduplicate on FromUserName + CreateTime."""
    parts = ["event", event, _required(root, "FromUserName"), _required(root, "CreateTime")]
    return ":".join(parts if key is None else [*parts, key])


def _required(root: dict[str, Any], name: str) -> str:
    value = root[name]
    if not isinstance(value, str) or not value:
        raise ValueError(f"{name} missing or empty")
    return value


def _base_message(root: dict[str, Any], external_id: str, *, text: str = "",
                  photos: tuple[MediaRef, ...] = (), button_payload: str | None = None,
                  content_kind: ContentKind = ContentKind.TEXT,
                  attachments: tuple[MediaRef, ...] = (), clicked_message: str | None = None) -> InboundMessage:
    user = _required(root, "FromUserName")
    if external_id in ("", "0"):
        external_id = f"msg:{user}:{_required(root, 'CreateTime')}"
    return InboundMessage(
        platform=Platform.WECOM,
        external_id=external_id,
        chat=ChatRef(Platform.WECOM, user, ChatKind.PRIVATE),
        sender=SenderRef(user_id=user),
        sent_at=datetime.fromtimestamp(int(_required(root, "CreateTime")), UTC),
        text=text,
        photos=photos,
        button_payload=button_payload,
        content_kind=content_kind,
        attachments=attachments,
        clicked_message=clicked_message,
    )


Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_SIGNED_PARAMS = ("msg_signature", "timestamp", "nonce")


def signed_query(request: web.Request) -> tuple[str, str, str] | None:
    """A callback's msg_signature, timestamp and nonce; None when any is missing."""
    signature, timestamp, nonce = (request.query.get(name, "") for name in _SIGNED_PARAMS)
    return (signature, timestamp, nonce) if signature and timestamp and nonce else None


def url_verification_handler(verify_url: Callable[[str, str, str, str, datetime], str], name: str,
                             clock: Clock) -> Handler:
    """GET <callback URL>: WeCom checks the URL by sending an encrypted echostr; answer the plaintext.

    Shared by the app's and the AI bot's callbacks (the same scheme, another receive id)."""

    async def get_handler(request: web.Request) -> web.Response:
        signed, echostr = signed_query(request), request.query.get("echostr", "")
        if signed is None or not echostr:
            raise Malformed("msg_signature, timestamp, nonce and echostr are required")
        try:
            echo = verify_url(*signed, echostr, clock.now())
        except REFUSED_ERRORS as exc:
            raise Refused(f"bad signature, receive id or stale timestamp ({type(exc).__name__})") from exc
        except MALFORMED_ERRORS as exc:
            raise Malformed(type(exc).__name__) from exc
        return web.Response(text=echo, content_type="text/plain")

    return edge_route(f"{name} url verification", get_handler)


def wecom_webhook_handlers(callback: WeComCallback, sink: InboundSink,
                           clock: Clock) -> tuple[Handler, Handler]:
    """Route bodies for GET/POST /webhooks/wecom; 200 on POST means the message is stored."""

    get_handler = url_verification_handler(callback.verify_url, "wecom", clock)

    async def post_handler(request: web.Request) -> web.Response:
        params = signed_query(request)
        if params is None:
            raise Malformed("msg_signature, timestamp and nonce are required")
        body = await read_request(request, MAX_CALLBACK_BYTES)
        try:
            plaintext = callback.decrypt(body, *params, now=clock.now())
            message = callback.inbound_from_decrypted(plaintext)
        except REFUSED_ERRORS as exc:
            raise Refused(type(exc).__name__) from exc
        except MALFORMED_ERRORS as exc:
            raise Malformed(type(exc).__name__) from exc
        if message is not None:
            await sink.accept(message, plaintext)
        return web.Response(status=200)

    return get_handler, edge_route("wecom callback", post_handler)


@dataclass(slots=True)
class _Token:
    value: str
    expires_at: datetime


# (photo hash, small) -> the stored file or its bytes; small asks for the JPEG thumbnail, for
# when the photo is not a JPG/PNG or is over a size WeCom takes.
ImageLoader = Callable[[str, bool], bytes | Path]


def _image_mime(data: bytes) -> str | None:
    """WeCom takes JPG and PNG images only; anything else is sent as its JPEG thumbnail."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    return None


def _clip_utf8(text: str, limit: int = TEXT_MAX_BYTES) -> str:
    """WeCom silently truncates at a byte count; cut on a character boundary instead."""
    raw = text.encode()
    if len(raw) <= limit:
        return text
    log.warning("wecom text of %d bytes clipped to %d", len(raw), limit)
    return raw[: limit - 3].decode("utf-8", errors="ignore") + "…"


def numbered_menu(text: str, buttons: tuple[Button, ...]) -> str:
    """Buttons as text, for chats where WeCom has no interactive cards (appchat, robots)."""
    if not buttons:
        return text
    lines = [f"回复 {i} = {b.label}" for i, b in enumerate(buttons, start=1)]
    return "\n\n".join([text, "\n".join(lines)]) if text else "\n".join(lines)


def _flat_buttons(reply: Reply) -> tuple[Button, ...]:
    return tuple(button for row in reply.buttons for button in row)


def menu_payloads(buttons: tuple[Button, ...]) -> tuple[str, ...]:
    """What `numbered_menu`'s numbers stand for: number n is element n-1."""
    return tuple(button.payload for button in buttons)


def _card_titles(text: str) -> dict[str, Any]:
    """A short first line becomes the card's title; the rest (or all) its sub-title text."""
    first, _, rest = text.partition("\n")
    if rest.strip() and len(first) <= 26:
        return {"main_title": {"title": first}, "sub_title_text": rest.strip()}
    return {"main_title": {"title": ""}, "sub_title_text": text}


def template_card(text: str, buttons: tuple[Button, ...], task_id: str) -> dict[str, Any]:
    """A `button_interaction` card whose button keys are our payloads."""
    for button in buttons:
        if len(button.payload.encode()) > CARD_KEY_MAX_BYTES:
            raise ValueError(f"button key over {CARD_KEY_MAX_BYTES} bytes")
    return {
        "card_type": "button_interaction",
        **_card_titles(text),
        "task_id": task_id,
        "button_list": [{"text": b.label, "style": 1, "key": b.payload} for b in buttons],
    }


def _error_for(errcode: int, errmsg: str) -> SendError:
    """WeCom's errcode to our retry policy: limits wait, system errors retry, the rest are final."""
    message = f"wecom errcode {errcode}: {errmsg}"
    if errcode in _RATE_ERRCODES:
        return SendError(message, retry_after=RATE_LIMIT_RETRY_AFTER, code=str(errcode))
    if errcode == -1 or errcode in _TOKEN_ERRCODES:
        return SendError(message, code=str(errcode))
    return SendError(message, permanent=True, code=str(errcode))


def _check_errcode(data: dict[str, Any]) -> dict[str, Any]:
    errcode = data.get("errcode", 0)
    if not isinstance(errcode, int):
        raise SendError(f"wecom answered a non-integer errcode {errcode!r}")
    if errcode != 0:
        raise _error_for(errcode, str(data.get("errmsg", "")))
    return data


class WeComChannel(HttpSessionOwner):
    """The app's `Channel`: 1:1 messages, appchat groups, and group robots (WECOM_ROBOT chats)."""

    platform = Platform.WECOM
    platforms: tuple[Platform, ...] = (Platform.WECOM, Platform.WECOM_ROBOT)

    def __init__(self, corp_id: str, secret: str, agent_id: int, *,
                 api_base: str = DEFAULT_API_BASE, robot_url: str = DEFAULT_ROBOT_URL,
                 clock: Clock | None = None, timeout: float = 10.0,
                 token_margin: timedelta = timedelta(minutes=5), markdown: bool = False,
                 max_download_bytes: int = 20 * 1024 * 1024, download_timeout: float = 60.0,
                 image_loader: ImageLoader | None = None) -> None:
        self._corp_id = corp_id
        self._secret = secret
        self._agent_id = agent_id
        self._api_base = api_base if api_base.endswith("/") else api_base + "/"
        self._robot_url = robot_url
        self._clock = clock or SystemClock()
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._token_margin = token_margin
        self._markdown = markdown
        self._max_download = max_download_bytes
        self._download_timeout = aiohttp.ClientTimeout(total=download_timeout)
        self._token: _Token | None = None
        self._token_lock = asyncio.Lock()
        self._image_loader = image_loader
        self._media_ids: dict[str, tuple[str, datetime]] = {}  # photo hash -> (media_id, valid until)

    async def __aenter__(self) -> WeComChannel:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def send(self, reply: Reply) -> SendResult:
        """Deliver one reply; raise SendError with WeCom's errcode as `code`.

        An image goes first, as an image message (WeCom images carry no caption); the text
        and buttons follow as their own message. A retry after a failed text may send the
        image twice; its media_id is cached, so it is not uploaded twice."""
        if reply.chat.platform not in (Platform.WECOM, Platform.WECOM_ROBOT):
            raise SendError(f"WeComChannel cannot send to {reply.chat.platform}", permanent=True,
                            code="unsupported_platform")
        if reply.edit_of is not None:
            return await self._update_card(reply, reply.edit_of)
        if reply.image_sha256:
            only_image = not reply.text.strip() and not reply.buttons
            try:
                result = await self._send_image(reply, reply.image_sha256)
            except SendError as exc:
                if only_image or exc.code not in ("photo_missing", "photo_unfit"):
                    raise
                log.warning("wecom: %s; sending the text alone", exc)  # e.g. pruned by retention
            else:
                if only_image:
                    return result
        if reply.chat.platform is Platform.WECOM_ROBOT:
            return await self._send_robot(reply)
        if reply.chat.kind is ChatKind.PRIVATE:
            return await self._send_private(reply)
        return await self._send_appchat(reply)

    def _text_body(self, text: str) -> dict[str, Any]:
        if self._markdown:
            return {"msgtype": "markdown", "markdown": {"content": _clip_utf8(text)}}
        return {"msgtype": "text", "text": {"content": _clip_utf8(text)}}

    async def _send_private(self, reply: Reply) -> SendResult:
        buttons = _flat_buttons(reply)
        menu: tuple[str, ...] = ()
        if buttons and len(buttons) <= CARD_MAX_BUTTONS:
            task_id = f"sb-{uuid.uuid4().hex}"
            body: dict[str, Any] = {"msgtype": "template_card",
                                    "template_card": template_card(reply.text, buttons, task_id)}
        else:
            body = self._text_body(numbered_menu(reply.text, buttons))
            menu = menu_payloads(buttons)
        payload = {"touser": reply.chat.chat_id, "agentid": self._agent_id, **body, "safe": 0}
        data = await self._call("message/send", payload)
        invalid = str(data.get("invaliduser", "") or "")
        if invalid:
            raise SendError(f"wecom: invalid user {invalid}", permanent=True, code="invaliduser")
        msgid = data.get("msgid")
        return SendResult(platform_message_id=str(msgid) if msgid else None, menu=menu)

    async def _send_appchat(self, reply: Reply) -> SendResult:
        text = numbered_menu(reply.text, _flat_buttons(reply))
        payload = {"chatid": reply.chat.chat_id, **self._text_body(text), "safe": 0}
        await self._call("appchat/send", payload)
        return SendResult(menu=menu_payloads(_flat_buttons(reply)))

    async def _send_robot(self, reply: Reply) -> SendResult:
        text = _clip_utf8(numbered_menu(reply.text, _flat_buttons(reply)))
        if self._markdown:
            payload: dict[str, Any] = {"msgtype": "markdown", "markdown": {"content": text}}
        else:
            content: dict[str, Any] = {"content": text}
            if reply.mention_user_ids:
                content["mentioned_list"] = list(reply.mention_user_ids)
            payload = {"msgtype": "text", "text": content}
        data = await self._request("POST", self._robot_url, {"key": reply.chat.chat_id}, payload)
        _check_errcode(data)
        return SendResult()

    async def _update_card(self, reply: Reply, response_code: str) -> SendResult:
        """`message/update_template_card`: the clicked button becomes grey, unclickable text
        (`button.replace_name`) for the member who clicked (doc 94888; the response_code comes
        with the click's template_card_event, is valid 72 hours and can be used once). A refusal
        (code used or expired) is dropped, not retried: the update is a courtesy."""
        if reply.chat.kind is not ChatKind.PRIVATE:
            return SendResult()  # cards exist only in the app's 1:1 chats
        name = reply.text.strip().splitlines()[-1] if reply.text.strip() else "✔"
        payload = {"userids": [reply.chat.chat_id], "agentid": self._agent_id, "response_code": response_code,
                   "button": {"replace_name": name[:REPLACE_NAME_MAX]}}
        try:
            await self._call("message/update_template_card", payload)
        except SendError as exc:
            if not exc.permanent:
                raise
            log.info("wecom: used card not updated: %s", exc)
        return SendResult()

    def _load_image(self, sha256: str, *, max_bytes: int) -> tuple[bytes, str]:
        """The photo's bytes and type, as a JPG/PNG within `max_bytes` (else its thumbnail)."""
        if self._image_loader is None:
            raise SendError("no image loader configured", permanent=True, code="photo_missing")
        try:
            for small in (False, True):
                found = self._image_loader(sha256, small)
                data = found.read_bytes() if isinstance(found, Path) else found
                mime = _image_mime(data)
                if mime is not None and len(data) <= max_bytes:
                    return data, mime
        except (OSError, LookupError) as exc:
            raise SendError(f"photo {sha256} not available: {exc}", permanent=True, code="photo_missing") from exc
        raise SendError(f"photo {sha256} has no JPG/PNG form WeCom takes", permanent=True, code="photo_unfit")

    async def _send_image(self, reply: Reply, sha256: str) -> SendResult:
        if reply.chat.platform is Platform.WECOM_ROBOT:
            image, _ = self._load_image(sha256, max_bytes=ROBOT_IMAGE_MAX_BYTES)
            payload = {"msgtype": "image", "image": {"base64": base64.b64encode(image).decode(),
                                                     "md5": hashlib.md5(image).hexdigest()}}
            _check_errcode(await self._request("POST", self._robot_url, {"key": reply.chat.chat_id}, payload))
            return SendResult()
        for attempt in (1, 2):
            media_id = await self._media_id(sha256)
            body = {"msgtype": "image", "image": {"media_id": media_id}, "safe": 0}
            try:
                if reply.chat.kind is ChatKind.PRIVATE:
                    data = await self._call("message/send", {"touser": reply.chat.chat_id,
                                                             "agentid": self._agent_id, **body})
                else:
                    data = await self._call("appchat/send", {"chatid": reply.chat.chat_id, **body})
            except SendError as exc:
                if exc.code == "40007" and attempt == 1:  # the media_id died early: upload again
                    self._media_ids.pop(sha256, None)
                    continue
                raise
            msgid = data.get("msgid")
            return SendResult(platform_message_id=str(msgid) if msgid else None)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _media_id(self, sha256: str) -> str:
        """A media_id for the photo: from the cache while it lives, else `media/upload`."""
        cached = self._media_ids.get(sha256)
        if cached is not None and self._clock.now() < cached[1]:
            return cached[0]
        data, mime = self._load_image(sha256, max_bytes=UPLOAD_IMAGE_MAX_BYTES)
        filename = f"{sha256[:16]}.{'png' if mime == 'image/png' else 'jpg'}"
        uploaded = self._clock.now()
        token = await self._access_token()
        answer = await self._upload(token, data, mime, filename)
        if answer.get("errcode") in _TOKEN_ERRCODES:
            token = await self._access_token(stale=token)
            answer = await self._upload(token, data, mime, filename)
        media_id = str(_check_errcode(answer).get("media_id") or "")
        if not media_id:
            raise SendError("wecom media/upload answered no media_id", code="no_media_id")
        # a margin, so a media_id is never used in its last hour
        self._media_ids[sha256] = (media_id, uploaded + MEDIA_LIFETIME - timedelta(hours=1))
        return media_id

    async def _upload(self, token: str, data: bytes, mime: str, filename: str) -> dict[str, Any]:
        """`media/upload?type=image`: multipart/form-data, one part named "media" with filename,
        filelength and content-type (doc 90389)."""
        with aiohttp.MultipartWriter("form-data") as form:
            part = form.append(data, {"Content-Type": mime})
            part.set_content_disposition("form-data", name="media", filename=filename, filelength=str(len(data)))
            params = {"access_token": token, "type": "image"}
            try:
                async with self.http.post(self._api_base + "media/upload", params=params, data=form) as response:
                    _check_status(response.status)
                    body = await response.read()
            except (aiohttp.ClientError, TimeoutError) as exc:
                raise SendError(f"wecom media/upload failed: {exc!r}") from exc
        return _json_object(body)

    async def download(self, media: MediaRef) -> bytes:
        """Fetch a media id's bytes (valid three days); a JSON answer is WeCom's error."""
        if media.data is not None:
            return media.data
        token = await self._access_token()
        body, data = await self._get_media(token, media.file_id)
        if data is not None and data.get("errcode") in _TOKEN_ERRCODES:
            token = await self._access_token(stale=token)
            body, data = await self._get_media(token, media.file_id)
        if data is not None:
            _check_errcode(data)
            raise SendError("wecom media/get answered JSON without an error", permanent=True,
                            code="not_media")
        return body

    async def _get_media(self, token: str, media_id: str) -> tuple[bytes, dict[str, Any] | None]:
        url = self._api_base + "media/get"
        params = {"access_token": token, "media_id": media_id}
        try:
            async with self.http.get(url, params=params, timeout=self._download_timeout) as response:
                _check_status(response.status)
                body = await read_download(response, self._max_download, "wecom media/get")
                is_json = "json" in response.content_type or (
                    "Content-Disposition" not in response.headers and body[:1] == b"{")
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SendError(f"wecom media/get failed: {exc!r}") from exc
        return (body, _json_object(body)) if is_json else (body, None)

    async def _access_token(self, *, stale: str | None = None) -> str:
        """The cached token, fetched when missing, near expiry, or the one WeCom just refused."""
        async with self._token_lock:
            token = self._token
            if token is not None and token.value != stale and self._clock.now() < token.expires_at:
                return token.value
            self._token = await self._fetch_token()
            return self._token.value

    async def _fetch_token(self) -> _Token:
        params = {"corpid": self._corp_id, "corpsecret": self._secret}
        data = await self._request("GET", self._api_base + "gettoken", params, None)
        _check_errcode(data)
        lifetime = timedelta(seconds=int(data.get("expires_in", 7200)))
        ttl = max(lifetime - self._token_margin, lifetime / 2)
        return _Token(str(data["access_token"]), self._clock.now() + ttl)

    async def _call(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        """POST with the access token, refetching it once when WeCom says it expired."""
        token = await self._access_token()
        data = await self._request("POST", self._api_base + path, {"access_token": token}, payload)
        if data.get("errcode") in _TOKEN_ERRCODES:
            token = await self._access_token(stale=token)
            data = await self._request("POST", self._api_base + path, {"access_token": token}, payload)
        return _check_errcode(data)

    async def _request(self, method: str, url: str, params: dict[str, str],
                       payload: dict[str, Any] | None) -> dict[str, Any]:
        try:
            async with self.http.request(method, url, params=params, json=payload) as response:
                _check_status(response.status)
                body = await response.read()
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise SendError(f"wecom {method} {url.split('?')[0]} failed: {exc!r}") from exc
        return _json_object(body)


def _check_status(status: int) -> None:
    if status >= 500 or status == 429:
        raise SendError(f"wecom answered HTTP {status}", code=f"http_{status}")
    if status >= 400:
        raise SendError(f"wecom answered HTTP {status}", permanent=True, code=f"http_{status}")


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise SendError(f"wecom answered non-JSON: {body[:80]!r}") from exc
    if not isinstance(data, dict):
        raise SendError(f"wecom answered a JSON {type(data).__name__}")
    return data
