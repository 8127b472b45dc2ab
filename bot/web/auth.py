"""Bearer-token checks for the REST API and the dashboard."""

from __future__ import annotations

import hashlib
import hmac

from aiohttp import web


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
    given = bearer_token(request)
    if not expected:
        raise web.HTTPUnauthorized(
            text='{"error": "the API is off: set SUPPLIERBOT_API_TOKEN"}', content_type="application/json"
        )
    if given is None or not hmac.compare_digest(given.encode(), expected.encode()):
        raise web.HTTPUnauthorized(
            text='{"error": "missing or wrong bearer token"}',
            content_type="application/json",
            headers={"WWW-Authenticate": "Bearer"},
        )
