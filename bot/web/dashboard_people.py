"""The People page (admins only): who is on the list, with their role, staff scope, chat
identities and token; add someone, change a role or a scope, issue a personal token (shown
once, on the answer to that very post, never again), disable.

The same rules as `supplierbot people` (`storage.access`); every post lands in the audit log
through the audit middleware. Forms are accepted from our own pages only (Origin check, and
the session cookie is SameSite=Lax).
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from aiohttp import web
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Platform
from bot.web.bodies import read_form
from bot.web.dashboard import LANGUAGE, VIEWER, page, render, services_of
from bot.web.dashboard_i18n import translate
from bot.web.guard import same_origin
from storage.access import (
    AccessError,
    IssuedToken,
    add_person,
    disable,
    issue_token,
    set_role,
    set_staff_suppliers,
)
from storage.models import ChatIdentity, Person, Role, StaffScope, Supplier, TokenScope

ROLES = [r.value for r in Role]
STAFF = [r.value for r in Role if r is not Role.SUPPLIER]
PLATFORMS = [p.value for p in Platform]
MAX_TOKEN_DAYS = 3650


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/people", people_page)
    router.add_post("/people", people_add)
    router.add_post("/people/{id:\\d{1,9}}/role", people_role)
    router.add_post("/people/{id:\\d{1,9}}/scope", people_scope)
    router.add_post("/people/{id:\\d{1,9}}/token", people_token)
    router.add_post("/people/{id:\\d{1,9}}/disable", people_disable)


def _admin_only(request: web.Request) -> None:
    if not request[VIEWER].is_admin:
        raise web.HTTPForbidden(text=translate("people_admin_only", request[LANGUAGE]))


def _form_check(request: web.Request) -> None:
    _admin_only(request)
    if not same_origin(request):
        raise web.HTTPForbidden(text="cross-site form refused")


async def _people(session: AsyncSession) -> list[dict[str, object]]:
    people = (await session.scalars(select(Person).order_by(Person.disabled_at.is_not(None), Person.id))).all()
    identities: dict[int, list[str]] = {}
    for identity in (await session.scalars(select(ChatIdentity).order_by(ChatIdentity.id))).all():
        identities.setdefault(identity.person_id, []).append(f"{identity.platform}:{identity.user_id}")
    scopes: dict[int, list[str]] = {}
    for person_id, code in (await session.execute(
            select(StaffScope.person_id, Supplier.code).join(Supplier, Supplier.id == StaffScope.supplier_id)
            .order_by(Supplier.code))).all():
        scopes.setdefault(person_id, []).append(code)
    codes = {supplier_id: code for supplier_id, code in (await session.execute(select(Supplier.id, Supplier.code))).all()}
    return [{"person": p, "identities": identities.get(p.id, []), "scope": scopes.get(p.id),
             "supplier": codes.get(p.supplier_id) if p.supplier_id else None} for p in people]


async def _render(request: web.Request, *, status: int = 200, error: str | None = None,
                  issued: IssuedToken | None = None, issued_name: str = "") -> web.StreamResponse:
    services = services_of(request)
    async with services.database.read() as session:
        people = await _people(session)
        suppliers = (await session.scalars(select(Supplier).where(Supplier.active.is_(True))
                                           .order_by(Supplier.code))).all()
    zone = services.settings.zone
    response = render(request, "people.html", status=status, people=people, suppliers=suppliers, roles=ROLES,
                      staff_roles=STAFF, platforms=PLATFORMS, scopes=[s.value for s in TokenScope], error=error,
                      issued=issued, issued_name=issued_name, done=request.query.get("done", "")[:200],
                      local=lambda moment: moment.astimezone(zone).strftime("%Y-%m-%d"))
    response.headers["Cache-Control"] = "no-store"  # a token shown once must not sit in a cache
    return response


def _back(request: web.Request, what: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther("/people?" + urlencode({"done": what}))


async def _person(session: AsyncSession, request: web.Request) -> Person:
    person = await session.get(Person, int(request.match_info["id"]))
    if person is None:
        raise web.HTTPNotFound(text="no such person")
    return person


@page
async def people_page(request: web.Request) -> web.StreamResponse:
    _admin_only(request)
    return await _render(request)


@page
async def people_add(request: web.Request) -> web.StreamResponse:
    _form_check(request)
    form = await read_form(request, request[LANGUAGE])
    role = str(form.get("role", ""))
    platform = str(form.get("platform", "")) or None
    if platform is not None and platform not in PLATFORMS:
        raise web.HTTPBadRequest(text="unknown platform")
    services = services_of(request)
    try:
        async with services.database.write() as session:
            supplier_id = None
            if role == Role.SUPPLIER.value:
                supplier_id = await session.scalar(select(Supplier.id).where(
                    Supplier.code == str(form.get("supplier", ""))))
            person = await add_person(session, name=str(form.get("name", "")), role=role, now=services.clock.now(),
                                      supplier_id=supplier_id, platform=platform,
                                      user_id=str(form.get("user", "")) or None)
            name = person.name
    except AccessError as exc:
        return await _render(request, status=400, error=str(exc))
    raise _back(request, f"+ {name}")


@page
async def people_role(request: web.Request) -> web.StreamResponse:
    _form_check(request)
    form = await read_form(request, request[LANGUAGE])
    role = str(form.get("role", ""))
    try:
        async with services_of(request).database.write() as session:
            person = await _person(session, request)
            await set_role(session, person, role)
            name = person.name
    except AccessError as exc:
        return await _render(request, status=400, error=str(exc))
    raise _back(request, f"{name}: {role}")


@page
async def people_scope(request: web.Request) -> web.StreamResponse:
    """`suppliers`: the codes the person may see (checkboxes); `all=1`, or none ticked: every supplier."""
    _form_check(request)
    form = await read_form(request, request[LANGUAGE])
    codes = {str(v) for v in form.getall("suppliers", [])}
    try:
        async with services_of(request).database.write() as session:
            person = await _person(session, request)
            ids = None
            if codes and not form.get("all"):
                ids = frozenset((await session.scalars(select(Supplier.id).where(Supplier.code.in_(codes)))).all())
                if len(ids) != len(codes):
                    raise AccessError("unknown supplier code")
            await set_staff_suppliers(session, person, ids)
            name = person.name
    except AccessError as exc:
        return await _render(request, status=400, error=str(exc))
    raise _back(request, f"{name}: {', '.join(sorted(codes)) if codes and not form.get('all') else '*'}")


@page
async def people_token(request: web.Request) -> web.StreamResponse:
    """A new personal token, shown on this answer only (the old one and its sessions end)."""
    _form_check(request)
    form = await read_form(request, request[LANGUAGE])
    raw_days = str(form.get("days", "90")).strip()
    if not (raw_days.isascii() and raw_days.isdigit()) or int(raw_days) > MAX_TOKEN_DAYS:
        return await _render(request, status=400, error=f"days: 0–{MAX_TOKEN_DAYS}")
    days = int(raw_days)
    services = services_of(request)
    try:
        async with services.database.write() as session:
            person = await _person(session, request)
            if person.disabled_at is not None:
                raise AccessError(f"{person.name} is disabled")
            issued = await issue_token(session, person, scope=str(form.get("scope", "")), now=services.clock.now(),
                                       valid_for=timedelta(days=days) if days else None)
            name = person.name
    except AccessError as exc:
        return await _render(request, status=400, error=str(exc))
    return await _render(request, issued=issued, issued_name=name)


@page
async def people_disable(request: web.Request) -> web.StreamResponse:
    _form_check(request)
    viewer = request[VIEWER]
    services = services_of(request)
    if int(request.match_info["id"]) == viewer.person_id:  # an admin cannot lock themselves out
        return await _render(request, status=400, error=translate("people_not_yourself", request[LANGUAGE]))
    async with services.database.write() as session:
        person = await _person(session, request)
        await disable(session, person, services.clock.now())
        name = person.name
    raise _back(request, f"− {name}")
