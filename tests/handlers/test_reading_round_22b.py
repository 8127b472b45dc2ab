"""Round 22b: words the reader lacks read by the slot they stand in, closed lists widened from outside the corpora,
counts and days in more of their forms.

A day between stock and its arrival verb (`料10号到的`, `1号到的钢锭`) and stock said 到货 are the stock come in; goods
counted out with a bare 出 are the shipment, shown first in simplified characters; a row of readings under its gauge
is the report when what comes before names only the sample; a supplier's name ends where what a buyer asks of it
begins; pinyin slips in the done, verdict and unit slots; a whole, any step, then how many; a count per package is a
whole number; cartons counted damaged; the potential complement negated before a later day; a trouble then the work
put off to a day. Reading, then the chat where it changes what is recorded."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import Lot
from tests.handlers.supplier_world import Talker, rows
from tests.handlers.test_reading_families import asks

_NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.mark.parametrize(("text", "day"), [("7849 料10号到的", 10), ("8399 1号到的钢锭", 1), ("8346前天藤条到的", 1),
                                           ("8441 锻坯昨天下午就到了", 2), ("7718 上礼拜四料就到了", 26)])
def test_a_day_between_stock_and_its_arrival_is_no_slot_of_the_arrival(text: str, day: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)
    assert reading.happened_on is not None and reading.happened_on.day == day


@pytest.mark.parametrize(("text", "done"), [("8906 钢球到货了", True), ("8918 密封圈还没到货", False)])
def test_stock_named_and_said_daohuo_is_the_stock(text: str, done: bool) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done) == ("material_ready", done)


@pytest.mark.parametrize("text", ["8302 以经到货了", "7713 后天到货"])
def test_an_adverb_or_the_goods_where_stock_would_stand_is_no_stock(text: str) -> None:
    assert read_message(text, role="supplier", now=_NOW).node != "material_ready"


@pytest.mark.parametrize(("text", "qty", "confirm"), [("3153 今日出 1600件", 1600, True), ("8988 出了三百五十个", 350, True),
                                                      ("PO8216 出了1800 pcs 謝謝您", 1800, None)])
def test_goods_counted_out_with_a_bare_chu_are_the_shipment(text: str, qty: int, confirm: bool | None) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.qty, reading.confirm) == ("shipment", qty, confirm)


@pytest.mark.parametrize("text", ["5370 出了2件裂纹", "3306 挑出20个 色差", "1006 今天发出400件 顺丰"])
def test_chu_after_picking_or_before_a_defect_is_no_bare_chu(text: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert reading.intent != "shipment" or not reading.confirm


async def test_goods_counted_out_are_shown_first_then_recorded_as_shipped(wang: Talker, world: Database) -> None:
    assert asks(await wang.says("1001 出了800件"))
    await wang.clicks("c:1:yes")
    assert [lot.qty for lot in await rows(world, Lot)] == [800]


@pytest.mark.parametrize(("text", "values", "lot"), [
    ("8953 扭矩 38 40 39 41 N.m", (38, 40, 39, 41), None),
    ("9397 末件 孔距 86.02 85.97", (86.02, 85.97), None),
    ("9054 测了5个 内径 12.003 12.005 11.998", (12.003, 12.005, 11.998), None),
    ("7019 炉号25C-118 调质硬度 HB 250 248 255", (250, 248, 255), "25C-118"),
    ("8958 出货检验 外径 7.96 7.98 7.97 7.95", (7.96, 7.98, 7.97, 7.95), None),
])
def test_a_row_of_readings_under_its_gauge_is_the_report(text: str, values: tuple[float, ...], lot: str | None) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.values, reading.lot) == ("inspection_values", tuple(float(v) for v in values), lot)


def test_a_batchs_row_keeps_its_ordinal() -> None:
    reading = read_message("1105 第二批 外径 10.01 10.02", role="supplier", now=_NOW)
    assert (reading.intent, reading.lot_seq) == ("inspection_values", 2)


@pytest.mark.parametrize(("text", "name"), [("美兴喷涂今个月点", "美兴喷涂"), ("盈丰钣金呢排点样", "盈丰钣金"),
                                            ("绵阳华光的评分好多", "绵阳华光"), ("宏昌镀铬最近准时不", "宏昌镀铬"),
                                            ("淮北那家镀铬厂评分多少", "淮北那家镀铬厂"), ("宏发绕线这个月搞得恁样啊", "宏发绕线")])
def test_a_suppliers_name_ends_where_what_is_asked_of_it_begins(text: str, name: str) -> None:
    reading = read_message(text, role="buyer", now=_NOW)
    assert (reading.intent, reading.supplier) == ("supplier_query", name)


@pytest.mark.parametrize("text", ["拖了交期的单子给我看看", "把没交货的单子列一下"])
def test_words_of_the_orders_asked_for_are_no_suppliers_name(text: str) -> None:
    assert read_message(text, role="buyer", now=_NOW).intent != "supplier_query"


@pytest.mark.parametrize(("text", "node"), [("3407 焊接万了", "in_process"), ("9423 终检国了", "final_inspection")])
def test_a_pinyin_slip_in_the_done_or_verdict_slot(text: str, node: str) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.node, reading.done) == (node, True)


def test_a_count_in_wan_is_no_slip_of_done() -> None:
    assert read_message("做了1万了", role="supplier", now=_NOW).qty_done == 10000


def test_a_pinyin_slip_in_the_unit_slot() -> None:
    assert read_message("4413 货已发 1100见", role="supplier", now=_NOW).qty == 1100
    assert read_message("8786 晚两填", role="supplier", now=_NOW).delay_days == 2


def test_wus_le_after_a_verb_is_done() -> None:
    reading = read_message("9692 铝锭到勒", role="supplier", now=_NOW)
    assert (reading.node, reading.done) == ("material_ready", True)


@pytest.mark.parametrize(("text", "total", "done_qty"), [("9193 3000片里磨边好了2600", 3000, 2600),
                                                         ("7417 800套焊了500", 800, 500),
                                                         ("4157 1000块板子贴好了780", 1000, 780)])
def test_a_whole_any_step_then_how_many(text: str, total: int, done_qty: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.qty_total, reading.qty_done, reading.done) == (total, done_qty, None)


def test_finished_with_a_part_of_the_whole_is_shown_first() -> None:
    reading = read_message("7605 一千二百个里 精车完了九百", role="supplier", now=_NOW)
    assert (reading.qty_total, reading.qty_done, reading.confirm) == (1200, 900, True)


def test_a_length_per_package_is_the_amount() -> None:
    reading = read_message("9300 网布发了 15卷 每卷50米", role="supplier", now=_NOW)
    assert (reading.amount, reading.qty, reading.packages) == (750, None, 15)


@pytest.mark.parametrize(("text", "count"), [("6625 纸箱压烂 12箱", 12), ("4088 包装破损 5箱", None), ("7815 少装了 两箱", None)])
def test_cartons_named_and_counted_damaged(text: str, count: int | None) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.defect_qty) == ("defect", count)


@pytest.mark.parametrize(("text", "node"), [("8881 这礼拜焊不完了 下礼拜三吧", "in_process"), ("7501 周四肯定搞不赢 要下周一", None),
                                            ("8439纸箱礼拜四送不过来了礼拜六送", "shipped")])
def test_cannot_get_it_done_then_a_later_day_is_a_delay(text: str, node: str | None) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.node) == ("delay", node)
    assert reading.new_date is not None and reading.new_date.day in (5, 7, 9)


def test_a_question_whether_it_cannot_be_done_is_no_delay() -> None:
    assert read_message("5046 今天做不完吗", role="supplier", now=_NOW).intent != "delay"


def test_a_trouble_then_the_work_put_off_to_a_day_is_a_delay() -> None:
    reading = read_message("6198 明天停水 后天再发", role="supplier", now=_NOW)
    assert (reading.intent, reading.node, reading.new_date.day if reading.new_date else None) == ("delay", "shipped", 5)
    assert "停水" in (reading.reason or "")


@pytest.mark.parametrize(("text", "day"), [("4471 廿五号发", 25), ("4471 十二月廿八号发", 28), ("4471 卅号发", 30),
                                           ("4471 ship on the 5th", 5), ("4471 ship by the 20th", 20), ("4471 ship 20th", 20),
                                           ("4471 ship on Weds", 9)])
def test_days_in_more_of_their_written_forms(text: str, day: int) -> None:
    reading = read_message(text, role="supplier", now=_NOW)
    assert (reading.intent, reading.new_date.day if reading.new_date else None) == ("plan", day)


def test_an_ordinal_of_a_batch_is_no_day() -> None:
    reading = read_message("4471 2nd batch shipped 500pcs", role="supplier", now=_NOW)
    assert (reading.intent, reading.lot_seq, reading.qty) == ("shipment", 2, 500)


@pytest.mark.parametrize(("text", "qty"), [("4471 发了壹仟贰佰件", 1200), ("4471 发了叁佰伍拾个", 350), ("伍经理 4471 发了300", 300)])
def test_capital_numerals_of_bills_are_numerals(text: str, qty: int) -> None:
    assert read_message(text, role="supplier", now=_NOW).qty == qty


def test_the_lot_a_final_check_passed_is_kept() -> None:
    reading = read_message("5523 LOT-K21 终检合格", role="supplier", now=_NOW)
    assert (reading.node, reading.done, reading.lot) == ("final_inspection", True, "LOT-K21")
