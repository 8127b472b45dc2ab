"""What the bot says about the buyer's half of an order — receiving, incoming inspection,
returns, closing and changes — to the staff who record it and to the supplier's chat."""

from __future__ import annotations

from bot import speech

CATALOGUE: dict[str, tuple[str, str]] = {
    # refusals
    "denied.role": ("只有采购、仓库、质检或管理人员可以登记{what}。", "Only buyers, warehouse, QC or managers can record {what}."),
    "what.receipt": ("收货", "a receipt"),
    "what.inspection": ("来料检验", "an incoming inspection"),
    "what.return": ("退货", "a return"),
    "what.close": ("关闭或作废订单", "closing or cancelling an order"),
    "what.change": ("订单变更", "an order change"),
    "not_found": ("没有找到订单 {po}。", "Order {po} not found."),
    "order_ended": ("{po} 当前状态为「{status}」，不能再登记{what}。", "{po} is {status}; it takes no more {what}."),
    "qty_positive": ("数量必须是正整数，收到的是 {qty}。", "The quantity must be a positive whole number, not {qty}."),
    "lot_unknown": ("{po} 没有批次 {lot}。已发货批次：{lots}", "{po} has no lot {lot}. Shipped lots: {lots}"),
    "lot_which": ("{po} 有多个批次待收货，请写明批次：{lots}\n例如：{po} 收货 {qty} 批次{first}",
                  "{po} has several lots waiting; which one? {lots}\nFor example: {po} received {qty} lot {first}"),
    "lot_which_inspect": ("{po} 有多个批次待检验，请写明批次：{lots}", "{po} has several lots to inspect; which one? {lots}"),
    "no_lots": ("{po} 还没有收货的批次。", "{po} has no received lot yet."),
    "not_received": ("批次 {lot} 还没有收货，请先登记收货。", "Lot {lot} has not been received yet; record the receipt first."),
    "nothing_to_inspect": ("批次 {lot} 已全部检验完（收货 {received}，已判定 {decided}），没有待检数量。",
                           "Lot {lot} is fully inspected (received {received}, decided {decided}); nothing is waiting."),
    "sum_wrong": ("数量对不上：{terms} = {total}，但批次 {lot} 待检 {expected}（{basis}）。未登记，请核对后重发。",
                  "The quantities don't add up: {terms} = {total}, but lot {lot} has {expected} to inspect ({basis}). "
                  "Nothing recorded; please check and send again."),
    "basis.first": ("收货 {received}，已判定 {decided}", "received {received}, decided {decided}"),
    "basis.rework": ("返工待复检 {pending}", "{pending} back from rework"),
    "return_too_many": ("批次 {lot} 可退货数量为 {left}（不合格 {rejected}，已退 {returned}），不能退 {qty}。",
                        "Lot {lot} has {left} to return (rejected {rejected}, returned {returned}); {qty} is too many."),
    "over_ask": ("⚠ {po} 批次 {lot} 发货 {shipped}，本次收货 {qty} 后累计 {total}，多收 {over}。确认登记吗？",
                 "⚠ {po} lot {lot}: shipped {shipped}, with this {qty} received comes to {total}, {over} more than "
                 "shipped. Record it?"),
    "over_cancelled": ("已取消，没有登记。", "Cancelled; nothing recorded."),
    "confirm_expired": ("这个确认已失效（订单或批次已变化），请重新发送。", "This confirmation is stale (the order or lot changed); please send again."),
    # receipts
    "received": ("✅ {po} 批次 {lot} 收货 {qty}{unit}（累计 {total}/{shipped}）。{diff}",
                 "✅ {po} lot {lot}: received {qty} {unit} ({total}/{shipped} so far). {diff}"),
    "diff.exact": ("与发货数量一致。", "Matches the quantity shipped."),
    "diff.short": ("比发货少 {n}（短交）。", "{n} short of the quantity shipped."),
    "diff.over": ("比发货多 {n}（超交）。", "{n} more than shipped."),
    "inspect_hint": ("检验后请发：{po} {lot} 合格N 返工N 不合格N 报废N 让步N",
                     "After inspection send: {po} {lot} accepted N rework N rejected N scrap N concession N"),
    # inspections
    "inspected": ("🔎 {po} 批次 {lot} 来料检验：{terms}。", "🔎 {po} lot {lot} incoming inspection: {terms}."),
    "inspected_order": ("订单累计合格 {accepted}/{ordered}{unit}。", "Order accepted so far: {accepted}/{ordered} {unit}."),
    "exception_opened": ("已开异常单 #{id}，并通知供应商。", "Exception #{id} opened and the supplier told."),
    "term.accepted": ("合格{n}", "accepted {n}"),
    "term.rejected": ("不合格{n}", "rejected {n}"),
    "term.rework": ("返工{n}", "rework {n}"),
    "term.scrap": ("报废{n}", "scrap {n}"),
    "term.concession": ("让步接收{n}", "concession {n}"),
    "title_iqc": ("{po} 批次 {lot} 来料检验：{terms}", "{po} lot {lot} incoming inspection: {terms}"),
    "supplier_iqc": ("【来料检验】{po} 批次 {lot}：{terms}。异常单 #{id}，请尽快回复原因和处理方案。",
                     "[Incoming inspection] {po} lot {lot}: {terms}. Exception #{id}: please reply with the cause "
                     "and what you will do."),
    "staff_iqc": ("⚠ 来料检验 {po} {supplier} 批次 {lot}：{terms}（{who}）· 异常单 #{id}",
                  "⚠ Incoming inspection {po} {supplier} lot {lot}: {terms} ({who}) · exception #{id}"),
    # returns
    "returned": ("↩ {po} 批次 {lot} 退货 {qty}{unit}，已通知供应商补交。待补交合计 {due}。",
                 "↩ {po} lot {lot}: {qty} {unit} returned; the supplier is told to deliver again. "
                 "To be delivered again: {due}."),
    "supplier_return": ("【退货】{po} 批次 {lot} 退回 {qty}{unit}{reason}。请补交 {qty}{unit}，发货时注明新批次号。",
                        "[Return] {po} lot {lot}: {qty} {unit} sent back{reason}. Please deliver {qty} {unit} again "
                        "and name the new lot when you ship."),
    # closing
    "closed_accepted": ("🎉 {po} 合格数量已达订单数量 {qty}{unit}，订单验收关闭，不再催办。",
                        "🎉 {po}: accepted quantity reached the ordered {qty} {unit}; the order is closed and nothing "
                        "escalates any more."),
    "supplier_accepted": ("【验收完成】{po} 已全部验收（{qty}{unit}），订单关闭。谢谢配合！",
                          "[Accepted] {po} is fully accepted ({qty} {unit}) and closed. Thank you!"),
    "closed_short": ("{po} 已短交关闭：合格 {accepted}/{qty}{unit}。原因：{reason}",
                     "{po} closed short: {accepted}/{qty} {unit} accepted. Reason: {reason}"),
    "supplier_short": ("【短交关闭】{po} 按已交合格 {accepted}{unit} 关闭，其余不再需要。原因：{reason}",
                       "[Closed short] {po} is closed at the {accepted} {unit} accepted; the rest is no longer "
                       "needed. Reason: {reason}"),
    "cancelled": ("{po} 已作废。原因：{reason}", "{po} cancelled. Reason: {reason}"),
    "supplier_cancelled": ("【订单作废】{po} 已作废，请停止生产和发货。原因：{reason}",
                           "[Cancelled] {po} is cancelled; please stop making and shipping it. Reason: {reason}"),
    "need_reason": ("请写明原因，例如：{example}", "Please give a reason, for example: {example}"),
    "close_note": ("订单关闭", "order closed"),
    # materials issued
    "what.material": ("发料", "materials issued"),
    "material_issued": ("📦 {po} {kind}：{material} {qty}{unit}{batch}{lot}，已通知供应商确认收料。",
                        "📦 {po} {kind}: {material} {qty} {unit}{batch}{lot}; the supplier is asked to confirm receipt."),
    "supplier_material": ("【{kind}】{po}：{material} {qty}{unit}{batch}{lot} 已发出。收到后请回复「{po} 料收到了」；数量不够请回复「{po} 料不够」。",
                          "[{kind}] {po}: {material} {qty} {unit}{batch}{lot} sent. When it arrives reply \"{po} material received\"; "
                          "if it is short reply \"{po} material short\"."),
    "kind.issue": ("发料", "Material issued"),
    "kind.supplement": ("补料", "Extra material"),
    "kind.return": ("退料", "Material returned"),
    "batch_part": ("，炉号/批号 {batch}", ", heat/batch {batch}"),
    "lot_part": ("，用于批次 {lot}", ", for lot {lot}"),
    "material_help": ("用法：{po} 发料 钢板Q235 200kg 炉号H2311 [批次L2311-01]",
                      "Usage: {po} issue steel Q235 200kg heat H2311 [lot L2311-01]"),
    # changes
    "changed": ("✏ {po} 已变更：{what}{reason}", "✏ {po} changed: {what}{reason}"),
    "supplier_changed": ("【订单变更】{po}：{what}{reason}。请按新要求安排。",
                         "[Order change] {po}: {what}{reason}. Please plan to the new terms."),
    "change.quantity": ("数量 {old} → {new}", "quantity {old} → {new}"),
    "change.due_date": ("交期 {old} → {new}", "due date {old} → {new}"),
    "change.priority": ("优先级 {old} → {new}", "priority {old} → {new}"),
    "change.node": ("{node} 计划 {old} → {new}", "{node} plan {old} → {new}"),
    "change_nothing": ("{po} 没有变化。", "{po}: nothing changed."),
    "change_before_release": ("{what} 不能早于下单日期 {release}。", "{what} cannot be before the release date {release}."),
    "change_below_accepted": ("数量不能少于已合格的 {accepted}。", "The quantity cannot be below the {accepted} already accepted."),
    "change_help": ("用法：/change PO-1001 交期 12-20 [原因]；可改：数量、交期、优先级（普通/加急/特急）、节点日期（如 发货 12-18）",
                    "Usage: /change PO-1001 due 12-20 [reason]; you can change: quantity, due, priority "
                    "(normal/high/urgent), a node's date (e.g. shipped 12-18)"),
    "change_unknown_node": ("{po} 的计划里没有节点 {node}。", "{po} has no node {node} in its plan."),
    "change_node_done": ("{node} 已完成，不能改计划日期。", "{node} is done; its planned date cannot change."),
    "reason_sep": ("（原因：{reason}）", " (reason: {reason})"),
}


def say(key: str, language: str, **values: object) -> str:
    return speech.say(CATALOGUE, key, language, **values)


def terms(quantities: dict[str, int], language: str) -> str:
    """`合格470，返工10` — the non-zero quantities of a disposition, in a fixed order."""
    order = ("accepted", "concession", "rework", "rejected", "scrap")
    parts = [say(f"term.{name}", language, n=quantities[name]) for name in order if quantities.get(name)]
    if not parts:
        parts = [say("term.accepted", language, n=0)]
    return ("，" if language.startswith("zh") else ", ").join(parts)
