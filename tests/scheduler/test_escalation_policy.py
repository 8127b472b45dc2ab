"""The ladder as pure decisions: first step, times of each level, repeats, catch-up, priorities."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from scheduler.calendar import Delay, WorkCalendar
from scheduler.escalation import (
    DEFAULT_POLICIES,
    EscalationPolicy,
    LadderState,
    Level,
    Step,
    advance,
    first_state,
    next_follow_up,
    policy_for,
)
from storage.models import BindingRole

SHANGHAI = ZoneInfo("Asia/Shanghai")
CAL = WorkCalendar()
NORMAL = policy_for("normal")


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI).astimezone(UTC)


def zones(_role: BindingRole) -> ZoneInfo:
    return SHANGHAI


def test_an_overdue_node_starts_at_l0_in_the_first_working_hour_after_its_date() -> None:
    state = first_state(NORMAL, kind="overdue", severity="medium", due_at=at(2026, 11, 25), calendar=CAL,
                        zone_for=zones)
    assert state == LadderState(0, 0, at(2026, 11, 25, 8))


def test_defects_start_at_l1_at_once_in_working_time_and_critical_ones_at_night_too() -> None:
    noon = at(2026, 11, 24, 12, 5)
    assert first_state(NORMAL, kind="defect", severity="high", due_at=noon, calendar=CAL, zone_for=zones) == \
        LadderState(1, 0, noon)
    night = at(2026, 11, 24, 23)
    assert first_state(NORMAL, kind="inspection_failed", severity="high", due_at=night, calendar=CAL,
                       zone_for=zones).next_at == at(2026, 11, 25, 8)
    assert first_state(NORMAL, kind="defect", severity="critical", due_at=night, calendar=CAL,
                       zone_for=zones).next_at == night


def walk(policy: EscalationPolicy, state: LadderState, times: list[datetime]) -> list[Step]:
    fired = []
    for now in times:
        steps, state = advance(policy, state, now, calendar=CAL, zone_for=zones)
        fired += steps
    return fired


def test_the_normal_ladder_climbs_l0_l1_l2_then_repeats_on_working_days() -> None:
    state = LadderState(0, 0, at(2026, 11, 25, 8))  # Wednesday
    steps, state = advance(NORMAL, state, at(2026, 11, 25, 8), calendar=CAL, zone_for=zones)
    assert steps == [Step(0, 0, at(2026, 11, 25, 8))] and state == LadderState(1, 0, at(2026, 11, 25, 12))
    steps, state = advance(NORMAL, state, at(2026, 11, 25, 12), calendar=CAL, zone_for=zones)
    assert steps == [Step(1, 0, at(2026, 11, 25, 12))] and state == LadderState(2, 0, at(2026, 11, 26, 12))
    steps, state = advance(NORMAL, state, at(2026, 11, 26, 12), calendar=CAL, zone_for=zones)
    assert state == LadderState(2, 1, at(2026, 11, 27, 12))
    steps, state = advance(NORMAL, state, at(2026, 11, 27, 12), calendar=CAL, zone_for=zones)
    assert state == LadderState(2, 2, at(2026, 11, 30, 12))  # over the weekend
    steps, state = advance(NORMAL, state, at(2026, 11, 30, 12), calendar=CAL, zone_for=zones)
    assert steps == [Step(2, 2, at(2026, 11, 30, 12))] and state.next_at is None


def test_after_downtime_each_level_fires_once_and_repeats_restart_from_now() -> None:
    state = LadderState(0, 0, at(2026, 11, 25, 8))
    later = at(2026, 11, 30, 9)  # five days down
    steps, state = advance(NORMAL, state, later, calendar=CAL, zone_for=zones)
    assert [(s.level, s.repeat) for s in steps] == [(0, 0), (1, 0), (2, 0)]
    # the missed repeats are not replayed: the first repeat counts from now
    assert state == LadderState(2, 1, at(2026, 12, 1, 9))


def test_urgent_orders_climb_faster() -> None:
    urgent = policy_for("urgent")
    state = LadderState(0, 0, at(2026, 11, 25, 8))
    times = [at(2026, 11, 25, h) for h in range(8, 20)]
    fired = walk(urgent, state, times)
    assert [(s.level, s.repeat, s.due_at) for s in fired][:3] == [
        (0, 0, at(2026, 11, 25, 8)), (1, 0, at(2026, 11, 25, 9)), (2, 0, at(2026, 11, 25, 13))]
    assert policy_for("unknown") is DEFAULT_POLICIES["normal"]


def test_follow_ups_stop_after_the_policy_count() -> None:
    assert next_follow_up(NORMAL, 0, at(2026, 11, 25, 10), calendar=CAL, zone=SHANGHAI) == at(2026, 11, 26, 10)
    assert next_follow_up(NORMAL, NORMAL.follow_ups, at(2026, 11, 25, 10), calendar=CAL, zone=SHANGHAI) is None


def test_a_custom_policy_needs_consecutive_levels() -> None:
    with pytest.raises(ValueError):
        EscalationPolicy(levels=(Level(0, BindingRole.SUPPLIER, Delay()), Level(2, BindingRole.MANAGERS, Delay())))
