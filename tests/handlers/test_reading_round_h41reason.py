"""Round h41reason: a delay's (and shortage's) reason is the sender's words as typed, never a residue with holes.

Only the delay's own words are cut (its late word, duration, the day moved to and the words beside it); a day that
dates the cause stays in the reason's text (`今天停电`), and is still no new date; a piece that is only a day or a word
of the delay's clause is no reason."""

from __future__ import annotations

from datetime import date

from tests.handlers.monday_reading import read as _read


def test_the_day_that_dates_the_cause_stays_in_the_reason_and_is_no_date() -> None:
    reading = _read("今天停电，1017要晚两天")
    assert (reading.intent, reading.po, reading.delay_days, reading.new_date) == ("delay", "1017", 2, None)
    assert reading.reason == "今天停电"
    assert _read("1017 推到下礼拜五 今天热处理炉坏了").reason == "今天热处理炉坏了"


def test_a_day_to_come_of_the_cause_stays_but_the_day_moved_to_does_not() -> None:
    reading = _read("1017 明天停水 后天再发")
    assert (reading.node, reading.new_date, reading.reason) == ("shipped", date(2026, 12, 9), "明天停水")
    assert _read("1017 发货往后推三天 明天停水").reason == "明天停水"
    assert _read("1017 往后推三天 客户明天要来验厂").reason == "客户明天要来验厂"
    assert _read("1017 明天下大雨 路封了 发货晚一天").reason == "明天下大雨 路封了"


def test_the_week_of_a_cause_s_day_is_no_filler_of_the_delay() -> None:
    reading = _read("1017 验船师下周二才来 发货要推到下周三")
    assert (reading.node, reading.new_date, reading.reason) == ("shipped", date(2026, 12, 16), "验船师下周二才来")
    assert _read("1017 铸造厂说下礼拜才能出 要晚一个礼拜").reason == "铸造厂说下礼拜才能出"


def test_a_step_of_a_works_that_cannot_fit_it_in_stays_in_its_clause() -> None:
    assert _read("1017 第三方探伤排不上 要晚三天").reason == "第三方探伤排不上"
    assert _read("1017 电镀那边排不上 可能要推两天").reason == "电镀那边排不上"


def test_a_day_or_a_word_of_the_delay_s_clause_alone_is_no_reason() -> None:
    assert _read("1017 今天做不完 要晚一天").reason is None
    assert _read("1017 这礼拜焊不完了 下礼拜三吧").reason is None
    assert _read("1017 要晚两天 周五发").reason is None
    assert _read("1017 明天停水 后天再发").reason == "明天停水"  # not `明天停水 发`
