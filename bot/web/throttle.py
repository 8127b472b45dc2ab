"""Failed sign-ins and API tokens cost time: guessing a token must not be free.

Each client address may fail a few times a minute; past that every further failure doubles
the wait (1 s, 2 s, 4 s ... up to 15 minutes), answered 429 with `Retry-After` and without
checking the token at all. A success clears the address. The table is per replica and
bounded: behind a load balancer a guesser meets each replica's limit, which still caps
guesses at a few a minute per replica instead of hundreds a second.
"""

from __future__ import annotations

import logging
import math
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiohttp import web

from bot.clock import Clock

log = logging.getLogger("supplierbot.auth")
LOGIN, API = "login", "api"


@dataclass
class _Record:
    failures: list[datetime] = field(default_factory=list)
    blocked_until: datetime | None = None
    strikes: int = 0


class FailureThrottle:
    """Per-key failure counting with exponential back-off; keys are (surface, address)."""

    def __init__(self, clock: Clock, *, allowed: int = 5, window: timedelta = timedelta(minutes=1),
                 first_wait: timedelta = timedelta(seconds=1), max_wait: timedelta = timedelta(minutes=15),
                 max_keys: int = 100_000) -> None:
        self.clock = clock
        self.allowed = allowed
        self.window = window
        self.first_wait = first_wait
        self.max_wait = max_wait
        self.max_keys = max_keys
        self._records: OrderedDict[tuple[str, str], _Record] = OrderedDict()
        self.on_failure = lambda surface: None
        self.on_throttled = lambda surface: None

    def check(self, surface: str, address: str) -> None:
        """Raise 429 while this address must wait; call before looking at what it sent."""
        record = self._records.get((surface, address))
        if record is None or record.blocked_until is None:
            return
        wait = (record.blocked_until - self.clock.now()).total_seconds()
        if wait > 0:
            self.on_throttled(surface)
            raise too_many(wait)

    def failed(self, surface: str, address: str) -> None:
        """Count a failure; past the allowance, start (or double) this address's wait."""
        now = self.clock.now()
        key = (surface, address)
        record = self._records.pop(key, None) or _Record()
        self._records[key] = record  # most recently used last, so the oldest is evicted first
        while len(self._records) > self.max_keys:
            self._records.popitem(last=False)
        record.failures = [t for t in record.failures if now - t < self.window] + [now]
        self.on_failure(surface)
        if len(record.failures) <= self.allowed:
            log.warning("failed %s sign-in from %s (%d in the last minute)", surface, address, len(record.failures))
            return
        wait = min(self.max_wait, self.first_wait * 2 ** record.strikes)
        record.strikes += 1
        record.blocked_until = now + wait
        log.warning("failed %s sign-in from %s: %d in the last minute, refused for %.0f s",
                    surface, address, len(record.failures), wait.total_seconds())

    def succeeded(self, surface: str, address: str) -> None:
        self._records.pop((surface, address), None)


AUTH_THROTTLE = web.AppKey("auth_throttle", FailureThrottle)


def too_many(wait_seconds: float) -> web.HTTPTooManyRequests:
    seconds = max(1, math.ceil(wait_seconds))
    return web.HTTPTooManyRequests(
        text='{"error": "too many failed attempts; try again later"}', content_type="application/json",
        headers={"Retry-After": str(seconds)},
    )
