"""What the scheduler says, in Chinese and English: short, shop-floor style, one line per item.

Messages list several items at once (one prompt per supplier chat, one escalation per
group and tick), so a line per item is the unit; long lists are cut with a "+N more" line
to stay far below the platforms' message sizes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot import speech
from bot.payloads import Prefix, button
from bot.ports import Button
from storage.defect_categories import label as category_label
from storage.exception_words import ExceptionAction, button_label, exception_name
from storage.models import ExceptionKind
from storage.plans import NODE_LABELS
from storage.risk import Risk

MAX_LINES = 25
MAX_BUTTON_ITEMS = 8  # rows of buttons per message: enough to answer, few enough to read

_TEXTS: dict[str, tuple[str, str]] = {
    "prompt.head": ("📋 {supplier} 进度确认 {day}", "📋 {supplier} progress check {day}"),
    "prompt.tail": ("请回复进度，例如「1001 完成60%」或点按钮", "Reply with progress, e.g. \"1001 60% done\", or tap"),
    "nudge.head": ("🔔 还没收到回复，请更新进度：", "🔔 No reply yet, please update:"),
    "due.today": ("今天到期", "due today"),
    "due.tomorrow": ("明天到期", "due tomorrow"),
    "due.late": ("逾期{days}天", "{days}d late"),
    "due.plan": ("计划 {day}", "plan {day}"),
    "remind.head": ("⏰ 以下节点已逾期，请回复进度：", "⏰ Overdue, please report progress:"),
    "esc.head": ("⚠️ 异常升级 L{level}", "⚠️ Escalated L{level}"),
    "esc.again": ("（第{n}次）", "(reminder {n})"),
    "follow.head": ("⏰ 已认领仍未解决：", "⏰ Acknowledged, still open:"),
    "follow.owner": ("负责人 {owner}", "owner {owner}"),
    "return.head": ("↩️ 认领后超时仍未解决，重新升级 L{level}（请重新认领）",
                    "↩️ Acknowledged but still open after the time-out: escalated again L{level} (acknowledge again)"),
    "close.done": ("✅ 已解决 EXC-{id} {po} {what}：节点已完成", "✅ Resolved EXC-{id} {po} {what}: node done"),
    "close.replanned": ("✅ 已解决 EXC-{id} {po} {what}：计划已调整", "✅ Resolved EXC-{id} {po} {what}: re-planned"),
    "close.order_closed": ("✅ 已解决 EXC-{id} {po} {what}：订单已结束", "✅ Resolved EXC-{id} {po} {what}: order closed"),
    "close.resolved": ("✅ 已解决 EXC-{id} {po} {what}（{by}）{note}", "✅ Resolved EXC-{id} {po} {what} ({by}){note}"),
    "more": ("…还有 {n} 条", "…{n} more"),
    "btn.done": ("✅ {po} 完成", "✅ {po} done"),
    "btn.delay": ("⏳ 延期", "⏳ delay"),
    "digest.head": ("🗓 每日汇总 {day}", "🗓 Daily digest {day}"),
    "digest.due": ("今天到期 {n}", "Due today {n}"),
    "digest.overdue": ("逾期 {n}", "Overdue {n}"),
    "digest.risk": ("有风险 {n}", "At risk {n}"),
    "digest.defects": ("新不良 {n}", "New defects {n}"),
    "digest.silent": ("未回复的供应商 {n}", "Silent suppliers {n}"),
    "digest.kpis": ("本月至今（{first}起）：订单进度达成率 {nodes}，交货准时率 {orders}",
                    "Month to date (since {first}): node on-time {nodes}, on-time delivery {orders}"),
    "digest.ok": ("✅ 今天没有到期、逾期或异常", "✅ Nothing due, late or open today"),
    "risk.supplier": ("⚠️ {po} {node} 计划 {day}，可能赶不上：{why}。\n请回复能完成的日期和原因，例如「{po_key} 延期到{example} 原因」；能按时完成请回复进度。",
                      "⚠️ {po} {node} is planned for {day} and may be late: {why}.\nPlease reply with a date you can keep and why, "
                      "e.g. \"{po_key} delay to {example} reason\"; if it will be on time, reply with progress."),
    "risk.buyers": ("⚠️ 有风险（未逾期）{po} {supplier} {node} 计划 {day}：{why}。已请供应商回复日期。",
                    "⚠️ At risk (not late yet) {po} {supplier} {node} planned {day}: {why}. The supplier was asked for a date."),
    "silent.line": ("{supplier}：{n}次未回复", "{supplier}: {n} unanswered"),
}

_KINDS: dict[str, tuple[str, str]] = {
    ExceptionKind.OVERDUE.value: ("逾期", "overdue"),
    ExceptionKind.DELAY.value: ("延期", "delay"),
    ExceptionKind.DEFECT.value: ("不良", "defect"),
    ExceptionKind.INSPECTION_FAILED.value: ("检验不合格", "inspection failed"),
    ExceptionKind.MATERIAL_SHORTAGE.value: ("缺料", "material short"),
}


def say(key: str, language: str, **values: object) -> str:
    return speech.say(_TEXTS, key, language, **values)


def short_date(day: date) -> str:
    return f"{day:%m-%d}"


def node_label(node: str | None, step: str | None, language: str) -> str:
    if node is None:
        return ""
    label = speech.label(NODE_LABELS, node, language)
    return f"{label}({step})" if step else label


def when(planned: date, today: date, language: str) -> str:
    """"due today", "due tomorrow", "3d late" or "plan 11-28": the words a buyer scans for."""
    if planned == today:
        return say("due.today", language)
    if planned < today:
        return say("due.late", language, days=(today - planned).days)
    if (planned - today).days == 1:
        return say("due.tomorrow", language)
    return say("due.plan", language, day=short_date(planned))


def _cut(lines: list[str], language: str) -> list[str]:
    if len(lines) <= MAX_LINES:
        return lines
    return [*lines[:MAX_LINES], say("more", language, n=len(lines) - MAX_LINES)]


@dataclass(frozen=True)
class NodeLine:
    """A node a supplier is asked about."""

    milestone_id: int
    po: str
    node: str
    step: str | None
    planned_date: date
    percent: float
    today: date  # the supplier's local date
    supplier: str = ""  # shown where several suppliers share a message (the digest)

    def render(self, language: str) -> str:
        parts = [f"• {self.po}", *([self.supplier] if self.supplier else []), node_label(self.node, self.step, language)]
        if self.percent:
            parts.append(f"{self.percent:.0f}%")
        parts.append(say("due.plan", language, day=short_date(self.planned_date)))
        if self.planned_date <= self.today + timedelta(days=1):
            parts.append(when(self.planned_date, self.today, language))
        return " ".join(parts)


@dataclass(frozen=True)
class TicketLine:
    """An exception as one line of an escalation, follow-up or digest."""

    exception_id: int
    po: str
    supplier: str
    kind: str
    title: str
    node: str | None = None
    step: str | None = None
    planned_date: date | None = None
    today: date | None = None
    milestone_id: int | None = None
    owner: str | None = None
    repeat: int = 0  # how often this level was repeated already
    category: str | None = None  # a defect's category (storage.defect_categories.category_of), as the Pareto's

    def what(self, language: str) -> str:
        if self.kind == ExceptionKind.OVERDUE.value and self.node:
            return node_label(self.node, self.step, language)
        return self.title

    def render(self, language: str, *, with_supplier: bool = True) -> str:
        kind = _KINDS.get(self.kind, (self.kind, self.kind))[1 if language == "en" else 0]
        parts = [f"• {exception_name(self.exception_id)} {self.po}"]
        if with_supplier and self.supplier:
            parts.append(self.supplier)
        parts.append(f"[{kind}·{category_label(self.category, language)}]" if self.category else f"[{kind}]")
        parts.append(self.what(language))
        if self.planned_date is not None and self.today is not None:
            parts.append(say("due.plan", language, day=short_date(self.planned_date)))
            if self.planned_date <= self.today:
                parts.append(when(self.planned_date, self.today, language))
        if self.owner:
            parts.append(say("follow.owner", language, owner=self.owner))
        if self.repeat:
            parts.append(say("esc.again", language, n=self.repeat + 1))
        return " ".join(parts)


def _progress_buttons(items: Sequence[NodeLine | TicketLine], language: str) -> tuple[tuple[Button, ...], ...]:
    rows = []
    for item in items[:MAX_BUTTON_ITEMS]:
        if item.milestone_id is None:
            continue
        rows.append((Button(say("btn.done", language, po=item.po), button(Prefix.PROMPT, item.milestone_id, "done")),
                     Button(say("btn.delay", language), button(Prefix.PROMPT, item.milestone_id, "delay"))))
    return tuple(rows)


def prompt(language: str, supplier: str, today: date, items: Sequence[NodeLine]) -> tuple[str, tuple]:
    lines = [say("prompt.head", language, supplier=supplier, day=short_date(today))]
    lines += _cut([item.render(language) for item in items], language)
    lines.append(say("prompt.tail", language))
    return "\n".join(lines), _progress_buttons(items, language)


def nudge(language: str, items: Sequence[NodeLine]) -> tuple[str, tuple]:
    lines = [say("nudge.head", language), *_cut([item.render(language) for item in items], language)]
    return "\n".join(lines), _progress_buttons(items, language)


def reminder(language: str, items: Sequence[TicketLine]) -> tuple[str, tuple]:
    """L0: to the supplier's own chat, with the progress buttons."""
    lines = [say("remind.head", language)]
    lines += _cut([item.render(language, with_supplier=False) for item in items], language)
    return "\n".join(lines), _progress_buttons(items, language)


