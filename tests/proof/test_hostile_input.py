"""Whatever arrives (forged, stale, replayed, hostile XML, oversized, lying photos, odd
text), the answer is a clear refusal (4xx) or a helpful reply in the chat: never a 500,
never a crash, never a partial record."""

from __future__ import annotations

import json
import struct
import zlib
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.wecom_adapter import TEXT_MAX_BYTES
from tests.fakes.wecom_api import CallbackSender
from tests.proof.harness import (
    HUADA_GROUP,
    TELEGRAM_SECRET,
    WECOM_AES_KEY,
    WECOM_AGENT_ID,
    WECOM_TOKEN,
    Service,
    huada_chat,
    huada_user,
    processed_once,
    router_is_placeholder,
)

needs_supplier_handler = pytest.mark.skipif(router_is_placeholder(), reason="needs supplier handler")

MIB = 1024 * 1024
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + "]><xml><ToUserName>&lol9;</ToUserName><Encrypt>&lol9;</Encrypt></xml>"
)
EXTERNAL_ENTITY = ('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
                   "<xml><ToUserName>&xxe;</ToUserName><Encrypt>&xxe;</Encrypt></xml>")
HOSTILE_TEXTS = {
    "sql": "PO-1001'; DROP TABLE orders;-- 完成60%",
    "4000 characters": "PO-1001 完成60% " + "进度正常，" * 797,
    "emoji": "PO-1001 完成60% ✅🎉 👨‍👩‍👧‍👦 🇨🇳 👍🏽",
    "nul": "PO-1001 完成60%\x00",
    "bidi and zero width": "\u202ePO-1001\u200b 完成60%\u2066",
    "markup": "<b>PO-1001</b> *完成* _60%_ [x](http://evil.invalid) {{7*7}} ${jndi:x}",
}


def printable(text: str) -> str:
    """What the inbox keeps of a text: everything but C0 control characters (PostgreSQL refuses NUL)."""
    return "".join(ch for ch in text if ch in "\t\n\r" or not (ord(ch) < 32 or ord(ch) == 127))


async def nothing_stored(service: Service) -> bool:
    return await service.inbox() == []


# --- Telegram: refused at the door -----------------------------------------------------------

@pytest.mark.parametrize(("case", "body", "secret", "status"), [
    ("forged secret", None, "not-the-secret", 403),
    ("no secret", None, None, 403),
    ("2 MB body", b'{"update_id": 1, "message": {"text": "' + b"x" * (2 * MIB) + b'"}}', "ok", 413),
    ("not UTF-8", b'{"update_id": 5, "message": {"text": "\xff\xfe\xfa"}}', "ok", 400),
    ("not JSON", b"<xml>hello</xml>", "ok", 400),
    ("JSON but no update", b'{"update_id": "1; DROP TABLE inbox"}', "ok", 400),
])
async def test_telegram_webhooks_that_cannot_be_trusted_or_read_are_refused_and_nothing_is_stored(
    service: Service, case: str, body: bytes | None, secret: str | None, status: int,
) -> None:
    payload = body or json.dumps(service.updates.text("PO-1001 完成60%", chat=huada_chat())).encode()
    answer = await service.telegram_post(payload, secret=TELEGRAM_SECRET if secret == "ok" else secret)

    assert answer == status, case
    assert await nothing_stored(service)


# --- Telegram and WeCom: odd but honest text --------------------------------------------------

@pytest.mark.parametrize("kind", list(HOSTILE_TEXTS))
async def test_odd_telegram_text_is_stored_processed_once_and_answered(service: Service, kind: str) -> None:
    text = HOSTILE_TEXTS[kind]
    before = await service.counts()
    update = service.updates.text(text, chat=huada_chat(), sender=huada_user())

    assert await service.telegram_post(update) == 200
    await service.settle()

    [row] = await service.inbox()
    assert processed_once(row), row.error
    assert row.message["text"] == printable(text)
    after = await service.counts()
    assert after["orders"] == before["orders"] and after["suppliers"] == before["suppliers"]
    replies = await service.outbox()
    assert len(replies) >= 1 and len(service.telegram_texts(HUADA_GROUP)) == len(replies)


