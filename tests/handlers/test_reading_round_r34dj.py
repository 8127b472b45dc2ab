"""Round 34 (r34dj): Hunan's Xiang speech typed with fuzzy pinyin, and Singapore's and Malaysia's chat English of redoing
a finish.

Xiang names its days with 日子 (明日子 tomorrow), says and types hu for f (花货 for 发货, 花哒 for 发了), and 哪 as lan
(兰天 for 哪天). Southern speakers type with the input methods' fuzzy pinyin: z c s for zh ch sh, n and l as one, -in
as -ing (粗货 出货, 宗检 终检, 叟件 首件, 民天 明天), never the other way round (开始 stays 开始, 王工 a person).
元旦前 is the 31st of December; 年底 by name, the solar year's end or the
lunar one, is asked. `deburr again`, `polish again` and `re-pickling` are rework."""

from __future__ import annotations

from datetime import date

from handlers.dates import find_dates
from handlers.reading_words import repair
from tests.handlers.monday_reading import read as _read


def test_xiang_days_with_zi_are_the_days() -> None:
    assert _read("51001 明日子发货").new_date == date(2026, 12, 8)
    reading = _read("51002 后日子才能发")
    assert (reading.node, reading.new_date) == ("shipped", date(2026, 12, 9))
    assert _read("今日子要催哪几单", role="buyer").intent == "today_query"


def test_a_reason_after_a_xiang_day_keeps_no_stray_character() -> None:
    reading = _read("51003 今日子停电 发货要晚三天")
    assert (reading.intent, reading.node, reading.delay_days) == ("delay", "shipped", 3)
    # the day that dates the cause stays in the reason (round h41reason), the 子 of the day's word never alone
    assert reading.reason is not None and "今日" in reading.reason and "停电" in reading.reason \
        and "子" not in reading.reason


def test_hu_typed_for_f_is_shipping() -> None:
    assert (_read("51004 花货推迟到下周四").intent, _read("51004 花货推迟到下周四").node) == ("delay", "shipped")
    reading = _read("51005 花哒 四百套 剩下的下周花")
    assert (reading.intent, reading.qty, reading.all) == ("shipment", 400, False)
    assert _read("51006 周三花货").new_date == date(2026, 12, 9)


def test_hua_of_a_decal_or_a_scratch_stays() -> None:
    reading = _read("51007 贴花完了")
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)


def test_lan_tian_asks_which_day() -> None:
    assert _read("51008 兰天花货", role="buyer").intent == "status_query"


def test_flat_tongue_and_n_l_slips_are_the_keywords() -> None:
    assert _read("51009 粗货推迟到下周五").node == "shipped"
    assert (_read("51010 宗检过哒").node, _read("51010 宗检过哒").done) == ("final_inspection", True)
    assert _read("51011 叟件过哒").node == "first_process"
    assert _read("51012 那批货民天发").new_date == date(2026, 12, 8)
    assert _read("51013 新期五花货").new_date == date(2026, 12, 11)


def test_a_retroflex_typed_for_a_flat_sound_is_no_slip() -> None:
    assert repair("51014 纸箱到了 今天开始印刷", "51014 纸箱到了 今天开始印刷")[0] == "51014 纸箱到了 今天开始印刷"
    assert repair("51014 还差料", "51014 还差料")[0] == "51014 还差料"  # no 材料
    assert _read("王工 51015的铝材昨天到了").node == "material_ready"
    assert _read("51016 首件做好了 自检合格").confirm is None  # 自检, the shop's own check, is no 质检


def test_before_new_years_day_is_december_31_and_the_year_end_by_name_is_asked() -> None:
    reading = _read("51018 元旦前发完")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "shipped", date(2026, 12, 31))
    assert _read("51017 连底前肯定花完").confirm is True  # the solar year's end or the lunar one?
    assert _read("51017 年底前肯定发完").confirm is True
    reading = _read("51019 延到1月8号 年底人手紧")
    assert (reading.new_date, reading.confirm) == (date(2027, 1, 8), None)  # 年底 saying when hands are short


def test_a_finish_done_again_is_rework() -> None:
    assert _read("51020 12pcs burr, deburr again").rework is True
    assert _read("51021 6pcs dent, polish again").rework is True
    assert _read("51022 3pcs rust, re-pickling").rework is True


def test_raw_mat_on_the_way_is_material_not_goods() -> None:
    reading = _read("51023 raw mat still on the way")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", False)


def test_fnish_is_finish() -> None:
    reading = _read("51024 fnish turning liao")
    assert (reading.node, reading.done) == ("in_process", True)


def test_in_before_a_step_is_the_step_under_way() -> None:
    reading = _read("51025 in welding")
    assert (reading.node, reading.done) == ("in_process", False)


def test_a_step_done_then_now_the_next_is_shown_first() -> None:
    assert _read("51026 turning done, now doing knurling").confirm is True  # done, or going on at the next step?
    assert _read("51027 milling done, now go plating").confirm is None  # sent on to a vendor: the milling done


def test_stainless_stock_by_its_jis_name_is_material() -> None:
    reading = _read("51028 SUS bar reach 800kg")
    assert (reading.node, reading.done, reading.amount) == ("material_ready", True, 800)


def test_singlish_yesterday_shortened_is_a_thing_that_happened() -> None:
    reading = _read("51029 material arrive ytd")
    assert (reading.node, reading.done, reading.happened_on, reading.confirm) == (
        "material_ready", True, date(2026, 12, 6), None)


def test_ship_finish_already_is_all_shipped_and_said() -> None:
    reading = _read("51030 all ship finish already")
    assert (reading.intent, reading.all, reading.confirm) == ("shipment", True, None)


def test_anodizing_and_malay_buat_are_words_the_reading_accounts_for() -> None:
    assert _read("51031 anodizing 45% liao").confirm is None
    assert _read("51032 FAI buat already, pass").confirm is None


def test_the_day_before_new_years_day_is_the_nearest_one() -> None:
    """元旦前 said in December is this year's 31st; said in January, the 31st just past, never eleven months ahead."""
    assert [d.value for d in find_dates("元旦前能发", date(2026, 12, 7))] == [date(2026, 12, 31)]
    assert [d.value for d in find_dates("元旦前就发了", date(2027, 1, 10))] == [date(2026, 12, 31)]
