"""A supplier's contact who reports in a private chat is asked, nudged and reminded there.

Issue 12, defect 4: a contact who joined with `/invite` -> `/join` and reports 1:1 (the
README's WeCom path) got no prompt in four simulated days; only group-bound suppliers were
prompted. Here a week passes on a fake clock: the jobs tick every half hour, the contact's
messages go through the real inbox pipeline and router, and the outbox dispatcher delivers.
"""

from __future__ import annotations

import itertools
import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from bot.clock import FakeClock
from bot.pipeline import InboundPipeline
from bot.ports import ChatKind, ChatRef, InboundMessage, Platform, SenderRef
from bot.runtime import SERVICES
from bot.settings import Settings
from handlers.router import handle_message
from scheduler.jobs import JobConfig, escalate_overdue, nudge_unanswered, prompt_due
from storage import prompts
from storage.db import Database
from storage.models import BindingRole, ChatBinding, Milestone, OutboxMessage, ProgressReport, Prompt
from storage.photo_store import PhotoStore
from tests.fakes.telegram_api import FakeTelegramAPI, user
from tests.fakes.wecom_api import FakeWeComAPI
from tests.proof.harness import (
    BUYER_USER,
    BUYERS_GROUP,
    HUADA_GROUP,
    WECOM_CONTACT,
    WECOM_CORP_ID,
    WECOM_STRANGER,
    buyers_chat,
    start_service,
)
from tests.scheduler.world import World, sh

GROUP, BUYERS, LIU = "-1001", "-2000", "77001"  # a Telegram private chat's id is the user's id
BUYER = "9001"
DUE = date(2026, 11, 26)  # Thursday
FAR = date(2026, 12, 20)
WEEK = [sh(2026, 11, day, 9, 30) for day in (23, 24, 25, 26, 27)]


class Chats:
    """People writing to the bot; each message is stored, processed and answered like a real one."""

    def __init__(self, world: World, tmp_path: Path) -> None:
        self.world = world
        self.pipeline = InboundPipeline(world.database, world.clock, Settings(), handle_message,
                                        {Platform.TELEGRAM: world.channel}, PhotoStore(tmp_path / "photos"),
                                        ladder=world.config.ladder)
        self._ids = itertools.count(1)

    async def say(self, chat: ChatRef, user_id: str, text: str, name: str = "") -> list[str]:
        before = len(self.world.to(chat.chat_id))
        message = InboundMessage(platform=Platform.TELEGRAM, external_id=str(next(self._ids)), chat=chat,
                                 sender=SenderRef(user_id, name), sent_at=self.world.clock.now(), text=text)
        assert await self.pipeline.accept(message, raw="{}")
        while await self.pipeline.process_pending():
            pass
        await self.world.deliver()
        return [r.text for r in self.world.to(chat.chat_id)[before:]]


def private(chat_id: str) -> ChatRef:
    return ChatRef(Platform.TELEGRAM, chat_id, ChatKind.PRIVATE)


def group(chat_id: str) -> ChatRef:
    return ChatRef(Platform.TELEGRAM, chat_id, ChatKind.GROUP)


async def test_a_private_chat_contact_is_prompted_answers_and_is_escalated_like_a_group(
    database: Database, clock: FakeClock, tmp_path: Path,
) -> None:
    clock.set(sh(2026, 11, 23, 8, 0))  # Monday
    world = World(database, clock, jobs=(prompt_due, nudge_unanswered, escalate_overdue))
    huada = await world.supplier("华达")
    await world.bind(BindingRole.SUPPLIER.value, GROUP, supplier_id=huada)
    await world.bind(BindingRole.BUYERS.value, BUYERS)
    await world.person("李娟", "buyer", BUYER)
    [material, _] = await world.order("PO-1001", huada, [("material_ready", DUE), ("shipped", FAR)])
    chats = Chats(world, tmp_path)

    # a buyer invites, 小刘 joins in a private chat: that chat is now one of 华达's chats
    [invite] = await chats.say(group(BUYERS), BUYER, "/invite 华达")
    code = re.search(r"(\d{6})", invite)
    assert code is not None
    [welcome] = await chats.say(private(LIU), LIU, f"/join {code[1]}", name="小刘")
    assert "进度提醒会发到这个对话" in welcome
    async with database.read() as session:
        bound = (await session.execute(select(ChatBinding).where(ChatBinding.chat_id == LIU))).scalar_one()
    assert (bound.role, bound.chat_kind, bound.supplier_id) == ("supplier", "private", huada)

    # Monday: the prompt reaches the group and 小刘's private chat; 小刘 answers privately
    await world.run_until(sh(2026, 11, 23, 10, 0))
    assert world.times(LIU, "进度确认") == world.times(GROUP, "进度确认") == WEEK[:1]
    [asked] = world.to(LIU, "进度确认")
    assert asked.text.startswith("📋 华达 进度确认 11-23") and "PO-1001" in asked.text
    assert f"p:{material}:done" in asked.payloads
    answer = await chats.say(private(LIU), LIU, "1001 完成50%", name="小刘")
    assert len(answer) == 1 and "PO-1001" in answer[0]
    async with database.read() as session:
        report = (await session.execute(select(ProgressReport))).scalar_one()
        assert (report.reporter, report.percent) == ("小刘", 50)
        assert (await session.get(Milestone, material)).percent == 50
        assert (await session.execute(select(Prompt.answered_at))).scalar_one() == sh(2026, 11, 23, 10, 0)

    # Tuesday nobody answers: one nudge in each chat that was asked, none on Monday
    await world.run_until(sh(2026, 11, 24, 18, 0))
    for chat in (LIU, GROUP):
        assert world.times(chat, "还没收到回复") == [sh(2026, 11, 24, 11, 30)]

    # Thursday's node slips: Friday 08:00 the supplier's chats are reminded (the private one
    # too), at 12:00 the buyers are told
    await world.run_until(sh(2026, 11, 27, 13, 0))
    for chat in (LIU, GROUP):
        assert world.times(chat, "进度确认") == WEEK
        [reminder] = world.to(chat, "以下节点已逾期")
        assert reminder.at.replace(second=0) == sh(2026, 11, 27, 8, 0) and "PO-1001" in reminder.text
        assert f"p:{material}:done" in reminder.payloads
    assert world.times(BUYERS, "异常升级 L1") == [sh(2026, 11, 27, 12, 0)]

    # 小刘 reports the material in: the exception closes, and every chat it reached hears it once
    await chats.say(private(LIU), LIU, "1001 原材料到了", name="小刘")
    await world.run_until(sh(2026, 11, 27, 18, 0))
    for chat in (LIU, GROUP, BUYERS):
        assert len(world.to(chat, "节点已完成")) == 1

    # the supplier was asked once a day, however many chats heard it
    async with database.read() as session:
        assert await session.scalar(select(func.count(Prompt.id))) == 5
        assert await session.scalar(select(func.count(OutboxMessage.id))
                                    .where(OutboxMessage.idempotency_key.like("prompt:%"))) == 10
        assert await prompts.compliance(session, huada, sh(2026, 11, 23), sh(2026, 11, 28)) == (2, 5)