@pytest.mark.parametrize("kind", list(HOSTILE_TEXTS))
async def test_odd_wecom_text_is_stored_processed_once_and_answered_within_wecoms_size(
    service: Service, kind: str,
) -> None:
    text = HOSTILE_TEXTS[kind]
    if kind == "nul":
        pytest.skip("XML 1.0 cannot carry U+0000: WeCom never sends it")

    assert await service.wecom_post(service.wecom_text(text)) == 200
    await service.settle()

    [row] = await service.inbox()
    assert processed_once(row), row.error
    assert row.message["text"] == printable(text)
    sent = service.wecom_replies()  # a plain answer, or the reading shown first on a card
    assert len(sent) == len(await service.outbox()) >= 1
    assert all(len(t.encode()) <= TEXT_MAX_BYTES for t in sent)


async def test_a_lone_surrogate_in_a_telegram_update_still_gets_its_reply(service: Service) -> None:
    update = service.updates.text("PO-1001 完成60% \ud83d", chat=huada_chat(), sender=huada_user())
    body = json.dumps(update).encode()  # ASCII with a "\ud83d" escape: valid JSON, not valid Unicode

    assert await service.telegram_post(body) == 200
    for _ in range(3):
        await service.settle()
        service.clock.advance(timedelta(minutes=30))

    [row] = await service.inbox()
    assert processed_once(row)
    assert len(service.telegram_texts(HUADA_GROUP)) == len(await service.outbox()) >= 1


# --- WeCom: refused at the door ---------------------------------------------------------------

def other_corp() -> CallbackSender:
    return CallbackSender(WECOM_TOKEN, WECOM_AES_KEY, "wwsomeoneelse", WECOM_AGENT_ID)


def _forged(service: Service) -> tuple[dict[str, str], bytes]:
    query, body = service.wecom_sender.request(service.wecom_text("PO-1001 完成60%"), timestamp=service.wecom_now())
    return {**query, "msg_signature": "0" * 40}, body


def _stale(service: Service) -> tuple[dict[str, str], bytes]:
    return service.wecom_sender.request(service.wecom_text("PO-1001 完成60%"), timestamp=service.wecom_now() - 600)


def _future(service: Service) -> tuple[dict[str, str], bytes]:
    return service.wecom_sender.request(service.wecom_text("PO-1001 完成60%"), timestamp=service.wecom_now() + 600)


def _wrong_corp(service: Service) -> tuple[dict[str, str], bytes]:
    return other_corp().request(service.wecom_text("PO-1001 完成60%"), timestamp=service.wecom_now())


def _envelope(xml: str) -> Callable[[Service], tuple[dict[str, str], bytes]]:
    def make(service: Service) -> tuple[dict[str, str], bytes]:
        return service.wecom_sender.signed_raw("x", timestamp=service.wecom_now()), xml.encode()
    return make


def _inside(plaintext: str | bytes) -> Callable[[Service], tuple[dict[str, str], bytes]]:
    """Correctly encrypted and signed: only what is inside is hostile."""
    def make(service: Service) -> tuple[dict[str, str], bytes]:
        return service.wecom_sender.request(plaintext, timestamp=service.wecom_now())  # type: ignore[arg-type]
    return make


def _two_megabytes(service: Service) -> tuple[dict[str, str], bytes]:
    query, _ = service.wecom_sender.request(service.wecom_text("x"), timestamp=service.wecom_now())
    return query, b"<xml><Encrypt>" + b"A" * (2 * MIB) + b"</Encrypt></xml>"


def _not_utf8_envelope(service: Service) -> tuple[dict[str, str], bytes]:
    query, body = service.wecom_sender.request(service.wecom_text("x"), timestamp=service.wecom_now())
    return query, body.replace(b"<xml>", b"<xml>\xff\xfe", 1)


