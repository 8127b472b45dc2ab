"""`supplierbot admin add --platform telegram --user 123 --name 张三`: the first admin (or any
later one) is made on the server, by whoever can run the service's command line.

Why not in chat: a bootstrap secret typed into a chat stays in the platform's history, and
"the first person to ask" is whoever finds the bot first. The user id to give is what the
bot answers to `/whoami`.
"""

from __future__ import annotations

import sys

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock, SystemClock
from bot.ports import Platform
from bot.settings import Settings
from storage.db import Database
from storage.models import ChatIdentity, Person, Role


class AdminError(Exception):
    """The admin could not be added; the message says why."""


async def grant_admin(session: AsyncSession, platform: str, user_id: str, name: str, *, clock: Clock) -> int:
    """Make the person behind (platform, user id) an admin, creating them if unknown; their id.

    A supplier's contact is never promoted: an account that speaks for a supplier must not
    also bind chats.
    """
    if platform not in {p.value for p in Platform}:
        raise AdminError(f"unknown platform {platform!r} (one of {', '.join(p.value for p in Platform)})")
    user_id, name = user_id.strip(), name.strip()
    if not user_id or not name:
        raise AdminError("both --user and --name are required")
    person = await session.scalar(
        select(Person).join(ChatIdentity, ChatIdentity.person_id == Person.id)
        .where(ChatIdentity.platform == platform, ChatIdentity.user_id == user_id)
    )
    if person is not None:
        if person.role == Role.SUPPLIER.value:
            raise AdminError(f"{platform}:{user_id} is a supplier's contact ({person.name}); not promoted")
        person.role = Role.ADMIN.value
        await session.flush()
        return person.id
    person = Person(name=name[:120], role=Role.ADMIN.value, created_at=clock.now())
    session.add(person)
    await session.flush()
    session.add(ChatIdentity(person_id=person.id, platform=platform, user_id=user_id))
    await session.flush()
    return person.id


async def add_admin(settings: Settings, platform: str, user_id: str, name: str) -> int:
    """The CLI command: prints what it did and returns the process exit code."""
    database = Database(settings.database_url)
    try:
        async with database.write() as session:
            person_id = await grant_admin(session, platform, str(user_id), name, clock=SystemClock())
    except AdminError as exc:
        print(f"supplierbot: {exc}", file=sys.stderr)
        return 1
    finally:
        await database.dispose()
    print(f"{name} ({platform}:{user_id}) is an admin now (person #{person_id}); "
          "they can /bind chats. 已设为管理员，可在群里发送 /bind 绑定。")
    return 0
