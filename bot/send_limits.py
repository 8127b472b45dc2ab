"""Each platform's sending limits, as buckets for `storage.rate_limits.reserve`."""

from __future__ import annotations

from datetime import timedelta

from bot.ports import ChatKind, Platform
from storage.rate_limits import Limit

SECOND = timedelta(seconds=1)
MINUTE = timedelta(minutes=1)


def limits_for(platform: str, chat_id: str, chat_kind: str, *, wecom_bot_per_minute: int = 20) -> list[Limit]:
    """The buckets one message to `chat_id` counts against."""
    if platform == Platform.TELEGRAM:
        limits = [Limit("telegram:all", 30, SECOND), Limit(f"telegram:chat:{chat_id}", 1, SECOND)]
        if chat_id.startswith("-") or chat_kind == ChatKind.GROUP:
            limits.append(Limit(f"telegram:group:{chat_id}", 20, MINUTE))
        return limits
    if platform == Platform.WECOM:
        if chat_kind == ChatKind.PRIVATE:
            return [Limit(f"wecom:user:{chat_id}", 30, MINUTE)]
        return [Limit(f"wecom:appchat:{chat_id}", 20, MINUTE)]
    if platform == Platform.WECOM_ROBOT:
        return [Limit(f"wecom_robot:{chat_id}", 20, MINUTE)]
    if platform == Platform.WECOM_BOT:
        return [Limit(f"wecom_bot:{chat_id}", wecom_bot_per_minute, MINUTE)]
    if platform == Platform.FEISHU:
        # im/v1/messages: 5 QPS to one user, 5 QPS to one group shared by the bots in it
        # (docs/platforms/feishu.md); an app-wide 50 per second stays far above our traffic.
        return [Limit(f"feishu:chat:{chat_id}", 5, SECOND)]
    return []
