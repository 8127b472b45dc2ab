"""Round 35 (r35dt): stop 38's DT (Dongguan and Bao'an injection, die-casting and SMT line leaders' shift handovers).

A handover says the shift's own count beside the order's running total (累计): the total is what the order has done,
the shift's count only its increment, never an order or the count recorded. A total said after its step finished is
what was made in all. 3.2w is 32000 (w for 万, as K for 千). 首模 is the first article of a moulding shop, and
首件不OK its failed verdict."""

from __future__ import annotations

from datetime import datetime

from tests.handlers.monday_reading import read as _read


def test_the_running_total_is_the_count_and_the_shift_count_is_left() -> None:
    reading = _read("51201 夜班做了880 累计5320")
    assert (reading.intent, reading.po, reading.qty_done, reading.also) == ("progress", "51201", 5320, None)


def test_a_shift_count_in_pieces_before_the_running_total() -> None:
    reading = _read("51202 贴片 白班 4200pcs 累计 16800pcs")
    assert (reading.po, reading.qty_done, reading.also) == ("51202", 16800, None)


def test_a_shift_count_with_its_unit_and_what_is_left() -> None:
    reading = _read("51203 早班啤了960个，累计6100，还差1900")
    assert (reading.po, reading.qty_done, reading.qty_left) == ("51203", 6100, 1900)


def test_a_total_after_the_step_finished_is_what_was_made() -> None:
    reading = _read("51204 压铸全部做完了 共9600个")
    assert (reading.node, reading.done, reading.qty_done, reading.qty_total) == ("in_process", True, 9600, None)


def test_a_total_before_a_count_done_stays_the_total() -> None:
    reading = _read("51205 共9000个 做完了2500")
    assert (reading.qty_done, reading.qty_total) == (2500, 9000)


def test_w_after_a_decimal_is_ten_thousands() -> None:
    reading = _read("51206 累计2.4w 还差6000")
    assert (reading.qty_done, reading.qty_left) == (24000, 6000)


def test_w_after_a_whole_number_is_no_count_of_ten_thousands() -> None:
    assert _read("51207 5w灯 坏了").defect_qty != 50000


def test_the_first_shot_is_the_first_article() -> None:
    reading = _read("51208 首模OK")
    assert (reading.node, reading.done) == ("first_process", True)


def test_the_first_article_not_ok_is_not_done() -> None:
    reading = _read("51209 首件不ok 在调机")
    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", False)


def test_a_day_glued_to_send_is_the_goods_shipped_that_day() -> None:
    reading = _read("51210 打包好了 后天送")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", datetime(2026, 12, 9).date())