def escalation(language: str, level: int, items: Sequence[TicketLine], *, head: str = "esc.head") -> tuple[str, tuple]:
    """L1 and up, to a staff group: `level` is the highest level among the items."""
    lines = [say(head, language, level=level)]
    lines += _cut([item.render(language) for item in items], language)
    buttons = tuple(
        (Button(button_label(ExceptionAction.ACK, item.exception_id, language),
                button(Prefix.EXCEPTION, "ack", item.exception_id)),
         Button(button_label(ExceptionAction.RESOLVE, item.exception_id, language),
                button(Prefix.EXCEPTION, "resolve", item.exception_id)))
        for item in items[:MAX_BUTTON_ITEMS]
    )
    return "\n".join(lines), buttons


def returned(language: str, level: int, items: Sequence[TicketLine]) -> tuple[str, tuple]:
    """An acknowledged exception still open after the policy's time-out, back on the ladder: the
    lines name the owner whose acknowledgement lapsed; anyone may acknowledge it again."""
    return escalation(language, level, items, head="return.head")


def follow_up(language: str, items: Sequence[TicketLine]) -> tuple[str, tuple]:
    lines = [say("follow.head", language), *_cut([item.render(language) for item in items], language)]
    buttons = tuple(
        (Button(button_label(ExceptionAction.RESOLVE, item.exception_id, language),
                button(Prefix.EXCEPTION, "resolve", item.exception_id)),)
        for item in items[:MAX_BUTTON_ITEMS]
    )
    return "\n".join(lines), buttons


