"""Inspection data from the supplier, judged against the order's acceptance criteria.

At an inspection node (or on `质检`/`QC`) the bot asks once for every characteristic of
the order's plan; the answer (`50.02 2.01 OK`) is stored as an Inspection with one value
per reading. As many numbers as measured characteristics map in order; otherwise each
number goes to the characteristic whose nominal it is nearest (`50.02 49.98 50.11` are
three samples of Ø50). Values missing keep the question open for the rest; a failure
opens an `inspection_failed` exception at once and tells the QC group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ports import Reply
from handlers.conversation_state import forget, remember
from handlers.notify import tell_staff
from handlers.orders_lookup import current_milestone, inspection_milestone
from handlers.parsing import normalize_po
from handlers.texts.supplier import joined, node_label, say
from handlers.turn import Turn
from storage.defect_categories import DefectCategory, categorize
from storage.inspection_records import (
    characteristics,
    link_report_photos,
    node_inspected_before,
    node_passed,
)
from storage.models import (
    BindingRole,
    ExceptionKind,
    Inspection,
    InspectionCharacteristic,
    InspectionValue,
    Milestone,
    MilestoneStatus,
    Order,
    OrderStatus,
    ProgressReport,
    Severity,
    Verdict,
)
from storage.prompts import mark_prompts_answered

INSPECTION = "inspection"
INSPECTION_TTL = timedelta(hours=4)
EPSILON = 1e-9
_SPLIT = re.compile(r"[\s,，、;；|/]+")
_PASS = frozenset({"ok", "合格", "pass", "passed", "good", "√", "✓", "✔", "✅", "y", "yes", "良品"})
_FAIL = frozenset({"ng", "不合格", "fail", "failed", "bad", "×", "✗", "✘", "❌", "x", "no", "不良"})
_UNIT = re.compile(r"(?:mm|um|μm|µm|毫米)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Answer:
    """Numbers and pass/fail words in the order they were written."""

    numbers: tuple[float, ...]
    verdicts: tuple[bool, ...]


@dataclass
class Judgement:
    values: list[tuple[InspectionCharacteristic | None, float | None, bool]] = field(default_factory=list)
    missing: list[InspectionCharacteristic] = field(default_factory=list)

    @property
    def failed(self) -> list[tuple[InspectionCharacteristic | None, float | None, bool]]:
        return [v for v in self.values if not v[2]]

    @property
    def verdict(self) -> str:
        if self.failed:
            return Verdict.FAIL.value
        return Verdict.PENDING.value if self.missing or not self.values else Verdict.PASS.value


def read_answer(text: str, po_key: str | None = None) -> Answer | None:
    """`50.02 49.98 OK` → numbers and verdicts; None when the text holds anything else."""
    tokens = [t for t in _SPLIT.split(text.strip()) if t]
    if tokens and (normalize_po(tokens[0]) is not None and not _is_number(tokens[0])
                   or po_key is not None and tokens[0] == po_key and len(tokens) > 1):
        tokens = tokens[1:]
    numbers: list[float] = []
    verdicts: list[bool] = []
    for token in tokens:
        token = _UNIT.sub("", token)
        if not token:
            continue
        if _is_number(token):
            numbers.append(float(token))
        elif token.lower() in _PASS:
            verdicts.append(True)
        elif token.lower() in _FAIL:
            verdicts.append(False)
        else:
            return None
    return Answer(tuple(numbers), tuple(verdicts)) if numbers or verdicts else None


def _is_number(token: str) -> bool:
    return re.fullmatch(r"[-+]?\d+(?:\.\d+)?", token) is not None


def judge(characteristics: list[InspectionCharacteristic], answer: Answer) -> Judgement:
    measured = [c for c in characteristics if c.kind == "measure" and c.nominal is not None]
    checked = [c for c in characteristics if c not in measured]
    result = Judgement()
    if measured and len(answer.numbers) == len(measured):
        pairs = list(zip(measured, answer.numbers, strict=True))
    elif measured:
        pairs = [(_nearest(measured, value), value) for value in answer.numbers]
    else:
        pairs = []
        result.values.extend((None, value, True) for value in answer.numbers)
    result.values.extend((c, value, within(c, value)) for c, value in pairs)
    if checked:
        result.values.extend((c, None, ok) for c, ok in zip(checked, answer.verdicts, strict=False))
    else:
        result.values.extend((None, None, ok) for ok in answer.verdicts)
    seen = {c.id for c, _, _ in result.values if c is not None}
    result.missing = [c for c in characteristics if c.id not in seen]
    return result


def within(characteristic: InspectionCharacteristic, value: float) -> bool:
    nominal = characteristic.nominal or 0.0
    low = nominal - (characteristic.tol_minus or 0.0)
    high = nominal + (characteristic.tol_plus or 0.0)
    return low - EPSILON <= value <= high + EPSILON


def _nearest(measured: list[InspectionCharacteristic], value: float) -> InspectionCharacteristic:
    def distance(c: InspectionCharacteristic) -> float:
        tolerance = max((c.tol_minus or 0.0) + (c.tol_plus or 0.0), EPSILON)
        return abs(value - (c.nominal or 0.0)) / tolerance

    return min(measured, key=distance)


def criterion(c: InspectionCharacteristic) -> str:
    """`50 ±0.05 mm`, `2 -0.1/+0.2 mm`, or `OK/NG`."""
    if c.kind != "measure" or c.nominal is None:
        return "OK/NG"
    minus, plus = c.tol_minus or 0.0, c.tol_plus or 0.0
    tolerance = f"±{plus:g}" if minus == plus else f"-{minus:g}/+{plus:g}"
    return f"{c.nominal:g} {tolerance} {c.unit}".strip()


async def needs_values(session: AsyncSession, order: Order, milestone: Milestone) -> bool:
    """An inspection node with criteria and no passed inspection yet completes only on its data."""
    if not milestone.inspection or milestone.status == MilestoneStatus.DONE.value:
        return False
    if not await characteristics(session, order.id):
        return False
    return not await node_passed(session, milestone.id)


async def ask_for_values(turn: Turn, order: Order, milestone: Milestone | None = None,
                         photo_reports: tuple[int, ...] = ()) -> list[Reply]:
    milestone = milestone or inspection_milestone(order) or current_milestone(order)
    plan = await characteristics(turn.session, order.id)
    payload: dict[str, Any] = {"order_id": order.id, "milestone_id": milestone.id if milestone else None,
                               "pending": [c.id for c in plan], "inspection_id": None,
                               "photo_reports": list(photo_reports)}
    await remember(turn.session, turn.message, INSPECTION, payload, turn.ctx.now, INSPECTION_TTL)
    node = turn.node(milestone) if milestone else ""
    if not plan:
        return [turn.reply(turn.say("inspection_ask_free", po=order.po, node=node))]
    lines = "\n".join(f"{i}. {c.name} {criterion(c)}" for i, c in enumerate(plan, start=1))
    example = " ".join(f"{c.nominal:g}" if c.kind == "measure" and c.nominal is not None else "OK" for c in plan)
    return [turn.reply(turn.say("inspection_ask", po=order.po, node=node, lines=lines, example=example))]


async def record_answer(turn: Turn, order: Order, milestone: Milestone | None, answer: Answer,
                        state: dict[str, Any] | None = None) -> list[Reply]:
    """Store the values (adding to an inspection still waiting for some), judge, and act on the verdict."""
    state = state or {}
    plan = await characteristics(turn.session, order.id)
    pending_ids = state.get("pending")
    asked = [c for c in plan if pending_ids is None or c.id in pending_ids]
    judgement = judge(asked, answer)
    inspection = await _inspection(turn, order, milestone, state.get("inspection_id"))
    report = await turn.new_report(order, milestone, "inspection", details={
        "numbers": list(answer.numbers), "verdicts": list(answer.verdicts), "inspection_id": inspection.id,
    })
    inspection.report_id = inspection.report_id or await turn.report_id(report)
    for characteristic, value, passed in judgement.values:
        turn.session.add(InspectionValue(inspection_id=inspection.id,
                                         characteristic_id=characteristic.id if characteristic else None,
                                         value=value, passed=passed))
    photo_reports = [*state.get("photo_reports", []), await turn.report_id(report)]
    await link_report_photos(turn.session, photo_reports, inspection.id)
    await mark_prompts_answered(turn.session, turn.supplier_id, turn.ctx.now)
    node = turn.node(milestone) if milestone else ""
    await forget(turn.session, turn.message)
    if judgement.failed:
        inspection.verdict = Verdict.FAIL.value
        return await _failed(turn, order, milestone, inspection, judgement, report)
    if judgement.missing:
        await remember(turn.session, turn.message, INSPECTION, {
            **state, "order_id": order.id, "milestone_id": milestone.id if milestone else None,
            "pending": [c.id for c in judgement.missing], "inspection_id": inspection.id,
        }, turn.ctx.now, INSPECTION_TTL)
        return [turn.reply(turn.say("inspection_partial", n=len(judgement.values),
                                    names=joined([c.name for c in judgement.missing], turn.language)))]
    if not plan and answer.numbers and not answer.verdicts:
        return [turn.reply(turn.say("inspection_unjudged", po=order.po, n=len(answer.numbers)))]
    inspection.verdict = Verdict.PASS.value
    if milestone is not None and milestone.inspection:
        recorder = turn.recorder(report)
        recorder.complete(milestone, order, "inspection passed")
        recorder.imply_earlier(order, milestone, complete=True)
        if order.status == OrderStatus.RELEASED.value:
            order.status = OrderStatus.IN_PROGRESS.value
        await turn.ctx.ladder.close_for_milestone(turn.session, milestone.id, by=turn.speaker.label, now=turn.ctx.now,
                                                  order_id=milestone.order_id)
    return [turn.reply(turn.say("inspection_pass", po=order.po, node=node, n=len(judgement.values)))]


async def _inspection(turn: Turn, order: Order, milestone: Milestone | None, inspection_id: int | None) -> Inspection:
    if inspection_id is not None:
        existing = await turn.session.get(Inspection, inspection_id)
        if existing is not None:
            return existing
    inspected_before = milestone is not None and await node_inspected_before(turn.session, milestone.id)
    person = turn.speaker.person
    inspection = Inspection(
        order_id=order.id, milestone_id=milestone.id if milestone else None, inspected_at=turn.ctx.now,
        inspector=turn.speaker.label[:120], inspector_person_id=person.id if person else None, stage="supplier",
        first_inspection=not inspected_before, verdict=Verdict.PENDING.value,
    )
    turn.session.add(inspection)
    await turn.session.flush()
    return inspection


def _failure_text(item: tuple[InspectionCharacteristic | None, float | None, bool], language: str) -> str:
    characteristic, value, _ = item
    name = characteristic.name if characteristic else ("判定" if language.startswith("zh") else "verdict")
    if value is None:
        return f"{name} NG"
    shown = f"{value:g}"
    return f"{name} {shown}（{criterion(characteristic)}）" if characteristic else f"{name} {shown}"


def _failure_category(judgement: Judgement) -> DefectCategory:
    """A measured value out of tolerance is a dimension defect; a failed pass/fail item is
    what its name says (外观, 功能…)."""
    failed = [characteristic for characteristic, _, _ in judgement.failed]
    if any(c is not None and c.kind != "passfail" for c in failed):
        return DefectCategory.DIMENSION
    return categorize(" ".join(c.name for c in failed if c is not None))


async def _failed(turn: Turn, order: Order, milestone: Milestone | None, inspection: Inspection,
                  judgement: Judgement, report: ProgressReport) -> list[Reply]:
    def items(language: str) -> str:
        return joined([_failure_text(v, language) for v in judgement.failed], language)

    node = turn.node(milestone) if milestone else ""
    if milestone is not None and milestone.status == MilestoneStatus.DONE.value:
        recorder = turn.recorder(report)
        recorder.set(milestone, "status", MilestoneStatus.IN_PROGRESS.value, "inspection failed")
        recorder.set(milestone, "done_at", None, "inspection failed")
    ticket, _ = await turn.ctx.ladder.open(
        turn.session, order_id=order.id, kind=ExceptionKind.INSPECTION_FAILED.value, now=turn.ctx.now,
        title=say("title_inspection", turn.ctx.language, po=order.po,
                  node=node_label(milestone.node, turn.ctx.language) if milestone else "", items=items(turn.ctx.language)),
        opened_by=turn.speaker.label, milestone_id=milestone.id if milestone else None,
        severity=Severity.HIGH.value, description=items(turn.ctx.language)[:500],
        dedupe_key=f"inspection:{inspection.id}", start_level=1,
    )
    ticket.category = _failure_category(judgement).value
    report.details = {**report.details, "exception_id": ticket.id, "verdict": Verdict.FAIL.value}
    replies = [turn.reply(turn.say("inspection_fail", po=order.po, node=node, items=items(turn.language)))]
    replies.extend(await tell_staff(
        turn.session, turn.ctx.ladder, ticket, (BindingRole.QC,), supplier_id=order.supplier_id, now=turn.ctx.now,
        default_language=turn.ctx.language,
        text_for=lambda language: say("group_inspection_failed", language, po=order.po, supplier=order.supplier.name,
                                      node=node_label(milestone.node, language) if milestone else "",
                                      items=items(language), who=turn.speaker.label, exception=ticket.id),
    ))
    return replies

