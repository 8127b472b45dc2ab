"""A loopback fake of WeCom's JSON API, and a sender of encrypted callbacks.

`FakeWeComAPI` serves the calls SupplierBot makes (gettoken, message/send, appchat/send,
media/get, webhook/send) on 127.0.0.1 with WeCom's habits: HTTP 200 with a JSON
errcode/errmsg for every error, raw bodies without Content-Type, binary media with
Content-disposition. Faults are injected per path; every call is recorded.

`CallbackSender` encrypts plaintext XML with wechatpy's real `WeChatCrypto` and POSTs it
the way WeCom does. Error codes marked "fake's choice" are plausible, not documented.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import email.parser
import email.policy
import hashlib
import json
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol
from xml.sax.saxutils import escape

import xmltodict
from aiohttp import web
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from tests.fakes.chunked import send_in_chunks
from tests.fakes.local_server import serve_locally

ERRMSG = {
    0: "ok",
    -1: "system busy",
    40001: "invalid credential",
    40003: "invalid userid",
    40007: "invalid media_id",
    40008: "invalid message type",
    40014: "invalid access_token",
    40058: "invalid parameter",
    41001: "access_token missing",
    42001: "access_token expired",
    45009: "api freq out of limit",
    45033: "api concurrent out of limit",
    47001: "data format error",
    81013: "user & party & tag all invalid",
    86003: "chat not exists",
    93000: "invalid webhook url",
    40004: "invalid media type",  # fake's choice for a refused upload's type
    40005: "invalid file type",
    40006: "invalid file size",
    40009: "invalid image size",
    301019: "media md5 not match",  # fake's choice for a robot image whose md5 is wrong
}
UPLOAD_IMAGE_LIMIT = 10 * 1024 * 1024  # doc 90389: image 10 MB, JPG/PNG
ROBOT_IMAGE_LIMIT = 2 * 1024 * 1024  # doc 91770: robot image 2 MB before base64, JPG/PNG
CARD_BUTTON_LIMIT = 6
CARD_KEY_LIMIT = 1024


@dataclass(slots=True)
class Fault:
    """One injected failure: an errcode answer, an HTTP status, and/or a delay."""

    errcode: int | None = None
    status: int | None = None
    latency: float = 0.0
    times: int | None = 1  # None: every call until cleared


@dataclass(slots=True)
class Call:
    """One request the fake received, and what it answered."""

    method: str
    path: str
    query: dict[str, str]
    body: bytes
    json: Any
    status: int = 200
    response: dict[str, Any] | None = None
    chunks: int = 0  # how many reads the body took: a multi-MB upload arrives in many
    request: web.Request | None = field(default=None, repr=False)


@dataclass(slots=True)
class _Media:
    data: bytes
    filename: str
    content_type: str


@dataclass
class FakeWeComAPI:
    """Async context manager serving `/cgi-bin/...`; `base_url` ends with `/cgi-bin/`."""

    corp_id: str = "wwfakecorp"
    secret: str = "fake-secret"
    agent_id: int = 1000002
    users: set[str] = field(default_factory=lambda: {"alice", "bob"})
    chats: set[str] = field(default_factory=lambda: {"chat1"})
    robot_keys: set[str] = field(default_factory=lambda: {"robot-key"})
    token_ttl: int = 7200
    robot_limit_per_minute: int = 20
    limits: bool = False
    monotonic: Callable[[], float] = time.monotonic
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._tokens: dict[str, int] = {}
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._media: dict[str, _Media] = {}
        self._task_ids: set[str] = set()
        self.cards: dict[str, dict[str, Any]] = {}  # response_code -> the card as sent (and updated)
        self.click_codes: dict[str, str] = {}  # response_code of a click event -> the card's own code
        self._used_codes: set[str] = set()
        self._robot_sends: dict[str, deque[float]] = defaultdict(deque)
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    async def __aenter__(self) -> FakeWeComAPI:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/cgi-bin/{path:.*}", self._dispatch)
        self._runner, base = await serve_locally(app)
        self.base_url = base + "/cgi-bin/"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def robot_url(self) -> str:
        return self.base_url + "webhook/send"

    def inject(self, path: str, fault: Fault | None = None, **kwargs: Any) -> None:
        """Queue a fault for `path` (e.g. "message/send"), used by the next matching calls."""
        self._faults[path].append(fault or Fault(**kwargs))

    def clear_faults(self) -> None:
        self._faults.clear()

    def expire_tokens(self, errcode: int = 42001) -> None:
        """Every token issued so far now answers `errcode` (42001 expired, 40014 invalid)."""
        for token in self._tokens:
            self._tokens[token] = errcode

    def add_media(self, media_id: str, data: bytes, filename: str = "photo.jpg",
                  content_type: str = "image/jpeg") -> None:
        self._media[media_id] = _Media(data, filename, content_type)

    def calls_to(self, path: str) -> list[Call]:
        return [c for c in self.calls if c.path == path]

    def sent(self, path: str) -> list[dict[str, Any]]:
        """Bodies of the calls to `path` that WeCom would have accepted."""
        return [c.json for c in self.calls_to(path) if c.response and c.response.get("errcode") == 0]

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        pieces = [chunk async for chunk in request.content.iter_any()]
        body = b"".join(pieces)
        json_body = _multipart(request.headers.get("Content-Type", ""), body) if path == "media/upload" \
            else _loads(body)
        call = Call(request.method, path, dict(request.query), body, json_body, chunks=len(pieces), request=request)
        self.calls.append(call)
        fault = self._take_fault(path)
        if fault is not None:
            await asyncio.sleep(fault.latency)
            if fault.status is not None:
                call.status = fault.status
                return web.Response(status=fault.status, text="fault")
            if fault.errcode is not None:
                return self._answer(call, fault.errcode)
        route = self._routes().get((request.method, path))
        if route is None:
            call.status = 404
            return web.Response(status=404, text="not found")
        return await route(call)

    def _routes(self) -> dict[tuple[str, str], Callable[[Call], Any]]:
        return {
            ("GET", "gettoken"): self._gettoken,
            ("POST", "message/send"): self._message_send,
            ("POST", "appchat/send"): self._appchat_send,
            ("GET", "media/get"): self._media_get,
            ("POST", "media/upload"): self._media_upload,
            ("POST", "message/update_template_card"): self._update_template_card,
            ("POST", "webhook/send"): self._webhook_send,
        }

    def _take_fault(self, path: str) -> Fault | None:
        queue = self._faults.get(path)
        if not queue:
            return None
        fault = queue[0]
        if fault.times is not None:
            fault.times -= 1
            if fault.times <= 0:
                queue.popleft()
        return fault

    def _answer(self, call: Call, errcode: int, **extra: Any) -> web.Response:
        data = {"errcode": errcode, "errmsg": ERRMSG.get(errcode, "error"), **extra}
        call.response = data
        return web.json_response(data)

    def _token_error(self, call: Call) -> int | None:
        token = call.query.get("access_token")
        if not token:
            return 41001
        return self._tokens.get(token, 40014) or None

    async def _gettoken(self, call: Call) -> web.Response:
        if call.query.get("corpid") != self.corp_id or call.query.get("corpsecret") != self.secret:
            return self._answer(call, 40001)
        token = uuid.uuid4().hex
        self._tokens[token] = 0
        return self._answer(call, 0, access_token=token, expires_in=self.token_ttl)

    async def _message_send(self, call: Call) -> web.Response:
        error = self._token_error(call) or _body_error(call.json)
        if error:
            return self._answer(call, error)
        data = call.json
        if data.get("agentid") != self.agent_id:
            return self._answer(call, 40058)
        error = self._content_error(data)
        if error:
            return self._answer(call, error)
        users = [u for u in str(data.get("touser", "")).split("|") if u]
        invalid = [u for u in users if u not in self.users]
        extra: dict[str, Any] = {"invaliduser": "|".join(invalid)} if invalid else {}
        if not users or len(invalid) == len(users):
            return self._answer(call, 81013, **extra)
        extra["msgid"] = uuid.uuid4().hex
        if data["msgtype"] == "template_card":
            extra["response_code"] = uuid.uuid4().hex
            self.cards[extra["response_code"]] = data["template_card"]
            self.click_codes[extra["response_code"]] = extra["response_code"]  # the send's own code works too
        return self._answer(call, 0, **extra)

    def _content_error(self, data: dict[str, Any]) -> int | None:
        msgtype = data.get("msgtype")
        if msgtype in ("text", "markdown"):
            content = (data.get(msgtype) or {}).get("content")
            return None if isinstance(content, str) and content else 40058
        if msgtype == "template_card":
            return self._card_error(data.get("template_card") or {})
        if msgtype == "image":
            media_id = (data.get("image") or {}).get("media_id")
            return None if media_id in self._media else 40007
        return 40008

    def _card_error(self, card: dict[str, Any]) -> int | None:
        """Checks from doc 90236 for button_interaction; the errcodes are the fake's choice."""
        buttons = card.get("button_list") or []
        task_id = card.get("task_id")
        titled = (card.get("main_title") or {}).get("title") or card.get("sub_title_text")
        if card.get("card_type") != "button_interaction" or not titled or not task_id:
            return 40058
        if task_id in self._task_ids or not 1 <= len(buttons) <= CARD_BUTTON_LIMIT:
            return 40058
        if any(not b.get("text") or len(str(b.get("key", "")).encode()) > CARD_KEY_LIMIT
               or not b.get("key") for b in buttons):
            return 40058
        self._task_ids.add(task_id)
        return None

    async def _appchat_send(self, call: Call) -> web.Response:
        error = self._token_error(call) or _body_error(call.json)
        if error:
            return self._answer(call, error)
        if call.json.get("chatid") not in self.chats:
            return self._answer(call, 86003)
        if call.json.get("msgtype") == "template_card":
            return self._answer(call, 40008)
        return self._answer(call, self._content_error(call.json) or 0)

    async def _media_get(self, call: Call) -> web.Response:
        error = self._token_error(call)
        media = self._media.get(call.query.get("media_id", ""))
        if error or media is None:
            return self._answer(call, error or 40007)
        headers = {"Content-disposition": f'attachment; filename="{media.filename}"'}
        return await send_in_chunks(call.request, media.data, content_type=media.content_type, headers=headers)

    async def _media_upload(self, call: Call) -> web.Response:
        """Doc 90389: multipart/form-data, one file part named "media" whose disposition carries
        filename and filelength, with its own Content-Type; type=image takes JPG/PNG ≤ 10 MB."""
        error = self._token_error(call)
        if error:
            return self._answer(call, error)
        if call.query.get("type") not in ("image", "voice", "video", "file"):
            return self._answer(call, 40004)
        parts = call.json if isinstance(call.json, list) else None
        media = [p for p in parts or [] if p["name"] == "media"]
        if parts is None or len(media) != 1:
            return self._answer(call, 41005 if parts is not None else 47001)
        part = media[0]
        data: bytes = part["data"]
        if not part["filename"] or not part["content_type"] or part["filelength"] != str(len(data)):
            return self._answer(call, 40058)
        if call.query["type"] == "image":
            if _image_kind(data) is None:
                return self._answer(call, 40005)
            if not 5 < len(data) <= UPLOAD_IMAGE_LIMIT:
                return self._answer(call, 40009)
        media_id = f"3{uuid.uuid4().hex}"
        self._media[media_id] = _Media(data, part["filename"], part["content_type"])
        return self._answer(call, 0, type=call.query["type"], media_id=media_id,
                            created_at=str(int(time.time())))

    def click_code(self, card_code: str) -> str:
        """The response_code a template_card_event carries for a click on the card sent with
        `card_code` (WeCom issues a new one per click, valid 72 h, usable once: doc 94888)."""
        code = uuid.uuid4().hex
        self.click_codes[code] = card_code
        return code

    async def _update_template_card(self, call: Call) -> web.Response:
        """Doc 94888: agentid, userids, the click's response_code (once), and `button.replace_name`
        (or a whole `template_card`); the errcodes are the fake's choice."""
        error = self._token_error(call) or _body_error(call.json)
        if error:
            return self._answer(call, error)
        data = call.json
        code = str(data.get("response_code", ""))
        if data.get("agentid") != self.agent_id:
            return self._answer(call, 40058)
        if code not in self.click_codes or code in self._used_codes:
            return self._answer(call, 40058)
        users = data.get("userids")
        if not isinstance(users, list) or not users or any(u not in self.users for u in users):
            return self._answer(call, 81013)
        name = (data.get("button") or {}).get("replace_name")
        if not isinstance(name, str) or not name:
            return self._answer(call, 40058)
        self._used_codes.add(code)
        card = self.cards[self.click_codes[code]]
        card["replace_name"] = name
        card["button_list"] = []
        return self._answer(call, 0)

    def uploads(self) -> list[dict[str, Any]]:
        """The parts of every accepted media/upload, in order."""
        return [part for c in self.calls_to("media/upload") if c.response and c.response.get("errcode") == 0
                for part in c.json if part["name"] == "media"]

    def media_data(self, media_id: str) -> bytes:
        return self._media[media_id].data

    def _robot_image_error(self, image: dict[str, Any]) -> int | None:
        """Doc 91770: base64 of a JPG/PNG ≤ 2 MB and the md5 of the bytes before encoding."""
        try:
            data = base64.b64decode(str(image.get("base64", "")), validate=True)
        except (binascii.Error, ValueError):
            return 40058
        if _image_kind(data) is None:
            return 40005
        if len(data) > ROBOT_IMAGE_LIMIT:
            return 40009
        return None if image.get("md5") == hashlib.md5(data).hexdigest() else 301019

    async def _webhook_send(self, call: Call) -> web.Response:
        key = call.query.get("key", "")
        if key not in self.robot_keys:
            return self._answer(call, 93000)
        error = _body_error(call.json)
        if error:
            return self._answer(call, error)
        if self.limits and not self._robot_slot(key):
            return self._answer(call, 45009)
        if call.json.get("msgtype") == "image":
            return self._answer(call, self._robot_image_error(call.json.get("image") or {}) or 0)
        if call.json.get("msgtype") not in ("text", "markdown"):
            return self._answer(call, 40008)
        return self._answer(call, self._content_error(call.json) or 0)

    def _robot_slot(self, key: str) -> bool:
        """20 messages per rolling minute per robot key (doc 91770)."""
        now, sends = self.monotonic(), self._robot_sends[key]
        while sends and now - sends[0] >= 60:
            sends.popleft()
        if len(sends) >= self.robot_limit_per_minute:
            return False
        sends.append(now)
        return True


