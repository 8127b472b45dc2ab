"""Round 34 (r34dp): the quality department's register of connector, terminal and plating suppliers (blind DP).

The goods go out by the bare 出 when a day or 才能/再 is put on it in a delay; a node with its day before 才能 is that
node late; a sample's size by a bare 抽 is no count; K writes thousands in a Chinese message; a resin's glass-fibre
share is no share of the work; a connector's own faults have their categories; a bare 已修 and 从工 (重工 by sound)
are rework; the die set up (今天上模) is the work loaded; a lot's correction corrects the lot."""

from __future__ import annotations

from datetime import date

from tests.handlers.monday_reading import read as _read


def test_a_day_that_cannot_ship_then_the_day_it_goes_by_the_bare_verb() -> None:
    reading = _read("51001 周三出不了 周四出")
    assert (reading.intent, reading.node, reading.new_date) == ("delay", "shipped", date(2026, 12, 10))


def test_goods_out_only_on_a_later_day_by_the_bare_verb() -> None:
    reading = _read("51002 喷涂线满了 要到下周二才能出")
    assert (reading.intent, reading.node, reading.new_date) == ("delay", "shipped", date(2026, 12, 15))
    assert reading.reason == "喷涂线满了"


def test_a_trouble_then_the_goods_out_again_later_leaves_the_bare_verb_out_of_the_reason() -> None:
    reading = _read("51003 今天出不了 明天停电 后天再出")
    assert (reading.intent, reading.node) == ("delay", "shipped")
    assert reading.reason == "明天停电"  # the day of the cause kept as typed (round h41reason), the bare 出 left out


def test_the_bare_verb_never_ships_a_report_or_first_article() -> None:
    assert _read("51004 报告要晚两天 周五出").node != "shipped"


def test_a_node_with_its_day_before_only_then_is_that_node_late() -> None:
    reading = _read("51005 三次元坏了 FQC要后天才能做")
    assert (reading.intent, reading.node, reading.new_date) == ("delay", "final_inspection", date(2026, 12, 9))


def test_a_bare_sample_size_is_no_count_received() -> None:
    reading = _read("51006 IQC 抽50个 全部OK 入库", role="qc")
    assert (reading.intent, reading.node, reading.done, reading.qty_done) == ("progress", "received", True, None)


def test_a_count_in_thousands_with_k_and_its_decimal_point_is_no_date() -> None:
    reading = _read("51007 出货 2.4K")
    assert (reading.intent, reading.qty, reading.new_date) == ("shipment", 2400, None)


def test_packages_of_so_many_thousand_by_k_are_their_product() -> None:
    reading = _read("51008 出了8卷 每卷3K")
    assert (reading.intent, reading.qty, reading.packages) == ("shipment", 24000, 8)


def test_a_resin_grade_with_its_glass_fibre_share_is_no_share_of_the_work() -> None:
    reading = _read("51009 PBT+15%GF料到了")
    assert (reading.node, reading.done, reading.percent) == ("material_ready", True, None)


def test_a_connectors_own_faults_have_their_categories() -> None:
    assert _read("51010 端子退pin 6pcs", role="qc").category == "function"
    assert _read("51011 插拔力偏大 15pcs", role="qc").category == "function"
    assert _read("51012 端子露铜 7只", role="qc").category == "appearance"


def test_a_bare_already_mended_beside_the_pieces_found_is_rework() -> None:
    reading = _read("51013 巡检发现毛边 6pcs 已修")
    assert (reading.intent, reading.defect_qty, reading.rework) == ("defect", 6, True)


def test_rework_typed_by_sound_is_rework() -> None:
    reading = _read("51014 缩水8个 在从工")
    assert (reading.intent, reading.defect_qty, reading.rework) == ("defect", 8, True)


def test_from_the_factory_is_no_rework() -> None:
    assert _read("51015 从工厂发出 500个").rework is None


def test_the_die_set_up_on_a_day_is_the_work_loaded() -> None:
    reading = _read("51016 料到齐了 明天上模")
    facts = [reading, *(reading.also or ())]
    assert any(f.node == "in_process" for f in facts)
    assert _read("51017 上模了").node == "in_process"


def test_the_upper_die_alone_is_no_work_loaded() -> None:
    assert _read("51018 上模裂了 要修").node != "in_process"


def test_the_bulk_run_finished_to_a_share_is_the_making() -> None:
    reading = _read("51019 大货完成60%")
    assert (reading.node, reading.percent) == ("in_process", 60)


def test_a_lots_correction_corrects_the_lot_not_the_order() -> None:
    reading = _read("不是批号M2612-05 是M2612-06", role="qc")
    assert (reading.intent, reading.lot, reading.po) == ("correct", "M2612-06", None)


def test_the_count_said_ok_is_the_receipt_made() -> None:
    reading = _read("51020 收到3600pcs 数量无误", role="warehouse")
    assert (reading.node, reading.done, reading.qty_done) == ("received", True, 3600)


def test_normal_production_is_the_making_under_way() -> None:
    reading = _read("51021 注塑在正常生产")
    assert (reading.node, reading.done) == ("in_process", False)


def test_a_check_passed_then_todays_shipping_with_no_count_is_todays_plan() -> None:
    for text in ("51022 FQC合格 今天出货", "51023 终检过了 今天出"):
        reading = _read(text)
        assert (reading.node, reading.done) == ("final_inspection", True)
        assert [(a.intent, a.node, a.new_date) for a in reading.also or ()] == [("plan", "shipped", date(2026, 12, 7))]
