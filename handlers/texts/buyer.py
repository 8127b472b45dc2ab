"""What the bot says to buyers, QC, managers and admins (and to suppliers asking about their
own orders), in Chinese and English, plus the small formatters those sentences share."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot import speech
from storage.models import ExceptionKind, OrderStatus
from storage.plans import NODE_LABELS

TEXTS: dict[str, tuple[str, str]] = {
    # refusals
    "denied.unknown_person": (
        "抱歉，我还不认识您。供应商联系人请向采购索取邀请码后私聊我发送 /join 邀请码；"
        "公司同事请让管理员把本群绑定（/bind）。",
        "Sorry, I don't know you yet. Supplier contacts: ask your buyer for an invite code and send me "
        "/join CODE in a private chat. Colleagues: ask an admin to bind this chat (/bind).",
    ),
    "denied.unbound_group": (
        "本群还没有绑定，为保护订单信息我不在这里回答。请管理员发送 /bind，或私聊我查询。",
        "This group is not bound yet, so I don't share order data here. Ask an admin to /bind it, "
        "or ask me in a private chat.",
    ),
    "denied.no_supplier": (
        "抱歉，这个聊天没有关联到您的供应商，无法查询。请联系采购。",
        "Sorry, this chat is not linked to your supplier, so I can't answer here. Please contact your buyer.",
    ),
    "denied.act": (
        "供应商不能确认或关闭异常单；采购会跟进处理。",
        "Suppliers cannot acknowledge or close exceptions; your buyer will follow up.",
    ),
    # status
    "status.need_po": ("请告诉我订单号，例如：PO-1001 进度?", "Which order? For example: /status PO-1001"),
    "status.not_found": ("没有找到订单 {po}。", "Order {po} not found."),
    "status.not_yours": ("在您的订单中没有找到 {po}。", "{po} was not found among your orders."),
    "status.header": ("📦 {po} · {supplier}", "📦 {po} · {supplier}"),
    "status.line": ("{part} · {qty}{unit} · 交期 {due} · {status}", "{part} · {qty} {unit} · due {due} · {status}"),
    "status.buyer": ("采购：{buyer}", "Buyer: {buyer}"),
    "status.planned": ("计划 {date}", "plan {date}"),
    "status.actual": ("实际 {date}", "done {date}"),
    "status.late_done": ("晚{days}天", "{days} d late"),
    "status.overdue": ("逾期{days}天", "{days} d overdue"),
    "status.moved": ("原计划 {date}", "was {date}"),
    "status.skipped": ("跳过", "skipped"),
    "status.last_report": ("最近汇报：{who}「{text}」· {ago}", "Last report: {who} \"{text}\" · {ago}"),
    "status.no_report": ("最近汇报：暂无", "Last report: none yet"),
    "status.photos": ("照片：{n}张", "Photos: {n}"),
    "status.shipped": ("已发货 {shipped}/{total}{unit}，已验收 {accepted}", "Shipped {shipped}/{total} {unit}, accepted {accepted}"),
    "status.open_exceptions": ("未关闭异常：{n}", "Open exceptions: {n}"),
    "status.accepted": ("已于 {date} 验收完成。", "Accepted on {date}."),
    "status.cancelled": ("订单已取消。", "Order cancelled."),
    "status.closed": ("订单已短交关闭。", "Order closed short."),
    "status.at_risk": ("❗有风险：{node}——{why}", "❗At risk: {node} — {why}"),
    "forecast.plan": ("预计完成：{date}（按计划{late}）", "Expected finish: {date} (on plan{late})"),
    "forecast.lag": (
        "预计完成：{date}{late}——当前节点已逾期{days:.0f}天，后续节点顺延",
        "Expected finish: {date}{late} — the current node is {days:.0f} d overdue, the rest slides with it",
    ),
    "forecast.slip": (
        "预计完成：{date}{late}——按{supplier}近90天平均每个节点晚{days:.1f}天（{nodes}个节点）",
        "Expected finish: {date}{late} — {supplier} finished nodes {days:.1f} d late on average "
        "over the last 90 days ({nodes} nodes)",
    ),
    "forecast.late": ("，晚于交期{days}天", ", {days} d after the due date"),
    "forecast.early": ("", ""),
    # lists
    "overdue.title": ("⚠ 逾期节点（{n}）", "⚠ Overdue nodes ({n})"),
    "overdue.none": ("没有逾期节点 👍", "Nothing is overdue 👍"),
    "overdue.line": ("{po} {supplier} · {node} · 计划 {date} · 逾期{days}天{percent}",
                     "{po} {supplier} · {node} · plan {date} · {days} d overdue{percent}"),
    "today.title": ("📅 今日到期节点 {date}（{n}）", "📅 Nodes due today {date} ({n})"),
    "today.none": ("今天没有到期的节点。", "No nodes are due today."),
    "today.line": ("{mark} {po} {supplier} · {node}{percent}", "{mark} {po} {supplier} · {node}{percent}"),
    "orders.title.mine": ("📋 我负责的在途订单（{n}）", "📋 My open orders ({n})"),
    "orders.title.all": ("📋 在途订单（{n}）", "📋 Open orders ({n})"),
    "orders.none": ("没有在途订单。", "No open orders."),
    "orders.line": ("{mark} {po} {supplier} · {node} · 交期 {due}", "{mark} {po} {supplier} · {node} · due {due}"),
    "list.more": ("……还有{n}条", "…and {n} more"),
    "list.all_done": ("全部节点完成", "all nodes done"),
    # suppliers
    "supplier.need_name": ("请说明供应商，例如：/supplier 华达。可选：{names}",
                           "Which supplier? For example: /supplier HD. Known: {names}"),
    "supplier.not_found": ("没有找到供应商“{name}”。", "Supplier \"{name}\" not found."),
    "supplier.ambiguous": ("“{name}”对应多个供应商：{names}。请写全称或代码。",
                           "\"{name}\" matches several suppliers: {names}. Use the full name or code."),
    "score.title": ("📊 {supplier} 评分（{start} ~ {end}）", "📊 {supplier} scorecard ({start} to {end})"),
    "score.total": ("综合评分：{score}", "Score: {score}"),
    "score.total_none": ("综合评分：数据不足", "Score: not enough data"),
    "score.on_time_delivery": ("交货准时率", "On-time delivery"),
    "score.node_on_time": ("节点达成率", "Node on-time rate"),
    "score.first_pass_yield": ("一次合格率", "First-pass yield"),
    "score.rework": ("返工率", "Rework rate"),
    "score.scrap": ("报废率", "Scrap rate"),
    "score.reporting_compliance": ("填报及时率", "Reporting compliance"),
    "score.rate": ("{label}：{pct}（{n}/{d}）", "{label}: {pct} ({n}/{d})"),
    "score.rate_none": ("{label}：—", "{label}: —"),
    "score.response": ("异常响应：中位 {median}，P90 {p90}（{n}单）", "Exception response: median {median}, p90 {p90} ({n})"),
    "score.response_none": ("异常响应：—", "Exception response: —"),
    "score.reasons": ("延期原因：{reasons}", "Delay reasons: {reasons}"),
    "score.reasons_none": ("延期原因：无", "Delay reasons: none"),
    "score.weights": ("权重：交货30% 合格25% 节点20% 填报15% 返工报废10%",
                      "Weights: delivery 30%, yield 25%, nodes 20%, reporting 15%, rework/scrap 10%"),
    # exceptions
    "exc.title": ("🚨 未关闭异常（{n}）", "🚨 Open exceptions ({n})"),
    "exc.none": ("没有未关闭的异常 👍", "No open exceptions 👍"),
    "exc.line": ("EXC-{id} {po} · {kind} · {title} · {ago}{state}", "EXC-{id} {po} · {kind} · {title} · {ago}{state}"),
    "exc.acked_state": ("（已认领：{who}）", " (acknowledged by {who})"),
    "exc.level_state": ("（已升级到{level}级）", " (escalated to level {level})"),
    "exc.returned_state": ("（认领超时仍未解决，已重新升级到{level}级）",
                           " (acknowledgement timed out, escalated again to level {level})"),
    "exc.reminded_state": ("（已提醒供应商）", " (supplier reminded)"),
    "exc.short": (" · EXC-{id} {title}{state}", " · EXC-{id} {title}{state}"),
    "exc.need_id": ("请写明异常编号，例如：/{cmd} EXC-12", "Which exception? For example: /{cmd} EXC-12"),
    "exc.not_found": ("没有找到异常 EXC-{id}。", "Exception EXC-{id} not found."),
    "exc.acked": ("✅ EXC-{id} 已由 {who} 认领，停止升级。{po}：{title}",
                  "✅ EXC-{id} acknowledged by {who}; escalation stopped. {po}: {title}"),
    "exc.already_acked": ("EXC-{id} 已由 {who} 于 {when} 认领过。", "EXC-{id} was already acknowledged by {who} at {when}."),
    "exc.resolved": ("✔ EXC-{id} 已由 {who} 解决。{po}：{title}\n处理结果：{note}",
                     "✔ EXC-{id} resolved by {who}. {po}: {title}\nResolution: {note}"),
    "exc.already_resolved": ("EXC-{id} 已由 {who} 于 {when} 解决。", "EXC-{id} was already resolved by {who} at {when}."),
    "exc.no_note": ("（未填写）", "(none given)"),
    "exc.bad_button": ("这个按钮已失效，请发送 /exceptions 重新查看。", "This button is no longer valid; send /exceptions."),
}

KIND_LABELS: dict[str, tuple[str, str]] = {
    ExceptionKind.DELAY.value: ("延期", "delay"),
    ExceptionKind.OVERDUE.value: ("逾期", "overdue"),
    ExceptionKind.DEFECT.value: ("不良", "defect"),
    ExceptionKind.INSPECTION_FAILED.value: ("检验不合格", "inspection failed"),
    ExceptionKind.MATERIAL_SHORTAGE.value: ("缺料", "material shortage"),
}

ORDER_STATUS_LABELS: dict[str, tuple[str, str]] = {
    OrderStatus.RELEASED.value: ("已下单", "released"),
    OrderStatus.IN_PROGRESS.value: ("进行中", "in progress"),
    OrderStatus.SHIPPED.value: ("已发货", "shipped"),
    OrderStatus.ACCEPTED.value: ("已验收", "accepted"),
    OrderStatus.CLOSED.value: ("短交关闭", "closed short"),
    OrderStatus.CANCELLED.value: ("已取消", "cancelled"),
}


def is_en(language: str) -> bool:
    return language == "en"


def say(key: str, language: str, **values: object) -> str:
    return speech.say(TEXTS, key, language, **values)


def pick(pair: tuple[str, str], language: str) -> str:
    return speech.in_language(pair, language)


def node_label(node: str, language: str) -> str:
    return speech.label(NODE_LABELS, node, language)


def kind_label(kind: str, language: str) -> str:
    return speech.label(KIND_LABELS, kind, language)


def order_status_label(status: str, language: str) -> str:
    return speech.label(ORDER_STATUS_LABELS, status, language)


def mmdd(day: date) -> str:
    return f"{day:%m-%d}"


def local_mmdd(moment: datetime, tz: ZoneInfo) -> str:
    return mmdd(moment.astimezone(tz).date())


def local_time(moment: datetime, tz: ZoneInfo) -> str:
    return f"{moment.astimezone(tz):%m-%d %H:%M}"


def ago(delta: timedelta, language: str) -> str:
    """`2小时前` / `2 h ago`: the coarsest unit that is at least one."""
    seconds = max(0, int(delta.total_seconds()))
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if days:
        return f"{days} d ago" if is_en(language) else f"{days}天前"
    if hours:
        return f"{hours} h ago" if is_en(language) else f"{hours}小时前"
    if minutes:
        return f"{minutes} min ago" if is_en(language) else f"{minutes}分钟前"
    return "just now" if is_en(language) else "刚刚"


def duration(delta: timedelta, language: str) -> str:
    """`3小时` / `3 h`, one decimal under ten units."""
    hours = delta.total_seconds() / 3600
    if hours >= 48:
        value, zh_unit, en_unit = hours / 24, "天", "d"
    elif hours >= 1:
        value, zh_unit, en_unit = hours, "小时", "h"
    else:
        value, zh_unit, en_unit = hours * 60, "分钟", "min"
    number = f"{value:.1f}".rstrip("0").rstrip(".") if value < 10 else f"{value:.0f}"
    return f"{number} {en_unit}" if is_en(language) else f"{number}{zh_unit}"


def percent(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio * 100:.1f}".rstrip("0").rstrip(".") + "%"


def quantity(value: float | int) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
