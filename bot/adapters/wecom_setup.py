"""Wires the WeCom app into a running service: callback routes and the sending channel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from bot.adapters.wecom_adapter import WeComCallback, WeComChannel, wecom_webhook_handlers
from bot.app import unless_draining
from bot.ports import Platform

if TYPE_CHECKING:
    from bot.app import Runtime
    from bot.services import Services
    from bot.settings import Settings


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
