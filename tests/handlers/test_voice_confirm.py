"""A voice transcript is a guess: whatever it would write is shown first and written only on ✔,
through the same confirm-first as an unsure typed reading (`c:` buttons, one pending state, one
timeout). A confirmed transcript is written as it was shown and never asked about again.
World of test_supplier_conversations.py: 华达精密 (王工, chat -1001) with PO-1001 for 2000 pcs;
the buyers' group -2001; Tuesday 2026-11-24 10:00 in Shanghai.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.clock import FakeClock
from bot.payloads import Prefix, parse
from bot.ports import Reply
from storage.db import Database
from storage.models import ConversationState, ExceptionTicket, ProgressReport, ReadingExample, Role
from tests.handlers.supplier_world import (
    BUYERS_CHAT,
    Talker,
    add_order,
    add_staff,
    count,
    milestone,
    payloads,
    texts,
)


@pytest.fixture
async def buyer(world: Database, clock: FakeClock) -> Talker:
    """A buyer on the people list: in a staff chat only people act."""
    await add_staff(world, clock, "601", "李娟", Role.BUYER)
    return Talker(world, clock, BUYERS_CHAT, "601", "李娟")


def button(reply: Reply, choice: str) -> str:
    return next(p for p in payloads(reply) if p.endswith(f":{choice}"))


async def test_a_transcript_shows_what_it_heard_with_confirm_first_buttons(wang: Talker, world: Database) -> None:
    [card] = await wang.speaks("1001 冲压完成一半，50%")

    assert "「1001 冲压完成一半，50%」" in card.text and "理解为：进度 · PO-1001" in card.text
    assert all(parse(p) is not None and parse(p).prefix is Prefix.CLARIFY for p in payloads(card))  # type: ignore[union-attr]
    assert await count(world, ProgressReport) == 0


async def test_a_confirmed_transcript_is_written_as_shown_and_never_asked_again(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    await add_order(world, clock, "PO-1017", quantity=500)
    [card] = await wang.speaks("1017 完成1200")  # typed, this too would be asked about: 1200 of 500
    assert "1200件 超过订单数量 500件" in card.text  # the order's check is shown with the transcript, once

    replies = await wang.clicks(button(card, "yes"))

    assert (await milestone(world, "PO-1017", "material_ready")).qty_done == 1200
    assert not any(payloads(r) for r in replies)  # no second question
    [report] = [r for r in await _reports(world)]
    assert report.text == "1017 完成1200"  # the words that were confirmed, not the click
    assert await count(world, ConversationState) == 0
    assert await count(world, ReadingExample, ReadingExample.source == "confirmed") == 1


async def test_a_spoken_plan_is_shown_first_too(wang: Talker, world: Database) -> None:
    [card] = await wang.speaks("1001 明天发货")
    assert "理解为：计划 · PO-1001" in card.text
    assert await count(world, ProgressReport) == 0

    await wang.clicks(button(card, "yes"))

    assert await count(world, ProgressReport) == 1


async def test_a_spoken_undo_is_shown_first_and_undone_on_yes(wang: Talker, world: Database) -> None:
    await wang.says("1001 原材料到了")
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"

    [card] = await wang.speaks("撤回上一条")
    assert "理解为：撤销上一条" in card.text
    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"  # nothing undone yet

    await wang.clicks(button(card, "yes"))

    assert (await milestone(world, "PO-1001", "material_ready")).status != "done"


async def test_a_wrong_transcript_is_dropped_and_a_late_click_does_nothing(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    [card] = await wang.speaks("1001 延期到12月30号")
    [reply] = await wang.clicks(button(card, "no"))
    assert reply.text.startswith("✘ 没有记录")

    [late] = await wang.clicks(button(card, "yes"))

    assert "过期" in late.text and await count(world, ProgressReport) == 0


async def test_a_transcript_left_unanswered_expires_like_any_confirmation(
        wang: Talker, world: Database, clock: FakeClock) -> None:
    [card] = await wang.speaks("1001 原材料到了")
    clock.advance(timedelta(minutes=31))

    [reply] = await wang.clicks(button(card, "yes"))

    assert reply.text.startswith("⌛ 超时未确认，没有记录") and await count(world, ProgressReport) == 0


async def test_a_buyers_spoken_acknowledgement_is_shown_first_and_done_on_yes(
        buyer: Talker, world: Database, clock: FakeClock) -> None:
    target = await milestone(world, "PO-1001", "first_process")
    async with world.write() as session:
        ticket = ExceptionTicket(order_id=target.order_id, milestone_id=target.id, kind="overdue",
                                 title="PO-1001 首道工序逾期", opened_at=clock.now(), opened_by="system",
                                 dedupe_key=f"overdue:{target.id}:voice")
        session.add(ticket)
        await session.flush()
        ticket_id = ticket.id

    [card] = await buyer.speaks(f"EXC-{ticket_id} 我来处理")
    assert f"理解为：认领异常 · EXC-{ticket_id}" in card.text
    assert all(p.startswith("c:") for p in payloads(card))

    replies = await buyer.clicks(button(card, "yes"))

    async with world.read() as session:
        stored = await session.get(ExceptionTicket, ticket_id)
        assert stored is not None and stored.acknowledged_at is not None
    assert texts(replies)


async def test_a_strangers_yes_on_a_spoken_acknowledgement_changes_nothing(
        world: Database, clock: FakeClock) -> None:
    target = await milestone(world, "PO-1001", "first_process")
    async with world.write() as session:
        ticket = ExceptionTicket(order_id=target.order_id, milestone_id=target.id, kind="overdue",
                                 title="PO-1001 首道工序逾期", opened_at=clock.now(), opened_by="system",
                                 dedupe_key=f"overdue:{target.id}:stranger")
        session.add(ticket)
        await session.flush()
        ticket_id = ticket.id
    stranger = Talker(world, clock, BUYERS_CHAT, "999", "Alice Admin")

    replies = await stranger.speaks(f"EXC-{ticket_id} 我来处理")
    for card in replies:
        for payload in payloads(card):
            if payload.endswith(":yes"):
                replies = await stranger.clicks(payload)

    async with world.read() as session:
        stored = await session.get(ExceptionTicket, ticket_id)
        assert stored is not None and stored.acknowledged_at is None
    assert texts(replies)


async def _reports(world: Database) -> list[ProgressReport]:
    async with world.read() as session:
        return list((await session.execute(select(ProgressReport).order_by(ProgressReport.id))).scalars())
