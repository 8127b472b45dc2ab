"""The seam for "a source of orders": what a connector to an ERP must offer so that one sync
engine (`bot.connectors.sync`) can pull from any of them.

A source reads bill lines changed since a cursor, a page at a time, and says of each line
whether the bill is open, cancelled or closed. It never writes to our database: the engine
does, through the import's intake and the order lifecycle. A line the source cannot read
(a bill without a supplier, a quantity that is not a number) comes as a `LineProblem`
naming its bill and field, and the rest of the page still syncs.

The other direction, "a sink of events" (what SupplierBot tells the factory's systems:
`order.changed`, `report.recorded`, ...), is the seam's other half, beside this module:
`bot.connectors.event_sink` (`Event`, `DeliveryFailed`, the `EventSink` the relay drives;
signed webhooks and Jiandaoyun implement it). A system that is both has one module
implementing both sides.

Jiandaoyun's data push (`bot.web.jiandaoyun_push`) is not an `OrderSource`, on purpose: a
source is pulled (`pages(since)` from a cursor, under the engine's one-replica lease), while
the push hands us one record at a time, with no cursor to resume from, on every replica, and
wants its answer (stored, or refused with the problems) in the same request. Run through
`ErpSync.run`, a second push arriving during the first would find the lease taken and be
dropped. A Jiandaoyun *pull* (its data-list API, filtered on `updateTime`) would be a source
like Kingdee; until one is needed the push writes through the sheet import's plan and apply
and the same lifecycle functions (`cancel`, `close_short`) as the engine.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from storage.order_intake import OrderDraft


class ErpState(StrEnum):
    """What the ERP says of a bill line; cancelled and closed end the order here too."""

    OPEN = "open"
    CANCELLED = "cancelled"  # 作废
    CLOSED = "closed"  # 结案 / 关闭


@dataclass(frozen=True, slots=True)
class ErpLine:
    """One bill line as our draft: `key` identifies it in the ERP for ever (bill/line), `draft.po`
    is the order number people see; `modified` is the ERP's own modification time (its text)."""

    key: str
    bill: str
    line: str
    draft: OrderDraft
    state: ErpState
    modified: str
    supplier_code: str = ""
    supplier_name: str = ""


@dataclass(frozen=True, slots=True)
class LineProblem:
    """A line that could not be read: skipped, reported with its bill and field."""

    bill: str
    line: str
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class Page:
    """One call's worth of lines, in the ERP's modification order; `cursor` is the modification
    time of its last line: once the page is applied, nothing before it needs reading again."""

    lines: list[ErpLine]
    problems: list[LineProblem] = field(default_factory=list)
    cursor: str = ""


class SourceError(Exception):
    """The ERP could not be asked: one line for people, and whether it is the credentials
    (`auth`), the network (`unreachable`) or the ERP's own answer (`refused`)."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(message)


class OrderSource(Protocol):
    """A connector that can be pulled from. `system` names it in settings, state and commands."""

    system: str

    def pages(self, since: str) -> AsyncGenerator[Page, None]:
        """Lines modified at or after `since` (the ERP's time text; "" from the beginning)."""
        ...

    async def check(self) -> str:
        """Log in and ask one small question; a line saying what answered. Raises SourceError."""
        ...

    def field_key(self, name: str) -> str:
        """The system's own name for one of our fields (`quantity` -> `FTreeEntity_FQty`), for problems."""
        ...
