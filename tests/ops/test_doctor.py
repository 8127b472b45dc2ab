"""`supplierbot doctor`: passes on a fresh demo install, and every failure comes with its fix."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from bot.doctor import doctor_command, run_doctor
from bot.settings import Settings
from tests.fakes.telegram_api import DEFAULT_TOKEN, FakeTelegramAPI
from tests.fakes.wecom_api import FakeWeComAPI
from tests.ops.processes import free_port, service_env, start_service, stop, wait_ready

DEMO_DATABASE = "sqlite+aiosqlite:///./var/demo.db"


@pytest.fixture(autouse=True)
def _no_supplierbot_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("SUPPLIERBOT_"):
            monkeypatch.delenv(name)


async def doctor(settings: Settings) -> tuple[int, list[str]]:
    lines: list[str] = []
    code = await run_doctor(settings, lines.append, min_free_bytes=0)
    return code, "\n".join(lines).splitlines()


def problems(lines: list[str]) -> list[str]:
    return [line for line in lines if not line.startswith("✔")]


def failures_with_fixes(lines: list[str]) -> dict[str, str]:
    """Each ✘ line mapped to the fix line under it."""
    found = {}
    for index, line in enumerate(lines):
        if line.startswith("✘"):
            following = lines[index + 1] if index + 1 < len(lines) else ""
            found[line] = following.strip()
    return found


async def test_a_fresh_demo_install_passes_every_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()
    env = service_env("", port=port, photo_dir=Path("var/photos"))
    del env["SUPPLIERBOT_DATABASE_URL"]
    process = await start_service("demo", env=env, cwd=tmp_path)
    try:
        await wait_ready(process, f"http://127.0.0.1:{port}")
    finally:
        assert await stop(process) == 0
    monkeypatch.chdir(tmp_path)
    code, lines = await doctor(Settings(database_url=DEMO_DATABASE, simulator=True))
    assert code == 0, problems(lines)
    checks = [line for line in lines if line[:1] in "✔!✘"]
    assert checks and all(line.startswith("✔") for line in checks), lines
    assert {"database", "schema", "SQLite journal", "photo folder"} <= {line[2:].split(":")[0] for line in checks}
    assert lines[-1].startswith("all ") and "passed" in lines[-1]


async def test_an_empty_database_and_an_unusable_photo_folder_fail_with_fixes(tmp_path: Path) -> None:
    (tmp_path / "photos").write_text("not a folder")
    empty = tmp_path / "empty.db"
    empty.touch()
    code, lines = await doctor(Settings(database_url=f"sqlite+aiosqlite:///{empty}", photo_dir=tmp_path / "photos"))
    assert code == 1
    failures = failures_with_fixes(lines)
    schema = next(line for line in failures if "schema" in line)
    assert failures[schema] == "fix: run `supplierbot db upgrade`"
    photos = next(line for line in failures if "photo folder" in line)
    assert failures[photos].startswith("fix: set SUPPLIERBOT_PHOTO_DIR")


async def test_a_missing_database_file_is_not_created_by_the_doctor(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    code, lines = await doctor(Settings(database_url=f"sqlite+aiosqlite:///{missing}", photo_dir=tmp_path))
    assert code == 1 and not missing.exists()
    assert any("db upgrade" in fix for fix in failures_with_fixes(lines).values())


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into any folder")
async def test_an_unwritable_photo_folder_fails(sqlite_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    code, lines = await doctor(Settings(database_url=sqlite_url, photo_dir=folder))
    assert code == 1 and any("not writable" in line for line in failures_with_fixes(lines))


async def test_telegram_token_accepted_or_refused(sqlite_url: str, tmp_path: Path) -> None:
    async with FakeTelegramAPI() as api:
        good = Settings(database_url=sqlite_url, photo_dir=tmp_path, telegram_token=DEFAULT_TOKEN,
                        telegram_webhook_secret="s3cret", telegram_api_base=api.root_url,
                        public_url="https://bot.example.com")
        code, lines = await doctor(good)
        assert code == 0, problems(lines)
        assert any(line.startswith("✔ Telegram: token accepted: @SupplierBot") for line in lines)
        assert any(line.startswith("! Telegram privacy") for line in lines)
        assert any(line.startswith("! Telegram webhook: not registered yet") for line in lines)
        assert [c.method for c in api.calls] == ["getMe", "getWebhookInfo"]

        bad = good.model_copy(update={"telegram_token": good.telegram_token.__class__("999:wrong-token-value")})
        code, lines = await doctor(bad)
        assert code == 1
        [(failure, fix)] = [(k, v) for k, v in failures_with_fixes(lines).items() if "Telegram" in k]
        assert "refused" in failure and "BotFather" in fix
        assert "wrong-token-value" not in "\n".join(lines)


async def test_wecom_gettoken_accepted_or_refused(sqlite_url: str, tmp_path: Path) -> None:
    async with FakeWeComAPI() as api:
        good = Settings(database_url=sqlite_url, photo_dir=tmp_path, wecom_corp_id=api.corp_id,
                        wecom_secret=api.secret, wecom_agent_id=api.agent_id, wecom_token="tok",
                        wecom_aes_key="a" * 43, wecom_api_base=api.base_url)
        code, lines = await doctor(good)
        assert code == 0, problems(lines)
        assert any(line.startswith("✔ WeCom: access token issued") for line in lines)

        bad = Settings(**{**good.model_dump(), "wecom_secret": "not-the-secret"})
        code, lines = await doctor(bad)
        assert code == 1
        [(failure, fix)] = list(failures_with_fixes(lines).items())
        assert "errcode 40001" in failure and "SUPPLIERBOT_WECOM_SECRET" in fix
        assert "not-the-secret" not in "\n".join(lines)


async def test_a_bad_setting_is_a_failed_check_with_its_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPLIERBOT_TIMEZONE", "Mars/Olympus")
    lines: list[str] = []
    code = await asyncio.to_thread(doctor_command, lines.append)
    assert code == 1
    text = "\n".join(lines)
    assert text.startswith("✘ settings:") and "SUPPLIERBOT_TIMEZONE" in text and "fix:" in text


async def test_dingtalk_credentials_accepted_by_the_openapi_and_the_stream_gateway_or_refused(
        sqlite_url: str, tmp_path: Path) -> None:
    from tests.fakes.dingtalk_server import FakeDingTalk

    async with FakeDingTalk() as fake:
        good = Settings(database_url=sqlite_url, photo_dir=tmp_path, dingtalk_client_id=fake.client_id,
                        dingtalk_client_secret=fake.client_secret, dingtalk_api_base=fake.base)
        code, lines = await doctor(good)
        assert code == 0, problems(lines)
        assert "✔ DingTalk: access token issued" in lines and any(line.startswith("✔ DingTalk Stream") for line in lines)

        code, lines = await doctor(Settings(**{**good.model_dump(), "dingtalk_client_secret": "not-the-secret"}))
        assert code == 1
        [(failure, fix)] = list(failures_with_fixes(lines).items())
        assert "accessToken refused" in failure and "SUPPLIERBOT_DINGTALK_CLIENT_ID" in fix
        assert "not-the-secret" not in "\n".join(lines)

        code, lines = await doctor(Settings(database_url=sqlite_url, photo_dir=tmp_path, dingtalk_client_id="x"))
        assert code == 1 and "SUPPLIERBOT_DINGTALK_CLIENT_SECRET not set" in "\n".join(lines)
