"""REST API v1: order intake and look-up, suppliers, and the buyer's records on an order
(receipts, incoming inspections, returns, close short, cancel, changes). Bearer `API_TOKEN`
on every route.

Intake follows the same rules as the sheet import (`storage.order_intake`): a request is
written whole or not at all, and a refusal lists every problem with its item index
(`row`, the position in a posted list; null for a single object) and field, in the
language of `Accept-Language` (zh or en, else the service's language).
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any
from urllib.parse import quote

from aiohttp import web
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.runtime import SERVICES
from bot.services import Services
from bot.web.auth import API_CALLER, MASTER_CALLER, ApiCaller, require_api_token
from bot.web.bodies import UnreadableBody, parse_json
from bot.web.order_records import ACTION_ACTS, ActionError, record_action
from handlers.access import Act
from handlers.delay_causes import cause_key
from storage import order_plan
from storage.intake_fields import IntakeError, Problem
from storage.models import Order, OrderStatus, Supplier
from storage.order_intake import OrderDraft, create_orders, draft_from_mapping
from storage.order_queries import created_order_row, find_order, list_orders, order_detail
from storage.suppliers import create_suppliers, list_suppliers, supplier_row

MAX_BATCH = 1000
MAX_PAGE = 1000
TRUE_WORDS = frozenset({"1", "true", "yes", "y"})
FALSE_WORDS = frozenset({"0", "false", "no", "n"})

_dumps = partial(json.dumps, ensure_ascii=False)


def add_api_routes(app: web.Application) -> None:
    app.router.add_post("/api/v1/orders", post_orders)
    app.router.add_get("/api/v1/orders", get_orders)
    app.router.add_post("/api/v1/orders/{po}/receipts", post_receipt)
    app.router.add_post("/api/v1/orders/{po}/inspections", post_inspection)
    app.router.add_post("/api/v1/orders/{po}/returns", post_return)
    app.router.add_post("/api/v1/orders/{po}/close", post_close)
    app.router.add_post("/api/v1/orders/{po}/materials", post_material)
    app.router.add_put("/api/v1/orders/{po:[^/]+}/nodes", put_order_nodes)
    app.router.add_patch("/api/v1/orders/{po:[^/]+}/nodes", patch_order_nodes)
    app.router.add_get("/api/v1/orders/{po:.+}", get_order)
    app.router.add_patch("/api/v1/orders/{po:.+}", patch_order)
    app.router.add_delete("/api/v1/orders/{po:.+}", delete_order)
    app.router.add_post("/api/v1/suppliers", post_suppliers)
    app.router.add_get("/api/v1/suppliers", get_suppliers)


def request_language(request: web.Request, default: str) -> str:
    """The first of zh/en by preference in `Accept-Language` (`zh-CN,zh;q=0.9,en;q=0.8`), else default."""
    best, best_q = default, 0.0
    for part in request.headers.get("Accept-Language", "").split(","):
        tag, _, params = part.strip().partition(";")
        primary = tag.strip().lower().split("-", 1)[0]
        if primary not in ("zh", "en"):
            continue
        q = 1.0
        name, _, value = params.strip().partition("=")
        if name.strip() == "q":
            try:
                q = float(value)
            except ValueError:
                q = 0.0
        if q > best_q:
            best, best_q = primary, q
    return best


def _authorised(request: web.Request) -> tuple[Services, str]:
    services = request.app[SERVICES]
    require_api_token(request, services.settings.api_token.get_secret_value())
    return services, request_language(request, services.settings.language)


def _caller(request: web.Request) -> ApiCaller:
    return request.get(API_CALLER, MASTER_CALLER)


def _require(request: web.Request, act: Act, language: str) -> ApiCaller:
    """403 unless the caller's role may do `act` (the chat's vocabulary: `handlers.access.MAY`)."""
    caller = _caller(request)
    if not caller.may(act):
        message = (f"your role ({caller.role}) may not do this: {act.value}" if language == "en"
                   else f"您的角色（{caller.role}）不能执行此操作：{act.value}")
        raise web.HTTPForbidden(text=_dumps({"error": message}), content_type="application/json")
    return caller


def _not_found(po: str, language: str) -> web.Response:
    return _json({"error": f"no order with PO {po!r}" if language == "en" else f"找不到订单 {po}"}, status=404)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.json_response(data, status=status, headers=headers, dumps=_dumps)


def _refused(problems: list[Problem], language: str) -> web.Response:
    return _json({"errors": [p.as_dict(language) for p in problems]}, status=400)


def _bad_request(field: str, zh: str, en: str, language: str) -> web.HTTPBadRequest:
    body = {"errors": [Problem(None, field, zh, en).as_dict(language)]}
    return web.HTTPBadRequest(text=_dumps(body), content_type="application/json")


async def _json_body(request: web.Request, language: str, *, empty: Any = None) -> Any:
    """The body as JSON, refused with 400 and a reason when it is not JSON, is nested absurdly
    deep, or holds text no database stores (every API route reads its body here)."""
    raw = await request.read()
    if empty is not None and not raw.strip():
        return empty
    try:
        return parse_json(raw)
    except UnreadableBody as exc:
        raise _bad_request(exc.where, exc.zh, exc.en, language) from None


async def _json_items(request: web.Request, language: str, what_zh: str, what_en: str) -> tuple[list[Any], bool]:
    """The body as a list of items, and whether it was posted as a list (so rows are indexes)."""
    body = await _json_body(request, language)
    if isinstance(body, dict):
        return [body], False
    if not isinstance(body, list):
        raise _bad_request("body", f"请求体必须是一个{what_zh}对象或列表", f"the body must be {what_en} object or a list",
                           language)
    if not body:
        raise _bad_request("body", "列表为空", "the list is empty", language)
    if len(body) > MAX_BATCH:
        raise _bad_request("body", f"一次最多 {MAX_BATCH} 条", f"at most {MAX_BATCH} items per request", language)
    return body, True


async def post_orders(request: web.Request) -> web.Response:
    services, language = _authorised(request)
    caller = _require(request, Act.ENTER_ORDER, language)
    items, indexed = await _json_items(request, language, "订单", "an order")
    problems: list[Problem] = []
    drafts: list[OrderDraft] = []
    for index, item in enumerate(items):
        draft, found = draft_from_mapping(item, index if indexed else None)
        problems.extend(found)
        if draft is not None:
            drafts.append(draft)
    now = services.clock.now()
    try:
        async with services.database.write() as session:
            orders: list[Order] = []
            if caller.suppliers is not None:  # a scoped person enters orders for their suppliers only
                problems.extend(await _outside_scope(session, drafts, caller.suppliers, indexed))
            if drafts:
                try:
                    orders = await create_orders(
                        session, drafts, actor="api", now=now, today=now.astimezone(services.settings.zone).date()
                    )
                except IntakeError as exc:
                    problems.extend(exc.problems)
            if problems:
                raise IntakeError(problems)
            created = [created_order_row(order) for order in orders]
    except IntakeError as exc:
        return _refused(exc.problems, language)
    headers = {"Location": f"/api/v1/orders/{quote(created[0]['po'], safe='')}"} if len(created) == 1 else None
    return _json({"items": created}, status=201, headers=headers)


async def _outside_scope(session: AsyncSession, drafts: list[OrderDraft], suppliers: frozenset[int],
                         indexed: bool) -> list[Problem]:
    """Each draft whose supplier is not one of `suppliers` (or not known at all)."""
    problems = []
    for index, draft in enumerate(drafts):
        found = await session.scalar(select(Supplier.id).where(
            or_(Supplier.code == draft.supplier, Supplier.name == draft.supplier)))
        if found is None or found not in suppliers:
            problems.append(Problem(index if indexed else None, "supplier", f"供应商“{draft.supplier}”不在您的范围内",
                                    f"supplier {draft.supplier!r} is not in your scope"))
    return problems


def _flag(request: web.Request, name: str, language: str) -> bool | None:
    value = request.query.get(name, "").strip().lower()
    if not value:
        return None
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise _bad_request(name, "只能是 true 或 false", "must be true or false", language)


def _number(request: web.Request, name: str, default: int, low: int, high: int, language: str) -> int:
    value = request.query.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise _bad_request(name, f"必须是 {low} 到 {high} 之间的整数", f"must be a whole number from {low} to {high}",
                           language)
    return int(value)


async def get_orders(request: web.Request) -> web.Response:
    services, language = _authorised(request)
    status = request.query.get("status", "").strip() or None
    statuses = {"open", *OrderStatus}
    if status is not None and status not in statuses:
        raise _bad_request("status", f"可用：{', '.join(sorted(statuses))}", f"one of {', '.join(sorted(statuses))}",
                           language)
    overdue = _flag(request, "overdue", language)
    limit = _number(request, "limit", 100, 1, MAX_PAGE, language)
    offset = _number(request, "offset", 0, 0, 10**9, language)
    today = services.clock.now().astimezone(services.settings.zone).date()
    async with services.database.read() as session:
        rows, total = await list_orders(
            session, status=status, supplier=request.query.get("supplier", "").strip() or None,
            overdue=overdue, limit=limit, offset=offset, today=today, supplier_ids=_caller(request).suppliers,
        )
    return _json({"items": rows, "total": total, "limit": limit, "offset": offset})


async def get_order(request: web.Request) -> web.Response:
    services, language = _authorised(request)
    po = request.match_info["po"]
    async with services.database.read() as session:
        order = await find_order(session, po)
        if order is None or not _caller(request).sees(order.supplier_id):
            return _not_found(po, language)
        detail = await order_detail(session, po)
    if detail is None:
        return _not_found(po, language)
    return _json(detail)


async def post_suppliers(request: web.Request) -> web.Response:
    services, language = _authorised(request)
    if _caller(request).suppliers is not None:
        raise web.HTTPForbidden(text=_dumps({"error": "a person limited to some suppliers cannot add suppliers / "
                                                      "限定了供应商范围的人员不能新增供应商"}),
                                content_type="application/json")
    items, indexed = await _json_items(request, language, "供应商", "a supplier")
    try:
        async with services.database.write() as session:
            suppliers = await create_suppliers(session, items, now=services.clock.now(), indexed=indexed)
            created = [supplier_row(s) for s in suppliers]
    except IntakeError as exc:
        return _refused(exc.problems, language)
    return _json({"items": created}, status=201)


async def get_suppliers(request: web.Request) -> web.Response:
    services, _ = _authorised(request)
    async with services.database.read() as session:
        rows = await list_suppliers(session, _caller(request).suppliers)
    return _json({"items": rows, "total": len(rows)})


# --- the buyer's records on one order ---------------------------------------------------------

async def _record(request: web.Request, action: str) -> web.Response:
    """Every buyer record goes through `bot.web.order_records` (the order page uses it too)."""
    services, language = _authorised(request)
    body = await _json_body(request, language, empty={})
    if not isinstance(body, dict):
        raise _bad_request("body", "请求体必须是一个对象", "the body must be an object", language)
    who = _require(request, ACTION_ACTS[action], language)
    label = who.label.split(" ", 1)[1] if who.person_id is not None and " " in who.label else who.label
    try:
        outcome = await record_action(services, request.match_info["po"], action, body, language=language,
                                      actor_label=label, source="api", person_id=who.person_id, may_see=who.sees)
    except ActionError as exc:
        return _refused([Problem(None, exc.field, exc.zh, exc.en)], language)
    payload: dict[str, object] = {"ok": outcome.ok, "message": outcome.text, **outcome.data}
    if outcome.confirm:
        payload["confirm_needed"] = True
    if not outcome.ok:
        payload["errors"] = [{"row": None, "field": action, "message": outcome.text}]
    payload.pop("language", None)
    return _json(payload, status=outcome.status)


async def post_receipt(request: web.Request) -> web.Response:
    return await _record(request, "receipt")


async def post_inspection(request: web.Request) -> web.Response:
    return await _record(request, "inspection")


async def post_return(request: web.Request) -> web.Response:
    return await _record(request, "return")


async def post_material(request: web.Request) -> web.Response:
    return await _record(request, "material")


async def post_close(request: web.Request) -> web.Response:
    return await _record(request, "close_short")


async def delete_order(request: web.Request) -> web.Response:
    return await _record(request, "cancel")


async def patch_order(request: web.Request) -> web.Response:
    return await _record(request, "change")


# --- an order's own plan -----------------------------------------------------------------------

async def _order_plan_change(request: web.Request, replace: bool) -> web.Response:
    """`PUT …/nodes` replaces the plan (before any progress); `PATCH …/nodes` moves dates.

    Body: `{"nodes": [...], "reason": "…"}`; answers the order as `GET` does.
    """
    services, language = _authorised(request)
    caller = _require(request, Act.CHANGE_ORDER, language)
    po = request.match_info["po"]
    body = await _json_body(request, language)
    if not isinstance(body, dict):
        raise _bad_request("body", "请求体必须是 JSON 对象", "the body must be a JSON object", language)
    unknown = [k for k in body if k not in ("nodes", "reason")]
    if unknown:
        raise _bad_request(unknown[0], f"未知字段“{unknown[0]}”", f"unknown field {unknown[0]!r}", language)
    reason = str(body.get("reason") or "")
    async with services.database.write() as session:
        order = await find_order(session, po)
        if order is None or not caller.sees(order.supplier_id):
            return _not_found(po, language)
        actor, now = caller.label.split(" ", 1)[-1], services.clock.now()
        if replace:
            problems = await order_plan.replace_nodes(session, order, body.get("nodes"), reason=reason, actor=actor,
                                                      now=now)
        else:  # the dates moved: the history row keeps the reason's key for the delay-reason figure
            problems = await order_plan.move_dates(session, order, body.get("nodes"), reason=reason, actor=actor,
                                                   now=now, reason_key=cause_key(reason))
        if problems:  # nothing was written: every check runs before the first change
            status = 409 if problems[0].field == order_plan.STARTED else 400
            return _json({"errors": [p.as_dict(language) for p in problems]}, status=status)
    async with services.database.read() as session:
        detail = await order_detail(session, po)
    return _json(detail)


async def put_order_nodes(request: web.Request) -> web.Response:
    return await _order_plan_change(request, replace=True)


async def patch_order_nodes(request: web.Request) -> web.Response:
    return await _order_plan_change(request, replace=False)
