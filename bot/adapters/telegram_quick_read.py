"""The common Telegram updates read straight from their JSON, without PTB's `Update.de_json`.

PTB builds an object for every field of an update (~155 µs each); a supplier's text, a
photo with a caption and a button click need a handful of fields. This reads those shapes
and nothing else: any key it does not know, any value of an unexpected type, raises
`NotCommon`, and the caller reads the update with PTB instead. What it accepts PTB reads
without error, and both readings give the same `InboundMessage` (tests/bot/
test_telegram_quick_read.py compares them on recorded updates of every kind).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any, NamedTuple

from bot import payloads
from bot.adapters.telegram_mentions import strip_bot_mentions
from bot.clock import SystemClock
from bot.ports import ChatKind, ChatRef, ContentKind, InboundMessage, MediaRef, Platform, SenderRef


class NotCommon(Exception):
    """Not a shape read here: PTB reads it (and judges whether it is malformed)."""


class _Entity(NamedTuple):
    type: str
    offset: int
    length: int


Check = Callable[[Any], bool]


def _int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _str(value: Any) -> bool:
    return isinstance(value, str)


def _bool(value: Any) -> bool:
    return isinstance(value, bool)


def _shape(value: Any, required: Mapping[str, Check], optional: Mapping[str, Check]) -> dict[str, Any]:
    """`value` as a dict holding every required key and only known keys, each of its type."""
    if not isinstance(value, dict):
        raise NotCommon("not an object")
    for key, item in value.items():
        check = required.get(key) or optional.get(key)
        if check is None or not check(item):
            raise NotCommon(f"field {key!r}")
    if any(key not in value for key in required):
        raise NotCommon("a required field is missing")
    return value


def _list_of(check: Check) -> Check:
    return lambda value: isinstance(value, list) and all(check(item) for item in value)


_USER_REQUIRED: dict[str, Check] = {"id": _int, "is_bot": _bool, "first_name": _str}
_USER_OPTIONAL: dict[str, Check] = {
    "last_name": _str, "username": _str, "language_code": _str, "is_premium": _bool,
    "added_to_attachment_menu": _bool, "can_join_groups": _bool, "can_read_all_group_messages": _bool,
    "supports_inline_queries": _bool, "can_connect_to_business": _bool, "has_main_web_app": _bool,
}
_CHAT_REQUIRED: dict[str, Check] = {"id": _int, "type": _str}
_CHAT_OPTIONAL: dict[str, Check] = {"title": _str, "username": _str, "first_name": _str, "last_name": _str,
                                    "is_forum": _bool, "all_members_are_administrators": _bool}
_ENTITY_REQUIRED: dict[str, Check] = {"type": _str, "offset": _int, "length": _int}
_ENTITY_OPTIONAL: dict[str, Check] = {"url": _str, "language": _str, "custom_emoji_id": _str}
_PHOTO_REQUIRED: dict[str, Check] = {"file_id": _str, "file_unique_id": _str, "width": _int, "height": _int}
_PHOTO_OPTIONAL: dict[str, Check] = {"file_size": _int}
_BUTTON_REQUIRED: dict[str, Check] = {"text": _str}
_BUTTON_OPTIONAL: dict[str, Check] = {"callback_data": _str, "url": _str}


def _is(required: Mapping[str, Check], optional: Mapping[str, Check]) -> Check:
    def check(value: Any) -> bool:
        try:
            _shape(value, required, optional)
        except NotCommon:
            return False
        return True
    return check


_user = _is(_USER_REQUIRED, _USER_OPTIONAL)
_chat = _is(_CHAT_REQUIRED, _CHAT_OPTIONAL)
_entities = _list_of(_is(_ENTITY_REQUIRED, _ENTITY_OPTIONAL))
_photo_sizes = _list_of(_is(_PHOTO_REQUIRED, _PHOTO_OPTIONAL))
_keyboard = _is({"inline_keyboard": _list_of(_list_of(_is(_BUTTON_REQUIRED, _BUTTON_OPTIONAL)))}, {})

_MESSAGE_REQUIRED: dict[str, Check] = {"message_id": _int, "date": _int, "chat": _chat}
_MESSAGE_OPTIONAL: dict[str, Check] = {
    "from": _user, "sender_chat": _chat, "text": _str, "entities": _entities, "caption": _str,
    "caption_entities": _entities, "photo": _photo_sizes, "media_group_id": _str, "message_thread_id": _int,
    "is_topic_message": _bool, "has_protected_content": _bool, "author_signature": _str, "edit_date": _int,
    "reply_markup": _keyboard,
}


def _message(value: Any) -> bool:
    """A message of the common shape; the one it replies to must be one too."""
    try:
        _shape(value, _MESSAGE_REQUIRED, {**_MESSAGE_OPTIONAL, "reply_to_message": _message})
    except NotCommon:
        return False
    return True


_CALLBACK_REQUIRED: dict[str, Check] = {"id": _str, "from": _user, "chat_instance": _str}
_CALLBACK_OPTIONAL: dict[str, Check] = {"message": _message, "data": _str}


def read_common(data: Any, bot_username: str | None = None, *,
                received_at: datetime | None = None) -> InboundMessage | None:
    """The update's `InboundMessage` (None for one the bot does not handle); `NotCommon` when
    the update is not one of the common shapes."""
    if not isinstance(data, dict) or not _int(data.get("update_id")) or len(data) != 2:
        raise NotCommon("not an update with exactly one of message or callback_query")
    update_id: int = data["update_id"]
    if "message" in data:
        message = data["message"]
        if not _message(message):
            raise NotCommon("not a common message")
        return _from_message(update_id, message, bot_username)
    if "callback_query" in data:
        return _from_callback(update_id, _shape(data["callback_query"], _CALLBACK_REQUIRED, _CALLBACK_OPTIONAL),
                              received_at or SystemClock().now())
    raise NotCommon("neither a message nor a callback query")


def _from_message(update_id: int, message: dict[str, Any], bot_username: str | None) -> InboundMessage | None:
    text = message.get("text")
    if text is not None:
        raw_text, entities = text, message.get("entities") or ()
    else:
        raw_text, entities = message.get("caption") or "", message.get("caption_entities") or ()
    photos = _photos(message.get("photo"))
    if not raw_text and not photos:
        return None
    cleaned, mentioned = strip_bot_mentions(
        raw_text, [_Entity(e["type"], e["offset"], e["length"]) for e in entities], bot_username)
    replied = message.get("reply_to_message")
    return InboundMessage(
        platform=Platform.TELEGRAM,
        external_id=str(update_id),
        chat=_chat_ref(message["chat"]),
        sender=_sender(message.get("from"), message.get("sender_chat")),
        sent_at=datetime.fromtimestamp(message["date"], tz=UTC),
        text=cleaned,
        photos=photos,
        album_id=message.get("media_group_id"),
        reply_to_external_id=str(replied["message_id"]) if replied is not None else None,
        mentioned_bot=mentioned,
        content_kind=ContentKind.TEXT,
        attachments=(),
    )


def _from_callback(update_id: int, query: dict[str, Any], received_at: datetime) -> InboundMessage | None:
    message = query.get("message")
    data = query.get("data")
    if message is None or payloads.clicked(data) is None:
        return None
    return InboundMessage(
        platform=Platform.TELEGRAM,
        external_id=str(update_id),
        chat=_chat_ref(message["chat"]),
        sender=_sender(query["from"], None),
        sent_at=received_at.astimezone(UTC),
        button_payload=data,
        reply_to_external_id=str(message["message_id"]),
        clicked_message=str(message["message_id"]),
    )


def _photos(sizes: list[dict[str, Any]] | None) -> tuple[MediaRef, ...]:
    """The largest size, as PTB's reading picks it (the first of equals)."""
    if not sizes:
        return ()
    best = max(sizes, key=lambda p: (p["width"] * p["height"], p.get("file_size") or 0))
    return (MediaRef(best["file_id"], "photo", best.get("file_size"), best["width"], best["height"], "image/jpeg"),)


def _full_name(person: dict[str, Any]) -> str | None:
    """PTB's `full_name`: the first name and, if any, the last; None without a first name."""
    first, last = person.get("first_name"), person.get("last_name")
    if not first:
        return None
    return f"{first} {last}" if last else first


def _chat_name(chat: dict[str, Any]) -> str | None:
    """PTB's `effective_name`: the title, else the full name."""
    title = chat.get("title")
    return title if title is not None else _full_name(chat)


def _chat_ref(chat: dict[str, Any]) -> ChatRef:
    kind = ChatKind.PRIVATE if chat["type"] == "private" else ChatKind.GROUP
    return ChatRef(Platform.TELEGRAM, str(chat["id"]), kind, _chat_name(chat))


def _sender(user: dict[str, Any] | None, sender_chat: dict[str, Any] | None) -> SenderRef:
    if sender_chat is not None:
        return SenderRef(str(sender_chat["id"]), _chat_name(sender_chat) or "")
    if user is None:
        return SenderRef("")
    return SenderRef(str(user["id"]), _full_name(user), user.get("language_code"))  # type: ignore[arg-type]
