"""Platforms re-deliver whatever they doubt we received: every copy of a webhook, at once or
later, ends as one inbox row, one processing and one reply in the chat."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from aiohttp.test_utils import TestClient

from bot.clock import FakeClock
from storage.db import Database
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.wecom_api import FakeWeComAPI
from tests.proof.harness import (
    HUADA_GROUP,
    WECOM_CONTACT,
    Service,
    huada_chat,
    huada_user,
    processed_once,
    start_service,
    wait_for,
)

ClientFactory = Callable[..., Awaitable[TestClient]]


async def test_a_telegram_update_delivered_four_times_concurrently_and_twice_later_is_one_record_and_one_reply(
    service: Service,
) -> None:
    update = service.updates.text("PO-1001 完成60%", chat=huada_chat(), sender=huada_user())

    statuses = await asyncio.gather(*(service.telegram_post(update) for _ in range(4)))
    await service.settle()
    later = [await service.telegram_post(update) for _ in range(2)]
    service.clock.advance(timedelta(minutes=10))
    await service.settle()

    assert statuses == [200] * 4 and later == [200, 200]
    [row] = await service.inbox()
    assert row.external_id == str(update["update_id"]) and processed_once(row)
    assert len(service.handler.calls_for(row.external_id)) == 1
    replies = await service.outbox()
    assert len(replies) >= 1 and all(r.inbox_id == row.id for r in replies)
    assert len(service.telegram_texts(HUADA_GROUP)) == len(replies)


async def test_a_wecom_callback_delivered_three_times_concurrently_and_again_later_is_one_record_and_one_reply(
    service: Service,
) -> None:
    plaintext = service.wecom_text("PO-1001 完成60%")

    statuses = await asyncio.gather(*(service.wecom_post(plaintext, nonce=f"n{i}") for i in range(3)))
    await service.settle()
    service.clock.advance(timedelta(seconds=5))  # WeCom retries after 5 s without an answer
    later = await service.wecom_post(plaintext, nonce="late")
    await service.settle()

    assert statuses == [200] * 3 and later == 200
    [row] = await service.inbox()
    assert processed_once(row) and len(service.handler.calls_for(row.external_id)) == 1
    replies = await service.outbox()
    assert len(replies) >= 1
    assert len(service.wecom_texts(WECOM_CONTACT)) == len(replies)


async def test_copies_of_different_updates_interleaved_are_each_stored_and_answered_once(service: Service) -> None:
    telegram_updates = [service.updates.text(f"PO-1001 完成{10 * i}%", chat=huada_chat(), sender=huada_user())
                        for i in range(1, 4)]
    wecom_texts = [service.wecom_text(f"PO-1001 完成{10 * i}%") for i in range(1, 4)]
    posts = [service.telegram_post(u) for u in telegram_updates for _ in range(3)]
    posts += [service.wecom_post(x, nonce=f"{n}") for n, x in enumerate(wecom_texts) for _ in range(2)]

    statuses = await asyncio.gather(*posts)
    await service.settle(rounds=12)

    assert set(statuses) == {200}
    rows = await service.inbox()
    assert len(rows) == 6 and all(processed_once(r) for r in rows)
    assert len(service.handler.calls) == 6
    replies = await service.outbox()
    assert len(service.telegram_texts(HUADA_GROUP)) + len(service.wecom_texts()) == len(replies)


async def test_with_the_workers_running_copies_arriving_while_the_first_is_processed_change_nothing(
    aiohttp_client: ClientFactory, database: Database, clock: FakeClock, telegram: FakeTelegramAPI,
    wecom: FakeWeComAPI, tmp_path: Path,
) -> None:
    live = await start_service(aiohttp_client, database=database, clock=clock, telegram=telegram, wecom=wecom,
                               photo_dir=tmp_path / "photos", run_workers=True)
    update = live.updates.text("PO-1001 完成70%", chat=huada_chat(), sender=huada_user())
    plaintext = live.wecom_text("PO-1001 完成70%")

    first = await asyncio.gather(*(live.telegram_post(update) for _ in range(4)),
                                 *(live.wecom_post(plaintext, nonce=str(i)) for i in range(4)))

    async def both_answered() -> bool:
        return bool(live.telegram_texts(HUADA_GROUP)) and bool(live.wecom_texts())

    await wait_for(both_answered, what="a reply on each platform")
    again = await asyncio.gather(*(live.telegram_post(update) for _ in range(2)),
                                 *(live.wecom_post(plaintext, nonce=f"r{i}") for i in range(2)))
    await asyncio.sleep(0.3)  # give the workers the chance to do something wrong

    assert set(first) == {200} and set(again) == {200}
    rows = await live.inbox()
    assert len(rows) == 2 and all(processed_once(r) for r in rows)
    replies = await live.outbox()
    assert len(live.telegram_texts(HUADA_GROUP)) + len(live.wecom_texts()) == len(replies)
