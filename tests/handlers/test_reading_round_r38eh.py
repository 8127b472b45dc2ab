"""Round 38 (r38eh): stop 40's EH (Tianjin and Langfang sheet-metal, electrical-cabinet and HVAC-duct subcontractors).

Families read here: sheet, coil, tube and wire whose name begins with a step's (镀锌板, 镀锌卷) are stock, never the
plating; the sender's stock booked in (入库) is his material come in; a step done again by any name, said done or
plainly (重新压铆了, 重新酸洗, 补攻完了), is rework, while the machine set up again (重新调机) is not; a coat's grit
(颗粒) and a brushed finish gone wrong (拉丝不良) are appearance defects; a duct, a damper and a cabinet's body are
goods the report is of, not words it left unread."""

from __future__ import annotations

from tests.handlers.monday_reading import read as _read


def test_galvanised_sheet_awaited_is_stock_not_the_plating() -> None:
    reading = _read("72001 镀锌管还没到")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", False)


def test_galvanised_sheet_come_into_the_works_is_stock_ready() -> None:
    reading = _read("72002 镀锌板今天进厂了")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)


def test_the_senders_stock_booked_in_is_his_material_not_a_receipt() -> None:
    reading = _read("72003 冷轧板已经入库了")
    assert (reading.intent, reading.node, reading.done) == ("progress", "material_ready", True)


def test_parts_plated_and_back_are_still_the_plating_done() -> None:
    reading = _read("72004 镀锌件回来了")
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True)


def test_a_step_done_again_said_done_is_rework() -> None:
    reading = _read("72005 焊点脱落7件 重新点焊了", role="qc")
    assert (reading.intent, reading.defect_qty, reading.rework) == ("defect", 7, True)


def test_a_step_done_again_said_plainly_is_rework() -> None:
    reading = _read("72006 红锈 12件 重新喷砂", role="qc")
    assert (reading.intent, reading.defect_qty, reading.rework) == ("defect", 12, True)


def test_a_step_left_out_made_good_is_rework() -> None:
    reading = _read("72007 漏铆4件 补铆好了")
    assert (reading.intent, reading.defect_qty, reading.rework) == ("defect", 4, True)


def test_the_machine_set_up_again_is_no_rework_of_the_pieces() -> None:
    reading = _read("72008 首件不行 孔距偏大 重新调机")
    assert reading.rework is None


def test_grit_in_the_coat_is_an_appearance_defect() -> None:
    reading = _read("72009 喷塑有颗粒 6件", role="qc")
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 6, "appearance")


def test_a_brushed_finish_gone_wrong_is_an_appearance_defect() -> None:
    reading = _read("72010 拉丝不良 8件", role="qc")
    assert (reading.intent, reading.defect_qty, reading.category) == ("defect", 8, "appearance")


def test_a_duct_welded_is_recorded_without_asking() -> None:
    reading = _read("72011 排烟风管都焊接好了")
    assert (reading.intent, reading.node, reading.done, reading.confirm) == ("progress", "in_process", True, None)


def test_a_damper_in_assembly_is_recorded_without_asking() -> None:
    reading = _read("72013 风阀在组装")
    assert (reading.intent, reading.node, reading.done, reading.confirm) == ("progress", "in_process", False, None)


def test_a_cabinet_named_before_its_step_is_the_goods_not_an_unread_word() -> None:
    reading = _read("72012 柜子焊接完了")
    assert (reading.intent, reading.node, reading.done, reading.confirm) == ("progress", "in_process", True, None)
