"""Round r34dm: days said by the lunar calendar and its festivals, around the Chinese New Year (stop 38's DM writer).

A lunar month's day (`腊月廿六`, `正月十二`), a festival that is one day (`腊八`, `除夕`, `年三十`, `大年夜`, `元宵`) and
`初X` alone are real days: the reader computes them from the lunar calendar (the `lunar_python` library, never a table of
ours) and shows the reading first, as docs/reading-corpus.md rules for `延到年后初十`. A festival or season that names
no single day (`元宵节后`, `过完年`, `上旬`, `小年`, `年前`) is never made a date. The 2027 New Year (正月初一) is
February 6th and its 腊月 has 29 days, so 除夕 is 腊月廿九, February 5th."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.dates import find_dates
from handlers.lunar_calendar import LAST_DAY, lunar_day, next_lunar_day_of_month
from handlers.parsing import read_message

_TZ = ZoneInfo("Asia/Shanghai")
_DEC = datetime(2026, 12, 28, 9, 0, tzinfo=_TZ)  # 冬月十九
_JAN = datetime(2027, 1, 20, 9, 0, tzinfo=_TZ)  # 腊月十三
_FEB = datetime(2027, 2, 11, 9, 0, tzinfo=_TZ)  # 正月初六


def test_the_lunar_calendar_is_the_librarys() -> None:
    assert lunar_day(1, 1, date(2026, 12, 28)) == date(2027, 2, 6)
    assert lunar_day(12, LAST_DAY, date(2026, 12, 28)) == date(2027, 2, 5)  # 腊月 of 29 days: 除夕 is 廿九
    assert lunar_day(12, 30, date(2026, 12, 28)) is None
    assert lunar_day(12, 8, date(2027, 1, 20)) == date(2027, 1, 15)  # the 腊八 just past, not next year's
    assert next_lunar_day_of_month(9, date(2027, 2, 11)) == date(2027, 2, 14)  # 初九 alone: this month's, ahead


@pytest.mark.parametrize(("text", "day"), [
    ("9901 腊月廿六前发", date(2027, 2, 2)),
    ("9902 腊月十七发货", date(2027, 1, 24)),
    ("9903 正月十二发", date(2027, 2, 17)),
    ("9904 正月半前发", date(2027, 2, 20)),
    ("9905 元宵前发货", date(2027, 2, 20)),
    ("9906 除夕前发", date(2027, 2, 5)),
    ("9907 年后初九发", date(2027, 2, 14)),
])
def test_a_lunar_day_is_the_day_it_names_shown_first(text: str, day: date) -> None:
    reading = read_message(text, role="supplier", now=_JAN)
    assert (reading.intent, reading.node, reading.new_date, reading.confirm) == ("plan", "shipped", day, True)


def test_a_festival_the_day_before_is_the_day_before() -> None:
    reading = read_message("9908 年三十前一天送到你厂里", role="supplier", now=_JAN)
    assert (reading.intent, reading.node, reading.new_date, reading.confirm) == ("plan", "received", date(2027, 2, 4), True)
    assert read_message("9909 1月20号前一天发", role="supplier", now=_DEC).new_date == date(2027, 1, 19)


def test_a_lunar_day_of_a_shipment_done_is_when_it_happened() -> None:
    reading = read_message("9910 腊月初十发的", role="supplier", now=_JAN)
    assert (reading.intent, reading.happened_on, reading.confirm) == ("shipment", date(2027, 1, 17), True)


def test_a_bare_lunar_day_after_the_new_year_is_this_months() -> None:
    reading = read_message("9911 初九能发", role="supplier", now=_FEB)
    assert (reading.intent, reading.new_date, reading.confirm) == ("plan", date(2027, 2, 14), True)
    assert read_message("初九再问我", role="supplier", now=_FEB).new_date == date(2027, 2, 14)


@pytest.mark.parametrize("text", ["元宵节后", "过完元宵", "元宵前后", "小年前", "年前", "过完年", "下旬", "腊八粥", "元宵节快乐"])
def test_a_festival_or_season_that_names_no_single_day_is_no_date(text: str) -> None:
    assert find_dates(text, date(2027, 1, 20)) == []


@pytest.mark.parametrize("text", ["9912 小年前发掉", "9913 年前发掉", "9914 过完年再发"])
def test_a_shipping_promised_by_a_season_with_no_day_is_asked(text: str) -> None:
    reading = read_message(text, role="supplier", now=_JAN)
    assert reading.intent == "clarify"
    assert reading.new_date is None


def test_a_shipment_made_before_the_new_year_stays_a_shipment() -> None:
    reading = read_message("9915 年前都发掉了", role="supplier", now=_FEB)
    assert (reading.intent, reading.new_date) == ("shipment", None)


@pytest.mark.parametrize("text", ["9916 人手不够 要推到元宵节后", "9917 要延到下个月中旬"])
def test_a_delay_to_a_season_has_no_day_and_is_shown_first(text: str) -> None:
    reading = read_message(text, role="supplier", now=_JAN)
    assert (reading.intent, reading.new_date, reading.confirm) == ("delay", None, True)
    assert reading.reason is None or not any(word in reading.reason for word in ("元宵", "中旬"))


def test_the_day_the_works_stops_dates_the_cause_not_the_move() -> None:
    reading = read_message("9918 腊月廿五放假 赶不上了 要过完年发", role="supplier", now=_JAN)
    assert (reading.intent, reading.new_date, reading.confirm) == ("delay", None, True)
    assert "放假" in (reading.reason or "")
    moved = read_message("9919 延期到1月28号 停产", role="supplier", now=_JAN)
    assert (moved.intent, moved.new_date) == ("delay", date(2027, 1, 28))


def test_a_festival_after_an_order_is_no_money() -> None:
    reading = read_message("9920 元宵前做好", role="supplier", now=_JAN)
    assert reading.po == "9920"


@pytest.mark.parametrize("text", ["9921 真空度不够 有7只", "9922 保温不合格 4只"])
def test_a_cups_vacuum_or_heat_retention_failing_is_of_its_function(text: str) -> None:
    reading = read_message(text, role="qc", now=_JAN)
    assert (reading.intent, reading.category) == ("defect", "function")


def test_a_ton_and_a_half_is_one_and_a_half_tons() -> None:
    reading = read_message("9923 铜棒到了 一吨半", role="supplier", now=_JAN)
    assert (reading.node, reading.done, reading.amount, reading.unit) == ("material_ready", True, 1.5, "吨")


def test_stock_come_before_the_new_year_is_stock_come_in() -> None:
    reading = read_message("9924 料年前就到了 今日开工在冲压", role="supplier", now=_FEB)
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)
    assert reading.also is not None and reading.also[0].node == "in_process"


def test_a_stock_take_puts_the_shipping_off() -> None:
    reading = read_message("9925 仓库今天盘点 明天再发", role="supplier", now=_JAN)
    assert (reading.intent, reading.node, reading.new_date) == ("delay", "shipped", date(2027, 1, 21))
    assert "盘点" in (reading.reason or "")
