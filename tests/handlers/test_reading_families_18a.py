"""The general mechanisms reader18a added against silent misrecords (a wrong fact written without asking), found
across the blind corpora and most in the newest (AU, AV, AW), each in words of its own (never a corpus's phrase):
a question in the regions' words of what and in any verb asked yes-or-no; a delay whose making finishes late; a step
attached to its delay word read in full; a thing named after a step's name, arriving; a step's verdict ok ending its
fact; Minnan's 无 for not yet; a count made in words of any making; a season's greeting; a defect taken off the pieces.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import read_message
from storage.db import Database
from storage.models import ProgressReport
from tests.handlers.supplier_world import Talker, count, milestone, rows

_NOW = datetime(2026, 11, 24, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Tuesday


def _read(text: str, role: str = "supplier") -> dict[str, object]:
    return read_message(text, role=role, now=_NOW).to_json_dict()


# --- a question is never a record, in the regions' words of what and in any verb asked yes-or-no ----------------------

@pytest.mark.parametrize("text", [
    "今儿有嘛该到货的",    # Tianjin: 嘛 after 有 is what
    "今天有哪样要到货的",  # Guizhou and Yunnan: 哪样 is what
    "今天有哪样要交的",
    "今日有乜单着到货",    # Cantonese: 乜 is what
    "今日有乜嘢要发货",
])
def test_a_buyer_asking_what_is_due_today_in_a_regions_words_asks(text: str) -> None:
    assert _read(text, "buyer") == {"intent": "today_query"}


@pytest.mark.parametrize("text", ["4501 得不得明天到", "4502 能不能周五发", "4503 会不会晚"])
@pytest.mark.parametrize("role", ["supplier", "buyer"])
def test_a_verb_asked_yes_or_no_asks_about_the_order(text: str, role: str) -> None:
    assert _read(text, role) == {"intent": "status_query", "po": text[:4]}


def test_a_plan_offered_with_a_tag_asking_leave_stays_the_plan() -> None:
    reading = _read("4504 明儿发 中不中")  # ship tomorrow, all right? the supplier's plan, not his question
    assert (reading["intent"], reading["node"]) == ("plan", "shipped")


def test_minnans_also_is_not_what() -> None:
    assert _read("4505 料嘛到了") == {"intent": "progress", "po": "4505", "node": "material_ready", "done": True}


# --- a delay whose making finishes late is of in_process, whatever machine the reason names --------------------------

@pytest.mark.parametrize("text", ["4506 抛光机坏了一台 周五才能做完", "4507 冷镦机坏了 周四才能做好"])
def test_a_making_that_finishes_only_later_is_a_delay_of_in_process(text: str) -> None:
    reading = _read(text)
    assert (reading["intent"], reading["node"]) == ("delay", "in_process")
    assert "坏了" in str(reading["reason"])


def test_a_making_late_when_the_shipping_is_said_stays_on_the_shipping_and_asks() -> None:
    reading = _read("4508 今天必须发 但是明天才能做完")
    assert (reading["intent"], reading["node"], reading["confirm"]) == ("delay", "shipped", True)


@pytest.mark.parametrize("text", ["4509 镀锡要推后一天", "4510 停水 镀膜要推后一天"])
def test_a_step_before_its_delay_word_is_read_in_full(text: str) -> None:
    reading = _read(text)
    assert (reading["intent"], reading["node"], reading["delay_days"]) == ("delay", "in_process", 1)


# --- a thing named after a step's name, arriving, is bought in ---------------------------------------------------------

def test_a_thing_named_after_a_steps_name_arriving_is_the_material() -> None:
    assert _read("4511 焊接螺母到了") == {"intent": "progress", "po": "4511", "node": "material_ready", "done": True}


def test_parts_back_from_a_step_and_a_step_done_stay_the_step() -> None:
    assert _read("4512 电镀回来了")["node"] == "in_process"
    assert _read("4513 焊接好了")["node"] == "in_process"


# --- a step's verdict ok ends its fact ----------------------------------------------------------------------------------

def test_a_first_article_ok_before_the_bulk_to_come_is_passed() -> None:
    assert _read("4514 首件ok 大货下周开") == {"intent": "progress", "po": "4514", "node": "first_process", "done": True}


def test_a_check_ok_then_a_day_to_ship_is_two_facts() -> None:
    reading = _read("4515 出货检验OK 12-10发货")
    assert (reading["node"], reading["done"]) == ("final_inspection", True)
    [plan] = reading["also"]
    assert (plan["intent"], plan["node"], plan["new_date"]) == ("plan", "shipped", "2026-12-10")


# --- Minnan's 无 before a verb is not yet ---------------------------------------------------------------------------------

def test_goods_in_not_yet_counted_in_minnan_leave_the_receipt_open_without_asking() -> None:
    assert _read("4516 到货了 还无点数", "warehouse") == {"intent": "progress", "po": "4516", "node": "received"}


def test_a_step_not_yet_done_in_minnan_is_under_way() -> None:
    assert _read("4517 抛光还无做完") == {"intent": "progress", "po": "4517", "node": "in_process", "done": False}


def test_minnans_not_yet_leaves_unable_alone() -> None:
    assert _read("4518 还无法确定")["intent"] not in ("progress", "plan", "delay")


# --- a count made in words of any making names no node ----------------------------------------------------------------

@pytest.mark.parametrize("text, done, total", [
    ("4519 一共12根 加工完9根", 9, 12), ("4520 十五件里加工好了十件", 10, 15), ("4521 已生产1800件", 1800, None),
])
def test_a_count_made_in_any_making_names_no_node(text: str, done: int, total: int | None) -> None:
    reading = _read(text)
    assert (reading["intent"], reading.get("node"), reading.get("done")) == ("progress", None, None)
    assert (reading["qty_done"], reading.get("qty_total")) == (done, total)


def test_a_step_named_in_full_with_its_count_in_a_clause_of_its_own_stays_the_step() -> None:
    assert _read("4522 车加工完成 1500件")["node"] == "in_process"


# --- a season's greeting and a cheer are wishes ---------------------------------------------------------------------------

def test_a_new_years_greeting_before_a_report_is_no_work_begun() -> None:
    assert _read("4523 开工大吉🧧 铝锭到了") == {"intent": "progress", "po": "4523", "node": "material_ready", "done": True}


def test_a_cheer_after_a_share_is_no_press_at_work() -> None:
    assert _read("4524 完成80%了 冲鸭💪") == {"intent": "progress", "po": "4524", "percent": 80}


def test_a_greeting_alone_records_nothing() -> None:
    assert _read("开工大吉")["intent"] not in ("progress", "plan")


# --- a defect taken off the pieces is rework ------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["4525 毛边 40只 修掉了", "4526 划伤 3件 磨掉了", "4527 橘皮 22只 要重抛"])
def test_a_defect_taken_off_or_a_step_to_redo_is_rework(text: str) -> None:
    reading = _read(text, "qc")
    assert (reading["intent"], reading["rework"]) == ("defect", True)


# --- a coat being put on is no goods in transit; weaving is a step; stock by any name come in on a past day ----------------

def test_a_coat_being_put_on_is_a_step_under_way_never_goods_in_transit() -> None:
    reading = _read("4528 清洗完了 在涂防锈油")
    assert (reading["intent"], reading["node"], reading["done"]) == ("progress", "in_process", False)


def test_goods_in_transit_stay_in_transit() -> None:
    assert _read("4529 货在途 明天到")["intent"] == "plan"


def test_weaving_under_way_is_in_process() -> None:
    assert _read("4530 在织 40%") == {"intent": "progress", "po": "4530", "node": "in_process", "done": False, "percent": 40}


def test_stock_by_any_name_come_in_on_a_past_day_is_the_material() -> None:
    reading = _read("4531 网丝昨天到的 今天在织了")
    assert (reading["node"], reading["done"], reading["happened_on"]) == ("material_ready", True, "2026-11-23")
    [under_way] = reading["also"]
    assert (under_way["node"], under_way["done"]) == ("in_process", False)


# --- a defect's category by the shape of its words ---------------------------------------------------------------------

@pytest.mark.parametrize("text, category", [
    ("4532 跳纱 6片 要返工", "appearance"), ("4533 抽丝 12片", "appearance"),  # knitted mesh
    ("4534 有30件颗粒 返工中", "appearance"), ("4535 贴花贴歪了 22张", "appearance"), ("4536 丝印印歪 8个", "appearance"),
    ("4537 通电测试不过 6套", "function"), ("4538 耐压不过 3台", "function"), ("4539 尺寸检测不过 5件", "dimension"),
])
def test_a_defects_category_by_the_shape_of_its_words(text: str, category: str) -> None:
    reading = _read(text, "qc")
    assert (reading["intent"], reading["category"]) == ("defect", category)


# --- the chat: message in, records out --------------------------------------------------------------------------------

async def test_a_supplier_asking_yes_or_no_records_nothing(wang: Talker, world: Database) -> None:
    await wang.says("1001 得不得明天到")

    assert await count(world, ProgressReport) == 0
    assert (await milestone(world, "PO-1001", "received")).status == "pending"


async def test_a_broken_machine_and_the_making_finished_later_delays_the_making(wang: Talker, world: Database) -> None:
    await wang.says("1001 抛光机坏了一台 周五才能做完")

    [report] = await rows(world, ProgressReport)
    assert report.kind == "delay"
    assert report.details["reading"]["node"] == "in_process"
    assert report.details["reading"]["new_date"] == date(2026, 11, 27).isoformat()


async def test_nuts_to_be_welded_arriving_make_the_material_ready(wang: Talker, world: Database) -> None:
    await wang.says("1001 焊接螺母到了")

    assert (await milestone(world, "PO-1001", "material_ready")).status == "done"
    assert (await milestone(world, "PO-1001", "in_process")).status == "pending"

