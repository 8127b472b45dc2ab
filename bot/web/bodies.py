"""Reading a request's body once, the same way on every route that reads its own: what no
database stores (NUL and other control characters, lone surrogates) is refused with a 400
that says where, before anything is written, instead of failing inside the database.

The REST API (`bot.web.api`) reads JSON with these checks; the dashboard's forms (set-up
pages, the quality page's category, the order page's records) and its one JSON route read
through `read_form` and `read_json`. The size of every body is already bounded by
`bot.web.guard` (`SUPPLIERBOT_FORM_MAX_BYTES`; uploads have their own limit).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from aiohttp import web
from multidict import MultiDictProxy

_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def unstorable_text(value: Any, where: str = "body") -> str | None:
    """Where in a JSON value a string holds what no database should store (NUL and other
    control characters, lone surrogates), or None; tabs and line breaks are text."""
    if isinstance(value, str):
        return where if _UNSTORABLE.search(value) else None
    items: Iterable[tuple[Any, Any]]
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = ((str(i), v) for i, v in enumerate(value))
    else:
        return None
    for key, item in items:
        found = unstorable_text(key, where) or unstorable_text(item, f"{where}.{key}")
        if found is not None:
            return found
    return None


UNSTORABLE_ZH = "含有控制字符或无效的 Unicode（孤立代理项）"
UNSTORABLE_EN = "contains a control character or invalid Unicode (a lone surrogate)"


def _unstorable_message(where: str, language: str) -> str:
    return f"{where}: {UNSTORABLE_EN}" if language == "en" else f"{where}：{UNSTORABLE_ZH}"


class UnreadableBody(Exception):
    """A JSON body refused before anything is written: which part (`where`), and why, in
    Chinese and English; each route answers it in its own 400 shape."""

    def __init__(self, where: str, zh: str, en: str) -> None:
        super().__init__(en)
        self.where, self.zh, self.en = where, zh, en


def parse_json(raw: bytes) -> Any:
    """The body as JSON, the one way every route reads it: not JSON, nested absurdly deep, or
    holding unstorable text raises `UnreadableBody`."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UnreadableBody("body", f"请求体不是有效的 JSON：{exc}", f"the body is not valid JSON: {exc}") from None
    except RecursionError:
        raise UnreadableBody("body", "JSON 嵌套过深", "the JSON is nested too deeply") from None
    where = unstorable_text(body)
    if where is not None:
        raise UnreadableBody(where, UNSTORABLE_ZH, UNSTORABLE_EN)
    return body


async def read_form(request: web.Request, language: str) -> MultiDictProxy[Any]:
    """The posted form; a field (or field name) holding unstorable text is a 400 naming it.
    Uploaded files are left to their route, which knows what a file may hold."""
    try:
        form = await request.post()
    except UnicodeDecodeError:
        raise web.HTTPBadRequest(text=_unstorable_message("form", language)) from None
    for name, value in form.items():
        where = unstorable_text(name, "form") or (unstorable_text(value, name) if isinstance(value, str) else None)
        if where is not None:
            raise web.HTTPBadRequest(text=_unstorable_message(where, language))
    return form


async def read_json(request: web.Request, language: str) -> Any:
    """The body as JSON (`parse_json`); what it refuses is a 400 with `{"error": ...}` saying
    which part and why."""
    try:
        return parse_json(await request.read())
    except UnreadableBody as exc:
        raise _json_refusal(f"{exc.where}: {exc.en}" if language == "en" else f"{exc.where}：{exc.zh}") from None


def _json_refusal(message: str) -> web.HTTPBadRequest:
    return web.HTTPBadRequest(text=json.dumps({"error": message}, ensure_ascii=False), content_type="application/json")
