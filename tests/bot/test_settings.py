"""Settings come from SUPPLIERBOT_* variables; a bad one stops start-up with one clear line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

REPO = Path(__file__).resolve().parents[2]


def test_defaults_are_the_embedded_sqlite_on_localhost_in_shanghai(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SUPPLIERBOT_DATABASE_URL", "SUPPLIERBOT_TIMEZONE", "SUPPLIERBOT_HTTP_PORT"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.database_url == "sqlite+aiosqlite:///./supplierbot.db"
    assert (settings.http_host, settings.http_port, settings.timezone) == ("127.0.0.1", 8080, "Asia/Shanghai")
    assert not settings.telegram_enabled and not settings.wecom_enabled


@pytest.mark.parametrize(("name", "value", "named"), [
    ("SUPPLIERBOT_TIMEZONE", "Mars/Olympus", "SUPPLIERBOT_TIMEZONE"),
    ("SUPPLIERBOT_HTTP_PORT", "eighty", "SUPPLIERBOT_HTTP_PORT"),
    ("SUPPLIERBOT_DATABASE_URL", "mysql://x", "SUPPLIERBOT_DATABASE_URL"),
    ("SUPPLIERBOT_LANGUAGE", "fr", "SUPPLIERBOT_LANGUAGE"),
])
def test_a_bad_setting_is_named(monkeypatch: pytest.MonkeyPatch, name: str, value: str, named: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=named):
        load_settings()


def test_telegram_webhook_mode_without_a_secret_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUPPLIERBOT_TELEGRAM_TOKEN", "123:abc")
    with pytest.raises(SettingsError, match="SUPPLIERBOT_TELEGRAM_WEBHOOK_SECRET"):
        load_settings()
    monkeypatch.setenv("SUPPLIERBOT_TELEGRAM_MODE", "polling")
    assert load_settings().telegram_enabled


def test_a_toml_file_is_read_and_the_environment_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    config = tmp_path / "supplierbot.toml"
    config.write_text('timezone = "Europe/Berlin"\nhttp_port = 9000\n', encoding="utf-8")
    monkeypatch.setenv("SUPPLIERBOT_CONFIG", str(config))
    monkeypatch.setenv("SUPPLIERBOT_HTTP_PORT", "9100")
    settings = load_settings()
    assert (settings.timezone, settings.http_port) == ("Europe/Berlin", 9100)


def test_the_cli_stops_with_one_line_and_no_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "db", "current"], cwd=tmp_path, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "SUPPLIERBOT_TIMEZONE": "Nowhere/Land", "PYTHONPATH": str(REPO)},
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "SUPPLIERBOT_TIMEZONE" in result.stderr and "Traceback" not in result.stderr
