"""Wires Feishu / Lark into a running service (the channel and this replica's own long
connection), its sending limits, and its credentials check for `doctor`.

The adapter is imported inside the functions on purpose: `lark_oapi` loads every generated
API module and takes seconds to import, which no command should pay unless Feishu is on.
"""

from __future__ import annotations

import aiohttp
from aiohttp import web

from bot.checks import Check, short_error
from bot.platforms.spec import SECOND, PlatformSpec, Rates
from bot.ports import Platform
from bot.runtime import Runtime
from bot.services import Services
from bot.settings import Settings
from storage.rate_limits import Limit


def configure_feishu(app: web.Application, settings: Settings, services: Services, runtime: Runtime) -> None:
    from bot.adapters.feishu_adapter import FeishuChannel, FeishuInbound, FeishuLink, domain_url

    domain = domain_url(settings.feishu_domain)
    secret = settings.feishu_app_secret.get_secret_value()
    channel = FeishuChannel(settings.feishu_app_id, secret, domain, max_download_bytes=settings.photo_max_bytes,
                            timeout=settings.wecom_download_timeout_seconds)
    inbound = FeishuInbound(runtime.pipeline, channel, clock=services.clock)
    link = FeishuLink(settings.feishu_app_id, secret, domain, inbound.on_event)
    services.channels[Platform.FEISHU] = channel
    runtime.startup_hooks.append(channel.start)
    runtime.shutdown_hooks.append(channel.stop)

    runtime.background.append(link.run)
    runtime.notices.append(
        f"Feishu/Lark: on (long connection to {domain}, app {settings.feishu_app_id}; every replica connects, "
        "Feishu gives each event to one of them)")


async def check_feishu(settings: Settings, *, limit_seconds: float = 10.0) -> list[Check]:
    """The app's credentials: a tenant_access_token, then the bot's own info (the bot capability
    is on and the app is published), then the long-connection endpoint."""
    from bot.adapters.feishu_adapter import domain_url

    secret = settings.feishu_app_secret.get_secret_value()
    if not settings.feishu_app_id or not secret:
        return [Check("fail", "Feishu", "incomplete: SUPPLIERBOT_FEISHU_APP_ID and _APP_SECRET are both needed",
                      "copy App ID and App Secret from the developer console: 凭证与基础信息 / Credentials")]
    base = domain_url(settings.feishu_domain)
    fix_credentials = "copy App ID and App Secret again from 凭证与基础信息 / Credentials & Basic Info"
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=limit_seconds)) as http:
            async with http.post(base + "/open-apis/auth/v3/tenant_access_token/internal",
                                 json={"app_id": settings.feishu_app_id, "app_secret": secret}) as resp:
                token_answer = await resp.json(content_type=None)
            token = token_answer.get("tenant_access_token") if isinstance(token_answer, dict) else None
            if not token:
                code = token_answer.get("code") if isinstance(token_answer, dict) else None
                msg = str(token_answer.get("msg", ""))[:120] if isinstance(token_answer, dict) else ""
                return [Check("fail", "Feishu", f"tenant_access_token refused: code {code} {msg}", fix_credentials)]
            async with http.get(base + "/open-apis/bot/v3/info",
                                headers={"Authorization": f"Bearer {token}"}) as resp:
                info = await resp.json(content_type=None)
            async with http.post(base + "/callback/ws/endpoint",
                                 json={"AppID": settings.feishu_app_id, "AppSecret": secret}) as resp:
                endpoint = await resp.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        return [Check("fail", "Feishu", f"{base} cannot be reached: {short_error(exc, secrets=(secret,))}",
                      "allow outbound HTTPS to open.feishu.cn (Lark: open.larksuite.com), or fix "
                      "SUPPLIERBOT_FEISHU_DOMAIN")]
    found = []
    bot = info.get("bot") if isinstance(info, dict) else None
    if isinstance(info, dict) and info.get("code") == 0 and isinstance(bot, dict):
        found.append(Check("ok", "Feishu", f"token issued; bot {bot.get('app_name', '')} ({bot.get('open_id', '')})"))
    else:
        found.append(Check("fail", "Feishu", f"bot info refused: {str(info)[:160]}",
                           "turn on the Bot capability (添加应用能力 → 机器人) and publish a version of the app"))
    if isinstance(endpoint, dict) and endpoint.get("code") == 0:
        found.append(Check("ok", "Feishu long connection", "endpoint issued"))
    else:
        found.append(Check("fail", "Feishu long connection", f"endpoint refused: {str(endpoint)[:160]}",
                           "事件与回调 → 订阅方式: 使用长连接接收事件 (the app must be a self-built app)"))
    return found


def feishu_limits(platform: str, chat_id: str, chat_kind: str, rates: Rates) -> list[Limit]:
    """im/v1/messages: 5 QPS to one user, 5 QPS to one group shared by the bots in it
    (docs/platforms/feishu.md); the app-wide 50 per second is far above our traffic."""
    return [Limit(f"feishu:chat:{chat_id}", 5, SECOND)]


FEISHU = PlatformSpec(
    name="Feishu/Lark",
    hears=(Platform.FEISHU,),
    sends=(Platform.FEISHU,),
    enabled=lambda settings: settings.feishu_enabled,
    configure=configure_feishu,
    limits=feishu_limits,
    check=lambda settings, limit_seconds: check_feishu(settings, limit_seconds=limit_seconds),
    checked=lambda settings: settings.feishu_enabled or bool(settings.feishu_app_id),
    settings_hint="SUPPLIERBOT_FEISHU_APP_ID, _APP_SECRET",
)
