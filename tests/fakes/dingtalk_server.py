"""A loopback fake of DingTalk's open platform, driven by the real `dingtalk-stream` SDK.

`FakeDingTalk` speaks Stream mode as docs/platforms/dingtalk.md writes it down:
- `POST /v1.0/gateway/connections/open` {clientId, clientSecret, subscriptions, ua, localIp}
  → {endpoint, ticket}; a ticket opens one WebSocket, within 90 s;
- `GET /connect?ticket=…` upgrades to the WebSocket. Frames are JSON
  `{specVersion, type: SYSTEM|EVENT|CALLBACK, headers: {topic, messageId, contentType, time}, data}`
  with `data` a JSON string; the client answers each with an ACK
  `{code, headers: {messageId, contentType}, message, data}`;
- each pushed frame goes to ONE of the app's live connections, picked at random (DingTalk's
  documented load balancing), unless the test names one;
- SYSTEM `ping` (answered with the same opaque) and `disconnect` (the server closes 10 s later,
  here `disconnect_grace`); `drop()` cuts the TCP connection without a close frame.
The OpenAPI: `oauth2/accessToken`, `robot/messageFiles/download` (→ a download URL served in
64 KiB chunks), `robot/groupMessages/send`, `robot/oToMessages/batchSend`,
`card/instances/createAndDeliver`, `PUT card/instances`, and session webhooks
(`/robot/sendBySession?session=…`). `inject()` makes the next calls fail (throttling: HTTP 403
`Forbidden.AccessDenied.QpsLimitForApi`; a session webhook's "send too fast": errcode 130101);
`slow()` makes them take longer than a client waits (DingTalk still acts on them).
Error codes marked "fake's choice" are plausible only.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakes.chunked import send_in_chunks
from tests.fakes.local_server import serve_locally

TOPIC_ROBOT = "/v1.0/im/bot/messages/get"
TOPIC_CARD = "/v1.0/card/instances/callback"
QPS_LIMIT = (403, {"code": "Forbidden.AccessDenied.QpsLimitForApi", "message": "qps limit for api"})
SEND_TOO_FAST = 130101
ERR_BAD_TOKEN = (401, {"code": "InvalidAuthentication", "message": "不合法的access_token"})


@dataclass
class FakeStream:
    """One WebSocket the fake accepted: what it was sent and what it acknowledged."""

    ws: web.WebSocketResponse
    request: web.Request
    topics: list[str]
    sent: list[dict[str, Any]] = field(default_factory=list)
    acks: dict[str, dict[str, Any]] = field(default_factory=dict)
    closed: bool = False

    @property
    def live(self) -> bool:
        return not self.closed and not self.ws.closed


@dataclass
class FakeDingTalk:
    """Async context manager; `base` is what the SDK and our API client are pointed at."""

    client_id: str = "dingfakeclientid"
    client_secret: str = "fake-client-secret"
    robot_code: str = "dingfakeclientid"
    seed: int = 17
    disconnect_grace: float = 0.2
    answer_pings: bool = True  # False: a server gone silent (WebSocket pings get no pong)
    streams: list[FakeStream] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._tickets: dict[str, tuple[float, list[str]]] = {}
        self._tokens: set[str] = set()
        self._files: dict[str, bytes] = {}
        self._sessions: dict[str, bool] = {}  # session code -> still valid
        self._session_chat: dict[str, str] = {}
        self._faults: dict[str, deque[tuple[int, dict[str, Any]]]] = defaultdict(deque)
        self._delays: dict[str, deque[float]] = defaultdict(deque)
        self._runner: web.AppRunner | None = None
        self.base = ""
        self.opens = 0

    async def __aenter__(self) -> FakeDingTalk:
        app = web.Application(client_max_size=4 * 1024 * 1024)
        app.router.add_post("/v1.0/gateway/connections/open", self._open)
        app.router.add_get("/connect", self._connect)
        app.router.add_post("/v1.0/oauth2/accessToken", self._token)
        app.router.add_post("/v1.0/robot/messageFiles/download", self._download)
        app.router.add_get("/files/{code}", self._file)
        app.router.add_post("/v1.0/robot/groupMessages/send", self._api)
        app.router.add_post("/v1.0/robot/oToMessages/batchSend", self._api)
        app.router.add_post("/v1.0/card/instances/createAndDeliver", self._api)
        app.router.add_put("/v1.0/card/instances", self._api)
        app.router.add_post("/robot/sendBySession", self._session_webhook)
        self._runner, self.base = await serve_locally(app)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        for stream in self.streams:
            if not stream.ws.closed:
                await stream.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- what the test sees and steers ---------------------------------------------------------

    @property
    def live(self) -> list[FakeStream]:
        return [s for s in self.streams if s.live]

    def sent(self, path: str) -> list[dict[str, Any]]:
        return [body for called, body in self.calls if called == path]

    def inject(self, path: str, fault: tuple[int, dict[str, Any]] = QPS_LIMIT, times: int = 1) -> None:
        """The next `times` calls of `path` are refused with `fault` (HTTP status, body)."""
        self._faults[path].extend([fault] * times)

    def slow(self, path: str, seconds: float, times: int = 1) -> None:
        """The next `times` calls of `path` take `seconds` before DingTalk acts on them (and then do)."""
        self._delays[path].extend([seconds] * times)

    def add_file(self, data: bytes) -> str:
        """Keep `data` as a received file; returns its downloadCode."""
        code = "dc" + uuid.uuid4().hex
        self._files[code] = data
        return code

    def new_session_webhook(self, chat_id: str) -> str:
        """A message's session webhook: it posts into `chat_id` until expired."""
        code = uuid.uuid4().hex
        self._sessions[code] = True
        self._session_chat[code] = chat_id
        return f"{self.base}/robot/sendBySession?session={code}"

    def expire_session(self, url: str) -> None:
        self._sessions[url.rsplit("=", 1)[-1]] = False

    async def push(self, data: dict[str, Any], *, topic: str = TOPIC_ROBOT, to: FakeStream | None = None,
                   kind: str = "CALLBACK") -> str:
        """Push one frame to one live connection subscribed to `topic` (random unless `to`); its messageId."""
        target = to or self.pick(topic)
        message_id = f"{uuid.uuid4().hex[:8]}_{int(time.time() * 1000):x}"
        frame = {"specVersion": "1.0", "type": kind,
                 "headers": {"appId": "fake-app", "contentType": "application/json", "messageId": message_id,
                             "time": str(int(time.time() * 1000)), "topic": topic},
                 "data": json.dumps(data, ensure_ascii=False)}
        target.sent.append(frame)
        await target.ws.send_str(json.dumps(frame, ensure_ascii=False))
        return message_id

    def pick(self, topic: str = TOPIC_ROBOT) -> FakeStream:
        candidates = [s for s in self.live if topic in s.topics]
        if not candidates:
            raise RuntimeError(f"no live connection subscribed to {topic}")
        return self._random.choice(candidates)

    async def ping(self, to: FakeStream | None = None) -> str:
        target = to or self.pick()
        opaque = uuid.uuid4().hex
        frame = {"specVersion": "1.0", "type": "SYSTEM",
                 "headers": {"contentType": "application/json", "messageId": f"ping_{opaque[:8]}", "topic": "ping",
                             "time": str(int(time.time() * 1000))},
                 "data": json.dumps({"opaque": opaque})}
        await target.ws.send_str(json.dumps(frame))
        return frame["headers"]["messageId"]

    async def disconnect(self, to: FakeStream | None = None) -> None:
        """The server's graceful goodbye: a `disconnect` frame, then the close after the grace."""
        target = to or self.pick()
        frame = {"specVersion": "1.0", "type": "SYSTEM",
                 "headers": {"contentType": "application/json", "messageId": f"dis_{uuid.uuid4().hex[:8]}",
                             "topic": "disconnect", "time": str(int(time.time() * 1000))},
                 "data": json.dumps({"reason": "connection is expired"})}
        await target.ws.send_str(json.dumps(frame))
        await asyncio.sleep(self.disconnect_grace)
        if not target.ws.closed:
            await target.ws.close()

    def drop(self, to: FakeStream | None = None) -> None:
        """Cut the TCP connection: no close frame, as when a network path dies."""
        target = to or self.pick()
        transport = target.request.transport
        if transport is not None:
            transport.abort()
        target.closed = True

    def acked(self, message_id: str) -> dict[str, Any] | None:
        for stream in self.streams:
            if message_id in stream.acks:
                return stream.acks[message_id]
        return None

    async def wait_for(self, condition: Any, within: float = 10.0) -> None:
        deadline = time.monotonic() + within
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("condition not met in time")
            await asyncio.sleep(0.02)

    def texts(self, chat_id: str | None = None) -> list[str]:
        """Everything the robot said, in order, as text: API sends and session-webhook posts."""
        out = []
        for path, body in self.calls:
            if path in ("/v1.0/robot/groupMessages/send", "/v1.0/robot/oToMessages/batchSend"):
                if chat_id is not None and chat_id not in (body.get("openConversationId"), *body.get("userIds", [])):
                    continue
                param = json.loads(body["msgParam"])
                out.append(param.get("content") or param.get("text") or "")
            elif path == "/robot/sendBySession":
                if chat_id is not None and body.get("_chat") != chat_id:
                    continue
                section = body.get(body.get("msgtype", ""), {})
                out.append(section.get("content") or section.get("text") or "")
            elif path == "/v1.0/card/instances/createAndDeliver":
                space = body.get("openSpaceId", "")
                if chat_id is not None and not space.endswith("." + chat_id):
                    continue
                out.append(body["cardData"]["cardParamMap"]["content"])
        return out

    # --- Stream mode -------------------------------------------------------------------------------

    async def _open(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("clientId") != self.client_id or body.get("clientSecret") != self.client_secret:
            return web.json_response({"code": "InvalidAuthentication", "message": "clientId or clientSecret invalid"},
                                     status=401)  # fake's choice of status and code
        topics = [s.get("topic") for s in body.get("subscriptions") or [] if isinstance(s, dict)]
        if not topics:
            return web.json_response({"code": "invalidParameter", "message": "subscriptions required"}, status=400)
        ticket = str(uuid.uuid4())
        self._tickets[ticket] = (time.monotonic() + 90, topics)
        self.opens += 1
        host, port = self._runner.addresses[0][:2] if self._runner else ("127.0.0.1", 0)
        return web.json_response({"endpoint": f"ws://{host}:{port}/connect", "ticket": ticket})

    async def _connect(self, request: web.Request) -> web.StreamResponse:
        ticket = self._tickets.pop(request.query.get("ticket", ""), None)
        if ticket is None or ticket[0] < time.monotonic():
            return web.Response(status=401, text="invalid ticket")
        ws = web.WebSocketResponse(autoping=self.answer_pings)
        await ws.prepare(request)
        stream = FakeStream(ws, request, ticket[1])
        self.streams.append(stream)
        try:
            async for message in ws:
                if message.type != WSMsgType.TEXT:
                    continue
                ack = json.loads(message.data)
                message_id = (ack.get("headers") or {}).get("messageId")
                if message_id:
                    stream.acks[str(message_id)] = ack
        finally:
            stream.closed = True
        return ws

    # --- the OpenAPI -------------------------------------------------------------------------------

    async def _token(self, request: web.Request) -> web.Response:
        body = await request.json()
        if body.get("appKey") != self.client_id or body.get("appSecret") != self.client_secret:
            return web.json_response({"code": "invalidClientIdOrSecret", "message": "无效的clientId或者clientSecret"},
                                     status=400)
        token = uuid.uuid4().hex
        self._tokens.add(token)
        return web.json_response({"accessToken": token, "expireIn": 7200})

    def _refused(self, request: web.Request) -> web.Response | None:
        if request.headers.get("x-acs-dingtalk-access-token") not in self._tokens:
            status, body = ERR_BAD_TOKEN
            return web.json_response(body, status=status)
        faults = self._faults[request.path]
        if faults:
            status, body = faults.popleft()
            return web.json_response(body, status=status)
        return None

    async def _download(self, request: web.Request) -> web.Response:
        refused = self._refused(request)
        if refused is not None:
            return refused
        body = await request.json()
        self.calls.append((request.path, body))
        code = body.get("downloadCode")
        if body.get("robotCode") != self.robot_code or code not in self._files:
            return web.json_response({"code": "invalidParameter.downloadCode", "message": "downloadCode无效"},
                                     status=400)  # fake's choice
        return web.json_response({"downloadUrl": f"{self.base}/files/{code}"})

    async def _file(self, request: web.Request) -> web.StreamResponse:
        data = self._files.get(request.match_info["code"])
        if data is None:
            return web.Response(status=404)
        return await send_in_chunks(request, data, content_type="image/jpeg")

    async def _api(self, request: web.Request) -> web.Response:
        refused = self._refused(request)
        if refused is not None:
            return refused
        body = await request.json()
        if body.get("robotCode", self.robot_code) != self.robot_code and "robotCode" in body:
            return web.json_response({"code": "robot.notexist", "message": "robot not exist"}, status=400)
        self.calls.append((request.path, body))
        if self._delays[request.path]:  # acted on, answered late
            await asyncio.sleep(self._delays[request.path].popleft())
        if request.path.endswith("batchSend"):
            return web.json_response({"processQueryKey": uuid.uuid4().hex, "invalidStaffIdList": [],
                                      "flowControlledStaffIdList": []})
        if request.path.endswith("createAndDeliver"):
            return web.json_response({"success": True, "result": {"outTrackId": body.get("outTrackId")}})
        if request.method == "PUT":
            return web.json_response({"success": True})
        return web.json_response({"processQueryKey": uuid.uuid4().hex})

    async def _session_webhook(self, request: web.Request) -> web.Response:
        code = request.query.get("session", "")
        body = await request.json()
        if not self._sessions.get(code):
            return web.json_response({"errcode": 300001, "errmsg": "session expired"})  # fake's choice of errcode
        faults = self._faults[request.path]
        if faults:
            _, fault = faults.popleft()
            return web.json_response(fault)
        self.calls.append((request.path, {**body, "_chat": self._session_chat.get(code)}))
        return web.json_response({"errcode": 0, "errmsg": "ok"})



# --- robot message bodies (receive-message doc; the protocol doc's example) ---------------------------

def robot_message(msg_id: str, msgtype: str, *, conversation_id: str, group: bool, staff_id: str = "manager4211",
                  nick: str = "王工", session_webhook: str | None = None, webhook_until_ms: int | None = None,
                  created_ms: int | None = None, title: str = "华达精密 外协群", robot_code: str = "dingfakeclientid",
                  **content: Any) -> dict[str, Any]:
    now_ms = int(time.time() * 1000)
    body: dict[str, Any] = {
        "conversationId": conversation_id, "chatbotCorpId": "dingfakecorp", "chatbotUserId": "$:LWCP_v1:$botbot",
        "msgId": msg_id, "senderNick": nick, "isAdmin": False, "senderStaffId": staff_id,
        "senderId": f"$:LWCP_v1:${staff_id}", "senderCorpId": "dingfakecorp", "createAt": created_ms or now_ms,
        "conversationType": "2" if group else "1", "robotCode": robot_code, "msgtype": msgtype,
    }
    if group:
        body.update(conversationTitle=title, isInAtList=True, atUsers=[{"dingtalkId": "$:LWCP_v1:$botbot"}])
    if session_webhook:
        body.update(sessionWebhook=session_webhook,
                    sessionWebhookExpiredTime=webhook_until_ms or now_ms + 90 * 60 * 1000)
    body.update(content)
    return body


def text_message(msg_id: str, content: str, **kwargs: Any) -> dict[str, Any]:
    return robot_message(msg_id, "text", text={"content": content}, **kwargs)


def picture_message(msg_id: str, download_code: str, **kwargs: Any) -> dict[str, Any]:
    return robot_message(msg_id, "picture", content={"downloadCode": download_code, "pictureDownloadCode": "p" +
                                                     download_code}, **kwargs)


def rich_text_message(msg_id: str, parts: list[tuple[str, str]], **kwargs: Any) -> dict[str, Any]:
    """`parts`: ("text", words) or ("picture", downloadCode), in order."""
    items: list[dict[str, Any]] = []
    for kind, value in parts:
        if kind == "text":
            items.append({"text": value})
        else:
            items.append({"type": "picture", "downloadCode": value, "pictureDownloadCode": "p" + value})
    return robot_message(msg_id, "richText", content={"richText": items}, **kwargs)


def card_click(out_track_id: str, payload: str, *, user_id: str = "manager4211", space_type: str = "IM_GROUP",
               space_id: str = "") -> dict[str, Any]:
    """A card callback's data (event-callback-card doc; the SDK's CardCallbackMessage fields)."""
    content = {"cardPrivateData": {"actionIds": ["button"], "params": {"payload": payload}}}
    return {"outTrackId": out_track_id, "corpId": "dingfakecorp", "userId": user_id, "type": "actionCallback",
            "content": json.dumps(content), "extension": "{}", "spaceType": space_type, "spaceId": space_id,
            "userIdType": 1}
