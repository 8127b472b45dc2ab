"""The quick reading of common Telegram updates gives exactly what PTB's reading gives.

The updates are shaped as Telegram sends them (Bot API 7/8 field names): texts in private
chats, groups and supergroups, mentions and commands with the bot's name, photos with and
without captions and in albums, replies, topics, anonymous admins, button clicks (on an
accessible and an inaccessible message, with good and forged data) and the kinds the quick
reading leaves to PTB (edits, forwards, stickers, documents, voice, locations, members
joining, a group upgraded to a supergroup, channel posts). Each must come out the same both
ways; then every field of the common ones is broken in turn, and the two readings must
still agree (the same message, or the same refusal).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from bot.adapters.telegram_adapter import (
    MalformedUpdate,
    inbound_from_parsed,
    inbound_from_update,
    parse_update,
)
from bot.adapters.telegram_quick_read import NotCommon, read_common

BOT = "HuadaSupplierBot"
RECEIVED = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
DATE = 1764000000

USER = {"id": 5512345678, "is_bot": False, "first_name": "王", "last_name": "工", "username": "wanggong",
        "language_code": "zh-hans"}
EN_USER = {"id": 6612345678, "is_bot": False, "first_name": "Anna", "language_code": "en", "is_premium": True}
NO_NAME = {"id": 7712345678, "is_bot": False, "first_name": ""}
BOT_USER = {"id": 7000000001, "is_bot": True, "first_name": "华达供应商助手", "username": BOT}
ANONYMOUS = {"id": 1087968824, "is_bot": True, "first_name": "Group", "username": "GroupAnonymousBot"}
PRIVATE = {"id": 5512345678, "first_name": "王", "last_name": "工", "username": "wanggong", "type": "private"}
GROUP = {"id": -4012345678, "title": "华达 外协", "type": "group", "all_members_are_administrators": True}
SUPERGROUP = {"id": -1001234567890, "title": "华达精密 外协群", "type": "supergroup"}
FORUM = {"id": -1009876543210, "title": "华达 二厂", "type": "supergroup", "is_forum": True}
UNTITLED = {"id": -1005550001111, "title": "", "type": "supergroup"}
CHANNEL = {"id": -1002223334445, "title": "华达 公告", "type": "channel"}
SIZES = [
    {"file_id": "AgACAgUAAxkBAAIBQ2Vsmall", "file_unique_id": "AQADsmall", "file_size": 1523, "width": 90, "height": 67},
    {"file_id": "AgACAgUAAxkBAAIBQ2Vmid", "file_unique_id": "AQADmid", "file_size": 21803, "width": 320, "height": 240},
    {"file_id": "AgACAgUAAxkBAAIBQ2Vlarge", "file_unique_id": "AQADlarge", "file_size": 98211, "width": 1280,
     "height": 960},
]
KEYBOARD = {"inline_keyboard": [[{"text": "确认", "callback_data": "x:ack:17"},
                                 {"text": "已解决", "callback_data": "x:resolve:17"}]]}


def message(update_id: int, **fields: Any) -> dict[str, Any]:
    body = {"message_id": update_id % 10_000, "from": USER, "chat": SUPERGROUP, "date": DATE, **fields}
    return {"update_id": update_id, "message": {k: v for k, v in body.items() if v is not None}}


def click(update_id: int, data: str | None, on: dict[str, Any]) -> dict[str, Any]:
    query = {"id": f"4382{update_id}", "from": USER, "chat_instance": "-5123412341234", "message": on}
    if data is not None:
        query["data"] = data
    return {"update_id": update_id, "callback_query": query}


BOT_QUESTION = {"message_id": 812, "from": BOT_USER, "chat": SUPERGROUP, "date": DATE - 60, "edit_date": DATE - 30,
                "text": "哪个订单？1. PO-1001 2. PO-1002", "reply_markup": KEYBOARD}

COMMON: dict[str, dict[str, Any]] = {
    "private text": message(1, chat=PRIVATE, text="PO-1001 完成60%"),
    "group text": message(2, chat=GROUP, text="PO-1002 今天发了50件"),
    "supergroup text": message(3, text="PO-1003 热处理要晚两天 设备坏了"),
    "english sender": message(4, **{"from": EN_USER}, text="PO-1001 60% done"),
    "sender without a name": message(5, **{"from": NO_NAME}, text="PO-1001 完成10%"),
    "untitled chat": message(6, chat=UNTITLED, text="PO-1001 完成10%"),
    "mention of the bot": message(7, text=f"@{BOT} PO-1001 完成80%",
                                  entities=[{"offset": 0, "length": len(BOT) + 1, "type": "mention"}]),
    "mention after an emoji": message(8, text=f"👍 @{BOT} 完成了",
                                      entities=[{"offset": 3, "length": len(BOT) + 1, "type": "mention"}]),
    "command with the bot's name": message(9, text=f"/status@{BOT} PO-1001",
                                           entities=[{"offset": 0, "length": len(BOT) + 8, "type": "bot_command"}]),
    "command in private": message(10, chat=PRIVATE, text="/start",
                                  entities=[{"offset": 0, "length": 6, "type": "bot_command"}]),
    "someone else's mention": message(11, text="@lisi PO-1001 完成50%",
                                      entities=[{"offset": 0, "length": 5, "type": "mention"}]),
    "a link": message(12, text="图纸 https://example.com/a.pdf",
                      entities=[{"offset": 3, "length": 25, "type": "url"},
                                {"offset": 0, "length": 2, "type": "text_link", "url": "https://example.com"}]),
    "photo with a caption": message(13, photo=SIZES, caption="PO-1001 终检照片"),
    "photo without a caption": message(14, photo=SIZES),
    "photo in an album": message(15, photo=SIZES[:2], caption="PO-1002 包装", media_group_id="13912345678901234"),
    "photo with a mention in its caption": message(
        16, photo=SIZES, caption=f"@{BOT} PO-1001 毛刺",
        caption_entities=[{"offset": 0, "length": len(BOT) + 1, "type": "mention"}]),
    "photo sizes without file sizes": message(17, photo=[{k: v for k, v in size.items() if k != "file_size"}
                                                         for size in SIZES]),
    "reply to the bot's question": message(18, text="2", reply_to_message=BOT_QUESTION),
    "reply to a reply": message(19, text="好的", reply_to_message={
        "message_id": 813, "from": USER, "chat": SUPERGROUP, "date": DATE - 10, "text": "1",
        "reply_to_message": BOT_QUESTION}),
    "topic message": message(20, chat=FORUM, text="PO-1004 完成30%", message_thread_id=45, is_topic_message=True),
    "anonymous admin": message(21, **{"from": ANONYMOUS}, sender_chat=SUPERGROUP, text="PO-1001 加急",
                               author_signature="采购部"),
    "protected content": message(22, text="PO-1001 完成70%", has_protected_content=True),
    "empty text": message(23, text=""),
    "click on a question": click(24, "c:31:2", BOT_QUESTION),
    "click on an old message": click(25, "x:ack:17", {"message_id": 700, "chat": SUPERGROUP, "date": 0}),
    "forged event click": click(26, "event:chat_moved:1:2", BOT_QUESTION),
    "click without data": click(27, None, BOT_QUESTION),
    "click in private": click(28, "p:55:done", {**BOT_QUESTION, "chat": PRIVATE}),
}

LEFT_TO_PTB: dict[str, dict[str, Any]] = {
    "edited message": {"update_id": 101, "edited_message": {**message(101, text="PO-1001 完成65%")["message"],
                                                           "edit_date": DATE + 30}},
    "forwarded (origin)": message(102, text="PO-1001 完成60%", forward_origin={
        "type": "user", "sender_user": EN_USER, "date": DATE - 3600}),
    "forwarded (old fields)": message(103, text="PO-1001 完成60%", forward_from=EN_USER, forward_date=DATE - 3600),
    "forwarded from a channel": message(104, text="通知", forward_origin={
        "type": "channel", "chat": CHANNEL, "message_id": 9, "date": DATE - 60}, is_automatic_forward=True),
    "sticker": message(105, sticker={"file_id": "CAACAgIAAxkBAAIBsticker", "file_unique_id": "AgADsticker",
                                     "type": "regular", "width": 512, "height": 512, "is_animated": False,
                                     "is_video": False, "emoji": "👍", "set_name": "HotCherry", "file_size": 24000}),
    "pdf document": message(106, caption="PO-1001 检验报告", document={
        "file_id": "BQACAgUAAxkBAAIBpdf", "file_unique_id": "AgADpdf", "file_name": "检验报告.pdf",
        "mime_type": "application/pdf", "file_size": 523001}),
    "image sent as a file": message(107, document={
        "file_id": "BQACAgUAAxkBAAIBpng", "file_unique_id": "AgADpng", "file_name": "IMG_0001.png",
        "mime_type": "image/png", "file_size": 1523001}),
    "gif": message(108, animation={"file_id": "CgACAgQ", "file_unique_id": "AgADgif", "width": 320, "height": 240,
                                   "duration": 3}, document={"file_id": "CgACAgQ", "file_unique_id": "AgADgif",
                                                             "mime_type": "video/mp4"}),
    "voice": message(109, voice={"file_id": "AwACAgUAAxkBvoice", "file_unique_id": "AgADvoice", "duration": 4,
                                 "mime_type": "audio/ogg", "file_size": 9000}),
    "location": message(110, location={"latitude": 22.543, "longitude": 114.057}),
    "member joined": message(111, new_chat_members=[EN_USER], new_chat_member=EN_USER, new_chat_participant=EN_USER),
    "group upgraded (old chat)": message(112, chat=GROUP, migrate_to_chat_id=-1001234567890),
    "group upgraded (new chat)": message(113, migrate_from_chat_id=-4012345678),
    "channel post": {"update_id": 114, "channel_post": {"message_id": 9, "sender_chat": CHANNEL, "chat": CHANNEL,
                                                         "date": DATE, "text": "通知"}},
    "photo with a spoiler": message(115, photo=SIZES, caption="PO-1001", has_media_spoiler=True),
    "link preview options": message(116, text="https://example.com", link_preview_options={"is_disabled": True}),
    "mention of a user by id": message(117, text="王工 看一下", entities=[
        {"offset": 0, "length": 2, "type": "text_mention", "user": USER}]),
    "reply to a sticker": message(118, text="?", reply_to_message={
        "message_id": 5, "from": USER, "chat": SUPERGROUP, "date": DATE - 5,
        "sticker": {"file_id": "CAAC", "file_unique_id": "AgAD", "type": "regular", "width": 512, "height": 512,
                    "is_animated": False, "is_video": False}}),
    "my_chat_member": {"update_id": 119, "my_chat_member": {
        "chat": SUPERGROUP, "from": USER, "date": DATE,
        "old_chat_member": {"user": BOT_USER, "status": "left"},
        "new_chat_member": {"user": BOT_USER, "status": "member"}}},
}


def both_ways(data: dict[str, Any]) -> tuple[Any, Any]:
    """(the adapter's reading, PTB's reading): each a message, None, or the refusal's type."""
    def outcome(read: Any) -> Any:
        try:
            return read()
        except Exception as exc:
            return type(exc)
    quick = outcome(lambda: inbound_from_update(copy.deepcopy(data), BOT, received_at=RECEIVED))
    slow = outcome(lambda: inbound_from_parsed(parse_update(copy.deepcopy(data)), BOT, received_at=RECEIVED))
    return quick, slow


