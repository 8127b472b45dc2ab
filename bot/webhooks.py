"""Signed outbound webhooks: the sink that POSTs each event as JSON to a URL the factory
registered (`supplierbot webhooks add`).

The signature is HMAC-SHA256, keyed by the endpoint's secret, over `{timestamp}.{body}` —
the Unix time in seconds, a dot, and the exact bytes of the body — sent as
`X-SupplierBot-Signature: sha256=<hex>` with `X-SupplierBot-Timestamp`. Binding the time in
stops a captured request from being replayed later; the body bytes are the same on every
attempt, only the timestamp and signature change. The README has the receiver's recipe.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from bot.clock import Clock
from bot.connectors.event_sink import DeliveryFailed, Event
from storage.webhook_endpoints import active_endpoints

SIGNATURE_HEADER = "X-SupplierBot-Signature"
TIMESTAMP_HEADER = "X-SupplierBot-Timestamp"
EVENT_ID_HEADER = "X-SupplierBot-Event-Id"
EVENT_TYPE_HEADER = "X-SupplierBot-Event"
ATTEMPT_HEADER = "X-SupplierBot-Attempt"
USER_AGENT = "SupplierBot-Webhooks/1"
MAX_RETRY_AFTER = 3600.0


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def body_of(event: Event) -> bytes:
    """The JSON body: compact UTF-8, keys in a fixed order, the same bytes on every attempt."""
    return json.dumps(event.payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sign(secret: str, timestamp: int | str, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of `{timestamp}.{body}` under `secret`."""
    digest = hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def verify(secret: str, timestamp: str, body: bytes, signature: str, *, now: float, tolerance: float = 300) -> bool:
    """The receiver's side (also used by the tests' fake receiver): right signature, fresh time."""
    try:
        age = abs(now - int(timestamp))
    except ValueError:
        return False
    return age <= tolerance and hmac.compare_digest(sign(secret, timestamp, body), signature)


def url_problem(url: str) -> str | None:
    """Why a URL cannot be a webhook target, or None."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "use an http:// or https:// URL with a host (e.g. https://erp.example.com/hooks/supplierbot)"
    if len(url) > 500:
        return "the URL is longer than 500 characters"
    return None


def _retry_after(value: str | None) -> float | None:
    try:
        return min(MAX_RETRY_AFTER, max(0.0, float(value))) if value else None
    except ValueError:
        return None


@dataclass
class WebhookSink:
    """One registered endpoint as a sink named `webhook:{id}`."""

    endpoint_id: int
    url: str
    secret: str
    http: aiohttp.ClientSession
    clock: Clock
    types: Collection[str] = field(default_factory=tuple)
    timeout: float = 10.0

    @property
    def name(self) -> str:
        return f"webhook:{self.endpoint_id}"

    async def deliver(self, event: Event, *, attempt: int) -> None:
        body = body_of(event)
        timestamp = int(self.clock.now().timestamp())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            EVENT_ID_HEADER: event.event_id,
            EVENT_TYPE_HEADER: event.type,
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(self.secret, timestamp, body),
            ATTEMPT_HEADER: str(attempt),
        }
        try:
            try:
                status, retry_after = await self._post(body, headers)
            except aiohttp.ServerDisconnectedError:  # a kept-alive connection the receiver had closed: once more
                status, retry_after = await self._post(body, headers)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise DeliveryFailed(f"{self.url} unreachable: {type(exc).__name__}: {exc}", sink_down=True) from exc
        if 200 <= status < 300:
            return
        if status == 429 or status >= 500:
            raise DeliveryFailed(f"{self.url} answered {status}", retry_after=retry_after, sink_down=True)
        raise DeliveryFailed(f"{self.url} answered {status}")  # refuses this event: retried, then dead-lettered

    async def _post(self, body: bytes, headers: dict[str, str]) -> tuple[int, float | None]:
        async with self.http.post(self.url, data=body, headers=headers, allow_redirects=False,
                                  timeout=aiohttp.ClientTimeout(total=self.timeout)) as response:
            await response.read()
            return response.status, _retry_after(response.headers.get("Retry-After"))


def webhook_sinks(database: Any, http: aiohttp.ClientSession, clock: Clock, *, timeout: float = 10.0):  # noqa: ANN201
    """A loader of the registered endpoints as sinks, read afresh on every call (a webhook
    added or removed with the CLI takes effect on the next tick, on every replica)."""
    async def load() -> dict[str, WebhookSink]:
        async with database.read() as session:
            endpoints = await active_endpoints(session)
        sinks = [WebhookSink(e.id, e.url, e.secret, http, clock, tuple(e.events), timeout) for e in endpoints]
        return {sink.name: sink for sink in sinks}

    return load
