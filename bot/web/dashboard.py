"""The buyers' dashboard: server-rendered pages (Jinja2, autoescaped) behind a login, zh/en.

No build step and nothing fetched from the internet (plants often have none): the CSS is a
static file, charts are inline SVG drawn on the server. Pages live in `dashboard_*.py`;
this module holds the login, the language switch and the shared rendering.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from aiohttp import web

from bot.runtime import SERVICES
from bot.services import Services
from bot.web.dashboard_i18n import LANGUAGES
from bot.web.page_work import Answer, Figures, PageAsk, PageWork
from bot.web.rendering import PageRender, off_process, render_page, url_with_query
from bot.web.session import (
    COOKIE,
    Viewer,
    clear_session_cookie,
    end_cookie_session,
    login_with_token,
    safe_next,
    set_session_cookie,
    start_session,
    viewer_from_cookie,
)
from bot.web.throttle import AUTH_THROTTLE, LOGIN
from storage.access import record

HERE = Path(__file__).parent
LANG_COOKIE = "sb_lang"
VIEWER = web.RequestKey("dashboard_viewer", Viewer)
LANGUAGE = web.RequestKey("dashboard_language", str)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Dashboard:
    templates: jinja2.Environment
    work: PageWork = field(default_factory=PageWork)  # where report pages are computed


DASHBOARD = web.AppKey("dashboard", Dashboard)


def services_of(request: web.Request) -> Services:
    return request.app[SERVICES]


def local_today(request: web.Request) -> date:
    services = services_of(request)
    return services.clock.now().astimezone(services.settings.zone).date()


# --- language -------------------------------------------------------------------------------

def request_language(request: web.Request) -> str:
    chosen = request.query.get("lang", "")
    if chosen in LANGUAGES:
        return chosen
    remembered = request.cookies.get(LANG_COOKIE, "")
    if remembered in LANGUAGES:
        return remembered
    return services_of(request).settings.language


def _remember_language(request: web.Request, response: web.StreamResponse) -> None:
    chosen = request.query.get("lang", "")
    if chosen in LANGUAGES and request.cookies.get(LANG_COOKIE) != chosen:
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, path="/", httponly=True, samesite="Lax")


# --- login ----------------------------------------------------------------------------------

def _api_token(request: web.Request) -> str:
    return services_of(request).settings.api_token.get_secret_value()


async def current_viewer(request: web.Request) -> Viewer | None:
    services = services_of(request)
    return await viewer_from_cookie(
        services.database, _api_token(request), request.cookies.get(COOKIE), services.clock.now()
    )


def page(handler: Handler) -> Handler:
    """A dashboard page: logged-in viewers only (others go to /login and come back)."""

    async def wrapped(request: web.Request) -> web.StreamResponse:
        viewer = await current_viewer(request)
        if viewer is None:
            raise web.HTTPFound("/login?" + urlencode({"next": request.path_qs}))
        if viewer.suppliers is not None:  # the pages show every supplier: not for someone limited to some
            raise web.HTTPForbidden(text="Your access is limited to some suppliers; the dashboard shows every "
                                         "supplier, so please use the chat or the API. 您的权限限定在部分供应商，"
                                         "看板显示全部供应商，请使用聊天或 API。")
        request[VIEWER] = viewer
        request[LANGUAGE] = request_language(request)
        response = await handler(request)
        _remember_language(request, response)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    wrapped.__name__ = handler.__name__
    wrapped.__doc__ = handler.__doc__
    return wrapped


async def login_page(request: web.Request) -> web.StreamResponse:
    language = request_language(request)
    if await current_viewer(request) is not None:
        raise web.HTTPFound(safe_next(request.query.get("next")))
    response = _render_login(request, language, error=None, target=safe_next(request.query.get("next")))
    _remember_language(request, response)
    return response


def _render_login(request: web.Request, language: str, *, error: str | None, target: str,
                  status: int = 200) -> web.Response:
    off = not _api_token(request)
    return render(request, "login.html", status=status, language=language, viewer=None,
                  next=target, error=error or ("login_off" if off else None))


async def login_submit(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    language = request_language(request)
    form = await request.post()
    given = str(form.get("token", "")).strip()
    target = safe_next(str(form.get("next", "")) or None)
    api_token = _api_token(request)
    throttle, address = request.app[AUTH_THROTTLE], request.remote or ""
    try:
        throttle.check(LOGIN, address)
    except web.HTTPTooManyRequests as refused:
        response = _render_login(request, language, error="login_throttled", target=target, status=429)
        response.headers["Retry-After"] = refused.headers["Retry-After"]
        return response
    now = services.clock.now()
    async with services.database.read() as session:
        found = await login_with_token(session, api_token, given, now)
    if found is None:
        if api_token:
            throttle.failed(LOGIN, address)
        return _render_login(request, language, error="login_wrong" if api_token else "login_off",
                             target=target, status=401)
    throttle.succeeded(LOGIN, address)
    viewer, fingerprint = found
    async with services.database.write() as session:
        cookie = await start_session(session, api_token, viewer, fingerprint, address=address, now=now)
        actor = "api" if viewer.person_id is None else f"person:{viewer.person_id} {viewer.name}"
        await record(session, at=now, actor=actor, person_id=viewer.person_id, surface="web", action="sign in",
                     target=address)
    response = web.HTTPSeeOther(target)
    set_session_cookie(response, request, cookie)
    raise response


async def logout(request: web.Request) -> web.StreamResponse:
    services = services_of(request)
    await end_cookie_session(services.database, _api_token(request), request.cookies.get(COOKIE),
                             services.clock.now())
    response = web.HTTPSeeOther("/login")
    clear_session_cookie(response)
    raise response


# --- rendering ------------------------------------------------------------------------------

def url_with(request: web.Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    return url_with_query(request.path, request.query, **changes)


def render(request: web.Request, template: str, *, status: int = 200, language: str | None = None,
           viewer: Viewer | None | bool = True, **context: Any) -> web.Response:
    html = _page_render(request, template, language, viewer, context).html(request.app[DASHBOARD].templates)
    return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)


async def render_off_loop(request: web.Request, template: str, *, status: int = 200, language: str | None = None,
                          viewer: Viewer | None | bool = True, **context: Any) -> web.Response:
    """`render` in a render process (`bot.web.rendering`), for a report page of a thousand rows
    (~0.5 s of template work): the process that answers webhooks neither does that work nor
    waits for its interpreter lock meanwhile. The context must be plain data, already read from
    the database (it is pickled)."""
    html = await off_process(render_page, _page_render(request, template, language, viewer, context))
    return web.Response(text=html, content_type="text/html", charset="utf-8", status=status)


def _page_render(request: web.Request, template: str, language: str | None, viewer: Viewer | None | bool,
                 context: dict[str, Any]) -> PageRender:
    """What `render` renders, read from the request here (in the loop)."""
    if viewer is True:
        viewer = request.get(VIEWER)
    static = request.app.router["dashboard_static"]
    return PageRender(template=template, language=language or request[LANGUAGE], viewer=viewer,
                      path=request.path, query={k: v for k, v in request.query.items()},
                      css_url=str(static.url_for(filename="dashboard.css")), context=context)


# --- report pages computed elsewhere ----------------------------------------------------------

def page_ask(request: web.Request, *, language: str | None = None, viewer: Viewer | None | bool = True,
             may_categorize: bool = False) -> PageAsk:
    """What a report page reads from its request and service, as data for `bot.web.page_work`."""
    services = services_of(request)
    if viewer is True:
        viewer = request.get(VIEWER)
    static = request.app.router["dashboard_static"]
    return PageAsk(path=request.path, query={k: v for k, v in request.query.items()},
                   language=language or request.get(LANGUAGE) or request_language(request), viewer=viewer,
                   css_url=str(static.url_for(filename="dashboard.css")), now=services.clock.now(),
                   zone=services.settings.zone, may_categorize=may_categorize)


async def answer_page(request: web.Request, figures: Figures, ask: PageAsk | None = None) -> web.Response:
    """A report page computed whole (queries and rendering) where `Dashboard.work` says: in a
    render process with its own read connections, so this process only waits for the bytes."""
    answer = await request.app[DASHBOARD].work.answer(services_of(request).database, figures,
                                                      ask or page_ask(request))
    return _response(answer)


async def answer_kept_page(request: web.Request, figures: Figures, ask: PageAsk | None = None) -> web.Response:
    """A report page from figures kept a while (`bot.web.page_cache`): at once when they are
    younger than `report_max_age_seconds`, refreshed in the background when older; computed
    (as `answer_page`) the first time, and when `?fresh=1` asks."""
    services = services_of(request)
    settings = services.settings
    answer = await request.app[DASHBOARD].work.kept_answer(
        services.database, figures, ask or page_ask(request),
        max_age=timedelta(seconds=settings.report_max_age_seconds),
        stale=timedelta(seconds=settings.report_stale_seconds))
    return _response(answer)


def _response(answer: Answer) -> web.Response:
    return web.Response(body=answer.body, status=answer.status, content_type=answer.content_type,
                        charset=None if answer.content_type.endswith("sheet") else "utf-8",
                        headers=answer.headers)
