"""Loopback fakes of Jiandaoyun (简道云): its API v5 and its data push.

`FakeJiandaoyunAPI` serves `app/entry/data/batch_create`, `data/create` and `data/list` on
127.0.0.1 with the habits the developer guide documents: POST only, `Authorization: Bearer
KEY`, errors as HTTP 400 with `{"code", "msg"}`, 8303 超出请求频率限制 when a call comes faster
than the interface's rate, 429 for too many at once, and a `transaction_id` that makes a
retried batch_create create nothing twice. Faults are queued: "429", "8303", "500", "502".
Error codes other than 8303 are the fake's choice (not documented): 8301 bad key, 3001 form.

`push` sends a data push the way Jiandaoyun does: POST `url?timestamp=..&nonce=..` with the
JSON body and `X-JDY-Signature` = hex SHA-1 of `{nonce}:{body}:{secret}:{timestamp}`,
`X-JDY-DeliverId` a fresh id.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web

from tests.fakes.local_server import serve_locally


@dataclass
class FakeJiandaoyunAPI:
    api_key: str
    app_id: str
    entry_id: str
    per_second: int = 10  # batch_create's documented rate
    forms: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    faults: deque[str] = field(default_factory=deque)
    calls: list[str] = field(default_factory=list)
    limited: int = 0  # how many calls were refused for the rate
    failed: int = 0  # how many calls failed by a queued fault
    _transactions: dict[str, list[str]] = field(default_factory=dict)
    _window: deque[float] = field(default_factory=deque)
    _runner: web.AppRunner | None = None
    base_url: str = ""

    async def __aenter__(self) -> FakeJiandaoyunAPI:
        app = web.Application()
        app.router.add_post("/api/v5/app/entry/data/{action}", self._data)
        self._runner, self.base_url = await serve_locally(app)
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @staticmethod
    def _error(code: int, msg: str, status: int = 400) -> web.Response:
        return web.json_response({"code": code, "msg": msg}, status=status)

    def _over_rate(self) -> bool:
        now = asyncio.get_running_loop().time()
        while self._window and self._window[0] <= now - 1.0:
            self._window.popleft()
        if len(self._window) >= self.per_second:
            return True
        self._window.append(now)
        return False

    async def _data(self, request: web.Request) -> web.Response:
        action = request.match_info["action"]
        self.calls.append(action)
        if request.headers.get("Authorization") != f"Bearer {self.api_key}":
            return self._error(8301, "API key is invalid")  # fake's choice of code
        fault = self.faults.popleft() if self.faults else None
        if fault is not None:
            self.failed += 1
            if fault == "429":
                return web.Response(status=429)
            if fault == "8303":
                self.limited += 1
                return self._error(8303, "超出请求频率限制")
            return web.Response(status=int(fault), text="gateway error")
        if self._over_rate():
            self.limited += 1
            return self._error(8303, "超出请求频率限制")
        try:
            body = await request.json()
        except ValueError:
            return self._error(1, "The request is invalid.")
        if body.get("app_id") != self.app_id or body.get("entry_id") != self.entry_id:
            return self._error(3001, "The form does not exist.")  # fake's choice of code
        form = self.forms.setdefault(self.entry_id, [])
        if action == "list":
            return web.json_response({"data": form[: int(body.get("limit", 10))]})
        items = body.get("data_list") if action == "batch_create" else [body.get("data")]
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items) or len(items) > 100:
            return self._error(1, "The request is invalid.")
        transaction = body.get("transaction_id")
        if transaction and transaction in self._transactions:
            ids = self._transactions[transaction]
        else:
            ids = []
            for item in items:
                record = {"_id": uuid.uuid4().hex[:24], **item}
                form.append(record)
                ids.append(record["_id"])
            if transaction:
                self._transactions[transaction] = ids
        if action == "create":
            return web.json_response({"data": form[-1]})
        return web.json_response({"status": "success", "success_count": len(ids), "success_ids": ids})

    def values(self, widget: str) -> list[Any]:
        return [record[widget]["value"] for record in self.forms.get(self.entry_id, []) if widget in record]


def signature(nonce: str, payload: str, secret: str, timestamp: str) -> str:
    """The developer guide's Python example, as Jiandaoyun computes it."""
    content = ":".join([nonce, payload, secret, timestamp]).encode("utf-8")
    return hashlib.sha1(content).hexdigest()  # noqa: S324


async def push(
    http: Any, path: str, op: str, data: dict[str, Any], secret: str, *, timestamp: int,
    nonce: str | None = None, signed_with: str | None = None, body: str | None = None,
) -> tuple[int, Any]:
    """POST one data push; `signed_with` signs with another secret (a forgery), `body` sends
    other bytes than the ones signed are computed for (when given, signed as given)."""
    payload = body if body is not None else json.dumps(
        {"op": op, "opTime": timestamp * 1000, "data": data}, ensure_ascii=False, separators=(",", ":"))
    nonce = nonce or secrets.token_hex(3)
    headers = {"Content-Type": "application/json", "X-JDY-DeliverId": uuid.uuid4().hex,
               "X-JDY-Signature": signature(nonce, payload, signed_with or secret, str(timestamp))}
    response = await http.post(f"{path}?timestamp={timestamp}&nonce={nonce}", data=payload.encode(),
                               headers=headers)
    text = await response.text()
    try:
        answer: Any = json.loads(text) if text else None
    except ValueError:
        answer = text
    if isinstance(response, aiohttp.ClientResponse):
        response.release()
    return response.status, answer
