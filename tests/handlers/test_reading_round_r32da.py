"""Round 32 (r32da): stop 37's DA (Gen-Z merchandisers, clerks and QC of Hangzhou, Shaoxing and Huzhou apparel, knitwear
and bag shops) read by mechanisms the register's many lines (and CU's home textiles) share.

The apparel shop's steps (开裁, 车位, 上领, 后道, 剪线头) are the making, its pre-production sample and first garment the
first article, the brand's end check at the factory (尾查) the final inspection; its stock (面料, 辅料, 吊牌) arriving is
material come; its defects (断线, 开线, 袋口歪, 吊牌挂错) fall in their categories and its remedies (补钻, 换拉链) are
rework. 啦 ends a clause said done as 了 does; a step after 到了就 is what will be done once the stock comes; the
internet's slang (yyds, 家人们, 拿捏了, 救命) carries no fact. The lines below are written in the register's style, not
copied from the exam.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message
from handlers.reading_filler import blank_filler

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 2, 10, 0, tzinfo=_TZ)  # a Wednesday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


@pytest.mark.parametrize("text", ["7301 连衣裙在上领 做了一半", "7302 在后道 60%了", "7303 卫裤在剪线头", "7304 羽绒服在充绒",
                                  "7305 外套在锁眼钉扣"])
def test_the_apparel_shops_steps_under_way_are_in_process(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)


@pytest.mark.parametrize("text", ["7306 后整做完了", "7307 裁片都裁好了", "7308 钱包油边做好了"])
def test_the_apparel_shops_steps_done_are_in_process_done(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)


def test_trimming_the_threads_is_a_step_never_the_loose_thread_defect() -> None:
    reading = _read("7309 正在剪线头")
    assert (reading.intent, reading.node) == ("progress", "in_process")


@pytest.mark.parametrize("text", ["7310 开裁了", "7311 裁床在裁"])
def test_the_cutting_room_begun_is_the_making_under_way(text: str) -> None:
    reading = _read(text)
    assert (reading.node, reading.done) == ("in_process", False)


@pytest.mark.parametrize(("text", "node"), [("7312 产前样过了", "first_process"), ("7313 头件做好了", "first_process"),
                                            ("7314 尾查过了", "final_inspection")])
def test_the_sample_the_first_garment_and_the_brands_end_check(text: str, node: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", node, True)


@pytest.mark.parametrize("text", ["7315 里布到了", "7316 洗水唛领标都到了", "7317 辅料今天到的"])
def test_the_trades_stock_come_in_is_material_ready(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)


@pytest.mark.parametrize(("text", "category"), [("7318 断线 6件", "appearance"), ("7319 跳线 11件", "appearance"),
                                                ("7320 袋口歪 8件", "dimension"), ("7321 开线 5件", "function"),
                                                ("7322 吊牌挂错 12件", "packaging")])
def test_a_garments_defects_fall_in_their_categories(text: str, category: str) -> None:
    reading = _read(text, "qc")
    assert (reading.intent, reading.category) == ("defect", category)


@pytest.mark.parametrize("text", ["7323 掉钻 9件 要补钻", "7324 拉链坏 4个 要换拉链"])
def test_stones_set_again_and_a_zip_changed_are_rework(text: str) -> None:
    reading = _read(text, "qc")
    assert (reading.intent, reading.rework) == ("defect", True)


def test_la_ends_a_clause_said_done_as_le_does() -> None:
    reading = _read("7325 终检过啦 打包中")
    assert (reading.node, reading.done) == ("final_inspection", True)


def test_everything_come_said_with_la_is_done() -> None:
    reading = _read("7326 料都齐啦")
    assert (reading.node, reading.done) == ("material_ready", True)


def test_a_step_once_the_stock_has_come_is_no_step_done() -> None:
    reading = _read("7327 里布后天到 到了就车")
    assert (reading.intent, reading.node, reading.also) == ("plan", "material_ready", None)


@pytest.mark.parametrize("text", ["7328 首件ok了 yyds", "家人们 7329 面料到了", "7330 后道做完了 拿捏了"])
def test_the_internets_slang_carries_no_fact_and_asks_nothing(text: str) -> None:
    reading = _read(text)
    assert reading.intent == "progress" and reading.done is True and not reading.confirm


@pytest.mark.parametrize("text", ["客户拒绝了", "这种问题要杜绝了"])
def test_a_word_that_holds_jue_le_of_its_own_is_kept(text: str) -> None:
    assert blank_filler(text) == text


def test_the_slang_is_blanked_span_for_span() -> None:
    assert blank_filler("到了yyds 宝子们") == "到了     " + "   "


@pytest.mark.parametrize(("text", "day"), [("7332 后朝送货", 4), ("7333 大后朝送货", 5)])
def test_wu_and_gans_day_after_tomorrow_is_a_day_to_come(text: str, day: int) -> None:
    reading = _read(text)
    assert (reading.intent, reading.new_date) == ("plan", _NOW.date().replace(day=day))
