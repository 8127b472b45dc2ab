"""`supplierbot webhooks add|list|test|remove|retry`: the URLs that receive signed events.

Endpoints live in the database, not in settings, so every replica sees an added or removed
one on its next tick without a restart. `add` prints the signing secret once (generated
unless given); `list` shows each endpoint with what was delivered, is waiting and is dead;
`test` sends a signed `ping` at once and shows the answer; `retry` sends the dead letters
again under their original event ids.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import aiohttp
from sqlalchemy import select

from bot.clock import Clock, SystemClock
from bot.connectors.event_sink import DeliveryFailed, Event
from bot.settings import Settings
from bot.webhooks import WebhookSink, new_secret, url_problem
from storage import event_deliveries
from storage.db import Database
from storage.event_feed import ALL_EVENT_TYPES, iso
from storage.models import WebhookEndpoint
from storage.webhook_endpoints import add_endpoint, remove_endpoint, sink_name

Out = Callable[[str], Any]
MIN_SECRET = 16


def add_webhooks_parser(commands: Any) -> None:
    hooks = commands.add_parser("webhooks", help="URLs that receive signed events (order.changed, report.recorded...)")
    actions = hooks.add_subparsers(dest="webhooks_action", required=True)
    add = actions.add_parser("add", help="register a URL; prints the signing secret")
    add.add_argument("url")
    add.add_argument("--events", default="", help="comma-separated event types (default: all): "
                                                  + ", ".join(t.value for t in ALL_EVENT_TYPES))
    add.add_argument("--secret", help=f"the signing secret (at least {MIN_SECRET} characters; default: generated)")
    add.add_argument("--description", default="")
    actions.add_parser("list", help="every endpoint, with delivered / waiting / dead counts")
    remove = actions.add_parser("remove", help="stop sending to an endpoint (what is queued for it is dropped)")
    remove.add_argument("id", type=int)
    retry = actions.add_parser("retry", help="send the dead letters again (all endpoints, or one)")
    retry.add_argument("id", type=int, nargs="?")
    test = actions.add_parser("test", help="send a signed `ping` event now and show the receiver's answer")
    test.add_argument("id", type=int)


async def webhooks_command(settings: Settings, args: argparse.Namespace, out: Out = print,
                           clock: Clock | None = None) -> int:
    now = (clock or SystemClock()).now()
    database = Database(settings.database_url)
    try:
        action = args.webhooks_action
        if action == "add":
            return await _add(database, args, out, now)
        if action == "list":
            return await _list(database, out)
        if action == "remove":
            async with database.write() as session:
                removed, dropped = await remove_endpoint(session, args.id, now=now)
            if not removed:
                out(f"没有编号为 {args.id} 的推送地址 / no webhook with id {args.id} (see `supplierbot webhooks list`)")
                return 1
            out(f"已删除推送地址 {args.id}，丢弃待发送 {dropped} 条 / removed webhook {args.id}; "
                f"{dropped} queued event(s) dropped")
            return 0
        if action == "test":
            return await _test(database, args.id, out, clock or SystemClock())
        if action == "retry":
            async with database.write() as session:
                count = await event_deliveries.requeue_dead(
                    session, now=now, sink=sink_name(args.id) if args.id is not None else None)
            out(f"重新发送 {count} 条失败事件 / {count} dead event(s) queued again")
            return 0
        return 2
    finally:
        await database.dispose()


async def _add(database: Database, args: argparse.Namespace, out: Out, now: Any) -> int:
    problem = url_problem(args.url)
    events = [t.strip() for t in args.events.split(",") if t.strip()]
    known = {t.value for t in ALL_EVENT_TYPES}
    unknown = [t for t in events if t not in known]
    if problem is None and unknown:
        problem = f"unknown event type(s): {', '.join(unknown)}; known: {', '.join(sorted(known))}"
    secret = args.secret or new_secret()
    if problem is None and len(secret) < MIN_SECRET:
        problem = f"the secret has {len(secret)} characters; use at least {MIN_SECRET} (or leave it out: one is made)"
    if problem is not None:
        out(f"未添加 / not added: {problem}")
        return 1
    async with database.write() as session:
        endpoint = await add_endpoint(session, url=args.url, secret=secret, events=events,
                                      description=args.description, now=now)
    out(f"已添加推送地址 {endpoint.id} / added webhook {endpoint.id}: {args.url}")
    out(f"  事件 / events: {', '.join(events) or 'all'}")
    out(f"  签名密钥（只显示这一次）/ signing secret (shown once): {secret}")
    return 0


async def _test(database: Database, endpoint_id: int, out: Out, clock: Clock) -> int:
    """A `ping` signed like every event, sent at once (not queued): is the receiver set up right?"""
    async with database.read() as session:
        endpoint = await session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or not endpoint.active:
        out(f"没有编号为 {endpoint_id} 的推送地址 / no webhook with id {endpoint_id} (see `supplierbot webhooks list`)")
        return 1
    now = clock.now()
    event_id = f"ping:{int(now.timestamp())}"
    event = Event(event_id, "ping", {"id": event_id, "type": "ping", "occurred_at": iso(now), "data": {}})
    async with aiohttp.ClientSession() as http:
        sink = WebhookSink(endpoint.id, endpoint.url, endpoint.secret, http, clock)
        try:
            await sink.deliver(event, attempt=1)
        except DeliveryFailed as exc:
            out(f"✘ 测试失败 / test failed: {exc}")
            return 1
    out(f"✔ {endpoint.url} 已接收签名的 ping / took the signed ping ({event_id})")
    return 0


async def _list(database: Database, out: Out) -> int:
    async with database.read() as session:
        endpoints = list((await session.execute(select(WebhookEndpoint).order_by(WebhookEndpoint.id))).scalars())
        counts = await event_deliveries.counts_by_sink(session)
    if not endpoints:
        out("没有推送地址 / no webhooks: `supplierbot webhooks add https://...`")
        return 0
    for endpoint in endpoints:
        state = counts.get(sink_name(endpoint.id), {})
        status = "active" if endpoint.active else "removed"
        out(f"{endpoint.id}  {status}  {endpoint.url}  events: {', '.join(endpoint.events) or 'all'}  "
            f"sent {state.get('sent', 0)}, waiting {state.get('pending', 0)}, dead {state.get('dead', 0)}"
            + (f"  ({endpoint.description})" if endpoint.description else ""))
    jiandaoyun = counts.get("jiandaoyun")
    if jiandaoyun:
        out(f"jiandaoyun  sent {jiandaoyun.get('sent', 0)}, waiting {jiandaoyun.get('pending', 0)}, "
            f"dead {jiandaoyun.get('dead', 0)}")
    return 0
