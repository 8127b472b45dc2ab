"""What a running service holds: settings, store, clock, channels, the exception ladder.
Built once in `bot.app`."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import Clock
from bot.ports import Channel, Platform
from bot.settings import Settings
from scheduler.ladder import Ladder
from storage.db import Database
from storage.inbox_file import InboxFile


@dataclass
class Services:
    settings: Settings
    database: Database
    clock: Clock
    ladder: Ladder  # calendar, escalation policies and language, from the settings; handlers and jobs share it
    channels: dict[Platform, Channel] = field(default_factory=dict)
    inbox_file: InboxFile | None = None  # SQLite: where accepted messages wait for processing
