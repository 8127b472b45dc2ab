"""Who is speaking, for whom, and with which rights: read from the chat's binding and the
sender's identity. Suppliers need no account: anyone in a supplier's bound chat speaks for
that supplier, and only for it.

Staff chats are different: the chat's binding only says what may be *read* there. Who may
*change* something is a known person (`people` with a chat identity on this platform), within
their role and their staff scope (see `handlers.access`). A disabled person is a stranger.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import InboundMessage
from storage.access import staff_suppliers
from storage.batch_cache import cached
from storage.models import BindingRole, ChatBinding, ChatIdentity, Person, Role

STAFF_ROLES = frozenset({Role.BUYER.value, Role.QC.value, Role.WAREHOUSE.value, Role.MANAGER.value, Role.ADMIN.value})
# An unknown member of a staff chat *reads* as the chat's role (help, queries); changing anything
# needs a person (handlers.access.may), so this gives no rights to act.
_BINDING_TO_ROLE = {
    BindingRole.BUYERS.value: Role.BUYER.value,
    BindingRole.QC.value: Role.QC.value,
    BindingRole.WAREHOUSE.value: Role.WAREHOUSE.value,
    BindingRole.MANAGERS.value: Role.MANAGER.value,
    BindingRole.OPS.value: Role.ADMIN.value,
}


@dataclass(frozen=True, slots=True)
class Speaker:
    """The sender of one message as the conversation logic sees them."""

    user_id: str
    name: str
    role: str  # Role value, or "unknown"
    language: str
    binding: ChatBinding | None
    person: Person | None
    supplier_id: int | None  # set for a supplier's contact: the only supplier they may report for
    # a staff person's scope: the suppliers they may see and act on (None: every supplier)
    suppliers: frozenset[int] | None = None

    @property
    def is_supplier(self) -> bool:
        return self.role == Role.SUPPLIER.value

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value

    @property
    def known(self) -> bool:
        return self.role != "unknown"

    @property
    def is_person(self) -> bool:
        """Known by name: an enabled person with this chat identity, who may act within their role."""
        return self.person is not None

    @property
    def label(self) -> str:
        """How a change is attributed in the history: the person's name, else the chat name."""
        return self.person.name if self.person else (self.name or self.user_id)


async def identify(session: AsyncSession, message: InboundMessage, default_language: str) -> Speaker:
    """The chat's binding and the sender's person: looked up once per processing batch."""
    platform, chat_id, user_id = message.platform.value, message.chat.chat_id, message.sender.user_id

    async def load_binding() -> ChatBinding | None:
        return (await session.execute(
            select(ChatBinding).where(ChatBinding.platform == platform, ChatBinding.chat_id == chat_id)
        )).scalar_one_or_none()

    async def load_person() -> Person | None:
        return (await session.execute(
            select(Person).join(ChatIdentity, ChatIdentity.person_id == Person.id)
            .where(ChatIdentity.platform == platform, ChatIdentity.user_id == user_id)
        )).scalar_one_or_none()

    binding = await cached(session, ("binding", platform, chat_id), ["chat_bindings"], load_binding)
    person = await cached(session, ("person", platform, user_id), ["people", "chat_identities"], load_person)
    if person is not None and person.disabled_at is not None:
        person = None  # disabled: no action, no name; reads only what the chat shows anyone
    role, supplier_id = _role_and_supplier(binding, person)
    suppliers = await staff_suppliers(session, person.id) if person is not None and role in STAFF_ROLES else None
    language = _language(binding, person, message, default_language)
    return Speaker(
        user_id=message.sender.user_id,
        name=message.sender.display_name,
        role=role,
        language=language,
        binding=binding,
        person=person,
        supplier_id=supplier_id,
        suppliers=suppliers,
    )


def _role_and_supplier(binding: ChatBinding | None, person: Person | None) -> tuple[str, int | None]:
    if binding is not None and binding.role == BindingRole.SUPPLIER.value:
        if person is not None and person.role in STAFF_ROLES:
            return person.role, None
        return Role.SUPPLIER.value, binding.supplier_id
    if person is not None:
        if person.role == Role.SUPPLIER.value:
            return Role.SUPPLIER.value, person.supplier_id
        return person.role, None
    if binding is not None and binding.role in _BINDING_TO_ROLE:
        return _BINDING_TO_ROLE[binding.role], None
    return "unknown", None


def _language(binding: ChatBinding | None, person: Person | None, message: InboundMessage, default: str) -> str:
    for candidate in (person.language if person else None, binding.language if binding else None):
        if candidate in ("zh", "en"):
            return candidate
    hint = (message.sender.language or "").lower()
    if hint.startswith("en"):
        return "en"
    if hint.startswith("zh"):
        return "zh"
    return default
