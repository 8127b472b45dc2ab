"""Inspection plans from the sheets QC already keeps (.xlsx or .csv, Chinese or English headers):
one line per characteristic, with the part number it belongs to."""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from storage.inspection_plans import PlanRow
from storage.intake_fields import Problem
from storage.intake_values import as_text

HEADERS: dict[str, tuple[str, ...]] = {
    "part_no": ("物料编码", "零件号", "物料号", "料号", "图号", "part no", "part number", "part"),
    "name": ("检验项目", "检验特性", "特性", "项目", "characteristic", "item", "name"),
    "kind": ("类型", "检验类型", "kind", "type"),
    "nominal": ("标称", "标称值", "名义值", "基本尺寸", "nominal"),
    "tol_plus": ("上公差", "+公差", "上偏差", "upper tolerance", "upper tol", "tol+", "plus"),
    "tol_minus": ("下公差", "-公差", "下偏差", "lower tolerance", "lower tol", "tol-", "minus"),
    "unit": ("单位", "unit"),
}
INDEX = {unicodedata.normalize("NFKC", alias).lower().replace(" ", ""): key
         for key, aliases in HEADERS.items() for alias in aliases}
MAX_ROWS = 5000


def _rows(data: bytes, filename: str) -> list[list[Any]]:
    if filename.lower().endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValueError("encoding")
        return [list(r) for r in csv.reader(io.StringIO(text))]
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    return [list(r) for r in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 20)]


def _header(rows: list[list[Any]]) -> tuple[int, dict[str, int]] | None:
    for number, cells in enumerate(rows[:20]):
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            key = INDEX.get(unicodedata.normalize("NFKC", as_text(cell)).lower().replace(" ", ""))
            if key and key not in columns:
                columns[key] = index
        if "name" in columns or "part_no" in columns:
            return number, columns
    return None


def read_plan_sheet(data: bytes, filename: str) -> tuple[list[PlanRow], dict[int, str], list[Problem]]:
    """(lines, part number by sheet row, problems). The header is the first row naming a known column."""
    try:
        rows = _rows(data, filename)
    except (InvalidFileException, zipfile.BadZipFile, ValueError, KeyError, OSError):
        return [], {}, [Problem(None, "file", "无法读取文件：请上传 .xlsx 或 .csv", "cannot read the file: upload .xlsx or .csv")]
    found = _header(rows)
    if found is None:
        return [], {}, [Problem(None, "file", "找不到表头（需要 物料编码、检验项目 等列）",
                                "no header found (needs columns such as Part No, Characteristic)")]
    header_at, columns = found
    missing = [k for k in ("part_no", "name") if k not in columns]
    if missing:
        return [], {}, [Problem(None, "file", f"缺少列：{'、'.join(HEADERS[k][0] for k in missing)}",
                                f"missing columns: {', '.join(HEADERS[k][-2] for k in missing)}")]
    lines: list[PlanRow] = []
    part_of: dict[int, str] = {}

    def cell(cells: list[Any], key: str) -> Any:
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    for number, cells in enumerate(rows[header_at + 1:], start=header_at + 2):
        line = PlanRow(name=cell(cells, "name"), kind=cell(cells, "kind"), nominal=cell(cells, "nominal"),
                       tol_minus=cell(cells, "tol_minus"), tol_plus=cell(cells, "tol_plus"), unit=cell(cells, "unit"),
                       row=number)
        part_of[number] = as_text(cell(cells, "part_no"))
        lines.append(line)
    if len(lines) > MAX_ROWS:
        return [], {}, [Problem(None, "file", f"最多 {MAX_ROWS} 行", f"at most {MAX_ROWS} rows")]
    return lines, part_of, []
