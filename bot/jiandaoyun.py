"""Jiandaoyun (简道云) API v5, both ways: an event sink that writes reports, receipts,
inspections and exceptions into a form the factory chooses, and the reader of the form's
data push (数据推送) that brings orders in. Wire facts and their sources: docs/erp/jiandaoyun.md.

Writing: one record per event through `app/entry/data/batch_create` (one item), because that
call takes a `transaction_id` documented to stop a retry from creating the same data twice —
the event id, hashed to a UUID, is that id, so at-least-once delivery does not make duplicate
records. Our flat record (`flat_record`) is mapped to the form's fields by
SUPPLIERBOT_JIANDAOYUN_FIELD_MAP. Calls are spaced to the documented rate (10/s for
batch_create); a 429 or the error code 8303 (超出请求频率限制) holds the whole sink back a few
seconds, a 5xx or a network error backs it off like any receiver that is down.

Reading: the push is verified before anything is parsed — SHA-1 over
`{nonce}:{body}:{secret}:{timestamp}` against `X-JDY-Signature`, with nonce and timestamp
from the query string — and refused when stale; then its record is mapped to an order
(SUPPLIERBOT_JIANDAOYUN_ORDER_FIELDS) and goes through the same plan/apply as
`supplierbot import --update` (bot.import_sync). A removed record cancels its order.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import uuid
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp

from bot.connectors.event_sink import DeliveryFailed, Event
from storage.event_feed import ALL_EVENT_TYPES

RATE_LIMIT_CODES = frozenset({8303})  # 超出请求频率限制 (the developer guide's own example)
RATE_LIMIT_WAIT = 2.0
SINK_NAME = "jiandaoyun"
PUSH_OPS_UPSERT = frozenset({"data_create", "data_update", "data_recover"})
PUSH_OP_REMOVE = "data_remove"
ORDER_KEYS = ("po", "supplier", "part_no", "part_name", "process", "quantity", "unit", "release_date", "due_date",
              "priority", "buyer", "notes")
STATUS_KEY = "status"  # an optional field of the order form: 作废 / 关闭 end the order
CANCEL_WORDS = frozenset({"作废", "取消", "已取消", "已作废", "cancelled", "canceled", "cancel"})
CLOSE_WORDS = frozenset({"关闭", "已关闭", "短交关闭", "短交", "closed", "close"})
TYPE_LABELS = {
    "order.changed": "订单变更", "report.recorded": "进度汇报", "lot.shipped": "发货", "lot.received": "收货",
    "inspection.recorded": "检验", "exception.opened": "异常", "exception.acknowledged": "异常已响应",
    "exception.resolved": "异常已解决",
}


class JiandaoyunError(Exception):
    def __init__(self, message: str, *, code: int | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.status = status


# --- the API client -----------------------------------------------------------------------

@dataclass
class JiandaoyunClient:
    """POSTs to `{base}/api/v5/...` with the API key as a Bearer token, spaced to `per_second`."""

    http: aiohttp.ClientSession
    api_key: str
    base: str = "https://api.jiandaoyun.com"
    per_second: float = 10.0
    timeout: float = 15.0
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _next_at: float = 0.0

    async def _spaced(self) -> None:
        """At most `per_second` calls a second from this process (monotonic time, not the clock)."""
        async with self._lock:
            loop = asyncio.get_running_loop()
            wait = self._next_at - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            self._next_at = max(loop.time(), self._next_at) + 1.0 / self.per_second

    async def call(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        await self._spaced()
        url = f"{self.base.rstrip('/')}/api/v5/{path}"
        headers = {"Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"}
        try:
            async with self.http.post(url, data=json.dumps(body, ensure_ascii=False).encode(), headers=headers,
                                      timeout=aiohttp.ClientTimeout(total=self.timeout)) as response:
                status, text = response.status, await response.text()
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise JiandaoyunError(f"Jiandaoyun unreachable: {type(exc).__name__}: {exc}") from exc
        try:
            answer = json.loads(text) if text else {}
        except ValueError:
            answer = {}
        if not isinstance(answer, dict):
            answer = {}
        if 200 <= status < 300:
            return answer
        code = answer.get("code") if isinstance(answer.get("code"), int) else None
        raise JiandaoyunError(f"Jiandaoyun {path} answered {status}"
                              + (f" code {code}: {answer.get('msg', '')}" if code is not None else ""),
                              code=code, status=status)

    async def create_one(self, app_id: str, entry_id: str, data: Mapping[str, Any], transaction_id: str) -> str:
        """Create one record; the same `transaction_id` again creates nothing new."""
        answer = await self.call("app/entry/data/batch_create", {
            "app_id": app_id, "entry_id": entry_id, "data_list": [dict(data)], "transaction_id": transaction_id,
        })
        ids = answer.get("success_ids") or []
        return str(ids[0]) if ids else ""


# --- the sink -----------------------------------------------------------------------------

def _summary(event: Event) -> str:
    data = event.payload.get("data", {})
    supplier = (data.get("supplier") or {}).get("name", "")
    head = f"{TYPE_LABELS.get(event.type, event.type)} {data.get('po', '')} {supplier}".strip()
    detail = {
        "report.recorded": data.get("text"),
        "lot.shipped": f"{data.get('lot_no')} ×{data.get('qty')}",
        "lot.received": f"{data.get('lot_no')} ×{data.get('qty')}",
        "inspection.recorded": f"{data.get('verdict')} {data.get('qty_accepted')}/{data.get('qty_inspected')}",
        "exception.opened": data.get("title"),
        "exception.acknowledged": data.get("title"),
        "exception.resolved": f"{data.get('title')}: {data.get('resolution') or ''}",
        "order.changed": f"{data.get('field')} {data.get('old_value')} → {data.get('new_value')}",
    }.get(event.type)
    return f"{head}: {detail}" if detail else head


def flat_record(event: Event) -> dict[str, Any]:
    """The event as one flat record: `id`, `type`, `occurred_at`, `summary`, `supplier_code`,
    `supplier_name` and every plain value of its data (po, qty, lot_no, verdict, title...)."""
    record: dict[str, Any] = {"id": event.event_id, "type": event.type,
                              "occurred_at": event.payload.get("occurred_at"), "summary": _summary(event)}
    for key, value in event.payload.get("data", {}).items():
        if key == "supplier" and isinstance(value, dict):
            record["supplier_code"], record["supplier_name"] = value.get("code"), value.get("name")
        elif value is None or isinstance(value, str | int | float | bool):
            record[key] = value
    return record


def form_data(record: Mapping[str, Any], field_map: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """`{widget: {"value": ...}}` for every mapped key the record has a value for."""
    return {widget: {"value": record[key]} for key, widget in field_map.items()
            if key in record and record[key] is not None}


def transaction_id(event_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"supplierbot-event:{event_id}"))


@dataclass
class JiandaoyunSink:
    """Events into the factory's form, one record each."""

    client: JiandaoyunClient
    app_id: str
    entry_id: str
    field_map: Mapping[str, str]
    types: Collection[str] = ()
    name: str = SINK_NAME

    async def deliver(self, event: Event, *, attempt: int) -> None:
        data = form_data(flat_record(event), self.field_map)
        try:
            await self.client.create_one(self.app_id, self.entry_id, data, transaction_id(event.event_id))
        except JiandaoyunError as exc:
            if exc.status == 429 or exc.code in RATE_LIMIT_CODES:
                raise DeliveryFailed(str(exc), retry_after=RATE_LIMIT_WAIT, sink_down=True) from exc
            if exc.status is None or exc.status >= 500 or exc.status in (401, 403):
                raise DeliveryFailed(str(exc), sink_down=True) from exc
            raise DeliveryFailed(str(exc)) from exc


