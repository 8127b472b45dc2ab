"""Bodies as real networks deliver them: in several TCP chunks with small pauses between.

A fake that answers with `web.Response(body=...)` hands the whole body to the kernel at once,
so on loopback it usually arrives in one read and code that reads only what is buffered
looks correct. These helpers send 64 KiB at a time, draining and pausing after each chunk.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from aiohttp import web

CHUNK_BYTES = 64 * 1024
PAUSE_SECONDS = 0.001


async def send_in_chunks(request: web.Request, body: bytes, *, content_type: str,
                         headers: dict[str, str] | None = None, chunk: int = CHUNK_BYTES,
                         pause: float = PAUSE_SECONDS) -> web.StreamResponse:
    """Answer `request` with `body` (Content-Length set), one chunk per write."""
    response = web.StreamResponse(headers=headers)
    response.content_type = content_type
    response.content_length = len(body)
    await response.prepare(request)
    try:
        for start in range(0, len(body), chunk):
            await response.write(body[start:start + chunk])  # write() drains the transport
            await asyncio.sleep(pause)
        await response.write_eof()
    except ConnectionResetError:
        pass  # the client stopped reading (a download refused as too large): as a real server, carry on
    return response


async def trickle(body: bytes, *, chunk: int = CHUNK_BYTES, pause: float = PAUSE_SECONDS) -> AsyncIterator[bytes]:
    """A request body for aiohttp's client (`data=trickle(...)`), sent chunked, a piece at a time."""
    for start in range(0, len(body), chunk):
        yield body[start:start + chunk]
        await asyncio.sleep(pause)
