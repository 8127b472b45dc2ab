"""`POST /webhooks/jiandaoyun`: orders from a Jiandaoyun form's data push (数据推送).

Nothing is parsed before the signature and the timestamp are checked: a forged or stale push
is answered 403 and changes nothing. A body that is not the push's JSON is 400; so is an
order the intake refuses, with every problem (field, Chinese and English) in the answer,
which Jiandaoyun shows on its push log. A created, changed or recovered record goes through
the import's plan and apply (`bot.import_sync`): new orders are made, existing ones change
with history and the supplier told, exactly as `supplierbot import --update` would do; a
removed record cancels its order, and a status field (`status`, or mapped) saying 作废 or 关闭
cancels it or closes it short, through the same lifecycle functions as chat and the API. The same push twice changes nothing the second time.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.import_sync import apply_import, plan_import
from bot.jiandaoyun import PUSH_OP_REMOVE, PUSH_OPS_UPSERT, ending_of, order_mapping, push_is_authentic
from bot.runtime import RUNTIME, SERVICES, unless_draining
from bot.services import Services
from bot.web.edge import Malformed, Refused, read_request
from handlers.order_changes import cancel, close_short
from handlers.receiving import Actor, queue_notices
from storage.intake_fields import IntakeError, Problem
from storage.intake_values import po_key
from storage.models import Order
from storage.order_intake import draft_from_mapping

log = logging.getLogger("supplierbot.jiandaoyun")

PUSH_PATH = "/webhooks/jiandaoyun"
PUSH_LIMIT = 1024 * 1024
ACTOR = "jiandaoyun"


def add_jiandaoyun_push(app: web.Application) -> None:
    app.router.add_post(PUSH_PATH, unless_draining(app[RUNTIME], receive_push))


def _problems(problems: list[Problem], po: Any) -> web.Response:
    log.warning("jiandaoyun push refused (%s): %s", po, "; ".join(f"{p.field}: {p.message_en}" for p in problems))
    return web.json_response({
        "ok": False, "po": po,
        "problems": [{"field": p.field, "message_zh": p.message_zh, "message_en": p.message_en} for p in problems],
    }, status=400)


async def receive_push(request: web.Request) -> web.Response:
    services: Services = request.app[SERVICES]
    settings = services.settings
    body = await read_request(request, PUSH_LIMIT)
    why = push_is_authentic(
        nonce=request.query.get("nonce", ""), timestamp=request.query.get("timestamp", ""), body=body,
        signature=request.headers.get("X-JDY-Signature", ""), secret=settings.jiandaoyun_push_secret.get_secret_value(),
        now=services.clock.now().timestamp(), max_age=settings.jiandaoyun_push_max_age_seconds,
    )
    if why is not None:
        raise Refused(why)
    try:
        message = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Malformed(f"the body is not JSON: {exc}") from None
    if not isinstance(message, dict) or not isinstance(message.get("op"), str) \
            or not isinstance(message.get("data"), dict):
        raise Malformed('expected {"op": "...", "data": {...}}')
    op, record = message["op"], message["data"]
    if op == PUSH_OP_REMOVE:
        return await _end(services, record, "cancel", "简道云中已删除 / deleted in Jiandaoyun")
    if op in PUSH_OPS_UPSERT:
        ending = ending_of(record, settings.jiandaoyun_order_fields)
        if ending is not None:
            return await _end(services, record, ending, f"简道云状态 / Jiandaoyun status: {ending}")
        return await _upsert(services, record)
    return web.json_response({"ok": True, "ignored": op})


async def _upsert(services: Services, record: dict[str, Any]) -> web.Response:
    settings = services.settings
    mapping = order_mapping(record, settings.jiandaoyun_order_fields, settings.zone)
    draft, problems = draft_from_mapping(mapping, None)
    if draft is None or problems:
        return _problems(problems, mapping.get("po"))
    now = services.clock.now()
    today = now.astimezone(settings.zone).date()
    try:
        async with services.database.write() as session:
            plan = await plan_import(session, [draft], today=today, update=True, create_suppliers=False)
            await apply_import(session, [draft], plan, actor=ACTOR, now=now, today=today, ladder=services.ladder)
    except IntakeError as exc:
        return _problems(exc.problems, mapping.get("po"))
    row = plan.rows[0]
    log.info("jiandaoyun push: %s %s", row.po, row.action)
    return web.json_response({"ok": True, "po": row.po, "action": row.action})


async def _end(services: Services, record: dict[str, Any], how: str, reason: str) -> web.Response:
    """The record was deleted, or its status says cancelled or closed: the order ends that way
    (cancelled, or closed short), once; an order we do not have, or one already ended, stays."""
    mapping = order_mapping(record, services.settings.jiandaoyun_order_fields, services.settings.zone)
    key = po_key(mapping.get("po", ""))
    if not key:
        raise Malformed("the removed record has no PO")
    now = services.clock.now()
    who = Actor(label=ACTOR, person_id=None, language=services.ladder.language, source=ACTOR, ladder=services.ladder)
    async with services.database.write() as session:
        order = (await session.execute(
            select(Order).where(Order.po_key == key)
            .options(selectinload(Order.milestones), selectinload(Order.supplier))
        )).scalar_one_or_none()
        if order is None:
            return web.json_response({"ok": True, "po": mapping.get("po"), "action": "unknown"})
        end = cancel if how == "cancel" else close_short
        outcome = await end(session, order, reason, who, now)
        if outcome.ok:
            await queue_notices(session, outcome, f"jiandaoyun-{how}:{order.id}", now)
    done = {"cancel": "cancelled", "close": "closed"}[how]
    return web.json_response({"ok": True, "po": order.po, "action": done if outcome.ok else "unchanged"})
