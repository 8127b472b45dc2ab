"""Admin commands by chat: `/bind` a chat to its purpose, `/neworder`, `/invite` and `/join`
for supplier contacts, `/whoami`.

Binding decides who sees what, so only an admin person may bind, and changing an existing
binding needs a confirmation (a button, or the same command with `confirm`). The first admin
is added on the server (`supplierbot admin add`, see `bot.admin_cli`): a token typed into a
chat would sit in the platform's history.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot import payloads
from bot.chat_targets import TARGET_WORDS, TargetError, mask, target_chat
from bot.payloads import Prefix
from bot.ports import Button, ChatRef, InboundMessage, Platform, Reply
from handlers.access import Act, Scope
from handlers.context import HandlerContext
from handlers.identity import Speaker
from handlers.invitations import invite, join
from handlers.new_order import new_order
from handlers.scorecard import find_suppliers
from handlers.storable import storable
from handlers.texts.admin import say
from storage.models import BindingRole, ChatBinding, Person, Role, Supplier

_COMMAND = re.compile(r"^\s*/(?P<cmd>[A-Za-z_]+)(?:@[A-Za-z0-9_]+)?(?![A-Za-z_])\s*(?P<rest>.*)$", re.DOTALL)
_BIND_BUTTON = re.compile(rf"^{Prefix.ADMIN}:bind:(?P<role>[a-z]+):(?P<supplier>\d{{1,9}})$")
ADMIN_COMMANDS = frozenset({"bind", "neworder", "invite", "join", "whoami"})
COMMAND_ACTS: dict[str, Act] = {"bind": Act.BIND, "neworder": Act.ENTER_ORDER, "invite": Act.INVITE}
CONFIRM_WORDS = frozenset({"confirm", "确认", "yes", "!"})
LANGUAGES = frozenset({"zh", "en"})
ROLE_WORDS: dict[str, str] = {
    "supplier": BindingRole.SUPPLIER.value, "suppliers": BindingRole.SUPPLIER.value, "供应商": BindingRole.SUPPLIER.value,
    "buyers": BindingRole.BUYERS.value, "buyer": BindingRole.BUYERS.value, "采购": BindingRole.BUYERS.value,
    "qc": BindingRole.QC.value, "质检": BindingRole.QC.value,
    "warehouse": BindingRole.WAREHOUSE.value, "仓库": BindingRole.WAREHOUSE.value, "收货": BindingRole.WAREHOUSE.value,
    "managers": BindingRole.MANAGERS.value, "manager": BindingRole.MANAGERS.value, "管理": BindingRole.MANAGERS.value,
    "负责人": BindingRole.MANAGERS.value,
    "ops": BindingRole.OPS.value, "运维": BindingRole.OPS.value,
}


@dataclass(frozen=True, slots=True)
class BindRequest:
    role: str
    supplier: Supplier | None
    language: str | None
    confirmed: bool
    args: str
    target: ChatRef | None = None  # a send-only chat named in the command; None: this chat


def command_of(text: str) -> tuple[str, str] | None:
    match = _COMMAND.match(unicodedata.normalize("NFKC", text or ""))
    if match is None:
        return None
    return match["cmd"].lower(), match["rest"].strip()


def act_of_command(message: InboundMessage) -> Act | None:
    """What an admin command (or the binding confirmation button) would change, if anything.
    `/join`, `/whoami` and `/bind admin` (bootstrap instructions) change nothing of ours."""
    if payloads.has_prefix(message.button_payload or "", Prefix.ADMIN):
        return Act.BIND
    parsed = command_of(message.text)
    if parsed is None:
        return None
    command, rest = parsed
    if command == "bind" and rest.split()[:1] and rest.split()[0].lower() == "admin":
        return None
    return COMMAND_ACTS.get(command)


async def handle_admin_command(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, ctx: HandlerContext,
) -> list[Reply] | None:
    """Replies to an admin command (or a binding confirmation button); None for anything else."""
    payload = message.button_payload or ""
    if payloads.has_prefix(payload, Prefix.ADMIN):
        return await _bind_button(session, message, speaker, payload, ctx)
    parsed = command_of(message.text)
    if parsed is None or parsed[0] not in ADMIN_COMMANDS:
        return None
    command, rest = parsed
    language = speaker.language
    match command:
        case "whoami":
            text = await _whoami(session, message, speaker)
        case "bind":
            return await _bind(session, message, speaker, rest, ctx)
        case "neworder":
            text = await new_order(session, message, speaker, rest, ctx)
        case "invite":
            text = await invite(session, message, speaker, rest, ctx)
        case _:
            text = await join(session, message, speaker, rest, ctx)
    return [_reply(message, text or say("bind.usage", language))]


def _reply(message: InboundMessage, text: str, buttons: tuple[tuple[Button, ...], ...] = ()) -> Reply:
    return Reply(chat=message.chat, text=text, buttons=buttons, reply_to_external_id=message.external_id)


def _title(message: InboundMessage) -> str | None:
    return storable(message.chat.title, 200) or None


def is_admin_person(speaker: Speaker) -> bool:
    """An admin by identity, not merely someone writing in the ops chat."""
    return speaker.person is not None and speaker.person.role == Role.ADMIN.value


async def has_admin(session: AsyncSession) -> bool:
    return bool(await session.scalar(select(exists().where(Person.role == Role.ADMIN.value))))


async def _bind(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, rest: str, ctx: HandlerContext,
) -> list[Reply]:
    language = speaker.language
    words = rest.split()
    if words and words[0].lower() == "admin":
        key = "admin.no_token_in_chat" if len(words) > 1 else "admin.bootstrap"
        return [_reply(message, say(key, language, platform=message.platform.value, user=message.sender.user_id))]
    if not is_admin_person(speaker):
        if not await has_admin(session):
            return [_reply(message, say("admin.bootstrap", language, platform=message.platform.value,
                                        user=message.sender.user_id))]
        return [_reply(message, say("admin.only", language, who=speaker.label))]
    request = await _read_bind(session, rest, language)
    if isinstance(request, str):
        return [_reply(message, request)]
    return await _apply_bind(session, message, speaker, request, ctx)


async def _read_bind(session: AsyncSession, rest: str, language: str) -> BindRequest | str:
    words = rest.split()
    if not words or words[0].lower() not in ROLE_WORDS:
        return say("bind.usage", language)
    role = ROLE_WORDS[words[0].lower()]
    target: ChatRef | None = None
    if len(words) > 1 and words[1].lower() in TARGET_WORDS:
        if len(words) < 3:
            return say("bind.target_usage", language)
        try:
            target = target_chat(TARGET_WORDS[words[1].lower()], words[2])
        except TargetError:
            return say("bind.target_usage", language)
        if role == BindingRole.SUPPLIER.value:
            return say("bind.target_no_supplier", language)
        words = [words[0], *words[3:]]
    confirmed = any(w.lower() in CONFIRM_WORDS for w in words[1:])
    chosen_language = next((w.lower() for w in words[1:] if w.lower() in LANGUAGES), None)
    name = " ".join(w for w in words[1:] if w.lower() not in CONFIRM_WORDS | LANGUAGES)
    supplier: Supplier | None = None
    if role == BindingRole.OPS.value:
        name = ""
    if name or role == BindingRole.SUPPLIER.value:
        found = await find_suppliers(session, Scope(), name or None)
        if not name or len(found) != 1:
            names = "、".join(s.name for s in found[:12]) or "—"
            return say("bind.need_supplier", language, names=names)
        supplier = found[0]
    args = " ".join([words[0]] + ([supplier.code] if supplier else []) + ([chosen_language] if chosen_language else []))
    return BindRequest(role, supplier, chosen_language, confirmed, args, target)


def describe(role: str, supplier_name: str | None, language: str) -> str:
    if role == BindingRole.SUPPLIER.value:
        return say("role.supplier", language, supplier=supplier_name or "?")
    base = say(f"role.{role}", language)
    return say("role.scoped", language, role=base, supplier=supplier_name) if supplier_name else base


async def _describe_binding(session: AsyncSession, binding: ChatBinding, language: str) -> str:
    supplier = await session.get(Supplier, binding.supplier_id) if binding.supplier_id else None
    return describe(binding.role, supplier.name if supplier else None, language)


async def _apply_bind(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, request: BindRequest, ctx: HandlerContext,
) -> list[Reply]:
    language = speaker.language
    assert speaker.person is not None
    supplier_id = request.supplier.id if request.supplier else None
    new = describe(request.role, request.supplier.name if request.supplier else None, language)
    chat = request.target or message.chat
    title = request.target.title if request.target else _title(message)
    binding = await session.scalar(select(ChatBinding).where(
        ChatBinding.platform == chat.platform.value, ChatBinding.chat_id == chat.chat_id,
    ))
    bound_language = request.language or (request.supplier.language if request.supplier else None)
    if binding is None:
        try:
            async with session.begin_nested():
                session.add(ChatBinding(
                    platform=chat.platform.value, chat_id=chat.chat_id, chat_kind=chat.kind.value,
                    role=request.role, supplier_id=supplier_id, title=title, language=bound_language,
                    bound_by_person_id=speaker.person.id, created_at=ctx.now,
                ))
        except IntegrityError:
            return [_reply(message, say("bind.race", language))]
        if request.target is not None:
            return [_reply(message, say("bind.target_done", language, chat=_shown(request.target, language), what=new,
                                        who=speaker.label))]
        return [_reply(message, say("bind.done", language, what=new, who=speaker.label))]
    if binding.role == request.role and binding.supplier_id == supplier_id:
        if request.language and binding.language != request.language:
            binding.language = request.language
        return [_reply(message, say("bind.same", language, what=new))]
    old = await _describe_binding(session, binding, language)
    if not request.confirmed and request.target is not None:
        return [_reply(message, say("bind.target_confirm", language, chat=_shown(request.target, language), old=old, new=new))]
    if not request.confirmed:
        payload = payloads.button(Prefix.ADMIN, "bind", request.role, supplier_id or 0)
        button = Button(say("bind.confirm_button", language, new=new)[:60], payload)
        return [_reply(message, say("bind.confirm", language, old=old, new=new, args=request.args), ((button,),))]
    binding.role = request.role
    binding.supplier_id = supplier_id
    binding.language = bound_language or binding.language
    binding.title = title or binding.title
    binding.bound_by_person_id = speaker.person.id
    await session.flush()
    return [_reply(message, say("bind.changed", language, old=old, new=new, who=speaker.label))]


def _shown(chat: ChatRef, language: str) -> str:
    """How a named target is echoed: a robot by its masked key, never the key itself."""
    if chat.platform is Platform.WECOM_ROBOT:
        return say("target.robot", language, masked=mask(chat.chat_id))
    return say("target.appchat", language, chat=chat.chat_id)


async def _bind_button(
    session: AsyncSession, message: InboundMessage, speaker: Speaker, payload: str, ctx: HandlerContext,
) -> list[Reply]:
    language = speaker.language
    match = _BIND_BUTTON.match(payload)
    if match is None or match["role"] not in {r.value for r in BindingRole}:
        return [_reply(message, say("bind.usage", language))]
    if not is_admin_person(speaker):
        return [_reply(message, say("admin.only", language, who=speaker.label))]
    supplier = await session.get(Supplier, int(match["supplier"])) if match["supplier"] != "0" else None
    if match["supplier"] != "0" and supplier is None:
        return [_reply(message, say("bind.usage", language))]
    request = BindRequest(match["role"], supplier, None, True, match["role"])
    return await _apply_bind(session, message, speaker, request, ctx)


async def _whoami(session: AsyncSession, message: InboundMessage, speaker: Speaker) -> str:
    language = speaker.language
    binding = (await _describe_binding(session, speaker.binding, language) if speaker.binding is not None
               else say("whoami.unbound", language))
    person = say("whoami.person", language, name=speaker.person.name) if speaker.person is not None else ""
    return say("whoami", language, platform=message.platform.value, user=message.sender.user_id,
               chat=message.chat.chat_id, role=speaker.role, person=person, binding=binding)
