"""Round 34 (r34dl): the Sichuan-Chongqing speech of motorcycle and small-engine subcontractors and the OEM's buyers.

A coating shop's powder is its stock (粉到了); a gear shop's bare 滚 after 在 is the hobbing under way; a caster's leak
test (试漏) is a step. A step under way, then the next one said bare after its day (在抛丸 明天喷) is two facts; a step's
end said with the potential complement after a day to come (礼拜三喷得完) is a plan. Sichuan 切 for 去 after a verb of
carrying, 好久 asking when, 好多 asking how many, 拖起了 gone late, 二天 some later day, 勒个 this, 要得不 asking leave.
The whole a fault was found in is no count done; later today is no snooze date; the buyer's own errand is noted."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers.parsing import Reading, read_message

_NOW = datetime(2026, 12, 7, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday
_TOMORROW = date(2026, 12, 8)


def _read(text: str, role: str = "supplier") -> Reading:
    return read_message(text, role=role, now=_NOW)


def test_the_powder_come_bare_is_the_stock_and_the_spraying_begun_a_second_fact() -> None:
    reading = _read("41101 粉到了 下午开始喷")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)
    assert reading.also is not None and (reading.also[0].node, reading.also[0].done) == ("in_process", False)
    assert _read("41102 塑粉到了").node == "material_ready"


def test_a_bare_hob_after_zai_is_the_hobbing_under_way() -> None:
    reading = _read("41103 齿坯到了 在滚了")
    assert reading.also is not None and (reading.also[0].node, reading.also[0].done) == ("in_process", False)
    assert (_read("41104 在滚镀").node, _read("41104 在滚镀").done) == ("in_process", False)  # barrel plating stays


def test_a_step_under_way_then_the_next_said_bare_after_its_day_is_two_facts() -> None:
    reading = _read("41105 在打磨 明天试漏")
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)
    assert reading.also is not None and (reading.also[0].intent, reading.also[0].new_date) == ("plan", _TOMORROW)


def test_the_day_a_step_under_way_ends_is_one_plan() -> None:
    reading = _read("41106 在精车 明天能车完")
    assert (reading.intent, reading.new_date, reading.also) == ("plan", _TOMORROW, None)


def test_can_finish_after_a_day_to_come_is_a_plan_today_s_is_left_under_way() -> None:
    reading = _read("41107 明天焊得完")
    assert (reading.intent, reading.node, reading.new_date) == ("plan", "in_process", _TOMORROW)
    assert _read("41108 在铣 今天铣得完").intent == "progress"


def test_qie_for_qu_after_a_verb_of_carrying() -> None:
    reading = _read("41109 样件拿过切了 你们看一哈")
    assert reading.intent == "progress" and reading.intent != "defect"
    overcut = _read("41110 过切了 12件")
    assert overcut.intent == "defect"  # the tool's overcut stays a fault


def test_haojiu_before_a_verb_asks_when_haoduo_asks_how_many() -> None:
    assert _read("41111 好久重新送货", role="buyer").intent == "status_query"
    assert _read("41112 收了好多件喃", role="buyer").intent == "status_query"
    assert _read("拖起了的单有好多个", role="manager").intent == "overdue_query"


def test_the_whole_a_fault_was_found_in_is_no_count_done() -> None:
    reading = _read("41113 3000个里头 有12个气泡", role="qc")
    assert (reading.intent, reading.defect_qty, reading.qty_done, reading.also) == ("defect", 12, None, None)


def test_a_snooze_for_later_today_keeps_no_date() -> None:
    assert _read("今天晚上再提醒我哈") == Reading("snooze")
    assert _read("明天再提醒我").new_date == _TOMORROW


def test_the_buyer_side_s_own_errand_is_noted() -> None:
    assert _read("41114 出货检我后天上午过来看", role="qc").intent == "noted"
    assert _read("好 明天我让仓库等到", role="buyer").intent == "noted"
    assert _read("41114 后天验货", role="supplier").intent == "plan"  # the supplier's own check stays his plan


def test_erdian_is_some_later_day_and_yaode_bu_asks_leave_after_a_plan() -> None:
    assert _read("二天再说 在开会") == Reading("snooze")
    reading = _read("41115 礼拜四发 要得不")
    assert (reading.intent, reading.node) == ("plan", "shipped")


def test_leige_is_this() -> None:
    reading = _read("鑫渝压铸勒个月咋样", role="manager")
    assert (reading.intent, reading.supplier) == ("supplier_query", "鑫渝压铸")
