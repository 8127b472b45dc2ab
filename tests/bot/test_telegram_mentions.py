"""Telegram @-mentions: `Reply.mention_user_ids` become inline mentions (tg://user?id=…), which
notify the person; the fake parses `parse_mode=HTML` as Telegram does and refuses bad markup."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.adapters.telegram_adapter import TelegramChannel, api_urls
from bot.ports import ChatRef, Platform, Reply
from tests.fakes.telegram_api import FakeTelegramAPI

BUYERS = ChatRef(Platform.TELEGRAM, "-1001234567003")


@pytest.fixture
async def api() -> AsyncIterator[FakeTelegramAPI]:
    async with FakeTelegramAPI(require_https_webhook=False) as fake:
        yield fake


@pytest.fixture
async def channel(api: FakeTelegramAPI) -> AsyncIterator[TelegramChannel]:
    base_url, base_file_url = api_urls(api.root_url)
    tg = TelegramChannel(api.token, base_url=base_url, base_file_url=base_file_url)
    await tg.start()
    yield tg
    await tg.stop()


def last_message(api: FakeTelegramAPI) -> dict:
    return max(api.messages.values(), key=lambda m: m["message_id"])


async def test_an_owner_is_mentioned_by_name_and_notified(api: FakeTelegramAPI, channel: TelegramChannel) -> None:
    reply = Reply(chat=BUYERS, text="⚠️ 异常 #3 PO-1001 仍未处理 <请跟进> & 回复", mention_user_ids=("4301",),
                  mention_names=("李<娟>",))

    await channel.send(reply)

    message = last_message(api)
    assert message["text"] == "李<娟>\n⚠️ 异常 #3 PO-1001 仍未处理 <请跟进> & 回复"
    assert message["entities"] == [{"type": "text_mention", "offset": 0, "length": 4,
                                    "user": {"id": 4301, "is_bot": False, "first_name": "李<娟>"}}]
    [call] = api.calls_to("sendMessage")
    assert call.params["parse_mode"] == "HTML"


async def test_several_mentions_and_a_missing_name(api: FakeTelegramAPI, channel: TelegramChannel) -> None:
    await channel.send(Reply(chat=BUYERS, text="请确认", mention_user_ids=("4301", "4302"), mention_names=("李娟",)))

    message = last_message(api)
    assert message["text"] == "李娟 @4302\n请确认"
    assert [(e["offset"], e["length"], e["user"]["id"]) for e in message["entities"]] == [(0, 2, 4301), (3, 5, 4302)]


async def test_ids_of_other_platforms_are_not_mentions_and_plain_text_stays_plain(
        api: FakeTelegramAPI, channel: TelegramChannel) -> None:
    await channel.send(Reply(chat=BUYERS, text="a < b & c", mention_user_ids=("zhangsan",)))
    await channel.send(Reply(chat=BUYERS, text="x <y>"))

    first, second = api.calls_to("sendMessage")
    assert "parse_mode" not in first.params and first.params["text"] == "a < b & c"
    assert "parse_mode" not in second.params and last_message(api)["text"] == "x <y>"


def test_mentions_survive_the_outbox() -> None:
    reply = Reply(chat=BUYERS, text="t", mention_user_ids=("4301",), mention_names=("李娟",))

    assert Reply.from_dict(reply.to_dict()) == reply
