"""Mounts the dashboard's pages on the service's app: the login and shared rendering
(`bot.web.dashboard`) and every page module (`bot/web/dashboard_*.py`). Apart from the
page modules, so they may import the shared rendering without a circle."""

from __future__ import annotations

import asyncio
import logging

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
from bot.web.rendering import HERE, start_render_processes, template_environment, use_render_processes

log = logging.getLogger("supplierbot.web")

# What a render process imports as it starts: the report pages it computes (`page_work`)
PAGE_MODULES = (page_work.__name__, dashboard_reports.__name__)


def add_dashboard_routes(app: web.Application) -> None:
    """Mount the dashboard on the service's app (called from `build_app`)."""
    app[DASHBOARD] = Dashboard(templates=template_environment())
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
    for started in start_render_processes(PAGE_MODULES):
        started.add_done_callback(_log_failed_start)


async def _stop_refreshes(app: web.Application) -> None:
    """Report figures still refreshing in the background stop with the service (`page_cache`)."""
    await app[DASHBOARD].work.cache.close()


def _log_failed_start(started: asyncio.Future[int]) -> None:
    if not started.cancelled() and started.exception() is not None:
        log.warning("a render process did not start (%s); pages start one when they need it", started.exception())


async def _home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/board")