def closing(language: str, item: TicketLine, *, reason: str, by: str, note: str) -> str:
    """reason: "done" (the node was reported done), "replanned", "order_closed", or "resolved" (by a person)."""
    what = item.what(language)
    if reason in ("done", "replanned", "order_closed"):
        return say(f"close.{reason}", language, id=item.exception_id, po=item.po, what=what)
    note_text = f"：{note}" if note and language != "en" else (f": {note}" if note else "")
    return say("close.resolved", language, id=item.exception_id, po=item.po, what=what, by=by, note=note_text)


@dataclass(frozen=True)
class RiskLine:
    """A node at risk, with the reason `storage.risk` gives (the same words as the board and /status)."""

    risk: Risk

    def render(self, language: str) -> str:
        r = self.risk
        return (f"• {r.po} {r.supplier} {node_label(r.node, r.step, language)} "
                f"{say('due.plan', language, day=short_date(r.planned_date))} — {r.explain(language)}")


def risk_to_supplier(language: str, risk: Risk) -> tuple[str, tuple]:
    """The warning before the date, in the supplier's chat: asks for a date, with the progress buttons."""
    key = risk.po.split("-")[-1]
    example = risk.planned_date + timedelta(days=2)
    text = say("risk.supplier", language, po=risk.po, node=node_label(risk.node, risk.step, language),
               day=short_date(risk.planned_date), why=risk.explain(language), po_key=key,
               example=f"{example.month}月{example.day}号" if language != "en" else f"{example:%b} {example.day}")
    buttons = ((Button(say("btn.done", language, po=risk.po), button(Prefix.PROMPT, risk.milestone_id, "done")),
                Button(say("btn.delay", language), button(Prefix.PROMPT, risk.milestone_id, "delay"))),)
    return text, buttons


