"""Round 36 (r36old): silent misrecords left in the older, already tuned blind exams, read by mechanism or asked first.

Each test is one family, phrased afresh (no exam's line): a first article failed beside its set-up redone now, in
Chinese or Japanese; the receipt's count said right with a space; tenths and a digit more (六成五); a stainless grade
said after the stock; a dye house's steps; a delay by days moved onto the node named with it; the shipping said done
with a space. Asked first where writers split or the words are rough: a bare wait for stock beside stock not come, a
count with 多, a first article sent for the Wu 侬's look, a plating left off."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message

_NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize("text", ["4410 首件不合格 今天重新调机", "4411 首件没过 在调机床", "4412 初品 NG 今 段取り直し中です"])
def test_a_first_article_failed_beside_its_set_up_redone_is_the_first_article_not_passed(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", False)


@pytest.mark.parametrize("text", ["5520 收货 1200 个 数量 对", "5521 入荷 300個 数量 合っています"])
def test_the_count_said_right_with_a_space_is_the_receipt_made(text: str) -> None:
    reading = read_message(text, role="warehouse", now=_NOW)
    assert (reading.node, reading.done) == ("received", True)


def test_the_count_said_wrong_with_a_space_is_no_receipt_made() -> None:
    assert read_message("5522 收货 1200 个 数量 对不上", role="warehouse", now=_NOW).done is not True


@pytest.mark.parametrize(("text", "percent"), [("6630 进度七成五", 75), ("6631 做了三成", 30)])
def test_tenths_and_the_digit_after_them_are_the_share(text: str, percent: int) -> None:
    assert read_message(text, role="supplier", now=_NOW).percent == percent


def test_a_day_after_the_tenths_is_no_part_of_the_share() -> None:
    assert read_message("6632 做了六成 五号发", role="supplier", now=_NOW).percent == 60


def test_a_stainless_grade_said_after_the_stock_is_no_count() -> None:
    reading = read_message("7740 棒料到了 316的", role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.qty_done) == ("material_ready", True, None)


def test_the_dye_house_steps_done_and_planned() -> None:
    reading = read_message("8850 染色做完了 后天送去定型", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)
    assert [(item.intent, item.node) for item in reading.also or ()] == [("plan", "in_process")]


@pytest.mark.parametrize("text", ["9960 钢材延误，发货推迟3天", "9961 材料遅れで 出荷 3日 遅れます"])
def test_a_delay_by_days_of_the_node_named_with_it_is_of_that_node(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.delay_days) == ("delay", "shipped", 3)


def test_the_shipping_said_done_with_a_space_is_everything_shipped() -> None:
    reading = read_message("1170 发货 完成了 600个", role="supplier", now=_NOW)
    assert (reading.intent, reading.all) == ("shipment", True)


@pytest.mark.parametrize("text", ["2280 钢管没到 等料", "2281 等料 铝锭还没到"])
def test_a_bare_wait_for_stock_beside_stock_not_come_is_asked(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).confirm is True


def test_a_wait_under_way_stays_the_stock_not_come_unasked() -> None:
    reading = read_message("2282 钢管还没到 在等料", role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.confirm) == ("material_ready", False, None)


@pytest.mark.parametrize("text", ["3390 毛刺 有两百多个 返工", "3391 做了800多个了"])
def test_a_count_said_with_duo_is_rough_and_asked(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).confirm is True


def test_a_first_article_sent_for_the_wu_nong_look_is_asked() -> None:
    assert read_message("4470 首件做好了 送过来了 侬看看", role="supplier", now=_NOW).confirm is True


def test_a_plating_left_off_is_asked_for_its_category() -> None:
    reading = read_message("5590 漏镀 12只", role="qc", now=_NOW)
    assert (reading.intent, reading.defect_qty, reading.confirm) == ("defect", 12, True)


def test_to_push_a_supplier_is_to_chase_him_not_a_delay() -> None:
    reading = read_message("3340 PCB is shortage, please push the vendor", role="supplier", now=_NOW)
    assert reading.intent == "shortage"


def test_a_push_to_a_day_is_still_a_delay() -> None:
    assert read_message("3341 pushed to next Friday", role="supplier", now=_NOW).intent == "delay"


def test_a_step_under_way_then_the_next_on_a_weekday_are_two_facts() -> None:
    reading = read_message("3342 在烘干 下周二喷漆", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)
    assert [(item.intent, item.node) for item in reading.also or ()] == [("plan", "in_process")]


def test_vietnamese_assembly_with_its_share_is_the_making() -> None:
    reading = read_message("3343 lắp ráp 40%", role="supplier", now=_NOW)
    assert (reading.node, reading.percent) == ("in_process", 40)
