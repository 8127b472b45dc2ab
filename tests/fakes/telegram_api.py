"""A loopback fake of the Telegram Bot API, faithful to the wire.

The real `telegram.Bot` talks to it over HTTP on 127.0.0.1, so tests exercise PTB's own
encoding (form fields with JSON-encoded objects, multipart uploads) and its error mapping.
Faults and Telegram's flood limits can be programmed per method; every call is recorded.
`Updates` builds update dicts with the fields PTB 22 insists on (from.is_bot, chat.type,
callback_query.chat_instance) and with entities computed as Telegram would.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import math
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, ClientTimeout, web

from tests.fakes.chunked import send_in_chunks

DEFAULT_TOKEN = "123456:TEST-fake-token"
FILE_SIZE_LIMIT = 20 * 1024 * 1024
FILE_DOWNLOAD = "file"  # the `method` name of faults for GET /file/bot<token>/<path>
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "editMessageText", "editMessageReplyMarkup"})

_JSON_PARAMS = frozenset({
    "reply_markup", "reply_parameters", "entities", "caption_entities", "allowed_updates",
    "link_preview_options", "media",
})
_INT_PARAMS = frozenset({
    "chat_id", "message_id", "offset", "limit", "timeout", "max_connections", "cache_time",
    "message_thread_id", "from_chat_id",
})
_BOOL_PARAMS = frozenset({
    "drop_pending_updates", "show_alert", "disable_notification", "protect_content",
    "has_spoiler", "show_caption_above_media", "allow_sending_without_reply",
})
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ApiError(Exception):
    """An error answer of the Bot API: becomes the `{"ok": false, ...}` envelope."""

    def __init__(self, code: int, description: str, retry_after: int | None = None,
                 migrate_to_chat_id: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.migrate_to_chat_id = migrate_to_chat_id


@dataclass(frozen=True, slots=True)
class Fault:
    """A programmed answer for the next call of a method: an error, a delay, or both."""

    status: int | None = None
    description: str = ""
    retry_after: int | None = None
    delay: float = 0.0

    @classmethod
    def too_many_requests(cls, retry_after: int) -> Fault:
        return cls(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    @classmethod
    def server_error(cls) -> Fault:
        return cls(500, "Internal Server Error")

    @classmethod
    def chat_not_found(cls) -> Fault:
        return cls(400, "Bad Request: chat not found")

    @classmethod
    def blocked(cls) -> Fault:
        return cls(403, "Forbidden: bot was blocked by the user")

    @classmethod
    def latency(cls, seconds: float) -> Fault:
        return cls(delay=seconds)


@dataclass(slots=True)
class Call:
    """One request the fake received, with its parameters decoded as Telegram would."""

    method: str
    params: dict[str, Any]
    at: float
    content_type: str
    files: dict[str, bytes] = field(default_factory=dict)


@dataclass(slots=True)
class _StoredFile:
    file_id: str
    data: bytes
    file_path: str
    file_unique_id: str


class _FloodLimits:
    """Telegram's documented send limits as sliding windows: 1/s per chat, 20/min per
    group, 30/s overall. A refused call does not use up quota."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._windows: dict[tuple[str, str], deque[float]] = defaultdict(deque)

    def check(self, chat_id: Any) -> None:
        now = self._clock()
        rules = [(("all", ""), 30, 1.0), (("chat", str(chat_id)), 1, 1.0)]
        if _is_group_id(chat_id):
            rules.append((("group", str(chat_id)), 20, 60.0))
        waits = [self._wait(key, limit, window, now) for key, limit, window in rules]
        worst = max(waits)
        if worst > 0:
            seconds = max(1, math.ceil(worst))
            raise ApiError(429, f"Too Many Requests: retry after {seconds}", seconds)
        for key, _, _ in rules:
            self._windows[key].append(now)

    def _wait(self, key: tuple[str, str], limit: int, window: float, now: float) -> float:
        stamps = self._windows[key]
        while stamps and stamps[0] <= now - window:
            stamps.popleft()
        return 0.0 if len(stamps) < limit else stamps[0] + window - now


def _is_group_id(chat_id: Any) -> bool:
    return isinstance(chat_id, int) and chat_id < 0


def _chat_type(chat_id: Any) -> str:
    if not isinstance(chat_id, int):
        return "channel"
    if chat_id <= -1_000_000_000_000:
        return "supergroup"
    return "group" if chat_id < 0 else "private"


