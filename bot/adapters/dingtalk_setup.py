"""Wires the DingTalk robot into a running service: the channel, and one Stream connection per
replica (DingTalk pushes each frame to one of the app's connections, so none needs a lease)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

from bot.adapters.dingtalk_adapter import (
    DingTalkApi,
    DingTalkChannel,
    DingTalkInbound,
    StreamLink,
    handlers_for,
)
from bot.ports import Platform

if TYPE_CHECKING:
    from bot.app import Runtime
    from bot.services import Services
    from bot.settings import Settings


def configure_dingtalk(app: web.Application, settings: Settings, services: Services, runtime: Runtime) -> StreamLink:
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
    return link
