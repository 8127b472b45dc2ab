"""How an exception is named and what its two buttons say, in every message and page.

One name (`EXC-5`, never `#5`) and one pair of verbs, 认领 / 解决 (Acknowledge / Resolve), with
their states 已认领 / 已解决: group alerts, the scheduler's ladder, `/status`, `/exceptions`,
the help text and the README all use these. And how each step of its escalation reads in a
history (`step_words`): who was told, who was reminded, when it went back on the ladder.
"""

from __future__ import annotations

from enum import StrEnum


class ExceptionAction(StrEnum):
    ACK = "ack"
    RESOLVE = "resolve"


VERBS: dict[ExceptionAction, tuple[str, str]] = {
    ExceptionAction.ACK: ("认领", "Acknowledge"),
    ExceptionAction.RESOLVE: ("解决", "Resolve"),
}
STATES: dict[ExceptionAction, tuple[str, str]] = {
    ExceptionAction.ACK: ("已认领", "acknowledged"),
    ExceptionAction.RESOLVE: ("已解决", "resolved"),
}


def exception_name(exception_id: int) -> str:
    return f"EXC-{exception_id}"


def verb(action: ExceptionAction | str, language: str) -> str:
    zh, en = VERBS[ExceptionAction(action)]
    return en if language == "en" else zh


def state(action: ExceptionAction | str, language: str) -> str:
    zh, en = STATES[ExceptionAction(action)]
    return en if language == "en" else zh


def button_label(action: ExceptionAction | str, exception_id: int, language: str) -> str:
    """`认领 EXC-5` / `Acknowledge EXC-5`."""
    return f"{verb(action, language)} {exception_name(exception_id)}"


# EscalationStep.level values that are not ladder levels (storage.exceptions keeps them too)
FOLLOW_UP_LEVEL = -1  # the owner reminded after an acknowledgement; `repeat` is the reminder's number
RETURNED_LEVEL = -2  # the acknowledgement timed out; `repeat` is the level the exception went back to

ROLE_WORDS: dict[str, tuple[str, str]] = {
    "supplier": ("供应商", "supplier"),
    "buyers": ("采购群", "buyers"),
    "qc": ("质检群", "QC"),
    "warehouse": ("仓库群", "warehouse"),
    "managers": ("管理层", "managers"),
    "ops": ("运维群", "ops"),
    "owner": ("认领人", "owner"),
}


def _pick(pair: tuple[str, str], language: str) -> str:
    return pair[1] if language == "en" else pair[0]


def step_words(level: int, repeat: int, target: str, owner: str | None, language: str) -> str:
    """One escalation step as a history line: `升级到 L1（采购群）`, `提醒认领人 李娟（第 1 次）`,
    `李娟 认领后超时仍未解决，回到 L1 重新升级`."""
    en = language == "en"
    role = target.partition(":")[0]
    who = owner or _pick(ROLE_WORDS["owner"], language)
    if level == RETURNED_LEVEL:
        return (f"Still open when {who}'s acknowledgement timed out: back on the ladder at L{repeat}" if en
                else f"{who} 认领后超时仍未解决，回到 L{repeat} 重新升级")
    if level == FOLLOW_UP_LEVEL:
        return f"Owner {who} reminded ({repeat})" if en else f"提醒认领人 {who}（第 {repeat} 次）"
    again = (f" (reminder {repeat + 1})" if en else f"（第 {repeat + 1} 次）") if repeat else ""
    if level == 0:
        return ("Supplier reminded" if en else "提醒供应商") + again
    place = _pick(ROLE_WORDS[role], language) if role in ROLE_WORDS else role
    return (f"Escalated to L{level} ({place})" if en else f"升级到 L{level}（{place}）") + again
