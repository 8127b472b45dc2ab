"""Labels that say what happened: `/exceptions` shows the level an exception REACHED (not the
next one pending), an exception is `EXC-n` everywhere, and its two buttons are 认领 / 解决
(Acknowledge / Resolve) in the group alert, the ladder, `/status` and `/exceptions`."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from bot.clock import FakeClock
from bot.ports import Reply
from scheduler.jobs import JobConfig, escalate_overdue
from storage.db import Database
from storage.models import ExceptionTicket, OutboxMessage
from tests.handlers.supplier_world import BUYERS_CHAT, HUADA_CHAT, WANG, Talker, add_staff, seed_world, texts

BUYER = "601"


def buttons(replies: list[Reply]) -> list[str]:
    return [b.label for r in replies for row in r.buttons for b in row]


async def test_one_minute_after_a_delay_report_the_exception_shows_the_level_it_reached(
    database: Database, clock: FakeClock, tmp_path: Path,
) -> None:
    await seed_world(database, clock)
    await add_staff(database, clock, BUYER, "李娟", "buyer")  # known by her chat identity: she may act
    wang = Talker(database, clock, HUADA_CHAT, WANG, "王工", photo_dir=tmp_path)
    buyer = Talker(database, clock, BUYERS_CHAT, BUYER, "李娟")

    replies = await wang.says("1001 延期到12月3号 钢材没到")
    async with database.read() as session:
        ticket = (await session.scalars(select(ExceptionTicket))).one()
    alert = [r for r in replies if r.chat.chat_id == BUYERS_CHAT]
    assert alert and f"EXC-{ticket.id}" in alert[0].text and "#" not in alert[0].text
    assert buttons(alert) == [f"认领 EXC-{ticket.id}", f"解决 EXC-{ticket.id}"]

    clock.advance(timedelta(minutes=1))
    listed = texts(await buyer.says("/exceptions"))[0]
    assert "已升级到1级" in listed and "2级" not in listed  # level 2 has not fired

    status = await buyer.says("/status PO-1001")
    assert f"EXC-{ticket.id}" in texts(status)[0]
    assert set(buttons(status)) == {f"认领 EXC-{ticket.id}", f"解决 EXC-{ticket.id}"}

    # when the ladder really reaches level 2, the list says so, with the same two buttons
    clock.advance(timedelta(days=2))
    await escalate_overdue(database, clock.now(), JobConfig())
    async with database.read() as session:
        ladder = [m.payload for m in (await session.scalars(select(OutboxMessage))).all()
                  if m.idempotency_key.startswith("esc:")]
    assert ladder, "the ladder fired"
    for payload in ladder:
        labels = [b["label"] for row in payload["buttons"] for b in row if b["payload"].startswith("x:")]
        assert all(label.split(" ")[0] in ("认领", "解决", "Acknowledge", "Resolve") for label in labels), labels
        assert "#" not in payload["text"]
    listed = texts(await buyer.says("/exceptions"))[0]
    line = next(line for line in listed.splitlines() if line.startswith(f"EXC-{ticket.id} "))
    reached = int(line.split("已升级到")[1].split("级")[0])
    async with database.read() as session:
        stored = await session.get(ExceptionTicket, ticket.id)
    assert stored is not None and 2 <= reached <= stored.level
