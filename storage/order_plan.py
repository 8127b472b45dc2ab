"""An order's own nodes and dates, set by a buyer through the API (or a sheet): dates moved
with the reason kept in the node's history, or, before any progress, a plan of its own steps.

The nodes obey the template rules (`storage.template_setup.validate_nodes`): each step belongs
to a stage, stages in order, one `shipped` and one `received` node at the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from storage import settings_history
from storage.intake_fields import Problem
from storage.intake_values import as_date, as_text
from storage.models import ExceptionTicket, Milestone, MilestoneChange, MilestoneStatus, Order, ProgressReport
from storage.template_setup import NodeRow, describe, validate_nodes

NODE_FIELDS = frozenset({"step", "stage", "planned_date", "inspection"})
MOVE_FIELDS = frozenset({"seq", "planned_date"})
STARTED = "started"  # the field of the problem "the order has progress: its nodes cannot be replaced"


def _p(index: int | None, field: str, zh: str, en: str) -> Problem:
    return Problem(index, field, zh, en)


async def move_dates(
    session: AsyncSession, order: Order, moves: Any, *, reason: str, actor: str, now: datetime,
    reason_key: str | None = None,
) -> list[Problem]:
    """`[{"seq": 3, "planned_date": "2026-12-05"}, …]`: each node's new date, all or nothing. `reason_key`: the
    reason without the words that only date it, which the caller computes (handlers/delay_causes.py)."""
    if not isinstance(moves, list) or not moves:
        return [_p(None, "nodes", "nodes 必须是非空列表", "nodes must be a non-empty list")]
    by_seq = {m.seq: m for m in order.milestones}
    problems: list[Problem] = []
    wanted: dict[int, date] = {}
    for index, move in enumerate(moves):
        if not isinstance(move, Mapping):
            problems.append(_p(index, "nodes", "每项必须是对象", "each item must be an object"))
            continue
        problems.extend(_p(index, str(k), f"未知字段“{k}”", f"unknown field {k!r}") for k in move if k not in MOVE_FIELDS)
        seq = move.get("seq")
        if not isinstance(seq, int) or seq not in by_seq:
            problems.append(_p(index, "seq", f"没有第 {as_text(seq)} 个节点", f"no node {as_text(seq)}"))
            continue
        when = as_date(move.get("planned_date"))
        if when is None:
            problems.append(_p(index, "planned_date", "日期格式应为 YYYY-MM-DD", "the date is YYYY-MM-DD"))
            continue
        if when < order.release_date:
            problems.append(_p(index, "planned_date", f"早于下单日期 {order.release_date}",
                               f"before the release date {order.release_date}"))
        wanted[seq] = when
    if not problems:
        dates = [wanted.get(m.seq, m.planned_date) for m in order.milestones]
        if dates != sorted(dates):
            problems.append(_p(None, "planned_date", "节点日期必须按顺序（后面的节点不能早于前面的）",
                               "node dates must not go backwards"))
    if not reason.strip():
        problems.append(_p(None, "reason", "请说明原因（会记入历史）", "give a reason (it goes into the history)"))
    if problems:
        return problems
    for seq, when in wanted.items():
        milestone = by_seq[seq]
        if milestone.planned_date == when:
            continue
        session.add(MilestoneChange(milestone_id=milestone.id, at=now, actor=actor, field="planned_date",
                                    old_value=milestone.planned_date.isoformat(), new_value=when.isoformat(),
                                    reason=reason.strip(), reason_key=reason_key, source="api"))
        milestone.planned_date = when
        milestone.updated_at = now
    await session.flush()
    return []


async def replace_nodes(
    session: AsyncSession, order: Order, nodes: Any, *, reason: str, actor: str, now: datetime,
) -> list[Problem]:
    """The order's own plan: `[{"step": "车", "stage": "in_process", "planned_date": "…"}, …]`.

    Only before anything was reported on the order: afterwards the nodes carry history.
    """
    if not isinstance(nodes, list) or not nodes:
        return [_p(None, "nodes", "nodes 必须是非空列表", "nodes must be a non-empty list")]
    started = any(m.status != MilestoneStatus.PENDING.value or m.percent or m.qty_done for m in order.milestones)
    reported = await session.scalar(select(exists().where(ProgressReport.order_id == order.id))) \
        or await session.scalar(select(exists().where(ExceptionTicket.order_id == order.id)))
    if started or reported:
        return [_p(None, STARTED, "该订单已有进度反馈或异常，不能再替换节点；请只调整日期（PATCH）",
                   "this order already has progress or exceptions; move dates (PATCH) instead of replacing its nodes")]
    problems: list[Problem] = []
    rows: list[NodeRow] = []
    dates: list[date] = []
    for index, item in enumerate(nodes):
        if not isinstance(item, Mapping):
            problems.append(_p(index, "nodes", "每项必须是对象", "each item must be an object"))
            continue
        problems.extend(_p(index, str(k), f"未知字段“{k}”", f"unknown field {k!r}") for k in item if k not in NODE_FIELDS)
        when = as_date(item.get("planned_date"))
        if when is None:
            problems.append(_p(index, "planned_date", "日期格式应为 YYYY-MM-DD", "the date is YYYY-MM-DD"))
        elif when < order.release_date:
            problems.append(_p(index, "planned_date", f"早于下单日期 {order.release_date}",
                               f"before the release date {order.release_date}"))
        else:
            dates.append(when)
        rows.append(NodeRow(item.get("step", ""), item.get("stage", ""), "100", item.get("inspection", False)))
    planned, found = validate_nodes(rows)
    problems.extend(found)
    if not problems and dates != sorted(dates):
        problems.append(_p(None, "planned_date", "节点日期必须按顺序（后面的节点不能早于前面的）",
                           "node dates must not go backwards"))
    if problems:
        return problems
    old = [{"node": m.node, "step": m.step, "at": 1.0} for m in order.milestones]
    await session.execute(delete(Milestone).where(Milestone.order_id == order.id))
    fresh = [Milestone(order_id=order.id, seq=seq, node=node["node"], step=node["step"], planned_date=when,
                       original_planned_date=when, inspection=node["inspection"], status=MilestoneStatus.PENDING.value,
                       percent=0.0, qty_done=0, updated_at=now)
             for seq, (node, when) in enumerate(zip(planned, dates, strict=True), start=1)]
    session.add_all(fresh)
    await session.flush()
    set_committed_value(order, "milestones", fresh)
    await settings_history.record(
        session, subject=settings_history.Subject.ORDER_PLAN, key=order.po, actor=actor, now=now,
        summary=f"{order.po} 节点计划" + (f"（{reason.strip()}）" if reason.strip() else ""),
        old=describe(old).replace(" 100%", ""),
        new=" → ".join(f"{describe([n]).rsplit(' ', 1)[0]} {d:%m-%d}" for n, d in zip(planned, dates, strict=True)),
    )
    return []


async def plan_history(session: AsyncSession, po: str) -> Sequence[settings_history.Change]:
    return await settings_history.history(session, settings_history.Subject.ORDER_PLAN, po)
