"""Wires Telegram into a running service: the webhook route (or polling), the sending
channel, the privacy-mode warning, its sending limits and `doctor`'s checks. Nothing here
may stop start-up: API calls retry in the background."""

from __future__ import annotations

import asyncio
import logging
import ssl
from functools import cache

import httpx
from aiohttp import web
from telegram import Bot
from telegram.error import InvalidToken, TelegramError
from telegram.request import HTTPXRequest

from bot.adapters.telegram_adapter import PRIVACY_WARNING, TelegramChannel, api_urls, telegram_webhook_handler
from bot.checks import Check, quietly, short_error
from bot.platforms.spec import MINUTE, SECOND, PlatformSpec, Rates
from bot.ports import ChatKind, Platform
from bot.runtime import Runtime, retry_in_background, unless_draining
from bot.services import Services
from bot.settings import Settings
from storage.rate_limits import Limit

log = logging.getLogger("supplierbot.telegram")
WEBHOOK_PATH = "/webhooks/telegram"


def configure_telegram(app: web.Application, settings: Settings, services: Services, runtime: Runtime) -> None:
    base_url, base_file_url = api_urls(settings.telegram_api_base)
    channel = TelegramChannel(
        settings.telegram_token.get_secret_value(),
        photo_loader=lambda sha256: runtime.photo_store.find(sha256),
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
        httpx_kwargs={"verify": verified_tls()},
    )


@cache
def verified_tls() -> ssl.SSLContext:
    """httpx's own default context (certifi's roots, or SSL_CERT_FILE / SSL_CERT_DIR), made once a
    process and shared: each client made its own, loading every root anew (~30 ms of CPU, two
    clients an app: every service start, and every test that builds the app). The clients are all
    HTTP/1.1 (PTB's default), so the ALPN httpcore sets on it per connection is the same for each."""
    return httpx.create_ssl_context()


def telegram_limits(platform: str, chat_id: str, chat_kind: str, rates: Rates) -> list[Limit]:
    """Telegram's published limits: 30 messages a second in all, one a second per chat, 20 a minute per group."""
    limits = [Limit("telegram:all", 30, SECOND), Limit(f"telegram:chat:{chat_id}", 1, SECOND)]
    if chat_id.startswith("-") or chat_kind == ChatKind.GROUP:
        limits.append(Limit(f"telegram:group:{chat_id}", 20, MINUTE))
    return limits


def check_telegram_settings(settings: Settings) -> list[Check]:
    """What the settings alone say: a webhook needs a public HTTPS address."""
    found: list[Check] = []
    if settings.telegram_mode == "webhook":
        if not settings.public_url:
            found.append(Check("warn", "public URL", "not set: the Telegram webhook is not registered automatically",
                               "set SUPPLIERBOT_PUBLIC_URL=https://bot.example.com (the address Telegram reaches "
                               "through your reverse proxy), or SUPPLIERBOT_TELEGRAM_MODE=polling"))
        elif not settings.public_url.startswith("https://"):
            found.append(Check("fail", "public URL", f"{settings.public_url} is not HTTPS: Telegram refuses it",
                               "serve the bot behind a TLS reverse proxy and set SUPPLIERBOT_PUBLIC_URL=https://..."))
    return found


async def check_telegram(settings: Settings, *, limit_seconds: float = 10.0) -> list[Check]:
    """The token, privacy mode and webhook as Telegram sees them."""
    token = settings.telegram_token.get_secret_value()
    base_url, base_file_url = api_urls(settings.telegram_api_base)
    bot = Bot(token, base_url=base_url, base_file_url=base_file_url)
    found: list[Check] = []
    try:
        async with asyncio.timeout(limit_seconds):
            await bot.initialize()
            me = bot.bot
            info = await bot.get_webhook_info()
    except InvalidToken:
        return [Check("fail", "Telegram", "the bot token was refused",
                      "copy the token again from @BotFather (/mybots → API Token) into SUPPLIERBOT_TELEGRAM_TOKEN")]
    except (TelegramError, OSError, TimeoutError) as exc:
        return [Check("fail", "Telegram", f"{settings.telegram_api_base} cannot be reached: "
                      f"{short_error(exc, secrets=(token,))}",
                      "allow outbound HTTPS to api.telegram.org (firewall, proxy), or fix "
                      "SUPPLIERBOT_TELEGRAM_API_BASE")]
    finally:
        await quietly(bot.shutdown())
    found.append(Check("ok", "Telegram", f"token accepted: @{me.username}"))
    if not me.can_read_all_group_messages:
        found.append(Check("warn", "Telegram privacy", PRIVACY_WARNING.format(username=me.username),
                           "BotFather: /setprivacy → Disable, then remove and re-add the bot to its groups"))
    expected = settings.public_url.rstrip("/") + WEBHOOK_PATH if settings.public_url else ""
    if settings.telegram_mode == "polling":
        if info.url:
            found.append(Check("warn", "Telegram webhook", f"set to {info.url}, but this service polls",
                               "the service deletes it when polling starts; if another installation uses this "
                               "token, give each its own bot"))
        else:
            found.append(Check("ok", "Telegram webhook", "none (polling)"))
    elif not info.url:
        found.append(Check("warn", "Telegram webhook", "not registered yet",
                           "start the service with SUPPLIERBOT_PUBLIC_URL set; it registers the webhook"))
    elif expected and info.url != expected:
        found.append(Check("warn", "Telegram webhook", f"points at {info.url}, not {expected}",
                           "restart the service to re-register it; if another installation uses this token, "
                           "give each its own bot"))
    else:
        found.append(Check("ok", "Telegram webhook", f"{info.url} ({info.pending_update_count} pending)"))
    if info.url and info.last_error_message:
        when = info.last_error_date.isoformat() if info.last_error_date else "recently"
        found.append(Check("warn", "Telegram delivery", f"last webhook error {when}: {info.last_error_message}",
                           "check that the public URL reaches this service through the reverse proxy and that "
                           "its TLS certificate is valid"))
    return found



TELEGRAM = PlatformSpec(
    name="Telegram",
    hears=(Platform.TELEGRAM,),
    sends=(Platform.TELEGRAM,),
    enabled=lambda settings: settings.telegram_enabled,
    configure=configure_telegram,
    limits=telegram_limits,
    check=lambda settings, limit_seconds: check_telegram(settings, limit_seconds=limit_seconds),
    settings_check=check_telegram_settings,
    settings_hint="SUPPLIERBOT_TELEGRAM_TOKEN (+ _WEBHOOK_SECRET in webhook mode)",
)