@pytest.mark.parametrize("name", sorted(COMMON))
def test_a_common_update_is_read_quickly_and_exactly_as_ptb_reads_it(name: str) -> None:
    data = COMMON[name]
    read_common(copy.deepcopy(data), BOT, received_at=RECEIVED)  # quick: no NotCommon
    quick, slow = both_ways(data)
    assert quick == slow


def test_the_common_updates_carry_what_the_handlers_read() -> None:
    """The comparison is worth something: texts, photos, clicks and names came through."""
    read = {name: inbound_from_update(data, BOT, received_at=RECEIVED) for name, data in COMMON.items()}
    assert read["mention of the bot"] is not None and read["mention of the bot"].text == "PO-1001 完成80%"
    assert read["mention of the bot"].mentioned_bot
    assert read["mention after an emoji"] is not None and read["mention after an emoji"].text == "👍 完成了"
    photo = read["photo with a caption"]
    assert photo is not None and photo.photos[0].file_id == "AgACAgUAAxkBAAIBQ2Vlarge"
    assert read["reply to the bot's question"] is not None
    assert read["reply to the bot's question"].reply_to_external_id == "812"
    assert read["click on a question"] is not None and read["click on a question"].button_payload == "c:31:2"
    assert read["forged event click"] is None and read["empty text"] is None
    assert read["anonymous admin"] is not None and read["anonymous admin"].sender.user_id == str(SUPERGROUP["id"])
    assert read["english sender"] is not None and read["english sender"].sender.language == "en"


