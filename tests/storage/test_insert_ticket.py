"""A ticket opened under a dedupe key comes back as the session's own object of the row just
written: every column as stored, nothing pending, changed like any other, and the batch's
pending rows left pending; a key taken already gives the ticket under it (`storage.exceptions.insert_ticket`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select

from storage.batch_cache import remember_lookups
from storage.db import Database
from storage.exceptions import insert_ticket
from storage.models import ExceptionTicket, Supplier
from tests.storage.one_order import NOW, add_one_order


async def _order(database: Database) -> int:
    async with database.write() as session:
        return (await add_one_order(session)).id


def _values(order_id: int, key: str, **more: Any) -> dict[str, Any]:
    return {**dict(order_id=order_id, milestone_id=None, lot_id=None, kind="delay", severity="high", dedupe_key=key,
                   title="热处理晚两天", description="设备坏了", qty=None, opened_at=NOW, opened_by="王工", level=1,
                   repeat=0, next_escalation_at=NOW), **more}


def _columns(ticket: ExceptionTicket) -> dict[str, Any]:
    return {attr.key: getattr(ticket, attr.key) for attr in inspect(ExceptionTicket).column_attrs}


async def test_a_new_ticket_is_the_stored_row_as_the_session_holds_it(database: Database) -> None:
    order_id = await _order(database)
    async with database.write() as session:
        remember_lookups(session)  # as in a processing batch
        pending = Supplier(code="LX", name="立信", created_at=NOW)  # a batch's row, kept to be written with it
        session.add(pending)
        ticket, new = await insert_ticket(session, _values(order_id, "delay:1", category="burr"))
        assert new and ticket.id is not None
        state = inspect(ticket)
        assert state.persistent and not state.modified and ticket in session
        assert list(session.new) == [pending] and pending.id is None  # not flushed by the INSERT
        assert not session.dirty
        assert (await session.get(ExceptionTicket, ticket.id)) is ticket  # the identity map's own
        assert ticket.ladder_round == 0 and ticket.resolved_at is None  # the columns' defaults, as stored
        held = _columns(ticket)
        ticket_id = ticket.id
    async with database.read() as session:
        stored = (await session.execute(select(ExceptionTicket).where(ExceptionTicket.id == ticket_id))).scalar_one()
        assert _columns(stored) == held
        assert stored.category == "burr" and stored.opened_at == NOW and stored.severity == "high"


async def test_a_key_taken_gives_the_ticket_under_it(database: Database) -> None:
    order_id = await _order(database)
    async with database.write() as session:
        first, new = await insert_ticket(session, _values(order_id, "delay:2"))
        assert new
    async with database.write() as session:
        again, new = await insert_ticket(session, _values(order_id, "delay:2", qty=5))
        assert not new and again.id == first.id and again.qty is None
        other, new = await insert_ticket(session, _values(order_id, "delay:3"))
        assert new and other.id != first.id
        other.level = 2  # the session's object: a change is written like any other
    async with database.read() as session:
        assert (await session.get(ExceptionTicket, other.id)).level == 2  # type: ignore[union-attr]
