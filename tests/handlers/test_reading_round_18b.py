"""Round 18b: reports the shop words do not hold, read as the writers of the blind corpora read them.

The thing made and its step said together where a step stands (`网布定型好了`, `刀轴焊好了 400根`, `在织 40%`) is the
processing, `in_process`: thirteen writers read it so. Words of no report beside a lone count (`抽丝 12片`) are a defect
found and counted, shown first: twelve writers. Reading, then the chat on both engines."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import ExceptionTicket, Lot, MilestoneStatus
from tests.handlers.supplier_world import Talker, milestone, rows
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("text", [
    "6203 曲轴锻好了", "9305 网布定型好了", "9333 海绵裁切好了", "7310 弯馆做完了", "9419 点汗搞完了", "3124 铜管 胀管做完",
])
def test_the_thing_made_and_its_unknown_step_done_is_the_processing_done(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)
    assert reading.confirm is None


@pytest.mark.parametrize(("text", "percent"), [("9302 在织 40%", 40), ("9229 在充气 完成了70%", 70)])
def test_an_unknown_step_under_way_with_its_share_is_the_processing_under_way(text: str, percent: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.percent) == ("in_process", False, percent)


@pytest.mark.parametrize("text", ["5103 柜体做好30套了", "5120 柜体做好了二十台", "7133 一千二做完了", "1234 包装好了"])
def test_parts_counted_by_the_bare_verb_of_work_a_count_or_packing_name_no_step(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).node is None


async def test_a_step_the_shop_words_lack_is_recorded_without_asking(wang: Talker, world: Database) -> None:
    assert not asks(await wang.says("1001 网布定型好了"))
    assert (await milestone(world, "PO-1001", "in_process")).status == MilestoneStatus.DONE


@pytest.mark.parametrize(("text", "node", "day"), [
    ("9602 不锈钢管昨日到", "material_ready", "2026-12-02"), ("9547 果盘料昨日到了", "material_ready", "2026-12-02"),
])
def test_the_written_days_today_yesterday_tomorrow_are_days(text: str, node: str, day: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done, str(reading.happened_on)) == (node, True, day)


def test_a_shipment_today_in_the_written_day_is_a_plan_of_today() -> None:
    reading = read_message("9527 打好包了 今日发", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, str(reading.new_date)) == ("plan", "shipped", "2026-12-03")


@pytest.mark.parametrize("text", ["9533 汤锅料今日到齐 无缺", "9533 料到齐了 没缺", "9533 料到了 一个不少"])
def test_nothing_short_is_no_negation_of_the_arrival(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done) == ("material_ready", True)


def test_a_total_before_the_shipping_is_what_was_shipped() -> None:
    reading = read_message("8533 第三批 共2000片 今日发咗", role="supplier", now=_NOW)
    assert (reading.intent, reading.qty, reading.qty_total, reading.lot_seq, reading.also) == ("shipment", 2000, None, 3, None)


@pytest.mark.parametrize(("text", "qty", "words", "category"), [
    ("9563 字印无清 28只", 28, "字印无清", "appearance"), ("9558 壁厚不均 11只", 11, "壁厚不均", "dimension"),
    ("7218 缸筒内孔椭圆 4件", 4, "椭圆", "dimension"), ("8950 bearing noise 12 pcs", 12, "noise", "function"),
    ("8447纸箱有40只破的", 40, "破", "packaging"), ("6266 渗层深度不够 20件", 20, "渗层", "material"),
])
def test_words_of_no_report_beside_a_lone_count_are_a_defect_found_and_shown_first(
        text: str, qty: int, words: str, category: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", qty, category)
    assert reading.description is not None and words in reading.description
    assert reading.confirm is True


@pytest.mark.parametrize("text", ["7730 焊了300个", "4115 今天打了两千八", "6303 大概500件左右", "7417 800套焊了500",
                                  "1234 800件", "2421 做好了800个", "3425 铜线到了 500米", "5595 抽了200个"])
def test_a_count_made_sampled_hedged_or_alone_is_no_defect(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).intent != "defect"


async def test_a_defect_in_words_the_reader_lacks_is_opened_once_the_supplier_confirms(
        wang: Talker, world: Database) -> None:
    assert asks(await wang.says("1001 字印无清 28只"))
    await wang.clicks("c:1:yes")

    [ticket] = await rows(world, ExceptionTicket)
    assert (ticket.kind, ticket.qty, ticket.category) == ("defect", 28, "appearance")
    assert "字印无清" in ticket.description


@pytest.mark.parametrize("text", ["9332 海绵发了 1000个", "9250 base 抛光完了", "9256 base shipped 500pcs",
                                  "9534 火锅 首件过了", "9309 网布发了 25卷"])
def test_the_goods_named_before_the_whole_report_leave_no_doubt(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert reading.node is not None and reading.confirm is None


@pytest.mark.parametrize("text", ["9240 base 到了没 急", "9563 字印无清 28只"])
def test_a_question_or_a_count_beside_the_word_itself_is_still_shown_first(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).confirm is True


async def test_goods_named_before_a_shipment_ship_without_asking(wang: Talker, world: Database) -> None:
    assert not asks(await wang.says("1001 海绵发了 1000个"))
    assert [lot.qty for lot in await rows(world, Lot)] == [1000]
