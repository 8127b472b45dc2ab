"""Kingdee K/3 Cloud (金蝶云星空): audited subcontract orders (委外订单), pulled through Kingdee's
own Python SDK (`kingdee-cdp-webapi-sdk`, `k3cloud_webapi_sdk.main.K3CloudApiSdk`).

The SDK signs every request with the third-party app's id and secret (第三方系统登录授权:
`X-Kd-Appkey`, `X-Kd-Appdata` = account,user,lcid,org, `X-Kd-Signature` = HMAC-SHA256) and
keeps the `kdservice-sessionid` cookie the server sets. It has no user/password login, so
that mode is not offered. It is synchronous (`requests`): every call runs in a thread.

One query (`ExecuteBillQuery`) per page: header and line fields together, one row per line,
filtered to audited (or cancelled) bills modified at or after the cursor, in modification
order, at most 2,000 rows a call (the server's limit). The next page asks again from the last
modification time read, skipping the lines read at that very time (keyset paging).
Form id, field keys and the values that mean "closed" are settings, with the defaults and
their sources in docs/erp/kingdee.md. A session the server says is lost (会话信息已丢失,
MsgCode 1) is dropped and the call made once more on a fresh client; a second refusal is
the credentials.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncGenerator, Mapping
from dataclasses import dataclass, field
from typing import Any

import requests

from bot.connectors.order_source import ErpLine, ErpState, LineProblem, Page, SourceError
from bot.settings import Settings
from storage.intake_values import as_quantity, as_text
from storage.order_intake import OrderDraft

SYSTEM = "kingdee"
QUERY_SERVICE = "Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery"
SESSION_LOST = 1  # ResponseStatus.MsgCode of 会话信息已丢失，请重新登录

# Our names -> field keys of the 委外订单 form SUB_SUBREQORDER (header + TreeEntity lines).
SUBCONTRACT_FIELDS: dict[str, str] = {
    "bill": "FBillNo",
    "line": "FTreeEntity_FSeq",
    "modified": "FModifyDate",
    "document_status": "FDocumentStatus",
    "cancel_status": "FCancelStatus",
    "line_status": "FTreeEntity_FStatus",
    "supplier_code": "FTreeEntity_FSupplierId.FNumber",
    "supplier_name": "FTreeEntity_FSupplierId.FName",
    "part_no": "FTreeEntity_FMaterialId.FNumber",
    "part_name": "FTreeEntity_FMaterialId.FName",
    "quantity": "FTreeEntity_FQty",
    "unit": "FTreeEntity_FUnitId.FName",
    "release_date": "FDate",
    "due_date": "FTreeEntity_FPlanFinishDate",
    "notes": "FTreeEntity_FRemarks",
}
# The purchase order (采购订单) used for subcontracting: header FCloseStatus, POOrderEntry lines.
PURCHASE_FIELDS: dict[str, str] = {
    "bill": "FBillNo",
    "line": "FPOOrderEntry_FSeq",
    "modified": "FModifyDate",
    "document_status": "FDocumentStatus",
    "cancel_status": "FCancelStatus",
    "close_status": "FCloseStatus",
    "line_status": "FPOOrderEntry_FMRPCloseStatus",
    "supplier_code": "FSupplierId.FNumber",
    "supplier_name": "FSupplierId.FName",
    "part_no": "FPOOrderEntry_FMaterialId.FNumber",
    "part_name": "FPOOrderEntry_FMaterialId.FName",
    "quantity": "FPOOrderEntry_FQty",
    "unit": "FPOOrderEntry_FUnitId.FName",
    "release_date": "FDate",
    "due_date": "FPOOrderEntry_FDeliveryDate",
    "notes": "FPOOrderEntry_FNote",
}
FORM_DEFAULTS: dict[str, tuple[dict[str, str], tuple[str, ...]]] = {
    # form id -> (field map, line status values meaning closed: 6 结案, 7 结算完成 / B 已关闭)
    "SUB_SUBREQORDER": (SUBCONTRACT_FIELDS, ("6", "7")),
    "PUR_PurchaseOrder": (PURCHASE_FIELDS, ("B",)),
}
REQUIRED = ("bill", "line", "modified", "document_status", "cancel_status", "supplier_code", "part_no",
            "quantity", "due_date")
_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")


@dataclass(frozen=True)
class KingdeeConfig:
    """What the connector needs, from the settings; `fields` is the whole map after overrides."""

    server_url: str
    acct_id: str
    user_name: str
    app_id: str
    app_secret: str
    lcid: int = 2052
    org_num: int = 0
    form_id: str = "SUB_SUBREQORDER"
    fields: dict[str, str] = field(default_factory=lambda: dict(SUBCONTRACT_FIELDS))
    extra_filter: str = ""
    closed_values: tuple[str, ...] = ("6", "7")
    process: str = ""
    page_size: int = 2000
    timeout: float = 30.0

    @classmethod
    def from_settings(cls, settings: Settings) -> KingdeeConfig:
        defaults, closed = FORM_DEFAULTS.get(settings.kingdee_form_id, (SUBCONTRACT_FIELDS, ("6", "7")))
        fields = {**defaults, **{k: v for k, v in settings.kingdee_fields.items() if v is not None}}
        for name, key in fields.items():
            if key and not _KEY.match(key):
                raise SourceError("settings", f"SUPPLIERBOT_KINGDEE_FIELDS: {name} = {key!r} is not a field key")
        missing = [name for name in REQUIRED if not fields.get(name)]
        if missing:
            raise SourceError("settings", "SUPPLIERBOT_KINGDEE_FIELDS lacks " + ", ".join(missing))
        values = tuple(v.strip() for v in settings.kingdee_closed_values.split(",") if v.strip()) or closed
        return cls(
            server_url=settings.kingdee_server_url, acct_id=settings.kingdee_acct_id,
            user_name=settings.kingdee_user_name, app_id=settings.kingdee_app_id,
            app_secret=settings.kingdee_app_secret.get_secret_value(), lcid=settings.kingdee_lcid,
            org_num=settings.kingdee_org_num, form_id=settings.kingdee_form_id, fields=fields,
            extra_filter=settings.kingdee_filter.strip(), closed_values=values, process=settings.kingdee_process,
            page_size=settings.kingdee_page_size, timeout=settings.kingdee_timeout_seconds,
        )


class KingdeeSource:
    """The `OrderSource` of one Kingdee data centre."""

    system = SYSTEM

    def __init__(self, config: KingdeeConfig) -> None:
        self.config = config
        self._client: Any = None
        self.logins = 0  # fresh clients made: 1 at the start, +1 per lost session (tests read it)

    # --- the SDK, in a thread ---------------------------------------------------------------

    def _new_client(self) -> Any:
        from k3cloud_webapi_sdk.main import K3CloudApiSdk

        c = self.config
        timeout = max(1, round(c.timeout))
        client = K3CloudApiSdk(c.server_url, timeout)
        client.InitConfig(c.acct_id, c.user_name, c.app_id, c.app_secret, c.server_url, c.lcid, c.org_num,
                          timeout, timeout)
        self.logins += 1
        return client

    def _call(self, payload: dict[str, Any]) -> str:
        if self._client is None:
            self._client = self._new_client()
        result = self._client.ExecuteBillQuery(payload)
        if not isinstance(result, str):  # the SDK returns (not raises) an error when it was not initialised
            raise RuntimeError(str(result))
        return result

    def _query(self, payload: dict[str, Any]) -> list[list[Any]]:
        """One ExecuteBillQuery; a lost session logs in again once."""
        for attempt in (1, 2):
            try:
                text = self._call(dict(payload))
            except requests.RequestException as exc:
                raise SourceError("unreachable", f"Kingdee unreachable at {self.config.server_url}: "
                                                 f"{type(exc).__name__}") from None
            except RuntimeError as exc:
                raise SourceError("refused", f"Kingdee answered with an error: {_short(str(exc))}") from None
            rows, status = _parse(text)
            if status is None:
                return rows
            message = _status_message(status)
            if status.get("MsgCode") == SESSION_LOST:
                self._client = None
                if attempt == 1:
                    continue
                raise SourceError("auth", f"Kingdee refused the login (app id/secret, account, user): {message}")
            raise SourceError("refused", f"Kingdee refused the query on {self.config.form_id}: {message}")
        raise AssertionError("unreachable")

    # --- the OrderSource --------------------------------------------------------------------

    def _payload(self, since: str, start: int, limit: int) -> dict[str, Any]:
        f = self.config.fields
        clauses = [f"({f['document_status']}='C' OR {f['cancel_status']}='B')"]
        if since:
            clauses.append(f"{f['modified']}>='{_quoted(since)}'")
        if self.config.extra_filter:
            clauses.append(f"({self.config.extra_filter})")
        return {
            "FormId": self.config.form_id,
            "FieldKeys": ",".join(self._keys()),
            "FilterString": " AND ".join(clauses),
            "OrderString": f"{f['modified']} ASC,{f['bill']} ASC,{f['line']} ASC",
            "TopRowCount": 0,
            "StartRow": start,
            "Limit": limit,
            "SubSystemId": "",
        }

    def field_key(self, name: str) -> str:
        return self.config.fields.get(name) or name

    def _keys(self) -> list[str]:
        return [key for key in self.config.fields.values() if key]

    async def check(self) -> str:
        await asyncio.to_thread(self._query, self._payload("", 0, 1))
        return f"Kingdee {self.config.server_url} answered ({self.config.form_id}, account {self.config.acct_id})"

    async def pages(self, since: str) -> AsyncGenerator[Page, None]:
        """Keyset pages: each next query starts at the last modification time read, skipping only the
        lines read at exactly that time. A plain `StartRow` walk would skip lines whenever a bill
        is edited during the sync (it moves to the end and every later line moves up one)."""
        cursor, skip = since, 0
        size = self.config.page_size
        position = [name for name, key in self.config.fields.items() if key].index("modified")
        while True:
            rows = await asyncio.to_thread(self._query, self._payload(cursor, skip, size))
            page = self.read_page(rows)
            yield page
            if len(rows) < size:
                return
            times = [as_text(row[position]) if isinstance(row, list) and len(row) > position else "" for row in rows]
            last = max(times)
            if last == cursor:
                skip += len(rows)  # a whole page modified at one instant (a mass audit)
            else:
                cursor, skip = last, times.count(last)

    def read_page(self, rows: list[list[Any]]) -> Page:
        names = [name for name, key in self.config.fields.items() if key]
        lines: list[ErpLine] = []
        problems: list[LineProblem] = []
        cursor = ""
        for raw in rows:
            if not isinstance(raw, list) or len(raw) != len(names):
                problems.append(LineProblem("?", "?", "row", f"a row of {len(raw) if isinstance(raw, list) else 0} "
                                                              f"values for {len(names)} field keys"))
                continue
            row = dict(zip(names, raw, strict=True))
            cursor = max(cursor, as_text(row["modified"]))
            line = self.read_line(row)
            if isinstance(line, LineProblem):
                problems.append(line)
            else:
                lines.append(line)
        return Page(lines, problems, cursor)

    def read_line(self, row: Mapping[str, Any]) -> ErpLine | LineProblem:
        bill, seq = as_text(row.get("bill")), as_text(row.get("line"))
        if not bill:
            return LineProblem("?", seq, self.config.fields["bill"], "单据编号为空 / no bill number")
        if as_quantity(seq) is None:
            return LineProblem(bill, seq, self.config.fields["line"], f"行号不是数字 / line number {seq!r}")
        code, name = as_text(row.get("supplier_code")), as_text(row.get("supplier_name"))
        if not code and not name:
            return LineProblem(bill, seq, self.config.fields["supplier_code"], "没有供应商 / no supplier")
        state = ErpState.OPEN
        if as_text(row.get("cancel_status")).upper() == "B":
            state = ErpState.CANCELLED
        elif as_text(row.get("close_status")).upper() == "B" or as_text(row.get("line_status")) in \
                self.config.closed_values:
            state = ErpState.CLOSED
        draft = OrderDraft(
            po=f"{bill}/{seq}", supplier=code or name, part_no=row.get("part_no"), part_name=row.get("part_name") or "",
            process=self.config.process, quantity=row.get("quantity"), unit=row.get("unit") or "",
            release_date=row.get("release_date"), due_date=row.get("due_date"), notes=row.get("notes") or "",
        )
        return ErpLine(key=f"{bill}/{seq}", bill=bill, line=seq, draft=draft, state=state,
                       modified=as_text(row.get("modified")), supplier_code=code, supplier_name=name)


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def _short(text: str, limit: int = 200) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[:limit] + "…"


def _parse(text: str) -> tuple[list[list[Any]], dict[str, Any] | None]:
    """Rows, or the ResponseStatus of an error. Errors come as [[{"Result": {"ResponseStatus": ...}}]]
    (or the bare object): the query's rows are lists of plain values."""
    try:
        data = json.loads(text)
    except ValueError:
        raise SourceError("refused", f"Kingdee answered something that is not JSON: {_short(text)}") from None
    probe: Any = data
    while isinstance(probe, list) and probe:
        if isinstance(probe[0], dict):
            probe = probe[0]
            break
        if not isinstance(probe[0], list):
            break
        probe = probe[0]
    if isinstance(probe, dict):
        status = (probe.get("Result") or {}).get("ResponseStatus") if isinstance(probe.get("Result"), dict) \
            else probe.get("ResponseStatus")
        return [], status if isinstance(status, dict) else {"Errors": [{"Message": _short(text)}]}
    if not isinstance(data, list):
        raise SourceError("refused", f"Kingdee answered an unexpected shape: {_short(text)}")
    return data, None


def _status_message(status: Mapping[str, Any]) -> str:
    errors = status.get("Errors") or []
    messages = [str(e.get("Message", "")) for e in errors if isinstance(e, dict) and e.get("Message")]
    return _short("; ".join(messages) or f"error code {status.get('ErrorCode')}")
