"""A long connection that exactly one replica holds, through a lease.

Some platforms push events over one long connection per bot and let a newer connection
kick the older (the WeCom AI bot). Feishu's does not: it takes up to 50 connections per app
and gives each event to one of them, so there every replica keeps its own
(docs/platforms/feishu.md). Every
replica runs a `LeaseHeldConnection`; the one holding the lease connects, renews the lease
while connected, and drops the connection the moment it can no longer prove the lease is
its own. The platform brings only its `Link` (open, close, drain, and whether it was kicked)
and the lease (`bot.leases.LeaseKeeper` in the service; anything with the same calls in tests).

Beside it, what every pushed-frame platform shares: `wait_for_either` (sleep until stopped) and
`accept_pushed_once` (store before the acknowledgement, with a few tries, for frames nothing
pushes again).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta
from functools import partial
from typing import Any, Generic, Protocol, TypeVar

from bot.ports import InboundMessage, InboundSink, StorageUnavailable

log = logging.getLogger("supplierbot.long_connection")


class Lease(Protocol):
    """One named lease as one replica sees it."""

    name: str
    owner: str
    ttl: timedelta

    async def acquire(self) -> str: ...  # the holder afterwards (`owner` when we took it)

    async def renew(self) -> bool: ...  # False: another replica took it over

    async def release(self, hold_off: timedelta | None = None) -> bool: ...

    def rival(self, holder: str) -> str | None: ...  # another replica holding it, or None (nobody, or held off)


class Link(Protocol):
    """One authenticated connection: `closed` is set when it ends, `kicked` when a newer one took over."""

    closed: asyncio.Event
    kicked: bool
    opened_at: float  # time.monotonic() when it opened

    @property
    def connected(self) -> bool: ...

    async def open(self, within: float = 10.0) -> None: ...  # ConnectionError/OSError/TimeoutError: not now

    async def close(self) -> None: ...

    async def drain(self, within: float = 5.0) -> None: ...


L = TypeVar("L", bound=Link)


class LeaseHeldConnection(Generic[L]):
    """Keeps the bot's one connection on exactly one replica, through a lease.

    Standby: try the lease every `standby_poll` s. Holder: connect, renew every `renew_every`
    s, and drop the connection when the lease is lost or cannot be renewed before it runs
    out, so a stalled holder yields before another may take over. Kicked: give the lease up
    with a fleet-wide hold-off and back off, doubling while kicks repeat. Unable to connect
    `max_failed_connects` times in a row: yield the lease, so another replica may try.
    """

    def __init__(self, lease: Lease, connect: Callable[[], L], *, renew_every: float = 10.0,
                 standby_poll: float = 5.0, connect_timeout: float = 10.0, reconnect_delay: float = 1.0,
                 max_reconnect_delay: float = 60.0, kick_hold_off: float = 60.0,
                 max_kick_hold_off: float = 900.0, stable_after: float = 60.0, max_failed_connects: int = 3) -> None:
        self.lease = lease
        self._connect = connect
        self.renew_every = renew_every
        self.standby_poll = standby_poll
        self.connect_timeout = connect_timeout
        self.reconnect_delay = reconnect_delay
        self.max_reconnect_delay = max_reconnect_delay
        self.kick_hold_off = kick_hold_off
        self.max_kick_hold_off = max_kick_hold_off
        self.stable_after = stable_after
        self.max_failed_connects = max_failed_connects
        self.margin = min(1.0, lease.ttl.total_seconds() / 10)
        self.holding = False
        self.other_holder: str | None = None
        self.connections = 0
        self.kicks = 0
        self._link: L | None = None

    @property
    def link(self) -> L | None:
        """The live connection, only while this replica holds the lease."""
        link = self._link
        return link if self.holding and link is not None and link.connected else None

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            holder = await self._attempt(self.lease.acquire, None)
            if holder == self.lease.owner:
                self.holding, self.other_holder = True, None
                await wait_for_either(stop, await self._hold(stop))
                continue
            self.other_holder = self.lease.rival(holder) if holder else None
            await wait_for_either(stop, self.standby_poll)

    async def _hold(self, stop: asyncio.Event) -> float:
        """Hold the connection until stop, loss of the lease, or a kick; returns how long to back off."""
        ttl = self.lease.ttl.total_seconds()
        valid_until = time.monotonic() + ttl - self.margin
        next_renewal = time.monotonic() + self.renew_every
        delay, next_connect, failures = self.reconnect_delay, 0.0, 0
        hold_off: float | None = None
        try:
            while not stop.is_set():
                if self._link is None and time.monotonic() >= next_connect:
                    if await self._open():
                        failures = 0
                    else:
                        failures += 1
                        if failures >= self.max_failed_connects:
                            log.error("%s: %d connects failed in a row; yielding the lease", self.lease.name, failures)
                            return self.standby_poll * 2
                        next_connect, delay = time.monotonic() + delay, min(self.max_reconnect_delay, delay * 2)
                link = self._link
                wake_at = next_renewal if link is not None else min(next_renewal, next_connect)
                await wait_for_either(stop, wake_at - time.monotonic(), link.closed if link is not None else None)
                if link is not None and link.closed.is_set():
                    await self._drop()
                    if link.kicked:
                        hold_off = self._kicked_hold_off(link)
                        return hold_off
                    if time.monotonic() - link.opened_at >= self.stable_after:
                        delay = self.reconnect_delay
                    next_connect, delay = time.monotonic() + delay, min(self.max_reconnect_delay, delay * 2)
                if stop.is_set() or time.monotonic() < next_renewal:
                    continue
                started = time.monotonic()
                patience = max(0.1, valid_until - started)
                renewed = await self._attempt(partial(asyncio.wait_for, self.lease.renew(), patience), None)
                if renewed:
                    valid_until, next_renewal = started + ttl - self.margin, time.monotonic() + self.renew_every
                elif renewed is False:
                    log.warning("lease %s was taken over: dropping the connection", self.lease.name)
                    return 0.0
                elif time.monotonic() >= valid_until:
                    log.error("lease %s not renewed in time: dropping the connection", self.lease.name)
                    return 0.0
                else:
                    next_renewal = time.monotonic() + min(self.renew_every, max(0.1, valid_until - time.monotonic()) / 2)
            return 0.0
        finally:
            self.holding = False
            await self._drop()
            release = timedelta(seconds=hold_off) if hold_off else None
            await self._attempt(lambda: self.lease.release(release), False)

    def _kicked_hold_off(self, link: L) -> float:
        if time.monotonic() - link.opened_at >= self.stable_after:
            self.kicks = 0
        self.kicks += 1
        hold_off = min(self.max_kick_hold_off, self.kick_hold_off * 2 ** (self.kicks - 1))
        log.error("%s: kicked %d time(s) in a row; nobody reconnects for %.0fs", self.lease.name, self.kicks,
                  hold_off)
        return hold_off

    async def _open(self) -> bool:
        link = self._connect()
        try:
            await link.open(self.connect_timeout)
        except (ConnectionError, OSError, TimeoutError) as exc:
            log.warning("%s: connection failed: %s", self.lease.name, exc)
            return False
        self._link = link
        self.connections += 1
        log.info("connected (lease %s, owner %s)", self.lease.name, self.lease.owner)
        return True

    async def _drop(self) -> None:
        link, self._link = self._link, None
        if link is not None:
            await link.close()
            await link.drain()

    async def _attempt(self, action: Callable[[], Awaitable[Any]], failed: Any) -> Any:
        """A lease call; `failed` when the database cannot answer (the caller decides what that means)."""
        try:
            return await action()
        except Exception as exc:
            log.warning("lease %s: database call failed: %s", self.lease.name, exc)
            return failed


async def wait_for_either(stop: asyncio.Event, seconds: float, also: asyncio.Event | None = None) -> None:
    """Sleep up to `seconds`, waking early when `stop` (or `also`) is set."""
    waiters = [asyncio.ensure_future(stop.wait())]
    if also is not None:
        waiters.append(asyncio.ensure_future(also.wait()))
    try:
        await asyncio.wait(waiters, timeout=max(0.0, seconds), return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


async def accept_pushed_once(sink: InboundSink, message: InboundMessage, raw: str, *, attempts: int, delay: float,
                             what: str, logger: logging.Logger) -> None:
    """Store a frame that nothing will push again (the WeCom AI bot's, DingTalk's robot messages):
    storage gets `attempts` tries, `delay` doubling between them, before the frame is acknowledged;
    what could not be stored is logged whole, as LOST, so a person can replay it."""
    for attempt in range(1, attempts + 1):
        try:
            await sink.accept(message, raw)
            return
        except StorageUnavailable as exc:
            logger.warning("%s %s not stored (attempt %d): %s", what, message.external_id, attempt, exc)
        except Exception:
            logger.exception("%s message %s LOST: the sink failed; raw=%.500s", what, message.external_id, raw)
            return
        if attempt < attempts:
            await asyncio.sleep(delay * 2 ** (attempt - 1))
    logger.error("%s message %s LOST: storage unavailable; raw=%.500s", what, message.external_id, raw)
