"""The chat platforms this service speaks, one line each.

Adding a platform: its adapter (`bot/adapters/<name>_adapter.py`), its platform module
(`bot/platforms/<name>.py`, ending in a `PlatformSpec`), and one line here. The app wires
every enabled platform from this list; the sending limits, `doctor` and the CLI read it too.
"""

from __future__ import annotations

from bot.platforms.dingtalk import DINGTALK
from bot.platforms.feishu import FEISHU
from bot.platforms.spec import PlatformSpec
from bot.platforms.telegram import TELEGRAM
from bot.platforms.wecom import WECOM
from bot.platforms.wecom_bot import WECOM_BOT
from bot.ports import Platform

PLATFORMS: tuple[PlatformSpec, ...] = (
    TELEGRAM,
    WECOM,
    WECOM_BOT,
    DINGTALK,
    FEISHU,
)


def sending(platform: str) -> PlatformSpec | None:
    """The platform whose channel sends to `platform` (the WeCom app also sends as group robots)."""
    return next((spec for spec in PLATFORMS if platform in spec.sends), None)


def setup_hint() -> str:
    """What to set to turn on any one platform, for doctor's and `serve`'s "none configured" line;
    from the registry, so a new platform is named without touching either."""
    return "set one of: " + "; ".join(
        f"{spec.name}: {spec.settings_hint}" if spec.settings_hint else spec.name for spec in PLATFORMS
    )


def heard() -> list[Platform]:
    """Every platform people talk to the bot on, in registry order."""
    return [platform for spec in PLATFORMS for platform in spec.hears]
