"""REST API v1 (placeholder until the intake slice lands)."""

from __future__ import annotations

from aiohttp import web


def add_api_routes(app: web.Application) -> None:
    pass
