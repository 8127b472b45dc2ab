"""Inbound messages as JSON-ready dicts, for the inbox column (a `Reply` carries its own: `Reply.to_dict`)."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Any

from bot.ports import (
    ChatKind,
    ChatRef,
    ContentKind,
    InboundMessage,
    MediaRef,
    Platform,
    SenderRef,
)


def _media_to_dict(media: MediaRef) -> dict[str, Any]:
    out: dict[str, Any] = {
        "file_id": media.file_id, "kind": media.kind, "size": media.size, "width": media.width,
        "height": media.height, "mime_type": media.mime_type,
    }
    if media.file_name is not None:
        out["file_name"] = media.file_name
    if media.data is not None:
        out["data_b64"] = base64.b64encode(media.data).decode()
    return out


def _media_from_dict(data: dict[str, Any]) -> MediaRef:
    raw = data.get("data_b64")
    return MediaRef(
        file_id=data["file_id"], kind=data.get("kind", "photo"), size=data.get("size"), width=data.get("width"),
        height=data.get("height"), mime_type=data.get("mime_type"),
        data=base64.b64decode(raw) if raw else None, file_name=data.get("file_name"),
    )


def message_to_dict(message: InboundMessage) -> dict[str, Any]:
    return {
        "platform": message.platform.value,
        "external_id": message.external_id,
        "chat": message.chat.to_dict(),
        "sender": {"user_id": message.sender.user_id, "display_name": message.sender.display_name,
                   "language": message.sender.language},
        "sent_at": message.sent_at.isoformat(),
        "text": message.text,
        "photos": [_media_to_dict(p) for p in message.photos],
        "button_payload": message.button_payload,
        "album_id": message.album_id,
        "reply_to_external_id": message.reply_to_external_id,
        "mentioned_bot": message.mentioned_bot,
        "content_kind": message.content_kind.value,
        "attachments": [_media_to_dict(a) for a in message.attachments],
        "clicked_message": message.clicked_message,
    }


# An enum's member by its value without the enum's call (~2,500 instructions each, three a message): the
# processing batch decodes every message it takes; a value not here goes to the call, which raises as before.
_PLATFORMS = {member.value: member for member in Platform}
_CHAT_KINDS = {member.value: member for member in ChatKind}
_CONTENT_KINDS = {member.value: member for member in ContentKind}


def _chat_from_dict(data: dict[str, Any]) -> ChatRef:
    """`ChatRef.from_dict`, its enums looked up (`_PLATFORMS`)."""
    platform, kind = data["platform"], data.get("kind", "group")
    return ChatRef(_PLATFORMS.get(platform) or Platform(platform), data["chat_id"],
                   _CHAT_KINDS.get(kind) or ChatKind(kind), data.get("title"))


def message_from_dict(data: dict[str, Any]) -> InboundMessage:
    sender = data["sender"]
    platform, content_kind = data["platform"], data.get("content_kind", ContentKind.TEXT.value)
    photos, attachments = data.get("photos", []), data.get("attachments", [])
    return InboundMessage(
        platform=_PLATFORMS.get(platform) or Platform(platform),
        external_id=data["external_id"],
        chat=_chat_from_dict(data["chat"]),
        sender=SenderRef(sender["user_id"], sender.get("display_name", ""), sender.get("language")),
        sent_at=datetime.fromisoformat(data["sent_at"]),
        text=data.get("text", ""),
        photos=tuple(_media_from_dict(p) for p in photos) if photos else (),
        button_payload=data.get("button_payload"),
        album_id=data.get("album_id"),
        reply_to_external_id=data.get("reply_to_external_id"),
        mentioned_bot=bool(data.get("mentioned_bot")),
        content_kind=_CONTENT_KINDS.get(content_kind) or ContentKind(content_kind),
        attachments=tuple(_media_from_dict(a) for a in attachments) if attachments else (),
        clicked_message=data.get("clicked_message"),
    )
