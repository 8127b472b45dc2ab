"""What the bot says when chats are bound, orders created by chat, and contacts invited."""

from __future__ import annotations

from bot import speech

TEXTS: dict[str, tuple[str, str]] = {
    "admin.only": ("只有管理员可以绑定聊天。当前身份：{who}。", "Only an admin can bind chats. You are: {who}."),
    "admin.bootstrap": (
        "还没有管理员。出于安全考虑，第一个管理员请在服务器上添加（不要在聊天里发送令牌）：\n"
        "supplierbot admin add --platform {platform} --user {user} --name 您的名字",
        "There is no admin yet. For safety the first admin is added on the server (never send tokens in chat):\n"
        "supplierbot admin add --platform {platform} --user {user} --name YOUR_NAME",
    ),
    "admin.no_token_in_chat": (
        "请不要在聊天里发送令牌（聊天记录会保存在平台上）。请在服务器上运行：\n"
        "supplierbot admin add --platform {platform} --user {user} --name 您的名字\n如令牌已泄露，请更换 SUPPLIERBOT_API_TOKEN。",
        "Please never send tokens in chat (the platform keeps the history). Run on the server:\n"
        "supplierbot admin add --platform {platform} --user {user} --name YOUR_NAME\n"
        "If the token was exposed, rotate SUPPLIERBOT_API_TOKEN.",
    ),
    "bind.usage": (
        "用法：/bind supplier 华达 · /bind buyers [供应商] · /bind qc · /bind managers · /bind ops（可加 zh/en）\n"
        "绑定应用群或群机器人：/bind buyers appchat 群聊ID · /bind managers robot 机器人key",
        "Usage: /bind supplier HD · /bind buyers [supplier] · /bind qc · /bind managers · /bind ops (optionally zh/en)\n"
        "App group or group robot: /bind buyers appchat CHATID · /bind managers robot ROBOT-KEY",
    ),
    "bind.target_usage": (
        "发送专用群的绑定方法：/bind buyers appchat 群聊ID · /bind managers robot 机器人key或Webhook地址"
        "（角色：buyers/qc/managers/ops；可加供应商名、zh/en）",
        "To bind a send-only chat: /bind buyers appchat CHATID · /bind managers robot ROBOT-KEY-or-webhook-URL "
        "(roles: buyers/qc/managers/ops; optionally a supplier, zh/en)",
    ),
    "bind.target_no_supplier": (
        "应用群和群机器人只能由机器人发消息、收不到回复，不能作为供应商群。供应商请私聊应用汇报。",
        "App groups and group robots are send-only (the bot never hears them), so they cannot be a supplier's "
        "chat. Suppliers report to the app privately.",
    ),
    "bind.target_done": ("✅ 已绑定：{chat} 为{what}。操作人：{who}", "✅ Bound: {chat} is now {what}. By {who}"),
    "bind.target_confirm": (
        "⚠ {chat} 当前为{old}。确认改为{new}？请在原命令末尾加 confirm 再发一次。",
        "⚠ {chat} is currently {old}. Change it to {new}? Send the same command again with confirm at the end.",
    ),
    "target.robot": ("群机器人 {masked}", "group robot {masked}"),
    "target.appchat": ("应用群 {chat}", "app group {chat}"),
    "bind.need_supplier": ("请写明供应商：/bind supplier 华达。可选：{names}", "Which supplier? /bind supplier HD. Known: {names}"),
    "bind.done": ("✅ 已绑定：本聊天为{what}。操作人：{who}", "✅ Bound: this chat is now {what}. By {who}"),
    "bind.same": ("本聊天已经是{what}，无需更改。", "This chat already is {what}; nothing changed."),
    "bind.confirm": (
        "⚠ 本聊天当前为{old}。确认改为{new}？点击按钮，或发送：/bind {args} confirm",
        "⚠ This chat is currently {old}. Change it to {new}? Press the button, or send: /bind {args} confirm",
    ),
    "bind.confirm_button": ("确认改为{new}", "Change to {new}"),
    "bind.changed": ("✅ 已改绑：{old} → {new}。操作人：{who}", "✅ Re-bound: {old} → {new}. By {who}"),
    "bind.race": ("本聊天刚刚被另一处绑定，请重试。", "This chat was bound elsewhere just now; try again."),
    "role.supplier": ("{supplier} 供应商群", "{supplier}'s supplier chat"),
    "role.buyers": ("采购群", "the buyers' chat"),
    "role.qc": ("质检群", "the QC chat"),
    "role.managers": ("管理层群", "the managers' chat"),
    "role.ops": ("运维群", "the ops chat"),
    "role.scoped": ("{role}（仅 {supplier}）", "{role} (only {supplier})"),
    "whoami": (
        "平台：{platform}\n用户ID：{user}\n聊天ID：{chat}\n身份：{role}{person}\n本聊天：{binding}",
        "Platform: {platform}\nUser id: {user}\nChat id: {chat}\nRole: {role}{person}\nThis chat: {binding}",
    ),
    "whoami.person": ("（{name}）", " ({name})"),
    "whoami.unbound": ("未绑定", "not bound"),
    "neworder.denied": ("只有采购、负责人或管理员可以录入订单。", "Only buyers, managers or admins can enter orders."),
    "neworder.usage": (
        "格式：/neworder PO号 供应商 物料号 数量 交期MM-DD [工艺] [品名] [紧急]\n例如：/neworder PO-2001 华达 BRK-2201 2000件 交期12-20 冲压",
        "Format: /neworder PO supplier part-no quantity due MM-DD [process] [part name] [urgent]\n"
        "e.g. /neworder PO-2001 HD BRK-2201 2000pcs due 12-20 stamping",
    ),
    "neworder.failed": ("❌ 订单未创建：", "❌ Order not created:"),
    "neworder.created": (
        "✅ 已创建 {po} · {supplier} · {part} · {qty}{unit} · 交期 {due} · {process}\n节点：{nodes}\n录入：{who}",
        "✅ Created {po} · {supplier} · {part} · {qty} {unit} · due {due} · {process}\nNodes: {nodes}\nBy {who}",
    ),
    "invite.denied": ("只有采购、负责人或管理员可以邀请供应商联系人。", "Only buyers, managers or admins can invite supplier contacts."),
    "invite.usage": ("用法：/invite 华达", "Usage: /invite HD"),
    "invite.created": (
        "邀请码：{code}（{hours}小时内有效，仅可使用一次）\n请 {supplier} 的联系人私聊我发送：/join {code}",
        "Invite code: {code} (valid {hours} h, single use)\nAsk {supplier}'s contact to send me privately: /join {code}",
    ),
    "join.usage": ("请私聊我发送：/join 六位邀请码", "Send me privately: /join 6-digit-code"),
    "join.private_only": ("请在与我的私聊中发送 /join 邀请码，不要发在群里。", "Please send /join CODE in a private chat with me, not in a group."),
    "join.invalid": ("邀请码无效或已过期，请向采购重新索取。", "That invite code is invalid or expired; ask your buyer for a new one."),
    "join.locked": ("尝试次数过多，请一小时后再试。", "Too many attempts; try again in an hour."),
    "join.already": ("您已经是 {supplier} 的联系人。", "You are already a contact of {supplier}."),
    "join.other_account": ("您的账号已登记为 {name}，无法加入 {supplier}。请联系管理员。",
                           "Your account is already registered as {name}; it cannot join {supplier}. Ask an admin."),
    "join.done": ("👋 欢迎，{name}！您已加入 {supplier}。进度提醒会发到这个对话。\n\n{help}",
                  "👋 Welcome, {name}! You now report for {supplier}. Progress checks will come to this chat.\n\n{help}"),
}


def say(key: str, language: str, **values: object) -> str:
    return speech.say(TEXTS, key, language, **values)
