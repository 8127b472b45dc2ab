"""Mounts the dashboard's pages on the service's app: the login and shared rendering
(`bot.web.dashboard`) and every page module (`bot/web/dashboard_*.py`). Apart from the
page modules, so they may import the shared rendering without a circle."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

from aiohttp import web

from bot.runtime import RUNTIME, SERVICES, Role
from bot.web import (
    dashboard_board,
    dashboard_erp,
    dashboard_exceptions,
    dashboard_people,
    dashboard_records,
    dashboard_reports,
    dashboard_setup,
    page_work,
)
from bot.web.dashboard import (
    DASHBOARD,
    Dashboard,
    login_page,
    login_submit,
    logout,
)
from bot.web.dashboard_reports import warm_views
from bot.web.page_cache import ReportCache
from bot.web.page_work import PageAsk, PageWork
from bot.web.rendering import HERE, start_render_processes, template_environment, use_render_processes

log = logging.getLogger("supplierbot.web")

# What a render process imports as it starts: the report pages it computes (`page_work`)
PAGE_MODULES = (page_work.__name__, dashboard_reports.__name__)
WARM_EVERY = 5.0  # seconds between warming passes (each looks at the ages of a few keys), or when a refresh ends
WARMING = web.AppKey("report_warming", asyncio.Task[None])
WARM_ON_START = web.AppKey("report_warm_on_start", bool)


def add_dashboard_routes(app: web.Application, *, warm: bool = False) -> None:
    """Mount the dashboard on the service's app (called from `build_app`). `warm`: report pages'
    figures are computed ahead of requests once the service is ready (`_keep_warm`), if the
    settings allow; a test (`run_workers=False`) runs the passes itself (`warm_once`)."""
    settings = app[SERVICES].settings
    warm_keys = settings.report_warm_keys if settings.report_warm else 0
    app[DASHBOARD] = Dashboard(templates=template_environment(), work=PageWork(cache=ReportCache(warm_keys=warm_keys)))
    app[WARM_ON_START] = warm
    router = app.router
    router.add_get("/login", login_page)
    router.add_post("/login", login_submit)
    router.add_post("/logout", logout)
    router.add_static("/static/dashboard/", HERE / "static", name="dashboard_static", append_version=True)
    if not any(getattr(r, "canonical", None) == "/" for r in router.resources()):
        router.add_get("/", _home)
    router.add_get("/dashboard", _home)
    dashboard_records.add_routes(router)
    dashboard_board.add_routes(router)
    dashboard_exceptions.add_routes(router)
    dashboard_reports.add_routes(router)
    dashboard_setup.add_routes(router)
    dashboard_people.add_routes(router)
    dashboard_erp.add_routes(router)
    app.on_startup.append(_start_render_processes)
    app.on_cleanup.append(_stop_refreshes)


async def _start_render_processes(app: web.Application) -> None:
    """The render processes start with the service that answers pages, not with its first page
    (`bot.web.rendering.start_render_processes`): a work process answers none, and a service
    told to compute pages in its own process (`PageWork.in_pool`, tests) needs none. Not waited
    for: the service is ready at once, and a page asked meanwhile waits for the first one up.
    `render_processes` 0 (a replica that answers webhooks only): none, and a page it is asked
    after all is computed in its own process."""
    count = app[SERVICES].settings.render_processes
    use_render_processes(count)
    if count == 0:
        app[DASHBOARD].work.in_pool = False
    if app[RUNTIME].role is Role.WORK or not app[DASHBOARD].work.in_pool:
        return
    starts = start_render_processes(PAGE_MODULES)
    for started in starts:
        started.add_done_callback(_log_failed_start)
    if app[WARM_ON_START] and app[SERVICES].settings.report_warm:
        app[WARMING] = asyncio.get_running_loop().create_task(_keep_warm(app, starts), name="report warming")


async def _keep_warm(app: web.Application, starts: list[asyncio.Future[int]]) -> None:
    """Report pages' figures computed ahead of requests (`bot.web.page_cache.ReportCache.warm`),
    from when the service is ready: its render processes have started and, beside an edge, its
    work process has answered (readiness never waits for warming, nor does warming take the
    CPU that start-up needs). Then a pass every `WARM_EVERY` seconds, or as soon as a refresh
    has ended; a pass that fails is logged and the next one tries again."""
    await asyncio.gather(*starts, return_exceptions=True)
    work = app[RUNTIME].work_process
    if work is not None:
        await work.until_answered()
    cache = app[DASHBOARD].work.cache
    while True:
        try:
            warm_once(app)
        except Exception:
            log.exception("report pages could not be warmed; the next pass tries again")
        await cache.wait_for_room(longest=WARM_EVERY)


def warm_once(app: web.Application) -> int:
    """One warming pass at the service's clock: the whole company's default views
    (`dashboard_reports.warm_views`) in the service's language, and the keys people asked for
    lately. Returns how many refreshes started (none with warming off, in a work process, or
    with no render processes: `PageWork.warms`)."""
    services = app[SERVICES]
    settings = services.settings
    if not settings.report_warm or app[RUNTIME].role is Role.WORK:
        return 0
    now = services.clock.now()
    css_url = str(app.router["dashboard_static"].url_for(filename="dashboard.css"))
    views = [(figures, PageAsk(path=path, query=query, language=settings.language, viewer=None, css_url=css_url,
                               now=now, zone=settings.zone, may_categorize=may_categorize))
             for figures, path, query, may_categorize in warm_views(now.astimezone(settings.zone).date())]
    return app[DASHBOARD].work.warm(services.database, views, now=now,
                                    max_age=timedelta(seconds=settings.report_max_age_seconds),
                                    stale=timedelta(seconds=settings.report_stale_seconds))


async def _stop_refreshes(app: web.Application) -> None:
    """Report figures still refreshing in the background, and the warming, stop with the service (`page_cache`)."""
    warming = app.get(WARMING)
    if warming is not None:
        warming.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await warming
    await app[DASHBOARD].work.cache.close()


def _log_failed_start(started: asyncio.Future[int]) -> None:
    if not started.cancelled() and started.exception() is not None:
        log.warning("a render process did not start (%s); pages start one when they need it", started.exception())


async def _home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/board")
