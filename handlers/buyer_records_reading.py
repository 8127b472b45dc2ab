"""Reading what buyers, warehouse and QC people record in chat: receipts, incoming inspections,
returns, short closes, cancellations and changes. A pure function of the text and the day.

It answers only for messages it recognises (a PO plus one of its keywords, or one of its
commands) and None otherwise, so every other staff message goes on to the general reader
unchanged:

    PO-1001 收货 500 批次L2311-01      1001 到了480件      PO-1001 received 500 lot L2311-01
    PO-1001 L2311-01 合格470 返工10    PO-1001 L1 accepted 470 rework 10 scrap 2
    PO-1001 L2311-01 退货20 毛刺        PO-1001 短交关闭 供应商停产     PO-1001 作废 设计变更
    /change PO-1001 交期 12-20 客户提前   /change PO-1001 数量 1800   /change PO-1001 发货 12-18
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from handlers.dates import find_date
from storage.models import NodeCode, Priority

RECEIPT, INSPECTION, RETURN, CLOSE_SHORT, CANCEL, CHANGE, CHANGE_HELP, MATERIAL = (
    "receipt", "inspection", "return", "close_short", "cancel", "change", "change_help", "material")
MATERIAL_KINDS: dict[str, str] = {"发料": "issue", "领料": "issue", "委外领料": "issue", "issue": "issue",
                                  "issued": "issue", "补料": "supplement", "supplement": "supplement",
                                  "退料": "return", "return material": "return"}
_MATERIAL = re.compile(r"^(?P<kind>委外领料|发料|领料|补料|退料|return material|issued|issue|supplement)\s*[:：]?\s*"
                       r"(?P<body>.*)$", re.IGNORECASE | re.DOTALL)
_MATERIAL_QTY = re.compile(r"(?<![A-Za-z0-9])(?P<qty>\d+(?:\.\d+)?)\s*(?P<unit>kg|KG|千克|公斤|吨|t|g|克|件|pcs|个|张|块|根|"
                           r"卷|m|米|套|只|L|升)?(?![A-Za-z0-9])")
_MATERIAL_BATCH = re.compile(r"(?:炉号|炉批号|材料批号|批号|heat(?:\s*no\.?)?|batch)\s*[:：#]?\s*(?P<batch>[A-Za-z0-9][A-Za-z0-9\-_.]{0,59})",
                             re.IGNORECASE)

_PO = r"(?:PO|po|Po)?[-_ ]?(?P<po>\d{3,12}(?:/\d{1,3})?|[A-Za-z]{1,4}-?\d{3,12}(?:/\d{1,3})?)"
_LEAD = re.compile(rf"^\s*(?:订单\s*)?{_PO}(?![\d])\s*")
_COMMAND = re.compile(r"^\s*/(?P<cmd>change|close|cancel|receive|inspect)(?:@\w+)?\b\s*(?P<rest>.*)$",
                      re.IGNORECASE | re.DOTALL)
_QTY = r"(?P<qty>\d{1,9})"
_UNIT = r"\s*(?:件|个|pcs|pc|只|套|kg|KG|千克|公斤)?"
_RECEIPT = re.compile(
    rf"(?:收货|收到了?|到货|到了|入库|点收|received|arrived|receipt)\s*[:：]?\s*{_QTY}{_UNIT}"
    r"|(?P<qty2>\d{1,9})" + _UNIT + r"\s*(?:已?收货|已?到货|到了|received|arrived)", re.IGNORECASE)
_LOT = re.compile(r"(?:批次号?|批号|lot)\s*[:：#]?\s*(?P<lot>[A-Za-z0-9][A-Za-z0-9\-_.]{0,59})", re.IGNORECASE)
_BARE_LOT = re.compile(r"^(?P<lot>(?=[A-Za-z0-9\-_.]*\d)[A-Za-z][A-Za-z0-9\-_.]{0,59})(?:\s+|$)")
DISPOSITION_WORDS: dict[str, str] = {
    "不合格": "rejected", "不良": "rejected", "拒收": "rejected", "rejected": "rejected", "reject": "rejected",
    "让步接收": "concession", "让步": "concession", "特采": "concession", "concession": "concession",
    "返工": "rework", "返修": "rework", "rework": "rework",
    "报废": "scrap", "scrap": "scrap", "scrapped": "scrap",
    "合格": "accepted", "良品": "accepted", "accepted": "accepted", "accept": "accepted", "ok": "accepted",
}
_DISPOSITION = re.compile(
    r"(?P<word>" + "|".join(sorted(map(re.escape, DISPOSITION_WORDS), key=len, reverse=True)) + r")"
    r"\s*[:：]?\s*(?P<n>\d{1,9})" + _UNIT, re.IGNORECASE)
_RETURN = re.compile(rf"(?:退货|退回|return(?:ed)?)\s*[:：]?\s*{_QTY}{_UNIT}\s*(?P<reason>.*)$",
                     re.IGNORECASE | re.DOTALL)
_CLOSE = re.compile(r"^(?:短交关闭|短交结案|短交|close\s+short|close)\s*[:：,，]?\s*(?P<reason>.*)$",
                    re.IGNORECASE | re.DOTALL)
_CANCEL = re.compile(r"^(?:作废|取消订单|撤销|cancel)\s*[:：,，]?\s*(?P<reason>.*)$", re.IGNORECASE | re.DOTALL)
CHANGE_FIELDS: dict[str, str] = {
    "交期": "due_date", "交货期": "due_date", "交货日期": "due_date", "due": "due_date", "due_date": "due_date",
    "数量": "quantity", "qty": "quantity", "quantity": "quantity",
    "优先级": "priority", "priority": "priority",
}
NODE_WORDS: dict[str, str] = {
    "原材料": NodeCode.MATERIAL_READY, "备料": NodeCode.MATERIAL_READY, "material": NodeCode.MATERIAL_READY,
    "首道工序": NodeCode.FIRST_PROCESS, "首工序": NodeCode.FIRST_PROCESS, "first": NodeCode.FIRST_PROCESS,
    "加工": NodeCode.IN_PROCESS, "半成品": NodeCode.IN_PROCESS, "process": NodeCode.IN_PROCESS,
    "终检": NodeCode.FINAL_INSPECTION, "最终质检": NodeCode.FINAL_INSPECTION, "inspection": NodeCode.FINAL_INSPECTION,
    "发货": NodeCode.SHIPPED, "shipped": NodeCode.SHIPPED, "ship": NodeCode.SHIPPED,
    "到货": NodeCode.RECEIVED, "received": NodeCode.RECEIVED,
}
PRIORITY_WORDS: dict[str, str] = {
    "普通": Priority.NORMAL, "normal": Priority.NORMAL, "加急": Priority.HIGH, "high": Priority.HIGH,
    "急": Priority.HIGH, "特急": Priority.URGENT, "urgent": Priority.URGENT,
}


@dataclass(frozen=True, slots=True)
class BuyerRecord:
    """One thing a buyer, warehouse or QC person recorded, as read (nothing looked up yet)."""

    kind: str
    po: str = ""
    lot: str | None = None
    qty: int | None = None
    quantities: dict[str, int] = field(default_factory=dict)
    reason: str = ""
    quantity: int | None = None
    due_date: date | None = None
    priority: str | None = None
    nodes: tuple[tuple[str, date], ...] = ()
    problem: str | None = None  # why a recognised command could not be read
    material: str = ""  # materials issued: what, its heat or batch number, the unit
    batch: str = ""
    unit: str = ""
    amount: float | None = None
    material_kind: str = ""


_WIDE = {code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B),
                                         0xFF0D, 0xFF0F)}
_WIDE[0x3000] = 0x20


def _fold(text: str) -> str:
    """Full-width letters, digits, `－`, `／` and spaces made ASCII; everything else (a reason's
    punctuation) kept as written."""
    return (text or "").translate(_WIDE).strip()


def read_buyer_record(text: str, today: date) -> BuyerRecord | None:
    """The record a staff message asks for, or None when it is not one of ours."""
    folded = _fold(text)
    command = _COMMAND.match(folded)
    if command is not None:
        return _read_command(command["cmd"].lower(), command["rest"].strip(), today)
    lead = _LEAD.match(folded)
    if lead is None:
        return None
    return _read_after_po(lead["po"], folded[lead.end():])


def _read_after_po(po: str, rest: str) -> BuyerRecord | None:
    rest = rest.strip()
    if (m := _MATERIAL.match(rest)) is not None:
        return _read_material(po, MATERIAL_KINDS[m["kind"].lower()], m["body"])
    if (m := _CLOSE.match(rest)) is not None:
        return BuyerRecord(CLOSE_SHORT, po=po, reason=m["reason"].strip())
    if (m := _CANCEL.match(rest)) is not None:
        return BuyerRecord(CANCEL, po=po, reason=m["reason"].strip())
    lot, body = _take_lot(rest)
    if (m := _RETURN.search(body)) is not None:
        return BuyerRecord(RETURN, po=po, lot=lot, qty=int(m["qty"]), reason=m["reason"].strip())
    quantities: dict[str, int] = {}
    for found in _DISPOSITION.finditer(body):
        name = DISPOSITION_WORDS[found["word"].lower()]
        quantities[name] = quantities.get(name, 0) + int(found["n"])
    receipt = _RECEIPT.search(body)
    if quantities and (receipt is None or re.search(r"检验|IQC|inspect", body, re.IGNORECASE) or
                       len(quantities) > 1 or receipt.start() > _DISPOSITION.search(body).start()):  # type: ignore[union-attr]
        return BuyerRecord(INSPECTION, po=po, lot=lot, quantities=quantities)
    if receipt is not None:
        return BuyerRecord(RECEIPT, po=po, lot=lot, qty=int(receipt["qty"] or receipt["qty2"]))
    return None


def _take_lot(rest: str) -> tuple[str | None, str]:
    """The lot number (`批次L2311-01`, `lot L1`, or a bare `L2311-01` right after the PO) and the text without it."""
    m = _LOT.search(rest)
    if m is not None:
        return m["lot"], (rest[:m.start()] + " " + rest[m.end():]).strip()
    bare = _BARE_LOT.match(rest)
    if bare is not None and not _DISPOSITION.match(rest) and not re.match(r"(?i)(received|arrived|receipt|return|ok)\b",
                                                                           rest):
        return bare["lot"], rest[bare.end():].strip()
    return None, rest


def _read_command(cmd: str, rest: str, today: date) -> BuyerRecord:
    lead = _LEAD.match(rest)
    if lead is None:
        return BuyerRecord(CHANGE_HELP if cmd == "change" else cmd, problem="need_po")
    po, rest = lead["po"], rest[lead.end():].strip()
    if cmd == "close":
        return BuyerRecord(CLOSE_SHORT, po=po, reason=re.sub(r"^(?:短交关闭|短交)\s*", "", rest))
    if cmd == "cancel":
        return BuyerRecord(CANCEL, po=po, reason=rest)
    if cmd in ("receive", "inspect"):
        found = _read_after_po(po, rest if cmd == "inspect" else f"收货 {rest}" if rest[:1].isdigit() else rest)
        return found or BuyerRecord(cmd, po=po, problem="unreadable")
    return _read_change(po, rest, today)


def _read_change(po: str, rest: str, today: date) -> BuyerRecord:
    """`交期 12-20 客户提前` / `数量 1800` / `优先级 加急` / `发货 12-18`, several joined by spaces or commas."""
    values: dict[str, object] = {}
    nodes: list[tuple[str, date]] = []
    reason_parts: list[str] = []
    tokens = re.split(r"[,，;；]\s*|\s+", rest)
    index = 0
    while index < len(tokens):
        word = tokens[index].strip()
        lowered = word.lower()
        value = tokens[index + 1] if index + 1 < len(tokens) else ""
        key = CHANGE_FIELDS.get(lowered)
        node = NODE_WORDS.get(lowered)
        if key == "due_date" or node is not None:
            found = find_date(value, today)
            if found is None:
                return BuyerRecord(CHANGE_HELP, po=po, problem="bad_date")
            if node is not None:
                nodes.append((str(node), found.value))
            else:
                values["due_date"] = found.value
            index += 2
        elif key == "quantity" and value.isdigit():
            values["quantity"] = int(value)
            index += 2
        elif key == "priority" and value.lower() in PRIORITY_WORDS:
            values["priority"] = str(PRIORITY_WORDS[value.lower()])
            index += 2
        elif word:
            reason_parts.append(word)
            index += 1
        else:
            index += 1
    if not values and not nodes:
        return BuyerRecord(CHANGE_HELP, po=po, problem="nothing")
    reason = " ".join(reason_parts)
    reason = re.sub(r"^(?:原因|因为|reason)\s*[:：]?\s*", "", reason, flags=re.IGNORECASE)
    return BuyerRecord(CHANGE, po=po, reason=reason, nodes=tuple(nodes), **values)  # type: ignore[arg-type]


def _read_material(po: str, kind: str, body: str) -> BuyerRecord:
    """`钢板Q235 200kg 炉号H2311 批次L2311-01`: the material is what precedes the quantity."""
    lot = None
    if (found := _LOT.search(body)) is not None and not found.group(0).startswith(("批号",)):
        lot = found["lot"]
        body = body[:found.start()] + " " + body[found.end():]
    batch = ""
    if (found := _MATERIAL_BATCH.search(body)) is not None:
        batch = found["batch"]
        body = body[:found.start()] + " " + body[found.end():]
    qty = None
    for candidate in _MATERIAL_QTY.finditer(body):
        qty = candidate  # the last number with a unit, or the last number
        if candidate["unit"]:
            break
    if qty is None:
        return BuyerRecord(MATERIAL, po=po, problem="material")
    material = " ".join((body[:qty.start()] + " " + body[qty.end():]).split())
    if not material:
        return BuyerRecord(MATERIAL, po=po, problem="material")
    return BuyerRecord(MATERIAL, po=po, lot=lot, material=material[:120], batch=batch[:60], unit=(qty["unit"] or "")[:16],
                       amount=float(qty["qty"]), material_kind=kind)