def _loads(body: bytes) -> Any:
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None


def _multipart(content_type: str, body: bytes) -> list[dict[str, Any]] | None:
    """The parts of a multipart/form-data body: name, filename, filelength, content type, data."""
    if not content_type.lower().startswith("multipart/form-data"):
        return None
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        return None
    parts = []
    for part in message.iter_parts():
        disposition = part.get("Content-Disposition", "")
        params = dict(part.get_params(header="content-disposition") or [])
        if not str(disposition).startswith("form-data"):
            return None
        parts.append({"name": params.get("name"), "filename": params.get("filename"),
                      "filelength": params.get("filelength"), "content_type": part.get_content_type()
                      if part.get("Content-Type") else None,
                      "data": part.get_payload(decode=True) or b""})
    return parts


def _image_kind(data: bytes) -> str | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


def _body_error(data: Any) -> int | None:
    return None if isinstance(data, dict) else 47001


class _Poster(Protocol):
    def post(self, url: str, *, params: dict[str, str], data: bytes) -> Any: ...


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "]]]]><![CDATA[>") + "]]>"


@dataclass
class CallbackSender:
    """Encrypts and signs callbacks exactly as WeCom does, with wechatpy's own crypto."""

    token: str
    encoding_aes_key: str
    corp_id: str
    agent_id: int = 1000002

    def _crypto(self) -> WeChatCrypto:
        return WeChatCrypto(self.token, self.encoding_aes_key, self.corp_id)

    def sign(self, timestamp: str, nonce: str, encrypt: str) -> str:
        signer = WeChatSigner()
        signer.add_data(self.token, timestamp, nonce, encrypt)
        return str(signer.signature)

    def encrypt(self, plaintext: str, timestamp: str, nonce: str) -> tuple[str, str]:
        """(Encrypt, msg_signature) from wechatpy's `encrypt_message`."""
        out = xmltodict.parse(self._crypto().encrypt_message(plaintext, nonce, timestamp))["xml"]
        return out["Encrypt"], out["MsgSignature"]

    def envelope(self, encrypt: str) -> bytes:
        return (f"<xml><ToUserName>{_cdata(self.corp_id)}</ToUserName><Encrypt>{_cdata(encrypt)}"
                f"</Encrypt><AgentID>{_cdata(str(self.agent_id))}</AgentID></xml>").encode()

    def request(self, plaintext: str, *, timestamp: int | str | None = None,
                nonce: str = "1372623149") -> tuple[dict[str, str], bytes]:
        """The query parameters and body of one callback POST."""
        ts = str(timestamp if timestamp is not None else int(time.time()))
        encrypt, signature = self.encrypt(plaintext, ts, nonce)
        return {"msg_signature": signature, "timestamp": ts, "nonce": nonce}, self.envelope(encrypt)

    def signed_raw(self, encrypt: str, *, timestamp: int | str, nonce: str = "1") -> dict[str, str]:
        """Query parameters correctly signed over an arbitrary (possibly broken) Encrypt value."""
        ts = str(timestamp)
        return {"msg_signature": self.sign(ts, nonce, encrypt), "timestamp": ts, "nonce": nonce}

    def verification_query(self, echo: str, *, timestamp: int | str, nonce: str = "1") -> dict[str, str]:
        """The GET query WeCom sends to check a callback URL."""
        encrypt, signature = self.encrypt(echo, str(timestamp), nonce)
        return {"msg_signature": signature, "timestamp": str(timestamp), "nonce": nonce,
                "echostr": encrypt}

    async def post(self, http: _Poster, url: str, plaintext: str, *, timestamp: int | str | None = None,
                   nonce: str = "1372623149") -> Any:
        """POST one callback through an aiohttp ClientSession or test client; returns the response."""
        params, body = self.request(plaintext, timestamp=timestamp, nonce=nonce)
        return await http.post(url, params=params, data=body)


