"""The fields order and supplier intake checks, and the problems it reports.

Every problem names its row (None: the whole batch or request) and field, in Chinese and
English, so the REST API, the sheet import and chat show the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

FIELD_LABELS: dict[str, tuple[str, str]] = {
    "po": ("PO号", "PO No."),
    "supplier": ("供应商", "Supplier"),
    "part_no": ("物料编码", "Part No."),
    "part_name": ("品名", "Part name"),
    "process": ("工艺", "Process"),
    "quantity": ("数量", "Quantity"),
    "unit": ("单位", "Unit"),
    "release_date": ("下单日期", "Release date"),
    "due_date": ("交期", "Due date"),
    "priority": ("优先级", "Priority"),
    "buyer": ("采购员", "Buyer"),
    "notes": ("备注", "Notes"),
    "inspection": ("检验标准", "Inspection criteria"),
    "code": ("供应商代码", "Supplier code"),
    "name": ("供应商名称", "Supplier name"),
    "timezone": ("时区", "Time zone"),
    "language": ("语言", "Language"),
}

MAX_LENGTHS: dict[str, int] = {
    "po": 40, "supplier": 120, "part_no": 80, "part_name": 200, "unit": 16, "buyer": 120,
    "code": 40, "name": 120, "notes": 2000,
}


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one row (None: the whole batch or request) and field."""

    row: int | None
    field: str
    message_zh: str
    message_en: str

    def message(self, language: str) -> str:
        return self.message_en if language == "en" else self.message_zh

    def as_dict(self, language: str) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message(language)}


class IntakeError(Exception):
    """A batch was refused; nothing of it was written. Carries every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.row is not None, p.row or 0))
        super().__init__("; ".join(_where(p) + p.message_en for p in self.problems[:5]))


def _where(problem: Problem) -> str:
    return f"row {problem.row} {problem.field}: " if problem.row is not None else f"{problem.field}: "


def problem(row: int | None, name: str, zh: str, en: str) -> Problem:
    """A problem whose messages start with the field's label, so a reader knows which column."""
    base = name.split("[", 1)[0]
    zh_label, en_label = FIELD_LABELS.get(base, (name, name))
    suffix = name[len(base):]
    return Problem(row, name, f"{zh_label}{suffix}：{zh}", f"{en_label}{suffix}: {en}")
