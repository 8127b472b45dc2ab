"""Working time per zone: weekends, holidays, quiet hours, and slots that follow DST changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.settings import Settings
from scheduler.calendar import Delay, WorkCalendar, parse_quiet_hours, parse_working_days

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
CAL = WorkCalendar(holidays=frozenset({date(2026, 12, 25)}))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def local(zone: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=zone).astimezone(UTC)


def test_settings_become_a_calendar() -> None:
    settings = Settings(working_days="mon,tue,wed,thu,fri,sat", holidays="2026-10-01, 2026-10-02",
                        quiet_hours="21:00-07:30", prompt_time="10:00", timezone="Europe/Berlin")
    cal = WorkCalendar.from_settings(settings)
    assert cal.working_days == frozenset(range(6))
    assert cal.holidays == {date(2026, 10, 1), date(2026, 10, 2)}
    assert cal.quiet == (time(21), time(7, 30)) and cal.prompt_time == time(10) and cal.zone == BERLIN


def test_bad_weekday_names_are_an_error_and_empty_quiet_hours_mean_never_quiet() -> None:
    with pytest.raises(ValueError):
        parse_working_days("mon,funday")
    assert parse_quiet_hours("") is None
    assert not WorkCalendar(quiet=None).is_quiet(local(SHANGHAI, 2026, 11, 24, 3))


def test_weekends_and_holidays_are_not_working_days() -> None:
    assert CAL.is_working_day(date(2026, 11, 24))
    assert not CAL.is_working_day(date(2026, 11, 28))  # Saturday
    assert not CAL.is_working_day(date(2026, 12, 25))


def test_quiet_hours_wrap_midnight_in_the_given_zone() -> None:
    assert CAL.is_quiet(local(SHANGHAI, 2026, 11, 24, 20, 0), SHANGHAI)
    assert CAL.is_quiet(local(SHANGHAI, 2026, 11, 24, 7, 59), SHANGHAI)
    assert not CAL.is_quiet(local(SHANGHAI, 2026, 11, 24, 8, 0), SHANGHAI)
    # 10:00 in Shanghai is 03:00 in Berlin: quiet there
    assert CAL.is_quiet(local(SHANGHAI, 2026, 11, 24, 10, 0), BERLIN)


def test_next_working_time_skips_the_night_the_weekend_and_holidays() -> None:
    friday_evening = local(SHANGHAI, 2026, 11, 27, 21, 0)
    assert CAL.next_working_time(friday_evening, SHANGHAI) == local(SHANGHAI, 2026, 11, 30, 8, 0)
    christmas_eve = local(SHANGHAI, 2026, 12, 24, 22, 0)
    assert CAL.next_working_time(christmas_eve, SHANGHAI) == local(SHANGHAI, 2026, 12, 28, 8, 0)
    working = local(SHANGHAI, 2026, 11, 24, 10, 0)
    assert CAL.next_working_time(working, SHANGHAI) == working


def test_working_hours_stop_at_night_and_over_the_weekend() -> None:
    friday = local(SHANGHAI, 2026, 11, 27, 18, 0)
    assert CAL.add_working_time(friday, timedelta(hours=4), SHANGHAI) == local(SHANGHAI, 2026, 11, 30, 10, 0)
    tuesday = local(SHANGHAI, 2026, 11, 24, 9, 0)
    assert CAL.add_working_time(tuesday, timedelta(hours=4), SHANGHAI) == local(SHANGHAI, 2026, 11, 24, 13, 0)
    # ending exactly at the quiet start carries on next morning
    assert CAL.add_working_time(local(SHANGHAI, 2026, 11, 24, 16), timedelta(hours=4), SHANGHAI) == \
        local(SHANGHAI, 2026, 11, 25, 8, 0)


def test_a_working_day_later_is_the_same_wall_time_on_the_next_working_day() -> None:
    friday_noon = local(SHANGHAI, 2026, 11, 27, 12, 0)
    assert CAL.after(friday_noon, Delay(days=1), SHANGHAI) == local(SHANGHAI, 2026, 11, 30, 12, 0)
    assert CAL.after(friday_noon, Delay(days=1, hours=2), SHANGHAI) == local(SHANGHAI, 2026, 11, 30, 14, 0)


def test_working_hours_count_real_hours_across_the_berlin_autumn_change() -> None:
    # Fri 18:00 CEST + 4 working hours = Mon 10:00 CET; the extra hour of Sunday night is not working time
    friday = local(BERLIN, 2026, 10, 23, 18, 0)
    assert CAL.add_working_time(friday, timedelta(hours=4), BERLIN) == local(BERLIN, 2026, 10, 26, 10, 0)
    assert CAL.add_working_time(friday, timedelta(hours=4), BERLIN) == utc(2026, 10, 26, 9, 0)


@pytest.mark.parametrize(("zone", "before", "after"), [
    # Berlin: CEST (UTC+2) until Sun 25 Oct 2026, then CET (UTC+1)
    (BERLIN, (2026, 10, 23, 7, 30), (2026, 10, 26, 8, 30)),
    # Berlin spring: CET until Sun 29 Mar 2026, then CEST
    (BERLIN, (2026, 3, 27, 8, 30), (2026, 3, 30, 7, 30)),
    # New York: EDT (UTC-4) until Sun 1 Nov 2026, then EST (UTC-5)
    (NEW_YORK, (2026, 10, 30, 13, 30), (2026, 11, 2, 14, 30)),
    # New York spring: EST until Sun 8 Mar 2026, then EDT
    (NEW_YORK, (2026, 3, 6, 14, 30), (2026, 3, 9, 13, 30)),
])
def test_prompt_slots_stay_at_0930_local_across_a_dst_change(
    zone: ZoneInfo, before: tuple[int, ...], after: tuple[int, ...]
) -> None:
    first, last = date(*before[:3]), date(*after[:3])
    slots = CAL.prompt_slots(first, last, zone)
    assert slots == [utc(*before), utc(*after)]  # Friday and Monday; no weekend slots
    assert all(slot.astimezone(zone).time() == time(9, 30) for slot in slots)


def test_node_day_slots_are_the_day_before_and_the_day_of_moved_to_working_days() -> None:
    # due Monday 30 Nov: the day before is Sunday -> Friday 27th
    days = CAL.prompt_days(date(2026, 11, 23), date(2026, 12, 4), [date(2026, 11, 30)], daily=False)
    assert days == [date(2026, 11, 27), date(2026, 11, 30)]
    # daily includes them anyway, skipping the weekend
    assert len(CAL.prompt_days(date(2026, 11, 23), date(2026, 11, 29), [date(2026, 11, 30)])) == 5


def test_a_slot_is_due_after_its_time_on_a_working_day_outside_quiet_hours() -> None:
    wall = time(9, 30)
    assert CAL.due_slot(local(SHANGHAI, 2026, 11, 24, 9, 29), SHANGHAI, wall) is None
    assert CAL.due_slot(local(SHANGHAI, 2026, 11, 24, 15, 0), SHANGHAI, wall) == local(SHANGHAI, 2026, 11, 24, 9, 30)
    assert CAL.due_slot(local(SHANGHAI, 2026, 11, 24, 20, 30), SHANGHAI, wall) is None  # quiet
    assert CAL.due_slot(local(SHANGHAI, 2026, 11, 28, 10, 0), SHANGHAI, wall) is None  # Saturday