def _common(to: str, sender: str, create_time: int, msg_type: str) -> str:
    return (f"<ToUserName>{_cdata(to)}</ToUserName><FromUserName>{_cdata(sender)}</FromUserName>"
            f"<CreateTime>{create_time}</CreateTime><MsgType>{_cdata(msg_type)}</MsgType>")


def text_xml(sender: str, content: str, *, msg_id: int = 4561255354251345929,
             create_time: int = 1409659813, corp_id: str = "wwfakecorp", agent_id: int = 1000002) -> str:
    return (f"<xml>{_common(corp_id, sender, create_time, 'text')}<Content>{_cdata(content)}</Content>"
            f"<MsgId>{msg_id}</MsgId><AgentID>{agent_id}</AgentID></xml>")


def image_xml(sender: str, media_id: str, *, pic_url: str = "https://example.invalid/p.jpg",
              msg_id: int = 1234567890123456, create_time: int = 1409659813,
              corp_id: str = "wwfakecorp", agent_id: int = 1000002) -> str:
    return (f"<xml>{_common(corp_id, sender, create_time, 'image')}<PicUrl>{_cdata(pic_url)}</PicUrl>"
            f"<MediaId>{_cdata(media_id)}</MediaId><MsgId>{msg_id}</MsgId>"
            f"<AgentID>{agent_id}</AgentID></xml>")


