"""The dashboard's login: a token (the service's API token or a person's own token) buys a
signed session cookie, so a buyer's browser never keeps the token itself.

The cookie is `payload.signature`, HMAC-SHA256 with a key derived from the API token:
changing the API token logs everybody out. The payload names a server-side session
(`storage.access`), so logging out, disabling a person or replacing their token ends it at
once. A person's session also carries a fingerprint of that person's token hash. Cookies are
HttpOnly and SameSite=Lax (no cross-site POSTs), Secure when served over HTTPS.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.web.auth import token_hash
from storage.access import (
    end_session,
    live_session,
    open_session,
    person_by_token,
    staff_suppliers,
    token_valid,
)
from storage.db import Database
from storage.models import Person, Role

COOKIE = "sb_session"
LIFETIME = timedelta(hours=12)
KEY_CONTEXT = b"supplierbot dashboard session v1"
API_SUBJECT = "api"
# Supplier contacts talk to the bot; the board shows every supplier's data, so it is staff only.
STAFF_ROLES = frozenset({Role.BUYER, Role.QC, Role.WAREHOUSE, Role.MANAGER, Role.ADMIN})


@dataclass(frozen=True)
class Viewer:
    """Who is looking at the dashboard."""

    subject: str  # "api" or "person:<id>"
    name: str
    role: str | None = None  # the person's role; None: the master token (bootstrap and machines)
    suppliers: frozenset[int] | None = None  # the person's staff scope; None: every supplier

    @property
    def is_admin(self) -> bool:
        """Who may manage people: an admin person, or the master token (bootstrap)."""
        return self.role is None or self.role == Role.ADMIN.value

    @property
    def person_id(self) -> int | None:
        prefix, _, raw_id = self.subject.partition(":")
        return int(raw_id) if prefix == "person" and raw_id.isdigit() else None


def session_key(api_token: str) -> bytes:
    """The signing key, derived so the API token itself never signs anything directly."""
    return hmac.new(api_token.encode(), KEY_CONTEXT, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _fingerprint(key: bytes, secret_hash: str) -> str:
    return hmac.new(key, secret_hash.encode(), hashlib.sha256).hexdigest()[:32]


def encode_session(key: bytes, viewer: Viewer, fingerprint: str, expires: datetime, session_id: str = "") -> str:
    payload = _b64(json.dumps(
        {"s": viewer.subject, "n": viewer.name, "f": fingerprint, "e": int(expires.timestamp()), "i": session_id},
        ensure_ascii=False, separators=(",", ":"),
    ).encode())
    signature = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{signature}"


def decode_session(key: bytes, value: str, now: datetime) -> dict[str, object] | None:
    """The payload of a well-signed, unexpired cookie, else None."""
    payload, _, signature = value.partition(".")
    if not payload or not signature:
        return None
    expected = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        return None
    try:
        data = json.loads(_unb64(payload))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("e"), int) or data["e"] <= now.timestamp():
        return None
    return data


async def login_with_token(
    session: AsyncSession, api_token: str, given: str, now: datetime
) -> tuple[Viewer, str] | None:
    """The viewer a token belongs to and the fingerprint to pin the session to, or None."""
    if not api_token or not given:
        return None
    key = session_key(api_token)
    if hmac.compare_digest(given.encode(), api_token.encode()):
        return Viewer(API_SUBJECT, "API"), _fingerprint(key, token_hash(api_token))
    person = await person_by_token(session, given, now)
    if person is None or person.role not in STAFF_ROLES or person.api_token_hash is None:
        return None
    return Viewer(f"person:{person.id}", person.name), _fingerprint(key, person.api_token_hash)


async def start_session(session: AsyncSession, api_token: str, viewer: Viewer, fingerprint: str, *,
                        address: str, now: datetime) -> str:
    """A server-side session for this viewer, and the signed cookie value that names it."""
    person_id = viewer.person_id
    session_id, expires = await open_session(session, subject=viewer.subject, person_id=person_id,
                                             address=address, now=now, lifetime=LIFETIME)
    return encode_session(session_key(api_token), viewer, fingerprint, expires, session_id)


async def end_cookie_session(database: Database, api_token: str, value: str | None, now: datetime) -> None:
    """Logging out ends the session on the server, whatever the browser does with the cookie."""
    if not api_token or not value:
        return
    data = decode_session(session_key(api_token), value, now)
    if data is None or not data.get("i"):
        return
    async with database.write() as session:
        await end_session(session, str(data["i"]), now)


async def viewer_from_cookie(database: Database, api_token: str, value: str | None, now: datetime) -> Viewer | None:
    """The viewer of a valid session cookie; a person's session dies with their token."""
    if not api_token or not value:
        return None
    key = session_key(api_token)
    data = decode_session(key, value, now)
    if data is None:
        return None
    subject, name, fingerprint = str(data.get("s", "")), str(data.get("n", "")), str(data.get("f", ""))
    session_id = str(data.get("i", ""))
    if not session_id:
        return None
    async with database.read() as session:
        live = await live_session(session, session_id, now)
        if live is None or live.subject != subject:
            return None
        if subject == API_SUBJECT:
            ok = hmac.compare_digest(fingerprint, _fingerprint(key, token_hash(api_token)))
            return Viewer(subject, name) if ok else None
        prefix, _, raw_id = subject.partition(":")
        if prefix != "person" or not (raw_id.isascii() and raw_id.isdigit()):
            return None
        person = await session.get(Person, int(raw_id))
        suppliers = await staff_suppliers(session, person.id) if person is not None else None
    if not token_valid(person, now) or person is None or person.api_token_hash is None \
            or person.role not in STAFF_ROLES:
        return None
    if not hmac.compare_digest(fingerprint, _fingerprint(key, person.api_token_hash)):
        return None
    return Viewer(subject, person.name, person.role, suppliers)


def set_session_cookie(response: web.StreamResponse, request: web.Request, value: str) -> None:
    response.set_cookie(
        COOKIE, value, max_age=int(LIFETIME.total_seconds()), path="/", httponly=True, samesite="Lax",
        secure=request.secure or None,
    )


def clear_session_cookie(response: web.StreamResponse) -> None:
    response.del_cookie(COOKIE, path="/")


def safe_next(target: str | None, default: str = "/board") -> str:
    """A local path to return to after login; anything that could leave the site is dropped."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    if any(ord(ch) < 0x20 for ch in target):
        return default
    return target
