"""`supplierbot bind managers --wecom-robot KEY`, `supplierbot bind --list`, `supplierbot unbind ...`:
binding chats from the server, for chats that cannot say `/bind` themselves (WeCom app
groups and group robots only receive) and for whoever prefers not to type a robot key into
a chat. The server's operator is trusted as an admin is; a re-bind is applied and reported.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat_targets import TargetError, TargetKind, shown_chat_id, target_chat
from bot.clock import SystemClock
from bot.ports import ChatKind, ChatRef, Platform
from bot.settings import Settings
from storage.db import Database, rows_changed
from storage.models import BindingRole, ChatBinding, Supplier

ROLES = tuple(r.value for r in BindingRole if r is not BindingRole.SUPPLIER)


class BindError(Exception):
    """The binding could not be made; the message says why."""


@dataclass(frozen=True, slots=True)
class ChatChoice:
    """Which chat the command names: one of the CLI's target options."""

    wecom_appchat: str | None = None
    wecom_robot: str | None = None
    telegram_chat: str | None = None
    feishu_chat: str | None = None

    def chat(self) -> ChatRef:
        given = [v for v in (self.wecom_appchat, self.wecom_robot, self.telegram_chat, self.feishu_chat) if v]
        if len(given) != 1:
            raise BindError("name exactly one chat: --wecom-appchat CHATID, --wecom-robot KEY, --telegram-chat ID "
                            "or --feishu-chat oc_…")
        if self.feishu_chat:
            chat_id = self.feishu_chat.strip()
            if not re.fullmatch(r"oc_[0-9A-Za-z]{8,64}", chat_id):
                raise BindError("a Feishu group's chat_id starts with oc_ (the bot answers /whoami in the group with it)")
            return ChatRef(Platform.FEISHU, chat_id, ChatKind.GROUP)
        try:
            if self.wecom_appchat:
                return target_chat(TargetKind.WECOM_APPCHAT, self.wecom_appchat)
            if self.wecom_robot:
                return target_chat(TargetKind.WECOM_ROBOT, self.wecom_robot)
        except TargetError as exc:
            raise BindError(str(exc)) from exc
        chat_id = (self.telegram_chat or "").strip()
        if not chat_id.lstrip("-").isdigit():
            raise BindError("a Telegram chat id is a number, e.g. -1001234567890 (the bot answers /whoami with it)")
        return ChatRef(Platform.TELEGRAM, chat_id, ChatKind.GROUP)


async def bind_chat(session: AsyncSession, chat: ChatRef, role: str, *, supplier: str | None = None,
                    language: str | None = None) -> str:
    """Bind (or re-bind) `chat` to `role`; a sentence saying what changed."""
    if role not in ROLES:
        raise BindError(f"role must be one of {', '.join(ROLES)} (suppliers bind their own chat with /bind supplier)")
    if language not in (None, "zh", "en"):
        raise BindError("language must be zh or en")
    supplier_id = None
    if supplier:
        found = (await session.execute(select(Supplier).where(
            (Supplier.code == supplier) | (Supplier.name == supplier)))).scalars().all()
        if len(found) != 1:
            raise BindError(f"no single supplier with code or name {supplier!r}")
        supplier_id = found[0].id
    shown = f"{chat.platform.value} {shown_chat_id(chat.platform.value, chat.chat_id)}"
    binding = await session.scalar(select(ChatBinding).where(
        ChatBinding.platform == chat.platform.value, ChatBinding.chat_id == chat.chat_id))
    if binding is None:
        session.add(ChatBinding(platform=chat.platform.value, chat_id=chat.chat_id, chat_kind=chat.kind.value,
                                role=role, supplier_id=supplier_id, title=chat.title, language=language,
                                created_at=SystemClock().now()))
        await session.flush()
        return f"bound {shown} as {role}"
    old = binding.role
    binding.role, binding.supplier_id = role, supplier_id
    binding.language = language or binding.language
    binding.title = chat.title or binding.title
    await session.flush()
    return f"re-bound {shown}: {old} -> {role}" if old != role else f"{shown} is {role} (updated)"


async def list_bindings(session: AsyncSession) -> list[str]:
    rows = (await session.execute(select(ChatBinding, Supplier.name).outerjoin(
        Supplier, ChatBinding.supplier_id == Supplier.id).order_by(ChatBinding.id))).all()
    return [f"{b.role:<9} {b.platform:<12} {shown_chat_id(b.platform, b.chat_id):<24} "
            f"{name or ''} {b.language or ''} {b.title or ''}".rstrip() for b, name in rows]


async def unbind_chat(session: AsyncSession, chat: ChatRef) -> bool:
    result = await session.execute(delete(ChatBinding).where(
        ChatBinding.platform == chat.platform.value, ChatBinding.chat_id == chat.chat_id))
    return bool(rows_changed(result))


async def bind_command(settings: Settings, action: str, choice: ChatChoice, role: str | None = None, *,
                       supplier: str | None = None, language: str | None = None) -> int:
    """The CLI commands `bind ROLE ...`, `bind --list` and `unbind ...`; the process exit code."""
    database = Database(settings.database_url)
    try:
        async with database.write() as session:
            if action == "list":
                lines = await list_bindings(session)
                print("\n".join(lines) if lines else "no chats bound yet / 还没有绑定任何聊天")
                return 0
            chat = choice.chat()
            if action == "unbind":
                if not await unbind_chat(session, chat):
                    print(f"supplierbot: {chat.platform.value} {shown_chat_id(chat.platform.value, chat.chat_id)} "
                          "is not bound", file=sys.stderr)
                    return 1
                print(f"unbound {chat.platform.value} {shown_chat_id(chat.platform.value, chat.chat_id)}")
                return 0
            if role is None:
                raise BindError(f"which role? one of {', '.join(ROLES)}")
            print(await bind_chat(session, chat, role, supplier=supplier, language=language))
            return 0
    except BindError as exc:
        print(f"supplierbot: {exc}", file=sys.stderr)
        return 2
    finally:
        await database.dispose()
