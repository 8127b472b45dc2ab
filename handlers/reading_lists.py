"""Messages written as lists or pasted tables: one order (or one fact) a line, read item by item.

Order clerks answer several orders at once in lists and in rows pasted from Excel or an ERP (blind_phrases_de):

    1、22650 发了500件          单号      数量     状态          今天发货明细：
    2、22651 明天发             22894     600      已发          22910  800件
                                22895     1200     已发          22911  1500件
                                合计：2单 1800件                 共计2300件

Read as one run of words, such a message loses its orders: the list's numbering glues to the order (`①22896` read as
order 122896), a bare count in a table's count column is taken for the next order, and the total line is read as one
more fact. So the message is first cut into its items here, by its shape alone (no reading of words):

- list numbering (`1、` `2.` `(3)` `①` `•` `-`) opens an item and is never an order, a count or a day;
- a header row of column names (单号 数量 状态) tells which column is the order, which the count (a bare number there is
  a count of pieces) and which the state;
- a total line (合计, 共计, 总计, 小计) says no fact of its own;
- a ditto mark (〃, 同上) repeats the item above;
- a line heading the list names either the order whose facts follow (`22944 进度：`) or the list's subject
  (`今天发货明细：`), which lends its verb to rows that have none.

The reader (handlers/parsing.py) then reads each item as a message of its own and puts each item's facts in `also`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ListItem", "ListShape", "list_shape"]


@dataclass(frozen=True)
class ListItem:
    """One line of a list: the order at its head, if any, and its words with numbering and ditto marks resolved."""

    po: str | None
    body: str


@dataclass(frozen=True)
class ListShape:
    """A message cut into items: `order` heads a list of facts of one order; `title` is a heading with no order."""

    order: str | None
    title: str | None
    items: tuple[ListItem, ...]


# List numbering opening a line: 1、 2. 3) (4) ① • - *  (a decimal such as `1.5` is no numbering)
_NUMBERING = re.compile(r"^\s*(?:\d{1,2}\s*(?:[、)）]|[.．](?!\d))|[(（]\d{1,2}[)）]|[①-⑳]|[•·●▪◦\-*])\s*")
# A line totalling the list (合计：2单 1800件, 共计2600件): no fact of its own
_TOTAL = re.compile(r"^\s*(?:合计|共计|总计|小计|汇总|总共|total\b)", re.IGNORECASE)
# A ditto mark: the item repeats the one above
_DITTO = re.compile(r"〃|同上|\"|“|”|ditto", re.IGNORECASE)
# An order number at the head of a line (the reader's length of one, not a count, day or share)
_ORDER_AT_HEAD = re.compile(
    r"^(?:p[o0][\s#:\-_]*|单号[:：\s]*)?(?P<po>\d{4,12})(?![\d.%/])(?!\s*(?:件|个|只|套|箱|托|台|pcs|月|号|日))",
    re.IGNORECASE,
)
# Cells of a pasted row: a tab, or a run of two spaces or more
_CELLS = re.compile(r"\t|\s{2,}|\u3000+")
# Column names of a pasted table's header, by what the column holds
_COLUMNS = {
    "order": re.compile(r"^(?:单号|订单号?|订单编号|po(?:号|\s*no\.?)?|工单号?|采购单号?)$", re.IGNORECASE),
    "count": re.compile(r"^(?:数量|件数|发货数量?|出货数量?|qty)$", re.IGNORECASE),
}
# A header row holds no digit, its column names apart by any space
_DIGIT = re.compile(r"\d")
_WORDS_APART = re.compile(r"\t|\s+")
# A heading ends in a colon (22944 进度：, 今天发货明细：)
_HEADING = re.compile(r"[:：]\s*$")


def _header(line: str) -> dict[int, str] | None:
    """The roles of a header row's columns (index → order/count/other), if the line is a header naming the order."""
    if _DIGIT.search(line):
        return None
    cells = [c for c in _WORDS_APART.split(line.strip()) if c]
    roles = {i: next((role for role, name in _COLUMNS.items() if name.match(cell)), "other")
             for i, cell in enumerate(cells)}
    return roles if len(cells) >= 2 and "order" in roles.values() else None


def _cells(line: str, roles: dict[int, str], above: list[str] | None) -> list[str] | None:
    """A pasted row's cells, one a column; a cell of only a ditto mark repeats the cell above it."""
    cells = [c.strip() for c in _CELLS.split(line.strip()) if c.strip()]
    if len(cells) != len(roles):
        return None
    return [above[i] if above is not None and _DITTO.fullmatch(c) else c for i, c in enumerate(cells)]


def _row(cells: list[str], roles: dict[int, str]) -> str:
    """A pasted row as words: the order first, a bare count with its unit (so it is never read as an order)."""
    order = [c for i, c in enumerate(cells) if roles[i] == "order"]
    rest = [f"{c}件" if roles[i] == "count" and c.isdigit() else c for i, c in enumerate(cells) if roles[i] != "order"]
    return " ".join(order + rest)


def list_shape(text: str) -> ListShape | None:
    """The message cut into list items, or None where it is not written as a list (one line, or prose over lines)."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < 2:
        return None
    order: str | None = None
    title: str | None = None
    roles = _header(lines[0])
    marked = roles is not None
    if roles is not None:
        lines = lines[1:]
    elif _NUMBERING.match(lines[0]) is None:
        head = _ORDER_AT_HEAD.match(lines[0].strip())
        words = lines[0].strip()[head.end():].strip() if head is not None else lines[0].strip()
        if head is not None and (not words or _HEADING.search(words)):
            order, marked = head["po"], True  # 22944 进度： — the facts below are this order's
            lines = lines[1:]
        elif head is None and _HEADING.search(words):
            title, marked = words.rstrip(":： "), True  # 今天发货明细：
            lines = lines[1:]
    items: list[ListItem] = []
    above: list[str] | None = None
    for line in lines:
        if _TOTAL.match(line):
            marked = True
            continue
        numbered = _NUMBERING.match(line)
        said = line[numbered.end():] if numbered is not None else line
        marked = marked or numbered is not None
        if roles is not None:
            cells = _cells(said, roles, above)
            if cells is None:
                return None
            said, above = _row(cells, roles), cells
        said = said.strip()
        head = _ORDER_AT_HEAD.match(said)
        if order is not None:
            if head is not None or numbered is None:
                return None  # a list of one order's facts is numbered, and names no other order
            items.append(ListItem(None, said))
            continue
        if head is None:
            return None
        body = said[head.end():].strip()
        if _DITTO.fullmatch(body) and items:
            body, marked = items[-1].body, True
        items.append(ListItem(head["po"], body))
    if len(items) < 2 or not marked:
        return None
    orders = [item.po for item in items if item.po is not None]
    if len(set(orders)) != len(orders):
        return None
    return ListShape(order, title, tuple(items))
