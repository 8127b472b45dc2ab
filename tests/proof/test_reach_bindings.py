"""Send-only WeCom chats (app groups and group robots) are bound by an admin, from a chat or
from the server's command line, and then hear escalations like any bound group."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select

from bot.admin_cli import grant_admin
from scheduler.jobs import escalate_overdue
from storage.models import BindingRole, ChatBinding, Milestone, Order
from tests.proof.harness import WECOM_STRANGER, Service
from tests.scheduler.world import sh

REPO = Path(__file__).resolve().parents[2]
ROBOT_KEY = "693a91f6-7a0c-4bc4-97a0-0ec2bfa5aaa1"
ROBOT_URL = f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={ROBOT_KEY}"
APPCHAT = "chat1"  # a group FakeWeComAPI knows


def supplierbot(*args: str, database_url: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "SUPPLIERBOT_DATABASE_URL": database_url}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, timeout=120)


async def make_admin(service: Service, user: str = WECOM_STRANGER) -> None:
    async with service.database.write() as session:
        await grant_admin(session, "wecom", user, "周敏", clock=service.clock)


async def bindings(service: Service) -> dict[tuple[str, str], ChatBinding]:
    async with service.database.read() as session:
        rows = (await session.execute(select(ChatBinding))).scalars()
        return {(b.platform, b.chat_id): b for b in rows}


async def order_with_nodes(service: Service, po: str, nodes: list[tuple[str, date]]) -> None:
    now = service.clock.now()
    async with service.database.write() as session:
        order = Order(po=po, po_key=po.removeprefix("PO-"), supplier_id=service.world.huada_id, part_no="P-1",
                      process="stamping", quantity=1000, release_date=nodes[0][1] - timedelta(10),
                      due_date=nodes[-1][1], priority="normal", created_at=now, updated_at=now)
        session.add(order)
        await session.flush()
        session.add_all([Milestone(order_id=order.id, seq=i + 1, node=node, planned_date=planned,
                                   original_planned_date=planned, updated_at=now)
                         for i, (node, planned) in enumerate(nodes)])


async def climb_the_ladder(service: Service) -> None:
    """华达's material node was due Tuesday; walk hourly to Thursday evening (L1 buyers, L2 managers)."""
    await order_with_nodes(service, "PO-7001", [("material_ready", date(2026, 11, 24)),
                                              ("shipped", date(2026, 12, 20))])
    until = sh(2026, 11, 26, 18, 0)
    while service.clock.now() < until:
        service.clock.advance(timedelta(hours=1))
        await escalate_overdue(service.database, service.clock.now())
        await service.settle()


async def test_a_robot_bound_in_chat_and_an_appchat_bound_by_the_cli_both_hear_the_escalation(
        service: Service, tmp_path: Path) -> None:
    service.wecom.robot_keys.add(ROBOT_KEY)
    await make_admin(service)

    assert await service.wecom_post(service.wecom_text(f"/bind managers robot {ROBOT_URL}",
                                                        sender=WECOM_STRANGER)) == 200
    await service.settle()
    [answer] = service.wecom_texts(WECOM_STRANGER)
    assert "693a…aaa1" in answer and "管理层群" in answer
    assert ROBOT_KEY not in answer and ROBOT_KEY[4:-4] not in answer  # a secret is never echoed

    cli = supplierbot("bind", "buyers", "--wecom-appchat", APPCHAT, database_url=service.database.url, cwd=tmp_path)
    assert cli.returncode == 0, cli.stderr
    assert "bound wecom chat1 as buyers" in cli.stdout

    bound = await bindings(service)
    assert bound[("wecom_robot", ROBOT_KEY)].role == BindingRole.MANAGERS.value
    assert bound[("wecom_robot", ROBOT_KEY)].chat_kind == "group"
    assert bound[("wecom", APPCHAT)].role == BindingRole.BUYERS.value

    await climb_the_ladder(service)

    appchat = [b for b in service.wecom.sent("appchat/send") if b["chatid"] == APPCHAT]
    assert appchat and "PO-7001" in appchat[0]["text"]["content"]
    assert appchat[0]["text"]["content"].startswith("⚠️ 异常升级 L1")
    robot_calls = [c for c in service.wecom.calls_to("webhook/send") if c.query.get("key") == ROBOT_KEY]
    assert robot_calls and all(c.response and c.response["errcode"] == 0 for c in robot_calls)
    assert robot_calls[0].json["text"]["content"].startswith("⚠️ 异常升级 L2")
    assert "PO-7001" in robot_calls[0].json["text"]["content"]


async def test_bind_names_send_only_chats_clearly_and_refuses_what_cannot_work(service: Service) -> None:
    await make_admin(service)
    for text in ("/bind managers robot not a key!", "/bind supplier robot " + ROBOT_KEY, "/bind qc appchat"):
        assert await service.wecom_post(service.wecom_text(text, sender=WECOM_STRANGER)) == 200
    await service.settle()
    answers = service.wecom_texts(WECOM_STRANGER)
    assert len(answers) == 3
    assert "/bind managers robot" in answers[0] and "/bind managers robot" in answers[2]
    assert "不能作为供应商群" in answers[1] and ROBOT_KEY not in answers[1]
    assert not [k for k in await bindings(service) if k[0] == "wecom_robot" or k == ("wecom", "chat1")]

    # a re-bind of a named chat waits for `confirm`, and never shows the key
    await service.wecom_post(service.wecom_text(f"/bind managers robot {ROBOT_KEY}", sender=WECOM_STRANGER))
    await service.wecom_post(service.wecom_text(f"/bind ops robot {ROBOT_KEY}", sender=WECOM_STRANGER))
    await service.settle()
    asked = service.wecom_texts(WECOM_STRANGER)[-1]
    assert "confirm" in asked and ROBOT_KEY not in asked
    assert (await bindings(service))[("wecom_robot", ROBOT_KEY)].role == "managers"
    await service.wecom_post(service.wecom_text(f"/bind ops robot {ROBOT_KEY} confirm", sender=WECOM_STRANGER))
    await service.settle()
    assert (await bindings(service))[("wecom_robot", ROBOT_KEY)].role == "ops"


async def test_the_cli_lists_with_keys_masked_and_unbinds(service: Service, tmp_path: Path) -> None:
    url = service.database.url
    bound = supplierbot("bind", "managers", "--wecom-robot", ROBOT_URL, "--language", "en", database_url=url,
                        cwd=tmp_path)
    assert bound.returncode == 0, bound.stderr
    assert ROBOT_KEY not in bound.stdout + bound.stderr
    listed = supplierbot("bind", "--list", database_url=url, cwd=tmp_path)
    assert listed.returncode == 0
    assert "693a…aaa1" in listed.stdout and ROBOT_KEY not in listed.stdout and "采购跟单群" in listed.stdout
    wrong = supplierbot("bind", "qc", "--wecom-robot", "http://x/?key=", database_url=url, cwd=tmp_path)
    assert wrong.returncode == 2 and "robot key" in wrong.stderr
    gone = supplierbot("unbind", "--wecom-robot", ROBOT_KEY, database_url=url, cwd=tmp_path)
    assert gone.returncode == 0
    assert ("wecom_robot", ROBOT_KEY) not in await bindings(service)
    again = supplierbot("unbind", "--wecom-robot", ROBOT_KEY, database_url=url, cwd=tmp_path)
    assert again.returncode == 1 and "not bound" in again.stderr

