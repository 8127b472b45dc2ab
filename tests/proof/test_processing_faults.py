"""Processing is per message: one message whose handling fails is retried, then answered
with an apology, and never holds up the messages stored after it."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

from aiohttp.test_utils import TestClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import FakeClock
from bot.pipeline import SORRY
from bot.ports import InboundMessage, Reply
from handlers.context import HandlerContext
from handlers.router import handle_message
from storage.db import Database
from storage.models import InboxState
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.wecom_api import FakeWeComAPI
from tests.proof.harness import (
    HUADA_GROUP,
    RecordingHandler,
    Service,
    huada_chat,
    huada_user,
    processed_once,
    start_service,
)

ClientFactory = Callable[..., Awaitable[TestClient]]


class PoisonedHandler:
    """The real router, except that messages containing 'POISON' raise `error`."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def __call__(self, session: AsyncSession, message: InboundMessage, ctx: HandlerContext) -> list[Reply]:
        if "POISON" in message.text:
            raise self.error
        return await handle_message(session, message, ctx)


async def poisoned_service(error: Exception, aiohttp_client: ClientFactory, database: Database, clock: FakeClock,
                           telegram: FakeTelegramAPI, wecom: FakeWeComAPI, tmp_path: Path) -> Service:
    return await start_service(aiohttp_client, database=database, clock=clock, telegram=telegram, wecom=wecom,
                               photo_dir=tmp_path / "photos", handler=RecordingHandler(PoisonedHandler(error)))


async def three_reports_with_poison_in_the_middle(service: Service) -> list[str]:
    texts = ["PO-1001 完成30%", "PO-1001 POISON 完成40%", "PO-1001 完成50%"]
    updates = [service.updates.text(t, chat=huada_chat(), sender=huada_user()) for t in texts]
    for update in updates:
        assert await service.telegram_post(update) == 200
    return [str(u["update_id"]) for u in updates]


async def test_a_handler_bug_on_one_message_is_retried_then_apologised_for_and_holds_up_nothing(
    aiohttp_client: ClientFactory, database: Database, clock: FakeClock, telegram: FakeTelegramAPI,
    wecom: FakeWeComAPI, tmp_path: Path,
) -> None:
    service = await poisoned_service(RuntimeError("handler bug"), aiohttp_client, database, clock, telegram, wecom,
                                     tmp_path)
    good_before, poison, good_after = await three_reports_with_poison_in_the_middle(service)

    await service.settle(rounds=10)

    rows = {r.external_id: r for r in await service.inbox()}
    assert processed_once(rows[good_before]) and processed_once(rows[good_after])
    assert rows[poison].state == InboxState.FAILED.value and rows[poison].attempts == 3
    texts = service.telegram_texts(HUADA_GROUP)
    assert sum(SORRY["zh"] in t for t in texts) == 1
    assert len(texts) == len(await service.outbox())


async def test_a_handler_raising_an_os_error_on_one_message_holds_up_nothing(
    aiohttp_client: ClientFactory, database: Database, clock: FakeClock, telegram: FakeTelegramAPI,
    wecom: FakeWeComAPI, tmp_path: Path,
) -> None:
    service = await poisoned_service(FileNotFoundError("var/photos/ab/cd/abcd.jpg"), aiohttp_client, database, clock,
                                     telegram, wecom, tmp_path)
    good_before, poison, good_after = await three_reports_with_poison_in_the_middle(service)

    for _ in range(5):
        try:
            await service.settle(rounds=2)
        except OSError:
            await asyncio.sleep(0)  # the worker logs "database unavailable" and tries again

    rows = {r.external_id: r for r in await service.inbox()}
    assert processed_once(rows[good_before]) and processed_once(rows[good_after])
    assert rows[poison].state == InboxState.FAILED.value
