"""People's web access: personal tokens, sessions and the audit log.

Tokens and session ids are random and stored only as SHA-256 hashes: a copy of the database
signs nobody in. A disabled person's token, sessions and rights end together, at once.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    AuditEntry,
    ChatIdentity,
    Person,
    Role,
    StaffScope,
    Supplier,
    TokenScope,
    WebSession,
)

TOKEN_BYTES = 32


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


class AccessError(Exception):
    """A people command could not be done; the message says why."""


@dataclass(frozen=True)
class IssuedToken:
    person_id: int
    token: str  # shown once, never stored
    scope: str
    expires_at: datetime | None


async def add_person(session: AsyncSession, *, name: str, role: str, now: datetime, supplier_id: int | None = None,
                     platform: str | None = None, user_id: str | None = None) -> Person:
    """A new person, optionally with their chat identity on one platform (the CLI and the People page)."""
    name = name.strip()[:120]
    if not name:
        raise AccessError("the name is empty")
    if role not in {r.value for r in Role}:
        raise AccessError(f"unknown role {role!r}")
    if role == Role.SUPPLIER.value and supplier_id is None:
        raise AccessError("a supplier's contact needs their supplier")
    if role != Role.SUPPLIER.value:
        supplier_id = None
    user_id = (user_id or "").strip()[:128] or None
    if bool(platform) != bool(user_id):
        raise AccessError("the platform and the user id go together")
    if platform and user_id:
        taken = await session.scalar(select(ChatIdentity).where(ChatIdentity.platform == platform,
                                                                ChatIdentity.user_id == user_id))
        if taken is not None:
            raise AccessError(f"{platform}:{user_id} already belongs to person #{taken.person_id}")
    person = Person(name=name, role=role, supplier_id=supplier_id, created_at=now)
    session.add(person)
    await session.flush()
    if platform and user_id:
        session.add(ChatIdentity(person_id=person.id, platform=platform, user_id=user_id))
        await session.flush()
    return person


async def set_role(session: AsyncSession, person: Person, role: str) -> None:
    if role not in {r.value for r in Role}:
        raise AccessError(f"unknown role {role!r}")
    if (person.role == Role.SUPPLIER.value) != (role == Role.SUPPLIER.value):
        raise AccessError("a supplier's contact and a staff member are different people: add a new person")
    person.role = role
    await session.flush()


def usable(person: Person | None, now: datetime) -> bool:
    return person is not None and person.disabled_at is None


def token_valid(person: Person | None, now: datetime) -> bool:
    return (usable(person, now) and person is not None and person.api_token_hash is not None
            and (person.token_expires_at is None or person.token_expires_at > now))


async def person_by_token(session: AsyncSession, token: str, now: datetime) -> Person | None:
    """The enabled person whose unexpired personal token this is, or None."""
    person = await session.scalar(select(Person).where(Person.api_token_hash == secret_hash(token)))
    return person if token_valid(person, now) else None


async def issue_token(session: AsyncSession, person: Person, *, scope: str, now: datetime,
                      valid_for: timedelta | None) -> IssuedToken:
    """A new personal token (the old one stops working); its sessions end with the old token."""
    if scope not in {s.value for s in TokenScope}:
        raise AccessError(f"unknown scope {scope!r} (read or write)")
    if person.role == Role.SUPPLIER.value:
        raise AccessError(f"{person.name} is a supplier's contact: contacts report in chat and get no token")
    token = new_secret()
    person.api_token_hash = secret_hash(token)
    person.token_scope = scope
    person.token_expires_at = now + valid_for if valid_for else None
    await end_sessions(session, person.id, now)
    await session.flush()
    return IssuedToken(person.id, token, scope, person.token_expires_at)


async def disable(session: AsyncSession, person: Person, now: datetime) -> None:
    person.disabled_at = now
    await end_sessions(session, person.id, now)
    await session.flush()


# --- staff scopes ---------------------------------------------------------------------------

async def staff_suppliers(session: AsyncSession, person_id: int) -> frozenset[int] | None:
    """The suppliers a staff person may see and act on; None: every supplier."""
    ids = (await session.scalars(select(StaffScope.supplier_id).where(StaffScope.person_id == person_id))).all()
    return frozenset(ids) if ids else None


async def set_staff_suppliers(session: AsyncSession, person: Person, supplier_ids: frozenset[int] | None) -> None:
    """Limit a staff person to these suppliers (None: every supplier). Contacts have their own supplier."""
    if person.role == Role.SUPPLIER.value:
        raise AccessError(f"{person.name} is a supplier's contact: their scope is their own supplier")
    if supplier_ids is not None:
        if not supplier_ids:
            raise AccessError("name at least one supplier, or all")
        found = set((await session.scalars(select(Supplier.id).where(Supplier.id.in_(supplier_ids)))).all())
        if missing := sorted(supplier_ids - found):
            raise AccessError(f"no supplier #{', #'.join(map(str, missing))}")
    await session.execute(delete(StaffScope).where(StaffScope.person_id == person.id))
    for supplier_id in sorted(supplier_ids or ()):
        session.add(StaffScope(person_id=person.id, supplier_id=supplier_id))
    await session.flush()


# --- sessions -------------------------------------------------------------------------------

async def open_session(session: AsyncSession, *, subject: str, person_id: int | None, address: str,
                       now: datetime, lifetime: timedelta) -> tuple[str, datetime]:
    """A new session's random id (for the cookie) and when it ends."""
    key = new_secret()
    expires = now + lifetime
    session.add(WebSession(key_hash=secret_hash(key), subject=subject, person_id=person_id, address=address[:64],
                           created_at=now, expires_at=expires))
    await session.flush()
    return key, expires


async def live_session(session: AsyncSession, key: str, now: datetime) -> WebSession | None:
    found = await session.scalar(select(WebSession).where(WebSession.key_hash == secret_hash(key)))
    if found is None or found.revoked_at is not None or found.expires_at <= now:
        return None
    return found


async def end_session(session: AsyncSession, key: str, now: datetime) -> None:
    await session.execute(update(WebSession).where(WebSession.key_hash == secret_hash(key),
                                                   WebSession.revoked_at.is_(None)).values(revoked_at=now))


async def end_sessions(session: AsyncSession, person_id: int, now: datetime) -> None:
    await session.execute(update(WebSession).where(WebSession.person_id == person_id,
                                                   WebSession.revoked_at.is_(None)).values(revoked_at=now))


# --- audit ----------------------------------------------------------------------------------

async def record(session: AsyncSession, *, at: datetime, actor: str, person_id: int | None, surface: str,
                 action: str, target: str = "", status: int | None = None) -> None:
    session.add(AuditEntry(at=at, actor=actor[:160], person_id=person_id, surface=surface[:10], action=action[:80],
                           target=target[:200], status=status))
    await session.flush()


async def audit_entries(session: AsyncSession, *, limit: int = 200, offset: int = 0,
                        person_id: int | None = None) -> list[AuditEntry]:
    query = select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)
    if person_id is not None:
        query = query.where(AuditEntry.person_id == person_id)
    return list((await session.scalars(query)).all())