def risk_to_buyers(language: str, risk: Risk) -> str:
    return say("risk.buyers", language, po=risk.po, supplier=risk.supplier,
               node=node_label(risk.node, risk.step, language), day=short_date(risk.planned_date),
               why=risk.explain(language))


@dataclass(frozen=True)
class DigestRate:
    """A KPI as `storage.kpis.Rate` gives it: shown as "81.0%（17/21）", or "—" when nothing fell due."""

    numerator: int
    denominator: int
    ratio: float | None

    def render(self) -> str:
        if self.ratio is None:
            return "—"
        return f"{self.ratio * 100:.1f}%（{self.numerator}/{self.denominator}）"


@dataclass(frozen=True)
class Digest:
    day: date
    due_today: Sequence[NodeLine]
    overdue: Sequence[NodeLine]
    at_risk: Sequence[RiskLine]
    defects: Sequence[TicketLine]
    silent: Sequence[tuple[str, int]]  # (supplier name, unanswered prompts)
    month_first: date | None = None
    node_on_time: DigestRate | None = None
    on_time_delivery: DigestRate | None = None
    overdue_total: int | None = None  # late nodes in all, when `overdue` holds only the first `MAX_LINES`


def digest(language: str, data: Digest) -> str:
    lines = [say("digest.head", language, day=short_date(data.day))]

    def section(key: str, rendered: list[str], total: int | None = None) -> None:
        if total is not None and total > len(rendered):  # only the first lines were read: counted, not held
            lines.append(f"\n{say(key, language, n=total)}")
            lines.extend([*rendered[:MAX_LINES], say("more", language, n=total - MAX_LINES)])
        elif rendered:
            lines.append(f"\n{say(key, language, n=len(rendered))}")
            lines.extend(_cut(rendered, language))

    section("digest.due", [i.render(language) for i in data.due_today])
    section("digest.overdue", [i.render(language) for i in data.overdue], data.overdue_total)
    section("digest.risk", [i.render(language) for i in data.at_risk])
    section("digest.defects", [i.render(language) for i in data.defects])
    section("digest.silent", [f"• {say('silent.line', language, supplier=s, n=n)}" for s, n in data.silent])
    if len(lines) == 1:
        lines.append(say("digest.ok", language))
    if data.node_on_time is not None and data.on_time_delivery is not None and data.month_first is not None:
        lines.append("\n" + say("digest.kpis", language, first=short_date(data.month_first),
                                nodes=data.node_on_time.render(), orders=data.on_time_delivery.render()))
    return "\n".join(lines)