PLAIN_DOCTYPE = ('<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml>'
                 "<ToUserName>wwfakecorp</ToUserName><FromUserName>alice</FromUserName><CreateTime>1</CreateTime>"
                 "<MsgType>text</MsgType><Content>&xxe;</Content><MsgId>1</MsgId></xml>")
NOT_UTF8_INSIDE = (b"<xml><ToUserName>wwfakecorp</ToUserName><FromUserName>alice</FromUserName><CreateTime>1"
                   b"</CreateTime><MsgType>text</MsgType><Content>\xff\xfe\xc3</Content><MsgId>2</MsgId></xml>")


@pytest.mark.parametrize(("case", "make", "status"), [
    ("forged signature", _forged, 403),
    ("stale timestamp", _stale, 403),
    ("timestamp from the future", _future, 403),
    ("wrong corp id", _wrong_corp, 403),
    ("billion laughs", _envelope(BILLION_LAUGHS), 400),
    ("external entity", _envelope(EXTERNAL_ENTITY), 400),
    ("billion laughs inside", _inside(BILLION_LAUGHS), 400),
    ("external entity inside", _inside(PLAIN_DOCTYPE), 400),
    ("not UTF-8 inside", _inside(NOT_UTF8_INSIDE), 400),
    ("not UTF-8 envelope", _not_utf8_envelope, 400),
    ("2 MB body", _two_megabytes, 413),
    ("not XML", lambda s: (s.wecom_sender.signed_raw("x", timestamp=s.wecom_now()), b'{"json": true}'), 400),
])
async def test_wecom_callbacks_that_cannot_be_trusted_or_read_are_refused_and_nothing_is_stored(
    service: Service, case: str, make: Callable[[Service], tuple[dict[str, str], bytes]], status: int,
) -> None:
    query, body = make(service)

    assert await service.wecom_raw(query, body) == status, case
    assert await nothing_stored(service)


async def test_a_wecom_callback_replayed_inside_the_window_is_deduplicated_and_outside_it_refused(
    service: Service,
) -> None:
    query, body = service.wecom_sender.request(service.wecom_text("PO-1001 完成60%"), timestamp=service.wecom_now())

    first = await service.wecom_raw(query, body)
    service.clock.advance(timedelta(minutes=4))
    replayed = await service.wecom_raw(query, body)
    await service.settle()
    service.clock.advance(timedelta(minutes=2))
    too_late = await service.wecom_raw(query, body)
    await service.settle()

    assert (first, replayed, too_late) == (200, 200, 403)
    [row] = await service.inbox()
    assert processed_once(row) and len(service.wecom_texts()) == len(await service.outbox())


# --- photos that lie ----------------------------------------------------------------------------

def png_claiming(width: int, height: int) -> bytes:
    """A tiny, valid PNG whose header claims `width` × `height` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))


def document_update(service: Service, file_id: str, *, mime: str, name: str, size: int | None) -> dict[str, Any]:
    """A file sent as a document (not compressed as a photo): Telegram's size is optional there."""
    update = service.updates.text("PO-1001 外观", chat=huada_chat(), sender=huada_user())
    message = update["message"]
    message["caption"] = message.pop("text")
    document: dict[str, Any] = {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name,
                                "mime_type": mime}
    if size is not None:
        document["file_size"] = size
    message["document"] = document
    return update


def photo_update(service: Service, *, declared_size: int, width: int = 1280, height: int = 960) -> dict[str, Any]:
    return service.updates.photo(caption="PO-1001 外观", chat=huada_chat(), sender=huada_user(),
                                 sizes=[(width, height, declared_size)])


def file_id_of(update: dict[str, Any]) -> str:
    message = update["message"]
    return str(message["photo"][-1]["file_id"] if "photo" in message else message["document"]["file_id"])


def stored_files(photo_dir: Path) -> list[Path]:
    return [p for p in photo_dir.rglob("*") if p.is_file()] if photo_dir.exists() else []