def voice_xml(sender: str, media_id: str, *, recognition: str | None = None, msg_id: int = 1234567890123457,
              create_time: int = 1409659813, corp_id: str = "wwfakecorp", agent_id: int = 1000002) -> str:
    """Doc 90239's voice message; `Recognition` is present when WeCom transcribed it."""
    heard = f"<Recognition>{_cdata(recognition)}</Recognition>" if recognition is not None else ""
    return (f"<xml>{_common(corp_id, sender, create_time, 'voice')}<MediaId>{_cdata(media_id)}</MediaId>"
            f"<Format>{_cdata('amr')}</Format>{heard}<MsgId>{msg_id}</MsgId><AgentID>{agent_id}</AgentID></xml>")


def file_xml(sender: str, media_id: str, file_name: str, *, msg_id: int = 1234567890123458,
             create_time: int = 1409659813, corp_id: str = "wwfakecorp", agent_id: int = 1000002) -> str:
    """A file message: its MediaId is fetched with media/get like an image's."""
    return (f"<xml>{_common(corp_id, sender, create_time, 'file')}<MediaId>{_cdata(media_id)}</MediaId>"
            f"<FileName>{_cdata(file_name)}</FileName><MsgId>{msg_id}</MsgId><AgentID>{agent_id}</AgentID></xml>")