def sink_from_settings(settings: Any, http: aiohttp.ClientSession) -> JiandaoyunSink | None:
    if not settings.jiandaoyun_enabled or config_problem(settings) is not None:
        return None
    client = JiandaoyunClient(http, settings.jiandaoyun_api_key.get_secret_value(), settings.jiandaoyun_api_base,
                              settings.jiandaoyun_requests_per_second)
    types = tuple(t.strip() for t in settings.jiandaoyun_events.split(",") if t.strip())
    return JiandaoyunSink(client, settings.jiandaoyun_app_id, settings.jiandaoyun_entry_id,
                          dict(settings.jiandaoyun_field_map), types)


def config_problem(settings: Any) -> str | None:
    """What keeps the Jiandaoyun settings from working, in one line, or None."""
    problems = []
    if settings.jiandaoyun_enabled:
        if not settings.jiandaoyun_app_id or not settings.jiandaoyun_entry_id:
            problems.append("SUPPLIERBOT_JIANDAOYUN_APP_ID and _ENTRY_ID name the form to write into")
        if not settings.jiandaoyun_field_map:
            problems.append('SUPPLIERBOT_JIANDAOYUN_FIELD_MAP is empty (e.g. {"id": "_widget_1", "summary": "_widget_2"})')
        unknown = [t for t in (t.strip() for t in settings.jiandaoyun_events.split(",")) if t
                   and t not in {e.value for e in ALL_EVENT_TYPES}]
        if unknown:
            problems.append(f"SUPPLIERBOT_JIANDAOYUN_EVENTS names unknown event types: {', '.join(unknown)}")
    if settings.jiandaoyun_push_enabled:
        unknown_keys = sorted(set(settings.jiandaoyun_order_fields) - set(ORDER_KEYS) - {STATUS_KEY})
        if unknown_keys:
            problems.append(f"SUPPLIERBOT_JIANDAOYUN_ORDER_FIELDS maps unknown order fields: {', '.join(unknown_keys)}")
    return "; ".join(problems) or None


