"""The order page's forms: a receipt, an incoming inspection, a return, a change, a short
close or a cancellation, recorded through the same door as the REST API and answered on
the order page itself (a receipt beyond what was shipped is shown back with a confirm button)."""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from bot.web.bodies import read_form
from bot.web.dashboard import LANGUAGE, VIEWER, page, services_of
from bot.web.dashboard_board import render_order
from bot.web.order_records import ACTION_ACTS, ACTIONS, ActionError, record_action
from bot.web.rendering import order_url
from handlers.access import role_may


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_post("/orders/{po}/records", order_record)


@page
async def order_record(request: web.Request) -> web.StreamResponse:
    po = request.match_info["po"]
    language = request[LANGUAGE]
    viewer = request[VIEWER]
    form = await read_form(request, language)
    body = {name: str(value) for name, value in form.items() if str(value).strip() != ""}
    action = body.pop("action", "")
    if action not in ACTIONS:
        raise web.HTTPBadRequest(text="unknown action")
    if action == "material" and "lot" in body and not body["lot"]:
        body.pop("lot")
    if action == "change":
        body = {name: value for name, value in body.items() if name in ("quantity", "due_date", "priority", "reason")}
    if viewer.role is not None and not role_may(viewer.role, ACTION_ACTS[action]):
        notice = (f"Your role ({viewer.role}) may not do this." if language == "en"
                  else f"您的角色（{viewer.role}）不能执行此操作。")
        return await render_order(request, po, status=403, notice=notice, notice_ok=False)
    person_id = viewer.person_id
    try:
        outcome = await record_action(services_of(request), po, action, body, language=language,
                                      actor_label=viewer.name, source="web", person_id=person_id)
    except ActionError as exc:
        message = f"{exc.field}: {exc.zh if language == 'zh' else exc.en}"
        return await render_order(request, po, status=400, notice=message, notice_ok=False)
    if outcome.ok:  # post/redirect/get: a reload never records twice (no line breaks in an address)
        done = " · ".join(line.strip() for line in outcome.text.splitlines() if line.strip())
        raise web.HTTPSeeOther(f"{order_url(po)}?{urlencode({'done': done[:500]})}#records")
    confirm = {**body, "action": action, "confirm": "1"} if outcome.confirm else None
    return await render_order(request, po, status=outcome.status, notice=outcome.text, notice_ok=False,
                              confirm=confirm)
