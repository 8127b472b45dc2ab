"""Telegram adapter: updates in, replies out, with `telegram.Bot` as the Bot API client.

Inbound updates become `InboundMessage`s (`inbound_from_update`) and reach the store-first
pipeline either through our own aiohttp webhook route (`telegram_webhook_handler`, which
answers 200 only after the sink has committed) or through long polling
(`TelegramChannel.poll`, which confirms an offset only after the sink has committed).
PTB's Application/Updater is not used: its webhook server answers before anything is stored.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import json
import logging
import re
import warnings
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from telegram import (
    Bot,
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import BaseRequest
from telegram.warnings import PTBDeprecationWarning

from bot import payloads
from bot.adapters.telegram_mentions import strip_bot_mentions
from bot.adapters.telegram_quick_read import NotCommon, read_common
from bot.clock import Clock, SystemClock
from bot.long_connection import wait_for_either
from bot.ports import (
    Button,
    ChatKind,
    ChatRef,
    ContentKind,
    InboundMessage,
    InboundSink,
    MediaRef,
    Platform,
    Reply,
    SenderRef,
    SendError,
    SendResult,
    StorageUnavailable,
)
from bot.web.edge import Malformed, Refused, edge_route, read_download, read_request

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_BASE_FILE_URL = "https://api.telegram.org/file/bot"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_WEBHOOK_BODY = 64 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
CAPTION_LIMIT = 1024
ALLOWED_UPDATES = ("message", "callback_query")
PRIVACY_WARNING = (
    "Telegram privacy mode is on for @{username}: in groups the bot only sees commands, replies "
    "to its own messages and @-mentions, so suppliers' plain reports and photos are missed unless "
    "the bot is a group admin. Turn it off with BotFather: /setprivacy -> Disable, then re-add "
    "the bot to existing groups."
)

_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")

PhotoLoader = Callable[[str], bytes | Path]
WebhookHandler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def api_urls(api_base: str) -> tuple[str, str]:
    """The Bot API and file base URLs for a server root such as `https://api.telegram.org`
    (settings.telegram_api_base); PTB appends the token to each."""
    root = api_base.rstrip("/")
    return f"{root}/bot", f"{root}/file/bot"


class MalformedUpdate(ValueError):
    """The body is JSON but not an update PTB can read: answered 400, never stored."""


def inbound_from_update(
    data: dict[str, Any], bot_username: str | None = None, *, received_at: datetime | None = None
) -> InboundMessage | None:
    """Turn a raw update into an `InboundMessage`; None for kinds the bot does not handle.

    `received_at` dates button clicks, which carry no date of their own. The common shapes
    are read straight from the JSON (`telegram_quick_read`); the rest, and anything odd, by PTB.
    """
    try:
        return read_common(data, bot_username, received_at=received_at)
    except NotCommon:
        return inbound_from_parsed(parse_update(data), bot_username, received_at=received_at)


def parse_update(data: dict[str, Any]) -> Update:
    """`Update.de_json`, with PTB's assorted errors on malformed input made one type."""
    if not isinstance(data, dict) or not _is_int(data.get("update_id")):
        raise MalformedUpdate("not an update: no integer update_id")
    try:
        return Update.de_json(data, None)
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise MalformedUpdate(f"update {data.get('update_id')} does not parse: {exc}") from exc


