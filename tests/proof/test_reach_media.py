"""Voice, documents and the kinds of message the bot does not read, end to end through both
platform fakes: every one gets an answer; a transcript is confirmed before anything is
recorded; a PDF or drawing is kept with its order, checked like a photo, and downloadable
from the order's page."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import func, select

from bot.clock import FakeClock
from storage.db import Database
from storage.models import Attachment, ConversationState, ProgressReport
from storage.order_intake import OrderDraft, create_orders
from storage.order_queries import find_order
from tests.fakes.telegram_api import FakeTelegramAPI, user
from tests.fakes.wecom_api import FakeWeComAPI, file_xml, other_xml, template_card_event_xml, voice_xml
from tests.proof.harness import HUADA_GROUP, HUADA_USER, WECOM_CONTACT, Service, huada_chat, start_service

ClientFactory = Callable[..., Awaitable[TestClient]]
TOKEN = "dash-token"


def a_pdf(pages: int = 40) -> bytes:
    """A small but real PDF: header, objects, trailer."""
    body = b"".join(b"%d 0 obj\n<< /Type /Page >>\nendobj\n" % n for n in range(1, pages))
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
async def service(aiohttp_client: ClientFactory, database: Database, clock: FakeClock,
                  telegram: FakeTelegramAPI, wecom: FakeWeComAPI, tmp_path: Path) -> Service:
    from pydantic import SecretStr

    return await start_service(aiohttp_client, database=database, clock=clock, telegram=telegram, wecom=wecom,
                               photo_dir=tmp_path / "photos", api_token=SecretStr(TOKEN))


async def count(service: Service, model: Any) -> int:
    async with service.database.read() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


def wecom_cards(service: Service, user_id: str = WECOM_CONTACT) -> list[dict[str, Any]]:
    return [b["template_card"] for b in service.wecom.sent("message/send")
            if b.get("touser") == user_id and b.get("msgtype") == "template_card"]


def next_id(service: Service) -> int:
    service.next_msg_id += 1
    return service.next_msg_id


# --- voice ----------------------------------------------------------------------------------

async def test_a_voice_without_a_transcript_gets_asked_for_text_and_records_nothing(service: Service) -> None:
    before = await count(service, ProgressReport)
    assert await service.wecom_post(voice_xml(WECOM_CONTACT, "voice-media-1", msg_id=next_id(service),
                                              create_time=service.wecom_now())) == 200
    update = service.updates.content(voice={"file_id": "AwACAgVoice1", "file_unique_id": "uqv1", "duration": 4},
                                     chat=huada_chat(), sender=user(HUADA_USER, "王工"))
    assert await service.telegram_post(update) == 200
    await service.settle()
    assert any("请打字发送" in t for t in service.wecom_texts())
    assert any("请打字发送" in t for t in service.telegram_texts(HUADA_GROUP))
    assert await count(service, ProgressReport) == before


async def test_a_transcribed_voice_is_shown_and_recorded_only_on_the_check_button(service: Service) -> None:
    spoken = "1001 冲压完成一半，50%"
    assert await service.wecom_post(voice_xml(WECOM_CONTACT, "voice-media-2", recognition=spoken,
                                              msg_id=next_id(service), create_time=service.wecom_now())) == 200
    await service.settle()
    [card] = wecom_cards(service)
    shown = card["main_title"]["title"] + "\n" + card["sub_title_text"]
    assert spoken in shown and "理解为：进度 · PO-1001" in shown and "确认后才记录" in shown
    yes, no = card["button_list"]
    assert yes["text"].startswith("✔") and no["text"].startswith("✘")
    assert await count(service, ProgressReport) == 0  # shown, not recorded

    click = template_card_event_xml(WECOM_CONTACT, yes["key"], task_id=card["task_id"],
                                    create_time=service.wecom_now() + 5)
    assert await service.wecom_post(click) == 200
    await service.settle()
    async with service.database.read() as session:
        [report] = (await session.execute(select(ProgressReport))).scalars().all()
        assert report.text == spoken and report.percent == 50
        assert await session.scalar(select(func.count()).select_from(ConversationState)) == 0
    assert any("50" in t and "1001" in t for t in service.wecom_texts())

    # the same button again (a re-delivered or late tap) records nothing more
    again = template_card_event_xml(WECOM_CONTACT, yes["key"], task_id=card["task_id"],
                                    create_time=service.wecom_now() + 9)
    await service.wecom_post(again)
    await service.settle()
    assert await count(service, ProgressReport) == 1
    assert "过期" in service.wecom_texts()[-1]


async def test_a_wrong_transcript_is_dropped_with_the_cross(service: Service) -> None:
    await service.wecom_post(voice_xml(WECOM_CONTACT, "voice-media-3", recognition="1001 延期到12月30号",
                                       msg_id=next_id(service), create_time=service.wecom_now()))
    await service.settle()
    [card] = wecom_cards(service)
    _, no = card["button_list"]
    await service.wecom_post(template_card_event_xml(WECOM_CONTACT, no["key"], task_id=card["task_id"],
                                                     create_time=service.wecom_now() + 3))
    await service.settle()
    assert await count(service, ProgressReport) == 0
    assert "没有记录" in service.wecom_texts()[-1]


async def test_a_transcribed_question_is_simply_answered(service: Service) -> None:
    await service.wecom_post(voice_xml(WECOM_CONTACT, "voice-media-4", recognition="我的订单",
                                       msg_id=next_id(service), create_time=service.wecom_now()))
    await service.settle()
    assert not wecom_cards(service)
    assert any("PO-1001" in t for t in service.wecom_texts())


# --- documents ------------------------------------------------------------------------------

async def test_a_pdf_over_wecom_is_filed_with_the_only_open_order_and_downloadable(service: Service) -> None:
    pdf = a_pdf()
    service.wecom.add_media("file-media-1", pdf, filename="图纸 rev B.pdf", content_type="application/pdf")
    assert await service.wecom_post(file_xml(WECOM_CONTACT, "file-media-1", "图纸 rev B.pdf",
                                             msg_id=next_id(service), create_time=service.wecom_now())) == 200
    await service.settle()
    assert "已存档到 PO-1001" in service.wecom_texts()[-1] and "图纸 rev B.pdf" in service.wecom_texts()[-1]
    async with service.database.read() as session:
        [row] = (await session.execute(select(Attachment))).scalars().all()
    assert (row.kind, row.size, row.order_id is not None) == ("pdf", len(pdf), True)

    client = service.client
    assert (await client.get(f"/files/{row.id}", allow_redirects=False)).status == 401
    login = await client.post("/login", data={"token": TOKEN, "next": "/board"}, allow_redirects=False)
    assert login.status == 303
    page = await (await client.get("/orders/PO-1001")).text()
    assert f'href="/files/{row.id}"' in page and "图纸 rev B.pdf" in page
    download = await client.get(f"/files/{row.id}")
    assert download.status == 200 and await download.read() == pdf
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert (await client.get(f"/files/{row.id + 1}")).status == 404


async def test_a_telegram_drawing_with_a_po_caption_is_filed_and_a_fake_pdf_refused(service: Service) -> None:
    dxf = b"  0\r\nSECTION\r\n  2\r\nHEADER\r\n  0\r\nENDSEC\r\n  0\r\nEOF\r\n"
    service.telegram.add_file("BQACAgDxf1", dxf, "documents/file_1.dxf")
    service.telegram.add_file("BQACAgExe1", b"MZ\x90\x00 this is a program", "documents/file_2.pdf")
    sender = user(HUADA_USER, "王工")
    await service.telegram_post(service.updates.document("BQACAgDxf1", "bracket.dxf", mime_type="image/vnd.dxf",
                                                         file_size=len(dxf), caption="PO-1001 图纸",
                                                         chat=huada_chat(), sender=sender))
    await service.telegram_post(service.updates.document("BQACAgExe1", "spec.pdf", file_size=22,
                                                         chat=huada_chat(), sender=sender))
    await service.settle()
    texts = service.telegram_texts(HUADA_GROUP)
    assert any("已存档到 PO-1001" in t and "bracket.dxf" in t for t in texts), texts
    assert any("无法存档" in t and "PDF" in t for t in texts)
    async with service.database.read() as session:
        assert [a.kind for a in (await session.execute(select(Attachment))).scalars()] == ["dxf"]
    assert not list((service.runtime.pipeline.attachment_store.root).rglob("*.pdf"))


async def test_a_photo_sent_as_a_wecom_file_is_kept_as_a_photo_of_the_order(service: Service) -> None:
    from PIL import Image

    from storage.models import Photo

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "JPEG")
    service.wecom.add_media("file-media-jpg", out.getvalue(), filename="IMG_0001.JPG", content_type="image/jpeg")
    await service.wecom_post(file_xml(WECOM_CONTACT, "file-media-jpg", "IMG_0001.JPG", msg_id=next_id(service),
                                      create_time=service.wecom_now()))
    await service.settle()
    assert await count(service, Photo) == 1 and await count(service, Attachment) == 0
    assert any("PO-1001" in t for t in service.wecom_texts())


async def test_a_file_over_the_cap_is_refused_before_download(service: Service) -> None:
    limit = service.runtime.pipeline.attachment_store.max_bytes
    await service.telegram_post(service.updates.document("BQACAgHuge", "huge.pdf", file_size=limit + 1,
                                                         chat=huada_chat(), sender=user(HUADA_USER, "王工")))
    await service.settle()
    assert any("文件太大" in t for t in service.telegram_texts(HUADA_GROUP))
    assert not [c for c in service.telegram.calls if c.method == "getFile"]
    assert await count(service, Attachment) == 0


# --- what the bot does not read -------------------------------------------------------------

@pytest.mark.parametrize(("content", "word"), [
    ({"sticker": {"file_id": "CAAC1", "file_unique_id": "s1", "width": 512, "height": 512, "is_animated": False,
                  "is_video": False, "type": "regular"}}, "表情"),
    ({"location": {"latitude": 31.2, "longitude": 121.5}}, "位置"),
    ({"video": {"file_id": "BAAC1", "file_unique_id": "v1", "width": 640, "height": 480, "duration": 3}}, "视频"),
])
async def test_telegram_kinds_the_bot_cannot_read_get_a_clear_answer_in_private(
        service: Service, content: dict[str, Any], word: str) -> None:
    private = {"id": HUADA_USER, "type": "private", "first_name": "王工"}
    await service.telegram_post(service.updates.content(chat=private, sender=user(HUADA_USER, "王工"), **content))
    await service.settle()
    [answer] = service.telegram_texts(HUADA_USER)
    assert word in answer and "PDF" in answer


async def test_a_sticker_in_a_group_is_chatter_but_a_wecom_video_or_link_is_answered(service: Service) -> None:
    sticker = {"file_id": "CAAC2", "file_unique_id": "s2", "width": 512, "height": 512, "is_animated": False,
               "is_video": False, "type": "regular"}
    await service.telegram_post(service.updates.content(chat=huada_chat(), sender=user(HUADA_USER, "王工"),
                                                        sticker=sticker))
    await service.wecom_post(other_xml(WECOM_CONTACT, "video", {"MediaId": "vid-1", "ThumbMediaId": "t-1"},
                                       msg_id=next_id(service), create_time=service.wecom_now()))
    await service.wecom_post(other_xml(WECOM_CONTACT, "link", {"Title": "t", "Description": "d",
                                                               "Url": "https://example.invalid", "PicUrl": ""},
                                       msg_id=next_id(service), create_time=service.wecom_now()))
    await service.settle()
    assert service.telegram_texts(HUADA_GROUP) == []
    video, link = service.wecom_texts()[-2:]
    assert "视频" in video and "链接" in link



async def test_a_document_without_a_po_waits_unplaced_until_the_supplier_picks_its_order(service: Service) -> None:
    today = service.clock.now().date()
    async with service.database.write() as session:
        await create_orders(session, [OrderDraft(po="PO-1003", supplier="HD", part_no="BRK-2203", process="stamping",
                                                 quantity=300, due_date=date(today.year + 1, 2, 1))],
                            actor="proof", now=service.clock.now(), today=today)
    dxf = b"  0\r\nSECTION\r\n  2\r\nHEADER\r\n  0\r\nENDSEC\r\n  0\r\nEOF\r\n"
    service.telegram.add_file("BQACAgDxf9", dxf, "documents/file_9.dxf")
    wang = user(HUADA_USER, "王工")
    await service.telegram_post(service.updates.document("BQACAgDxf9", "bracket.dxf", mime_type="image/vnd.dxf",
                                                         file_size=len(dxf), chat=huada_chat(), sender=wang))
    await service.settle()
    [(key, asked)] = [(k, m) for k, m in service.telegram.messages.items()
                      if k[0] == HUADA_GROUP and m.get("reply_markup")]
    async with service.database.read() as session:
        [waiting] = (await session.execute(select(Attachment))).scalars().all()
    assert waiting.order_id is None  # kept meanwhile, unplaced
    [choice] = [b for row in asked["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "PO-1003"]

    click = service.updates.callback(choice["callback_data"], chat=huada_chat(), sender=wang,
                                     message_id=key[1], message_text=asked["text"])
    assert await service.telegram_post(click) == 200
    await service.settle()
    assert any("已存档到 PO-1003" in t and "bracket.dxf" in t for t in service.telegram_texts(HUADA_GROUP))
    async with service.database.read() as session:
        [placed] = (await session.execute(select(Attachment))).scalars().all()
        order = await find_order(session, "PO-1003")
    assert order is not None and placed.order_id == order.id
