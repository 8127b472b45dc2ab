"""What one chat platform brings to the service, as one value the registry lists.

A platform is an adapter (`bot/adapters/<name>_adapter.py`: translates the wire into ports
and back) plus a platform module (`bot/platforms/<name>.py`: wires that adapter into a
running service and describes it with a `PlatformSpec`) plus one line in `PLATFORMS`.
The app, the sending limits, `doctor` and the CLI all read the registry, so none of them
names a platform.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from aiohttp import web

from bot.checks import Check
from bot.ports import Platform
from bot.runtime import Runtime
from bot.services import Services
from bot.settings import Settings
from storage.rate_limits import Limit

SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)


@dataclass(frozen=True)
class Rates:
    """Sending rates an operator may set, for platforms that publish none."""

    wecom_bot_per_minute: int = 20


Configure = Callable[[web.Application, Settings, Services, Runtime], None]
Limits = Callable[[str, str, str, Rates], list[Limit]]
Doctor = Callable[[Settings, float], Awaitable[list[Check]]]


@dataclass(frozen=True)
class PlatformSpec:
    """One platform, as the rest of the service sees it."""

    name: str  # for people: notices, doctor lines
    hears: tuple[Platform, ...]  # where people talk to the bot (the CLI's `--platform` choices)
    sends: tuple[Platform, ...]  # the channels it registers; its limits answer for these
    enabled: Callable[[Settings], bool]  # configured in these settings: wire it at start-up
    configure: Configure  # routes, channels, background work, notices
    limits: Limits  # the buckets one message to (platform, chat_id, chat_kind) counts against
    check: Doctor | None = None  # `supplierbot doctor`'s live checks (token accepted, webhook set)
    checked: Callable[[Settings], bool] | None = None  # when `check` runs; default: when enabled
    settings_check: Callable[[Settings], list[Check]] | None = None  # doctor's checks of the settings alone
    settings_hint: str = ""  # what to set to turn it on, for the hint when no platform is configured

    def wants_check(self, settings: Settings) -> bool:
        if self.check is None:
            return False
        return (self.checked or self.enabled)(settings)