async def test_a_supplier_reached_only_through_a_private_chat_is_prompted_there(
    database: Database, clock: FakeClock, tmp_path: Path,
) -> None:
    """The README's WeCom set-up: no supplier group the bot could read, only the contact's 1:1 chat."""
    clock.set(sh(2026, 11, 23, 8, 0))
    world = World(database, clock, jobs=(prompt_due, nudge_unanswered, escalate_overdue))
    huada = await world.supplier("华达")
    await world.bind(BindingRole.BUYERS.value, BUYERS)
    await world.person("李娟", "buyer", BUYER)
    await world.order("PO-1001", huada, [("material_ready", DUE), ("shipped", FAR)])
    chats = Chats(world, tmp_path)
    [invite] = await chats.say(group(BUYERS), BUYER, "/invite 华达")
    code = re.search(r"(\d{6})", invite)
    assert code is not None
    await chats.say(private(LIU), LIU, f"/join {code[1]}", name="小刘")

    await world.run_until(sh(2026, 11, 27, 13, 0))
    assert world.times(LIU, "进度确认") == WEEK
    assert world.times(LIU, "以下节点已逾期") == [sh(2026, 11, 27, 8, 0)]
    assert world.times(BUYERS, "异常升级 L1") == [sh(2026, 11, 27, 12, 0)]
    assert all(r.chat_id in (LIU, BUYERS) for r in world.received)


async def test_on_wecom_a_contact_who_joined_in_the_app_chat_is_asked_there_and_answers_there(
    aiohttp_client: Any, database: Database, clock: FakeClock, tmp_path: Path,
) -> None:
    """The same over the wire: a buyer invites in Telegram, a corp member joins in the WeCom app's
    1:1 chat, the progress check arrives there as a card (`message/send` to the member), and
    the typed answer is recorded."""
    async with FakeTelegramAPI(require_https_webhook=False, can_read_all_group_messages=True) as telegram, \
            FakeWeComAPI(corp_id=WECOM_CORP_ID, users={WECOM_CONTACT, WECOM_STRANGER}) as wecom:
        service = await start_service(aiohttp_client, database=database, clock=clock, telegram=telegram,
                                      wecom=wecom, photo_dir=tmp_path / "photos")
        await service.telegram_post(service.updates.text("/invite 华达", chat=buyers_chat(),
                                                         sender=user(BUYER_USER, "李娟")))
        await service.settle()
        code = re.search(r"(\d{6})", service.telegram_texts(BUYERS_GROUP)[-1])
        assert code is not None
        await service.wecom_post(service.wecom_text(f"/join {code[1]}", sender=WECOM_STRANGER))
        await service.settle()
        assert "进度提醒会发到这个对话" in service.wecom_texts(WECOM_STRANGER)[-1]

        config = JobConfig.from_settings(service.app[SERVICES].settings, ladder=service.app[SERVICES].ladder)
        assert await prompt_due(database, clock.now(), config) == 3  # two suppliers' groups and the new contact
        await service.settle()
        [card] = [body["template_card"] for body in wecom.sent("message/send")
                  if body["touser"] == WECOM_STRANGER and body["msgtype"] == "template_card"]
        assert card["main_title"]["title"].startswith("📋 华达精密 进度确认") and "PO-1001" in card["sub_title_text"]
        assert any(button["key"].endswith(":done") for button in card["button_list"])
        assert len([t for t in service.telegram_texts(HUADA_GROUP) if "进度确认" in t]) == 1

        answered_at = clock.now()
        await service.wecom_post(service.wecom_text("1001 完成50%", sender=WECOM_STRANGER))
        await service.settle()
        async with database.read() as session:
            report = (await session.execute(select(ProgressReport))).scalar_one()
            assert (report.platform, report.percent) == ("wecom", 50)
            answered = select(Prompt.answered_at).where(Prompt.supplier_id == service.world.huada_id)
            assert (await session.execute(answered)).scalar_one() == answered_at
        assert "PO-1001" in service.wecom_texts(WECOM_STRANGER)[-1]
