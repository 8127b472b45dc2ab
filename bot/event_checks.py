"""`doctor`'s lines about outbound events: each registered webhook and the Jiandaoyun settings,
one line each, naming what is wrong and how to fix it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy.engine import make_url

from bot.checks import Check
from bot.jiandaoyun import JiandaoyunClient, JiandaoyunError, config_problem
from bot.webhooks import url_problem
from storage import event_deliveries
from storage.db import Database
from storage.webhook_endpoints import active_endpoints, sink_name


async def check_events(settings: Any, *, limit_seconds: float = 10.0) -> list[Check]:
    found = await _webhooks(settings, limit_seconds)
    found += await _jiandaoyun(settings, limit_seconds)
    return found


async def _webhooks(settings: Any, limit_seconds: float) -> list[Check]:
    if settings.is_sqlite:
        path = make_url(settings.database_url).database
        if not path or not await asyncio.to_thread(Path(path).exists):
            return []  # never create the file: the database line above says it is missing
    database = Database(settings.database_url)
    try:
        async with asyncio.timeout(limit_seconds):
            async with database.read() as session:
                endpoints = await active_endpoints(session)
                counts = await event_deliveries.counts_by_sink(session)
    except Exception:
        return []  # the database line above already says what is wrong with it
    finally:
        await database.dispose()
    found: list[Check] = []
    for endpoint in endpoints:
        name = f"webhook {endpoint.id}"
        state = counts.get(sink_name(endpoint.id), {})
        problem = url_problem(endpoint.url)
        if problem:
            found.append(Check("fail", name, f"{endpoint.url}: {problem}",
                               f"`supplierbot webhooks remove {endpoint.id}` and add it again with a valid URL"))
        elif state.get("dead"):
            found.append(Check("warn", name, f"{endpoint.url}: {state['dead']} event(s) could not be delivered",
                               f"fix the receiver, then `supplierbot webhooks retry {endpoint.id}`"))
        else:
            found.append(Check("ok", name, f"{endpoint.url}: sent {state.get('sent', 0)}, "
                                           f"waiting {state.get('pending', 0)}"))
    return found


async def _jiandaoyun(settings: Any, limit_seconds: float) -> list[Check]:
    if not settings.jiandaoyun_enabled and not settings.jiandaoyun_push_enabled:
        return []
    problem = config_problem(settings)
    if problem:
        return [Check("fail", "jiandaoyun", problem, "set those SUPPLIERBOT_JIANDAOYUN_* settings (README: Jiandaoyun)")]
    found: list[Check] = []
    if settings.jiandaoyun_enabled:
        async with aiohttp.ClientSession() as http:
            client = JiandaoyunClient(http, settings.jiandaoyun_api_key.get_secret_value(),
                                      settings.jiandaoyun_api_base, timeout=limit_seconds)
            try:
                await client.call("app/entry/data/list", {"app_id": settings.jiandaoyun_app_id,
                                                          "entry_id": settings.jiandaoyun_entry_id, "limit": 1})
            except JiandaoyunError as exc:
                found.append(Check("fail", "jiandaoyun", f"cannot read the form {settings.jiandaoyun_entry_id}: {exc}",
                                   "check SUPPLIERBOT_JIANDAOYUN_API_KEY (enabled, and allowed on this app) "
                                   "and the app and entry ids"))
            else:
                found.append(Check("ok", "jiandaoyun", f"writes into form {settings.jiandaoyun_entry_id} "
                                                       f"({len(settings.jiandaoyun_field_map)} field(s) mapped)"))
    if settings.jiandaoyun_push_enabled:
        where = (settings.public_url.rstrip("/") + "/webhooks/jiandaoyun") if settings.public_url else ""
        if where:
            found.append(Check("ok", "jiandaoyun push", f"orders arrive at {where}"))
        else:
            found.append(Check("warn", "jiandaoyun push", "SUPPLIERBOT_PUBLIC_URL is not set: which address to give "
                                                          "Jiandaoyun's 数据推送 is not known",
                               "set SUPPLIERBOT_PUBLIC_URL=https://bot.example.com and push to /webhooks/jiandaoyun"))
    return found
