"""Wires Telegram into a running service: the webhook route (or polling), the sending
channel, the privacy-mode warning. Nothing here may stop start-up: API calls retry in
the background."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web
from telegram.request import HTTPXRequest

from bot.adapters.telegram_adapter import TelegramChannel, api_urls, telegram_webhook_handler
from bot.ports import Platform

if TYPE_CHECKING:
    import asyncio

    from bot.app import Runtime
    from bot.services import Services
    from bot.settings import Settings

log = logging.getLogger("supplierbot.telegram")
WEBHOOK_PATH = "/webhooks/telegram"


def configure_telegram(app: web.Application, settings: Settings, services: Services, runtime: Runtime) -> None:
    from bot.app import retry_in_background, unless_draining

    base_url, base_file_url = api_urls(settings.telegram_api_base)
    channel = TelegramChannel(
        settings.telegram_token.get_secret_value(),
        photo_loader=lambda sha256: _stored_photo(runtime, sha256),
        base_url=base_url,
        base_file_url=base_file_url,
        max_download_bytes=settings.photo_max_bytes,
        clock=services.clock,
        request=bot_api_request(settings),
        get_updates_request=bot_api_request(settings, pool_size=1),
        download_timeout=settings.telegram_download_timeout_seconds,
    )
    services.channels[Platform.TELEGRAM] = channel
    runtime.startup_hooks.append(channel.start)
    runtime.shutdown_hooks.append(channel.stop)

    async def warn_about_privacy() -> None:
        warning = await channel.check_privacy()
        if warning:
            log.warning(warning)
            runtime.notices.append(f"Telegram: {warning}")

    async def privacy_check(stop: asyncio.Event) -> None:
        await retry_in_background("Telegram getMe", warn_about_privacy, stop)

    runtime.background.append(privacy_check)

    if settings.telegram_mode == "polling":
        runtime.background.append(lambda stop: channel.poll(runtime.pipeline, stop))
        runtime.notices.append("Telegram: on (polling getUpdates)")
        return

    secret = settings.telegram_webhook_secret.get_secret_value()
    handler = telegram_webhook_handler(
        runtime.pipeline, secret, lambda: channel.username, channel.answer_callback, clock=services.clock
    )

    app.router.add_post(WEBHOOK_PATH, unless_draining(runtime, handler))
    if settings.public_url:
        url = settings.public_url.rstrip("/") + WEBHOOK_PATH

        async def register(stop: asyncio.Event) -> None:
            await retry_in_background("Telegram setWebhook", lambda: channel.register_webhook(url, secret), stop)

        runtime.background.append(register)
        runtime.notices.append(f"Telegram: on (webhook {url})")
    else:
        runtime.notices.append(
            f"Telegram: on (webhook at {WEBHOOK_PATH}; set SUPPLIERBOT_PUBLIC_URL to register it automatically)"
        )


def bot_api_request(settings: Settings, *, pool_size: int = 256) -> HTTPXRequest:
    """PTB's HTTP client with the time-outs of the settings (PTB's own pool sizes: 256, and 1
    for getUpdates, whose read time-out PTB lengthens by the long-poll time itself)."""
    return HTTPXRequest(
        connection_pool_size=pool_size,
        connect_timeout=settings.telegram_connect_timeout_seconds,
        read_timeout=settings.telegram_read_timeout_seconds,
        write_timeout=settings.telegram_write_timeout_seconds,
        pool_timeout=settings.telegram_pool_timeout_seconds,
        media_write_timeout=max(20.0, settings.telegram_write_timeout_seconds),
    )


def _stored_photo(runtime: Runtime, sha256: str) -> Path:
    """The stored file of a photo hash (content-addressed: ab/cd/<sha>.<ext>)."""
    folder = runtime.photo_store.root / sha256[:2] / sha256[2:4]
    for candidate in sorted(folder.glob(f"{sha256}.*")):
        if ".thumb." not in candidate.name and not candidate.name.endswith(".part"):
            return candidate
    raise FileNotFoundError(f"photo {sha256} is not stored")
