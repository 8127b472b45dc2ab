"""What a running service holds: settings, store, clock, channels. Built once in `bot.app`."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.ports import Channel, Platform
from bot.settings import Settings
from storage.db import Database


@dataclass
class Services:
    settings: Settings
    database: Database
    clock: Clock
    channels: dict[Platform, Channel] = field(default_factory=dict)
