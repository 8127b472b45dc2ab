"""Order sheets in and out: the .xlsx and .csv files manufacturers keep today.

Reading streams the rows (openpyxl read-only, csv line by line) into `OrderDraft`s that
carry their sheet row number; the rules themselves live in `storage.order_intake`, so a sheet
is judged exactly like a REST request. Headers may be Chinese or English, a title row
above the header is tolerated, unknown columns are ignored.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from bot.erp_profiles import ERP_HEADER_ALIASES
from bot.spreadsheet_cells import safe_cell
from storage.intake_fields import IntakeError, Problem
from storage.intake_values import as_text
from storage.order_intake import OrderDraft

Progress = Callable[[int, int], None]

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "po": ("PO号", "PO", "PO No", "PO Number", "采购单号", "采购订单号", "订单号", "订单编号", "单号"),
    "supplier_code": ("供应商代码", "供应商编码", "供应商编号", "Supplier code", "Vendor code"),
    "supplier": ("供应商", "供应商名称", "外协厂商", "外协厂家", "外协单位", "加工厂", "Supplier", "Vendor"),
    "part_no": ("物料编码", "零件号", "物料号", "料号", "图号", "Part No", "Part Number", "Item No"),
    "part_name": ("品名", "零件名称", "物料名称", "名称", "Part name", "Description"),
    "process": ("工艺", "工序", "加工工艺", "外协工序", "Process"),
    "quantity": ("数量", "订单数量", "Qty", "Quantity"),
    "unit": ("单位", "Unit", "UoM"),
    "release_date": ("下单日期", "发布日期", "订单日期", "Release date", "Order date"),
    "due_date": ("交期", "交货日期", "要求交期", "交付日期", "Due date", "Delivery date"),
    "priority": ("优先级", "紧急", "加急", "是否紧急", "紧急程度", "Priority", "Urgent"),
    "buyer": ("采购员", "采购", "跟单", "跟单员", "Buyer"),
    "notes": ("备注", "说明", "Notes", "Remarks", "Remark"),
}
FLAG_HEADERS = frozenset({"紧急", "加急", "是否紧急", "urgent"})
YES = frozenset({"是", "y", "yes", "true", "1", "√", "✓", "x", "紧急", "加急"})
NO = frozenset({"", "否", "n", "no", "false", "0"})
REQUIRED = ("po", "supplier", "part_no", "quantity", "due_date")
DATE_FIELDS = ("release_date", "due_date")
HEADER_SCAN_ROWS = 20
EXCEL_SERIALS = range(20_000, 80_000)  # 1954..2119: a bare number in a date column is an Excel date

_HEADER_NOISE = re.compile(r"[\s*:：.。]+")
_HEADER_PARTS = re.compile(r"[/\n|()（）\[\]【】]+")


def _header_key(text: str) -> str:
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", text).lower())


HEADER_ALIASES = {name: (*HEADER_ALIASES.get(name, ()), *ERP_HEADER_ALIASES.get(name, ()))
                  for name in (*HEADER_ALIASES, *ERP_HEADER_ALIASES)}
ALIAS_INDEX: dict[str, str] = {_header_key(alias): name for name, aliases in HEADER_ALIASES.items() for alias in aliases}


@dataclass(frozen=True, slots=True)
class Header:
    """Where the header is and which column holds which field."""

    row: int
    columns: dict[str, int]
    flags: frozenset[str]

    def missing(self) -> list[str]:
        present = set(self.columns)
        if "supplier_code" in present:
            present.add("supplier")
        return [name for name in REQUIRED if name not in present]


def match_header(cells: Iterable[Any]) -> tuple[dict[str, int], frozenset[str]]:
    """Columns by field for one row of header cells (`交期 / Due date`, `数量(件)` and `*PO号` all match)."""
    columns: dict[str, int] = {}
    flags: set[str] = set()
    for index, cell in enumerate(cells):
        text = as_text(cell)
        if not text:
            continue
        candidates = [text, *(part for part in _HEADER_PARTS.split(text) if part.strip())]
        for candidate in candidates:
            key = _header_key(candidate)
            name = ALIAS_INDEX.get(key)
            if name is not None:
                if name not in columns:
                    columns[name] = index
                    if name == "priority" and key in FLAG_HEADERS:
                        flags.add(name)
                break
    return columns, frozenset(flags)


def _find_header(rows: Iterator[tuple[int, list[Any]]]) -> Header | None:
    first: Header | None = None
    for number, cells in rows:
        columns, flags = match_header(cells)
        if not columns:
            if number >= HEADER_SCAN_ROWS:
                break
            continue
        header = Header(number, columns, flags)
        if len(columns) >= 3 or not header.missing():
            return header
        first = first or header
        if number >= HEADER_SCAN_ROWS:
            break
    return first


def _cell(cells: list[Any], index: int | None) -> Any:
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    return value.strip() if isinstance(value, str) else value


def _date_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, int | float) and not isinstance(value, bool) and int(value) in EXCEL_SERIALS:
        return from_excel(value).date()
    return value


def _priority_value(value: Any, flag: bool) -> Any:
    if not flag:
        return value
    text = unicodedata.normalize("NFKC", as_text(value)).lower()
    if text in YES:
        return "urgent"
    if text in NO:
        return "normal"
    return value


def row_to_draft(header: Header, number: int, cells: list[Any]) -> OrderDraft | None:
    """One data row as a draft, or None for a blank row."""
    values = {name: _cell(cells, index) for name, index in header.columns.items()}
    values.pop("line", None)  # a bill's line number: see `bill_lines`
    if all(as_text(v) == "" for v in values.values()):
        return None
    for name in DATE_FIELDS:
        values[name] = _date_value(values.get(name))
    supplier = values.pop("supplier_code", None)
    if as_text(supplier) == "":
        supplier = values.get("supplier")
    values["supplier"] = supplier
    values["priority"] = _priority_value(values.get("priority"), "priority" in header.flags)
    values = {k: v for k, v in values.items() if v is not None}
    values.setdefault("po", None)
    values.setdefault("part_no", None)
    return OrderDraft(**values, row=number)


def _missing_columns(header: Header) -> list[Problem]:
    problems = []
    for name in header.missing():
        names = "、".join(HEADER_ALIASES[name])
        zh, en = HEADER_ALIASES[name][0], next(a for a in HEADER_ALIASES[name] if a.isascii())
        problems.append(Problem(
            header.row, name, f"缺少“{zh}”列（可用列名：{names}）",
            f"missing column {en!r} (accepted headers: {', '.join(HEADER_ALIASES[name])})",
        ))
    return problems


def _drafts(rows: Iterator[tuple[int, list[Any]]], total: int, progress: Progress | None) -> list[OrderDraft]:
    header = _find_header(rows)
    if header is None:
        raise IntakeError([Problem(
            None, "header", "找不到表头（需要 PO号、供应商、物料编码、数量、交期 等列）",
            "no header row found (columns such as PO No., Supplier, Part No., Qty, Due date)",
        )])
    problems = _missing_columns(header)
    if problems:
        raise IntakeError(problems)
    drafts: list[OrderDraft] = []
    lines: list[str] = []
    done = header.row
    for number, cells in rows:
        draft = row_to_draft(header, number, cells)
        if draft is not None:
            drafts.append(draft)
            lines.append(as_text(_cell(cells, header.columns.get("line"))))
        done = number
        if progress is not None and done % 200 == 0:
            progress(done, max(total, done))
    if progress is not None:
        progress(done, max(total, done))
    return bill_lines(drafts, lines)


def bill_lines(drafts: list[OrderDraft], lines: list[str]) -> list[OrderDraft]:
    """A bill with several lines (an ERP export repeats 单据编号 on each) becomes one order per
    line, `<bill>/<line>` (`WW2311001/2`, `PO-1001/2` in chat); a bill of one line keeps its number."""
    counts = Counter(as_text(d.po) for d in drafts)
    out = []
    for draft, line in zip(drafts, lines, strict=True):
        bill = as_text(draft.po)
        if counts[bill] > 1 and line:
            draft = replace(draft, po=f"{bill}/{line}")
        out.append(draft)
    return out


# --- reading files ------------------------------------------------------------------------

def read_orders(path: str | Path, *, progress: Progress | None = None) -> list[OrderDraft]:
    """Drafts from an .xlsx or .csv file; IntakeError when the file itself cannot be used.

    `progress(done, total)` is called as rows are read (total is an estimate for sheets
    that do not record their size).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise IntakeError([Problem(None, "file", f"找不到文件 {path}", f"no such file: {path}")])
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, progress)
    if suffix in (".csv", ".txt"):
        return _read_csv(path, progress)
    raise IntakeError([Problem(
        None, "file", f"不支持 {suffix or '无扩展名'} 文件：请在 Excel 中另存为 .xlsx 或 .csv",
        f"cannot read {suffix or 'a file without extension'}: save it as .xlsx or .csv",
    )])


