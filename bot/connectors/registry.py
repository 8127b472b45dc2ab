"""The systems SupplierBot can pull orders from, by the name used in settings and commands.

Yonyou U8 has no entry: its open API for subcontract orders (委外订单) could not be confirmed
from public documentation, so U8 orders come in through its export profile
(`supplierbot import --update`, `bot/erp_profiles.py`) rather than a guessed API.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.connectors.kingdee import KingdeeConfig, KingdeeSource
from bot.connectors.order_source import OrderSource, SourceError
from bot.settings import Settings

EXPORT_ONLY = {
    "u8": ("用友U8 没有已确认的委外订单开放接口：请导出委外订单列表，用 `supplierbot import 文件 --update` 导入",
           "Yonyou U8: no confirmed open API for subcontract orders; export the order list and run "
           "`supplierbot import FILE --update` (the U8 export profile reads it as it is)"),
}


def _kingdee(settings: Settings) -> OrderSource:
    if not settings.kingdee_enabled:
        raise SourceError("settings", "Kingdee is not set up: SUPPLIERBOT_KINGDEE_SERVER_URL, _ACCT_ID, _USER_NAME, "
                                      "_APP_ID and _APP_SECRET are needed")
    return KingdeeSource(KingdeeConfig.from_settings(settings))


SOURCES: dict[str, Callable[[Settings], OrderSource]] = {"kingdee": _kingdee}
INTERVALS: dict[str, Callable[[Settings], float]] = {"kingdee": lambda s: s.kingdee_sync_minutes}
ENABLED: dict[str, Callable[[Settings], bool]] = {"kingdee": lambda s: s.kingdee_enabled}


def build_source(system: str, settings: Settings) -> OrderSource:
    """The source named `system`, configured from the settings; SourceError when it cannot be."""
    if system in EXPORT_ONLY:
        raise SourceError("settings", " / ".join(EXPORT_ONLY[system]))
    builder = SOURCES.get(system)
    if builder is None:
        raise SourceError("settings", f"unknown system {system!r}; known: {', '.join(sorted(SOURCES))}")
    return builder(settings)


def enabled_systems(settings: Settings) -> list[str]:
    return [name for name, enabled in ENABLED.items() if enabled(settings)]
