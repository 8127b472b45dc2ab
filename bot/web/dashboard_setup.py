"""Set-up pages (设置) for the people who own the settings: process templates and their nodes,
the working calendar and prompt times, each part's inspection plan (also from a sheet), and
which lot and defect a photo shows. Every change is checked whole, refused with a message that
says what to fix, and kept in the history (who, when, old → new)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any
from urllib.parse import quote

from aiohttp import web
from multidict import MultiDictProxy
from sqlalchemy import select

from bot.plan_sheets import read_plan_sheet
from bot.web.bodies import read_form
from bot.web.dashboard import LANGUAGE, VIEWER, local_today, page, render, services_of
from bot.web.rendering import order_url
from storage import inspection_plans, photo_links, settings_history, template_setup, work_calendar
from storage.intake_fields import Problem
from storage.models import NodeCode, Person, Role, Supplier
from storage.order_queries import find_order
from storage.template_setup import NodeRow

BLANK_ROWS = 3
MAX_UPLOAD = 5 * 1024 * 1024
Subject = settings_history.Subject


def add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/setup", setup_home)
    router.add_get("/setup/templates", templates_page)
    router.add_get("/setup/templates/{code}", template_page)
    router.add_post("/setup/templates/{code}", template_save)
    router.add_get("/setup/calendar", calendar_page)
    router.add_post("/setup/calendar", calendar_save)
    router.add_get("/setup/inspection-plans", plans_page)
    router.add_post("/setup/inspection-plans", plans_import)
    router.add_get("/setup/inspection-plans/{part}", plan_page)
    router.add_post("/setup/inspection-plans/{part}", plan_save)
    router.add_post("/orders/{po}/photos/{photo:\\d+}", photo_save)


# Who owns which setting: anyone signed in may look, these roles may change it (the API token may too).
OWNERS: dict[str, frozenset[str]] = {
    Subject.TEMPLATE: frozenset({Role.BUYER, Role.MANAGER, Role.ADMIN}),
    Subject.CALENDAR: frozenset({Role.BUYER, Role.MANAGER, Role.ADMIN}),
    Subject.INSPECTION_PLAN: frozenset({Role.QC, Role.MANAGER, Role.ADMIN}),
    Subject.PHOTO: frozenset({Role.QC, Role.BUYER, Role.MANAGER, Role.ADMIN}),
}
ROLE_WORDS = {Role.BUYER: ("采购", "buyers"), Role.QC: ("质检", "QC"), Role.MANAGER: ("管理层", "managers"),
              Role.ADMIN: ("管理员", "admins")}


async def _owner_only(request: web.Request, subject: str) -> None:
    """403 with who may change this setting, unless the viewer's role owns it."""
    viewer = request[VIEWER]
    if viewer.person_id is None:
        return
    async with services_of(request).database.read() as session:
        person = await session.get(Person, viewer.person_id)
    if person is not None and person.role in OWNERS[subject]:
        return
    zh = "、".join(ROLE_WORDS[Role(r)][0] for r in sorted(OWNERS[subject]))
    en = ", ".join(ROLE_WORDS[Role(r)][1] for r in sorted(OWNERS[subject]))
    text = f"只有{zh}可以修改这项设置" if request[LANGUAGE] == "zh" else f"Only {en} may change this setting"
    raise web.HTTPForbidden(text=text)


def _actor(request: web.Request) -> str:
    viewer = request[VIEWER]
    return viewer.name if viewer.subject != "api" else "API"


def _messages(problems: list[Problem], language: str) -> list[str]:
    return [p.message(language) for p in problems]


def _saved(location: str) -> web.HTTPSeeOther:
    return web.HTTPSeeOther(location + ("&" if "?" in location else "?") + "saved=1")


