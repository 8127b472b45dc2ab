"""How an exception is named and what its two buttons say, in every message and page.

One name (`EXC-5`, never `#5`) and one pair of verbs, 认领 / 解决 (Acknowledge / Resolve), with
their states 已认领 / 已解决: group alerts, the scheduler's ladder, `/status`, `/exceptions`,
the help text and the README all use these.
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
