"""How each ERP connection stands, in one line per system: for `supplierbot doctor` and the
admin page. Asks the ERP one small question (a login and a one-row query) and reads the sync
state the last runs left in the database."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from bot.connectors.order_source import SourceError
from bot.connectors.registry import build_source, enabled_systems
from bot.settings import Settings
from storage.db import Database
from storage.erp_state import sync_states


@dataclass(frozen=True)
class ErpHealth:
    system: str
    ok: bool
    line: str  # one line: what answered, or why not
    state: dict[str, Any] | None


async def live_check(settings: Settings, system: str, *, limit_seconds: float = 10.0) -> tuple[bool, str]:
    try:
        source = build_source(system, settings)
        return True, await asyncio.wait_for(source.check(), limit_seconds)
    except SourceError as exc:
        return False, str(exc)
    except TimeoutError:
        return False, f"{system}: no answer within {limit_seconds:g} s"


async def erp_health(settings: Settings, database: Database | None, *, limit_seconds: float = 10.0,
                     live: bool = True) -> list[ErpHealth]:
    states: dict[str, dict[str, Any]] = {}
    if database is not None:
        try:
            async with database.read() as session:
                states = {s["system"]: s for s in await sync_states(session)}
        except Exception:  # the database checks say what is wrong with it
            states = {}
    out = []
    for system in enabled_systems(settings):
        ok, line = await live_check(settings, system, limit_seconds=limit_seconds) if live else (True, "")
        out.append(ErpHealth(system, ok, line, states.get(system)))
    return out


def describe_state(state: dict[str, Any] | None) -> str:
    if state is None:
        return "never synced"
    parts = [f"cursor {state['cursor'] or '—'}"]
    if state["last_success_at"] is not None:
        parts.append(f"last success {state['last_success_at']:%Y-%m-%d %H:%M} UTC")
    if state["failing"]:
        parts.append(f"last error {state['last_error_at']:%Y-%m-%d %H:%M} UTC: {state['last_error']}")
    if state["conflicts"]:
        parts.append(f"{state['conflicts']} conflict(s) to settle")
    return "; ".join(parts)
