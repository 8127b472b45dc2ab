"""The inbound edge every platform shares: one body reader, and one answer per kind of failure.

aiohttp's `StreamReader.read(n)` returns what is buffered, not `n` bytes, so a body that
arrives in several TCP chunks is cut off when read that way (a 2 MiB photo came back as
127,857 bytes). `read_body` reads to the end and refuses, as the bytes arrive, whatever goes
over the limit (at once when the declared length already does). Webhook bodies use
`read_request`, media downloads `read_download`.

Webhook routes raise `Refused` (bad signature, wrong receive id, stale timestamp), `Malformed`,
`BodyTooLarge`, `Draining` (see `bot.app.unless_draining`) or the ports' `StorageUnavailable`;
`edge_route` answers 403, 400, 413 or 503 for them. 503 makes the platform deliver again
later; the other answers say that trying again will not help.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import ClassVar

import aiohttp
from aiohttp import web

from bot.ports import SendError, StorageUnavailable

log = logging.getLogger("supplierbot.edge")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class EdgeError(Exception):
    """Something about an inbound request that decides its answer."""

    status: ClassVar[int] = 400


class Refused(EdgeError):
    """The request cannot be trusted: bad signature, another receive id, a replayed timestamp."""

    status = 403


class Malformed(EdgeError):
    """The request is not what the platform sends: missing parameters, a body that does not parse."""

    status = 400


class Draining(EdgeError):
    """This replica is shutting down: another one (or this one, restarted) takes the delivery."""

    status = 503


class BodyTooLarge(EdgeError):
    """The body (declared or actually sent) is over the limit of its route or download."""

    status = 413

    def __init__(self, limit: int, size: int | None = None) -> None:
        shown = f"{size} bytes" if size is not None else "more"
        super().__init__(f"body of {shown} is over the limit of {limit} bytes")
        self.limit = limit
        self.size = size


async def read_body(stream: aiohttp.StreamReader, limit: int, *, declared: int | None = None) -> bytes:
    """All of a body, to its end; `BodyTooLarge` as soon as it is known to exceed `limit`."""
    if declared is not None and declared > limit:
        raise BodyTooLarge(limit, declared)
    body = bytearray()
    async for chunk in stream.iter_any():
        body += chunk
        if len(body) > limit:
            raise BodyTooLarge(limit)
    return bytes(body)


async def read_request(request: web.Request, limit: int) -> bytes:
    """A webhook's body; `BodyTooLarge` (413) over `limit`, chunked bodies included."""
    return await read_body(request.content, limit, declared=request.content_length)


async def read_download(response: aiohttp.ClientResponse, limit: int, what: str) -> bytes:
    """A downloaded file, whole. Over `limit` it is a permanent `SendError` with code
    `too_large`, which the pipeline tells the sender as "photo too large"."""
    try:
        return await read_body(response.content, limit, declared=response.content_length)
    except BodyTooLarge as exc:
        raise SendError(f"{what}: {exc}", permanent=True, code="too_large") from exc


def edge_route(name: str, handle: Handler) -> Handler:
    """A webhook route whose failures get the edge's one answer each, logged the same way."""

    async def route(request: web.Request) -> web.StreamResponse:
        try:
            return await handle(request)
        except EdgeError as exc:
            log.warning("%s: answered %d: %s", name, exc.status, exc)
            return web.Response(status=exc.status)
        except StorageUnavailable as exc:
            log.error("%s: answered 503, not stored (storage unavailable): %s", name, exc)
            return web.Response(status=503)

    return route
