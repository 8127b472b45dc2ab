"""Mechanisms of round 23, found on the exams of stop 32 after they were scored and committed (so they carry
no exam figure): each a rule of how people write, in words of its own, never an exam's phrase."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday


def _read(text: str, role: str = "supplier") -> dict[str, object]:
    return read_message(text, role=role, now=_NOW).to_json_dict()


# --- a word in a Latin script with diacritics is one word: its end is no English word of ours ---------------------

@pytest.mark.parametrize("text", [
    "4501 anh Thắng gọi",       # Vietnamese: Thắng called (Thắng ends in ng)
    "4501 Trường hỏi",          # Trường asked
    "4501 Quảng Ninh",          # a province
    "4501 Straße gesperrt",     # a German driver's note: no NG, no defect
])
def test_a_word_with_a_diacritic_never_reads_as_ng(text: str) -> None:
    reading = _read(text)
    assert reading["intent"] != "defect"
    assert reading.get("confirm") is True or reading["intent"] in ("clarify", "unknown", "noted")


@pytest.mark.parametrize(("text", "count"), [("4501 NG 5个", 5), ("4501 ng 5pcs", 5), ("4501 5个NG", 5)])
def test_ng_on_its_own_is_still_a_defect(text: str, count: int) -> None:
    reading = _read(text)
    assert reading["intent"] == "defect"
    assert reading["defect_qty"] == count


def test_a_supplier_named_with_diacritics_is_asked_about_as_written() -> None:
    assert _read("Hòa Bình 这个月表现怎么样", "buyer") == {"intent": "supplier_query", "supplier": "Hòa Bình"}


# --- counts: thousands by K wherever the count stands, packages of packages ------------------------------------------

@pytest.mark.parametrize(("text", "field", "count"), [
    # a total said after its step finished is what was made in all, as a receipt's 共 is (round 35, r35dt; it was the
    # order's total until then); 共 said before a count done stays the total (below)
    ("4501 抛光完成，共 3K pcs", "qty_done", 3000),
    ("4501 共3K pcs 抛光完成了1.2K", "qty_total", 3000),
    ("4501 出货 1.5k件", "qty", 1500),
    ("4501 ok 3k pcs shipped", "qty", 3000),
])
def test_a_count_in_k_is_thousands_after_any_word(text: str, field: str, count: int) -> None:
    assert _read(text)[field] == count


@pytest.mark.parametrize(("text", "pieces"), [
    ("4501 已发 3托，每托 20盒，每盒 50个", 3000),
    ("4501 发了2箱 每箱 10小盒 每小盒 12支", 240),
])
def test_packages_of_packages_multiply_out_to_pieces(text: str, pieces: int) -> None:
    reading = _read(text)
    assert reading["intent"] == "shipment"
    assert reading["qty"] == pieces


def test_one_package_count_is_still_multiplied_once() -> None:
    assert _read("4501 发了4托 每托250件")["qty"] == 1000


# --- sterilising is a step of the making (ISO 11135 / 11137 shops) ---------------------------------------------------

@pytest.mark.parametrize("text", ["4501 灭菌推迟到后天", "4501 辐照灭菌推迟两天"])
def test_a_sterilising_delay_is_a_delay_of_the_making(text: str) -> None:
    reading = _read(text)
    assert (reading["intent"], reading["node"]) == ("delay", "in_process")


def test_a_lot_named_by_its_step_is_the_lot_of_the_fact_before_it_not_a_fact_of_that_step() -> None:
    reading = _read("4501 今天已发 6托，电镀批号 PL26-0729")
    assert reading["intent"] == "shipment"
    assert reading["lot"] == "PL26-0729"
    assert "also" not in reading


# --- a full stop after a date of slashes ------------------------------------------------------------------------------

def test_a_full_stop_after_a_slashed_date_keeps_the_date() -> None:
    assert _read("4501 first article will be ready on 12/2.") == {
        "intent": "plan", "po": "4501", "node": "first_process", "new_date": "2026-12-02"}


def test_a_decimal_with_dots_is_still_no_date() -> None:
    assert "new_date" not in _read("4501 长度3.5.")


# --- arranged, contacted, booked full: the step is not done ------------------------------------------------------------

@pytest.mark.parametrize("text", ["4501 已安排电镀", "4501 电镀已联系", "4501 热处理已经排满了", "4501 电镀已满"])
def test_a_step_arranged_or_booked_full_is_not_done(text: str) -> None:
    assert _read(text).get("done") is not True


def test_a_schedule_full_is_the_reason_of_a_delay_not_a_step_done() -> None:
    reading = _read("4501 由于 EO 灭菌排期已满，发货需要晚三天。")
    assert reading["intent"] == "delay"
    assert "also" not in reading


# --- Vietnamese words of a report, in the chats of Chinese plants in Vietnam -------------------------------------------

@pytest.mark.parametrize(("text", "reading"), [
    ("4501 hàng gửi hết rồi", {"intent": "shipment", "po": "4501", "node": "shipped", "all": True}),
    ("4501 ngày mai 发货", {"intent": "plan", "po": "4501", "node": "shipped", "new_date": "2026-11-25"}),
    ("4501 nguyên liệu về rồi", {"intent": "progress", "po": "4501", "node": "material_ready", "done": True}),
    ("4501 注塑 xong rồi", {"intent": "progress", "po": "4501", "node": "in_process", "done": True}),
    ("4501 thứ 6 giao hàng", {"intent": "plan", "po": "4501", "node": "shipped", "new_date": "2026-11-27"}),
    ("4501 ngày kia giao", {"intent": "plan", "po": "4501", "node": "shipped", "new_date": "2026-11-26"}),
])
def test_a_vietnamese_supervisors_report_is_read_for_what_it_says(text: str, reading: dict[str, object]) -> None:
    assert _read(text) == reading


def test_a_vietnamese_defect_keeps_its_own_words_as_its_description() -> None:
    reading = _read("4501 lỗi 12 cái, trầy xước")
    assert (reading["intent"], reading["defect_qty"]) == ("defect", 12)
    assert "trầy xước" in str(reading["description"])


def test_a_reason_in_vietnamese_is_kept_as_written() -> None:
    reading = _read("4501 mất điện hôm nay, SMT 晚 1 天")
    # the day that dates the cause (hôm nay, today) stays in it as typed (round h41reason)
    assert (reading["intent"], reading["delay_days"], reading["reason"]) == ("delay", 1, "mất điện hôm nay")


@pytest.mark.parametrize("text", ["Hồng Hà 这个月表现怎么样", "Đăng Khoa 准时率多少"])
def test_a_vietnamese_name_is_no_word_of_a_report(text: str) -> None:
    reading = _read(text, "buyer")
    assert reading["intent"] == "supplier_query"
    assert str(reading["supplier"]) in text


@pytest.mark.parametrize("text", ["4501 hang on, shipping tomorrow", "4501 dang 3000 pcs done"])
def test_english_and_pinyin_without_vietnamese_are_read_as_before(text: str) -> None:
    from handlers.reading_languages import in_chinese

    assert in_chinese(text) == text


# --- the QA register's paper trail after a fact carries no fact of its own -----------------------------------------

@pytest.mark.parametrize(("text", "node"), [
    ("4501 终检合格，COC 已盖章。", "final_inspection"),
    ("4501 钝化已完成，记录已归档。", "in_process"),
    ("4501 原材料已到厂，数量与装箱单相符", "material_ready"),
    ("4501 抛光做完了，明细见附件", "in_process"),
])
def test_a_paper_trail_clause_after_a_fact_leaves_the_fact_sure(text: str, node: str) -> None:
    assert _read(text) == {"intent": "progress", "po": "4501", "node": node, "done": True}


def test_a_report_uploaded_alone_is_still_the_inspection_it_reports() -> None:
    assert _read("4501 出货检验报告已上传") == {"intent": "progress", "po": "4501", "node": "final_inspection", "done": True}


def test_todays_arrival_with_no_word_of_time_is_shown_first() -> None:
    reading = _read("4501 钢材今天上午到厂")
    assert (reading["intent"], reading["node"], reading.get("confirm")) == ("plan", "material_ready", True)
    assert _read("4501 钢材预计今天到厂").get("confirm") is None


# --- Guizhou and Yunnan: 整, the verb of any work; 莫 for 没; extruding is the making --------------------------------

@pytest.mark.parametrize(("text", "reading"), [
    ("4501 挤压整完了", {"intent": "progress", "po": "4501", "node": "in_process", "done": True}),
    ("4501 喷粉整了一半", {"intent": "progress", "po": "4501", "node": "in_process", "percent": 50}),
    ("4501 5000支里整好了4200", {"intent": "progress", "po": "4501", "qty_done": 4200, "qty_total": 5000}),
    ("4501 氧化整了百分之六十", {"intent": "progress", "po": "4501", "node": "in_process", "percent": 60}),
    ("4501 型材还莫到", {"intent": "progress", "po": "4501", "node": "material_ready", "done": False}),
])
def test_the_southwests_verb_of_work_and_not_yet_are_read(text: str, reading: dict[str, object]) -> None:
    assert _read(text) == reading


def test_a_word_holding_zheng_is_no_verb_of_work() -> None:
    assert _read("4501 调整好了").get("confirm") is True  # adjusted: of what, is the sender's to say


# --- Henan: 咋着 how, 木有 none, 恁 you, a check 中了 passed, 前个 the day before yesterday ----------------------------

@pytest.mark.parametrize(("text", "reading"), [
    ("4501 首件中了", {"intent": "progress", "po": "4501", "node": "first_process", "done": True}),
    ("4501 出货检验中", {"intent": "progress", "po": "4501", "node": "final_inspection", "done": False}),
    ("4501 前个发的 80件", {"intent": "shipment", "po": "4501", "node": "shipped", "qty": 80, "happened_on": "2026-11-22"}),
])
def test_henan_words_of_a_report_are_read(text: str, reading: dict[str, object]) -> None:
    assert _read(text) == reading


def test_henan_how_asks_about_a_supplier() -> None:
    assert _read("宏达最近表现咋着", "buyer") == {"intent": "supplier_query", "supplier": "宏达"}


def test_a_sample_count_spaced_from_its_check_is_the_sample_not_a_count_made() -> None:
    reading = _read("4501 抽检 50件，划伤 2件")
    assert (reading["intent"], reading["defect_qty"]) == ("defect", 2)
    assert "also" not in reading


def test_the_time_a_step_finishes_moved_is_no_step_finished() -> None:
    reading = _read("4501 因设备故障，磨削完成时间推迟到下周一")
    assert reading["intent"] == "delay"
    assert "also" not in reading


@pytest.mark.parametrize("text", [
    "4501 钝化处理已完成，钝化记录已随 DHR 一起归档。",
    "4501 钝化处理已完成，请知悉。",
    "4501 钝化处理已完成，外观、尺寸、清洁度全部合格。",
])
def test_courtesies_and_an_all_clear_after_a_fact_leave_it_sure(text: str) -> None:
    assert _read(text) == {"intent": "progress", "po": "4501", "node": "in_process", "done": True}


def test_a_supplier_named_in_several_words_of_letters_is_named_whole() -> None:
    assert _read("ABC Metal 最近怎么样", "buyer") == {"intent": "supplier_query", "supplier": "ABC Metal"}
