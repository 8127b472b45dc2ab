"""DingTalk Stream mode: the app's outbound WebSocket, through DingTalk's own `dingtalk-stream` SDK
(wire facts: docs/platforms/dingtalk.md §2).

The SDK's `open_connection` does the handshake (`POST /v1.0/gateway/connections/open` → endpoint
and a one-use ticket), its frame classes parse every frame, its handlers build the ACKs, its
`background_task` / `route_message` answer `ping` and close on `disconnect`. Only the reconnect
loop and the WebSocket keepalive are ours: the SDK's 0.24.3 `start()` calls the handshake with
blocking `requests` on the event loop, swallows cancellation and always waits 10 s, and its
`keepalive` never waits for a pong. Every replica runs one `StreamLink`: DingTalk pushes each
frame to one of the app's connections, chosen at random.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from typing import Any
from urllib.parse import quote_plus

import dingtalk_stream
import websockets
from dingtalk_stream import AckMessage, CallbackHandler, CallbackMessage, Credential

from bot.adapters.dingtalk_adapter import DEFAULT_API_BASE, TOPIC_CARD, TOPIC_ROBOT, DingTalkInbound
from bot.long_connection import wait_for_either

log = logging.getLogger("supplierbot.dingtalk")


class RobotMessageHandler(CallbackHandler):
    """The SDK handler for `/v1.0/im/bot/messages/get`: store, then the SDK sends the ACK."""

    def __init__(self, inbound: DingTalkInbound) -> None:
        super().__init__()
        self.inbound = inbound
        self.logger = log

    async def process(self, callback: CallbackMessage) -> tuple[int, str]:
        await self.inbound.on_robot_message(callback.data)
        return AckMessage.STATUS_OK, "OK"


class CardCallbackHandler(CallbackHandler):
    """The SDK handler for `/v1.0/card/instances/callback`: the ACK's data may update the card; ours
    leaves it as it is (the used button is replaced by the outbox's edit)."""

    def __init__(self, inbound: DingTalkInbound) -> None:
        super().__init__()
        self.inbound = inbound
        self.logger = log

    async def process(self, callback: CallbackMessage) -> tuple[int, dict[str, Any]]:
        await self.inbound.on_card_click(callback.data)
        return AckMessage.STATUS_OK, {}


# --- the Stream connection ------------------------------------------------------------------------

def point_sdk_at(api_base: str) -> None:
    """The SDK reads its endpoint from a class constant set at import (`DINGTALK_OPENAPI_ENDPOINT`);
    a test or a proxy elsewhere replaces it, for the whole process (one DingTalk app per process)."""
    dingtalk_stream.DingTalkStreamClient.OPEN_CONNECTION_API = api_base.rstrip("/") + "/v1.0/gateway/connections/open"


class StreamLink:
    """One Stream connection of the app, reconnected until stopped. Every replica runs one."""

    def __init__(self, client_id: str, client_secret: str, handlers: dict[str, CallbackHandler], *,
                 api_base: str = DEFAULT_API_BASE, reconnect_delay: float = 1.0, max_reconnect_delay: float = 60.0,
                 ping_seconds: float = 30.0, ping_timeout: float = 20.0, open_timeout: float = 15.0) -> None:
        point_sdk_at(api_base)
        self.client = dingtalk_stream.DingTalkStreamClient(Credential(client_id, client_secret), logger=log)
        for topic, handler in handlers.items():
            self.client.register_callback_handler(topic, handler)
        self.reconnect_delay = reconnect_delay
        self.max_reconnect_delay = max_reconnect_delay
        self.ping_seconds = ping_seconds
        self.ping_timeout = ping_timeout
        self.open_timeout = open_timeout
        self.connected = asyncio.Event()
        self.connections = 0
        self.failed_opens = 0
        self.last_error: str | None = None
        self._tasks: set[asyncio.Task[None]] = set()

    async def run(self, stop: asyncio.Event) -> None:
        self.client.pre_start()
        delay = self.reconnect_delay
        while not stop.is_set():
            opened_at = time.monotonic()
            if await self._session(stop):
                delay = self.reconnect_delay if time.monotonic() - opened_at > 1.0 else delay
            if stop.is_set():
                break
            await wait_for_either(stop, delay)
            delay = min(self.max_reconnect_delay, delay * 2)
        await self.drain()

    async def _session(self, stop: asyncio.Event) -> bool:
        """One connection, from the handshake to its end; True when it was established."""
        try:
            connection = await asyncio.wait_for(asyncio.to_thread(self.client.open_connection), self.open_timeout)
        except TimeoutError:
            connection = None
        if not isinstance(connection, dict) or not connection.get("endpoint") or not connection.get("ticket"):
            self.failed_opens += 1
            self.last_error = "the connection was not opened (credentials refused or network down)"
            log.warning("dingtalk stream: %s", self.last_error)
            return False
        uri = f"{connection['endpoint']}?ticket={quote_plus(str(connection['ticket']))}"
        try:
            # websockets' own keepalive, not the SDK's `keepalive` (a ping every 60 s that never waits for
            # the pong): a connection whose far end went silent is closed and replaced
            async with websockets.connect(uri, open_timeout=self.open_timeout, ping_interval=self.ping_seconds,
                                          ping_timeout=self.ping_timeout) as ws:
                self.client.websocket = ws
                self.connections += 1
                self.connected.set()
                log.info("dingtalk stream connected (%d)", self.connections)
                closer = asyncio.create_task(_close_on(stop, ws))
                try:
                    async for raw in ws:
                        self._dispatch(raw)
                finally:
                    closer.cancel()
        except (OSError, TimeoutError, websockets.exceptions.WebSocketException) as exc:
            self.last_error = f"{type(exc).__name__}: {exc}"
            log.warning("dingtalk stream connection ended: %s", self.last_error)
        finally:
            self.connected.clear()
        return True

    def _dispatch(self, raw: str | bytes) -> None:
        try:
            frame = json.loads(raw)
        except ValueError:
            log.warning("dingtalk stream: a frame that is not JSON: %.200r", raw)
            return
        if not isinstance(frame, dict):
            return
        task = asyncio.ensure_future(self.client.background_task(frame))  # SDK: route, handle, ACK
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self, within: float = 5.0) -> None:
        """Let frames being stored finish: a stop must not lose what was received."""
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=within)


async def _close_on(stop: asyncio.Event, ws: Any) -> None:
    await stop.wait()
    await ws.close()


def handlers_for(inbound: DingTalkInbound) -> dict[str, CallbackHandler]:
    return {TOPIC_ROBOT: RobotMessageHandler(inbound), TOPIC_CARD: CardCallbackHandler(inbound)}
