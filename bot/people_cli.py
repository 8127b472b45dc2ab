"""`supplierbot people add|list|set-role|set-scope|token|disable`: who may act (in chat, on the
dashboard and the API), kept on the server by whoever runs the service's command line.

A personal token is printed once and stored hashed; it has a scope (read, or write) and an
expiry. Replacing or disabling ends the person's sessions at once. Every change is in the
audit log with surface `cli`.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import SystemClock
from bot.ports import Platform
from bot.settings import Settings
from storage.access import (
    AccessError,
    add_person,
    disable,
    issue_token,
    record,
    set_role,
    set_staff_suppliers,
)
from storage.db import Database
from storage.models import ChatIdentity, Person, Role, StaffScope, Supplier, TokenScope

ROLES = [r.value for r in Role]


def add_people_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    people = commands.add_parser("people", help="people, their roles and their own dashboard/API tokens")
    actions = people.add_subparsers(dest="people_action", required=True)
    add = actions.add_parser("add", help="add a person (optionally with a chat identity and a token)")
    add.add_argument("--name", required=True)
    add.add_argument("--role", required=True, choices=ROLES)
    add.add_argument("--supplier", help="the supplier's code or name (supplier contacts)")
    add.add_argument("--platform", choices=[p.value for p in Platform])
    add.add_argument("--user", help="the person's user id on that platform (/whoami tells it)")
    add.add_argument("--token", choices=[s.value for s in TokenScope], help="also issue a personal token")
    add.add_argument("--days", type=int, default=90, help="the token's life in days (0: no expiry)")
    actions.add_parser("list", help="everyone, with role, identities and token state")
    set_role = actions.add_parser("set-role", help="change a person's role")
    set_role.add_argument("person", type=int)
    set_role.add_argument("role", choices=ROLES)
    scope = actions.add_parser("set-scope", help="the suppliers a staff person may see and act on")
    scope.add_argument("person", type=int)
    which = scope.add_mutually_exclusive_group(required=True)
    which.add_argument("--all", action="store_true", help="every supplier (the default)")
    which.add_argument("--supplier", action="append", help="a supplier's code or name (repeat for more)")
    token = actions.add_parser("token", help="issue a new personal token (the old one stops working)")
    token.add_argument("person", type=int)
    token.add_argument("--scope", choices=[s.value for s in TokenScope], default=TokenScope.READ.value)
    token.add_argument("--days", type=int, default=90, help="0: no expiry")
    off = actions.add_parser("disable", help="no sign-in, no token, no action; sessions end now")
    off.add_argument("person", type=int)


async def people_command(settings: Settings, args: argparse.Namespace) -> int:
    database = Database(settings.database_url)
    try:
        async with database.write() as session:
            lines = await _run(session, args)
    except AccessError as exc:
        print(f"supplierbot: {exc}", file=sys.stderr)
        return 1
    finally:
        await database.dispose()
    for line in lines:
        print(line)
    return 0


async def _run(session: AsyncSession, args: argparse.Namespace) -> list[str]:
    now = SystemClock().now()
    action = args.people_action
    if action == "list":
        return await _list(session, now)
    if action == "add":
        person = await _add(session, args, now)
    else:
        found = await session.get(Person, args.person)
        if found is None:
            raise AccessError(f"no person #{args.person} (supplierbot people list)")
        person = found
    lines: list[str] = []
    if action == "set-role":
        await set_role(session, person, args.role)
        lines.append(f"#{person.id} {person.name} is {args.role} now. 角色已更新。")
    elif action == "set-scope":
        ids = None if args.all else await _supplier_ids(session, args.supplier)
        await set_staff_suppliers(session, person, ids)
        lines.append(f"#{person.id} {person.name} sees {'every supplier' if ids is None else len(ids)}. 范围已更新。")
    elif action == "disable":
        await disable(session, person, now)
        lines.append(f"#{person.id} {person.name} is disabled: token and sessions ended. 已停用。")
    elif action == "add":
        lines.append(f"added #{person.id} {person.name} ({person.role}). 已添加。")
    scope = args.token if action == "add" else (args.scope if action == "token" else None)
    if scope:
        issued = await issue_token(session, person, scope=scope, now=now,
                                   valid_for=timedelta(days=args.days) if args.days > 0 else None)
        until = issued.expires_at.date().isoformat() if issued.expires_at else "no expiry"
        lines.append(f"token ({issued.scope}, until {until}), shown once — 令牌只显示这一次:")
        lines.append(issued.token)
    await record(session, at=now, actor="cli", person_id=None, surface="cli", action=f"people {action}",
                 target=f"person:{person.id} {person.name}")
    return lines


async def _add(session: AsyncSession, args: argparse.Namespace, now: datetime) -> Person:
    supplier_id = None
    if args.role == Role.SUPPLIER.value:
        if not args.supplier:
            raise AccessError("a supplier's contact needs --supplier CODE")
        supplier = await session.scalar(select(Supplier).where(
            (Supplier.code == args.supplier) | (Supplier.name == args.supplier)))
        if supplier is None:
            raise AccessError(f"no supplier {args.supplier!r}")
        supplier_id = supplier.id
    if bool(args.platform) != bool(args.user):
        raise AccessError("--platform and --user go together")
    if not args.name.strip():
        raise AccessError("--name is empty")
    return await add_person(session, name=args.name, role=args.role, now=now, supplier_id=supplier_id,
                            platform=args.platform, user_id=args.user)


async def _supplier_ids(session: AsyncSession, names: list[str]) -> frozenset[int]:
    ids = set()
    for name in names:
        supplier = await session.scalar(select(Supplier).where((Supplier.code == name) | (Supplier.name == name)))
        if supplier is None:
            raise AccessError(f"no supplier {name!r}")
        ids.add(supplier.id)
    return frozenset(ids)


async def _list(session: AsyncSession, now: object) -> list[str]:
    people = (await session.scalars(select(Person).order_by(Person.id))).all()
    identities = (await session.scalars(select(ChatIdentity))).all()
    scoped: dict[int, list[str]] = {}
    for person_id, code in (await session.execute(
            select(StaffScope.person_id, Supplier.code).join(Supplier, Supplier.id == StaffScope.supplier_id))).all():
        scoped.setdefault(person_id, []).append(code)
    by_person: dict[int, list[str]] = {}
    for identity in identities:
        by_person.setdefault(identity.person_id, []).append(f"{identity.platform}:{identity.user_id}")
    lines = []
    for person in people:
        state = "disabled" if person.disabled_at else "active"
        if person.api_token_hash:
            expiry = person.token_expires_at.date().isoformat() if person.token_expires_at else "no expiry"
            token = f"token {person.token_scope or 'read'} until {expiry}"
        else:
            token = "no token"
        sees = "" if person.role == Role.SUPPLIER.value else \
            ("all suppliers" if person.id not in scoped else "only " + ",".join(sorted(scoped[person.id])))
        lines.append(f"#{person.id}\t{person.name}\t{person.role}\t{state}\t{token}\t{sees}\t"
                     f"{', '.join(by_person.get(person.id, [])) or '-'}")
    return lines or ["nobody yet: supplierbot people add --name 张三 --role buyer --token write"]
