"""Mounts the dashboard's pages on the service's app: the login and shared rendering
(`bot.web.dashboard`) and every page module (`bot/web/dashboard_*.py`). Apart from the
page modules, so they may import the shared rendering without a circle."""

from __future__ import annotations

from aiohttp import web

from bot.web import (
    dashboard_board,
    dashboard_erp,
    dashboard_exceptions,
    dashboard_people,
    dashboard_records,
    dashboard_reports,
    dashboard_setup,
)
from bot.web.dashboard import (
    DASHBOARD,
    Dashboard,
    login_page,
    login_submit,
    logout,
)
from bot.web.rendering import HERE, template_environment


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


async def _home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPFound("/board")