def other_xml(sender: str, msg_type: str, fields: dict[str, str], *, msg_id: int = 1234567890123459,
              create_time: int = 1409659813, corp_id: str = "wwfakecorp", agent_id: int = 1000002) -> str:
    """video, location, link...: the fields given, as CDATA."""
    body = "".join(f"<{k}>{_cdata(v)}</{k}>" for k, v in fields.items())
    return (f"<xml>{_common(corp_id, sender, create_time, msg_type)}{body}<MsgId>{msg_id}</MsgId>"
            f"<AgentID>{agent_id}</AgentID></xml>")


def enter_agent_xml(sender: str, *, create_time: int = 1409659813, corp_id: str = "wwfakecorp",
                    agent_id: int = 1000002) -> str:
    return (f"<xml>{_common(corp_id, sender, create_time, 'event')}<Event>{_cdata('enter_agent')}</Event>"
            f"<EventKey>{_cdata('')}</EventKey><AgentID>{agent_id}</AgentID></xml>")


def template_card_event_xml(sender: str, event_key: str, *, task_id: str = "taskid111",
                            create_time: int = 1409659813, card_type: str = "button_interaction",
                            response_code: str = "ResponseCode", corp_id: str = "wwfakecorp",
                            agent_id: int = 1000002,
                            selected: Iterable[tuple[str, Iterable[str]]] = ()) -> str:
    """The shape of doc 90240's sample, SelectedItems included when `selected` is given."""
    items = "".join(
        f"<SelectedItem><QuestionKey>{escape(q)}</QuestionKey><OptionIds>"
        + "".join(f"<OptionId>{escape(o)}</OptionId>" for o in options)
        + "</OptionIds></SelectedItem>"
        for q, options in selected)
    return (f"<xml>{_common(corp_id, sender, create_time, 'event')}"
            f"<Event>{_cdata('template_card_event')}</Event><EventKey>{_cdata(event_key)}</EventKey>"
            f"<TaskId>{_cdata(task_id)}</TaskId><CardType>{_cdata(card_type)}</CardType>"
            f"<ResponseCode>{_cdata(response_code)}</ResponseCode><AgentID>{agent_id}</AgentID>"
            + (f"<SelectedItems>{items}</SelectedItems>" if items else "") + "</xml>")
