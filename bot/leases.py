"""`LeaseKeeper`: one named database lease as one replica sees it, each call its own short
transaction. The lease rows and their rules are `storage.leases`; this puts the service's
store and clock behind the small `Lease` protocol that `bot.long_connection` holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from storage.db import Database
from storage.leases import HOLD_OFF_PREFIX, acquire, holder, lease_now, release, renew


@dataclass
class LeaseKeeper:
    """One named lease as one replica sees it: each call is its own short transaction."""

    database: Database
    name: str
    owner: str
    ttl: timedelta
    clock: Clock

    async def acquire(self) -> str:
        """Try to take the lease; returns its holder afterwards (`self.owner` when we hold it)."""
        async with self.database.write() as session:
            return await acquire(session, self.name, self.owner, self.ttl, await lease_now(session, self.clock.now))

    async def renew(self) -> bool:
        async with self.database.write() as session:
            return await renew(session, self.name, self.owner, self.ttl, await lease_now(session, self.clock.now))

    async def release(self, hold_off: timedelta | None = None) -> bool:
        async with self.database.write() as session:
            now = await lease_now(session, self.clock.now)
            return await release(session, self.name, self.owner, now, hold_off)

    async def holder(self) -> str | None:
        async with self.database.read() as session:
            return await holder(session, self.name, await lease_now(session, self.clock.now))

    def rival(self, holder: str) -> str | None:
        """Another replica holding the lease, or None (nobody, or a fleet-wide hold-off)."""
        return holder if holder and not holder.startswith(HOLD_OFF_PREFIX) else None
