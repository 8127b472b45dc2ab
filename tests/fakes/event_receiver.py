"""A loopback receiver of SupplierBot's signed events, as a factory would write one.

It checks every request the way the README tells receivers to (HMAC-SHA256 over
`{timestamp}.{body}`, a timestamp no more than five minutes off), answers 401 to a bad
signature, and keeps what it took. Faults are queued per request: answer 503 with or
without Retry-After, take the event and still answer 500 (so it comes again), answer 400,
hang past the sender's time-out, or be down altogether (nothing listening on the port).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web

Fault = Literal["503", "429", "500_after_taking", "400", "hang"]


@dataclass
class Taken:
    event_id: str
    event_type: str
    body: bytes
    payload: dict[str, Any]
    attempt: int


@dataclass
class FakeEventReceiver:
    secret: str
    now: Any  # () -> float: the receiver's clock (the tests' fake clock)
    tolerance: float = 300
    hang_seconds: float = 1.0  # longer than the sender's time-out in the tests
    taken: list[Taken] = field(default_factory=list)
    bad_signatures: int = 0
    requests: int = 0
    faults: deque[Fault] = field(default_factory=deque)
    _runner: web.AppRunner | None = None
    _site: web.TCPSite | None = None
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/supplierbot"

    async def __aenter__(self) -> FakeEventReceiver:
        app = web.Application()
        app.router.add_post("/hooks/supplierbot", self._receive)
        app.on_response_prepare.append(self._no_keep_alive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await self.up()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def up(self) -> None:
        assert self._runner is not None
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await self._site.start()
        self.port = self._runner.addresses[-1][1]

    @staticmethod
    async def _no_keep_alive(request: web.Request, response: web.StreamResponse) -> None:
        response.force_close()  # a new connection per request: `down()` then really refuses them

    async def down(self) -> None:
        """Stop listening: the sender's connections are refused."""
        if self._site is not None:
            await self._site.stop()
            self._site = None

    def signature_ok(self, timestamp: str, body: bytes, signature: str) -> bool:
        """The README's recipe, written out again on purpose."""
        expected = "sha256=" + hmac.new(self.secret.encode(), timestamp.encode() + b"." + body,
                                        hashlib.sha256).hexdigest()
        try:
            fresh = abs(self.now() - int(timestamp)) <= self.tolerance
        except ValueError:
            return False
        return fresh and hmac.compare_digest(expected, signature)

    async def _receive(self, request: web.Request) -> web.Response:
        self.requests += 1
        body = await request.read()
        fault = self.faults.popleft() if self.faults else None
        if not self.signature_ok(request.headers.get("X-SupplierBot-Timestamp", ""), body,
                                 request.headers.get("X-SupplierBot-Signature", "")):
            self.bad_signatures += 1
            return web.Response(status=401, text="bad signature")
        if fault == "hang":  # checked on arrival, then slow: the sender gives up, the receiver still keeps it
            await asyncio.sleep(self.hang_seconds)
        if fault == "503":
            return web.Response(status=503, headers={"Retry-After": "120"})
        if fault == "429":
            return web.Response(status=429)
        if fault == "400":
            return web.Response(status=400, text="cannot use this one")
        payload = json.loads(body)
        self.taken.append(Taken(request.headers["X-SupplierBot-Event-Id"], request.headers["X-SupplierBot-Event"],
                                body, payload, int(request.headers.get("X-SupplierBot-Attempt", "0"))))
        if fault == "500_after_taking":
            return web.Response(status=500)
        return web.Response(status=204)

    @property
    def event_ids(self) -> set[str]:
        return {t.event_id for t in self.taken}
