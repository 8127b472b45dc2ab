"""The delay-reason figure counts causes, not the day a cause was said, on both engines.

The reader keeps a delay's reason as typed, with the day that dates its cause (`今天停电，1017要晚两天` records
`今天停电`); the figure (storage/kpis.py) groups by the reason's key, written with each history row by the
one writer of node changes (handlers/milestone_history.py) through handlers/delay_causes.py.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from handlers.delay_causes import cause_key
from handlers.milestone_history import Recorder
from storage.db import Database
from storage.kpis import delay_reasons, delay_reasons_by_supplier
from storage.models import Milestone, MilestoneChange
from tests.storage.one_order import add_one_order

SH = ZoneInfo("Asia/Shanghai")
START, END = date(2026, 11, 1), date(2026, 11, 24)


def local(day: int) -> datetime:
    return datetime.combine(date(2026, 11, day), time(10), SH)


def test_the_key_leaves_out_the_words_that_only_date_the_cause() -> None:
    assert cause_key("今天停电") == cause_key("停电") == cause_key("昨天停电") == cause_key(" 停电 ") == "停电"
    assert cause_key("明天停水") == "停水"
    assert cause_key("今儿个停电了") == cause_key("停电了")
    # each day of the reader's table of the regions' days (handlers/dates.py DIALECT_DAY) dates a cause as well
    assert cause_key("夜儿个停电了") == cause_key("今晡日停电了") == cause_key("停电了")
    assert cause_key("后朝停水") == "停水"
    assert cause_key("12月3号的停电") == "停电"
    assert cause_key("today light no dey") == "light no dey"
    assert cause_key("电镀厂排不上") == "电镀厂排不上"
    assert cause_key("今天") == "今天"  # a day alone stays what it was
    assert cause_key("") is None and cause_key(None) is None


async def test_today_s_power_cut_and_a_power_cut_are_one_reason_in_the_figure(database: Database) -> None:
    async with database.write() as session:
        order = await add_one_order(session)
        node = Milestone(order_id=order.id, seq=1, node="in_process", planned_date=date(2026, 11, 20),
                         original_planned_date=date(2026, 11, 20), status="pending", updated_at=local(1))
        session.add(node)
        await session.flush()
        for day, reason in [(2, "今天停电"), (3, "停电"), (4, "昨天停电"), (5, "钢材没到")]:
            recorder = Recorder(session, actor="供应商", actor_person_id=None, now=local(day), report_id=None)
            recorder.set(node, "planned_date", date(2026, 11, 20 + day), reason)
        # a row written with no key (before the key was kept): counted by its reason, trimmed
        session.add(MilestoneChange(milestone_id=node.id, at=local(6), actor="api", field="planned_date",
                                    old_value="", new_value="", reason=" 钢材没到 "))
    async with database.read() as session:
        figure = await delay_reasons(session, START, END, order.supplier_id, tz=SH)
        by_supplier = await delay_reasons_by_supplier(session, START, END, tz=SH)
        kept = sorted((await session.execute(
            MilestoneChange.__table__.select().with_only_columns(MilestoneChange.reason))).scalars())
    assert figure == [("停电", 3), ("钢材没到", 2)]
    assert by_supplier == {order.supplier_id: [("停电", 3), ("钢材没到", 2)]}
    assert "今天停电" in kept and "昨天停电" in kept  # the record keeps what was said
