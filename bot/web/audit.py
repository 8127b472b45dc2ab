"""Who did what on the web: every change through the API or the dashboard is written to the
audit log with the person's stable id, whatever the route; `/audit` and `GET /api/v1/audit`
list it.

One middleware instead of a line in every handler, so a route added later is audited too.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Middleware

from bot.clock import Clock
from bot.runtime import SERVICES
from bot.web.auth import API_CALLER, require_api_token
from bot.web.dashboard import VIEWER, page, render, services_of
from storage.access import audit_entries, record
from storage.db import Database
from storage.models import AuditEntry

log = logging.getLogger("supplierbot.audit")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NOT_AUDITED = ("/webhooks/", "/simulator/", "/login", "/logout")


def audit_trail(database: Database, clock: Clock) -> Middleware:
    @web.middleware
    async def audited(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method not in CHANGING or request.path.startswith(NOT_AUDITED):
            return await handler(request)
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400:
                await _write(database, clock, request, exc.status)
            raise
        if response.status < 400:
            await _write(database, clock, request, response.status)
        return response

    return audited


def _who(request: web.Request) -> tuple[str, int | None, str] | None:
    actor = request.get(API_CALLER)
    if actor is not None:
        return actor.label, actor.person_id, "api"
    viewer = request.get(VIEWER)
    if viewer is not None:
        label = "api" if viewer.person_id is None else f"person:{viewer.person_id} {viewer.name}"
        return label, viewer.person_id, "web"
    return None


async def _write(database: Database, clock: Clock, request: web.Request, status: int) -> None:
    who = _who(request)
    if who is None:
        return
    label, person_id, surface = who
    route = request.match_info.route.resource
    action = f"{request.method} {route.canonical if route is not None else request.path}"
    try:
        async with database.write() as session:
            await record(session, at=clock.now(), actor=label, person_id=person_id, surface=surface, action=action,
                         target=request.path, status=status)
    except Exception:
        log.exception("audit entry not written: %s %s by %s", request.method, request.path, label)


def _row(entry: AuditEntry) -> dict[str, Any]:
    return {"at": entry.at.isoformat(), "actor": entry.actor, "person_id": entry.person_id, "surface": entry.surface,
            "action": entry.action, "target": entry.target, "status": entry.status}


async def api_audit(request: web.Request) -> web.Response:
    services = request.app[SERVICES]
    require_api_token(request, services.settings.api_token.get_secret_value())
    caller = request.get(API_CALLER)
    if caller is not None and caller.suppliers is not None:  # the log names every supplier's orders and chats
        raise web.HTTPForbidden(text='{"error": "the audit log is for people who see every supplier"}',
                                content_type="application/json")
    limit = _int(request, "limit", 200, 1, 1000)
    offset = _int(request, "offset", 0, 0, 10**9)
    async with services.database.read() as session:
        entries = await audit_entries(session, limit=limit, offset=offset)
    return web.json_response({"items": [_row(e) for e in entries]})


def _int(request: web.Request, name: str, default: int, low: int, high: int) -> int:
    value = request.query.get(name, "")
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise web.HTTPBadRequest(text=f'{{"error": "{name} must be a whole number from {low} to {high}"}}',
                                 content_type="application/json")
    return int(value)


async def audit_page(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    zone = services.settings.zone
    async with services.database.read() as session:
        entries = await audit_entries(session, limit=500)
    rows = [(e, e.at.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S")) for e in entries]
    return render(request, "audit.html", entries=rows)


def add_audit_routes(app: web.Application) -> None:
    app.router.add_get("/audit", page(audit_page))
    app.router.add_get("/api/v1/audit", api_audit)
