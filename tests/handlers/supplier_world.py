"""A small world for supplier conversations: two suppliers with an order each, their chats,
the buyers' and QC groups, and a way to talk to the bot as one person in one chat."""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from PIL import Image
from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.codec import message_to_dict
from bot.ports import ChatKind, ChatRef, ContentKind, InboundMessage, Platform, Reply, SenderRef
from handlers.context import HandlerContext, PhotoIssue
from handlers.router import handle_message
from scheduler.ladder import Ladder
from storage.db import Database
from storage.models import (
    BindingRole,
    ChatBinding,
    ChatIdentity,
    InboxMessage,
    Milestone,
    Order,
    Person,
    Role,
    StaffScope,
    Supplier,
)
from storage.order_intake import CharacteristicDraft, OrderDraft, create_orders
from storage.photo_store import PhotoStore, StoredPhoto

SHANGHAI = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 11, 24)
HUADA_CHAT, XINYUAN_CHAT, BUYERS_CHAT, QC_CHAT = "-1001", "-1002", "-2001", "-3001"
WANG, TOM = "501", "502"


def jpeg(color: str = "red", size: tuple[int, int] = (64, 48)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "JPEG")
    return buffer.getvalue()


def order_draft(po: str, supplier: str, **changes: Any) -> OrderDraft:
    values: dict[str, Any] = dict(
        po=po, supplier=supplier, part_no="BRK-2201", part_name="冲压支架", process="stamping", quantity=2000,
        unit="件", release_date=TODAY - timedelta(days=3), due_date=TODAY + timedelta(days=14),
        inspection=[CharacteristicDraft("孔径", 50.0, 0.05, 0.05, "mm"), CharacteristicDraft("厚度", 2.0, 0.1, 0.1, "mm"),
                    CharacteristicDraft("外观无毛刺", kind="passfail")],
    )
    values.update(changes)
    return OrderDraft(**values)


async def seed_world(database: Database, clock: FakeClock, platform: Platform = Platform.TELEGRAM, *,
                     huada_chat: str = HUADA_CHAT, wang: str = WANG, huada_kind: str = "group") -> None:
    """华达精密 (HD) with PO-1001 and its contact 王工; Apex (XY, English) with PO-2001 and Tom;
    a buyers' group and a QC group."""
    now = clock.now()
    async with database.write() as session:
        huada = Supplier(code="HD", name="华达精密", created_at=now)
        apex = Supplier(code="XY", name="Apex Coating", language="en", created_at=now)
        session.add_all([huada, apex])
        await session.flush()
        await create_orders(session, [order_draft("PO-1001", "HD"), order_draft("PO-2001", "XY", quantity=500)],
                            actor="test", now=now, today=TODAY)
        wang_person = Person(name="王工", role=Role.SUPPLIER.value, supplier_id=huada.id, language="zh", created_at=now)
        tom_person = Person(name="Tom", role=Role.SUPPLIER.value, supplier_id=apex.id, language="en", created_at=now)
        session.add_all([wang_person, tom_person])
        await session.flush()
        session.add_all([
            ChatIdentity(person_id=wang_person.id, platform=platform.value, user_id=wang),
            ChatIdentity(person_id=tom_person.id, platform=platform.value, user_id=TOM),
            ChatBinding(platform=platform.value, chat_id=huada_chat, chat_kind=huada_kind, role=BindingRole.SUPPLIER.value,
                        supplier_id=huada.id, title="华达精密 外协群", language="zh", created_at=now),
            ChatBinding(platform=platform.value, chat_id=XINYUAN_CHAT, role=BindingRole.SUPPLIER.value,
                        supplier_id=apex.id, title="Apex group", language="en", created_at=now),
            ChatBinding(platform=platform.value, chat_id=BUYERS_CHAT, role=BindingRole.BUYERS.value,
                        title="采购跟单群", language="zh", created_at=now),
            ChatBinding(platform=platform.value, chat_id=QC_CHAT, role=BindingRole.QC.value, title="质检群",
                        language="zh", created_at=now),
        ])


