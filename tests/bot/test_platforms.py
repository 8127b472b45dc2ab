"""The platform registry is the one list the service reads: each chat platform is sent by
exactly one platform module, has sending limits, and is offered by the CLI; a platform is
wired only when its settings say so."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp import web

from bot.__main__ import build_parser
from bot.app import build_app
from bot.clock import FakeClock
from bot.doctor import check_platforms
from bot.platforms import PLATFORMS, heard, sending, setup_hint
from bot.ports import ChatKind, Platform
from bot.send_limits import limits_for
from bot.settings import Settings


def test_every_platform_but_the_simulator_is_sent_by_exactly_one_platform_module() -> None:
    for platform in Platform:
        senders = [spec.name for spec in PLATFORMS if platform in spec.sends]
        assert len(senders) == (0 if platform is Platform.SIMULATOR else 1), (platform, senders)
    assert all(set(spec.hears) <= set(spec.sends) for spec in PLATFORMS)


def test_every_sending_platform_has_limits_and_the_simulator_has_none() -> None:
    for platform in Platform:
        for kind in ChatKind:
            limits = limits_for(platform, "chat-1", kind.value)
            assert bool(limits) == (platform is not Platform.SIMULATOR), (platform, kind)
    assert limits_for(Platform.WECOM_BOT, "g", "group", wecom_bot_per_minute=7)[0].count == 7
    assert sending("nowhere") is None


def test_the_cli_offers_the_platforms_of_the_registry() -> None:
    parser = build_parser()
    for platform in [*map(str, heard()), "simulator"]:
        args = parser.parse_args(["admin", "add", "--platform", platform, "--user", "1", "--name", "x"])
        assert args.platform == platform
    assert {"telegram", "wecom", "wecom_bot"} <= {str(p) for p in heard()}
    with pytest.raises(SystemExit):
        parser.parse_args(["admin", "add", "--platform", "wecom_robot", "--user", "1", "--name", "x"])  # send-only


def test_the_none_configured_hint_names_every_platform_of_the_registry_and_what_to_set() -> None:
    hint = setup_hint()
    for spec in PLATFORMS:
        assert spec.settings_hint.startswith("SUPPLIERBOT_"), spec.name
        assert f"{spec.name}: {spec.settings_hint}" in hint


async def test_doctor_without_any_platform_warns_with_the_registry_hint(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{tmp_path / 'd.db'}")
    [check] = await check_platforms(settings, limit_seconds=1)
    assert check.status == "warn"
    assert check.fix == setup_hint() and "DingTalk" in check.fix and "Feishu/Lark" in check.fix


def test_a_platform_is_wired_only_when_its_settings_enable_it(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}", photo_dir=str(tmp_path / "photos"),
                        telegram_token="123:abc", telegram_webhook_secret="s" * 32, telegram_mode="webhook")
    assert [spec.name for spec in PLATFORMS if spec.enabled(settings)] == ["Telegram"]
    app = build_app(settings, clock=FakeClock(datetime(2026, 3, 2, 9, tzinfo=UTC)), run_workers=False)
    paths = {resource.canonical for resource in app.router.resources()}
    assert "/webhooks/telegram" in paths and "/webhooks/wecom" not in paths and "/webhooks/wecom-bot" not in paths
    assert isinstance(app, web.Application)
