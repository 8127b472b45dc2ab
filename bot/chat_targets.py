"""Chats the bot can only send to, named by an admin: WeCom app groups (`appchat`) and group
robots (`webhook/send?key=`).

Neither ever writes to the bot, so they cannot be bound by typing `/bind` inside them; an
admin names them from another chat or from the server's command line. A robot's key is a
secret (whoever has it can post into the group), so it is shown only masked.
"""

from __future__ import annotations

import re
from enum import StrEnum
from urllib.parse import parse_qs, urlsplit

from bot.ports import ChatKind, ChatRef, Platform

# WeCom: an appchat chatid is 0-9a-zA-Z, at most 32 characters (doc 90245); a robot key is
# the UUID-like `key` of the webhook URL (doc 91770).
_APPCHAT_ID = re.compile(r"[0-9A-Za-z]{1,32}")
_ROBOT_KEY = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{7,127}")


class TargetKind(StrEnum):
    WECOM_APPCHAT = "wecom-appchat"
    WECOM_ROBOT = "robot"


TARGET_WORDS: dict[str, TargetKind] = {
    "wecom-appchat": TargetKind.WECOM_APPCHAT, "appchat": TargetKind.WECOM_APPCHAT,
    "应用群": TargetKind.WECOM_APPCHAT,
    "robot": TargetKind.WECOM_ROBOT, "wecom-robot": TargetKind.WECOM_ROBOT, "群机器人": TargetKind.WECOM_ROBOT,
    "机器人": TargetKind.WECOM_ROBOT,
}


class TargetError(ValueError):
    """The chat id or robot key is not one WeCom could have issued."""


def robot_key(key_or_url: str) -> str:
    """The key of a group robot, given the key itself or the whole webhook URL."""
    text = key_or_url.strip().strip("<>\"'")
    if "://" in text or "key=" in text:
        keys = parse_qs(urlsplit(text).query).get("key") or []
        text = keys[0] if keys else ""
    if not _ROBOT_KEY.fullmatch(text):
        raise TargetError("not a robot key or webhook URL")
    return text


def appchat_id(chat_id: str) -> str:
    text = chat_id.strip()
    if not _APPCHAT_ID.fullmatch(text):
        raise TargetError("an appchat chatid is 1-32 letters and digits")
    return text


def target_chat(kind: TargetKind, value: str) -> ChatRef:
    """The chat a send-only target is reached at."""
    if kind is TargetKind.WECOM_ROBOT:
        key = robot_key(value)
        return ChatRef(Platform.WECOM_ROBOT, key, ChatKind.GROUP, f"robot {mask(key)}")
    chat_id = appchat_id(value)
    return ChatRef(Platform.WECOM, chat_id, ChatKind.GROUP, f"appchat {chat_id}")


def mask(secret: str) -> str:
    """Enough of a key to tell two apart, not enough to use it: `693a…5aaa`."""
    return f"{secret[:4]}…{secret[-4:]}" if len(secret) > 12 else "…"


def shown_chat_id(platform: str, chat_id: str) -> str:
    """A chat id fit for logs and chat messages: robot keys masked, anything else as is."""
    return mask(chat_id) if platform == Platform.WECOM_ROBOT.value else chat_id
