"""The seam between the conversation logic and the chat platforms.

Adapters turn a WeCom callback or a Telegram update into an `InboundMessage` and turn
`Reply` values back into platform calls. Nothing platform-specific crosses this module:
handlers see only these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable


class Platform(StrEnum):
    TELEGRAM = "telegram"
    WECOM = "wecom"  # the self-built app: 1:1 with members, sends to appchat groups
    WECOM_BOT = "wecom_bot"  # the AI bot (智能机器人): hears @-mentions in groups
    WECOM_ROBOT = "wecom_robot"  # group robot webhook: send-only
    DINGTALK = "dingtalk"  # an enterprise internal app's robot (Stream mode): @-mentions in groups, 1:1
    FEISHU = "feishu"  # Feishu (飞书) and Lark: a self-built app's bot over the long connection
    SIMULATOR = "simulator"  # the web chat simulator of the demo


class ContentKind(StrEnum):
    """What a message carried, as far as the handlers care: text and photos are read; voice is
    read only as the platform's own transcript; a file is kept; the rest gets a polite answer."""

    TEXT = "text"  # text, photos, button clicks, events
    VOICE = "voice"  # `text` holds the platform's speech recognition, when it gave one
    FILE = "file"  # a document: see `InboundMessage.attachments`
    VIDEO = "video"
    LOCATION = "location"
    STICKER = "sticker"
    LINK = "link"
    OTHER = "other"  # contacts, polls, anything else we do not read


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class ChatRef:
    """Where a message came from or goes to: a platform and that platform's chat id."""

    platform: Platform
    chat_id: str
    kind: ChatKind = ChatKind.GROUP
    title: str | None = None

    @property
    def key(self) -> str:
        return f"{self.platform.value}:{self.chat_id}"

    def to_dict(self) -> dict[str, Any]:
        return {"platform": self.platform.value, "chat_id": self.chat_id, "kind": self.kind.value, "title": self.title}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ChatRef:
        return cls(Platform(data["platform"]), data["chat_id"], ChatKind(data.get("kind", "group")), data.get("title"))


@dataclass(frozen=True, slots=True)
class SenderRef:
    """Who wrote a message: the platform's user id and a display name."""

    user_id: str
    display_name: str = ""
    language: str | None = None  # the client's language hint (Telegram language_code), if any


@dataclass(frozen=True, slots=True)
class MediaRef:
    """A photo or file on the platform, not yet downloaded.

    `file_id` is whatever the platform needs to fetch it (Telegram file_id, WeCom media_id,
    an AI-bot URL). `data` is set when the adapter had to download at once (WeCom AI-bot
    URLs live five minutes) or when the simulator uploaded the bytes directly.
    """

    file_id: str
    kind: str = "photo"
    size: int | None = None
    width: int | None = None
    height: int | None = None
    mime_type: str | None = None
    data: bytes | None = None
    file_name: str | None = None  # as the sender named it: for display only, never a path


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """One message or button click as the handlers see it, whatever platform it came from."""

    platform: Platform
    external_id: str  # unique per platform: Telegram update_id, WeCom MsgId, ...
    chat: ChatRef
    sender: SenderRef
    sent_at: datetime  # timezone-aware
    text: str = ""
    photos: tuple[MediaRef, ...] = ()
    button_payload: str | None = None  # callback data of a pressed button
    album_id: str | None = None  # Telegram media_group_id: album items belong together
    reply_to_external_id: str | None = None  # the bot message this answers, if known
    mentioned_bot: bool = False
    content_kind: ContentKind = ContentKind.TEXT
    attachments: tuple[MediaRef, ...] = ()  # documents (PDF, drawings) to keep with an order
    clicked_message: str | None = None  # the message whose button was pressed: Telegram message_id,
    # WeCom card response_code; what `Reply.edit_of` names to show the button as used


@dataclass(frozen=True, slots=True)
class Button:
    """An inline button; `payload` comes back as `InboundMessage.button_payload` (≤ 64 bytes)."""

    label: str
    payload: str

    def __post_init__(self) -> None:
        if len(self.payload.encode()) > 64:
            raise ValueError(f"button payload over 64 bytes: {self.payload!r}")


@dataclass(frozen=True, slots=True)
class Reply:
    """Something the bot says: text, optional button rows, optional image (a stored photo hash)."""

    chat: ChatRef
    text: str
    buttons: tuple[tuple[Button, ...], ...] = ()
    image_sha256: str | None = None
    reply_to_external_id: str | None = None
    mention_user_ids: tuple[str, ...] = field(default_factory=tuple)
    mention_names: tuple[str, ...] = field(default_factory=tuple)  # shown for mention_user_ids[i] where the platform needs a name
    edit_of: str | None = None  # set: not a new message but `text` shown in place of a used button's
    # message (`InboundMessage.clicked_message`), its buttons gone

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, for the outbox: the store keeps it without reading it."""
        return {
            "chat": self.chat.to_dict(),
            "text": self.text,
            "buttons": [[{"label": b.label, "payload": b.payload} for b in row] for row in self.buttons],
            "image_sha256": self.image_sha256,
            "reply_to_external_id": self.reply_to_external_id,
            "mention_user_ids": list(self.mention_user_ids),
            "mention_names": list(self.mention_names),
            **({"edit_of": self.edit_of} if self.edit_of else {}),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reply:
        return cls(
            chat=ChatRef.from_dict(data["chat"]),
            text=data["text"],
            buttons=tuple(tuple(Button(b["label"], b["payload"]) for b in row) for row in data.get("buttons", [])),
            image_sha256=data.get("image_sha256"),
            reply_to_external_id=data.get("reply_to_external_id"),
            mention_user_ids=tuple(data.get("mention_user_ids", ())),
            mention_names=tuple(data.get("mention_names", ())),
            edit_of=data.get("edit_of"),
        )


@dataclass(frozen=True, slots=True)
class SendResult:
    """What the platform said about one send. `menu`: the button payloads shown as a numbered
    text menu instead of buttons ("回复 1 = …"), in order, so a typed number can press them."""

    platform_message_id: str | None = None
    menu: tuple[str, ...] = ()


class SendError(Exception):
    """A send failed. `retry_after` (seconds) is set when the platform asked us to wait;
    `permanent` when sending again cannot help (bad request, blocked, unknown chat);
    `moved_to` when the chat lives on under another id (a group became a supergroup)."""

    def __init__(self, message: str, *, retry_after: float | None = None, permanent: bool = False,
                 code: str | None = None, moved_to: str | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        self.permanent = permanent
        self.code = code
        self.moved_to = moved_to


@runtime_checkable
class Channel(Protocol):
    """What an adapter offers the rest of the service."""

    platform: Platform

    async def send(self, reply: Reply) -> SendResult:
        """Deliver one reply; raise `SendError` on failure."""
        ...

    async def download(self, media: MediaRef) -> bytes:
        """Fetch a photo's bytes; raise `SendError` (permanent or not) on failure."""
        ...


class StorageUnavailable(Exception):
    """The database could not take an inbound message: answer 503 so the platform re-delivers."""


class InboundSink(Protocol):
    """Where adapters hand inbound messages: the store-first pipeline.

    `accept` stores the message in the inbox (deduplicated on platform + external id) and
    commits before it returns; True when it was new, False for a re-delivery. It raises
    `StorageUnavailable` when the database cannot take it. Processing happens after.
    """

    async def accept(self, message: InboundMessage, raw: str) -> bool:
        ...
