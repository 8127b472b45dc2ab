"""Round 35 (r35ds): Guizhou speech (DS) and northern Jiangsu's Jianghuai Mandarin (DU).

Jianghuai 歇 after a step or a verb of work is its end (焊歇了, 都发歇了), never a rest (今天歇了); 可 before 到了/发了 asks
yes or no; 做不赢 is the making late; 照 alone is OK and 首件照了 the first article passed; 逗 is 就; a voice slip types
终检 as 中间 before its verdict. Guizhou 默到 ("I thought") hedges what follows; 板扎 and 得行 are assent, 老表 a mate
addressed, 拖起的 gone late. The non-destructive tests named 检测 (荧光检测, 磁粉检测) are steps of the making."""

from __future__ import annotations

from datetime import date

from tests.handlers.monday_reading import read as _read


def test_xie_after_a_step_is_the_step_done() -> None:
    for text in ("51201 折弯歇了", "51202 打磨做歇了 300件", "51203 攻丝歇了 逗等包装"):
        reading = _read(text)
        assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", True), text
    assert _read("51202 打磨做歇了 300件").qty_done == 300


def test_xie_after_the_shipping_verb_is_all_shipped_and_a_rest_is_no_step() -> None:
    reading = _read("51204 剩下的都发歇了")
    assert (reading.intent, reading.all) == ("shipment", True)
    assert _read("今天歇了").intent == "clarify"  # a day off, no step done


def test_ke_before_the_verb_asks_yes_or_no() -> None:
    assert (_read("51205可到了", role="buyer").intent, _read("51205可到了", role="buyer").po) == ("status_query", "51205")
    assert _read("51206 可发了啊", role="buyer").intent == "status_query"
    assert _read("这批货可到了", role="warehouse").intent == "clarify"  # no order named


def test_zuo_bu_ying_is_the_making_late() -> None:
    reading = _read("51207 这礼拜做不赢 要下礼拜二")
    assert (reading.intent, reading.node, reading.new_date) == ("delay", "in_process", date(2026, 12, 15))


def test_zhao_alone_is_ok_and_after_a_check_it_passed() -> None:
    assert _read("嗯 照的").intent == "noted"
    assert _read("照 晓得了").intent == "noted"
    reading = _read("51208 首件照了")
    assert (reading.node, reading.done) == ("first_process", True)
    assert _read("51209 首件照片发群里了").node == "first_process"  # a photo is no verdict


def test_a_voice_slip_types_the_final_inspection_as_zhongjian() -> None:
    reading = _read("51210 中间过了")
    assert (reading.node, reading.done) == ("final_inspection", True)


def test_modao_hedges_what_the_sender_believes_done() -> None:
    reading = _read("我默到是到了的 你问下仓库嘛")
    assert reading.intent == "clarify" or reading.confirm is True  # asked, never recorded
    assert _read("51214 我默到是发了的").confirm is True


def test_guizhou_assent_and_address_are_noted() -> None:
    for text in ("得行", "得行 那就后天", "板扎", "辛苦了老表"):
        assert _read(text, role="buyer").intent == "noted", text


def test_banzha_after_a_report_adds_nothing() -> None:
    reading = _read("51211 首件过了 板扎")
    assert (reading.node, reading.done) == ("first_process", True) and not reading.confirm


def test_tuoqi_de_asks_for_the_late_orders() -> None:
    assert _read("哪几个单拖起的 发我看下", role="buyer").intent == "overdue_query"


def test_ndt_named_jiance_is_a_step_of_the_making() -> None:
    for text in ("51212 荧光检测做完了 莫得裂纹", "51213 磁粉检测搞完了"):
        reading = _read(text)
        assert (reading.node, reading.done) == ("in_process", True), text


def test_an_aluminium_grade_before_de_lv_is_the_stock_s_grade() -> None:
    reading = _read("51215 6063的铝型材到了 2吨")
    assert (reading.po, reading.node, reading.also) == ("51215", "material_ready", None)


def test_zai_gao_bare_after_the_order_is_the_work_under_way() -> None:
    reading = _read("51216 在搞")
    assert (reading.intent, reading.node, reading.done) == ("progress", "in_process", False)
    assert _read("你们在搞哪样嘛 51217咋个还莫得动静", role="buyer").intent == "status_query"
