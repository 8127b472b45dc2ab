"""Which supplier a sheet, an ERP export or a person means: by code, full name, short name
(简称) or an alias, then by a name it uniquely begins (`华达` → `华达精密`). A text two
suppliers could mean is left unresolved, never guessed."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Supplier

MIN_PREFIX = 2


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().lower()


def match_supplier(text: str, suppliers: Iterable[Supplier]) -> Supplier | None:
    """The one supplier `text` names, or None (unknown, or more than one could be meant)."""
    wanted = _norm(text)
    if not wanted:
        return None
    candidates = list(suppliers)
    for key in (lambda s: [s.code], lambda s: [s.name], lambda s: [s.short_name or ""],
                lambda s: [str(a) for a in (s.aliases or [])]):
        found = {s.id: s for s in candidates if wanted in {_norm(k) for k in key(s) if k}}
        if len(found) == 1:
            return next(iter(found.values()))
        if len(found) > 1:
            return None
    if len(wanted) >= MIN_PREFIX:
        found = {s.id: s for s in candidates if _norm(s.name).startswith(wanted)}
        if len(found) == 1:
            return next(iter(found.values()))
    return None


async def resolve_suppliers(session: AsyncSession, texts: Iterable[str]) -> dict[str, Supplier]:
    """Every text that names exactly one supplier. Reads all suppliers once: a plant has
    hundreds, not millions."""
    wanted = [t for t in texts if t]
    if not wanted:
        return {}
    suppliers = list((await session.scalars(select(Supplier).order_by(Supplier.id))).all())
    out = {}
    for text in wanted:
        supplier = match_supplier(text, suppliers)
        if supplier is not None:
            out[text] = supplier
    return out
