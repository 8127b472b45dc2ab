"""Defect categories (不良类别): the Pareto's bars, and the words that suggest one.

The reader (`handlers.parsing`) may name a category; when it does not, `categorize` maps
the words of the description, and QC can change it afterwards (quality page, API). A
description no word matches is "other" — a raw message such as "50.02 49.98 50.11" is
never a category of its own.
"""

from __future__ import annotations

import re
from enum import StrEnum


class DefectCategory(StrEnum):
    DIMENSION = "dimension"
    APPEARANCE = "appearance"
    MATERIAL = "material"
    FUNCTION = "function"
    PACKAGING = "packaging"
    QUANTITY = "quantity"
    OTHER = "other"


LABELS: dict[DefectCategory, tuple[str, str]] = {
    DefectCategory.DIMENSION: ("尺寸", "Dimension"),
    DefectCategory.APPEARANCE: ("外观", "Appearance"),
    DefectCategory.MATERIAL: ("材料", "Material"),
    DefectCategory.FUNCTION: ("功能", "Function"),
    DefectCategory.PACKAGING: ("包装", "Packaging"),
    DefectCategory.QUANTITY: ("数量", "Quantity"),
    DefectCategory.OTHER: ("其他", "Other"),
}

# Checked in this order; the first category with a word in the text wins.
_WORDS: tuple[tuple[DefectCategory, tuple[str, ...]], ...] = (
    (DefectCategory.QUANTITY, ("数量", "少发", "多发", "短少", "缺数", "少了", "数目不对", "混料", "short count",
                               "quantity", "missing parts", "miscount")),
    (DefectCategory.PACKAGING, ("包装", "纸箱", "箱子", "标签", "标识", "防潮", "托盘", "packag", "carton", "label",
                                "pallet")),
    (DefectCategory.DIMENSION, ("尺寸", "偏大", "偏小", "超差", "公差", "孔径", "孔位", "外径", "内径", "直径", "长度",
                                "宽度", "厚度", "高度", "平面度", "同心", "变形", "翘曲", "螺纹", "dimension",
                                "oversize", "undersize", "tolerance", "diameter", "length", "width", "thickness",
                                "warp", "flatness", "thread")),
    (DefectCategory.APPEARANCE, ("外观", "划伤", "划痕", "刮伤", "磕碰", "碰伤", "毛刺", "氧化", "生锈", "锈",
                                 "脏污", "污渍", "色差", "气泡", "起泡", "麻点", "凹坑", "压痕", "掉漆", "露底",
                                 "镀层", "发黑", "appearance", "scratch", "dent", "burr", "rust", "stain", "colour",
                                 "color", "blister", "cosmetic", "plating")),
    (DefectCategory.MATERIAL, ("材料", "材质", "硬度", "裂纹", "砂眼", "气孔", "夹杂", "炉号", "material", "hardness",
                               "crack", "porosity", "inclusion")),
    (DefectCategory.FUNCTION, ("功能", "不通电", "短路", "开路", "断路", "失效", "不工作", "漏气", "漏水", "泄漏", "虚焊",
                               "连锡", "少锡", "装不上", "装配不上", "卡死", "异响", "function", "short circuit",
                               "open circuit", "not working", "leak", "solder", "fails", "failure", "noise")),
)


def parse_category(value: object) -> DefectCategory | None:
    """A category as the API, a form or the reader gives it: its code (`appearance`) or its
    Chinese or English label (`外观`, `Appearance`); None when it is none of them."""
    text = str(value or "").strip()
    if not text:
        return None
    for category, (zh, en) in LABELS.items():
        if text.lower() in (category.value, en.lower()) or text == zh:
            return category
    return None


def categorize(text: str | None) -> DefectCategory:
    """The category the words of a description suggest; OTHER when none does."""
    lowered = (text or "").lower()
    for category, words in _WORDS:
        if any(word in lowered for word in words):
            return category
    return DefectCategory.OTHER


def defect_category(category: str | None, description: str | None) -> DefectCategory:
    """A defect's category wherever it is shown or counted (the Pareto, the defect list, the daily
    digest): the one QC or the reader set, else the one its words suggest."""
    return parse_category(category) or categorize(description)


def label(category: str | None, language: str) -> str:
    found = parse_category(category) or DefectCategory.OTHER
    zh, en = LABELS[found]
    return en if language == "en" else zh


_READING = re.compile(r"^(?:[-+±]?\d+(?:\.\d+)?(?:mm|%)?|ok|ng|pass|fail|合格|不合格)$", re.IGNORECASE)


def description_shown(text: str | None) -> str:
    """A defect's description as listed under its category; a bare list of readings
    ("50.02 49.98 50.11", "50.03 2.12 OK") is not a description."""
    cleaned = " ".join((text or "").split())
    tokens = re.split(r"[\s,，、;；/]+", cleaned)
    if not cleaned or all(_READING.match(token) for token in tokens if token):
        return ""
    return cleaned[:80]
