"""What every HTTP answer carries and every request body must respect, in one place.

- Security headers on every response (pages, API, errors): CSP, X-Frame-Options, nosniff,
  Referrer-Policy, and HSTS when the request came over TLS. No server version.
- Behind a reverse proxy, `X-Forwarded-Proto` and `X-Forwarded-For` are believed only from
  the addresses in `SUPPLIERBOT_TRUSTED_PROXIES`; anyone else could forge them.
- An address with a control character (`%00`) is refused: no database stores it.
- A small body limit on every route that takes forms or small JSON; only the webhooks, the
  order batch API and the simulator's photo upload may send large bodies.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from aiohttp import web
from aiohttp.typedefs import Middleware

from bot.settings import Network

log = logging.getLogger("supplierbot.web")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

SERVER_NAME = "SupplierBot"
HSTS = "max-age=31536000"
BASE_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'{scripts}; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
# Routes whose bodies may be large: platform webhooks, the order batch, the simulator's photos,
# the inspection-plan sheet import.
LARGE_BODY_PREFIXES = ("/webhooks/", "/api/v1/orders", "/simulator/api/messages", "/setup/inspection-plans")
_CONTROL = re.compile("[\x00-\x1f\x7f\ud800-\udfff]")
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_NO_INLINE_SCRIPT_CSP = BASE_CSP.format(scripts="")  # every answer but a page's: made once, not per answer


def content_security_policy(html: str | None = None) -> str:
    """The policy for a page; the inline scripts of `html` are allowed by their hashes alone."""
    if not html:
        return _NO_INLINE_SCRIPT_CSP
    hashes = ""
    for body in _INLINE_SCRIPT.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        hashes += f" 'sha256-{digest}'"
    return BASE_CSP.format(scripts=hashes)


def _in(address: str | None, networks: tuple[Network, ...]) -> bool:
    if not address or not networks:  # no proxy trusted (the usual case): no address to parse a request
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


@dataclass(frozen=True)
class Guard:
    """The settings the middleware needs, read once at start-up."""

    trusted_proxies: tuple[Network, ...] = ()
    small_body_bytes: int = 64 * 1024

    def client_address(self, request: web.Request) -> str:
        """The client's address: the proxy's word for it only when the proxy is trusted."""
        remote = request.remote or ""
        if not _in(remote, self.trusted_proxies):
            return remote
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        for hop in reversed(hops):  # the nearest hop that is not one of our proxies is the client
            if not _in(hop, self.trusted_proxies):
                return hop
        return remote

    def is_large_body_route(self, path: str) -> bool:
        return path.startswith(LARGE_BODY_PREFIXES)

    def middleware(self) -> Middleware:
        @web.middleware
        async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
            original = request
            if _CONTROL.search(request.path) or any(_CONTROL.search(k) or _CONTROL.search(v)
                                                    for k, v in request.query.items()):
                raise web.HTTPBadRequest(text="the address contains a control character")
            changes: dict[str, object] = {}
            if _in(request.remote, self.trusted_proxies):
                proto = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
                if proto in ("http", "https"):
                    changes["scheme"] = proto
                changes["remote"] = self.client_address(request)
            if not self.is_large_body_route(request.path):
                if request.content_length is not None and request.content_length > self.small_body_bytes:
                    raise web.HTTPRequestEntityTooLarge(max_size=self.small_body_bytes,
                                                        actual_size=request.content_length)
                changes["client_max_size"] = self.small_body_bytes
            if changes:
                request = request.clone(**changes)  # type: ignore[arg-type]
            original[VIA_TLS] = request.secure
            return await handler(request)

        return guard


VIA_TLS = web.RequestKey("supplierbot_via_tls", bool)


async def decorate_response(request: web.Request, response: web.StreamResponse) -> None:
    """`on_response_prepare`: every answer, error pages included, carries the same headers."""
    headers = response.headers
    headers["Server"] = SERVER_NAME  # aiohttp would announce its own and Python's versions
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    if request.get(VIA_TLS, request.secure):
        headers.setdefault("Strict-Transport-Security", HSTS)


def same_origin(request: web.Request) -> bool:
    """A browser's POST from our own pages: its Origin (or Referer) names this host.

    Cross-site form posts carry another site's Origin; requests without either header come
    from scripts and tools, not from a page a victim visits, so they are let through.
    """
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin or origin == "null":
        return origin is None
    match = re.match(r"^(https?)://([^/]+)", origin)
    return match is not None and match.group(2).lower() == request.host.lower()