def inbound_from_parsed(
    update: Update, bot_username: str | None = None, *, received_at: datetime | None = None
) -> InboundMessage | None:
    if update.message is not None:
        return _from_message(update.update_id, update.message, bot_username)
    if update.callback_query is not None:
        return _from_callback(update.update_id, update.callback_query, received_at or SystemClock().now())
    return None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _from_message(update_id: int, message: Message, bot_username: str | None) -> InboundMessage | None:
    if getattr(message, "chat", None) is None or not _is_int(getattr(message.chat, "id", None)) \
            or getattr(message, "date", None) is None:
        raise MalformedUpdate(f"update {update_id}: a message without a chat or a date")
    moved = _chat_moved(update_id, message)
    if moved is not None:
        return moved
    if message.text is not None:
        raw_text, entities = message.text, message.entities
    else:
        raw_text, entities = message.caption or "", message.caption_entities
    photos = _photos(message)
    kind, attachments = _content(message, photos)
    if not raw_text and not photos and kind is ContentKind.TEXT:
        return None
    text, mentioned = strip_bot_mentions(raw_text, entities, bot_username)
    replied = message.reply_to_message
    return InboundMessage(
        platform=Platform.TELEGRAM,
        external_id=str(update_id),
        chat=_chat_ref(message.chat),
        sender=_sender(message.from_user, message.sender_chat),
        sent_at=message.date.astimezone(UTC),
        text=text,
        photos=photos,
        album_id=message.media_group_id,
        reply_to_external_id=str(replied.message_id) if replied is not None else None,
        mentioned_bot=mentioned,
        content_kind=kind,
        attachments=attachments,
    )


def _chat_moved(update_id: int, message: Message) -> InboundMessage | None:
    """A group upgraded to a supergroup gets a new chat id. Telegram says so twice, in the old
    group (`migrate_to_chat_id`) and in the new one (`migrate_from_chat_id`); both become the
    same event, placed in the new chat, so either one (or both, in any order) moves the binding."""
    if message.migrate_to_chat_id is not None:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return None
    title = message.chat.effective_name
    return InboundMessage(
        platform=Platform.TELEGRAM,
        external_id=str(update_id),
        chat=ChatRef(Platform.TELEGRAM, str(new), ChatKind.GROUP, title),
        sender=_sender(message.from_user, message.sender_chat),
        sent_at=message.date.astimezone(UTC),
        button_payload=payloads.event(payloads.Event.CHAT_MOVED, old, new),
    )


def _content(message: Message, photos: tuple[MediaRef, ...]) -> tuple[ContentKind, tuple[MediaRef, ...]]:
    """What else the message carries: a document to keep, or a kind we answer but do not read."""
    document = message.document
    if message.animation is not None:  # a GIF also carries a `document`
        return ContentKind.VIDEO, ()
    if document is not None and not photos:
        return ContentKind.FILE, (MediaRef(document.file_id, "file", document.file_size,
                                           mime_type=document.mime_type, file_name=document.file_name),)
    if message.voice is not None or message.audio is not None:
        return ContentKind.VOICE, ()
    if message.video is not None or message.video_note is not None:
        return ContentKind.VIDEO, ()
    if message.sticker is not None:
        return ContentKind.STICKER, ()
    if message.location is not None or message.venue is not None:
        return ContentKind.LOCATION, ()
    if message.contact is not None or message.poll is not None or message.dice is not None:
        return ContentKind.OTHER, ()
    return ContentKind.TEXT, ()


def _from_callback(update_id: int, query: CallbackQuery, received_at: datetime) -> InboundMessage | None:
    """A button click, placed in the chat of the message that carried the button."""
    if query.message is None or payloads.clicked(query.data) is None:
        return None
    return InboundMessage(
        platform=Platform.TELEGRAM,
        external_id=str(update_id),
        chat=_chat_ref(query.message.chat),
        sender=_sender(query.from_user, None),
        sent_at=received_at.astimezone(UTC),
        button_payload=query.data,
        reply_to_external_id=str(query.message.message_id),
        clicked_message=str(query.message.message_id),
    )


def _chat_ref(chat: Chat) -> ChatRef:
    kind = ChatKind.PRIVATE if chat.type == Chat.PRIVATE else ChatKind.GROUP
    return ChatRef(Platform.TELEGRAM, str(chat.id), kind, chat.effective_name)


def _sender(user: User | None, sender_chat: Chat | None) -> SenderRef:
    """Anonymous admins and channels post as a chat; `from` is then a placeholder bot."""
    if sender_chat is not None:
        return SenderRef(str(sender_chat.id), sender_chat.effective_name or "")
    if user is None:
        return SenderRef("")
    return SenderRef(str(user.id), user.full_name, user.language_code)


