"""Wires the DingTalk robot into a running service: the channel, and one Stream connection per
replica (DingTalk pushes each frame to one of the app's connections, so none needs a lease);
its sending limits and `doctor`'s checks."""

from __future__ import annotations

import aiohttp
from aiohttp import web

from bot.adapters.dingtalk_adapter import (
    TOPIC_CARD,
    TOPIC_ROBOT,
    DingTalkApi,
    DingTalkChannel,
    DingTalkInbound,
)
from bot.adapters.dingtalk_stream import StreamLink, handlers_for
from bot.checks import Check, short_error
from bot.platforms.spec import MINUTE, SECOND, PlatformSpec, Rates
from bot.ports import Platform
from bot.runtime import Runtime
from bot.services import Services
from bot.settings import Settings
from storage.rate_limits import Limit


def configure_dingtalk(app: web.Application, settings: Settings, services: Services, runtime: Runtime) -> None:
    client_id, secret = settings.dingtalk_client_id, settings.dingtalk_client_secret.get_secret_value()
    api = DingTalkApi(client_id, secret, settings.dingtalk_robot_code, base=settings.dingtalk_api_base,
                      clock=services.clock, max_download_bytes=settings.photo_max_bytes)
    channel = DingTalkChannel(api, clock=services.clock, card_template_id=settings.dingtalk_card_template_id)
    inbound = DingTalkInbound(runtime.pipeline, channel, clock=services.clock)
    link = StreamLink(client_id, secret, handlers_for(inbound), api_base=settings.dingtalk_api_base)
    services.channels[Platform.DINGTALK] = channel
    runtime.startup_hooks.append(channel.start)
    runtime.shutdown_hooks.append(channel.stop)
    runtime.background.append(link.run)
    buttons = "interactive cards" if settings.dingtalk_card_template_id else "ActionCards"
    runtime.notices.append(f"DingTalk: on (Stream mode via {settings.dingtalk_api_base}, robot "
                           f"{api.robot_code}; every replica connects; buttons as {buttons})")


def dingtalk_limits(platform: str, chat_id: str, chat_kind: str, rates: Rates) -> list[Limit]:
    """20 messages a minute per robot and chat (the robot and session-webhook rule), and the
    OpenAPI's per-app rate (40 a second per API, errcode 90018) with room to spare."""
    return [Limit(f"dingtalk:chat:{chat_id}", 20, MINUTE), Limit("dingtalk:app", 20, SECOND)]


async def check_dingtalk(settings: Settings, limit_seconds: float = 10.0) -> list[Check]:
    """The app's credentials against the OpenAPI (an access token) and the Stream gateway (a
    connection ticket, which lapses unused after 90 s)."""
    client_id, secret = settings.dingtalk_client_id, settings.dingtalk_client_secret.get_secret_value()
    if not client_id or not secret:
        missing = "SUPPLIERBOT_DINGTALK_CLIENT_SECRET" if client_id else "SUPPLIERBOT_DINGTALK_CLIENT_ID"
        return [Check("fail", "DingTalk", f"incomplete: {missing} not set",
                      "copy Client ID and Client Secret from the DingTalk developer console (应用开发 → your app → "
                      "凭证与基础信息)")]
    base = settings.dingtalk_api_base.rstrip("/")
    subscriptions = [{"type": "CALLBACK", "topic": TOPIC_ROBOT}, {"type": "CALLBACK", "topic": TOPIC_CARD}]
    calls = (("DingTalk", "/v1.0/oauth2/accessToken", {"appKey": client_id, "appSecret": secret}, "accessToken"),
             ("DingTalk Stream", "/v1.0/gateway/connections/open",
              {"clientId": client_id, "clientSecret": secret, "subscriptions": subscriptions,
               "ua": "supplierbot-doctor"}, "ticket"))
    found: list[Check] = []
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=limit_seconds)) as http:
            for name, path, body, wanted in calls:
                async with http.post(base + path, json=body) as response:
                    answer = await response.json(content_type=None)
                if isinstance(answer, dict) and answer.get(wanted):
                    found.append(Check("ok", name, "access token issued" if wanted == "accessToken"
                                       else "a Stream connection may be opened (no public URL needed)"))
                    continue
                code = answer.get("code", "") if isinstance(answer, dict) else ""
                found.append(Check("fail", name, f"{path} refused: HTTP {response.status} {code}".strip(),
                                   "check SUPPLIERBOT_DINGTALK_CLIENT_ID and _CLIENT_SECRET (the app's credentials, "
                                   "not a custom robot's webhook) and that the app is published"))
                return found
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        return [*found, Check("fail", "DingTalk", f"{base} cannot be reached: {short_error(exc, secrets=(secret,))}",
                              "allow outbound HTTPS to api.dingtalk.com and wss-open-connection.dingtalk.com "
                              "(port 443), or fix SUPPLIERBOT_DINGTALK_API_BASE")]
    return found


DINGTALK = PlatformSpec(
    name="DingTalk",
    hears=(Platform.DINGTALK,),
    sends=(Platform.DINGTALK,),
    enabled=lambda settings: settings.dingtalk_enabled,
    configure=configure_dingtalk,
    limits=dingtalk_limits,
    check=check_dingtalk,
    checked=lambda settings: bool(settings.dingtalk_client_id or settings.dingtalk_client_secret.get_secret_value()),
    settings_hint="SUPPLIERBOT_DINGTALK_CLIENT_ID, _CLIENT_SECRET",
)
