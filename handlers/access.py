"""Which orders a speaker may see, and what they may change: the one vocabulary of rights.

Seeing. A reply in a group is read by everyone in it, so the scope is the narrower of the
speaker's rights and the chat's audience: a supplier's group shows only that supplier's
orders whoever asks there; a buyers' group bound to one supplier shows only that supplier;
an unbound group shows nothing (its audience is unknown); a private chat shows what the
speaker may see. Staff see the suppliers of their staff scope (every supplier unless an admin
limited them); a supplier's contact only its own.

Changing. Every change a chat message can make is an `Act`; `MAY` says which roles may do
it. In a staff chat only a known person acts (the chat's binding gives no rights to change
anything): an unknown member reads what the chat shows and is told how to be added. The
router asks `refusal()` once per message before anything is changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import false, true
from sqlalchemy.orm import InstrumentedAttribute

from bot.ports import ChatKind, InboundMessage
from handlers.identity import Speaker
from handlers.texts.access import say
from storage.models import BindingRole, Order, Role

DENIED_UNKNOWN = "unknown_person"
DENIED_UNBOUND = "unbound_group"
DENIED_NO_SUPPLIER = "no_supplier"


class Act(StrEnum):
    """What a staff message may change. Reading is never an Act: the scope decides it."""

    ENTER_ORDER = "enter_order"  # /neworder
    INVITE = "invite"  # /invite: a code that makes someone a supplier's contact
    BIND = "bind"  # /bind and its confirmation button
    HANDLE_EXCEPTION = "handle_exception"  # acknowledge or close (text or x: button)
    RECEIVE = "receive"  # a receipt at the dock, and the r: over-delivery confirmation
    INSPECT = "inspect"  # an incoming inspection
    RETURN_GOODS = "return_goods"  # a return to the supplier
    CHANGE_ORDER = "change_order"  # quantity, due date, priority, plan
    CLOSE_ORDER = "close_order"  # close short, cancel
    ISSUE_MATERIAL = "issue_material"  # free-issue material handed to the supplier


_OWNERS = frozenset({Role.BUYER.value, Role.MANAGER.value, Role.ADMIN.value})
MAY: dict[Act, frozenset[str]] = {
    Act.ENTER_ORDER: _OWNERS,
    Act.INVITE: _OWNERS,
    Act.BIND: frozenset({Role.ADMIN.value}),
    Act.HANDLE_EXCEPTION: _OWNERS | {Role.QC.value},
    Act.RECEIVE: _OWNERS | {Role.QC.value, Role.WAREHOUSE.value},
    Act.INSPECT: _OWNERS | {Role.QC.value},
    Act.RETURN_GOODS: _OWNERS | {Role.QC.value},
    Act.CHANGE_ORDER: _OWNERS,
    Act.CLOSE_ORDER: _OWNERS,
    Act.ISSUE_MATERIAL: _OWNERS | {Role.WAREHOUSE.value},
}


def may(speaker: Speaker, act: Act) -> bool:
    """A known, enabled person whose role includes the act (their scope is checked per order)."""
    return speaker.person is not None and role_may(speaker.role, act)


def role_may(role: str, act: Act) -> bool:
    """The vocabulary itself, for doors where the person is already known (web, API)."""
    return role in MAY[act]


def refusal(speaker: Speaker, act: Act, message: InboundMessage) -> str | None:
    """Why this speaker may not do this here (in their language), or None when they may."""
    if may(speaker, act):
        return None
    what = say(f"act.{act.value}", speaker.language)
    if speaker.person is None and not speaker.is_supplier:
        return say("stranger", speaker.language, what=what, platform=message.platform.value,
                   user=message.sender.user_id)
    roles = "、".join(say(f"role.{r}", speaker.language) for r in sorted(MAY[act]))
    return say("role", speaker.language, what=what, roles=roles)


@dataclass(frozen=True, slots=True)
class Scope:
    """The orders visible here: every supplier's (`suppliers` None) or those suppliers'.

    `denied` names why nothing is visible (then nothing is, whatever else is set).
    """

    suppliers: frozenset[int] | None = None
    denied: str | None = None

    @classmethod
    def of(cls, supplier_id: int | None) -> Scope:
        return cls() if supplier_id is None else cls(frozenset({supplier_id}))

    @property
    def allowed(self) -> bool:
        return self.denied is None

    @property
    def limited(self) -> bool:
        """Some suppliers only (a reply then says "not yours" rather than "not found")."""
        return self.suppliers is not None

    def where(self, column: InstrumentedAttribute[int] | Any) -> Any:
        """A WHERE clause keeping rows whose supplier `column` is visible."""
        if self.denied is not None:
            return false()
        return true() if self.suppliers is None else column.in_(sorted(self.suppliers))

    def orders(self) -> Any:
        """A WHERE clause on `Order` for the visible orders."""
        return self.where(Order.supplier_id)

    def sees(self, supplier_id: int) -> bool:
        return self.denied is None and (self.suppliers is None or supplier_id in self.suppliers)

    def narrowed(self, suppliers: frozenset[int] | None) -> Scope:
        """This scope within a person's staff scope."""
        if self.denied is not None or suppliers is None:
            return self
        if self.suppliers is None:
            return Scope(suppliers)
        return Scope(self.suppliers & suppliers)


def scope_for(speaker: Speaker, message: InboundMessage) -> Scope:
    if not speaker.known:
        return Scope(denied=DENIED_UNKNOWN)
    audience = _audience(speaker, message)
    if not audience.allowed:
        return audience
    if speaker.is_supplier:
        if speaker.supplier_id is None:
            return Scope(denied=DENIED_NO_SUPPLIER)
        if not audience.sees(speaker.supplier_id):
            return Scope(denied=DENIED_NO_SUPPLIER)
        return Scope.of(speaker.supplier_id)
    return audience.narrowed(speaker.suppliers)


def _audience(speaker: Speaker, message: InboundMessage) -> Scope:
    binding = speaker.binding
    if binding is None:
        if message.chat.kind == ChatKind.PRIVATE:
            return Scope()
        return Scope(denied=DENIED_UNBOUND)
    if binding.role == BindingRole.SUPPLIER.value and binding.supplier_id is None:
        return Scope(denied=DENIED_NO_SUPPLIER)
    return Scope.of(binding.supplier_id)


def may_act_on_exceptions(speaker: Speaker) -> bool:
    """Acknowledging or closing an exception stops its escalation: our own staff, by name."""
    return may(speaker, Act.HANDLE_EXCEPTION)


def may_manage_orders(speaker: Speaker) -> bool:
    """Entering orders and inviting supplier contacts: our buyers, managers and admins, by name."""
    return may(speaker, Act.ENTER_ORDER)
