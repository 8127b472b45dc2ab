"""A December worked out by hand, for every figure: the month is in progress at NOW.

NOW is Thursday 2026-12-03 15:00 in Shanghai. Supplier 华达精密 (HD):

Order PO-7001, nodes planned in December (node on-time 订单进度达成率, Dec 1–31):
  1. 12-01, done 12-01 10:00 ........ on time
  2. 12-02, done 12-02 18:00 ........ on time
  3. 12-02, done 12-03 09:00 ........ late
  4. 12-02, still pending ........... missed (the supplier said "done" and withdrew it)
  5. 12-03, pending ................. today: its day has not ended, not due yet
  6. 12-20, pending ................. future: not due
  -> 2 / 4 = 50.0 %   (counting everything planned in December would give 2 / 6)

Orders due in December (on-time delivery 交货准时率):
  PO-7002 due 12-01, accepted 11-30 .. on time
  PO-7003 due 12-02, not accepted .... late
  PO-7004 due 12-15 .................. future
  PO-7001 due 12-31 .................. future
  -> 1 / 2 = 50.0 %   (counting all four: 1 / 4)

Prompts (reporting compliance 填报及时率): 12-01 09:00 unanswered (window closed 13:00),
12-02 09:00 answered 10:00, 12-03 14:00 unanswered but its window is still open
  -> 1 / 2 = 50.0 %

First inspections (first-pass yield 质量一次合格率): pass 12-01, pass 12-02, fail 12-02
  -> 2 / 3 = 66.7 %

Exceptions (response time 异常响应时效): a delay opened 12-01 10:00, acknowledged 12:00 (2 h);
a delay opened 12-02 11:00 by a report that was withdrawn at 11:10 (acknowledged after 10 h)
  -> counted 1, median 2 h (the withdrawn one counts nowhere)

Delay reasons: node 6 moved 12-18 → 12-20 "停电"; node 5 moved 12-03 → 12-05 "钢材没到" by
a report that was then withdrawn (and moved back by the undo) -> only 停电 ×1.

Score (weights 30/25/20/15/10, rework unmeasured): (.3×.5 + .25×2/3 + .2×.5 + .15×.5) / .9 = 54.6
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from storage.db import Database
from storage.models import (
    ExceptionTicket,
    Inspection,
    Milestone,
    MilestoneChange,
    Order,
    ProgressReport,
    Prompt,
    Supplier,
)

SH = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 3, 15, 0, tzinfo=SH)


def at(day: int, hour: int = 10, minute: int = 0, month: int = 12) -> datetime:
    return datetime.combine(date(2026, month, day), time(hour, minute), SH)


@dataclass
class December:
    supplier_id: int
    other_supplier_id: int
    order_id: int
    nodes: dict[int, int]  # fixture number -> milestone id
    withdrawn_exception_id: int


async def seed_december(database: Database) -> December:
    now = NOW
    async with database.write() as session:
        hd = Supplier(code="HD", name="华达精密", created_at=now)
        xy = Supplier(code="XY", name="鑫源电子", created_at=now)
        session.add_all([hd, xy])
        await session.flush()

        def order(n: int, due: date, *, status: str = "in_progress", accepted_at: datetime | None = None) -> Order:
            return Order(po=f"PO-{7000 + n}", po_key=str(7000 + n), supplier_id=hd.id, part_no=f"P-{n}",
                         process="default", quantity=100, release_date=date(2026, 11, 20), due_date=due,
                         status=status, accepted_at=accepted_at, created_at=now, updated_at=now)

        work = order(1, date(2026, 12, 31))
        session.add_all([work, order(2, date(2026, 12, 1), status="accepted", accepted_at=at(30, month=11)),
                         order(3, date(2026, 12, 2)), order(4, date(2026, 12, 15))])
        await session.flush()
        plan = [(1, date(2026, 12, 1), at(1)), (2, date(2026, 12, 2), at(2, 18)), (3, date(2026, 12, 2), at(3, 9)),
                (4, date(2026, 12, 2), None), (5, date(2026, 12, 3), None), (6, date(2026, 12, 20), None)]
        nodes: dict[int, Milestone] = {}
        for n, planned, done_at in plan:
            original = date(2026, 12, 18) if n == 6 else planned
            nodes[n] = Milestone(order_id=work.id, seq=n, node="in_process", planned_date=planned,
                                 original_planned_date=original, status="done" if done_at else "pending",
                                 percent=100.0 if done_at else 0.0, done_at=done_at, updated_at=now)
        session.add_all(nodes.values())
        await session.flush()

        # node 4: reported done, then withdrawn (the undo restored it to pending)
        done_report = ProgressReport(order_id=work.id, milestone_id=nodes[4].id, kind="progress", reporter="王工",
                                     platform="telegram", reported_at=at(2, 16), text="7001 完成",
                                     undone_at=at(2, 16, 5), details={})
        # node 5: a delay reported, then withdrawn
        delay_report = ProgressReport(order_id=work.id, milestone_id=nodes[5].id, kind="delay", reporter="王工",
                                      platform="telegram", reported_at=at(2, 11), text="7001 延期到12月5号 钢材没到",
                                      undone_at=at(2, 11, 10), details={})
        kept_delay = ProgressReport(order_id=work.id, milestone_id=nodes[6].id, kind="delay", reporter="王工",
                                    platform="telegram", reported_at=at(1, 15), text="7001 延期到20号 停电",
                                    details={})
        session.add_all([done_report, delay_report, kept_delay])
        await session.flush()
        session.add_all([
            MilestoneChange(milestone_id=nodes[4].id, at=at(2, 16), actor="王工", field="status", old_value="pending",
                            new_value="done", report_id=done_report.id),
            MilestoneChange(milestone_id=nodes[4].id, at=at(2, 16, 5), actor="王工", field="status",
                            old_value="done", new_value="pending", reason=f"undo of report #{done_report.id}",
                            source="undo", report_id=done_report.id),
            MilestoneChange(milestone_id=nodes[5].id, at=at(2, 11), actor="王工", field="planned_date",
                            old_value="2026-12-03", new_value="2026-12-05", reason="钢材没到",
                            report_id=delay_report.id),
            MilestoneChange(milestone_id=nodes[5].id, at=at(2, 11, 10), actor="王工", field="planned_date",
                            old_value="2026-12-05", new_value="2026-12-03",
                            reason=f"undo of report #{delay_report.id}", source="undo", report_id=delay_report.id),
            MilestoneChange(milestone_id=nodes[6].id, at=at(1, 15), actor="王工", field="planned_date",
                            old_value="2026-12-18", new_value="2026-12-20", reason="停电", report_id=kept_delay.id),
        ])
        session.add_all([
            Prompt(schedule_key="p1", supplier_id=hd.id, order_ids=[work.id], sent_at=at(1, 9), reply_by=at(1, 13)),
            Prompt(schedule_key="p2", supplier_id=hd.id, order_ids=[work.id], sent_at=at(2, 9), reply_by=at(2, 13),
                   answered_at=at(2, 10)),
            Prompt(schedule_key="p3", supplier_id=hd.id, order_ids=[work.id], sent_at=at(3, 14), reply_by=at(3, 18)),
        ])
        for day, verdict in [(1, "pass"), (2, "pass"), (2, "fail")]:
            session.add(Inspection(order_id=work.id, inspected_at=at(day, 14), inspector="QC", verdict=verdict,
                                   first_inspection=True, qty_inspected=10, qty_accepted=10 if verdict == "pass" else 0))
        session.add(ExceptionTicket(order_id=work.id, kind="delay", title="PO-7001 延期", opened_at=at(1),
                                    opened_by="王工", acknowledged_at=at(1, 12), acknowledged_by="李娟",
                                    level=1))
        withdrawn = ExceptionTicket(order_id=work.id, kind="delay", title="PO-7001 延期 钢材没到", opened_at=at(2, 11),
                                    opened_by="王工", acknowledged_at=at(2, 21), acknowledged_by="李娟",
                                    resolved_at=at(2, 11, 10), resolved_by="王工", withdrawn_at=at(2, 11, 10),
                                    level=1)
        session.add(withdrawn)
        await session.flush()
        delay_report.details = {"exception_id": withdrawn.id}
        return December(hd.id, xy.id, work.id, {n: m.id for n, m in nodes.items()}, withdrawn.id)


