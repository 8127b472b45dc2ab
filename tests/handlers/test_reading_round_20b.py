"""Round 20b: registers the reader has not seen, read by the grammar of a report rather than its words.

A treatment gone out and come back (`锌镍件回来了`) and a step of three or four characters under way with 中
(`动平衡中`) stand in the step's slot as any step would; so do English words of work before `done` or a share
(`box build done`, `bending 50%`). A step the reader lacks is still a step: `in_process`, read without asking."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import MilestoneStatus
from tests.handlers.supplier_world import Talker, milestone
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("text", ["9906 锌镍件回来了", "9879 锌镍回来了", "7001 达克罗件回来了", "7002 微弧氧化回来了"])
def test_an_unknown_treatment_come_back_is_the_processing_done(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done, reading.confirm) == ("progress", "in_process", True, None)


@pytest.mark.parametrize(("text", "percent"), [("10163 动平衡中", None), ("10182 定子嵌线中 百分之四十", 40),
                                               ("10122 铁芯叠压中 做了一半", 50)])
def test_an_unknown_step_of_three_or_four_characters_under_way(text: str, percent: int | None) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.percent, reading.confirm) == ("in_process", False, percent, None)


@pytest.mark.parametrize(("text", "qty"), [("10194 动平衡完了 1800个", 1800), ("10159 叠压完了 两万三千五百个", 23500)])
def test_an_unknown_step_done_with_its_count_is_the_processing_done(text: str, qty: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.qty_done) == ("in_process", True, qty)


@pytest.mark.parametrize("text", ["8967 cold heding done", "7003 knurling done", "7004 edge banding finished"])
def test_english_words_of_work_before_done_are_the_processing_done(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.confirm) == ("in_process", True, None)


def test_an_english_step_under_way_with_its_share() -> None:
    reading = read_message("9004 heading 45% done", role="supplier", now=_NOW)
    assert (reading.node, reading.percent) == ("in_process", 45)


@pytest.mark.parametrize("text", ["8964 finsh 80%", "6184 wancheng 50%", "7005 packing done", "7006 FAI done",
                                  "7007 管料拉回来了"])
def test_a_slip_of_done_packing_a_first_article_or_stock_is_no_step(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).node != "in_process"


async def test_a_treatment_come_back_is_recorded_without_asking(wang: Talker, world: Database) -> None:
    assert not asks(await wang.says("1001 锌镍件回来了"))
    assert (await milestone(world, "PO-1001", "in_process")).status == MilestoneStatus.DONE


@pytest.mark.parametrize(("text", "node"), [
    ("10342 material arrive liao", "material_ready"), ("10262 material reach liao", "material_ready"),
    ("10203 FAI pass liao", "first_process"), ("10206 powder coat done liao, waiting OQC", "in_process"),
    ("10236 powder coat parts come back liao", "in_process"),
])
def test_singapore_and_malaysian_chat_english_done_marks(text: str, node: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.confirm, reading.also) == (node, True, None, None)


def test_a_base_verb_with_liao_is_that_verb_done() -> None:
    reading = read_message("7008 ship out liao", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.confirm) == ("shipment", "shipped", None)


@pytest.mark.parametrize(("text", "day"), [
    ("7009 tml ship", "2026-12-04"), ("7010 2moro ship", "2026-12-04"), ("7011 ship Wed next week", "2026-12-09"),
    ("7012 ship nxt Mon", "2026-12-07"), ("7013 ship day after tmr", "2026-12-05"),
])
def test_chat_english_days(text: str, day: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, str(reading.new_date)) == ("plan", day)


def test_a_share_of_sets_counts_sets_as_pieces() -> None:
    reading = read_message("10221 box build done, 300 sets", role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.qty_done, reading.confirm) == ("in_process", True, 300, None)


@pytest.mark.parametrize("text", ["2481 1500 pcs done", "10257 deburr done, now powder coat"])
def test_a_count_or_a_second_step_is_no_english_step_slot(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert reading.node is None or reading.confirm


@pytest.mark.parametrize(("text", "day"), [
    ("7020 明个发", "2026-12-04"), ("7021 后个发", "2026-12-05"), ("7022 听朝发", "2026-12-04"),
    ("7023 今个发", "2026-12-03"),
])
def test_the_regions_day_words(text: str, day: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, str(reading.new_date)) == ("plan", "shipped", day)


@pytest.mark.parametrize("text", ["7024 下晡发", "7025 下半天发", "7026 晏昼发"])
def test_the_regions_afternoon_is_a_time_of_day_still_to_come(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.confirm) == ("shipped", False, True)


@pytest.mark.parametrize("text", ["7027 料犹未到", "7028 料不曾到", "7029 料还吂到"])
def test_the_regions_not_yet(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done) == ("material_ready", False)


@pytest.mark.parametrize("text", ["9656 剃齿搞归一了", "7030 料到哩", "7031 滚齿做好喇"])
def test_the_regions_done(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert reading.done is True and reading.confirm is None


@pytest.mark.parametrize(("text", "supplier"), [("汉南冲压这个月表现么样", "汉南冲压"), ("华鑫硅钢 评分几多", "华鑫硅钢"),
                                                ("孝感电镀最近质量么样", "孝感电镀")])
def test_the_regions_how_and_how_many(text: str, supplier: str) -> None:
    reading = read_message(text, role="manager", now=_NOW)
    assert (reading.intent, reading.supplier) == ("supplier_query", supplier)


def test_hubei_gone_to_is_not_a_gram() -> None:
    reading = read_message("9886 首件送过克了 等你们确认", role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.confirm) == ("first_process", False, True)
    assert read_message("7032 克重不够 5件", role="qc", now=_NOW).intent == "defect"


@pytest.mark.parametrize("text", ["1234 还在镀锌 莫急", "4410 首件已OK 请知悉"])
def test_reassurance_and_courtesy_are_filler(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).confirm is None


def test_assent_with_a_regions_particle_stays_assent() -> None:
    assert read_message("好咧", role="supplier", now=_NOW).intent == "noted"


@pytest.mark.parametrize("text", ["7040 明天锌镍", "7041 明天浸漆", "7042 明天动平衡", "7043 明天绣花", "7044 明天封边",
                                  "7045 明天覆膜", "7046 明天螺柱焊"])
def test_a_trades_step_planned_is_the_processing(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, str(reading.new_date)) == ("plan", "in_process", "2026-12-04")


@pytest.mark.parametrize(("text", "category"), [
    ("7047 漆瘤 5件", "appearance"), ("7048 接触不良 5件", "function"), ("7049 浮高 5件", "dimension"),
    ("7050 冷裂 5件", "material"), ("7051 缺件 5件", "other"),
])
def test_a_trades_defect_has_its_category(text: str, category: str) -> None:
    reading = read_message(text, role="qc", now=_NOW)
    assert (reading.intent, reading.category, reading.defect_qty) == ("defect", category, 5)


@pytest.mark.parametrize("text", ["9875 卡钳支架淬完火了", "9871 滑轨总成装配OK了", "9930 线束支架的卡扣注塑好了"])
def test_a_word_said_before_a_parts_name_is_the_parts_name(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.confirm) == ("in_process", True, None)


@pytest.mark.parametrize(("text", "node"), [("10318 mat'l in already", "material_ready"), ("7060 mtl arrived ady", "material_ready")])
def test_chat_english_material_and_a_done_mark_after_a_past_form(text: str, node: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.confirm) == (node, True, None)


def test_malay_days_in_the_same_chats() -> None:
    reading = read_message("7061 esok ship", role="supplier", now=_NOW)
    assert (reading.intent, str(reading.new_date)) == ("plan", "2026-12-04")


@pytest.mark.parametrize(("text", "role", "intent"), [
    ("今晡有冇到货的", "warehouse", "today_query"), ("今天有么事要到货的", "buyer", "today_query"),
    ("8520 有冇发", "supplier", "status_query"),
])
def test_is_there_of_the_south_asks(text: str, role: str, intent: str) -> None:
    assert read_message(text, role=role, now=_NOW).intent == intent


def test_what_is_left_unshipped_is_no_question() -> None:
    assert read_message("1234 还有没发的 200个", role="supplier", now=_NOW).intent != "status_query"


@pytest.mark.parametrize("text", ["10131 好在冇事 首件昨晡日过了", "10132 没事 首件昨天过了"])
def test_nothing_wrong_is_no_not_yet(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done) == ("first_process", True)
