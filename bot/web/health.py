"""Liveness and readiness for load balancers and orchestrators; nothing sensitive shown."""

from __future__ import annotations

from aiohttp import web

from bot.runtime import RUNTIME, SERVICES, check_schema


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    if request.app[RUNTIME].draining:
        return web.json_response({"status": "draining"}, status=503)
    try:
        problem = await check_schema(request.app[SERVICES].database)
    except Exception as exc:
        return web.json_response({"status": "unavailable", "reason": f"database: {type(exc).__name__}"}, status=503)
    if problem:
        return web.json_response({"status": "unavailable", "reason": problem}, status=503)
    inbox_file = request.app[SERVICES].inbox_file
    if inbox_file is not None:
        try:
            await inbox_file.check()  # where webhooks store: a read, never the main writer
        except Exception as exc:
            return web.json_response({"status": "unavailable", "reason": f"inbox file: {type(exc).__name__}"},
                                     status=503)
    work = request.app[RUNTIME].work_process
    if work is not None and not work.answered:
        return web.json_response({"status": "starting", "reason": "the work process is starting"}, status=503)
    if work is not None:  # the edge stores while its work process restarts: still ready, and says so
        return web.json_response({"status": "ready", "work": "running" if work.running else "restarting"})
    return web.json_response({"status": "ready"})


def add_health_routes(app: web.Application) -> None:
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
