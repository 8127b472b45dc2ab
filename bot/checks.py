"""One `doctor` finding, and how it is printed: shared by `bot.doctor` and each platform's checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Status = Literal["ok", "warn", "fail"]
SYMBOLS: dict[Status, str] = {"ok": "✔", "warn": "!", "fail": "✘"}


@dataclass(frozen=True)
class Check:
    status: Status
    name: str
    detail: str
    fix: str = ""


def format_check(check: Check) -> str:
    line = f"{SYMBOLS[check.status]} {check.name}: {check.detail}"
    if check.fix and check.status != "ok":
        line += f"\n    fix: {check.fix}"
    return line


def short_error(exc: BaseException, *, secrets: tuple[str, ...] = ()) -> str:
    """One line of an error, secrets masked: what a check may print."""
    message = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    return message


async def quietly(awaitable: Any) -> None:
    try:
        await awaitable
    except Exception:
        pass
