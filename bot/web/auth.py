"""Bearer-token checks for the REST API, the dashboard and /metrics.

A wrong token counts against the caller's address (bot.web.throttle): after a few a minute
the address waits, and the token is not even compared while it does.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Middleware

from bot.clock import Clock
from bot.web.throttle import API, AUTH_THROTTLE
from handlers.access import Act, role_may
from storage.access import person_by_token, staff_suppliers
from storage.db import Database
from storage.models import Role, TokenScope

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
STAFF_ROLES = frozenset({Role.BUYER.value, Role.QC.value, Role.MANAGER.value, Role.ADMIN.value})


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return None


@dataclass(frozen=True)
class ApiCaller:
    """Who is calling the API: the master token ("api") or a person's own token. (Not to be
    confused with `handlers.receiving.Actor`, whoever records something, on any surface.)"""

    label: str  # "api" or "person:<id> <name>"
    person_id: int | None
    may_write: bool
    role: str | None = None  # the person's role; None: the master token, which may do anything
    suppliers: frozenset[int] | None = None  # the person's staff scope; None: every supplier

    def may(self, act: Act) -> bool:
        return self.role is None or role_may(self.role, act)

    def sees(self, supplier_id: int) -> bool:
        return self.suppliers is None or supplier_id in self.suppliers


API_CALLER = web.RequestKey("api_caller", ApiCaller)
MASTER_CALLER = ApiCaller("api", None, True)
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def api_identity(database: Database, clock: Clock, master_token: str) -> Middleware:
    """Find out once, before any API handler runs, whose bearer token this is (a database read
    for personal tokens), so the handlers' checks stay synchronous."""

    @web.middleware
    async def identify(request: web.Request, handler: Handler) -> web.StreamResponse:
        given = bearer_token(request) if request.path.startswith("/api/") else None
        if given is not None:
            if master_token and hmac.compare_digest(given.encode(), master_token.encode()):
                request[API_CALLER] = MASTER_CALLER
            else:
                async with database.read() as session:
                    person = await person_by_token(session, given, clock.now())
                    suppliers = await staff_suppliers(session, person.id) if person is not None else None
                if person is not None and person.role in STAFF_ROLES:
                    request[API_CALLER] = ApiCaller(f"person:{person.id} {person.name}", person.id,
                                                    person.token_scope == TokenScope.WRITE.value, person.role,
                                                    suppliers)
        return await handler(request)

    return identify


def require_api_token(request: web.Request, expected: str) -> None:
    """Raise 401 unless the request carries the API token or a person's own token (403 when
    that token may only read and the request would change something)."""
    throttle = request.app.get(AUTH_THROTTLE)
    address = request.remote or ""
    if throttle is not None:
        throttle.check(API, address)
    caller = request.get(API_CALLER)
    if caller is not None:
        if request.method not in READ_METHODS and not caller.may_write:
            raise web.HTTPForbidden(text='{"error": "this token may only read"}', content_type="application/json")
        return
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
