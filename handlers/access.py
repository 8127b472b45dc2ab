"""Which orders a speaker may see, given who they are and who else reads the chat.

A reply in a group is read by everyone in it, so the scope is the narrower of the
speaker's rights and the chat's audience: a supplier's group shows only that supplier's
orders whoever asks there; a buyers' group bound to one supplier shows only that supplier;
an unbound group shows nothing (its audience is unknown); a private chat shows what the
speaker may see. Staff see every supplier; a supplier's contact only its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, true

from bot.ports import ChatKind, InboundMessage
from handlers.identity import Speaker
from storage.models import BindingRole, Order, Role

DENIED_UNKNOWN = "unknown_person"
DENIED_UNBOUND = "unbound_group"
DENIED_NO_SUPPLIER = "no_supplier"
ACTING_ROLES = frozenset({Role.BUYER.value, Role.MANAGER.value, Role.ADMIN.value, Role.QC.value})


@dataclass(frozen=True, slots=True)
class Scope:
    """The orders visible here: every supplier's (`supplier_id` None) or one supplier's.

    `denied` names why nothing is visible (then nothing is, whatever else is set).
    """

    supplier_id: int | None = None
    denied: str | None = None

    @property
    def allowed(self) -> bool:
        return self.denied is None

    def orders(self) -> Any:
        """A WHERE clause on `Order` for the visible orders."""
        if self.denied is not None:
            return false()
        return true() if self.supplier_id is None else Order.supplier_id == self.supplier_id

    def sees(self, supplier_id: int) -> bool:
        return self.denied is None and (self.supplier_id is None or self.supplier_id == supplier_id)


def scope_for(speaker: Speaker, message: InboundMessage) -> Scope:
    if not speaker.known:
        return Scope(denied=DENIED_UNKNOWN)
    audience = _audience(speaker, message)
    if not audience.allowed:
        return audience
    if speaker.is_supplier:
        if speaker.supplier_id is None:
            return Scope(denied=DENIED_NO_SUPPLIER)
        if audience.supplier_id not in (None, speaker.supplier_id):
            return Scope(denied=DENIED_NO_SUPPLIER)
        return Scope(supplier_id=speaker.supplier_id)
    return audience


def _audience(speaker: Speaker, message: InboundMessage) -> Scope:
    binding = speaker.binding
    if binding is None:
        if message.chat.kind == ChatKind.PRIVATE:
            return Scope()
        return Scope(denied=DENIED_UNBOUND)
    if binding.role == BindingRole.SUPPLIER.value and binding.supplier_id is None:
        return Scope(denied=DENIED_NO_SUPPLIER)
    return Scope(supplier_id=binding.supplier_id)


def may_act_on_exceptions(speaker: Speaker) -> bool:
    """Acknowledging or closing an exception stops its escalation: our own staff only."""
    return speaker.known and speaker.role in ACTING_ROLES


def may_manage_orders(speaker: Speaker) -> bool:
    """Entering orders and inviting supplier contacts: our buyers, managers and admins."""
    return speaker.known and speaker.role in (Role.BUYER.value, Role.MANAGER.value, Role.ADMIN.value)