def _decode_field(name: str, value: str) -> Any:
    """Form fields are strings; Telegram types them per parameter, so does the fake."""
    if name in _JSON_PARAMS:
        return json.loads(value)
    if name in _INT_PARAMS and re.fullmatch(r"-?\d+", value):
        return int(value)
    if name in _BOOL_PARAMS:
        return value.lower() == "true"
    return value


class FakeTelegramAPI:
    """The fake server. Use `async with FakeTelegramAPI() as api:` and give PTB
    `base_url=api.base_url, base_file_url=api.base_file_url`."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_id: int = 7000001,
        username: str = "SupplierBot",
        can_read_all_group_messages: bool = False,
        enforce_limits: bool = False,
        require_https_webhook: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self.bot_id = bot_id
        self.username = username
        self.can_read_all_group_messages = can_read_all_group_messages
        self.enforce_limits = enforce_limits
        self.require_https_webhook = require_https_webhook
        self.clock = clock
        self.calls: list[Call] = []
        self.webhook_url = ""
        self.webhook_secret: str | None = None
        self.messages: dict[tuple[Any, int], dict[str, Any]] = {}
        self.migrated: dict[int, int] = {}  # a group upgraded to a supergroup: old id -> new id
        self._limits = _FloodLimits(clock)
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._files: dict[str, _StoredFile] = {}
        self._files_by_path: dict[str, _StoredFile] = {}
        self._updates: list[dict[str, Any]] = []
        self._updates_changed = asyncio.Condition()
        self._poll_generation = 0
        self._closing = False
        self._message_ids: dict[Any, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._file_counter = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0

    async def __aenter__(self) -> FakeTelegramAPI:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, handle_signals=False, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def close(self) -> None:
        """Long polls still waiting end at once with no updates, as on a server restart."""
        async with self._updates_changed:
            self._closing = True
            self._updates_changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """PTB appends the token to this, giving `/bot{token}/{method}`."""
        return f"{self.root_url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.root_url}/file/bot"

    @property
    def bot_user(self) -> dict[str, Any]:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Supplier Bot", "username": self.username}

    def program(self, method: str, *faults: Fault) -> None:
        """Queue answers for the next calls of `method` (`"*"`: any method)."""
        self._faults[method].extend(faults)

    def add_file(self, file_id: str, data: bytes, file_path: str | None = None) -> str:
        """Make `file_id` downloadable through getFile and /file/; returns its file_path."""
        path = file_path or f"photos/file_{next(self._file_counter)}.jpg"
        stored = _StoredFile(file_id, data, path, f"uq-{file_id[-12:]}")
        self._files[file_id] = stored
        self._files_by_path[path] = stored
        return path

    async def enqueue_update(self, update: dict[str, Any]) -> None:
        """Make an update available to getUpdates (long polls waiting now wake up)."""
        async with self._updates_changed:
            self._updates.append(update)
            self._updates.sort(key=lambda u: u["update_id"])
            self._updates_changed.notify_all()

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        return list(self._updates)

    def calls_to(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    async def push_update(
        self,
        url: str,
        update: dict[str, Any],
        secret_token: str | None = None,
        *,
        attempts: int = 1,
        retry_delay: float = 0.0,
        session: ClientSession | None = None,
    ) -> list[int]:
        """POST an update to a webhook as Telegram does, retrying non-2xx answers; returns
        the statuses seen."""
        body = json.dumps(update, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json"}
        if secret_token is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret_token
        owned = session is None
        client = session or ClientSession(timeout=ClientTimeout(total=10))
        statuses: list[int] = []
        try:
            for attempt in range(attempts):
                async with client.post(url, data=body, headers=headers) as resp:
                    await resp.read()
                    statuses.append(resp.status)
                if 200 <= resp.status < 300:
                    break
                if attempt + 1 < attempts:
                    await asyncio.sleep(retry_delay)
        finally:
            if owned:
                await client.close()
        return statuses

    async def push_to_webhook(self, update: dict[str, Any], *, attempts: int = 1) -> list[int]:
        """Deliver an update to the webhook set with setWebhook, secret included."""
        if not self.webhook_url:
            raise RuntimeError("no webhook is set")
        return await self.push_update(self.webhook_url, update, self.webhook_secret, attempts=attempts)

    async def _handle_method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        try:
            params, files = await self._decode_body(request)
        except (ValueError, json.JSONDecodeError):
            return _error(ApiError(400, "Bad Request: can't parse request body"))
        self.calls.append(Call(method, params, self.clock(), request.content_type, files))
        if request.match_info["token"] != self.token:
            return _error(ApiError(401, "Unauthorized"))
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _error(ApiError(404, "Not Found"))
        try:
            await self._apply_fault(method)
            if self.enforce_limits and method in SEND_METHODS:
                self._limits.check(params.get("chat_id"))
            result = await handler(params, files)
        except ApiError as exc:
            return _error(exc)
        return web.json_response({"ok": True, "result": result})

    async def _decode_body(self, request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
        if not request.can_read_body:
            return dict(request.query), {}
        if request.content_type == "application/json":
            data = await request.json()
            if not isinstance(data, dict):
                raise ValueError("JSON body must be an object")
            return data, {}
        if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return await self._decode_form(request)
        body = await request.read()
        if body:
            raise ValueError(f"unsupported content type {request.content_type}")
        return {}, {}

    async def _decode_form(self, request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
        form = await request.post()
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        for name, value in form.items():
            if isinstance(value, web.FileField):
                files[name] = value.file.read()
                params[name] = {"upload": value.filename, "size": len(files[name])}
            elif isinstance(value, str):
                params[name] = _decode_field(name, value)
        return params, files

    async def _apply_fault(self, method: str) -> None:
        queue = self._faults.get(method) or self._faults.get("*")
        if not queue:
            return
        fault = queue.popleft()
        if fault.delay:
            await asyncio.sleep(fault.delay)
        if fault.status is not None:
            raise ApiError(fault.status, fault.description, fault.retry_after)

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        stored = self._files_by_path.get(request.match_info["path"])
        if request.match_info["token"] != self.token or stored is None:
            return _error(ApiError(404, "Not Found"))
        file_faults = self._faults.get(FILE_DOWNLOAD)
        if file_faults:  # `program(FILE_DOWNLOAD, Fault.latency(s))`: a slow file server
            fault = file_faults.popleft()
            await asyncio.sleep(fault.delay)
            if fault.status is not None:
                return _error(ApiError(fault.status, fault.description))
        return await send_in_chunks(request, stored.data, content_type="application/octet-stream")

    async def _m_getMe(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": self.can_read_all_group_messages,
            "supports_inline_queries": False,
        }

    def migrate(self, old_chat_id: int, new_chat_id: int) -> None:
        """Upgrade a group: sends to the old id are refused with migrate_to_chat_id from now on."""
        self.migrated[old_chat_id] = new_chat_id

    def _new_message(self, chat_id: Any, **content: Any) -> dict[str, Any]:
        if chat_id is None or chat_id == "":
            raise ApiError(400, "Bad Request: chat_id is empty")
        if chat_id in self.migrated:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           migrate_to_chat_id=self.migrated[chat_id])
        message_id = next(self._message_ids[chat_id])
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": _chat_type(chat_id)},
            "from": self.bot_user,
            **{k: v for k, v in content.items() if v is not None},
        }
        self.messages[(chat_id, message_id)] = message
        return message

    async def _m_sendMessage(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        text = params.get("text")
        if not text:
            raise ApiError(400, "Bad Request: message text is empty")
        entities = None
        if params.get("parse_mode") == "HTML":
            text, entities = parse_html(text)
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return self._new_message(params.get("chat_id"), text=text, entities=entities or None,
                                 reply_markup=params.get("reply_markup"))

    async def _m_sendPhoto(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        data = files.get("photo")
        if data is None:
            photo = params.get("photo")
            if not isinstance(photo, str) or photo not in self._files:
                raise ApiError(400, "Bad Request: there is no photo in the request")
            data = self._files[photo].data
        if len(params.get("caption") or "") > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        file_id = f"AgACAgFake{next(self._file_counter):06d}"
        self.add_file(file_id, data)
        size = {"file_id": file_id, "file_unique_id": f"uq-{file_id}", "file_size": len(data),
                "width": 1280, "height": 960}
        return self._new_message(params.get("chat_id"), photo=[size], caption=params.get("caption"),
                                 reply_markup=params.get("reply_markup"))

    async def _m_editMessageText(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        message = self.messages.get((params.get("chat_id"), params.get("message_id")))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        if message.get("text") == params.get("text") and message.get("reply_markup") == markup:
            raise ApiError(400, "Bad Request: message is not modified: specified new message content "
                                "and reply markup are exactly the same as a current content and reply "
                                "markup of the message")
        if "text" not in message:
            raise ApiError(400, "Bad Request: there is no text in the message to edit")
        message["text"] = params.get("text")
        message["edit_date"] = int(time.time())
        if markup is not None:
            message["reply_markup"] = markup
        else:  # Telegram drops an inline keyboard the edit does not repeat
            message.pop("reply_markup", None)
        return message

    async def _m_editMessageReplyMarkup(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        message = self.messages.get((params.get("chat_id"), params.get("message_id")))
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        if message.get("reply_markup") == markup:
            raise ApiError(400, "Bad Request: message is not modified: specified new message content "
                                "and reply markup are exactly the same as a current content and reply "
                                "markup of the message")
        if markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        return message

    async def _m_answerCallbackQuery(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        if not params.get("callback_query_id"):
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        return True

    async def _m_getFile(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        stored = self._files.get(params.get("file_id", ""))
        if stored is None:
            raise ApiError(400, "Bad Request: invalid file_id")
        if len(stored.data) > FILE_SIZE_LIMIT:
            raise ApiError(400, "Bad Request: file is too big")
        return {"file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
                "file_size": len(stored.data), "file_path": stored.file_path}

    async def _m_setWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        url = params.get("url", "")
        secret = params.get("secret_token")
        if url and self.require_https_webhook and not url.startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        if secret is not None and not _SECRET_RE.match(secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        self.webhook_url = url
        self.webhook_secret = secret if url else None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_deleteWebhook(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        self.webhook_url = ""
        self.webhook_secret = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _m_getWebhookInfo(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        return {"url": self.webhook_url, "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    async def _m_getUpdates(self, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        if self.webhook_url:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active; "
                                "use deleteWebhook to delete the webhook first")
        self._confirm(params.get("offset"))
        limit = int(params.get("limit") or 100)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + float(params.get("timeout") or 0)
        async with self._updates_changed:
            self._poll_generation += 1
            generation = self._poll_generation
            self._updates_changed.notify_all()
            while not self._updates and generation == self._poll_generation and not self._closing:
                remaining = deadline - loop.time()
                if remaining <= 0:
                    break
                try:
                    await asyncio.wait_for(self._updates_changed.wait(), remaining)
                except TimeoutError:
                    break
        if generation != self._poll_generation:
            raise ApiError(409, "Conflict: terminated by other getUpdates request; "
                                "make sure that only one bot instance is running")
        return self._updates[:limit]

    def _confirm(self, offset: Any) -> None:
        if not isinstance(offset, int) or offset == 0:
            return
        if offset < 0:
            del self._updates[:offset]
        else:
            self._updates[:] = [u for u in self._updates if u["update_id"] >= offset]


_HTML_TAGS = ("b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "tg-spoiler",
              "span", "blockquote")
_HTML_TAG = re.compile(r"<(/?)([a-z-]+)((?:\s+[a-z-]+=\"[^\"<>]*\")*)\s*>")
_HTML_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")
_ENTITY_TYPES = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
                 "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "code": "code", "pre": "pre",
                 "tg-spoiler": "spoiler", "span": "spoiler", "blockquote": "blockquote"}
_MENTION_URL = re.compile(r"tg://user\?id=(\d+)")


def parse_html(markup: str) -> tuple[str, list[dict[str, Any]]]:
    """Telegram's `parse_mode=HTML` (core.telegram.org/bots/api#html-style): the plain text and
    its entities (UTF-16 offsets); `tg://user?id=` links become text_mention entities. A bare
    `<`, `>` or `&`, an unknown or unclosed tag is refused with 400 "can't parse entities", as Telegram does."""
    text, entities, stack, pos = "", [], [], 0
    while pos < len(markup):
        tag = _HTML_TAG.match(markup, pos)
        entity = _HTML_ENTITY.match(markup, pos)
        char = markup[pos]
        if tag:
            closing, name, attrs = tag.group(1) == "/", tag.group(2), tag.group(3)
            if name not in _HTML_TAGS:
                raise ApiError(400, f"Bad Request: can't parse entities: Unsupported start tag \"{name}\"")
            if closing:
                if not stack or stack[-1][0] != name:
                    raise ApiError(400, f"Bad Request: can't parse entities: Unmatched end tag \"{name}\"")
                _, start, href = stack.pop()
                entities.append(_html_entity(name, href, start, utf16_len(text) - start, text))
            else:
                href = re.search(r'href="([^"]*)"', attrs)
                stack.append((name, utf16_len(text), href.group(1) if href else ""))
            pos = tag.end()
        elif entity:
            text += html.unescape(entity.group(0))
            pos = entity.end()
        elif char in "<>&":
            raise ApiError(400, f"Bad Request: can't parse entities: Unexpected \"{char}\" at byte offset {pos}")
        else:
            text += char
            pos += 1
    if stack:
        raise ApiError(400, f"Bad Request: can't parse entities: Can't find end tag corresponding to \"{stack[-1][0]}\"")
    return text, sorted(entities, key=lambda e: e["offset"])


def _html_entity(name: str, href: str, offset: int, length: int, text: str) -> dict[str, Any]:
    if name != "a":
        return {"type": _ENTITY_TYPES[name], "offset": offset, "length": length}
    mention = _MENTION_URL.fullmatch(href)
    if mention:
        shown = text.encode("utf-16-le")[offset * 2:(offset + length) * 2].decode("utf-16-le")
        return {"type": "text_mention", "offset": offset, "length": length,
                "user": {"id": int(mention.group(1)), "is_bot": False, "first_name": shown}}
    return {"type": "text_link", "offset": offset, "length": length, "url": href}


def _error(exc: ApiError) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
    if exc.retry_after is not None:
        body["parameters"] = {"retry_after": exc.retry_after}
    if exc.migrate_to_chat_id is not None:
        body["parameters"] = {"migrate_to_chat_id": exc.migrate_to_chat_id}
    return web.json_response(body, status=exc.code)


_ENTITY_RE = re.compile(r"(?<![\w/@])(?P<cmd>/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?)|(?<![\w@])(?P<mention>@[A-Za-z0-9_]{5,32})")


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def entities_for(text: str) -> list[dict[str, Any]]:
    """The bot_command and mention entities Telegram would attach, offsets in UTF-16 units."""
    found = []
    for match in _ENTITY_RE.finditer(text):
        kind = "bot_command" if match.group("cmd") else "mention"
        found.append({"type": kind, "offset": utf16_len(text[: match.start()]),
                      "length": utf16_len(match.group())})
    return found


def private_chat(chat_id: int = 42, first_name: str = "Li") -> dict[str, Any]:
    return {"id": chat_id, "type": "private", "first_name": first_name}


def group_chat(chat_id: int = -4001234, title: str = "Supplier X") -> dict[str, Any]:
    return {"id": chat_id, "type": "group", "title": title}


def supergroup_chat(chat_id: int = -1001234567890, title: str = "Supplier X") -> dict[str, Any]:
    return {"id": chat_id, "type": "supergroup", "title": title}


def user(user_id: int = 42, first_name: str = "Li", *, last_name: str | None = None,
         username: str | None = None, language_code: str | None = "zh-hans", is_bot: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    for key, value in (("last_name", last_name), ("username", username), ("language_code", language_code)):
        if value is not None:
            data[key] = value
    return data


class Updates:
    """Builds updates as Telegram sends them, numbering update_id and message_id in order."""

    def __init__(self, first_update_id: int = 449012000, *, date: int = 1_700_000_000) -> None:
        self._update_ids = itertools.count(first_update_id)
        self._message_ids = itertools.count(100)
        self.date = date

    def _message(self, chat: dict[str, Any] | None, sender: dict[str, Any] | None,
                 reply_to: dict[str, Any] | None, **content: Any) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": sender or user(),
            "chat": chat or supergroup_chat(),
            "date": self.date,
            **content,
        }
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return message

    def _update(self, kind: str, payload: dict[str, Any]) -> dict[str, Any]:
        return {"update_id": next(self._update_ids), kind: payload}

    def text(self, text: str, *, chat: dict[str, Any] | None = None, sender: dict[str, Any] | None = None,
             reply_to: dict[str, Any] | None = None) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if entities := entities_for(text):
            content["entities"] = entities
        return self._update("message", self._message(chat, sender, reply_to, **content))

    def photo(self, *, caption: str | None = None, chat: dict[str, Any] | None = None,
              sender: dict[str, Any] | None = None, media_group_id: str | None = None,
              sizes: Iterable[tuple[int, int, int]] = ((90, 67, 1354), (320, 240, 13826), (1280, 960, 63485)),
              file_id_prefix: str = "AgACAgQAAyEFAAT") -> dict[str, Any]:
        """A photo message: one PhotoSize per (width, height, file_size), smallest first."""
        number = next(self._message_ids)
        photo = [{"file_id": f"{file_id_prefix}{number}x{w}", "file_unique_id": f"AQAD{number}x{w}",
                  "file_size": size, "width": w, "height": h} for w, h, size in sizes]
        content: dict[str, Any] = {"photo": photo}
        if caption:
            content["caption"] = caption
            if entities := entities_for(caption):
                content["caption_entities"] = entities
        if media_group_id:
            content["media_group_id"] = media_group_id
        message = self._message(chat, sender, None, **content)
        message["message_id"] = number
        return self._update("message", message)

    def document(self, file_id: str, file_name: str, *, mime_type: str = "application/pdf", file_size: int = 0,
                 caption: str | None = None, chat: dict[str, Any] | None = None,
                 sender: dict[str, Any] | None = None) -> dict[str, Any]:
        """A file sent as a document (PDF, drawing, or an image sent uncompressed)."""
        document = {"file_id": file_id, "file_unique_id": f"uq-{file_id}", "file_name": file_name,
                    "mime_type": mime_type, "file_size": file_size}
        content: dict[str, Any] = {"document": document}
        if caption:
            content["caption"] = caption
        return self._update("message", self._message(chat, sender, None, **content))

    def content(self, *, chat: dict[str, Any] | None = None, sender: dict[str, Any] | None = None,
                **content: Any) -> dict[str, Any]:
        """Any other message, e.g. voice={...}, sticker={...}, location={...}, as the Bot API shapes it."""
        return self._update("message", self._message(chat, sender, None, **content))

    def album(self, count: int, *, media_group_id: str = "13911862400223505", caption: str | None = None,
              chat: dict[str, Any] | None = None, sender: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Album items arrive as separate updates sharing media_group_id; the caption on the first."""
        return [self.photo(caption=caption if i == 0 else None, chat=chat, sender=sender,
                           media_group_id=media_group_id) for i in range(count)]

    def callback(self, data: str, *, chat: dict[str, Any] | None = None, sender: dict[str, Any] | None = None,
                 message_id: int = 101, message_text: str = "M3 done?", bot: dict[str, Any] | None = None,
                 query_id: str = "4382bfdwdsb323b2d9") -> dict[str, Any]:
        message = {"message_id": message_id, "date": self.date, "chat": chat or supergroup_chat(),
                   "from": bot or user(7000001, "Supplier Bot", username="SupplierBot", is_bot=True,
                                       language_code=None),
                   "text": message_text}
        return self._update("callback_query", {
            "id": query_id, "chat_instance": "-5123", "from": sender or user(), "data": data, "message": message,
        })

    def migration(self, group: dict[str, Any], supergroup: dict[str, Any], *,
                  sender: dict[str, Any] | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        """A group upgraded to a supergroup: Telegram's two service messages, one in the old group
        (`migrate_to_chat_id`), one in the new supergroup (`migrate_from_chat_id`)."""
        in_old = self._message(group, sender, None, migrate_to_chat_id=supergroup["id"])
        in_new = self._message(supergroup, sender, None, migrate_from_chat_id=group["id"])
        return self._update("message", in_old), self._update("message", in_new)

    def edited_text(self, text: str, *, chat: dict[str, Any] | None = None) -> dict[str, Any]:
        message = self._message(chat, None, None, text=text)
        message["edit_date"] = self.date + 60
        return self._update("edited_message", message)

    def my_chat_member(self, *, chat: dict[str, Any] | None = None) -> dict[str, Any]:
        bot = user(7000001, "Supplier Bot", username="SupplierBot", is_bot=True, language_code=None)
        return self._update("my_chat_member", {
            "chat": chat or supergroup_chat(), "from": user(), "date": self.date,
            "old_chat_member": {"status": "left", "user": bot},
            "new_chat_member": {"status": "member", "user": bot},
        })
