"""A loopback fake of Feishu's (飞书 / Lark) open platform, driven by the real `lark-oapi` SDK.

Long connection, as `lark_oapi.ws.Client` 1.7 speaks it (see docs/platforms/feishu.md):
- `POST /callback/ws/endpoint` with `{"AppID", "AppSecret"}` answers
  `{"code": 0, "data": {"URL": "ws://…?device_id=…&service_id=…", "ClientConfig": {…}}}`;
- the WebSocket carries binary `pbbp2.Frame`s (the SDK's own protobuf module builds them here):
  control frames (`method` 0) `ping` from the client, answered by a `pong` whose payload is the
  ClientConfig JSON; data frames (`method` 1) `event` from the server with the headers
  `message_id`, `trace_id`, `sum`, `seq`, `type`, a payload split into `sum` parts when large;
  the client answers each data frame with the same frame and a payload
  `{"code": 200, "headers": …, "data": …}`;
- cluster mode: every event goes to ONE random live connection of the app; one not answered
  with code 200 within `ack_timeout` (3 s on Feishu) is pushed again, to a random live
  connection, until answered — so a dropped connection loses nothing and a slow handler gets
  the event twice (as on Feishu).

Open API (`/open-apis/…`, Bearer tenant_access_token): tenant token, bot info, send, reply,
patch (card update), message resources (served in 64 KiB chunks). Faults are injected per
operation: `inject("send", FREQUENCY)` answers HTTP 429 `{"code": 99991400}` with
`x-ogw-ratelimit-reset`. Codes marked "fake's choice" are plausible only.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import random
import time
import uuid
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web
from lark_oapi.ws.pb.pbbp2_pb2 import Frame

from tests.fakes.chunked import send_in_chunks
from tests.fakes.local_server import serve_locally

FREQUENCY = 99991400  # gateway frequency limit, HTTP 429 (documented)
CHAT_FREQUENCY = 230020  # IM: "this operation triggers the frequency limit" (HTTP 400)
TOKEN_INVALID = 99991663  # tenant access token invalid
BAD_CREDENTIALS = 10014  # fake's choice: app secret invalid
NOT_FOUND = 230001  # fake's choice for "no such message / resource"
CONTROL, DATA = 0, 1


def tenant_token(app_id: str, secret: str, generation: int = 0) -> str:
    """Deterministic per credential pair: the SDK caches tokens per app id in a process-wide
    cache, so a later fake with the same credentials must accept the earlier token."""
    return "t-" + hashlib.sha256(f"{app_id}:{secret}:{generation}".encode()).hexdigest()[:24]


def _headers(frame: Frame) -> dict[str, str]:
    return {h.key: h.value for h in frame.headers}


def _frame(method: int, service: int, headers: dict[str, str], payload: bytes = b"") -> bytes:
    frame = Frame()
    frame.SeqID, frame.LogID, frame.service, frame.method = 0, 0, service, method
    for key, value in headers.items():
        header = frame.headers.add()
        header.key, header.value = key, value
    if payload:
        frame.payload = payload
    return frame.SerializeToString()


@dataclass
class FeishuConnection:
    """One long connection the fake accepted."""

    ws: web.WebSocketResponse
    device_id: str
    service_id: int
    pings: int = 0
    answers: list[dict[str, Any]] = field(default_factory=list)  # response payloads, parsed
    received: list[str] = field(default_factory=list)  # event ids pushed here

    @property
    def live(self) -> bool:
        return not self.ws.closed


@dataclass
class PendingEvent:
    event_id: str
    body: dict[str, Any]
    split: int
    pushes: int = 0
    acked: bool = False
    frame_ids: set[str] = field(default_factory=set)
    answer: dict[str, Any] | None = None


@dataclass
class FakeFeishu:
    """Async context manager: `base_url` is what the SDK takes as its domain."""

    app_id: str = "cli_fake0001"
    secret: str = "fake-app-secret"
    ack_timeout: float = 3.0
    ping_interval: int = 120
    reconnect_interval: int = 1
    bot_open_id: str = "ou_bot000000000000000000000001"
    bot_name: str = "SupplierBot"
    seed: int = 17

    def __post_init__(self) -> None:
        self.connections: list[FeishuConnection] = []
        self.events: dict[str, PendingEvent] = {}
        self.sent: list[dict[str, Any]] = []  # every accepted send/reply/patch, with "op"
        self.endpoint_calls = 0
        self.tokens_issued = 0
        self.token_generation = 0  # `revoke_tokens()` makes every issued token invalid
        self.refused_endpoints = 0  # the next n endpoint calls fail with HTTP 503
        self._faults: dict[str, deque[int]] = defaultdict(deque)
        self._resources: dict[tuple[str, str], bytes] = {}
        self._random = random.Random(self.seed)
        self._runner: web.AppRunner | None = None
        self._resender: asyncio.Task[None] | None = None
        self.base_url = ""

    async def __aenter__(self) -> FakeFeishu:
        app = web.Application(client_max_size=32 * 1024 * 1024)
        app.router.add_post("/callback/ws/endpoint", self._endpoint)
        app.router.add_get("/ws", self._ws)
        app.router.add_post("/open-apis/auth/v3/tenant_access_token/internal", self._token)
        app.router.add_get("/open-apis/bot/v3/info", self._bot_info)
        app.router.add_post("/open-apis/im/v1/messages", self._create)
        app.router.add_post("/open-apis/im/v1/messages/{message_id}/reply", self._reply)
        app.router.add_patch("/open-apis/im/v1/messages/{message_id}", self._patch)
        app.router.add_get("/open-apis/im/v1/messages/{message_id}/resources/{file_key}", self._resource)
        self._runner, self.base_url = await serve_locally(app)
        self._resender = asyncio.create_task(self._push_again())
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._resender is not None:
            self._resender.cancel()
        for conn in self.connections:
            if conn.live:
                await conn.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- what the test sees and steers -----------------------------------------------------------

    @property
    def live(self) -> list[FeishuConnection]:
        return [c for c in self.connections if c.live]

    def inject(self, op: str, code: int, times: int = 1) -> None:
        """The next `times` calls of `op` (send, reply, patch, resource, token) fail with `code`."""
        self._faults[op].extend([code] * times)

    def revoke_tokens(self) -> None:
        """Feishu stops accepting the tokens it issued (secret reset, tenant re-authorised)."""
        self.token_generation += 1

    def add_image(self, message_id: str, image_key: str, data: bytes) -> None:
        self._resources[(message_id, image_key)] = data

    def ops(self, op: str) -> list[dict[str, Any]]:
        return [s for s in self.sent if s["op"] == op]

    def texts(self, receive_id: str | None = None) -> list[str]:
        """What the bot said, as plain text (cards flattened), in order; to one chat if given."""
        return [flat_text(s) for s in self.sent
                if receive_id is None or s.get("receive_id") == receive_id or s.get("chat_id") == receive_id]

    async def wait_for(self, predicate: Callable[[], bool], within: float = 10.0) -> None:
        deadline = time.monotonic() + within
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError("condition not met in time")
            await asyncio.sleep(0.02)

    async def wait_connected(self, count: int = 1, within: float = 10.0) -> None:
        await self.wait_for(lambda: len(self.live) >= count, within)

    async def push(self, body: dict[str, Any], *, split: int = 1, conn: FeishuConnection | None = None) -> str:
        """Deliver an event (cluster mode: one random live connection); returns its event id."""
        event_id = body["header"]["event_id"]
        pending = self.events.get(event_id)
        if pending is None:
            pending = self.events[event_id] = PendingEvent(event_id, body, split)
        await self._deliver(pending, conn)
        return event_id

    async def push_twice(self, body: dict[str, Any]) -> str:
        """Feishu's at-least-once delivery: the same event pushed again although answered."""
        event_id = await self.push(body)
        await self.wait_for(lambda: self.events[event_id].acked)
        self.events[event_id].acked = False
        await self._deliver(self.events[event_id], None)
        return event_id

    def acked(self, event_id: str) -> bool:
        return self.events[event_id].acked

    async def send_raw(self, data: bytes, conn: FeishuConnection | None = None) -> None:
        """Bytes that are no frame at all (a proxy's garbage, a truncated frame)."""
        target = conn or self.live[0]
        await target.ws.send_bytes(data)

    async def drop(self, conn: FeishuConnection | None = None) -> None:
        """Close a connection from the server side (a network cut, a gateway restart)."""
        target = conn or (self.live[0] if self.live else None)
        if target is not None:
            await target.ws.close(code=1001, message=b"going away")

    # --- long connection -------------------------------------------------------------------------

    def client_config(self) -> dict[str, int]:
        return {"ReconnectCount": -1, "ReconnectInterval": self.reconnect_interval, "ReconnectNonce": 0,
                "PingInterval": self.ping_interval}

    async def _endpoint(self, request: web.Request) -> web.Response:
        self.endpoint_calls += 1
        if self.refused_endpoints:
            self.refused_endpoints -= 1
            return web.json_response({"code": 1, "msg": "system busy"}, status=503)
        body = await request.json()
        if body.get("AppID") != self.app_id or body.get("AppSecret") != self.secret:
            return web.json_response({"code": BAD_CREDENTIALS, "msg": "app secret invalid"})
        device_id, service_id = uuid.uuid4().hex[:16], self._random.randint(1000, 9999)
        host, port = self._runner.addresses[0][:2] if self._runner else ("127.0.0.1", 0)
        url = f"ws://{host}:{port}/ws?device_id={device_id}&service_id={service_id}"
        return web.json_response({"code": 0, "msg": "ok", "data": {"URL": url, "ClientConfig": self.client_config()}})

    async def _ws(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        conn = FeishuConnection(ws, request.query.get("device_id", ""), int(request.query.get("service_id", "0")))
        self.connections.append(conn)
        async for message in ws:
            if message.type != WSMsgType.BINARY:
                continue
            frame = Frame()
            frame.ParseFromString(message.data)
            headers = _headers(frame)
            if frame.method == CONTROL and headers.get("type") == "ping":
                conn.pings += 1
                await ws.send_bytes(_frame(CONTROL, conn.service_id, {"type": "pong"},
                                           json.dumps(self.client_config()).encode()))
            elif frame.method == DATA:
                self._answered(conn, headers, frame.payload)
        return ws

    def _answered(self, conn: FeishuConnection, headers: dict[str, str], payload: bytes) -> None:
        answer = json.loads(payload or b"{}")
        conn.answers.append(answer)
        for pending in self.events.values():
            if headers.get("message_id") in pending.frame_ids:
                pending.answer = answer
                if answer.get("code") == 200:
                    pending.acked = True

    async def _deliver(self, pending: PendingEvent, conn: FeishuConnection | None) -> None:
        candidates = [conn] if conn is not None else self.live
        if not candidates:
            return  # nobody connected: the resender tries again
        target = self._random.choice(candidates)
        frame_id = uuid.uuid4().hex
        pending.frame_ids.add(frame_id)
        pending.pushes += 1
        pending.last_push = time.monotonic()  # type: ignore[attr-defined]
        target.received.append(pending.event_id)
        payload = json.dumps(pending.body, ensure_ascii=False).encode()
        size = -(-len(payload) // pending.split)
        parts = [payload[i * size:(i + 1) * size] for i in range(pending.split)]
        trace_id = uuid.uuid4().hex
        try:
            for seq, part in enumerate(parts):
                await target.ws.send_bytes(_frame(DATA, target.service_id, {
                    "type": "event", "message_id": frame_id, "trace_id": trace_id,
                    "sum": str(pending.split), "seq": str(seq)}, part))
        except ConnectionError:
            pass  # the connection died under us: the resender pushes again

    async def _push_again(self) -> None:
        while True:
            await asyncio.sleep(0.05)
            now = time.monotonic()
            for pending in list(self.events.values()):
                last = getattr(pending, "last_push", None)
                if not pending.acked and (last is None or now - last >= self.ack_timeout):
                    if self.live:
                        await self._deliver(pending, None)

    # --- open API --------------------------------------------------------------------------------

    def _authorized(self, request: web.Request) -> bool:
        token = tenant_token(self.app_id, self.secret, self.token_generation)
        return request.headers.get("Authorization") == f"Bearer {token}"

    def _fault(self, op: str) -> web.Response | None:
        if not self._faults[op]:
            return None
        code = self._faults[op].popleft()
        if code == FREQUENCY:
            return web.json_response({"code": code, "msg": "request trigger frequency limit"}, status=429,
                                     headers={"x-ogw-ratelimit-limit": "50", "x-ogw-ratelimit-reset": "2"})
        if code == CHAT_FREQUENCY:
            return web.json_response({"code": code, "msg": "This operation triggers the frequency limit."},
                                     status=400)
        if code >= 500 and code < 600:
            return web.Response(status=code, text="upstream error")
        return web.json_response({"code": code, "msg": "refused by the fake"}, status=400)

    def _unauthorized(self) -> web.Response:
        return web.json_response({"code": TOKEN_INVALID, "msg": "Invalid access token for authorization."},
                                 status=401)

    async def _token(self, request: web.Request) -> web.Response:
        if (fault := self._fault("token")) is not None:
            return fault
        body = await request.json()
        if body.get("app_id") != self.app_id or body.get("app_secret") != self.secret:
            return web.json_response({"code": BAD_CREDENTIALS, "msg": "app secret invalid"})
        self.tokens_issued += 1
        return web.json_response({"code": 0, "msg": "ok", "expire": 7200,
                                  "tenant_access_token": tenant_token(self.app_id, self.secret, self.token_generation)})

    async def _bot_info(self, request: web.Request) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        return web.json_response({"code": 0, "msg": "ok", "bot": {
            "activate_status": 2, "app_name": self.bot_name, "open_id": self.bot_open_id}})

    async def _accept(self, request: web.Request, op: str, record: dict[str, Any]) -> web.Response:
        if not self._authorized(request):
            return self._unauthorized()
        if (fault := self._fault(op)) is not None:
            return fault
        body = await request.json()
        if op != "patch" and body.get("msg_type") not in ("text", "post", "interactive", "image"):
            return web.json_response({"code": 230001, "msg": "invalid msg_type"}, status=400)
        json.loads(body["content"])  # content is a JSON string; a bad one is our bug: let it fail loudly
        message_id = "om_" + uuid.uuid4().hex
        self.sent.append({"op": op, "message_id": message_id, **record, **body})
        return web.json_response({"code": 0, "msg": "success", "data": {
            "message_id": message_id, "msg_type": body.get("msg_type"), "create_time": str(int(time.time() * 1000))}})

    async def _create(self, request: web.Request) -> web.Response:
        kind = request.query.get("receive_id_type", "")
        if kind not in ("open_id", "chat_id", "user_id", "union_id", "email"):
            return web.json_response({"code": 99992402, "msg": "field validation failed"}, status=400)
        return await self._accept(request, "send", {"receive_id_type": kind})

    async def _reply(self, request: web.Request) -> web.Response:
        return await self._accept(request, "reply", {"reply_to": request.match_info["message_id"]})

    async def _patch(self, request: web.Request) -> web.Response:
        return await self._accept(request, "patch", {"patched": request.match_info["message_id"]})

    async def _resource(self, request: web.Request) -> web.StreamResponse:
        if not self._authorized(request):
            return self._unauthorized()
        if (fault := self._fault("resource")) is not None:
            return fault
        key = (request.match_info["message_id"], request.match_info["file_key"])
        if request.query.get("type") not in ("image", "file") or key not in self._resources:
            return web.json_response({"code": NOT_FOUND, "msg": "resource not found"}, status=400)
        return await send_in_chunks(request, self._resources[key], content_type="image/jpeg")


def flat_text(sent: dict[str, Any]) -> str:
    """A sent message's words: text content, post paragraphs or a card's text elements."""
    content = json.loads(sent["content"])
    if "text" in content and isinstance(content["text"], str):
        return content["text"]
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("tag") in ("plain_text", "lark_md", "markdown", "text") and isinstance(
                    node.get("content", node.get("text")), str):
                parts.append(node.get("content", node.get("text")))
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(content.get("elements") or content.get("body") or content)
    return "\n".join(parts)


def card_buttons(sent: dict[str, Any]) -> list[dict[str, Any]]:
    """The buttons of a sent card: `{"label", "value"}` each."""
    buttons: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("tag") == "button":
                buttons.append({"label": node["text"]["content"], "value": node.get("value")})
                return
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(sent["content"]))
    return buttons


# --- events as Feishu sends them (schema 2.0) ------------------------------------------------------

def _header(event_type: str, app_id: str, event_id: str | None, create_ms: int) -> dict[str, Any]:
    return {"event_id": event_id or uuid.uuid4().hex, "event_type": event_type, "create_time": str(create_ms),
            "token": "", "app_id": app_id, "tenant_key": "tenant-fake"}


def message_event(*, message_type: str, content: dict[str, Any], chat_id: str, sender: str,
                  chat_type: str = "group", message_id: str | None = None, event_id: str | None = None,
                  mentions: list[dict[str, Any]] | None = None, app_id: str = "cli_fake0001",
                  create_ms: int | None = None) -> dict[str, Any]:
    """An `im.message.receive_v1` event; `content` is serialised to a string as Feishu does."""
    ms = create_ms if create_ms is not None else int(time.time() * 1000)
    return {"schema": "2.0", "header": _header("im.message.receive_v1", app_id, event_id, ms), "event": {
        "sender": {"sender_id": {"open_id": sender, "union_id": "on_" + sender[3:], "user_id": sender[3:11]},
                   "sender_type": "user", "tenant_key": "tenant-fake"},
        "message": {"message_id": message_id or "om_" + uuid.uuid4().hex, "root_id": "", "parent_id": "",
                    "create_time": str(ms), "update_time": str(ms), "chat_id": chat_id, "chat_type": chat_type,
                    "message_type": message_type, "content": json.dumps(content, ensure_ascii=False),
                    "mentions": mentions or [], "user_agent": "Mozilla/5.0 Lark/7.30"}}}


def mention(key: str, open_id: str, name: str) -> dict[str, Any]:
    return {"key": key, "id": {"open_id": open_id, "union_id": "on_x", "user_id": ""}, "name": name,
            "tenant_key": "tenant-fake"}


def text_event(text: str, *, chat_id: str, sender: str, mention_bot: FakeFeishu | None = None,
               **kwargs: Any) -> dict[str, Any]:
    """A text message; with `mention_bot` the text starts with the bot's @ placeholder."""
    mentions = kwargs.pop("mentions", None)
    if mention_bot is not None:
        text = "@_user_1 " + text
        mentions = [mention("@_user_1", mention_bot.bot_open_id, mention_bot.bot_name)]
    return message_event(message_type="text", content={"text": text}, chat_id=chat_id, sender=sender,
                         mentions=mentions, **kwargs)


def image_event(image_key: str, **kwargs: Any) -> dict[str, Any]:
    return message_event(message_type="image", content={"image_key": image_key}, **kwargs)


def post_event(title: str, paragraphs: list[list[dict[str, Any]]], **kwargs: Any) -> dict[str, Any]:
    """Rich text as received: `{"title", "content": [[elements]]}` (no locale wrapper)."""
    return message_event(message_type="post", content={"title": title, "content": paragraphs}, **kwargs)


def card_action_event(value: dict[str, Any], *, operator: str, chat_id: str, message_id: str,
                      event_id: str | None = None, app_id: str = "cli_fake0001") -> dict[str, Any]:
    """A `card.action.trigger` callback (new card callback, schema 2.0) for a pressed button."""
    ms = int(time.time() * 1000)
    return {"schema": "2.0", "header": _header("card.action.trigger", app_id, event_id, ms), "event": {
        "operator": {"tenant_key": "tenant-fake", "open_id": operator, "union_id": "on_" + operator[3:],
                     "user_id": operator[3:11]},
        "token": "c-" + uuid.uuid4().hex,
        "action": {"value": value, "tag": "button", "timezone": "Asia/Shanghai"},
        "host": "im_message", "delivery_type": "",
        "context": {"url": "", "preview_token": "", "open_message_id": message_id, "open_chat_id": chat_id}}}


def bot_added_event(*, chat_id: str, operator: str, app_id: str = "cli_fake0001") -> dict[str, Any]:
    """`im.chat.member.bot.added_v1`: someone added the bot to a group."""
    ms = int(time.time() * 1000)
    return {"schema": "2.0", "header": _header("im.chat.member.bot.added_v1", app_id, None, ms), "event": {
        "chat_id": chat_id, "operator_id": {"open_id": operator, "union_id": "on_x", "user_id": ""},
        "external": False, "operator_tenant_key": "tenant-fake", "name": "华达精密 外协群"}}
