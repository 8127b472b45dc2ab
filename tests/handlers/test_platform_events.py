"""What a platform says instead of a person: events built by the adapters, read by the router
through the one payload registry (bot/payloads.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot import payloads
from bot.adapters.wecom_bot_adapter import parse_callback
from bot.clock import FakeClock
from bot.codec import message_to_dict
from bot.ports import InboundMessage, Platform, Reply
from handlers.context import HandlerContext
from handlers.router import handle_message
from handlers.texts.supplier import say
from scheduler.ladder import Ladder
from storage.db import Database
from storage.models import ChatIdentity, InboxMessage, Person, Role
from tests.fakes.wecom_bot_server import event_body
from tests.handlers.supplier_world import SHANGHAI, WANG, seed_world


async def handle(database: Database, clock: FakeClock, message: InboundMessage) -> list[Reply]:
    async with database.write() as session:
        inbox = InboxMessage(platform=message.platform.value, external_id=message.external_id,
                             chat_id=message.chat.chat_id, sender_id=message.sender.user_id,
                             received_at=clock.now(), message=message_to_dict(message), raw="")
        session.add(inbox)
        await session.flush()
        ctx = HandlerContext(now=clock.now(), timezone=SHANGHAI, language="zh", inbox_id=inbox.id, ladder=Ladder())
        return await handle_message(session, message, ctx)


def enter_chat(userid: str) -> InboundMessage:
    parsed = parse_callback(event_body(f"ev-{userid}", "enter_chat", userid=userid),
                            now=datetime(2026, 11, 24, tzinfo=UTC))
    assert parsed is not None
    return parsed.message


async def test_opening_a_chat_with_the_ai_bot_welcomes_a_supplier_contact(database: Database,
                                                                            clock: FakeClock) -> None:
    await seed_world(database, clock, Platform.WECOM_BOT, huada_chat=WANG, huada_kind="private")

    [welcome] = await handle(database, clock, enter_chat(WANG))

    assert welcome.text == say("welcome", "zh")
    assert not welcome.text.startswith("没看懂")


async def test_opening_a_chat_with_the_ai_bot_shows_a_buyer_the_help(database: Database, clock: FakeClock) -> None:
    await seed_world(database, clock, Platform.WECOM_BOT)
    async with database.write() as session:
        li = Person(name="李娟", role=Role.BUYER.value, created_at=clock.now())
        session.add(li)
        await session.flush()
        session.add(ChatIdentity(person_id=li.id, platform=Platform.WECOM_BOT.value, user_id="lijuan"))

    [help_text] = await handle(database, clock, enter_chat("lijuan"))

    assert help_text.text and help_text.buttons == ()
    assert "没看懂" not in help_text.text


@pytest.mark.parametrize(("payload", "prefix", "event"), [
    (payloads.event(payloads.Event.ENTER_AGENT), payloads.Prefix.EVENT, payloads.Event.ENTER_AGENT),
    (payloads.event(payloads.Event.ENTER_CHAT), payloads.Prefix.EVENT, payloads.Event.ENTER_CHAT),
    (payloads.button(payloads.Prefix.PROMPT, 12, "done"), payloads.Prefix.PROMPT, None),
    ("done:M3", None, None),
])
def test_the_registry_reads_back_what_it_builds(payload: str, prefix: payloads.Prefix | None,
                                                 event: payloads.Event | None) -> None:
    parsed = payloads.parse(payload)

    assert parsed is not None and (parsed.prefix, parsed.event) == (prefix, event)
    assert parsed.greeting == (event is not None)
