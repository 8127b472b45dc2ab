"""A loopback fake of WeCom's AI-bot (智能机器人) servers, driven by the real SDK.

`FakeBotServer` speaks the long-connection frame protocol of `wecom-aibot-python-sdk`:
requests `{cmd, headers: {req_id}, body}` and answers `{headers: {req_id}, errcode, errmsg}`.
- `aibot_subscribe` checks bot id and secret; a newer subscribe for the same bot kicks the
  older connection with an `aibot_event_callback` `disconnected_event`, then closes it;
- `ping` answers a pong (or not, to play a dead server);
- `aibot_msg_callback` / `aibot_event_callback` are pushed by the test (`push_message`);
- `aibot_respond_msg`, `aibot_respond_welcome_msg`, `aibot_respond_update_msg` and
  `aibot_send_msg` are recorded and acknowledged, or refused with an injected errcode.
It also serves encrypted media (AES-256-CBC, IV = key[:16], PKCS#7 to 32 bytes) and one-use
`response_url`s over plain HTTP, and `CallbackSender` encrypts webhook-mode callbacks with
wechatpy's real crypto and an empty receive id.

TLS: the SDK always passes an SSL context to `websockets.connect`, which refuses one for
`ws://` URLs, so the fake serves `wss://` with a throw-away self-signed certificate;
`client_ssl_context()` trusts it. Error codes marked "fake's choice" are plausible only.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import ipaddress
import json
import os
import ssl
import tempfile
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.x509.oid import NameOID
from wechatpy.enterprise.crypto import PrpCrypto
from wechatpy.utils import WeChatSigner

from tests.fakes.chunked import send_in_chunks

ANSWERS = {"aibot_respond_msg", "aibot_respond_welcome_msg", "aibot_respond_update_msg"}
PUSH_TYPES = {"markdown", "template_card"}
ERR_AUTH = 40001  # invalid credential
ERR_MSGTYPE = 40008  # invalid message type (plain text is refused by aibot_send_msg)
ERR_REQ_ID = 40058  # fake's choice: answer to an unknown req_id
ERR_NOT_SUBSCRIBED = 41001  # fake's choice: a command before a successful subscribe
ERR_URL_USED = 40099  # fake's choice: a response_url used twice


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-openws")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                       critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def encrypt_media(data: bytes, aeskey: str) -> bytes:
    """Encrypt like WeCom: AES-256-CBC, IV = key[:16], PKCS#7 padded to 32 bytes."""
    key = base64.b64decode(aeskey + "=" * (-len(aeskey) % 4))
    pad = 32 - len(data) % 32
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return encryptor.update(data + bytes([pad]) * pad) + encryptor.finalize()


def new_aeskey() -> str:
    return base64.b64encode(os.urandom(32)).decode()


@dataclass
class FakeConnection:
    """One WebSocket the fake accepted: what it received and how it ended."""

    ws: web.WebSocketResponse
    frames: list[dict[str, Any]] = field(default_factory=list)
    bot_id: str | None = None
    subscribed: bool = False
    kicked: bool = False
    closed: bool = False
    pushed: set[str] = field(default_factory=set)


