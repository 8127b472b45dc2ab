"""The ERP page (设置 → ERP 对接): how each pull stands (cursor, last success, last error, the
last run's counts) and the conflicts a sync kept instead of overwriting, each settled here by
keeping SupplierBot's value or taking the ERP's (written through the order lifecycle)."""

from __future__ import annotations

from datetime import date
from typing import Any

from aiohttp import web
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bot.connectors.registry import INTERVALS, SOURCES, enabled_systems
from bot.web.bodies import read_form
from bot.web.dashboard import LANGUAGE, VIEWER, page, render, services_of
from handlers.order_changes import Change, change_order
from handlers.receiving import OPEN_STATUSES, Actor, queue_notices, record_order_change
from storage.erp_state import sync_states
from storage.intake_fields import FIELD_LABELS
from storage.models import ErpConflict, ErpLink, Lot, Order, Person, Role

TITLES = {"kingdee": "金蝶云星空 Kingdee K/3 Cloud"}
SETTLERS = frozenset({Role.BUYER, Role.MANAGER, Role.ADMIN})


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/setup/erp", erp_page)
    router.add_post("/setup/erp", erp_settle)


async def _view(request: web.Request, errors: list[str], status: int = 200) -> web.Response:
    services = services_of(request)
    settings = services.settings
    async with services.database.read() as session:
        states = {s["system"]: s for s in await sync_states(session)}
        rows = (await session.execute(
            select(ErpConflict, Order.po).join(Order, Order.id == ErpConflict.order_id)
            .where(ErpConflict.settled_at.is_(None)).order_by(ErpConflict.at.desc()).limit(200))).all()
    enabled = set(enabled_systems(settings))
    systems = [{
        "system": name, "title": TITLES.get(name, name), "enabled": name in enabled,
        "minutes": f"{INTERVALS[name](settings):g}" if INTERVALS[name](settings) else "",
        "form": settings.kingdee_form_id if name == "kingdee" else "",
        "state": states.get(name),
    } for name in sorted(SOURCES)]
    words = FIELD_LABELS
    index = 0 if request[LANGUAGE] == "zh" else 1
    conflicts = [{"id": c.id, "po": po, "field": words.get(c.field, (c.field, c.field))[index], "ours": c.ours,
                  "theirs": c.theirs} for c, po in rows]
    zone = settings.zone
    return render(request, "setup_erp.html", status=status, systems=systems, conflicts=conflicts, errors=errors,
                  local=lambda value: value.astimezone(zone))


@page
async def erp_page(request: web.Request) -> web.StreamResponse:
    return await _view(request, [])


@page
async def erp_settle(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    language = request[LANGUAGE]
    viewer = request[VIEWER]
    zh = language == "zh"
    if viewer.person_id is not None:
        async with services.database.read() as session:
            person = await session.get(Person, viewer.person_id)
        if person is None or person.role not in SETTLERS:
            raise web.HTTPForbidden(text="只有采购、管理层、管理员可以处理冲突" if zh
                                    else "Only buyers, managers and admins may settle conflicts")
    form = await read_form(request, language)
    action, raw = str(form.get("action", "")), str(form.get("conflict", ""))
    if action not in ("ours", "theirs") or not raw.isdigit():
        return await _view(request, ["未知操作" if zh else "unknown action"], status=400)
    now = services.clock.now()
    label = viewer.name if viewer.subject != "api" else "API"
    async with services.database.write() as session:
        conflict = await session.get(ErpConflict, int(raw))
        if conflict is None or conflict.settled_at is not None:
            return await _view(request, ["这个冲突已处理" if zh else "that conflict is settled already"], status=409)
        link = await session.scalar(select(ErpLink).where(ErpLink.system == conflict.system,
                                                           ErpLink.external_key == conflict.external_key))
        problem = await _take_theirs(session, conflict, label, viewer.person_id, services, now) \
            if action == "theirs" else None
        if problem:
            return await _view(request, [problem], status=409)
        if link is not None:  # the ERP's value is now known here: the next sync does not raise it again
            link.synced = {**link.synced, conflict.field: _stored(conflict.field, conflict.theirs)}
        conflict.settled_at = now
    raise web.HTTPSeeOther("/setup/erp?saved=1")


def _stored(field: str, text: str) -> Any:
    return int(text) if field == "quantity" and text.lstrip("-").isdigit() else text


async def _take_theirs(session: Any, conflict: ErpConflict, label: str, person_id: int | None, services: Any,
                       now: Any) -> str | None:
    order = await session.scalar(select(Order).where(Order.id == conflict.order_id).options(
        selectinload(Order.supplier), selectinload(Order.milestones)))
    if order is None or order.status not in OPEN_STATUSES:
        return "订单已结束 / the order has ended"
    who = Actor(label=label, person_id=person_id, language=services.ladder.language, source="web",
                ladder=services.ladder)
    reason = f"{conflict.system}: ERP"
    if conflict.field in ("quantity", "due_date"):
        accepted = int(await session.scalar(
            select(func.coalesce(func.sum(Lot.qty_usable), 0)).where(Lot.order_id == order.id)) or 0)
        change = Change(quantity=int(conflict.theirs), reason=reason) if conflict.field == "quantity" \
            else Change(due_date=date.fromisoformat(conflict.theirs), reason=reason)
        outcome = await change_order(session, order, change, who, now, accepted=accepted)
        if not outcome.ok:
            return outcome.text
        await queue_notices(session, outcome, f"erp-settle:{conflict.id}", now)
    else:
        record_order_change(session, order, conflict.field, getattr(order, conflict.field), conflict.theirs, reason,
                            who, now)
        setattr(order, conflict.field, conflict.theirs)
        order.updated_at = now
    return None