async def add_staff(database: Database, clock: FakeClock, user_id: str, name: str, role: Role | str, *,
                    platform: Platform = Platform.TELEGRAM, suppliers: tuple[str, ...] = ()) -> int:
    """A person on the people list, known by their chat identity: in a staff chat only people act
    (a stranger there reads). No language of their own, so they hear the chat's. `suppliers`
    (codes) limits their staff scope; none: every supplier."""
    async with database.write() as session:
        person = Person(name=name, role=str(role), created_at=clock.now())
        session.add(person)
        await session.flush()
        session.add(ChatIdentity(person_id=person.id, platform=platform.value, user_id=user_id))
        for code in suppliers:
            supplier_id = (await session.execute(select(Supplier.id).where(Supplier.code == code))).scalar_one()
            session.add(StaffScope(person_id=person.id, supplier_id=supplier_id))
        return person.id


async def add_order(database: Database, clock: FakeClock, po: str, supplier: str = "HD", **changes: Any) -> None:
    async with database.write() as session:
        await create_orders(session, [order_draft(po, supplier, **changes)], actor="test", now=clock.now(), today=TODAY)


async def milestone(database: Database, po: str, node: str) -> Milestone:
    async with database.read() as session:
        return (await session.execute(
            select(Milestone).join(Order, Order.id == Milestone.order_id).where(Order.po == po, Milestone.node == node)
        )).scalar_one()


async def order(database: Database, po: str) -> Order:
    async with database.read() as session:
        return (await session.execute(select(Order).where(Order.po == po))).scalar_one()


@dataclass
class Talker:
    """One person in one chat, talking to the bot through `handle_message`."""

    database: Database
    clock: FakeClock
    chat_id: str
    user_id: str
    name: str = ""
    language: str | None = None
    platform: Platform = Platform.TELEGRAM
    photo_dir: Path | None = None
    kind: ChatKind = ChatKind.GROUP
    sent: list[InboundMessage] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    async def says(self, text: str = "", *, button: str | None = None, photos: tuple[bytes, ...] = (),
                   album: str | None = None, issues: tuple[PhotoIssue, ...] = (),
                   kind: ContentKind = ContentKind.TEXT) -> list[Reply]:
        message = InboundMessage(
            platform=self.platform, external_id=f"{self.chat_id}:{self.user_id}:{next(self._ids)}",
            chat=ChatRef(self.platform, self.chat_id, self.kind), sender=SenderRef(self.user_id, self.name,
                                                                                         self.language),
            sent_at=self.clock.now(), text=text, button_payload=button, album_id=album, content_kind=kind,
        )
        stored = tuple(self._store(data) for data in photos)
        async with self.database.write() as session:
            inbox = InboxMessage(platform=message.platform.value, external_id=message.external_id,
                                 chat_id=message.chat.chat_id, sender_id=message.sender.user_id,
                                 received_at=self.clock.now(), message=message_to_dict(message), raw="")
            session.add(inbox)
            await session.flush()
            ctx = HandlerContext(now=self.clock.now(), timezone=SHANGHAI, language="zh", inbox_id=inbox.id,
                                 photos=stored, photo_issues=issues, ladder=Ladder())
            replies = await handle_message(session, message, ctx)
        self.sent.append(message)
        return replies

    async def clicks(self, payload: str) -> list[Reply]:
        return await self.says(button=payload)

    async def speaks(self, transcript: str) -> list[Reply]:
        """A voice message the platform transcribed (WeCom's `Recognition`)."""
        return await self.says(transcript, kind=ContentKind.VOICE)

    def _store(self, data: bytes) -> StoredPhoto:
        assert self.photo_dir is not None, "give the person a photo_dir to send photos"
        return PhotoStore(self.photo_dir).accept(data)


def texts(replies: list[Reply], chat_id: str | None = None) -> list[str]:
    return [r.text for r in replies if chat_id is None or r.chat.chat_id == chat_id]


def payloads(reply: Reply) -> list[str]:
    return [b.payload for row in reply.buttons for b in row]


async def count(database: Database, model: type, *where: object) -> int:
    """How many rows of `model` match `where`."""
    async with database.read() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))  # type: ignore[arg-type]


async def rows(database: Database, model: type, *where: object) -> list:
    """The rows of `model` matching `where`, in the order they were written."""
    async with database.read() as session:
        return list((await session.execute(select(model).where(*where).order_by(model.id))).scalars())
