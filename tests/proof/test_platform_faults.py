"""When a platform fails, replies wait and arrive after it recovers; what can never be
delivered goes to the dead letters, with exactly one alert in the ops chat."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from aiohttp.test_utils import TestClient

from bot.clock import FakeClock
from storage.db import Database
from storage.models import OutboxState
from tests.fakes import wecom_api
from tests.fakes.telegram_api import FakeTelegramAPI, Fault
from tests.fakes.wecom_api import FakeWeComAPI
from tests.proof.harness import (
    HUADA_GROUP,
    OPS_GROUP,
    WECOM_CONTACT,
    Service,
    huada_chat,
    huada_user,
    start_service,
)

ClientFactory = Callable[..., Awaitable[TestClient]]


async def run_for(service: Service, rounds: int, step: timedelta) -> None:
    """Let the replica work while time passes: process, dispatch, advance, `rounds` times."""
    for _ in range(rounds):
        await service.process()
        await service.dispatch()
        service.clock.advance(step)


async def a_telegram_report(service: Service, text: str = "PO-1001 完成60%") -> None:
    assert await service.telegram_post(service.updates.text(text, chat=huada_chat(), sender=huada_user())) == 200
    assert await service.process() == 1


async def a_wecom_report(service: Service, text: str = "PO-1001 完成60%") -> None:
    assert await service.wecom_post(service.wecom_text(text)) == 200
    assert await service.process() == 1


def alerts(service: Service) -> list[str]:
    return service.telegram_texts(OPS_GROUP)


# --- Telegram -----------------------------------------------------------------------------

async def test_telegram_500s_delay_the_reply_until_the_api_recovers_and_raise_no_alert(service: Service) -> None:
    service.telegram.program("sendMessage", Fault.server_error(), Fault.server_error())
    await a_telegram_report(service)

    await service.dispatch()
    assert service.telegram_texts(HUADA_GROUP) == []
    await run_for(service, rounds=4, step=timedelta(minutes=2))

    [row] = await service.outbox()
    assert row.state == OutboxState.SENT and row.attempts == 3
    assert len(service.telegram_texts(HUADA_GROUP)) == 1
    assert alerts(service) == []


async def test_telegram_429_is_waited_out_exactly_as_long_as_asked(service: Service) -> None:
    service.telegram.program("sendMessage", Fault.too_many_requests(retry_after=9))
    await a_telegram_report(service)

    await service.dispatch()
    service.clock.advance(timedelta(seconds=8))
    await service.dispatch()
    tries_before = len(service.telegram.calls_to("sendMessage"))
    service.clock.advance(timedelta(seconds=1))
    await service.dispatch()

    assert tries_before == 1
    [row] = await service.outbox()
    assert row.state == OutboxState.SENT and row.attempts == 1  # waiting when asked is not a failed attempt
    assert len(service.telegram_texts(HUADA_GROUP)) == 1 and alerts(service) == []


async def test_a_telegram_call_slower_than_the_client_timeout_is_retried_and_arrives_once(
    sqlite_service: Service,  # 5 s of PTB's read timeout: not worth paying on both engines
) -> None:
    service = sqlite_service
    service.telegram.program("sendMessage", Fault.latency(6.0))  # PTB gives up reading after 5 s
    await a_telegram_report(service)

    await service.dispatch()
    [row] = await service.outbox()
    assert row.state == OutboxState.PENDING and row.attempts == 1 and "Timed out" in (row.last_error or "")
    await run_for(service, rounds=3, step=timedelta(minutes=1))

    [row] = await service.outbox()
    assert row.state == OutboxState.SENT
    assert len(service.telegram_texts(HUADA_GROUP)) == 1 and alerts(service) == []


async def test_a_permanent_telegram_400_is_dead_lettered_with_exactly_one_alert_to_ops(service: Service) -> None:
    service.telegram.program("sendMessage", Fault.chat_not_found())
    await a_telegram_report(service)

    await run_for(service, rounds=6, step=timedelta(minutes=5))

    reply, alert = await service.outbox()
    assert reply.state == OutboxState.DEAD and reply.attempts == 1 and "chat not found" in (reply.last_error or "").lower()
    assert alert.state == OutboxState.SENT and alert.chat_id == str(OPS_GROUP)
    assert service.telegram_texts(HUADA_GROUP) == []
    [text] = alerts(service)
    assert "delivery failed" in text and str(HUADA_GROUP) in text


async def test_transient_failures_without_end_are_dead_lettered_after_the_last_attempt_with_one_alert(
    service: Service,
) -> None:
    service.telegram.program("sendMessage", *[Fault.server_error() for _ in range(8)])
    await a_telegram_report(service)

    await run_for(service, rounds=12, step=timedelta(minutes=30))

    reply, alert = await service.outbox()
    assert reply.state == OutboxState.DEAD and reply.attempts == 8
    assert alert.state == OutboxState.SENT and len(alerts(service)) == 1


async def test_an_alert_that_cannot_be_delivered_either_dies_quietly_without_alerting_about_itself(
    service: Service,
) -> None:
    service.telegram.program("sendMessage", Fault.chat_not_found(), Fault.blocked())
    await a_telegram_report(service)

    await run_for(service, rounds=6, step=timedelta(minutes=5))

    rows = await service.outbox()
    assert [r.state for r in rows] == [OutboxState.DEAD, OutboxState.DEAD]
    assert rows[1].chat_id == str(OPS_GROUP)
    assert len(service.telegram.calls_to("sendMessage")) == 2


# --- WeCom --------------------------------------------------------------------------------

async def test_wecom_system_busy_and_http_500_delay_the_reply_until_recovery(service: Service) -> None:
    service.wecom.inject("message/send", errcode=-1)
    service.wecom.inject("message/send", status=500)
    await a_wecom_report(service)

    await service.dispatch()
    assert service.wecom_texts() == []
    await run_for(service, rounds=5, step=timedelta(minutes=2))

    [row] = await service.outbox()
    assert row.state == OutboxState.SENT and row.attempts == 3
    assert len(service.wecom_texts(WECOM_CONTACT)) == 1 and alerts(service) == []


async def test_wecom_frequency_limit_waits_a_minute_without_spending_an_attempt(service: Service) -> None:
    service.wecom.inject("message/send", errcode=45009)
    await a_wecom_report(service)

    await service.dispatch()
    service.clock.advance(timedelta(seconds=59))
    await service.dispatch()
    assert service.wecom_texts() == []
    service.clock.advance(timedelta(seconds=1))
    await service.dispatch()

    [row] = await service.outbox()
    assert row.state == OutboxState.SENT and row.attempts == 1
    assert len(service.wecom_texts()) == 1


async def test_a_wecom_call_slower_than_the_client_timeout_is_retried_and_arrives(
    aiohttp_client: ClientFactory, database: Database, clock: FakeClock, telegram: FakeTelegramAPI,
    wecom: FakeWeComAPI, tmp_path: Path,
) -> None:
    service = await start_service(aiohttp_client, database=database, clock=clock, telegram=telegram, wecom=wecom,
                                  photo_dir=tmp_path / "photos", wecom_timeout_seconds=0.3)
    wecom.inject("message/send", wecom_api.Fault(latency=0.6))
    await a_wecom_report(service)

    await service.dispatch()
    [row] = await service.outbox()
    assert row.state == OutboxState.PENDING and row.attempts == 1
    await asyncio.sleep(0.5)  # the slow call completes on WeCom's side after we gave up
    await run_for(service, rounds=3, step=timedelta(minutes=1))

    [row] = await service.outbox()
    assert row.state == OutboxState.SENT
    # At-least-once: WeCom accepted the timed-out call too, so the contact sees the reply twice.
    assert len(service.wecom_texts()) == 2


async def test_a_permanent_wecom_error_is_dead_lettered_with_one_alert_in_the_telegram_ops_group(
    service: Service,
) -> None:
    service.wecom.inject("message/send", errcode=40058)
    await a_wecom_report(service)

    await run_for(service, rounds=6, step=timedelta(minutes=5))

    reply, alert = await service.outbox()
    assert reply.state == OutboxState.DEAD and "40058" in (reply.last_error or "")
    assert alert.platform == "telegram" and alert.state == OutboxState.SENT
    [text] = alerts(service)
    assert "wecom" in text and WECOM_CONTACT in text


async def test_a_wecom_contact_who_left_the_company_is_dead_lettered_not_retried(service: Service) -> None:
    service.wecom.users.discard(WECOM_CONTACT)
    await a_wecom_report(service)

    await run_for(service, rounds=6, step=timedelta(minutes=5))

    reply, _alert = await service.outbox()
    assert reply.state == OutboxState.DEAD and reply.attempts == 1
    assert len(service.wecom.calls_to("message/send")) == 1 and len(alerts(service)) == 1
