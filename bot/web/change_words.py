"""A node's history in people's words, zh and en:

    12-03 15:52 王工：最终质检 计划 12-01 → 12-03（原因：停电）
    12-03 16:10 王工：原材料到位 自动完成（因为后续节点已完成）

`MilestoneChange` keeps one row per field (status, percent, qty_done, done_at,
planned_date) with machine values and machine reasons ("implied by in_process", "undo of
report #12"); the rows one report wrote at one instant become one sentence here, with
local times in the reader's (or the supplier's) zone. Nothing shows `pending → done`,
`0 → 2000` or an ISO time stamp. Pages speak these sentences; the store keeps the values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot import speech
from storage.plans import NODE_LABELS

UNDO_SOURCE = "undo"
_IMPLIED = re.compile(r"^implied by (?P<node>\w+)$")
_UNDO = re.compile(r"^undo of report #\d+$")
_MACHINE_REASONS = {"inspection passed", "inspection failed"}

_WORDS: dict[str, tuple[str, str]] = {
    "plan": ("{node} 计划 {old} → {new}", "{node} plan {old} → {new}"),
    "plan_set": ("{node} 计划 {new}", "{node} planned for {new}"),
    "reason": ("（原因：{reason}）", " (reason: {reason})"),
    "done": ("{node} 完成", "{node} done"),
    "done_implied": ("{node} 自动完成（因为后续节点已完成）", "{node} done automatically (a later node was reported done)"),
    "done_inspection": ("{node} 完成（检验合格）", "{node} done (inspection passed)"),
    "reopened_inspection": ("{node} 重新打开（检验不合格）", "{node} reopened (inspection failed)"),
    "started": ("{node} 开始", "{node} started"),
    "reopened": ("{node} 改为进行中", "{node} back in progress"),
    "percent": ("{node} 进度 {value}%", "{node} {value}% done"),
    "qty": ("{node} 完成数量 {value}", "{node} {value} pcs done"),
    "skipped": ("{node} 跳过", "{node} skipped"),
    "undo": ("{node} 撤回：恢复为{state}", "{node} undone: back to {state}"),
    "undo_plan": ("{node} 撤回：计划恢复为 {new}", "{node} undone: plan back to {new}"),
    "undo_values": ("{node} 撤回：进度恢复", "{node} undone: progress restored"),
    "state_pending": ("未开始", "not started"),
    "state_in_progress": ("进行中", "in progress"),
    "state_done": ("已完成", "done"),
    "state_skipped": ("已跳过", "skipped"),
    "separator": ("，", ", "),
    "line": ("{when} {who}：{what}", "{when} {who}: {what}"),
}


def _say(key: str, language: str, **values: object) -> str:
    return speech.say(_WORDS, key, language, **values)


@dataclass(frozen=True)
class HistoryLine:
    """One thing that happened to a node: when (local), who, and what, in words."""

    at: datetime
    who: str
    what: str
    plan_moved: bool = False  # the planned date changed (a 计划变更 rather than progress)

    def render(self, language: str) -> str:
        return _say("line", language, when=f"{self.at:%m-%d %H:%M}", who=self.who, what=self.what)


def _get(row: Any, name: str) -> Any:
    return row[name] if isinstance(row, Mapping) else getattr(row, name)


def _moment(value: Any) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def _day(text: str | None) -> str:
    if not text:
        return "—"
    try:
        return f"{date.fromisoformat(text):%m-%d}"
    except ValueError:
        return text


def node_words(node: str, step: str | None, language: str) -> str:
    zh, en = NODE_LABELS.get(node, (node, node))
    label = en if language == "en" else zh
    return f"{label}（{step}）" if step and language != "en" else (f"{label} ({step})" if step else label)


def describe(
    changes: Iterable[Any], *, node: str, step: str | None = None, zone: ZoneInfo, language: str,
) -> list[HistoryLine]:
    """A node's change rows (dicts from `order_detail` or `MilestoneChange` rows, oldest first)
    as sentences: the rows written at one instant by one person for one reason become one."""
    label = node_words(node, step, language)
    groups: list[list[Any]] = []
    for row in changes:
        key = (_moment(_get(row, "at")), _get(row, "actor"), _get(row, "source"), _get(row, "reason"))
        if groups and groups[-1][0] == key:
            groups[-1][1].append(row)
        else:
            groups.append([key, [row]])
    lines = []
    for (at, actor, source, reason), rows in groups:
        fields = {_get(r, "field"): r for r in rows}
        what = _sentence(fields, label, source, reason or "", language)
        if what:
            lines.append(HistoryLine(at.astimezone(zone), actor or "—", what, "planned_date" in fields))
    return lines


def _sentence(fields: dict[str, Any], label: str, source: str, reason: str, language: str) -> str:
    parts: list[str] = []
    status = fields.get("status")
    new_status = _get(status, "new_value") if status is not None else None
    if source == UNDO_SOURCE or _UNDO.match(reason):
        if "planned_date" in fields:
            parts.append(_say("undo_plan", language, node=label, new=_day(_get(fields["planned_date"], "new_value"))))
        if new_status:
            parts.append(_say("undo", language, node=label, state=_say(f"state_{new_status}", language)))
        if not parts:
            parts.append(_say("undo_values", language, node=label))
        return _say("separator", language).join(parts)
    if "planned_date" in fields:
        row = fields["planned_date"]
        old = _get(row, "old_value")
        text = _say("plan", language, node=label, old=_day(old), new=_day(_get(row, "new_value"))) if old else \
            _say("plan_set", language, node=label, new=_day(_get(row, "new_value")))
        parts.append(text)
    if new_status == "done":
        if _IMPLIED.match(reason):
            parts.append(_say("done_implied", language, node=label))
        elif reason == "inspection passed":
            parts.append(_say("done_inspection", language, node=label))
        else:
            parts.append(_say("done", language, node=label))
    elif new_status == "in_progress":
        old = _get(status, "old_value")
        if reason == "inspection failed":
            parts.append(_say("reopened_inspection", language, node=label))
        elif old == "pending":
            parts.append(_say("started", language, node=label))
        else:
            parts.append(_say("reopened", language, node=label))
    elif new_status == "skipped":
        parts.append(_say("skipped", language, node=label))
    if new_status != "done":
        if "percent" in fields:
            value = _get(fields["percent"], "new_value")
            parts.append(_say("percent", language, node=label, value=value))
        if "qty_done" in fields:
            parts.append(_say("qty", language, node=label, value=_get(fields["qty_done"], "new_value")))
    if not parts:
        return ""
    text = _say("separator", language).join(_drop_repeated_label(parts, label))
    if reason and not _IMPLIED.match(reason) and reason not in _MACHINE_REASONS:
        text += _say("reason", language, reason=reason)
    return text


def _drop_repeated_label(parts: list[str], label: str) -> list[str]:
    """`最终质检 开始，进度 60%` rather than `最终质检 开始，最终质检 进度 60%`."""
    return [parts[0], *(p.removeprefix(label).lstrip() for p in parts[1:])] if parts else parts
