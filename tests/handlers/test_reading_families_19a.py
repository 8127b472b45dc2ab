"""The general mechanisms reader19a added (words of its own, never a corpus's phrase): a message in which nothing of
a fact is read is asked back unless it holds nothing of the trade (small talk, noise, a placeholder, code pasted
in), since 43 lines of 22 writers expect a fragment of the trade's talk to be `clarify`; an acknowledgement in a
region's or the internet's words, with a few words of address or mood, is `noted`; how to use the bot, asked in any
region's words, is `help`.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import Talker, count, texts

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday


def _read(text: str, role: str = "supplier") -> dict[str, object]:
    return read_message(text, role=role, now=_NOW).to_json_dict()


@pytest.mark.parametrize("text", ["the flanges?", "就这两天吧", "还差一丢丢", "模具那边呢", "改过了", "好了没"])
def test_a_fragment_of_the_trades_talk_is_asked_back(text: str) -> None:
    assert _read(text) == {"intent": "clarify", "question": "what_update"}


def test_a_buyers_fragment_is_asked_back_too() -> None:
    assert _read("the flanges?", "buyer")["intent"] == "clarify"


@pytest.mark.parametrize("text", ["吃了没", "晚安", "good morning boss", "qwerty", "<b>hi</b>", "DROP TABLE users;--",
                                  "[语音]", "🤣🤣🤣", "呵呵呵"])
def test_what_holds_nothing_of_the_trade_stays_unknown(text: str) -> None:
    assert _read(text)["intent"] == "unknown"


@pytest.mark.parametrize("text", ["得嘞 师傅", "谢了兄弟", "tq bro", "蟹蟹", "ok thx lah"])
def test_an_acknowledgement_in_any_words_is_noted(text: str) -> None:
    assert _read(text) == {"intent": "noted"}


@pytest.mark.parametrize("text", ["谢谢 发了吗", "好了没"])
def test_thanks_that_ask_are_no_acknowledgement(text: str) -> None:
    assert _read(text)["intent"] != "noted"


@pytest.mark.parametrize("text", ["这个bot怎么用", "咋个填", "怎么用这个机器人啊"])
def test_how_to_use_the_bot_in_any_words_is_help(text: str) -> None:
    assert _read(text) == {"intent": "help"}


def test_the_noun_shipment_names_the_shipping_node() -> None:
    reading = _read("4410 shipment delayed to Dec 2, paint line down")
    assert (reading["intent"], reading["node"], reading["new_date"]) == ("delay", "shipped", "2026-12-02")


@pytest.mark.parametrize(("text", "day"), [("4410 ship out ETA 28/11", "2026-11-28"), ("4410 ETD 30/11", "2026-11-30")])
def test_a_slash_date_whose_first_number_is_no_month_is_day_first(text: str, day: str) -> None:
    reading = _read(text)
    assert (reading["intent"], reading["node"], reading["new_date"]) == ("plan", "shipped", day)


def test_a_month_first_slash_date_stays_month_first() -> None:
    assert _read("4410 ETD 11/28")["new_date"] == "2026-11-28"


@pytest.mark.parametrize(("text", "day"), [("sorry wrong date, ship on 27/11", "2026-11-27"),
                                         ("date wrong, will ship next Monday", "2026-11-30"), ("日期写错了 27号发", "2026-11-27")])
def test_a_date_said_wrong_then_the_plan_again_corrects_the_date(text: str, day: str) -> None:
    reading = _read(text)
    assert (reading["intent"], reading["new_date"]) == ("correct", day)


# --- the chat: message in, records out --------------------------------------------------------------------------------

async def test_a_fragment_is_asked_back_and_records_nothing(wang: Talker, world: Database) -> None:
    replies = texts(await wang.says("模具那边呢"))

    assert "有什么更新" in replies[0]  # the supplier's one open order, asked what of it
    assert await count(world, ProgressReport) == 0


async def test_small_talk_records_nothing_and_shows_how_to_report(wang: Talker, world: Database) -> None:
    replies = texts(await wang.says("吃了没"))

    assert "没看懂" in replies[0]
    assert await count(world, ProgressReport) == 0


async def test_an_acknowledgement_is_acknowledged(wang: Talker, world: Database) -> None:
    assert texts(await wang.says("蟹蟹")) == ["👌 收到"]

