"""The simulator's routes: a chat page and a small JSON API behind it."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from aiohttp import web

from bot import payloads
from bot.adapters.simulator_adapter import SimulatorChannel
from bot.ports import ChatKind, ChatRef, InboundMessage, MediaRef, Platform, SenderRef, StorageUnavailable
from bot.runtime import RUNTIME, SERVICES, Runtime
from bot.web.guard import content_security_policy, same_origin
from storage.demo import SIMULATOR_PERSONAS

PAGE = Path(__file__).parent / "templates" / "simulator.html"
SIMULATOR = web.AppKey("simulator", SimulatorChannel)
MAX_TEXT = 4096


def add_simulator(app: web.Application, runtime: Runtime) -> None:
    services = app[SERVICES]
    channel = SimulatorChannel(clock=services.clock)
    services.channels[Platform.SIMULATOR] = channel
    app[SIMULATOR] = channel
    app.router.add_get("/simulator", _page)
    app.router.add_get("/simulator/api/personas", _personas)
    app.router.add_get("/simulator/api/messages", _messages)
    app.router.add_post("/simulator/api/messages", _post_message)
    runtime.notices.append("chat simulator: on (/simulator)")


def _persona(key: str) -> dict[str, Any]:
    for persona in SIMULATOR_PERSONAS:
        if persona["key"] == key:
            return persona
    raise web.HTTPBadRequest(text=f"unknown persona {key!r}")


async def _page(request: web.Request) -> web.Response:
    html = PAGE.read_text(encoding="utf-8")
    return web.Response(text=html, content_type="text/html",
                        headers={"Content-Security-Policy": content_security_policy(html)})


async def _personas(request: web.Request) -> web.Response:
    return web.json_response(SIMULATOR_PERSONAS)


async def _messages(request: web.Request) -> web.Response:
    persona = _persona(request.query.get("persona", ""))
    try:
        after = int(request.query.get("after", "0"))
    except ValueError:
        raise web.HTTPBadRequest(text="after must be a number") from None
    return web.json_response(request.app[SIMULATOR].messages(persona["chat_id"], after))


async def _post_message(request: web.Request) -> web.Response:
    """Takes JSON `{persona, text}` / `{persona, payload, label}` or a multipart form with a photo."""
    if not same_origin(request):
        raise web.HTTPForbidden(text="cross-site posts to the simulator are refused")
    channel = request.app[SIMULATOR]
    clock = request.app[SERVICES].clock
    persona_key, text, payload, label, photos = await _read_post(request, channel)
    persona = _persona(persona_key)
    if len(text) > MAX_TEXT:
        raise web.HTTPBadRequest(text=f"message too long (max {MAX_TEXT} characters)")
    if not text and not payload and not photos:
        raise web.HTTPBadRequest(text="empty message")
    now = clock.now()
    chat = ChatRef(Platform.SIMULATOR, persona["chat_id"], ChatKind(persona["chat_kind"]), persona["chat_title"])
    message = InboundMessage(
        platform=Platform.SIMULATOR,
        external_id=uuid.uuid4().hex,
        chat=chat,
        sender=SenderRef(persona["user_id"], persona["name"], persona["language"]),
        sent_at=now,
        text=text,
        photos=tuple(photos),
        button_payload=payload,
    )
    try:
        await request.app[RUNTIME].pipeline.accept(message, "")
    except StorageUnavailable:
        raise web.HTTPServiceUnavailable(text="database unavailable, try again") from None
    entry = channel.record_user_message(
        chat.chat_id, sender=persona["name"], text=text, photo_ids=[p.file_id for p in photos], at=now,
        button_label=label,
    )
    return web.json_response(entry, status=201)


async def _read_post(
    request: web.Request, channel: SimulatorChannel
) -> tuple[str, str, str | None, str | None, list[MediaRef]]:
    """(persona key, text, button payload, button label, photos) of a post."""
    if request.content_type.startswith("multipart/"):
        form = await request.post()
        photos: list[MediaRef] = []
        upload = form.get("photo")
        if isinstance(upload, web.FileField):
            data = upload.file.read()
            file_id = uuid.uuid4().hex
            channel.uploads[file_id] = data
            photos.append(MediaRef(file_id=file_id, size=len(data), mime_type=upload.content_type))
        return str(form.get("persona", "")), str(form.get("text", "")).strip(), None, None, photos
    try:
        body = await request.json()
    except ValueError:
        raise web.HTTPBadRequest(text="body must be JSON") from None
    if not isinstance(body, dict):
        raise web.HTTPBadRequest(text="body must be a JSON object")
    payload = body.get("payload")
    return (str(body.get("persona", "")), str(body.get("text", "")).strip(), payloads.clicked(str(payload or "")),
            str(body["label"]) if body.get("label") else None, [])
