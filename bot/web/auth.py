"""Bearer-token checks for the REST API, the dashboard and /metrics.

A wrong token counts against the caller's address (bot.web.throttle): after a few a minute
the address waits, and the token is not even compared while it does.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress

from aiohttp import web

from bot.web.throttle import API, AUTH_THROTTLE


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


def require_api_token(request: web.Request, expected: str) -> None:
    """Raise 401 unless the request carries the service's API token (compared in constant time)."""
    throttle = request.app.get(AUTH_THROTTLE)
    address = request.remote or ""
    if throttle is not None:
        throttle.check(API, address)
    given = bearer_token(request)
    if not expected:
        raise web.HTTPUnauthorized(
            text='{"error": "the API is off: set SUPPLIERBOT_API_TOKEN"}', content_type="application/json"
        )
    if given is None or not hmac.compare_digest(given.encode(), expected.encode()):
        if throttle is not None and given is not None:  # no token at all is not a guess
            throttle.failed(API, address)
        raise web.HTTPUnauthorized(
            text='{"error": "missing or wrong bearer token"}',
            content_type="application/json",
            headers={"WWW-Authenticate": "Bearer"},
        )


def _loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def require_metrics_access(request: web.Request, token: str) -> None:
    """/metrics tells how busy the service is and how many exceptions are open: loopback
    (a scraper on the same host, or a proxy that restricts it) or the metrics token."""
    if not token:
        if _loopback(request.remote):
            return
        raise web.HTTPForbidden(text="metrics: set SUPPLIERBOT_METRICS_TOKEN to scrape from another host")
    given = bearer_token(request)
    if given is None or not hmac.compare_digest(given.encode(), token.encode()):
        raise web.HTTPUnauthorized(text="metrics: missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})