@page
async def setup_home(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    async with services.database.read() as session:
        recent = {subject: await settings_history.history(session, subject, limit=5)
                  for subject in (Subject.TEMPLATE, Subject.CALENDAR, Subject.PROMPT_TIME, Subject.INSPECTION_PLAN,
                                  Subject.ORDER_PLAN, Subject.PHOTO)}
    return render(request, "setup.html", recent=recent, local=_local(request))


def _local(request: web.Request) -> Any:
    zone = services_of(request).settings.zone
    return lambda value: value.astimezone(zone)


# --- process templates ----------------------------------------------------------------------

@page
async def templates_page(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    async with services.database.write() as session:  # may insert the default templates once
        templates = await template_setup.list_templates(session)
        changes = await settings_history.history(session, Subject.TEMPLATE, limit=20)
    return render(request, "setup_templates.html", templates=templates, changes=changes, local=_local(request),
                  describe=template_setup.describe)


def _template_form(request: web.Request, *, code: str | None, name_zh: str, name_en: str, rows: list[NodeRow],
                   errors: list[str], status: int = 200, changes: Sequence[Any] = (), new_code: str = "") -> web.Response:
    shown = [*rows, *(NodeRow() for _ in range(BLANK_ROWS))]
    return render(request, "setup_template.html", status=status, code=code, new_code=new_code, name_zh=name_zh,
                  name_en=name_en, rows=shown, stages=list(NodeCode), errors=errors, changes=changes,
                  local=_local(request), saved=request.query.get("saved") == "1")


@page
async def template_page(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    code = request.match_info["code"]
    if code == "new":
        default = template_setup.rows_from_nodes(template_setup.DEFAULT_TEMPLATES["default"])
        return _template_form(request, code=None, name_zh="", name_en="", rows=default, errors=[])
    async with services.database.write() as session:
        template = await template_setup.get_template(session, code)
        changes = await settings_history.history(session, Subject.TEMPLATE, code)
    if template is None:
        raise web.HTTPNotFound(text=f"no template {code!r}")
    return _template_form(request, code=code, name_zh=template.name_zh, name_en=template.name_en,
                          rows=template_setup.rows_from_nodes(template.nodes), errors=[], changes=changes)


def _node_rows(form: MultiDictProxy[Any]) -> list[NodeRow]:
    count = int(str(form.get("rows", "0"))) if str(form.get("rows", "0")).isdigit() else 0
    return [NodeRow(form.get(f"step-{i}", ""), form.get(f"stage-{i}", ""), form.get(f"at-{i}", ""),
                    form.get(f"insp-{i}", "")) for i in range(min(count, 60))]


@page
async def template_save(request: web.Request) -> web.StreamResponse:
    await _owner_only(request, Subject.TEMPLATE)
    services = services_of(request)
    language = request[LANGUAGE]
    code = request.match_info["code"]
    form = await read_form(request, language)
    rows = _node_rows(form)
    async with services.database.write() as session:
        saved, problems = await template_setup.save_template(
            session, code=None if code == "new" else code, new_code=str(form.get("code", "")),
            name_zh=form.get("name_zh", ""), name_en=form.get("name_en", ""), rows=rows, actor=_actor(request),
            now=services.clock.now(),
        )
        if problems:
            changes = await settings_history.history(session, Subject.TEMPLATE, code) if code != "new" else []
    if problems:
        kept = [r for r in rows if not template_setup.is_blank(r)]
        return _template_form(request, code=None if code == "new" else code, name_zh=str(form.get("name_zh", "")),
                              name_en=str(form.get("name_en", "")), rows=kept, errors=_messages(problems, language),
                              status=400, changes=changes, new_code=str(form.get("code", "")))
    raise _saved(f"/setup/templates/{quote(saved or code, safe='')}")


# --- the working calendar -------------------------------------------------------------------

async def _calendar_view(request: web.Request, errors: list[str], status: int = 200) -> web.Response:
    services = services_of(request)
    today = local_today(request)
    async with services.database.read() as session:
        days = await work_calendar.list_days(session, since=today - timedelta(days=31))
        suppliers = list((await session.scalars(select(Supplier).order_by(Supplier.code))).all())
        changes = [*await settings_history.history(session, Subject.CALENDAR, limit=20),
                   *await settings_history.history(session, Subject.PROMPT_TIME, limit=20)]
    changes.sort(key=lambda c: c.at, reverse=True)
    settings = services.settings
    return render(request, "setup_calendar.html", status=status, days=days, suppliers=suppliers, errors=errors,
                  changes=changes[:30], local=_local(request), default_prompt=settings.prompt_time,
                  working_days=settings.working_days, saved=request.query.get("saved") == "1")


@page
async def calendar_page(request: web.Request) -> web.StreamResponse:
    return await _calendar_view(request, [])


@page
async def calendar_save(request: web.Request) -> web.StreamResponse:
    await _owner_only(request, Subject.CALENDAR)
    services = services_of(request)
    language = request[LANGUAGE]
    form = await read_form(request, language)
    action = str(form.get("action", ""))
    now, actor = services.clock.now(), _actor(request)
    async with services.database.write() as session:
        if action == "add_day":
            problems = await work_calendar.set_day(session, day=form.get("day", ""), kind=form.get("kind", ""),
                                                   note=form.get("note", ""), actor=actor, now=now)
        elif action == "remove_day":
            problems = await work_calendar.remove_day(session, day=form.get("day", ""), actor=actor, now=now)
        elif action == "prompt_times":
            times = {key.removeprefix("prompt-"): value for key, value in form.items() if key.startswith("prompt-")}
            problems = await work_calendar.set_prompt_times(session, times, actor=actor, now=now)
        else:
            problems = [Problem(None, "action", "未知操作", "unknown action")]
    if problems:
        return await _calendar_view(request, _messages(problems, language), status=400)
    raise _saved("/setup/calendar")


# --- inspection plans -----------------------------------------------------------------------

async def _plans_view(request: web.Request, errors: list[str], status: int = 200,
                      imported: dict[str, int] | None = None) -> web.Response:
    services = services_of(request)
    async with services.database.read() as session:
        parts = await inspection_plans.list_parts(session)
        changes = await settings_history.history(session, Subject.INSPECTION_PLAN, limit=20)
    return render(request, "setup_plans.html", status=status, parts=parts, errors=errors, changes=changes,
                  local=_local(request), imported=imported)


@page
async def plans_page(request: web.Request) -> web.StreamResponse:
    if request.query.get("part"):
        raise web.HTTPFound("/setup/inspection-plans/" + quote(request.query["part"].strip(), safe=""))
    return await _plans_view(request, [])


@page
async def plans_import(request: web.Request) -> web.StreamResponse:
    """A sheet of plans: every part in it is replaced, or nothing when any line is wrong."""
    await _owner_only(request, Subject.INSPECTION_PLAN)
    services = services_of(request)
    language = request[LANGUAGE]
    form = await read_form(request, language)
    upload = form.get("sheet")
    if not isinstance(upload, web.FileField):
        return await _plans_view(request, ["请选择要导入的 .xlsx 或 .csv 文件" if language == "zh"
                                           else "choose an .xlsx or .csv file to import"], status=400)
    data = upload.file.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        return await _plans_view(request, ["文件太大（最大 5 MB）" if language == "zh" else "file too large (5 MB)"],
                                 status=400)
    lines, part_of, problems = read_plan_sheet(data, upload.filename or "")
    imported: dict[str, int] = {}
    if not problems:
        async with services.database.write() as session:
            imported, problems = await inspection_plans.import_plans(
                session, lines, part_of, actor=_actor(request), now=services.clock.now(),
                source=f"导入 {upload.filename}")
    if problems:
        return await _plans_view(request, _messages(problems, language)[:50], status=400)
    return await _plans_view(request, [], imported=imported)


def _plan_rows(form: MultiDictProxy[Any]) -> list[inspection_plans.PlanRow]:
    count = int(str(form.get("rows", "0"))) if str(form.get("rows", "0")).isdigit() else 0
    return [inspection_plans.PlanRow(
        name=form.get(f"name-{i}", ""), kind=form.get(f"kind-{i}", ""), nominal=form.get(f"nominal-{i}", ""),
        tol_minus=form.get(f"tol_minus-{i}", ""), tol_plus=form.get(f"tol_plus-{i}", ""), unit=form.get(f"unit-{i}", ""),
    ) for i in range(min(count, 80))]


def _plan_form(request: web.Request, part: str, rows: list[inspection_plans.PlanRow], errors: list[str],
               changes: list[Any], status: int = 200, applied: int | None = None) -> web.Response:
    shown = [*rows, *(inspection_plans.PlanRow() for _ in range(BLANK_ROWS))]
    return render(request, "setup_plan.html", status=status, part=part, rows=shown, errors=errors, changes=changes,
                  local=_local(request), saved=request.query.get("saved") == "1",
                  applied=request.query.get("applied", ""))


def _rows_of(items: list[Any]) -> list[inspection_plans.PlanRow]:
    return [inspection_plans.PlanRow(i.name, i.kind, "" if i.nominal is None else f"{i.nominal:g}",
                                     "" if i.tol_minus is None else f"{i.tol_minus:g}",
                                     "" if i.tol_plus is None else f"{i.tol_plus:g}", i.unit) for i in items]


@page
async def plan_page(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    part = request.match_info["part"]
    async with services.database.read() as session:
        if not await inspection_plans.known_part(session, part):
            raise web.HTTPNotFound(text=f"no part {part!r}")
        items = await inspection_plans.get_plan(session, part)
        changes = await settings_history.history(session, Subject.INSPECTION_PLAN, part)
    return _plan_form(request, part, _rows_of(items), [], changes)


@page
async def plan_save(request: web.Request) -> web.StreamResponse:
    await _owner_only(request, Subject.INSPECTION_PLAN)
    services = services_of(request)
    language = request[LANGUAGE]
    part = request.match_info["part"]
    form = await read_form(request, language)
    rows = _plan_rows(form)
    async with services.database.write() as session:
        if not await inspection_plans.known_part(session, part):
            raise web.HTTPNotFound(text=f"no part {part!r}")
        applied, problems = await inspection_plans.save_plan(session, part, rows, actor=_actor(request),
                                                             now=services.clock.now())
        changes = await settings_history.history(session, Subject.INSPECTION_PLAN, part) if problems else []
    if problems:
        kept = [r for r in rows if any(str(v).strip() for v in (r.name, r.nominal, r.tol_plus, r.tol_minus))]
        return _plan_form(request, part, kept, _messages(problems, language), changes, status=400)
    raise _saved(f"/setup/inspection-plans/{quote(part, safe='')}?applied={applied}")


# --- photos ---------------------------------------------------------------------------------

@page
async def photo_save(request: web.Request) -> web.StreamResponse:
    """Which lot and defect a photo shows, set from the order page."""
    await _owner_only(request, Subject.PHOTO)
    services = services_of(request)
    language = request[LANGUAGE]
    po = request.match_info["po"]
    form = await read_form(request, language)
    async with services.database.write() as session:
        order = await find_order(session, po)
        if order is None:
            raise web.HTTPNotFound(text=f"no order {po!r}")
        problems = await photo_links.link_photo(
            session, order_id=order.id, photo_id=int(request.match_info["photo"]), lot=form.get("lot", ""),
            exception=form.get("exception", ""), actor=_actor(request), now=services.clock.now())
    if problems:
        raise web.HTTPBadRequest(text="; ".join(_messages(problems, language)))
    raise web.HTTPSeeOther(order_url(order.po) + f"#photo-{request.match_info['photo']}")
