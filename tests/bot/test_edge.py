"""Specification of the inbound edge: one body reader for every webhook and download, and
one answer per kind of failure, over real sockets with bodies sent in many chunks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient

from bot.ports import SendError, StorageUnavailable
from bot.web.edge import (
    BodyTooLarge,
    Draining,
    Malformed,
    Refused,
    edge_route,
    read_download,
    read_request,
)
from tests.fakes.chunked import send_in_chunks, trickle
from tests.fakes.photos import noise_jpeg

MIB = 1024 * 1024
ClientFactory = Callable[..., Awaitable[TestClient]]
BODY = noise_jpeg(2200, 1650, seed=3)  # a bit over 4 MB


def test_the_body_is_several_megabytes() -> None:
    assert len(BODY) > 4 * MIB


def _echo_app(limit: int) -> web.Application:
    async def echo(request: web.Request) -> web.Response:
        body = await read_request(request, limit)
        return web.Response(text=f"{len(body)}")

    async def files(request: web.Request) -> web.StreamResponse:
        return await send_in_chunks(request, BODY, content_type="image/jpeg")

    app = web.Application(client_max_size=64 * MIB)
    app.router.add_post("/echo", edge_route("test echo", echo))
    app.router.add_get("/file", files)
    return app


async def test_a_multi_megabyte_request_sent_in_chunks_is_read_to_its_end(aiohttp_client: ClientFactory) -> None:
    client = await aiohttp_client(_echo_app(8 * MIB))

    response = await client.post("/echo", data=trickle(BODY))

    assert (response.status, await response.text()) == (200, str(len(BODY)))


async def test_a_request_over_the_limit_is_413_whether_declared_or_only_sent(aiohttp_client: ClientFactory) -> None:
    client = await aiohttp_client(_echo_app(MIB))

    declared = await client.post("/echo", data=BODY)
    chunked = await client.post("/echo", data=trickle(BODY))

    assert (declared.status, chunked.status) == (413, 413)


async def test_a_download_sent_in_chunks_is_read_whole(aiohttp_client: ClientFactory) -> None:
    client = await aiohttp_client(_echo_app(MIB))

    async with aiohttp.ClientSession() as http, http.get(client.make_url("/file")) as response:
        data = await read_download(response, 8 * MIB, "test file")

    assert data == BODY


async def test_a_download_over_the_limit_is_a_permanent_too_large_error(aiohttp_client: ClientFactory) -> None:
    client = await aiohttp_client(_echo_app(MIB))

    async with aiohttp.ClientSession() as http, http.get(client.make_url("/file")) as response:
        with pytest.raises(SendError) as refused:
            await read_download(response, 2 * MIB, "test file")

    assert refused.value.permanent and refused.value.code == "too_large"


@pytest.mark.parametrize(("failure", "status"), [
    (Refused("bad signature"), 403),
    (Malformed("not json"), 400),
    (BodyTooLarge(64), 413),
    (Draining("shutting down"), 503),
    (StorageUnavailable("db down"), 503),
])
async def test_one_answer_per_kind_of_failure(aiohttp_client: ClientFactory, failure: Exception, status: int) -> None:
    async def failing(request: web.Request) -> Any:
        raise failure

    app = web.Application()
    app.router.add_post("/hook", edge_route("test hook", failing))
    client = await aiohttp_client(app)

    response = await client.post("/hook", data=b"{}")

    assert response.status == status and await response.read() == b""


async def test_a_draining_replica_answers_503_so_the_platform_delivers_again(aiohttp_client: ClientFactory) -> None:
    from types import SimpleNamespace

    from bot.runtime import unless_draining

    runtime = SimpleNamespace(draining=False)
    stored: list[bytes] = []

    async def webhook(request: web.Request) -> web.Response:
        stored.append(await read_request(request, 1024))
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/hook", unless_draining(runtime, webhook))  # type: ignore[arg-type]
    client = await aiohttp_client(app)

    live = await client.post("/hook", data=b"{}")
    runtime.draining = True
    draining = await client.post("/hook", data=b"{}")

    assert (live.status, draining.status, stored) == (200, 503, [b"{}"])
