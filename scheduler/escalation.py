"""Escalation ladders and the pure decisions over them: which step fires when.

A ladder is a list of levels, each a chat role and a delay after the level before it:
L0 reminds the supplier's chat when the node falls due, L1 tells the buyers after a grace
period, L2 the managers after a longer one; the top level then repeats a few times.
Urgent orders climb faster. An acknowledgement stops the ladder and instead re-notifies
the owner while the exception stays unresolved (PagerDuty's answer to "ack, then forget");
when it is still open after the policy's acknowledgement timeout, it returns to the ladder
at the level it had reached, in a new round (PagerDuty's acknowledgement timeout).

State on `ExceptionTicket`: while not acknowledged, `level`/`repeat` name the *pending*
step, due at `next_escalation_at` (None once the ladder is spent). After an
acknowledgement `level` is the highest level reached and `repeat` counts the follow-ups
sent. `ladder_round` counts the returns. The `EscalationStep` rows are the history and the
exactly-once guard, unique per (exception, round, level, repeat).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

from scheduler.calendar import Delay, WorkCalendar
from storage.models import BindingRole, ExceptionKind, Priority, Severity

DEFAULT_START_LEVELS: Mapping[str, int] = MappingProxyType({
    ExceptionKind.DEFECT.value: 1,  # the supplier told us; the buyers must know at once
    ExceptionKind.INSPECTION_FAILED.value: 1,
    ExceptionKind.DELAY.value: 1,  # reported by the supplier itself: reminding it makes no sense
    ExceptionKind.MATERIAL_SHORTAGE.value: 1,
})


@dataclass(frozen=True)
class Level:
    number: int
    role: BindingRole
    after: Delay  # after the previous level fired; for the first level, after the due time


@dataclass(frozen=True)
class EscalationPolicy:
    levels: tuple[Level, ...]
    repeats: int = 2  # how often the top level is repeated
    repeat_every: Delay = Delay(days=1)
    follow_up: Delay = Delay(days=1)  # re-notify the owner this long after an acknowledgement...
    follow_ups: int = 2  # ...at most this many times
    ack_timeout: Delay | None = Delay(days=5)  # still open this long after it: back on the ladder (None: never)
    start_levels: Mapping[str, int] = field(default_factory=lambda: DEFAULT_START_LEVELS)

    def __post_init__(self) -> None:
        numbers = [level.number for level in self.levels]
        if not numbers or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            raise ValueError("levels must be consecutive, lowest first")

    @property
    def top(self) -> int:
        return self.levels[-1].number

    def level(self, number: int) -> Level:
        first = self.levels[0].number
        return self.levels[min(max(number, first), self.top) - first]

    def start_level(self, kind: str) -> int:
        return self.level(self.start_levels.get(kind, self.levels[0].number)).number

    def following(self, level: int, repeat: int) -> tuple[int, int] | None:
        """The step after (level, repeat), or None when the ladder is spent."""
        if level < self.top:
            return level + 1, 0
        if repeat < self.repeats:
            return level, repeat + 1
        return None

    def delay_before(self, level: int, repeat: int) -> Delay:
        return self.repeat_every if repeat > 0 else self.level(level).after


DEFAULT_POLICIES: Mapping[str, EscalationPolicy] = MappingProxyType({
    Priority.NORMAL.value: EscalationPolicy(
        levels=(Level(0, BindingRole.SUPPLIER, Delay()), Level(1, BindingRole.BUYERS, Delay(hours=4)),
                Level(2, BindingRole.MANAGERS, Delay(days=1))),
    ),
    Priority.HIGH.value: EscalationPolicy(
        levels=(Level(0, BindingRole.SUPPLIER, Delay()), Level(1, BindingRole.BUYERS, Delay(hours=2)),
                Level(2, BindingRole.MANAGERS, Delay(hours=8))),
        repeat_every=Delay(hours=8), follow_up=Delay(hours=8), ack_timeout=Delay(days=2),
    ),
    Priority.URGENT.value: EscalationPolicy(
        levels=(Level(0, BindingRole.SUPPLIER, Delay()), Level(1, BindingRole.BUYERS, Delay(hours=1)),
                Level(2, BindingRole.MANAGERS, Delay(hours=4))),
        repeats=3, repeat_every=Delay(hours=4), follow_up=Delay(hours=4), follow_ups=3, ack_timeout=Delay(days=1),
    ),
})


_TIMEOUT = re.compile(r"^(?P<priority>[a-z]+)\s*=\s*(?:(?P<never>never|off)|(?P<n>\d{1,3}(?:\.\d+)?)\s*(?P<unit>[dh]))$")


def parse_ack_timeouts(text: str) -> dict[str, Delay | None]:
    """`normal=5d, high=2d, urgent=8h` → the acknowledgement timeout per priority, in working days
    or working hours (`never`: an acknowledgement holds until resolved). Raises ValueError naming
    the bad entry."""
    known = {priority.value for priority in Priority}
    timeouts: dict[str, Delay | None] = {}
    for item in (part.strip().lower() for part in text.split(",")):
        if not item:
            continue
        match = _TIMEOUT.match(item)
        if match is None or match["priority"] not in known:
            raise ValueError(f"{item!r}: write priority=time, e.g. normal=5d, high=2d, urgent=8h "
                             f"(priorities {', '.join(sorted(known))}; d working days, h working hours; or never)")
        if match["never"]:
            timeouts[match["priority"]] = None
        elif match["unit"] == "d":
            if not float(match["n"]).is_integer():
                raise ValueError(f"{item!r}: whole working days, or hours (e.g. 12h)")
            timeouts[match["priority"]] = Delay(days=int(float(match["n"])))
        else:
            timeouts[match["priority"]] = Delay(hours=float(match["n"]))
    return timeouts


def with_ack_timeouts(
    policies: Mapping[str, EscalationPolicy], timeouts: Mapping[str, Delay | None],
) -> Mapping[str, EscalationPolicy]:
    """The policies with the acknowledgement timeouts the settings give (others keep theirs)."""
    return MappingProxyType({priority: replace(policy, ack_timeout=timeouts[priority]) if priority in timeouts
                             else policy for priority, policy in policies.items()})


def policy_for(priority: str | None, policies: Mapping[str, EscalationPolicy] | None = None) -> EscalationPolicy:
    table = policies or DEFAULT_POLICIES
    return table.get(priority or Priority.NORMAL.value) or table[Priority.NORMAL.value]


@dataclass(frozen=True)
class LadderState:
    level: int
    repeat: int
    next_at: datetime | None


@dataclass(frozen=True)
class Step:
    level: int
    repeat: int
    due_at: datetime


ZoneFor = Callable[[BindingRole], ZoneInfo]


def first_state(
    policy: EscalationPolicy, *, kind: str, severity: str, due_at: datetime, calendar: WorkCalendar,
    zone_for: ZoneFor, start_level: int | None = None,
) -> LadderState:
    """Where a new exception's ladder starts and when its first step fires.

    Critical exceptions fire at once, whatever the hour; others wait for working time in
    the target chat's zone (a defect found at 22:00 reaches the buyers at 08:00).
    """
    level = policy.level(policy.start_level(kind) if start_level is None else start_level)
    if severity == Severity.CRITICAL.value:
        return LadderState(level.number, 0, due_at)
    delay = level.after if level.number == policy.levels[0].number else Delay()
    return LadderState(level.number, 0, calendar.after(due_at, delay, zone_for(level.role)))


def advance(
    policy: EscalationPolicy, state: LadderState, now: datetime, *, calendar: WorkCalendar, zone_for: ZoneFor,
) -> tuple[list[Step], LadderState]:
    """The steps due at `now` and the state after them.

    Levels keep their schedule, so after downtime every level that fell due fires once in
    this call (one message per level, not one per missed tick); repeats are counted from
    the step that actually fired, so missed repeats are not replayed in a burst.
    """
    steps: list[Step] = []
    level, repeat, at = state.level, state.repeat, state.next_at
    while at is not None and at <= now:
        steps.append(Step(level, repeat, at))
        following = policy.following(level, repeat)
        if following is None:
            return steps, LadderState(level, repeat, None)
        level, repeat = following
        base = now if repeat > 0 else at
        at = calendar.after(base, policy.delay_before(level, repeat), zone_for(policy.level(level).role))
    return steps, LadderState(level, repeat, at)


def next_follow_up(
    policy: EscalationPolicy, sent: int, since: datetime, *, calendar: WorkCalendar, zone: ZoneInfo,
) -> datetime | None:
    """When to re-notify an owner who has had `sent` follow-ups; None when enough were sent."""
    if sent >= policy.follow_ups:
        return None
    return calendar.after(since, policy.follow_up, zone)


def ack_deadline(
    policy: EscalationPolicy, acknowledged_at: datetime, *, calendar: WorkCalendar, zone: ZoneInfo,
) -> datetime | None:
    """When an acknowledged exception that is still open goes back on the ladder (working time
    after the acknowledgement); None when the policy never takes it back."""
    if policy.ack_timeout is None:
        return None
    return calendar.after(acknowledged_at, policy.ack_timeout, zone)


def after_acknowledgement(
    policy: EscalationPolicy, sent: int, since: datetime, acknowledged_at: datetime, *, calendar: WorkCalendar,
    zone: ZoneInfo,
) -> datetime | None:
    """The next thing due for an acknowledged exception: a follow-up, or the timeout, whichever
    comes first; None when neither will come."""
    moments = [at for at in (next_follow_up(policy, sent, since, calendar=calendar, zone=zone),
                             ack_deadline(policy, acknowledged_at, calendar=calendar, zone=zone)) if at is not None]
    return min(moments) if moments else None
