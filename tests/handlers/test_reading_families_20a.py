"""The silent misrecords reader20a closed, from the blind sets: a reading the reader was sure of where the whole
message did not say it, each settled by a rule of how people write (handlers/parsing.py, `_settled`):

- stock said short and then waited for (`铝锭还差一吨多等料`) is the shortage; `在等料` alone stays stock not come;
- a start with no mark that it began after a fact done (`首件合格 开始批量`, `料到了 这就开干`), and production being
  scheduled (`开始排产了`), is shown first: writers split six against six;
- the rest of the pieces after a defect (`其余的终检合格`, `其余合格 明天发`) is a fact of its own, not the defect's words;
- a count before its share by any verb of work (`2000个冲了一半`) is the whole;
- only another party's words, the same work finished and not finished, a number of days that may be a day, a truck
  read as a step, tomorrow-or-the-day-after, waiting for the truck alone: shown first;
- Malaysia's English particles (liao, lah, ady) are filler, and `waiting OQC` is a wait;
- papers sent or uploaded are no goods shipped and no step; the supplier's own supplier not shipping is a reason;
- undo then the fact said again keeps the order on the fact.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday


def _read(text: str, role: str = "supplier") -> dict[str, object]:
    return read_message(text, role=role, now=_NOW).to_json_dict()


@pytest.mark.parametrize("text", ["7301铝锭还差一吨多等料", "7302 漆包线不够 等料"])
def test_stock_short_then_waited_for_is_the_shortage(text: str) -> None:
    reading = _read(text)
    assert reading["intent"] == "shortage" and "node" not in reading and "done" not in reading


def test_waiting_for_stock_alone_stays_the_stock_not_come() -> None:
    assert _read("7303 在等料") == {"intent": "progress", "po": "7303", "node": "material_ready", "done": False}


@pytest.mark.parametrize("text", ["7304 首件合格 开始批量", "7305 料到了 俺们这就开干", "7307 原材料到了 开始排产了"])
def test_a_start_only_announced_after_a_fact_done_is_shown_first(text: str) -> None:
    assert _read(text)["confirm"] is True


def test_a_start_marked_as_begun_keeps_its_reading_and_is_shown_first() -> None:
    # writers split on it (AQ G L P file the run under way, BI BT DP D do not): shown first since round 41 (r41split)
    reading = _read("7306 首件过了 开始批量生产了")
    assert reading["confirm"] is True
    assert reading["also"] == [{"intent": "progress", "po": "7306", "node": "in_process", "done": False}]


def test_the_rest_of_the_pieces_after_a_defect_is_its_own_fact() -> None:
    assert _read("7309 不良挑出来了12个 其余的终检合格")["also"] == [
        {"intent": "progress", "po": "7309", "node": "final_inspection", "done": True}]
    reading = _read("7310 挑出硬度不够的120个 其余合格 明天发")
    assert "其余" not in str(reading["description"])
    assert reading["also"] == [{"intent": "plan", "po": "7310", "node": "shipped", "new_date": "2026-11-25"}]


@pytest.mark.parametrize(("text", "total"), [("7312 两百个车架 焊好了一半", 200), ("7313 2000个冲了一半", 2000)])
def test_a_count_before_its_share_by_any_verb_is_the_whole(text: str, total: int) -> None:
    reading = _read(text)
    assert (reading.get("qty_total"), reading.get("percent"), reading.get("qty_done"), reading.get("node")) \
        == (total, 50, None, None)


@pytest.mark.parametrize(("text", "role"), [("今天有么事要到货的", "buyer"), ("今晡有冇到货的", "warehouse")])
def test_a_regions_question_of_what_arrives_today_is_the_days_list(text: str, role: str) -> None:
    assert _read(text, role) == {"intent": "today_query"}


@pytest.mark.parametrize("text", [
    "7316 3天后才能交货", "7317 车找好了 今天下午发", "晚两天", "7320 在镀锌 明后天能回来"])
def test_what_the_message_does_not_settle_is_shown_first(text: str) -> None:
    assert _read(text)["confirm"] is True


@pytest.mark.parametrize("text", ["7314 钢厂说在排产", "7315发了 还没发完 都发完了", "7321 包装好了 等车"])
def test_a_message_that_holds_no_fact_of_its_own_is_asked_back(text: str) -> None:
    assert _read(text)["intent"] == "clarify"


def test_tomorrow_or_the_day_after_is_the_earlier() -> None:
    assert _read("7320 在镀锌 明后天能回来")["new_date"] == "2026-11-25"


def test_no_problem_in_a_regions_words_is_no_negation() -> None:
    assert _read("10131 好在冇事 首件昨晡日过了")["done"] is True


def test_malaysias_particles_are_filler_and_a_wait_without_for_is_a_wait() -> None:
    assert _read("10255 powder coat done liao, waiting OQC") == {
        "intent": "progress", "po": "10255", "node": "in_process", "done": True}
    assert "confirm" not in _read("10262 laser cut done liao")


def test_a_step_and_its_rework_under_way_is_work_under_way() -> None:
    assert _read("7318 抛光 返工中") == {"intent": "progress", "po": "7318", "node": "in_process", "done": False}


def test_a_defect_whose_words_hold_a_making_done_is_shown_first() -> None:
    assert _read("7319 去浇口 打披锋搞完了")["confirm"] is True


def test_a_corrected_package_count_keeps_its_unit() -> None:
    assert _read("其实是18箱") == {"intent": "correct", "packages": 18, "package_unit": "箱"}


def test_undo_then_the_fact_keeps_the_order_on_the_fact() -> None:
    assert _read("撤回上条 6141还在滚齿") == {
        "intent": "undo", "also": [{"intent": "progress", "po": "6141", "node": "in_process", "done": False}]}
    assert _read("刚才那条撤了 8829是明儿发") == {
        "intent": "undo", "also": [{"intent": "plan", "po": "8829", "node": "shipped", "new_date": "2026-11-25"}]}


def test_a_buyers_thanks_for_a_message_is_no_receipt() -> None:
    assert _read("well received, thx", "buyer") == {"intent": "noted"}


def test_papers_sent_or_uploaded_are_no_shipment_and_no_step() -> None:
    assert _read("7323 终检做完了 数据明天发你 货周五走")["also"] == [
        {"intent": "plan", "po": "7323", "node": "shipped", "new_date": "2026-11-27"}]
    assert _read("7327 出货报告已上传 终检合格") == {
        "intent": "progress", "po": "7327", "node": "final_inspection", "done": True}


def test_the_suppliers_own_supplier_not_shipping_names_no_node() -> None:
    assert "node" not in _read("7324要晚两天铝锭供应商那边压着不发")


def test_the_next_clauses_arrival_is_the_same_stock_and_after_shipping_the_receipt() -> None:
    assert _read("PO5733 材料到了，PO5734 明天到")["also"] == [
        {"intent": "plan", "po": "5734", "node": "material_ready", "new_date": "2026-11-25"}]
    assert _read("7325 出货检验过了 今天装车明天到")["also"] == [
        {"intent": "plan", "po": "7325", "node": "received", "new_date": "2026-11-25"}]


def test_a_day_the_work_goes_on_is_no_plan() -> None:
    assert _read("7326 周六也在赶 完成65%了") == {"intent": "progress", "po": "7326", "percent": 65}


def test_several_orders_all_shipped_stay_all_shipped() -> None:
    reading = _read("4031、4032 都发完了")
    assert reading["all"] is True and reading["also"][0]["all"] is True  # type: ignore[index]


@pytest.mark.parametrize(("text", "category"), [
    ("10331 carton wet lah, some box damaged", "packaging"), ("8940 牙不良 18件", "dimension"),
    ("10178 不两品 15个 漆瘤", "appearance")])
def test_a_defects_words_of_no_list_take_their_roots_category(text: str, category: str) -> None:
    assert _read(text, "qc")["category"] == category


def test_parts_made_by_a_step_arriving_as_blanks_are_stock() -> None:
    assert _read("9650 压铸件毛坯到了") == {"intent": "progress", "po": "9650", "node": "material_ready", "done": True}


def test_the_day_it_leaves_and_the_day_it_comes_are_two_plans() -> None:
    assert _read("6620 ETD 12/1 ETA 12/4") == {
        "intent": "plan", "po": "6620", "node": "shipped", "new_date": "2026-12-01",
        "also": [{"intent": "plan", "po": "6620", "node": "received", "new_date": "2026-12-04"}]}
