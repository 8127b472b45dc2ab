"""A message stored in the inbox comes back as it went in, every enum by its value (bot/codec.py looks members up
in tables of its own rather than calling the enum), and a value no member has is refused as the enum refuses it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.codec import message_from_dict, message_to_dict
from bot.ports import ChatKind, ChatRef, ContentKind, InboundMessage, MediaRef, Platform, SenderRef


def _messages() -> list[InboundMessage]:
    out = []
    for platform in Platform:
        for kind in ChatKind:
            for content in ContentKind:
                chat = ChatRef(platform, f"c-{platform.value}", kind, None if kind is ChatKind.PRIVATE else "群")
                out.append(InboundMessage(
                    platform=platform, external_id=f"{platform.value}-{kind.value}-{content.value}", chat=chat,
                    sender=SenderRef("u1", "王工", "zh"), sent_at=datetime(2026, 12, 7, 9, 30, tzinfo=UTC),
                    text="PO-1001 完成50%", content_kind=content))
    photo = MediaRef("f1", kind="photo", size=400_000, width=1200, height=900, mime_type="image/jpeg")
    document = MediaRef("d1", kind="document", size=12, mime_type="application/pdf", data=b"%PDF-1.4",
                        file_name="图纸.pdf")
    out.append(InboundMessage(
        platform=Platform.TELEGRAM, external_id="9", chat=ChatRef(Platform.TELEGRAM, "-100", ChatKind.GROUP, "外协群"),
        sender=SenderRef("42", "", None), sent_at=datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=timezone(timedelta(hours=8))),
        text="", photos=(photo, photo), button_payload="p:1:2", album_id="a1", reply_to_external_id="77",
        mentioned_bot=True, content_kind=ContentKind.FILE, attachments=(document,), clicked_message="55"))
    return out


@pytest.mark.parametrize("message", _messages(), ids=lambda m: m.external_id)
def test_a_message_comes_back_as_it_went_in(message: InboundMessage) -> None:
    again = message_from_dict(message_to_dict(message))
    assert again == message
    assert type(again.platform) is Platform and type(again.chat.platform) is Platform
    assert type(again.chat.kind) is ChatKind and type(again.content_kind) is ContentKind
    assert again.chat == ChatRef.from_dict(message_to_dict(message)["chat"])


def test_defaults_of_an_older_row_are_the_enums_own() -> None:
    data = message_to_dict(_messages()[0])
    for name in ("content_kind", "photos", "attachments"):
        del data[name]
    del data["chat"]["kind"]
    message = message_from_dict(data)
    assert message.content_kind is ContentKind.TEXT and message.chat.kind is ChatKind.GROUP
    assert message.photos == () and message.attachments == ()


@pytest.mark.parametrize("where", ["platform", "chat.platform", "chat.kind", "content_kind"])
def test_a_value_no_member_has_is_refused(where: str) -> None:
    data = message_to_dict(_messages()[0])
    if where.startswith("chat."):
        data["chat"][where.removeprefix("chat.")] = "carrier-pigeon"
    else:
        data[where] = "carrier-pigeon"
    with pytest.raises(ValueError, match="carrier-pigeon"):
        message_from_dict(data)
