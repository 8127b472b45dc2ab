"""Process templates as the people who own them edit them: their own list of nodes (one per
process step, e.g. 车 → 铣 → 热处理 → 磨), each placed along the release→due window.

Every step belongs to one of the six stages (`NodeCode`): 车/铣/热处理/磨 are all `in_process`.
The reader, the KPIs and the scheduler keep reasoning in stages; a step only adds a name and
its own date. So a template must keep the stages in order, and end with one `shipped` and
one `received` node (where lots and acceptance are recorded).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage import settings_history
from storage.intake_fields import Problem
from storage.intake_values import as_number, as_text
from storage.models import NodeCode, ProcessTemplate
from storage.plans import DEFAULT_TEMPLATES, NODE_LABELS, TEMPLATE_NAMES, ensure_templates

STAGES = list(NodeCode)
MAX_NODES = 30
MAX_STEP = 80
MAX_CODE = 40
MAX_NAME = 55


@dataclass(frozen=True)
class NodeRow:
    """One node of a template as typed into the form or posted as JSON (values may be text)."""

    step: Any = ""
    stage: Any = ""
    at: Any = ""  # percent of the release→due window, 0-100
    inspection: Any = False


@dataclass(frozen=True)
class TemplateView:
    code: str
    name_zh: str
    name_en: str
    nodes: list[dict[str, Any]]
    builtin: bool


def _p(row: int | None, field: str, zh: str, en: str) -> Problem:
    where_zh = f"第 {row} 个节点 " if row is not None else ""
    where_en = f"node {row}: " if row is not None else ""
    return Problem(row, field, f"{where_zh}{zh}", f"{where_en}{en}")


def _flag(value: Any) -> bool:
    return value is True or as_text(value).lower() in ("1", "true", "on", "yes", "y", "是")


def is_blank(row: NodeRow) -> bool:
    return not as_text(row.step) and not as_text(row.at) and not as_text(row.stage)


def validate_nodes(rows: Sequence[NodeRow]) -> tuple[list[dict[str, Any]], list[Problem]]:
    """The stored form of a template's nodes, or every problem with them (blank rows are skipped)."""
    problems: list[Problem] = []
    nodes: list[dict[str, Any]] = []
    for number, row in enumerate((r for r in rows if not is_blank(r)), start=1):
        step = unicodedata.normalize("NFKC", as_text(row.step)).strip()
        stage = as_text(row.stage)
        if stage not in STAGES:
            problems.append(_p(number, "stage", "请选择阶段（原材料到位、首道工序、加工中、最终质检、发货、到货验收）",
                               "choose a stage (material ready, first operation, in process, final inspection, "
                               "shipped, received)"))
            continue
        if len(step) > MAX_STEP:
            problems.append(_p(number, "step", f"工序名称太长（最多 {MAX_STEP} 个字符）",
                               f"the step name is too long (at most {MAX_STEP} characters)"))
        at = as_number(as_text(row.at).rstrip("%"))
        if at is None or not 0 <= at <= 100:
            problems.append(_p(number, "at", f"时间点应为 0 到 100 之间的百分比，而不是“{as_text(row.at)}”",
                               f"the position must be a percent from 0 to 100, not {as_text(row.at)!r}"))
            continue
        nodes.append({"node": stage, "step": step or None, "at": round(at / 100, 4),
                      "inspection": _flag(row.inspection) or stage == NodeCode.FINAL_INSPECTION})
    if not nodes and not problems:
        problems.append(_p(None, "nodes", "至少需要一个节点", "a template needs at least one node"))
    if problems:
        return [], problems
    for number, (before, after) in enumerate(zip(nodes, nodes[1:], strict=False), start=2):
        if STAGES.index(NodeCode(after["node"])) < STAGES.index(NodeCode(before["node"])):
            problems.append(_p(number, "stage", f"阶段顺序不对：{_label(after)} 不能排在 {_label(before)} 之后",
                               f"stages out of order: {_label(after, 'en')} cannot follow {_label(before, 'en')}"))
        if after["at"] < before["at"]:
            problems.append(_p(number, "at", "时间点不能早于前一个节点", "the position cannot be before the node above"))
    for stage in (NodeCode.SHIPPED, NodeCode.RECEIVED):
        count = sum(1 for n in nodes if n["node"] == stage)
        if count != 1:
            zh, en = NODE_LABELS[stage]
            problems.append(_p(None, "stage", f"必须恰好有一个“{zh}”节点（现在 {count} 个）",
                               f"needs exactly one '{en}' node (has {count})"))
    if nodes and nodes[-1]["node"] != NodeCode.RECEIVED:
        problems.append(_p(len(nodes), "stage", "最后一个节点必须是“到货验收”", "the last node must be 'received'"))
    seen: set[tuple[str, str]] = set()
    for number, node in enumerate(nodes, start=1):
        key = (node["node"], node["step"] or "")
        if key in seen:
            problems.append(_p(number, "step", f"“{_label(node)}”重复", f"{_label(node, 'en')!r} repeats"))
        seen.add(key)
    if len(nodes) > MAX_NODES:
        problems.append(_p(None, "nodes", f"最多 {MAX_NODES} 个节点", f"at most {MAX_NODES} nodes"))
    return (nodes, []) if not problems else ([], problems)


