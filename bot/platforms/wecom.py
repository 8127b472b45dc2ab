"""Wires the WeCom app into a running service: callback routes, the sending channel (the app
and group robots), their sending limits and `doctor`'s checks."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from bot.adapters.wecom_adapter import WeComCallback, WeComChannel, wecom_webhook_handlers
from bot.checks import Check, short_error
from bot.platforms.spec import MINUTE, PlatformSpec, Rates
from bot.ports import ChatKind, Platform
from bot.runtime import Runtime, unless_draining
from bot.services import Services
from bot.settings import Settings
from storage.rate_limits import Limit


def configure_wecom(app: web.Application, settings: Settings, services: Services, runtime: Runtime) -> None:
    callback = WeComCallback(
        settings.wecom_token.get_secret_value(), settings.wecom_aes_key.get_secret_value(), settings.wecom_corp_id
    )
    channel = WeComChannel(
        settings.wecom_corp_id, settings.wecom_secret.get_secret_value(), settings.wecom_agent_id,
        api_base=settings.wecom_api_base, robot_url=settings.wecom_robot_base, clock=services.clock,
        max_download_bytes=settings.photo_max_bytes, timeout=settings.wecom_timeout_seconds,
        download_timeout=settings.wecom_download_timeout_seconds,
        image_loader=lambda sha256, small: runtime.photo_store.find(sha256, thumbnail=small),
    )
    services.channels[Platform.WECOM] = channel
    services.channels[Platform.WECOM_ROBOT] = channel
    get_handler, post_handler = wecom_webhook_handlers(callback, runtime.pipeline, services.clock)
    app.router.add_get("/webhooks/wecom", unless_draining(runtime, get_handler))
    app.router.add_post("/webhooks/wecom", unless_draining(runtime, post_handler))
    runtime.startup_hooks.append(channel.start)
    runtime.shutdown_hooks.append(channel.stop)
    runtime.notices.append("WeCom app: on (callbacks at /webhooks/wecom)")


def wecom_limits(platform: str, chat_id: str, chat_kind: str, rates: Rates) -> list[Limit]:
    """The app: 30 a minute to one member, 20 a minute to one appchat; a group robot: 20 a minute."""
    if platform == Platform.WECOM_ROBOT:
        return [Limit(f"wecom_robot:{chat_id}", 20, MINUTE)]
    if chat_kind == ChatKind.PRIVATE:
        return [Limit(f"wecom:user:{chat_id}", 30, MINUTE)]
    return [Limit(f"wecom:appchat:{chat_id}", 20, MINUTE)]


_WECOM_FIXES = {
    40013: "SUPPLIERBOT_WECOM_CORP_ID is wrong: copy 企业ID from 管理后台 → 我的企业",
    40001: "SUPPLIERBOT_WECOM_SECRET is wrong: copy the app's Secret from 应用管理 → (your app) → Secret",
    40091: "SUPPLIERBOT_WECOM_SECRET is wrong: copy the app's Secret from 应用管理 → (your app) → Secret",
    60020: "add this server's public IP to the app's 企业可信IP (应用管理 → (your app) → 企业可信IP)",
}


async def check_wecom(settings: Settings, *, limit_seconds: float = 10.0) -> list[Check]:
    missing = [name for name, value in (
        ("SUPPLIERBOT_WECOM_CORP_ID", settings.wecom_corp_id),
        ("SUPPLIERBOT_WECOM_SECRET", settings.wecom_secret.get_secret_value()),
        ("SUPPLIERBOT_WECOM_TOKEN", settings.wecom_token.get_secret_value()),
        ("SUPPLIERBOT_WECOM_AES_KEY", settings.wecom_aes_key.get_secret_value()),
    ) if not value]
    if settings.wecom_agent_id == 0:
        missing.append("SUPPLIERBOT_WECOM_AGENT_ID")
    found: list[Check] = []
    if missing:
        found.append(Check("fail", "WeCom", "incomplete: " + ", ".join(missing) + " not set",
                           "copy them from the WeCom admin console (应用管理 → your app, and 接收消息 → API 接收)"))
    aes_key = settings.wecom_aes_key.get_secret_value()
    if aes_key and len(aes_key) != 43:
        found.append(Check("fail", "WeCom", f"SUPPLIERBOT_WECOM_AES_KEY has {len(aes_key)} characters, not 43",
                           "copy EncodingAESKey again from 接收消息 → API 接收"))
    secret = settings.wecom_secret.get_secret_value()
    if not settings.wecom_corp_id or not secret:
        return found
    base = settings.wecom_api_base if settings.wecom_api_base.endswith("/") else settings.wecom_api_base + "/"
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=limit_seconds)) as http, \
                http.get(base + "gettoken", params={"corpid": settings.wecom_corp_id, "corpsecret": secret}) as resp:
            data = await resp.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        return [*found, Check("fail", "WeCom", f"{base} cannot be reached: {short_error(exc, secrets=(secret,))}",
                              "allow outbound HTTPS to qyapi.weixin.qq.com, or fix SUPPLIERBOT_WECOM_API_BASE")]
    errcode = data.get("errcode", -1) if isinstance(data, dict) else -1
    if errcode == 0:
        found.append(Check("ok", "WeCom", f"access token issued for corp {settings.wecom_corp_id}, "
                                          f"agent {settings.wecom_agent_id}"))
    else:
        message = str(data.get("errmsg", "")) if isinstance(data, dict) else str(data)
        found.append(Check("fail", "WeCom", f"gettoken refused: errcode {errcode} {message[:120]}",
                           _WECOM_FIXES.get(errcode, "check SUPPLIERBOT_WECOM_CORP_ID and SUPPLIERBOT_WECOM_SECRET")))
    return found


WECOM = PlatformSpec(
    name="WeCom app",
    hears=(Platform.WECOM,),
    sends=(Platform.WECOM, Platform.WECOM_ROBOT),
    enabled=lambda settings: settings.wecom_enabled,
    configure=configure_wecom,
    limits=wecom_limits,
    check=lambda settings, limit_seconds: check_wecom(settings, limit_seconds=limit_seconds),
    checked=lambda settings: settings.wecom_enabled or bool(settings.wecom_corp_id),
    settings_hint="SUPPLIERBOT_WECOM_CORP_ID, _TOKEN, _AES_KEY",
)