@pytest.mark.parametrize("name", sorted(LEFT_TO_PTB))
def test_other_updates_are_left_to_ptb_and_read_the_same(name: str) -> None:
    data = LEFT_TO_PTB[name]
    with pytest.raises(NotCommon):
        read_common(copy.deepcopy(data), BOT, received_at=RECEIVED)
    quick, slow = both_ways(data)
    assert quick == slow


ODD_VALUES: tuple[Any, ...] = (None, True, 0, -7, 1.5, "", "x", [], {}, [1], {"a": 1})


def broken_copies(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every field of `data` missing, and replaced by each odd value, one at a time."""
    if isinstance(data, dict):
        items: list[tuple[Any, Any]] = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    else:
        return
    for key, value in items:
        if isinstance(data, dict):
            without = dict(data)
            del without[key]
            yield (*path, key, "missing"), without
        for odd in ODD_VALUES:
            changed = copy.copy(data)
            changed[key] = odd
            yield (*path, key, repr(odd)), changed
        for where, inner in broken_copies(value, (*path, key)):
            changed = copy.copy(data)
            changed[key] = inner
            yield where, changed


@pytest.mark.parametrize("name", ["supergroup text", "photo with a caption", "reply to the bot's question",
                                  "click on a question", "mention of the bot", "anonymous admin"])
def test_a_common_update_broken_anywhere_is_still_read_as_ptb_reads_it(name: str) -> None:
    """Whatever is missing or of the wrong type, the quick reading either agrees with PTB's or
    leaves the update to it: the same message, None, or the same refusal."""
    checked = 0
    for where, data in broken_copies(COMMON[name]):
        quick, slow = both_ways(data)
        assert quick == slow, where
        checked += 1
    assert checked > 100


def test_malformed_updates_are_still_refused() -> None:
    for data in ({"update_id": "1", "message": {}}, {"message": {"text": "x"}},
                 {"update_id": 1, "message": {"message_id": 1, "text": "PO-1001"}}):
        with pytest.raises(MalformedUpdate):
            inbound_from_update(data, BOT, received_at=RECEIVED)