def _photos(message: Message) -> tuple[MediaRef, ...]:
    """The largest size of a photo; an image sent as a file counts as a photo too."""
    if message.photo:
        best = max(message.photo, key=lambda p: (p.width * p.height, p.file_size or 0))
        return (MediaRef(best.file_id, "photo", best.file_size, best.width, best.height, "image/jpeg"),)
    document = message.document
    mime = (document.mime_type or "") if document is not None else ""
    if document is not None and mime.startswith("image/") and not mime.startswith("image/vnd."):  # not DWG/DXF
        return (MediaRef(document.file_id, "document", document.file_size, mime_type=document.mime_type),)
    return ()


def send_error(exc: TelegramError) -> SendError:
    """PTB's exception for a failed call, as the outbox understands it."""
    message = exc.message
    if isinstance(exc, RetryAfter):
        return SendError(message, retry_after=_retry_after_seconds(exc), code="retry_after")
    if isinstance(exc, ChatMigrated):
        return SendError(message, permanent=True, code=f"chat_migrated:{exc.new_chat_id}",
                         moved_to=str(exc.new_chat_id))
    for kind, code in ((BadRequest, "bad_request"), (Forbidden, "forbidden"),
                       (InvalidToken, "invalid_token"), (EndPointNotFound, "not_found")):
        if isinstance(exc, kind):
            return SendError(message, permanent=True, code=code)
    if isinstance(exc, TimedOut):
        return SendError(message, code="timed_out")
    if isinstance(exc, Conflict):
        return SendError(message, code="conflict")
    return SendError(message, code="network_error")


