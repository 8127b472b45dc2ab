"""Wires the WeCom AI bot into a running service: the channel, and either the long
connection (held by one replica through a database lease) or the webhook routes; its
sending limits."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from aiohttp import web

from bot.adapters.wecom_bot_adapter import (
    BotLink,
    WeComBotCallback,
    WeComBotChannel,
    WeComBotConnectionHolder,
    WeComBotInbound,
    wecom_bot_webhook_handlers,
)
from bot.leases import LeaseKeeper
from bot.platforms.spec import MINUTE, PlatformSpec, Rates
from bot.ports import Platform
from bot.runtime import Runtime, unless_draining
from bot.services import Services
from bot.settings import Settings
from storage.rate_limits import Limit

WEBHOOK_PATH = "/webhooks/wecom-bot"
LEASE_TTL = timedelta(seconds=20)
RENEW_EVERY = 10.0
STANDBY_POLL = 5.0  # a dead holder is replaced within LEASE_TTL + STANDBY_POLL (+ connecting)
WEBHOOK_MEDIA_TIMEOUT = 4.0  # media is fetched before answering; WeCom waits five seconds


def replica_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def configure_wecom_bot(app: web.Application, settings: Settings, services: Services, runtime: Runtime) -> None:
    webhook = settings.wecom_bot_mode == "webhook"
    aes_key = settings.wecom_bot_aes_key.get_secret_value()
    channel = WeComBotChannel(
        mode="webhook" if webhook else "long_connection",
        media_key=aes_key or None,
        clock=services.clock,
        timeout=WEBHOOK_MEDIA_TIMEOUT if webhook else 10.0,
        max_download_bytes=settings.photo_max_bytes,
        download_timeout=min(WEBHOOK_MEDIA_TIMEOUT, settings.wecom_download_timeout_seconds) if webhook
        else settings.wecom_download_timeout_seconds,
    )
    inbound = WeComBotInbound(runtime.pipeline, channel, clock=services.clock, bot_name=settings.wecom_bot_name)
    services.channels[Platform.WECOM_BOT] = channel
    runtime.startup_hooks.append(channel.start)
    runtime.shutdown_hooks.append(channel.stop)

    if webhook:
        callback = WeComBotCallback(settings.wecom_bot_token.get_secret_value(), aes_key)
        get_handler, post_handler = wecom_bot_webhook_handlers(callback, inbound, services.clock)
        app.router.add_get(WEBHOOK_PATH, unless_draining(runtime, get_handler))
        app.router.add_post(WEBHOOK_PATH, unless_draining(runtime, post_handler))
        runtime.notices.append(f"WeCom AI bot: on (webhook at {WEBHOOK_PATH}; replies through response_url)")
        return

    bot_id, secret = settings.wecom_bot_id, settings.wecom_bot_secret.get_secret_value()
    if settings.wecom_bot_ca_file:
        _trust_ca_file(settings.wecom_bot_ca_file)
    lease = LeaseKeeper(services.database, f"wecom_bot:{bot_id}", replica_id(), LEASE_TTL, services.clock)
    holder = WeComBotConnectionHolder(
        lease, lambda: BotLink(bot_id, secret, settings.wecom_bot_ws_url, inbound.on_frame),
        renew_every=RENEW_EVERY, standby_poll=STANDBY_POLL,
    )
    channel.holder = holder
    runtime.background.append(holder.run)
    runtime.notices.append(
        f"WeCom AI bot: on (long connection to {settings.wecom_bot_ws_url}; one replica holds it, owner {lease.owner})"
    )


def _trust_ca_file(path: str) -> None:
    """The SDK builds its TLS context once from certifi's bundle and offers no parameter; a plant
    whose proxy re-signs TLS needs its own CA, so the context is replaced here."""
    import ssl

    import aibot.ws

    aibot.ws._SSL_CONTEXT = ssl.create_default_context(cafile=path)


def wecom_bot_limits(platform: str, chat_id: str, chat_kind: str, rates: Rates) -> list[Limit]:
    """WeCom publishes no rate for the AI bot: the operator's per-chat rate."""
    return [Limit(f"wecom_bot:{chat_id}", rates.wecom_bot_per_minute, MINUTE)]


WECOM_BOT = PlatformSpec(
    name="WeCom AI bot",
    hears=(Platform.WECOM_BOT,),
    sends=(Platform.WECOM_BOT,),
    enabled=lambda settings: settings.wecom_bot_enabled,
    configure=configure_wecom_bot,
    limits=wecom_bot_limits,
    settings_hint="SUPPLIERBOT_WECOM_BOT_ID, _SECRET (or _TOKEN, _AES_KEY in webhook mode)",
)
