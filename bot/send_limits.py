"""Each platform's sending limits, as buckets for `storage.rate_limits.reserve`: the
platform's own module says them (`bot.platforms`), this asks the one that sends."""

from __future__ import annotations

from bot.platforms import sending
from bot.platforms.spec import Rates
from storage.rate_limits import Limit


def limits_for(platform: str, chat_id: str, chat_kind: str, *, wecom_bot_per_minute: int = 20) -> list[Limit]:
    """The buckets one message to `chat_id` counts against (none for a platform nobody limits, the simulator)."""
    spec = sending(platform)
    if spec is None:
        return []
    return spec.limits(platform, chat_id, chat_kind, Rates(wecom_bot_per_minute=wecom_bot_per_minute))
