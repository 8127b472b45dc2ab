"""The event-sink side of the connector seam: "a sink of events", whatever is on the other end.

A sink takes one event at a time and either keeps it or raises `DeliveryFailed` saying whether
trying again can help, when, and whether the whole sink is down (then its other events wait
too instead of failing one by one). The relay (`bot.event_relay`) does the rest — the feed,
the queue, leases, back-off, dead letters — the same for every sink: signed webhooks
(`bot.webhooks`) and Jiandaoyun (`bot.jiandaoyun`) implement this and nothing else.
The order-source side of the seam is beside it: `bot.connectors.order_source`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Event:
    """An outbound event as stored: `event_id` is stable across retries and replicas."""

    event_id: str
    type: str
    payload: dict[str, Any]


class DeliveryFailed(Exception):
    """The sink did not take the event.

    `retry_after`: the receiver said when to come back (429, Retry-After, a rate-limit code).
    `permanent`: trying the same event again cannot work (it goes to the dead letters at once).
    `sink_down`: the receiver as a whole failed (unreachable, 5xx, rate-limited): hold back
    its other events too."""

    def __init__(self, message: str, *, retry_after: float | None = None, permanent: bool = False,
                 sink_down: bool = False) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent
        self.sink_down = sink_down


class EventSink(Protocol):
    """Somewhere events go. `name` is stable (deliveries are queued under it); `types` are the
    event types it takes (empty: all)."""

    @property
    def name(self) -> str: ...

    @property
    def types(self) -> Collection[str]: ...

    async def deliver(self, event: Event, *, attempt: int) -> None:
        """Hand over one event; raise `DeliveryFailed` when it was not taken. `attempt` counts from 1."""
        ...
