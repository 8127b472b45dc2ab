"""A loopback fake of Kingdee K/3 Cloud's WebAPI, as Kingdee's Python SDK calls it.

The SDK (`k3cloud_webapi_sdk`, 8.2.0) POSTs JSON to `<server>/<service>.common.kdsvc`,
signing each request with the third-party app: `X-Kd-Appkey` (app id), `X-Kd-Appdata`
(base64 of `account,user,lcid,org`) and `X-Kd-Signature` (base64 of the hex HMAC-SHA256 of
app id + that plain app data under the app secret). It keeps the `kdservice-sessionid` the server sets
and sends it back as a header. This fake checks all of that, serves `ExecuteBillQuery` on
one form from bills held in memory (one row per line, header fields repeated), and answers
errors the way K/3 Cloud does: HTTP 200 and `[[{"Result": {"ResponseStatus": ...}}]]`.

Rough edges on purpose: at most 2,000 rows per call whatever the Limit; unknown field keys
refused; a session can be expired (MsgCode 1, 会话信息已丢失); a delay per call. The filter is
read only as far as the connector writes it (audited or cancelled, modified since). Messages
marked "fake's choice" are plausible, not copied from Kingdee.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.local_server import serve_locally

MAX_ROWS = 2000
SERVICE = "Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery"
_SINCE = re.compile(r"FModifyDate>='([^']*)'")


def signature(app_id: str, app_data: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), (app_id + app_data).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest.hex().encode()).decode()


@dataclass
class Line:
    seq: int
    supplier: tuple[str, str]  # number, name
    material: tuple[str, str]
    qty: Any
    finish: str  # plan finish date, "2026-12-15T00:00:00"
    unit: str = "Pcs"
    status: str = "3"  # 3 下达; 6 结案
    remarks: str = ""


@dataclass
class Bill:
    number: str
    date: str
    modified: str
    lines: list[Line]
    document_status: str = "C"
    cancel_status: str = "A"


@dataclass
class FakeKingdee:
    acct_id: str = "6512f0a1c3"
    user_name: str = "supplierbot"
    app_id: str = "301234_4dcb5a2b8e6f4c1d9a7b3e0f2c4d6e8a"
    app_secret: str = "a1b2c3d4e5f6478899aabbccddeeff00"
    form_id: str = "SUB_SUBREQORDER"
    delay: float = 0.0
    bills: dict[str, Bill] = field(default_factory=dict)
    queries: list[dict[str, Any]] = field(default_factory=list)
    sessions: set[str] = field(default_factory=set)
    expired: set[str] = field(default_factory=set)
    logins: int = 0  # sessions opened
    answer_html: int = 0  # > 0: answer that many calls with a proxy's HTML page (status below)
    html_status: int = 200
    base_url: str = ""
    _runner: web.AppRunner | None = None

    async def __aenter__(self) -> FakeKingdee:
        app = web.Application()
        app.router.add_post("/k3cloud/{service}.common.kdsvc", self._dispatch)
        self._runner, base = await serve_locally(app)
        self.base_url = base + "/k3cloud/"
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # --- the bills --------------------------------------------------------------------------

    def add(self, bill: Bill) -> Bill:
        self.bills[bill.number] = bill
        return bill

    def expire_sessions(self) -> None:
        self.expired |= self.sessions

    def rows(self) -> list[dict[str, Any]]:
        out = []
        for bill in self.bills.values():
            for line in bill.lines:
                out.append({
                    "FBillNo": bill.number, "FDate": bill.date, "FModifyDate": bill.modified,
                    "FDocumentStatus": bill.document_status, "FCancelStatus": bill.cancel_status,
                    "FTreeEntity_FSeq": line.seq, "FTreeEntity_FStatus": line.status,
                    "FTreeEntity_FSupplierId.FNumber": line.supplier[0],
                    "FTreeEntity_FSupplierId.FName": line.supplier[1],
                    "FTreeEntity_FMaterialId.FNumber": line.material[0],
                    "FTreeEntity_FMaterialId.FName": line.material[1],
                    "FTreeEntity_FQty": line.qty, "FTreeEntity_FUnitId.FName": line.unit,
                    "FTreeEntity_FPlanFinishDate": line.finish, "FTreeEntity_FRemarks": line.remarks,
                })
        return out

    # --- the wire ---------------------------------------------------------------------------

    @staticmethod
    def _error(message: str, msg_code: int = 0, code: int = 500) -> web.Response:
        status = {"ErrorCode": code, "IsSuccess": False, "MsgCode": msg_code, "SuccessEntitys": [],
                  "SuccessMessages": [], "Errors": [{"FieldName": None, "Message": message, "DIndex": 0}]}
        return web.json_response([[{"Result": {"ResponseStatus": status}}]])

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.answer_html > 0:
            self.answer_html -= 1
            return web.Response(status=self.html_status, content_type="text/html",
                                text="<html><body><h1>502 Bad Gateway</h1>nginx</body></html>")
        if request.match_info["service"] != SERVICE:
            return web.Response(status=404, text="service not found")
        app_data = request.headers.get("X-Kd-Appdata", "")
        expected_data = f"{self.acct_id},{self.user_name},2052,0"
        try:
            said = base64.b64decode(app_data).decode()
        except ValueError:
            said = ""
        if (request.headers.get("X-Kd-Appkey") != self.app_id or said != expected_data
                or not hmac.compare_digest(request.headers.get("X-Kd-Signature", ""),
                                           signature(self.app_id, said, self.app_secret))):
            return self._error("会话信息已丢失，请重新登录（签名验证失败）", msg_code=1)  # fake's choice of words
        session_id = request.headers.get("kdservice-sessionid", "")
        headers: dict[str, str] = {}
        if session_id in self.expired:
            self.sessions.discard(session_id)
            return self._error("会话信息已丢失，请重新登录", msg_code=1)
        if session_id not in self.sessions:
            session_id = uuid.uuid4().hex
            self.sessions.add(session_id)
            self.logins += 1
            headers["Set-Cookie"] = f"kdservice-sessionid={session_id}; path=/"
        body = json.loads(await request.text())
        data = body.get("data")
        if isinstance(data, str):
            data = json.loads(data)
        self.queries.append(data)
        response = self._query(data)
        for name, value in headers.items():
            response.headers[name] = value
        return response

    def _query(self, data: dict[str, Any]) -> web.Response:
        if data.get("FormId") != self.form_id:
            return self._error(f"业务对象“{data.get('FormId')}”不存在")  # fake's choice
        keys = [k.strip() for k in str(data.get("FieldKeys", "")).split(",") if k.strip()]
        known = set(self.rows()[0]) if self.bills else set()
        unknown = [k for k in keys if known and k not in known]
        if unknown:
            return self._error(f"字段“{unknown[0]}”不存在")  # fake's choice
        where = str(data.get("FilterString", ""))
        since = _SINCE.search(where)
        rows = [r for r in self.rows() if r["FDocumentStatus"] == "C" or r["FCancelStatus"] == "B"]
        if since:
            rows = [r for r in rows if r["FModifyDate"] >= since.group(1)]
        rows.sort(key=lambda r: (r["FModifyDate"], r["FBillNo"], r["FTreeEntity_FSeq"]))
        start = int(data.get("StartRow") or 0)
        limit = min(int(data.get("Limit") or MAX_ROWS), MAX_ROWS)
        return web.json_response([[r[k] for k in keys] for r in rows[start:start + limit]])
