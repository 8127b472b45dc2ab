"""The webhook endpoints a factory registered: add, list, remove. Removing one keeps its row
(the delivery history names it) and drops what was still queued for it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.event_deliveries import drop_sink
from storage.models import WebhookEndpoint


def sink_name(endpoint_id: int) -> str:
    return f"webhook:{endpoint_id}"


async def add_endpoint(session: AsyncSession, *, url: str, secret: str, events: Sequence[str], description: str,
                       now: datetime) -> WebhookEndpoint:
    endpoint = WebhookEndpoint(url=url, secret=secret, events=list(events), description=description[:200],
                               active=True, created_at=now)
    session.add(endpoint)
    await session.flush()
    return endpoint


async def active_endpoints(session: AsyncSession) -> list[WebhookEndpoint]:
    return list((await session.execute(
        select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True)).order_by(WebhookEndpoint.id)
    )).scalars())


async def remove_endpoint(session: AsyncSession, endpoint_id: int, *, now: datetime) -> tuple[bool, int]:
    """(removed, deliveries dropped); False when there is no such active endpoint."""
    endpoint = await session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or not endpoint.active:
        return False, 0
    endpoint.active = False
    endpoint.removed_at = now
    dropped = await drop_sink(session, sink_name(endpoint_id))
    await session.flush()
    return True, dropped
