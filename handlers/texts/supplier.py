"""What the bot says to supplier contacts, and about their reports to the buyers' and QC groups.

Short, shop-floor style: the reader holds a phone in one hand. Each entry is (zh, en);
`say` picks the speaker's language and fills the placeholders.
"""

from __future__ import annotations

from bot import speech
from storage.plans import NODE_LABELS

EXAMPLES_ZH = "· PO-1001 原材料到了\n· 1001 完成60%\n· 1001 延期到12月3号 钢材没到"
EXAMPLES_EN = "· PO-1001 material arrived\n· 1001 60% done\n· 1001 delay to Dec 3, steel late"

CATALOGUE: dict[str, tuple[str, str]] = {
    "refuse_unbound": (
        "这个群还没有绑定，我暂时不能记录。请管理员发送 /bind 绑定供应商后再报。",
        "This chat isn't linked yet, so I can't record anything. Ask an admin to send /bind here.",
    ),
    "welcome": (
        "您好，我是外协进度助手 👋 直接发消息报进度就行，例如：\n" + EXAMPLES_ZH
        + "\n· PO-1001 发货 500件 批次L2311-01\n· 照片配文字：1001 质检",
        "Hi, I'm the subcontracting assistant 👋 Just send a message, e.g.:\n" + EXAMPLES_EN
        + "\n· PO-1001 shipped 500 pcs lot L2311-01\n· a photo captioned: 1001 QC",
    ),
    "unknown": (
        "没看懂 🙏 可以这样发：\n" + EXAMPLES_ZH,
        "Sorry, I didn't get that 🙏 Try:\n" + EXAMPLES_EN,
    ),
    "order_not_found": (
        "您的订单里没有找到 {po}，请核对单号。",
        "I can't find {po} among your orders. Please check the number.",
    ),
    "milestone_not_found": ("没有找到这个订单节点。", "I can't find that order step."),
    "no_open_orders": ("您目前没有在制订单。", "You have no open orders right now."),
    "all_done": ("{po} 的节点都已完成。", "All steps of {po} are done already."),
    "node_not_in_plan": ("{po} 的计划里没有「{node}」这个节点。", "{po} has no step “{node}” in its plan."),
    "received_is_buyers": (
        "到货验收由采购确认，不用报哦。已发货请发：{po} 发货 数量 批次号",
        "The buyer confirms receipt. If you shipped, send: {po} shipped <qty> lot <no>",
    ),
    "progress_done": ("{po} {node} ✔ {at}", "{po} {node} ✔ {at}"),
    "progress_partial": ("{po} {node} 进度 {figures} · {at}", "{po} {node} at {figures} · {at}"),
    "progress_started": ("{po} {node} 进行中 · {at}", "{po} {node} in progress · {at}"),
    "progress_note": ("{po} 已记录：{text} · {at}", "{po} noted: {text} · {at}"),
    "implied": ("之前的节点一并记为完成：{nodes}", "earlier steps also marked done: {nodes}"),
    "expected": ("预计 {date} 完成", "expected {date}"),
    "undo_hint": ("发「撤回」可撤销", "send “undo” to take it back"),
    "ask_values_too": ("请接着发检验数据 👇", "Please send the inspection data next 👇"),
    "delay_done": ("{po} {node} 改到 {new}（原 {old}）✔ 已通知采购", "{po} {node} moved to {new} (was {old}) ✔ buyer told"),
    "node_already_done": ("{po} {node} 已经完成了，不用延期。", "{po} {node} is done already; no delay needed."),
    "delay_shifted": ("后续节点顺延：{nodes}", "later steps moved: {nodes}"),
    "delay_not_later": (
        "{po} {node} 计划是 {old}，{new} 不晚于计划，不算延期，已记录。",
        "{po} {node} is planned for {old}; {new} is not later, so no delay. Noted.",
    ),
    "ask_delay_date": (
        "{po} {node} 延到哪天？点按钮，或直接发日期和原因，例如：12月3号 钢材没到",
        "{po} {node}: delayed to which date? Tap a button or type it, e.g. Dec 3 steel late",
    ),
    "plus_days": ("+{n}天", "+{n} days"),
    "buyer_delay": (
        "⚠️ 延期 {po}（{supplier}）{node}：{old} → {new}\n原因：{reason}\n报告人：{who} · EXC-{exception}",
        "⚠️ Delay {po} ({supplier}) {node}: {old} → {new}\nReason: {reason}\nReported by {who} · EXC-{exception}",
    ),
    "no_reason": ("未说明", "not given"),
    "ship_done": ("{po} 发货 {qty}件 批次{lot} ✔ 已发 {shipped}/{total}，剩余 {left}件", "{po} shipped {qty} pcs lot {lot} ✔ {shipped}/{total} sent, {left} left"),
    "ship_all": ("{po} 发货 {qty}件 批次{lot} ✔ 已全部发完 {shipped}/{total}", "{po} shipped {qty} pcs lot {lot} ✔ all sent {shipped}/{total}"),
    "ship_duplicate": (
        "{po} 批次{lot} 已登记过（{qty}件），没有重复记录。",
        "{po} lot {lot} is already recorded ({qty} pcs); not counted twice.",
    ),
    "ship_nothing_left": ("{po} 已全部发完（{total}件），没有剩余。", "{po} is fully shipped ({total} pcs); nothing left."),
    "ask_ship_qty": (
        "{po} 这次发了多少件？直接发数量，例如：500件 批次L2311-01",
        "{po}: how many did you ship? e.g. 500 pcs lot L2311-01",
    ),
    "ship_all_button": ("全部（剩余{left}件）", "All ({left} left)"),
    "defect_done": (
        "{po} 不良 {qty}件 已登记（{description}），已通知质检和采购。请补拍照片发上来 📷",
        "{po} {qty} defective recorded ({description}); QC and the buyer are told. Please send photos 📷",
    ),
    "qty_unknown": ("数量未说明", "qty not given"),
    "group_defect": (
        "❗不良 {po}（{supplier}）{qty}：{description}\n报告人：{who} · EXC-{exception}",
        "❗Defect {po} ({supplier}) {qty}: {description}\nReported by {who} · EXC-{exception}",
    ),
    "pcs": ("{n}件", "{n} pcs"),
    "photos_saved": ("{po} 照片 {n}张 已存（{node}）", "{po}: {n} photo(s) saved ({node})"),
    "inspection_ask": (
        "{po} {node}：请按顺序发实测值（空格隔开），外观项发 OK/NG：\n{lines}\n例：{example}",
        "{po} {node}: send the measured values in order (space-separated), OK/NG for visual items:\n{lines}\ne.g. {example}",
    ),
    "inspection_ask_free": (
        "{po} {node}：订单没有设定检验标准，请发 OK 或 NG（可加实测值、照片）。",
        "{po} {node}: the order has no acceptance criteria; send OK or NG (values and photos welcome).",
    ),
    "inspection_pass": ("{po} {node} 检验合格 ✔ {n}项在公差内", "{po} {node}: passed ✔ {n} item(s) in tolerance"),
    "inspection_fail": ("{po} {node} 检验不合格 ✖ {items}\n已通知质检。", "{po} {node}: failed ✖ {items}\nQC is told."),
    "inspection_partial": ("已记录 {n}项，还差：{names}。请继续发。", "Recorded {n} item(s); still missing: {names}. Send the rest."),
    "inspection_unjudged": (
        "{po} 检验数据已记录（{n}个值），订单没有标准，质检会复核。",
        "{po} inspection data recorded ({n} values); no criteria on the order, QC will review.",
    ),
    "group_inspection_failed": (
        "❗检验不合格 {po}（{supplier}）{node}：{items}\n报告人：{who} · EXC-{exception}",
        "❗Inspection failed {po} ({supplier}) {node}: {items}\nReported by {who} · EXC-{exception}",
    ),
    "missing_value": ("{name} 无数据", "{name} no value"),
    "undo_done": ("已撤回：{what}", "Undone: {what}"),
    "undo_none": (
        "没有可撤回的记录（只能撤回 {minutes} 分钟内您自己发的最后一条）。",
        "Nothing to undo (only your own last report within {minutes} minutes).",
    ),
    "undo_what": ("{po}「{text}」（{at}）", "{po} “{text}” ({at})"),
    "one_order_per_message": ("一条消息请只报一个订单 🙏 分开发就行。", "One order per message please 🙏 Just send them separately."),
    "photos_waiting": ("检验数据发上来就行 👇", "Send the inspection data when ready 👇"),
    "undo_restored": ("{node} 恢复为 {state}", "{node} back to {state}"),
    "withdrawn": ("供应商已撤回这条报告", "the supplier took the report back"),
    "noted": ("👌 收到", "👌 Noted"),
    "ask_which_order": ("是哪个订单？点一下，或发单号。", "Which order? Tap one or type the PO."),
    "ask_which_order_photo": ("照片是哪个订单的？点一下，或发单号。", "Which order are the photos for? Tap one or type the PO."),
    "ask_which_node": ("{po} 是哪个节点？", "{po}: which step?"),
    "ask_percent_or_qty": ("{number} 是百分比还是件数？", "Is {number} a percent or a quantity?"),
    "ask_what_update": (
        "{po} 有什么更新？点按钮，或直接发，例如：{po} 完成60%",
        "{po}: what's the update? Tap a button or type e.g. {po} 60% done",
    ),
    "ask_is_delay": ("{po}：{reason}。会影响交期吗？", "{po}: {reason}. Will it delay delivery?"),
    "button_done": ("✔ {node}完成", "✔ {node} done"),
    "button_delay": ("⏰ 延期", "⏰ Delayed"),
    "button_will_delay": ("会延期", "Yes, delayed"),
    "button_no_delay": ("不影响交期", "No delay"),
    "button_percent": ("{number}%", "{number}%"),
    "button_qty": ("{number}件", "{number} pcs"),
    "clarify_expired": ("这个问题已过期，请重新发一次。", "That question has expired. Please send it again."),
    "staff_report_hint": (
        "进度由供应商在外协群里报；查询请发 /status PO号。",
        "Suppliers report progress in their own chat; ask with /status <PO>.",
    ),
    "orders_header": ("您的在制订单：", "Your open orders:"),
    "orders_header_page": ("您的在制订单（第{first}–{last}个，共{total}个）：",
                           "Your open orders ({first}–{last} of {total}):"),
    "orders_more": ("……还有{n}个。点「更多」看下一页，或发订单号看单个订单。",
                    "…and {n} more. Tap More for the next page, or send a PO number to see one order."),
    "button_more_orders": ("更多", "More"),
    "orders_line": ("{po} 当前：{node} 计划 {date}", "{po} now: {node} due {date}"),
    "orders_line_done": ("{po} 节点已全部完成", "{po} all steps done"),
    "title_delay": ("{po} {node} 延期至 {new}：{reason}", "{po} {node} delayed to {new}: {reason}"),
    "title_defect": ("{po} 不良 {qty}：{description}", "{po} defect {qty}: {description}"),
    "title_inspection": ("{po} {node} 检验不合格：{items}", "{po} {node} inspection failed: {items}"),
    # --- reading checked before it is written: confirm first, with the reason --------------
    "confirm_ask": ("请确认：{line}\n{reasons}", "Please confirm: {line}\n{reasons}"),
    "confirm_ask_plain": ("请确认：{line}", "Please confirm: {line}"),
    "button_yes": ("✔ 对，记录", "✔ Yes, record it"),
    "button_no": ("✘ 不对", "✘ No"),
    "button_alt": ("改为：{line}", "Instead: {line}"),
    "confirm_rejected": (
        "✘ 没有记录：{line}\n请换个说法再发一次，例如：" + "1001 完成60%",
        "✘ Nothing recorded: {line}\nPlease send it again in other words, e.g. 1001 60% done",
    ),
    "confirm_expired": ("⌛ 超时未确认，没有记录：{line}", "⌛ Not confirmed in time; nothing recorded: {line}"),
    "confirm_dropped": ("（上一条未确认，没有记录：{line}）", "(The last one was not confirmed; nothing recorded: {line})"),
    "photos_wait_confirm": ("照片 {n}张 已收到，点 ✔ 后和上面这条一起记录", "{n} photo(s) received; they go with the reading above once you tap ✔"),
    "reason_line": ("⚠ {reason}", "⚠ {reason}"),
    "doubt_reader": ("我不确定读对了", "I'm not sure I read this right"),
    "doubt_node_unnamed": ("没写节点，按当前节点「{node}」记", "no step named; it would go on the current one, {node}"),
    "doubt_picked_order": ("没写单号，按 {po} 记", "no PO given; it would go on {po}"),
    "doubt_qty_over_order": ("{qty}件 超过订单数量 {total}件", "{qty} pcs is more than the order's {total}"),
    "doubt_total_differs": ("订单数量是 {total}件，消息里是 {said}件", "the order is for {total} pcs, the message says {said}"),
    "doubt_left_over_order": ("剩 {left}件 超过订单数量 {total}件", "{left} left is more than the order's {total}"),
    "doubt_date_not_future": ("{date} 不是以后的日期", "{date} is not a later date"),
    "doubt_date_far": ("{date} 是半年以后了", "{date} is more than half a year away"),
    "doubt_ship_over": ("只剩 {left}件 没发（已发 {shipped}/{total}）", "only {left} pcs are left to ship ({shipped}/{total} sent)"),
    "doubt_ship_all": ("全部发完应是 {left}件，消息里是 {qty}件", "all that is left is {left} pcs, the message says {qty}"),
    "doubt_lot_seq": ("已登记 {lots} 批，这批应是第 {next} 批", "{lots} lot(s) recorded so far; this would be lot {next}"),
    "doubt_defect_over": ("不良 {qty}件 超过订单数量 {total}件", "{qty} defective is more than the order's {total}"),
    "doubt_lot_unknown": ("{po} 没有登记过批次{lot}", "{po} has no lot {lot} recorded"),
    "doubt_defect_over_lot": ("不良 {qty}件 超过批次{lot}的 {total}件", "{qty} defective is more than lot {lot}'s {total} pcs"),
    "doubt_values": ("{n}个值 和检验项对不上：{items}", "{n} value(s) don't fit the inspection plan: {items}"),
    "doubt_closes": ("会关闭异常 #{id}：{title}", "this would close exception #{id}: {title}"),
    "doubt_plan_later": ("比计划 {old} 晚，会记为延期并通知采购", "later than the plan ({old}): recorded as a delay, buyer told"),
    # one line per reading, as the confirmation shows it
    "line_done": ("{po} {node} 完成", "{po} {node} done"),
    "line_partial": ("{po} {node} 进度 {figures}", "{po} {node} at {figures}"),
    "line_started": ("{po} {node} 进行中", "{po} {node} in progress"),
    "line_plan": ("{po} {node} 预计 {date}（计划）", "{po} {node} planned for {date}"),
    "line_delay_to": ("{po} {node} 延期到 {date}", "{po} {node} delayed to {date}"),
    "line_delay_days": ("{po} {node} 延后 {days} 天", "{po} {node} delayed by {days} day(s)"),
    "line_delay": ("{po} {node} 延期", "{po} {node} delayed"),
    "line_ship": ("{po} 发货 {qty}件", "{po} shipped {qty} pcs"),
    "line_ship_all": ("{po} 剩余全部发货", "{po} all the rest shipped"),
    "line_ship_some": ("{po} 发货", "{po} shipped"),
    "line_defect": ("{po} 不良 {qty}件 {description}", "{po} {qty} defective {description}"),
    "line_values": ("{po} 检验数据 {values}", "{po} inspection data {values}"),
    "line_shortage": ("{po} 缺料 {reason}", "{po} short of material {reason}"),
    "line_left": ("剩 {left}件", "{left} pcs left"),
    "line_reason": ("（{reason}）", " ({reason})"),
    "line_lot": ("批次{lot}", "lot {lot}"),
    "line_on": ("{date}", "on {date}"),
    "this_node": ("当前节点", "current step"),
    # plan, shortage, snooze, correction, implied closings
    "plan_done": ("{po} {node} 预计 {date} ✔ 已记下（计划，不算进度）", "{po} {node} planned for {date} ✔ noted (a plan, not progress)"),
    "plan_is_delay": ("预计 {date} 比计划 {old} 晚，按延期记：", "{date} is later than the plan ({old}), so it is a delay:"),
    "exceptions_closed": ("已关闭异常：{items}", "exceptions closed: {items}"),
    "shortage_done": ("{po} 缺料已登记（{reason}），已通知采购 · {at}", "{po} material shortage recorded ({reason}); buyer told · {at}"),
    "buyer_shortage": (
        "⚠️ 缺料 {po}（{supplier}）：{reason}\n报告人：{who} · 异常 #{exception}",
        "⚠️ Material shortage {po} ({supplier}): {reason}\nReported by {who} · exception #{exception}",
    ),
    "title_shortage": ("{po} 缺料：{reason}", "{po} material shortage: {reason}"),
    "snooze_done": ("好的，{date} 再提醒您 ⏰", "OK, I'll remind you on {date} ⏰"),
    "correct_none": ("没有可更正的记录（只能更正自己 {minutes} 分钟内的报告）。请直接发正确的内容。",
                     "Nothing to correct (only your own reports of the last {minutes} minutes). Just send the right one."),
    "correct_unclear": ("要改成什么？例如：应该是40%", "Corrected to what? e.g. should be 40%"),
    "dropped_fact": ("（没看懂：{text}，没有记录）", "(Didn't get: {text}; nothing recorded)"),
    "state_pending": ("待开始", "pending"),
    "state_in_progress": ("进行中", "in progress"),
    "state_done": ("完成", "done"),
    "state_skipped": ("跳过", "skipped"),
}


def say(key: str, language: str, **values: object) -> str:
    return speech.say(CATALOGUE, key, language, **values)


def node_label(node: str, language: str) -> str:
    return speech.label(NODE_LABELS, node, language)


def joined(items: list[str], language: str) -> str:
    return ("、" if language.startswith("zh") else ", ").join(items)