def _retry_after_seconds(exc: RetryAfter) -> float:
    """PTB 22 returns int or timedelta depending on PTB_TIMEDELTA, and warns about the int."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _chat_id(chat: ChatRef) -> int | str:
    return int(chat.chat_id) if re.fullmatch(r"-?\d+", chat.chat_id) else chat.chat_id


def _keyboard(rows: tuple[tuple[Button, ...], ...]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.label, callback_data=b.payload) for b in row] for row in rows]
    )


def with_mentions(reply: Reply) -> tuple[str, ParseMode | None]:
    """The text to send and its parse mode: with mentions, an HTML line of inline mentions
    (`<a href="tg://user?id=…">name</a>`, Bot API "Formatting options") before the escaped text;
    without, the text as it is. Ids that are not Telegram user ids are left out."""
    names = reply.mention_names
    links = [
        f'<a href="tg://user?id={user_id}">{html.escape(_mention_label(names, index, user_id), quote=False)}</a>'
        for index, user_id in enumerate(reply.mention_user_ids) if user_id.isdigit()
    ]
    if not links:
        return reply.text, None
    text = html.escape(reply.text, quote=False)
    return (" ".join(links) + ("\n" + text if text else "")), ParseMode.HTML


def _mention_label(names: tuple[str, ...], index: int, user_id: str) -> str:
    name = names[index].strip() if index < len(names) else ""
    return name or f"@{user_id}"


def _reply_parameters(reply: Reply) -> ReplyParameters | None:
    """Send anyway when the message replied to is gone: the reply matters more than the link."""
    target = reply.reply_to_external_id
    if target is None or not target.isdigit():
        return None
    return ReplyParameters(message_id=int(target), allow_sending_without_reply=True)


class TelegramChannel:
    """The `Channel` for Telegram, plus webhook registration, privacy check and polling."""

    platform = Platform.TELEGRAM

    def __init__(
        self,
        token: str,
        *,
        photo_loader: PhotoLoader | None = None,
        base_url: str = DEFAULT_BASE_URL,
        base_file_url: str = DEFAULT_BASE_FILE_URL,
        max_download_bytes: int = MAX_DOWNLOAD_BYTES,
        clock: Clock | None = None,
        request: BaseRequest | None = None,
        get_updates_request: BaseRequest | None = None,
        download_timeout: float = 60.0,
    ) -> None:
        self._bot = Bot(token, base_url=base_url, base_file_url=base_file_url, request=request,
                        get_updates_request=get_updates_request)
        self._photo_loader = photo_loader
        self._max_download = max_download_bytes
        self._download_timeout = aiohttp.ClientTimeout(total=download_timeout)
        self._files: aiohttp.ClientSession | None = None
        self._clock = clock or SystemClock()
        self._username: str | None = None

    @property
    def username(self) -> str | None:
        """The bot's @username once getMe has answered; None until then."""
        return self._username

    async def start(self) -> None:
        """Open the HTTP pools and try to learn who we are; an unreachable API is only logged,
        `check_privacy` (or the poll loop) learns the username later."""
        try:
            await self._bot.initialize()
        except TelegramError as exc:
            log.warning("Telegram API not reachable at start-up (%s); continuing", exc)
        else:
            self._username = self._bot.username

    async def stop(self) -> None:
        await self._bot.shutdown()
        if self._files is not None:
            await self._files.close()
            self._files = None

    async def send(self, reply: Reply) -> SendResult:
        if reply.edit_of is not None:
            return await self._edit(reply, reply.edit_of)
        try:
            message = await (self._send_photo(reply) if reply.image_sha256 else self._send_text(reply))
        except TelegramError as exc:
            raise send_error(exc) from exc
        return SendResult(str(message.message_id))

    async def _edit(self, reply: Reply, message_id: str) -> SendResult:
        """A used keyboard: the message's text with what was chosen, its buttons gone (an edit
        without reply_markup drops them). A photo's caption cannot take editMessageText, so
        there only the keyboard is replaced. An edit Telegram refuses (not modified: an earlier
        try did it; the message is gone or too old) is dropped, not retried: it is a courtesy."""
        chat_id, target = _chat_id(reply.chat), int(message_id)
        try:
            try:
                await self._bot.edit_message_text(reply.text, chat_id=chat_id, message_id=target)
            except BadRequest as exc:
                if "no text" not in exc.message.lower():
                    raise
                await self._bot.edit_message_reply_markup(chat_id=chat_id, message_id=target, reply_markup=None)
        except BadRequest as exc:
            log.info("telegram: used buttons of message %s not marked: %s", message_id, exc.message)
        except TelegramError as exc:
            raise send_error(exc) from exc
        return SendResult(message_id)

    async def _send_text(self, reply: Reply, *, with_reply_to: bool = True) -> Message:
        text, parse_mode = with_mentions(reply)
        return await self._bot.send_message(
            chat_id=_chat_id(reply.chat),
            text=text,
            parse_mode=parse_mode,
            reply_markup=_keyboard(reply.buttons),
            reply_parameters=_reply_parameters(reply) if with_reply_to else None,
        )

    async def _send_photo(self, reply: Reply) -> Message:
        """A caption holds 1024 characters; longer text follows the photo as its own message."""
        photo = self._load_photo(reply.image_sha256 or "")
        fits = len(reply.text) <= CAPTION_LIMIT and not reply.mention_user_ids  # mentions go with the text
        message = await self._bot.send_photo(
            chat_id=_chat_id(reply.chat),
            photo=photo,
            caption=(reply.text or None) if fits else None,
            reply_markup=_keyboard(reply.buttons) if fits else None,
            reply_parameters=_reply_parameters(reply),
        )
        return message if fits else await self._send_text(reply, with_reply_to=False)

    def _load_photo(self, sha256: str) -> bytes | Path:
        if self._photo_loader is None:
            raise SendError("no photo loader configured", permanent=True, code="photo_missing")
        try:
            return self._photo_loader(sha256)
        except (OSError, LookupError) as exc:
            raise SendError(f"photo {sha256} not available: {exc}", permanent=True,
                            code="photo_missing") from exc

    async def answer_callback(self, callback_query_id: str, text: str | None = None) -> None:
        """Stop the button's spinner; Telegram expects an answer to every callback query."""
        try:
            await self._bot.answer_callback_query(callback_query_id, text=text)
        except TelegramError as exc:
            raise send_error(exc) from exc

    async def download(self, media: MediaRef) -> bytes:
        """Photo bytes via getFile and the file URL; refuses oversized files before fetching,
        and while fetching when Telegram did not say the size."""
        if media.data is not None:
            return media.data
        self._check_size(media.size)
        try:
            file = await self._bot.get_file(media.file_id)
        except TelegramError as exc:
            raise send_error(exc) from exc
        self._check_size(file.file_size)
        return await self._fetch_file(file.file_path or "")

    async def _fetch_file(self, url: str) -> bytes:
        """The file's bytes through the edge's one body reader (PTB's download reads without a
        limit). The URL holds the token, so errors name only the exception's kind."""
        if not url.startswith(("https://", "http://")):
            raise SendError("getFile gave no downloadable file_path", permanent=True, code="no_file_path")
        if self._files is None:
            self._files = aiohttp.ClientSession(timeout=self._download_timeout)
        try:
            async with self._files.get(url) as response:
                if response.status >= 400:
                    raise SendError(f"telegram file download answered HTTP {response.status}",
                                    permanent=response.status in (400, 401, 403, 404),
                                    code=f"http_{response.status}")
                return await read_download(response, self._max_download, "telegram file")
        except TimeoutError as exc:
            raise SendError("telegram file download timed out", code="timed_out") from exc
        except aiohttp.ClientError as exc:
            raise SendError(f"telegram file download failed: {type(exc).__name__}", code="network_error") from exc

    def _check_size(self, size: int | None) -> None:
        if size is not None and size > self._max_download:
            raise SendError(f"file of {size} bytes is over the {self._max_download} byte limit",
                            permanent=True, code="too_large")

    async def check_privacy(self) -> str | None:
        """getMe: a warning text when privacy mode hides group messages, else None.
        Raises `SendError` when the API cannot be asked, so the caller can retry later."""
        try:
            me = await self._bot.get_me()
        except TelegramError as exc:
            raise send_error(exc) from exc
        self._username = me.username
        if me.can_read_all_group_messages:
            return None
        return PRIVACY_WARNING.format(username=me.username)

    async def register_webhook(self, url: str, secret: str, *, drop_pending_updates: bool = False) -> None:
        """setWebhook with our secret and the update kinds we handle; raises `SendError`."""
        if not _SECRET_RE.fullmatch(secret):
            raise ValueError("Telegram webhook secret must be 1-256 characters of A-Z a-z 0-9 _ -")
        try:
            await self._bot.set_webhook(url=url, secret_token=secret, allowed_updates=ALLOWED_UPDATES,
                                        drop_pending_updates=drop_pending_updates)
        except TelegramError as exc:
            raise send_error(exc) from exc

    async def delete_webhook(self) -> None:
        """Needed before polling: getUpdates answers 409 while a webhook is set."""
        try:
            await self._bot.delete_webhook()
        except TelegramError as exc:
            raise send_error(exc) from exc

    async def poll(
        self,
        sink: InboundSink,
        stop: asyncio.Event,
        *,
        long_poll_seconds: int = 30,
        initial_backoff: float = 1.0,
        max_backoff: float = 60.0,
    ) -> None:
        """Long-poll until `stop` is set. An update is confirmed (offset past it) only after
        `sink.accept` returned; on any error the loop waits and asks again, it never raises."""
        offset: int | None = None
        failures = 0
        while not stop.is_set():
            try:
                updates = await self._next_batch(offset, long_poll_seconds, stop)
            except Exception as exc:
                failures += 1
                await wait_for_either(stop, self._poll_delay(exc, failures, initial_backoff, max_backoff))
                continue
            if updates is None:
                break
            offset, delivered = await self._deliver(updates, sink, offset)
            failures = 0 if delivered else failures + 1
            if not delivered:
                await wait_for_either(stop, min(max_backoff, initial_backoff * 2 ** (failures - 1)))
        await self._confirm(offset)

    async def _next_batch(self, offset: int | None, long_poll_seconds: int,
                          stop: asyncio.Event) -> tuple[Update, ...] | None:
        """One getUpdates, abandoned (not confirmed, so Telegram keeps the updates) on stop."""
        if self._username is None:
            self._username = (await self._bot.get_me()).username
        fetch = asyncio.ensure_future(self._bot.get_updates(
            offset=offset, timeout=long_poll_seconds, allowed_updates=ALLOWED_UPDATES))
        stopped = asyncio.ensure_future(stop.wait())
        try:
            await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopped.cancel()
        if not fetch.done():
            fetch.cancel()
            await asyncio.gather(fetch, return_exceptions=True)
            return None
        return fetch.result()

    async def _deliver(self, updates: tuple[Update, ...], sink: InboundSink,
                       offset: int | None) -> tuple[int | None, bool]:
        for update in updates:
            message = inbound_from_parsed(update, self._username, received_at=self._clock.now())
            if message is not None:
                try:
                    await sink.accept(message, update.to_json())
                except StorageUnavailable as exc:
                    log.warning("storage unavailable, update %s kept for later: %s", update.update_id, exc)
                    return offset, False
                except Exception:
                    log.exception("sink failed on update %s; it will be fetched again", update.update_id)
                    return offset, False
            offset = update.update_id + 1
        return offset, True

    def _poll_delay(self, exc: Exception, failures: int, initial: float, maximum: float) -> float:
        if isinstance(exc, RetryAfter):
            return _retry_after_seconds(exc)
        if isinstance(exc, Conflict):
            log.warning("getUpdates refused (%s): a webhook is set or another instance polls", exc)
        elif isinstance(exc, InvalidToken):
            log.error("getUpdates refused: the bot token is not valid")
        elif isinstance(exc, TelegramError):
            log.warning("getUpdates failed (%s); retrying", exc)
        else:
            log.exception("getUpdates failed unexpectedly; retrying", exc_info=exc)
        return min(maximum, initial * 2 ** (failures - 1))

    async def _confirm(self, offset: int | None) -> None:
        """Tell Telegram what was stored, so a restart does not fetch it again (best effort)."""
        if offset is None:
            return
        try:
            await self._bot.get_updates(offset=offset, timeout=0, limit=1)
        except TelegramError as exc:
            log.info("could not confirm offset %s on stop: %s", offset, exc)