@dataclass
class FakeBotServer:
    """Async context manager: `ws_url` (wss://) for the SDK, `http_base` for media and response URLs."""

    bot_id: str = "aibot-fake"
    secret: str = "aibot-secret"
    answer_pings: bool = True
    connections: list[FakeConnection] = field(default_factory=list)
    response_posts: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._faults: dict[str, deque[int]] = defaultdict(deque)
        self._media: dict[str, bytes] = {}
        self._response_urls: dict[str, bool] = {}
        self._runner: web.AppRunner | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="fake-openws-")
        self._cert, self._key = _self_signed(Path(self._folder.name))
        self.ws_url = ""
        self.http_base = ""

    async def __aenter__(self) -> FakeBotServer:
        app = web.Application()
        app.router.add_get("/", self._ws)
        app.router.add_get("/media/{id}", self._media_get)
        app.router.add_post("/response/{code}", self._response_post)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(self._cert, self._key)
        secure = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=tls)
        plain = web.TCPSite(self._runner, "127.0.0.1", 0)
        await secure.start()
        await plain.start()
        (ws_host, ws_port), (http_host, http_port) = (a[:2] for a in self._runner.addresses)
        self.ws_url = f"wss://{ws_host}:{ws_port}/"
        self.http_base = f"http://{http_host}:{http_port}"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for conn in self.connections:
            if not conn.ws.closed:
                await conn.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()
        self._folder.cleanup()

    @property
    def ca_file(self) -> str:
        """The fake's certificate, for a service process to trust (SUPPLIERBOT_WECOM_BOT_CA_FILE)."""
        return str(self._cert)

    def client_ssl_context(self) -> ssl.SSLContext:
        """A client context trusting the fake's certificate (install it as the SDK's context)."""
        return ssl.create_default_context(cafile=str(self._cert))

    # --- what the test sees and steers -------------------------------------------------------

    @property
    def active(self) -> FakeConnection | None:
        """The subscribed, open connection of the bot: the one WeCom would push to."""
        live = [c for c in self.connections if c.subscribed and not c.closed and not c.ws.closed]
        return live[-1] if live else None

    def frames(self, cmd: str) -> list[dict[str, Any]]:
        return [f for c in self.connections for f in c.frames if f.get("cmd") == cmd]

    def subscribes(self) -> int:
        return len(self.frames("aibot_subscribe"))

    def inject(self, cmd: str, errcode: int, times: int = 1) -> None:
        """The next `times` frames of `cmd` are refused with `errcode`."""
        self._faults[cmd].extend([errcode] * times)

    async def push_message(self, body: dict[str, Any], *, event: bool = False,
                           conn: FakeConnection | None = None) -> str:
        """Push a callback to the active connection; returns its req_id."""
        target = conn or self.active
        if target is None:
            raise RuntimeError("no subscribed connection to push to")
        cmd = "aibot_event_callback" if event else "aibot_msg_callback"
        req_id = f"{cmd}_{uuid.uuid4().hex[:12]}"
        target.pushed.add(req_id)
        await target.ws.send_json({"cmd": cmd, "headers": {"req_id": req_id}, "body": body})
        return req_id

    async def drop(self, conn: FakeConnection | None = None) -> None:
        """Close a connection from the server side, without any event first."""
        target = conn or self.active
        if target is not None:
            await target.ws.close(code=1001, message=b"server going away")

    def add_media(self, data: bytes, aeskey: str | None = None) -> tuple[str, str]:
        """Store `data` encrypted under `aeskey` (a new one by default); returns (url, aeskey)."""
        key = aeskey or new_aeskey()
        media_id = uuid.uuid4().hex
        self._media[media_id] = encrypt_media(data, key)
        return f"{self.http_base}/media/{media_id}", key

    def new_response_url(self) -> str:
        code = uuid.uuid4().hex
        self._response_urls[code] = False
        return f"{self.http_base}/response/{code}"

    async def wait_for(self, condition: Any, within: float = 5.0) -> None:
        deadline = time.monotonic() + within
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("condition not met in time")
            await asyncio.sleep(0.02)

    # --- the protocol -------------------------------------------------------------------------

    async def _ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        conn = FakeConnection(ws)
        self.connections.append(conn)
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(message.data)
                conn.frames.append(frame)
                await self._handle(conn, frame)
        finally:
            conn.closed = True
        return ws

    async def _answer(self, conn: FakeConnection, req_id: str, errcode: int = 0, **extra: Any) -> None:
        if not conn.ws.closed:
            await conn.ws.send_json({"headers": {"req_id": req_id}, "errcode": errcode,
                                     "errmsg": "ok" if errcode == 0 else "error", **extra})

    async def _handle(self, conn: FakeConnection, frame: dict[str, Any]) -> None:
        cmd = str(frame.get("cmd", ""))
        req_id = str((frame.get("headers") or {}).get("req_id", ""))
        body = frame.get("body") or {}
        if cmd == "aibot_subscribe":
            await self._subscribe(conn, req_id, body)
            return
        if not conn.subscribed:
            await self._answer(conn, req_id, ERR_NOT_SUBSCRIBED)
            return
        if cmd == "ping":
            if self.answer_pings:
                await self._answer(conn, req_id)
            return
        if self._faults[cmd]:
            await self._answer(conn, req_id, self._faults[cmd].popleft())
        elif cmd in ANSWERS:
            await self._answer(conn, req_id, 0 if req_id in conn.pushed else ERR_REQ_ID)
        elif cmd == "aibot_send_msg":
            ok = body.get("chatid") and body.get("msgtype") in PUSH_TYPES
            await self._answer(conn, req_id, 0 if ok else ERR_MSGTYPE)
        else:
            await self._answer(conn, req_id, ERR_REQ_ID)

    async def _subscribe(self, conn: FakeConnection, req_id: str, body: dict[str, Any]) -> None:
        if body.get("bot_id") != self.bot_id or body.get("secret") != self.secret:
            await self._answer(conn, req_id, ERR_AUTH)
            await conn.ws.close(code=1008, message=b"auth failed")
            return
        for old in [c for c in self.connections if c.subscribed and c is not conn and not c.closed]:
            await self._kick(old)
        conn.bot_id, conn.subscribed = self.bot_id, True
        await self._answer(conn, req_id)

    async def _kick(self, old: FakeConnection) -> None:
        old.kicked, old.subscribed = True, False
        event = {"msgid": uuid.uuid4().hex, "create_time": int(time.time()), "aibotid": self.bot_id,
                 "msgtype": "event", "event": {"eventtype": "disconnected_event"}}
        await self.push_message(event, event=True, conn=old)
        await old.ws.close(code=1000, message=b"kicked by a newer connection")

    async def _media_get(self, request: web.Request) -> web.Response:
        data = self._media.get(request.match_info["id"])
        if data is None:
            return web.Response(status=404)
        return await send_in_chunks(request, data, content_type="application/octet-stream")

    async def _response_post(self, request: web.Request) -> web.Response:
        code = request.match_info["code"]
        if code not in self._response_urls:
            return web.json_response({"errcode": ERR_REQ_ID, "errmsg": "invalid response_url"})
        if self._response_urls[code]:
            return web.json_response({"errcode": ERR_URL_USED, "errmsg": "response_url used"})
        self._response_urls[code] = True
        self.response_posts.append(json.loads(await request.read()))
        return web.json_response({"errcode": 0, "errmsg": "ok"})


