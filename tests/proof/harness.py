"""The whole service on the test bench: `build_app` with Telegram and WeCom configured
against the loopback fakes, a seeded database, and helpers that play the platforms.

Nothing here reaches into the service: webhooks go over HTTP through aiohttp's test
client, replies are read from what the fakes received, state from the database.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import RUNTIME, Runtime, build_app
from bot.clock import FakeClock
from bot.ports import InboundMessage, Reply
from bot.settings import Settings
from handlers.context import HandlerContext, MessageHandler
from handlers.router import handle_message
from storage.db import Database
from storage.models import (
    Base,
    BindingRole,
    ChatBinding,
    ChatIdentity,
    InboxMessage,
    InboxState,
    OutboxMessage,
    OutboxState,
    Person,
    Role,
    Supplier,
)
from storage.order_intake import OrderDraft, create_orders
from tests.fakes.telegram_api import FakeTelegramAPI, Updates, supergroup_chat, user
from tests.fakes.wecom_api import CallbackSender, FakeWeComAPI, image_xml, text_xml

TELEGRAM_SECRET = "proof-Secret_token-42"
WECOM_TOKEN = "QDG6eK"
WECOM_AES_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
WECOM_CORP_ID = "wwfakecorp"  # what FakeWeComAPI answers gettoken for
WECOM_AGENT_ID = 1000002
TELEGRAM_ROUTE = "/webhooks/telegram"
WECOM_ROUTE = "/webhooks/wecom"

# The seeded world: two suppliers with one group each, a buyers' group, an ops group.
HUADA_GROUP = -1001234567001
XINYUAN_GROUP = -1001234567002
BUYERS_GROUP = -1001234567003
OPS_GROUP = -1001234567999
UNBOUND_GROUP = -1001234567404
HUADA_USER = 4201  # Telegram user in Huada's group
XINYUAN_USER = 4202
BUYER_USER = 4301
STRANGER_USER = 4999
WECOM_CONTACT = "alice"  # a Huada contact reporting to the WeCom app 1:1 (FakeWeComAPI knows alice)
WECOM_STRANGER = "bob"  # a member of the corp with no identity in SupplierBot


def huada_chat() -> dict[str, Any]:
    return supergroup_chat(HUADA_GROUP, "华达精密 外协群")


def xinyuan_chat() -> dict[str, Any]:
    return supergroup_chat(XINYUAN_GROUP, "鑫源电子 外协群")


def buyers_chat() -> dict[str, Any]:
    return supergroup_chat(BUYERS_GROUP, "采购跟单群")


def huada_user() -> dict[str, Any]:
    return user(HUADA_USER, "王工")


@dataclass(frozen=True)
class World:
    huada_id: int
    xinyuan_id: int
    huada_po: str = "PO-1001"
    xinyuan_po: str = "PO-2002"


async def seed(database: Database, now: datetime) -> World:
    """Suppliers, their bound chats and contacts, one open order each, buyers and ops chats."""
    async with database.write() as session:
        huada = Supplier(code="HD", name="华达精密", created_at=now)
        xinyuan = Supplier(code="XY", name="鑫源电子", created_at=now)
        session.add_all([huada, xinyuan])
        await session.flush()
        for chat_id, role, supplier_id, title in (
            (HUADA_GROUP, BindingRole.SUPPLIER, huada.id, "华达精密 外协群"),
            (XINYUAN_GROUP, BindingRole.SUPPLIER, xinyuan.id, "鑫源电子 外协群"),
            (BUYERS_GROUP, BindingRole.BUYERS, None, "采购跟单群"),
            (OPS_GROUP, BindingRole.OPS, None, "运维告警"),
        ):
            session.add(ChatBinding(platform="telegram", chat_id=str(chat_id), role=role.value,
                                    supplier_id=supplier_id, title=title, created_at=now))
        wang = Person(name="王工", role=Role.SUPPLIER.value, supplier_id=huada.id, created_at=now)
        zhao = Person(name="赵经理", role=Role.SUPPLIER.value, supplier_id=xinyuan.id, created_at=now)
        li = Person(name="李娟", role=Role.BUYER.value, created_at=now)
        session.add_all([wang, zhao, li])
        await session.flush()
        session.add_all([
            ChatIdentity(person_id=wang.id, platform="telegram", user_id=str(HUADA_USER)),
            ChatIdentity(person_id=wang.id, platform="wecom", user_id=WECOM_CONTACT),
            ChatIdentity(person_id=zhao.id, platform="telegram", user_id=str(XINYUAN_USER)),
            ChatIdentity(person_id=li.id, platform="telegram", user_id=str(BUYER_USER)),
        ])
        today = now.date()
        due = date(today.year + 1, 1, 15)
        await create_orders(session, [
            OrderDraft(po="PO-1001", supplier="HD", part_no="BRK-2201", process="stamping", quantity=2000,
                       release_date=today, due_date=due),
            OrderDraft(po="PO-2002", supplier="XY", part_no="PCBA-7710", process="smt", quantity=500,
                       release_date=today, due_date=due),
        ], actor="proof", now=now)
        world = World(huada.id, xinyuan.id)
    return world


class RecordingHandler:
    """The real router, watched: every call with its context, in order."""

    def __init__(self, inner: MessageHandler = handle_message) -> None:
        self.inner = inner
        self.calls: list[tuple[InboundMessage, HandlerContext]] = []

    async def __call__(self, session: AsyncSession, message: InboundMessage, ctx: HandlerContext) -> list[Reply]:
        self.calls.append((message, ctx))
        return await self.inner(session, message, ctx)

    def calls_for(self, external_id: str) -> list[HandlerContext]:
        return [ctx for message, ctx in self.calls if message.external_id == external_id]


def proof_settings(database_url: str, telegram: FakeTelegramAPI, wecom: FakeWeComAPI, photo_dir: Path,
                   **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "photo_dir": photo_dir,
        "scheduler": False,
        "telegram_token": SecretStr(telegram.token),
        "telegram_webhook_secret": SecretStr(TELEGRAM_SECRET),
        "telegram_api_base": telegram.root_url,
        "wecom_corp_id": WECOM_CORP_ID,
        "wecom_agent_id": WECOM_AGENT_ID,
        "wecom_secret": SecretStr(wecom.secret),
        "wecom_token": SecretStr(WECOM_TOKEN),
        "wecom_aes_key": SecretStr(WECOM_AES_KEY),
        "wecom_api_base": wecom.base_url,
        "wecom_robot_base": wecom.robot_url,
        **overrides,
    }
    return Settings(**values)


@dataclass
class Service:
    """One replica under test and the platforms around it."""

    client: TestClient
    database: Database  # the test's own view of the store (never cut by a proxy)
    clock: FakeClock
    telegram: FakeTelegramAPI
    wecom: FakeWeComAPI
    handler: RecordingHandler
    world: World
    updates: Updates = field(default_factory=lambda: Updates(first_update_id=880_000_000))
    wecom_sender: CallbackSender = field(
        default_factory=lambda: CallbackSender(WECOM_TOKEN, WECOM_AES_KEY, WECOM_CORP_ID, WECOM_AGENT_ID))
    next_msg_id: int = 7_300_000_000_000_000_000

    @property
    def app(self) -> web.Application:
        return self.client.app  # type: ignore[return-value]

    @property
    def runtime(self) -> Runtime:
        return self.app[RUNTIME]

    @property
    def store_url(self) -> str:
        """Where a webhook stores: on SQLite the inbox file, else the database."""
        inbox_file = self.runtime.pipeline.inbox_file
        return inbox_file.url if inbox_file is not None else self.database.url

    # --- playing Telegram ----------------------------------------------------------------

    async def telegram_post(self, update: dict[str, Any] | bytes, *, secret: str | None = TELEGRAM_SECRET,
                            content_type: str = "application/json") -> int:
        body = update if isinstance(update, bytes) else json.dumps(update, ensure_ascii=False).encode()
        headers = {"Content-Type": content_type}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        response = await self.client.post(TELEGRAM_ROUTE, data=body, headers=headers)
        await response.read()
        return response.status

    def telegram_texts(self, chat_id: int) -> list[str]:
        """What the fake Bot API accepted for `chat_id` (the chat's visible history)."""
        return [m.get("text") or m.get("caption") or "" for (chat, _), m in sorted(
            self.telegram.messages.items(), key=lambda item: item[1]["message_id"]) if chat == chat_id]

    # --- playing WeCom --------------------------------------------------------------------

    def wecom_now(self) -> int:
        return int(self.clock.now().timestamp())

    def wecom_text(self, content: str, *, sender: str = WECOM_CONTACT, msg_id: int | None = None) -> str:
        if msg_id is None:
            self.next_msg_id += 1
            msg_id = self.next_msg_id
        return text_xml(sender, content, msg_id=msg_id, create_time=self.wecom_now(), corp_id=WECOM_CORP_ID,
                        agent_id=WECOM_AGENT_ID)

    def wecom_image(self, media_id: str, *, sender: str = WECOM_CONTACT) -> str:
        self.next_msg_id += 1
        return image_xml(sender, media_id, msg_id=self.next_msg_id, create_time=self.wecom_now(),
                         corp_id=WECOM_CORP_ID, agent_id=WECOM_AGENT_ID)

    async def wecom_post(self, plaintext: str, *, timestamp: int | None = None, nonce: str = "1372623149",
                         sender: CallbackSender | None = None) -> int:
        query, body = (sender or self.wecom_sender).request(
            plaintext, timestamp=self.wecom_now() if timestamp is None else timestamp, nonce=nonce)
        return await self.wecom_raw(query, body)

    async def wecom_raw(self, query: dict[str, str], body: bytes) -> int:
        response = await self.client.post(WECOM_ROUTE, params=query, data=body)
        await response.read()
        return response.status

    def wecom_texts(self, user_id: str = WECOM_CONTACT) -> list[str]:
        return [body["text"]["content"] for body in self.wecom.sent("message/send")
                if body.get("touser") == user_id and body.get("msgtype") == "text"]

    def wecom_replies(self, user_id: str = WECOM_CONTACT) -> list[str]:
        """What the contact was sent, as text: a text message, or a card's title and text (a reply
        with buttons, such as a reading shown before it is recorded)."""
        replies = []
        for body in self.wecom.sent("message/send"):
            if body.get("touser") != user_id:
                continue
            if body.get("msgtype") == "text":
                replies.append(body["text"]["content"])
            elif body.get("msgtype") == "template_card":
                card = body["template_card"]
                replies.append("\n".join(filter(None, [card.get("main_title", {}).get("title"),
                                                       card.get("sub_title_text")])))
        return replies

    # --- stepping the replica -------------------------------------------------------------

    async def process(self) -> int:
        return await self.runtime.pipeline.process_pending()

    async def dispatch(self) -> int:
        return await self.runtime.dispatcher.dispatch_once()

    async def settle(self, *, rounds: int = 6, step: timedelta = timedelta(seconds=2)) -> None:
        """Process and deliver everything due, moving the clock past the per-chat send limits."""
        for _ in range(rounds):
            processed = await self.process()
            sent = await self.dispatch()
            self.clock.advance(step)
            if processed == 0 and sent == 0 and not await self.outbox_due():
                return

    async def outbox_due(self) -> bool:
        async with self.database.read() as session:
            due = await session.scalar(select(func.count()).select_from(OutboxMessage).where(
                OutboxMessage.state == OutboxState.PENDING.value, OutboxMessage.next_attempt_at <= self.clock.now()))
        return bool(due)

    # --- reading the store ----------------------------------------------------------------

    async def inbox(self) -> list[InboxMessage]:
        async with self.database.read() as session:
            return list((await session.execute(select(InboxMessage).order_by(InboxMessage.id))).scalars())

    async def stored_messages(self) -> list[dict[str, Any]]:
        """Every stored message (the serialised `InboundMessage`), processed or not: on SQLite
        those still waiting in the inbox file too."""
        inbox_file = self.runtime.pipeline.inbox_file
        # the file first: a message moving on while we read is then found in both, never in neither
        waiting = [row.message for row in await inbox_file.waiting(10_000)] if inbox_file is not None else []
        messages = [row.message for row in await self.inbox()]
        seen = {json.dumps(message, sort_keys=True) for message in messages}
        return messages + [message for message in waiting if json.dumps(message, sort_keys=True) not in seen]

    async def outbox(self) -> list[OutboxMessage]:
        async with self.database.read() as session:
            return list((await session.execute(select(OutboxMessage).order_by(OutboxMessage.id))).scalars())

    async def counts(self) -> dict[str, int]:
        """Rows per table: 'nothing changed' is this snapshot, unchanged."""
        return await table_counts(self.database)


async def table_counts(database: Database) -> dict[str, int]:
    counts: dict[str, int] = {}
    async with database.read() as session:
        for table in Base.metadata.sorted_tables:
            counts[table.name] = int(await session.scalar(select(func.count()).select_from(table)) or 0)
    return counts


def processed_once(row: InboxMessage) -> bool:
    return row.state == InboxState.PROCESSED.value and row.attempts == 1


async def start_service(
    aiohttp_client: Callable[..., Awaitable[TestClient]],
    *,
    database: Database,
    app_database: Database | None = None,
    clock: FakeClock,
    telegram: FakeTelegramAPI,
    wecom: FakeWeComAPI,
    photo_dir: Path,
    run_workers: bool = False,
    handler: RecordingHandler | None = None,
    world: World | None = None,
    before_start: Callable[[web.Application], None] | None = None,
    **settings: Any,
) -> Service:
    """Seed (unless `world` is given), build the real app over the fakes and start it."""
    world = world or await seed(database, clock.now())
    handler = handler or RecordingHandler()
    store = app_database or database
    app = build_app(proof_settings(store.url, telegram, wecom, photo_dir, **settings), clock=clock,
                    database=store, handler=handler, run_workers=run_workers)
    if before_start is not None:
        before_start(app)
    client = await aiohttp_client(app)
    return Service(client, database, clock, telegram, wecom, handler, world)


async def wait_for(predicate: Callable[[], Awaitable[bool]], seconds: float = 10.0, what: str = "") -> None:
    """Poll the store or a fake (neither offers events to wait on) until `predicate` holds."""
    try:
        async with asyncio.timeout(seconds):
            while not await predicate():  # noqa: ASYNC110
                await asyncio.sleep(0.02)
    except TimeoutError:
        raise AssertionError(f"timed out after {seconds}s waiting for {what or predicate}") from None


def epoch(when: datetime) -> int:
    return int(when.astimezone(UTC).timestamp())


def router_is_placeholder() -> bool:
    import handlers.router

    return "placeholder" in (handlers.router.__doc__ or "")