def _read_xlsx(path: Path, progress: Progress | None) -> list[OrderDraft]:
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise IntakeError([Problem(
            None, "file", f"无法打开 Excel 文件：{exc}", f"cannot open the Excel file: {exc}",
        )]) from exc
    try:
        sheet = workbook.active or workbook.worksheets[0]
        rows = ((number, list(cells)) for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1))
        return _drafts(rows, sheet.max_row or 0, progress)
    finally:
        workbook.close()


def sniff_encoding(path: Path) -> tuple[str, int]:
    """UTF-8 (with or without BOM) when every byte decodes as such, else GB18030 (a superset of
    the GBK that Chinese Excel writes); also the number of lines, for progress."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 16):
            lines += chunk.count(b"\n")
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return ("utf-8-sig" if utf8 else "gb18030"), lines + 1


def _read_csv(path: Path, progress: Progress | None) -> list[OrderDraft]:
    encoding, lines = sniff_encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        first_line = next((line for line in handle if line.strip()), "")
        handle.seek(0)
        delimiter = max(",;\t", key=first_line.count)
        reader = csv.reader(handle, delimiter=delimiter)
        rows = ((reader.line_num, cells) for cells in reader)
        return _drafts(rows, lines, progress)


# --- writing ------------------------------------------------------------------------------

PRIORITY_ZH = {"normal": "普通", "high": "高", "urgent": "紧急"}
STATUS_ZH = {
    "released": "已下单", "in_progress": "生产中", "shipped": "已发货", "accepted": "已验收", "closed": "短交关闭",
    "cancelled": "已取消",
}


def _current(row: Mapping[str, Any], key: str) -> Any:
    node = row.get("current_node") or {}
    return node.get(key)


def _as_date(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) and value else value


def _overdue(row: Mapping[str, Any]) -> str:
    flag = row.get("overdue")
    return "" if flag is None else ("是" if flag else "否")


EXPORT_COLUMNS: tuple[tuple[str, int, Callable[[Mapping[str, Any]], Any]], ...] = (
    ("PO号 / PO No.", 16, lambda r: r["po"]),
    ("供应商代码 / Supplier code", 14, lambda r: r["supplier"]["code"]),
    ("供应商 / Supplier", 22, lambda r: r["supplier"]["name"]),
    ("物料编码 / Part No.", 18, lambda r: r["part_no"]),
    ("品名 / Part name", 22, lambda r: r["part_name"]),
    ("工艺 / Process", 12, lambda r: r.get("process_zh") or r["process"]),
    ("数量 / Qty", 10, lambda r: r["quantity"]),
    ("单位 / Unit", 8, lambda r: r["unit"]),
    ("下单日期 / Release date", 14, lambda r: _as_date(r["release_date"])),
    ("交期 / Due date", 14, lambda r: _as_date(r["due_date"])),
    ("优先级 / Priority", 10, lambda r: PRIORITY_ZH.get(r["priority"], r["priority"])),
    ("采购员 / Buyer", 12, lambda r: r.get("buyer") or ""),
    ("状态 / Status", 10, lambda r: STATUS_ZH.get(r["status"], r["status"])),
    ("当前节点 / Current node", 16, lambda r: _current(r, "label_zh") or ""),
    ("节点计划日期 / Node planned", 14, lambda r: _as_date(_current(r, "planned_date"))),
    ("逾期 / Overdue", 8, _overdue),
    ("备注 / Notes", 36, lambda r: r.get("notes") or ""),
)


LOT_COLUMNS: tuple[tuple[str, int, str], ...] = (
    ("PO号 / PO No.", 16, "po"), ("批次 / Lot", 16, "lot_no"), ("发货数 / Shipped", 10, "qty"),
    ("收货数 / Received", 10, "qty_received"), ("合格 / Accepted", 10, "qty_accepted"),
    ("不合格 / Rejected", 10, "qty_rejected"), ("返工 / Reworked", 10, "qty_reworked"),
    ("报废 / Scrapped", 10, "qty_scrapped"), ("退货 / Returned", 10, "qty_returned"),
    ("可用 / Usable", 10, "qty_usable"), ("材料批次 / Material batches", 40, "batches"),
)


class OrdersXlsxWriter:
    """A streaming .xlsx writer for order rows (as `storage.order_queries.list_orders` returns them):
    one bilingual header row, set widths, real dates, so the file re-imports as it is."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.count = 0
        self._workbook = Workbook(write_only=True)
        self._sheet = self._workbook.create_sheet("订单 Orders")
        for index, (_, width, _) in enumerate(EXPORT_COLUMNS, start=1):
            self._sheet.column_dimensions[get_column_letter(index)].width = width
        self._sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        fill = PatternFill("solid", fgColor="DDEBF7")
        header = []
        for title, _, _ in EXPORT_COLUMNS:
            cell = WriteOnlyCell(self._sheet, value=title)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            header.append(cell)
        self._sheet.append(header)
        self._lots = self._workbook.create_sheet("批次追溯 Lot trace")
        for index, (_, width, _) in enumerate(LOT_COLUMNS, start=1):
            self._lots.column_dimensions[get_column_letter(index)].width = width
        self._lots.append([safe_cell(self._lots, title, bold=True) for title, _, _ in LOT_COLUMNS])
        self.lot_count = 0

    def append_lot(self, row: Mapping[str, Any]) -> None:
        """One lot and the material batches it traces to (a second sheet; `import` reads only the first)."""
        self._lots.append([safe_cell(self._lots, row.get(key, "")) for _, _, key in LOT_COLUMNS])
        self.lot_count += 1

    def append(self, row: Mapping[str, Any]) -> None:
        cells = []
        for _, _, value_of in EXPORT_COLUMNS:
            cells.append(safe_cell(self._sheet, value_of(row)))
        self._sheet.append(cells)
        self.count += 1

    def close(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._workbook.save(self.path)


def write_orders_xlsx(
    path: str | Path, rows: Iterable[Mapping[str, Any]], *, total: int = 0, progress: Progress | None = None
) -> int:
    """Write order rows to an .xlsx file; returns how many were written."""
    writer = OrdersXlsxWriter(path)
    for row in rows:
        writer.append(row)
        if progress is not None and writer.count % 200 == 0:
            progress(writer.count, max(total, writer.count))
    writer.close()
    if progress is not None:
        progress(writer.count, max(total, writer.count))
    return writer.count
