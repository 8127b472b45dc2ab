"""The command line a manufacturer's IT person uses: real processes, real exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def supplierbot(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("SUPPLIERBOT_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


def test_db_upgrade_then_admin_add_makes_an_admin_and_exits_zero(tmp_path: Path) -> None:
    assert supplierbot("db", "upgrade", cwd=tmp_path).returncode == 0
    added = supplierbot("admin", "add", "--platform", "telegram", "--user", "42", "--name", "张三", cwd=tmp_path)
    assert added.returncode == 0, added.stderr
    assert "admin" in added.stdout
    unknown = supplierbot("admin", "add", "--platform", "telegram", "--user", " ", "--name", "x", cwd=tmp_path)
    assert unknown.returncode == 1 and "required" in unknown.stderr


def test_parse_prints_one_json_object_with_the_reading(tmp_path: Path) -> None:
    result = supplierbot("parse", "1001 延期到12月3号 钢材没到", "--now", "2026-11-24T10:00:00+08:00", "--json",
                         cwd=tmp_path)
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"intent": "delay", "po": "1001", "new_date": "2026-12-03",
                                         "reason": "钢材没到"}


def test_serve_refuses_an_empty_database_with_the_command_to_run(tmp_path: Path) -> None:
    result = supplierbot("serve", cwd=tmp_path)
    assert result.returncode == 1
    assert "supplierbot db upgrade" in result.stderr