# --- the data push ------------------------------------------------------------------------

def push_signature(nonce: str, body: bytes, secret: str, timestamp: str) -> str:
    """Hex SHA-1 of `{nonce}:{payload}:{secret}:{timestamp}`, UTF-8 (the push's own recipe)."""
    content = nonce.encode() + b":" + body + b":" + secret.encode() + b":" + timestamp.encode()
    return hashlib.sha1(content).hexdigest()  # noqa: S324 - Jiandaoyun's algorithm, not our choice


def push_is_authentic(*, nonce: str, timestamp: str, body: bytes, signature: str, secret: str, now: float,
                      max_age: float) -> str | None:
    """None when the push is Jiandaoyun's and fresh, else why it is refused."""
    if not nonce or not timestamp or not signature:
        return "nonce, timestamp or X-JDY-Signature missing"
    given = signature.strip().lower().removeprefix("sha1=")  # the guide's example shows this prefix once
    if not hmac.compare_digest(push_signature(nonce, body, secret, timestamp), given):
        return "bad signature"
    try:
        age = abs(now - float(timestamp))
    except ValueError:
        return "timestamp is not a number"
    if age > max_age:
        return f"stale push ({age:.0f} s old, over {max_age:.0f} s)"
    return None


def _date_value(value: Any, zone: ZoneInfo) -> Any:
    """A date field arrives as an ISO instant in UTC (`2026-12-19T16:00:00.000Z` is the 20th in
    Shanghai): read it in the factory's zone. Anything else is left to the intake's own reader."""
    if isinstance(value, str) and "T" in value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(zone).date()
        except ValueError:
            return value
    if isinstance(value, int | float) and value > 10**11:  # milliseconds since the epoch
        return datetime.fromtimestamp(value / 1000, zone).date()
    return value


def ending_of(record: Mapping[str, Any], fields: Mapping[str, str]) -> str | None:
    """`cancel` or `close` when the record's status field says the order has ended, else None."""
    value = record.get(fields.get(STATUS_KEY, STATUS_KEY))
    if not isinstance(value, str):
        return None
    word = value.strip().lower()
    return "cancel" if word in CANCEL_WORDS else "close" if word in CLOSE_WORDS else None


def order_mapping(record: Mapping[str, Any], fields: Mapping[str, str], zone: ZoneInfo) -> dict[str, Any]:
    """The pushed record as an order mapping for `draft_from_mapping`: each order field read
    from its mapped key (default: an alias equal to the field's own name)."""
    found: dict[str, Any] = {}
    for key in ORDER_KEYS:
        source = fields.get(key, key)
        if source in record and record[source] not in (None, ""):
            value = record[source]
            found[key] = _date_value(value, zone) if key in ("release_date", "due_date") else value
    return found


