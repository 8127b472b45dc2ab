"""The exception list (异常工单): what is open, who has it, how far it has escalated."""

from __future__ import annotations

from aiohttp import web
from sqlalchemy import select

from bot.web.dashboard import page, render, services_of
from storage.exception_list import EXCEPTION_STATES, list_exceptions
from storage.models import Supplier

PAGE_LIMIT = 200


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/exceptions", exceptions_page)


@page
async def exceptions_page(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    state = request.query.get("state", "open")
    state = state if state in EXCEPTION_STATES else "open"
    supplier = request.query.get("supplier", "").strip()[:80] or None
    async with services.database.read() as session:
        items, total = await list_exceptions(session, state=state, supplier=supplier, limit=PAGE_LIMIT)
        suppliers = [tuple(r) for r in (await session.execute(
            select(Supplier.code, Supplier.name).order_by(Supplier.code))).all()]
    zone = services.settings.zone
    return render(request, "exceptions.html", items=items, total=total, state=state, states=EXCEPTION_STATES,
                  supplier=supplier, suppliers=suppliers, local=lambda v: v.astimezone(zone) if v else None)
