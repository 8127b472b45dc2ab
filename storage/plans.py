"""Process templates and the node plan an order gets from its template.

Each process places the six key nodes at a fraction `at` of the release→due window:
stamping gets its material late and runs fast, SMT waits long for components, plating
and heat treatment spend most of the window in the bath or furnace. The fractions are
defaults a manufacturer can edit in the `process_templates` table.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import NodeCode, ProcessTemplate

NODE_LABELS: dict[str, tuple[str, str]] = {
    NodeCode.MATERIAL_READY: ("原材料到位", "Material ready"),
    NodeCode.FIRST_PROCESS: ("首道工序完成", "First operation done"),
    NodeCode.IN_PROCESS: ("半成品加工", "In process"),
    NodeCode.FINAL_INSPECTION: ("最终质检", "Final inspection"),
    NodeCode.SHIPPED: ("发货", "Shipped"),
    NodeCode.RECEIVED: ("到货验收", "Received and accepted"),
}

TEMPLATE_NAMES: dict[str, tuple[str, str]] = {
    "default": ("通用", "General"),
    "stamping": ("冲压", "Stamping"),
    "smt": ("SMT贴片", "SMT placement"),
    "machining": ("机加工", "Machining"),
    "plating": ("电镀", "Plating"),
    "coating": ("喷涂", "Coating"),
    "heat_treatment": ("热处理", "Heat treatment"),
}


def _nodes(*fractions: float) -> list[dict[str, Any]]:
    codes = list(NodeCode)
    return [
        {"node": str(code), "at": at, "inspection": code == NodeCode.FINAL_INSPECTION}
        for code, at in zip(codes, fractions, strict=True)
    ]


DEFAULT_TEMPLATES: dict[str, list[dict[str, Any]]] = {
    "default": _nodes(0.15, 0.35, 0.70, 0.85, 0.95, 1.0),
    "stamping": _nodes(0.20, 0.35, 0.70, 0.85, 0.95, 1.0),
    "smt": _nodes(0.30, 0.45, 0.70, 0.85, 0.95, 1.0),
    "machining": _nodes(0.15, 0.30, 0.70, 0.85, 0.95, 1.0),
    "plating": _nodes(0.10, 0.25, 0.65, 0.85, 0.95, 1.0),
    "coating": _nodes(0.10, 0.30, 0.65, 0.85, 0.95, 1.0),
    "heat_treatment": _nodes(0.10, 0.25, 0.60, 0.85, 0.95, 1.0),
}

PROCESS_ALIASES: dict[str, str] = {
    "通用": "default", "general": "default", "标准": "default", "外协": "default",
    "冲压": "stamping", "冲裁": "stamping", "冲压件": "stamping", "stamping": "stamping",
    "smt": "smt", "smt贴片": "smt", "贴片": "smt", "smt placement": "smt", "pcba": "smt",
    "机加工": "machining", "机加": "machining", "机械加工": "machining", "cnc": "machining",
    "cnc加工": "machining", "车加工": "machining", "machining": "machining",
    "电镀": "plating", "镀锌": "plating", "镀镍": "plating", "镀铬": "plating", "plating": "plating",
    "喷涂": "coating", "喷漆": "coating", "喷塑": "coating", "喷粉": "coating", "粉末喷涂": "coating",
    "coating": "coating", "painting": "coating",
    "热处理": "heat_treatment", "淬火": "heat_treatment", "调质": "heat_treatment",
    "heat treatment": "heat_treatment", "heat_treatment": "heat_treatment",
}

PlannedNode = tuple[int, str, date, bool]


def process_code(text: str | None, known: Iterable[str] = DEFAULT_TEMPLATES,
                 names: Mapping[str, str] | None = None) -> str | None:
    """The template code for what a sheet or a person calls a process (`冲压`, `SMT贴片`, `CNC`,
    or the name a template was given on the set-up page, `激光切割`).

    Empty means the general template; an unknown name gives None.
    """
    cleaned = unicodedata.normalize("NFKC", text or "").strip().lower()
    if not cleaned:
        return "default"
    codes = {code.lower(): code for code in known}
    if cleaned in codes:
        return codes[cleaned]
    alias = PROCESS_ALIASES.get(cleaned) or PROCESS_ALIASES.get(cleaned.replace(" ", ""))
    if alias is None and names:
        return names.get(cleaned) or names.get(cleaned.replace(" ", ""))  # stored templates: known by definition
    return codes.get(alias.lower()) if alias is not None else None


def plan_milestones(template_nodes: Sequence[Mapping[str, Any]], release: date, due: date) -> list[PlannedNode]:
    """Place each node along release→due: never before release, never earlier than the node
    before it, and the last node exactly on the due date (the date the buyer promised)."""
    if due < release:
        raise ValueError(f"due date {due} is before release date {release}")
    span = (due - release).days
    planned: list[PlannedNode] = []
    previous = release
    for seq, node in enumerate(template_nodes, start=1):
        at = min(max(float(node.get("at", 1.0)), 0.0), 1.0)
        when = max(release + timedelta(days=math.floor(at * span + 1e-9)), previous)
        if seq == len(template_nodes):
            when = due
        planned.append((seq, str(node["node"]), when, bool(node.get("inspection", False))))
        previous = when
    return planned


async def ensure_templates(session: AsyncSession) -> None:
    """Insert the default templates that are missing; edited or extra templates are left as they are.

    ON CONFLICT DO NOTHING so two replicas starting together do not fail on the unique code.
    """
    existing = set((await session.scalars(select(ProcessTemplate.code))).all())
    missing = [
        {"code": code, "name": " / ".join(TEMPLATE_NAMES[code]), "nodes": nodes}
        for code, nodes in DEFAULT_TEMPLATES.items()
        if code not in existing
    ]
    if not missing:
        return
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(insert(ProcessTemplate).values(missing).on_conflict_do_nothing(index_elements=["code"]))


async def load_templates(session: AsyncSession) -> dict[str, list[dict[str, Any]]]:
    """Every template's nodes by code, the stored ones overriding the defaults."""
    templates = {code: list(nodes) for code, nodes in DEFAULT_TEMPLATES.items()}
    for template in (await session.scalars(select(ProcessTemplate))).all():
        templates[template.code] = list(template.nodes)
    return templates


async def load_template_names(session: AsyncSession) -> dict[str, str]:
    """The names stored templates answer to (`激光切割`, `laser cutting`), lower-case → code."""
    names: dict[str, str] = {}
    for code, name in (await session.execute(select(ProcessTemplate.code, ProcessTemplate.name))).all():
        for part in name.split(" / "):
            cleaned = unicodedata.normalize("NFKC", part).strip().lower()
            if cleaned:
                names.setdefault(cleaned, code)
    return names