async def a_refused_photo(service: Service, update: dict[str, Any], data: bytes | None, tmp_path: Path) -> str:
    """Send it, let it be processed; check the guarantees; return the issue code the handler saw."""
    if data is not None:
        service.telegram.add_file(file_id_of(update), data)
    assert await service.telegram_post(update) == 200
    await service.settle()
    [row] = await service.inbox()
    assert processed_once(row)
    [ctx] = service.handler.calls_for(row.external_id)
    assert ctx.photos == () and len(ctx.photo_issues) == 1
    assert stored_files(tmp_path / "photos") == [] and (await service.counts())["photos"] == 0
    assert len(service.telegram_texts(HUADA_GROUP)) == len(await service.outbox())
    return ctx.photo_issues[0].code


async def test_a_photo_declared_over_the_limit_is_refused_before_any_download(service: Service, tmp_path: Path) -> None:
    update = photo_update(service, declared_size=12 * MIB)

    assert await a_refused_photo(service, update, None, tmp_path) == "too_large"
    assert service.telegram.calls_to("getFile") == []


async def test_a_photo_whose_header_claims_ten_gigapixels_is_refused_without_decoding(
    service: Service, tmp_path: Path,
) -> None:
    data = png_claiming(100_000, 100_000)
    update = photo_update(service, declared_size=len(data), width=100_000, height=100_000)

    assert await a_refused_photo(service, update, data, tmp_path) in ("decompression_bomb", "too_many_pixels")


async def test_a_text_file_named_jpg_is_refused_as_not_an_image(service: Service, tmp_path: Path) -> None:
    data = b"this is not a photo, it only says it is\n" * 4
    update = document_update(service, "BQACAgTextFile", mime="image/jpeg", name="IMG_0001.jpg", size=len(data))

    assert await a_refused_photo(service, update, data, tmp_path) == "not_an_image"


async def test_a_document_without_a_declared_size_that_turns_out_too_large_is_refused_as_too_large(
    service: Service, tmp_path: Path,
) -> None:
    data = b"\xff\xd8\xff\xe0" + b"\x00" * (11 * MIB)
    update = document_update(service, "BQACAgHugeNoSize", mime="image/jpeg", name="IMG_0002.jpg", size=None)

    assert await a_refused_photo(service, update, data, tmp_path) == "too_large"


async def test_a_wecom_image_that_is_really_text_is_refused_and_answered(service: Service, tmp_path: Path) -> None:
    service.wecom.add_media("MEDIA_TEXT", b"#!/bin/sh\nrm -rf /\n", filename="photo.jpg")

    assert await service.wecom_post(service.wecom_image("MEDIA_TEXT")) == 200
    await service.settle()

    [row] = await service.inbox()
    assert processed_once(row)
    [ctx] = service.handler.calls_for(row.external_id)
    assert [i.code for i in ctx.photo_issues] == ["not_an_image"] and ctx.photos == ()
    assert stored_files(tmp_path / "photos") == []
    assert len(service.wecom_texts()) == len(await service.outbox()) >= 1


# --- the helpful replies (need the supplier-side handler) ---------------------------------------

@needs_supplier_handler
@pytest.mark.parametrize("case", ["too large", "bomb", "not an image"])
async def test_a_refused_photo_is_answered_in_the_chat_with_what_to_do_instead(
    service: Service, tmp_path: Path, case: str,
) -> None:
    if case == "too large":
        update, data = photo_update(service, declared_size=12 * MIB), None
    elif case == "bomb":
        data = png_claiming(100_000, 100_000)
        update = photo_update(service, declared_size=len(data), width=100_000, height=100_000)
    else:
        data = b"plain text\n" * 10
        update = document_update(service, "BQACAgTextFile2", mime="image/jpeg", name="a.jpg", size=len(data))
    await a_refused_photo(service, update, data, tmp_path)

    [row] = await service.inbox()
    [ctx] = service.handler.calls_for(row.external_id)
    issue = ctx.photo_issues[0]
    texts = service.telegram_texts(HUADA_GROUP)
    assert any(issue.message_zh in t or issue.message_en in t for t in texts), texts