def _label(node: Mapping[str, Any], language: str = "zh") -> str:
    zh, en = NODE_LABELS.get(node["node"], (node["node"], node["node"]))
    stage = en if language == "en" else zh
    return f"{stage}·{node['step']}" if node.get("step") else stage


def split_name(name: str, code: str) -> tuple[str, str]:
    zh, _, en = name.partition(" / ")
    return zh or code, en or zh or code


async def list_templates(session: AsyncSession) -> list[TemplateView]:
    await ensure_templates(session)
    rows = (await session.scalars(select(ProcessTemplate).order_by(ProcessTemplate.id))).all()
    return [TemplateView(t.code, *split_name(t.name, t.code), list(t.nodes), t.code in DEFAULT_TEMPLATES)
            for t in rows]


async def get_template(session: AsyncSession, code: str) -> TemplateView | None:
    await ensure_templates(session)
    t = await session.scalar(select(ProcessTemplate).where(ProcessTemplate.code == code))
    return TemplateView(t.code, *split_name(t.name, t.code), list(t.nodes), t.code in DEFAULT_TEMPLATES) \
        if t is not None else None


def describe(nodes: Sequence[Mapping[str, Any]]) -> str:
    """A template's nodes in one readable line: `原材料到位 15% → 加工中·车 40% → …`."""
    return " → ".join(f"{_label(n)} {round(float(n['at']) * 100):g}%" for n in nodes)


async def save_template(
    session: AsyncSession, *, code: str | None, new_code: str = "", name_zh: Any, name_en: Any,
    rows: Sequence[NodeRow], actor: str, now: datetime,
) -> tuple[str | None, list[Problem]]:
    """Create (code None) or change a template; all or nothing, with history. Returns its code."""
    nodes, problems = validate_nodes(rows)
    zh = unicodedata.normalize("NFKC", as_text(name_zh)).strip()
    en = unicodedata.normalize("NFKC", as_text(name_en)).strip()
    if not zh:
        problems.append(_p(None, "name_zh", "工艺名称必填（例如 激光切割）", "the process name is required (e.g. 激光切割)"))
    if len(zh) > MAX_NAME or len(en) > MAX_NAME or "/" in zh or "/" in en:
        problems.append(_p(None, "name_zh", f"名称最多 {MAX_NAME} 个字符，且不含“/”",
                           f"names have at most {MAX_NAME} characters and no '/'"))
    await ensure_templates(session)
    existing = None
    if code is None:
        code = unicodedata.normalize("NFKC", as_text(new_code) or zh).strip()
        if not code or len(code) > MAX_CODE or "/" in code:
            problems.append(_p(None, "code", f"代码必填，最多 {MAX_CODE} 个字符", f"a code of at most {MAX_CODE} characters"))
        taken = await _code_or_name_taken(session, code, zh, en)
        if taken:
            problems.append(_p(None, "code", f"“{taken}”已有工艺模板", f"a template called {taken!r} exists already"))
    else:
        existing = await session.scalar(select(ProcessTemplate).where(ProcessTemplate.code == code))
        if existing is None:
            problems.append(_p(None, "code", f"没有工艺模板“{code}”", f"no template {code!r}"))
        else:
            taken = await _code_or_name_taken(session, None, zh, en, other_than=code)
            if taken:
                problems.append(_p(None, "name_zh", f"“{taken}”已被其他模板使用", f"{taken!r} is used by another template"))
    if problems:
        return None, problems
    name = f"{zh} / {en}" if en and en != zh else zh
    if existing is None:
        session.add(ProcessTemplate(code=code, name=name, nodes=nodes))
        await settings_history.record(session, subject=settings_history.Subject.TEMPLATE, key=code, actor=actor,
                                      now=now, summary=f"新建 {name}", new=describe(nodes))
    else:
        old_nodes, old_name = list(existing.nodes), existing.name
        if old_nodes == nodes and old_name == name:
            return code, []
        existing.nodes, existing.name = nodes, name
        await settings_history.record(
            session, subject=settings_history.Subject.TEMPLATE, key=code, actor=actor, now=now,
            summary=f"修改 {name}" + (f"（原名 {old_name}）" if old_name != name else ""),
            old=describe(old_nodes), new=describe(nodes),
        )
    await session.flush()
    return code, []


async def _code_or_name_taken(session: AsyncSession, code: str | None, zh: str, en: str,
                              other_than: str | None = None) -> str | None:
    wanted = {w.lower() for w in (code, zh, en) if w}
    for template in (await session.scalars(select(ProcessTemplate))).all():
        if template.code == other_than:
            continue
        names = {template.code.lower(), *(n.lower() for n in split_name(template.name, template.code))}
        names |= {n.lower() for n in TEMPLATE_NAMES.get(template.code, ())}
        clash = wanted & names
        if clash:
            return sorted(clash)[0]
    return None


def template_aliases(templates: Sequence[TemplateView]) -> dict[str, str]:
    """Every name a template answers to (its code, Chinese and English names), lower-case → code."""
    return {name.lower(): t.code for t in templates for name in (t.code, t.name_zh, t.name_en) if name}


def rows_from_nodes(nodes: Sequence[Mapping[str, Any]]) -> list[NodeRow]:
    return [NodeRow(n.get("step") or "", n["node"], f"{float(n.get('at', 1.0)) * 100:g}", bool(n.get("inspection")))
            for n in nodes]


def nodes_json(nodes: Sequence[Mapping[str, Any]]) -> str:
    return json.dumps(list(nodes), ensure_ascii=False)