# --- callback bodies (docs 100719, 101027) ---------------------------------------------------

def _base(msgid: str, msgtype: str, *, chatid: str | None, userid: str, response_url: str | None,
          bot_id: str) -> dict[str, Any]:
    body: dict[str, Any] = {"msgid": msgid, "aibotid": bot_id, "chattype": "group" if chatid else "single",
                            "from": {"userid": userid}, "msgtype": msgtype}
    if chatid:
        body["chatid"] = chatid
    if response_url:
        body["response_url"] = response_url
    return body


def text_body(msgid: str, content: str, *, chatid: str | None = None, userid: str = "zhangsan",
              response_url: str | None = None, bot_id: str = "aibot-fake",
              quote: str | None = None) -> dict[str, Any]:
    body = _base(msgid, "text", chatid=chatid, userid=userid, response_url=response_url, bot_id=bot_id)
    body["text"] = {"content": content}
    if quote is not None:
        body["quote"] = {"msgtype": "text", "text": {"content": quote}}
    return body


def mixed_body(msgid: str, items: list[tuple[str, str] | tuple[str, str, str | None]], *,
               chatid: str | None = None, userid: str = "zhangsan", response_url: str | None = None,
               bot_id: str = "aibot-fake") -> dict[str, Any]:
    """`items`: ("text", content) or ("image", url, aeskey)."""
    body = _base(msgid, "mixed", chatid=chatid, userid=userid, response_url=response_url, bot_id=bot_id)
    msg_item: list[dict[str, Any]] = []
    for item in items:
        if item[0] == "text":
            msg_item.append({"msgtype": "text", "text": {"content": item[1]}})
        else:
            image = {"url": item[1]}
            if len(item) > 2 and item[2]:
                image["aeskey"] = item[2]
            msg_item.append({"msgtype": "image", "image": image})
    body["mixed"] = {"msg_item": msg_item}
    return body


def media_body(msgid: str, msgtype: str, url: str, aeskey: str | None = None, *, userid: str = "zhangsan",
               response_url: str | None = None, bot_id: str = "aibot-fake") -> dict[str, Any]:
    body = _base(msgid, msgtype, chatid=None, userid=userid, response_url=response_url, bot_id=bot_id)
    body[msgtype] = {"url": url, **({"aeskey": aeskey} if aeskey else {})}
    return body


def voice_body(msgid: str, transcript: str, *, userid: str = "zhangsan") -> dict[str, Any]:
    body = _base(msgid, "voice", chatid=None, userid=userid, response_url=None, bot_id="aibot-fake")
    body["voice"] = {"content": transcript}
    return body


def event_body(msgid: str, eventtype: str, *, chatid: str | None = None, userid: str = "zhangsan",
               event_key: str | None = None, create_time: int = 1_700_000_000) -> dict[str, Any]:
    body = _base(msgid, "event", chatid=chatid, userid=userid, response_url=None, bot_id="aibot-fake")
    body["create_time"] = create_time
    event: dict[str, Any] = {"eventtype": eventtype}
    if eventtype == "template_card_event":
        event["template_card_event"] = {"card_type": "button_interaction", "event_key": event_key,
                                        "task_id": "sb-task"}
    body["event"] = event
    return body


# --- webhook mode ----------------------------------------------------------------------------

class CallbackSender:
    """Encrypts webhook-mode callbacks like WeCom: the app scheme with an empty receive id, JSON."""

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str = "") -> None:
        self.token = token
        self._crypto = PrpCrypto(base64.b64decode(encoding_aes_key + "="))
        self.receive_id = receive_id

    def sign(self, timestamp: str, nonce: str, encrypt: str) -> str:
        signer = WeChatSigner()
        signer.add_data(self.token, timestamp, nonce, encrypt)
        return str(signer.signature)

    def encrypt(self, plaintext: str) -> str:
        return self._crypto.encrypt(plaintext, self.receive_id).decode()

    def post(self, body: dict[str, Any], *, timestamp: int, nonce: str = "1372623149"
             ) -> tuple[dict[str, str], bytes]:
        """The query and JSON body of one encrypted POST."""
        encrypt = self.encrypt(json.dumps(body, ensure_ascii=False))
        query = {"msg_signature": self.sign(str(timestamp), nonce, encrypt), "timestamp": str(timestamp),
                 "nonce": nonce}
        return query, json.dumps({"encrypt": encrypt}).encode()

    def verification(self, echo: str, *, timestamp: int, nonce: str = "263014780") -> dict[str, str]:
        """The query of a URL verification GET whose answer must be `echo`."""
        echostr = self.encrypt(echo)
        return {"msg_signature": self.sign(str(timestamp), nonce, echostr), "timestamp": str(timestamp),
                "nonce": nonce, "echostr": echostr}