def telegram_webhook_handler(
    sink: InboundSink,
    secret: str,
    bot_username_getter: Callable[[], str | None],
    answer_callback: Callable[[str], Awaitable[object]],
    *,
    clock: Clock | None = None,
    max_body: int = MAX_WEBHOOK_BODY,
) -> WebhookHandler:
    """The body of `POST /webhooks/telegram`: 200 means stored (or deliberately ignored).

    Order matters: the secret is checked before the body is read, the size before parsing,
    and the callback query is answered only after the sink committed, off the response path.
    """
    if not _SECRET_RE.fullmatch(secret):
        raise ValueError("Telegram webhook secret must be 1-256 characters of A-Z a-z 0-9 _ -")
    expected = secret.encode()
    now = (clock or SystemClock()).now
    pending: set[asyncio.Task[None]] = set()

    async def handle(request: web.Request) -> web.StreamResponse:
        if not _secret_matches(request, expected):
            raise Refused(f"wrong or missing secret from {request.remote}")
        body = await read_request(request, max_body)
        try:
            text = body.decode("utf-8")
            data = json.loads(text)
            message = inbound_from_update(data, bot_username_getter(), received_at=now())
        except ValueError as exc:
            raise Malformed(f"rejected body: {exc}") from exc
        if message is None:
            return web.Response(status=200)
        await sink.accept(message, text)
        if message.button_payload is not None:
            _answer_later(pending, answer_callback, _callback_query_id(data))
        return web.Response(status=200)

    return edge_route("Telegram webhook", handle)


def _secret_matches(request: web.Request, expected: bytes) -> bool:
    given = request.headers.get(SECRET_HEADER)
    if given is None:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), expected)


def _callback_query_id(data: dict[str, Any]) -> str | None:
    query = data.get("callback_query")
    return query.get("id") if isinstance(query, dict) else None


def _answer_later(pending: set[asyncio.Task[None]], answer: Callable[[str], Awaitable[object]],
                  query_id: str | None) -> None:
    if not query_id:
        return
    task = asyncio.get_running_loop().create_task(_answer_quietly(answer, query_id))
    pending.add(task)
    task.add_done_callback(pending.discard)


async def _answer_quietly(answer: Callable[[str], Awaitable[object]], query_id: str) -> None:
    try:
        await answer(query_id)
    except Exception as exc:
        log.info("could not answer callback query %s: %s", query_id, exc)
