"""Round 30 (r30cl): silent misrecords of stop 36's exams (CL's Taizhou valve shops, CN's Taglish, CO's battery packs)
turned right or asked first, each by a mechanism several corpora (or a register's own words) share.

A first article sent over with the buyer's look asked after it awaits its verdict; an apology straight before what
is so puts the last report right; a casting's flaw beside the leak it makes is the leak's function; Tagalog's
particle `ng` is never NG; a cylindrical cell's size beside the cells is never a second order. The lines below are
written in the corpora's style, not copied from them.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.parsing import Reading, read_message

_TZ = ZoneInfo("Asia/Shanghai")
_NOW = datetime(2026, 12, 2, 10, 0, tzinfo=_TZ)  # a Wednesday


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


@pytest.mark.parametrize("text", ["6301 首件做好送过来了 你们检一下", "6302 首件做好了 送过来了，你们验一下",
                                  "6303 首件拿过去了 你们看一下"])
def test_a_first_article_sent_over_then_the_look_asked_awaits_its_verdict(text: str) -> None:
    reading = _read(text)
    assert (reading.intent, reading.node, reading.done) == ("progress", "first_process", False)
    assert reading.confirm


def test_a_first_article_passed_after_it_was_sent_stays_passed() -> None:
    reading = _read("6304 首件送过去了 客户确认合格了")
    assert (reading.node, reading.done) == ("first_process", True)


@pytest.mark.parametrize(("text", "field", "value"), [("不好意思 实际发了720只", "qty", 720),
                                                      ("不好意思 是第二批", "lot_seq", 2),
                                                      ("抱歉，是百分之六十", "percent", 60),
                                                      ("对不起 其实是12箱", "packages", 12)])
def test_an_apology_straight_before_what_is_so_corrects_the_last_report(text: str, field: str, value: int) -> None:
    reading = _read(text)
    assert reading.intent == "correct"
    assert getattr(reading, field) == value


@pytest.mark.parametrize("text", ["不好意思 发了500件", "6310 要往后推三天 实在不好意思", "不好意思"])
def test_an_apology_before_a_report_or_after_a_delay_is_courtesy(text: str) -> None:
    assert _read(text).intent != "correct"


def test_the_wrong_order_after_an_apology_stays_the_order_corrected() -> None:
    reading = _read("不好意思 单号发错 是6320")
    assert (reading.intent, reading.po, reading.qty_done) == ("correct", "6320", None)


@pytest.mark.parametrize("text", ["6330 有18只砂眼 试压漏水", "6331 缸体缩松漏气 9件", "6332 有5件缩松 打压漏了"])
def test_a_casting_flaw_beside_its_leak_is_a_function_defect(text: str) -> None:
    reading = _read(text, role="qc")
    assert (reading.intent, reading.category) == ("defect", "function")


@pytest.mark.parametrize(("text", "category"), [("6333 砂眼 12只", "material"), ("6334 压铸件气孔 20个", "material"),
                                                ("6335 试压漏水 4只", "function")])
def test_a_flaw_or_a_leak_alone_keeps_its_category(text: str, category: str) -> None:
    reading = _read(text, role="qc")
    assert (reading.intent, reading.category) == ("defect", category)


@pytest.mark.parametrize("text", ["6340 tapos na yung crimping ng wire", "6341 nag-start na kami ng plating kahapon",
                                  "6342 na-pack na lahat ng carton"])
def test_tagalogs_particle_ng_is_no_reject(text: str) -> None:
    reading = _read(text)
    assert reading.intent != "defect"


@pytest.mark.parametrize("text", ["6343 ng 3个 已挑出", "6344 NG 5 pcs scratch", "6345 reject 4 pcs NG, mali ang kulay"])
def test_ng_the_label_stays_a_reject(text: str) -> None:
    assert _read(text, role="qc").intent == "defect"


@pytest.mark.parametrize("text", ["18020 在焊接 21700 今天焊了800组", "18021 电芯到齐了 18650 A品",
                                  "18022 在点焊，26650镍片焊了一半"])
def test_a_cells_size_beside_the_cells_is_no_second_order(text: str) -> None:
    reading = _read(text)
    assert reading.po in ("18020", "18021", "18022")
    assert not any(item.po in ("21700", "18650", "26650") for item in reading.also or ())


def test_a_cell_sized_number_named_as_the_order_stays_the_order() -> None:
    assert _read("单号14500 明天发货").po == "14500"
