"""`/help`: what to write, with examples that work, for suppliers and for staff.

Every example line (`  PO-1001 …`) is read by the parser in the tests, so help never
shows something the bot would not understand.
"""

from __future__ import annotations

SUPPLIER_HELP = (
    """📖 怎么汇报（直接打字即可，不用记命令）
进度：
  PO-1001 原材料到了
  1001 完成60%
  PO1001 首件OK
延期（写新日期和原因）：
  1001 延期到12月3号 钢材没到
发货（数量、批次）：
  PO-1001 发货 500件 批次L2311-01
不良：
  PO-1001 不良20件 尺寸偏大
质检：发照片并写“1001 质检”，再发测量值：
  50.02 49.98 50.11
发错了：
  撤回
查询自己的订单：
  PO-1001 进度?""",
    """📖 How to report (just type, no commands to learn)
Progress:
  PO-1001 material arrived
  1001 60% done
Delay (new date and reason):
  PO-1001 delay to Dec 3, steel late
Shipment (quantity, lot):
  PO-1001 shipped 500 pcs lot L2311-01
Defects:
  PO-1001 20 pcs defective, oversized
Inspection: send photos captioned "1001 inspection", then the values:
  50.02 49.98 50.11
Sent by mistake:
  undo
Your order's status:
  /status PO-1001""",
)

STAFF_HELP = (
    """📖 查询与处理
订单进度：
  PO-1001 进度?
  /status PO-1001
逾期节点：
  逾期
  /overdue
今日到期：
  /today
我的订单：
  /orders
供应商评分：
  /supplier 华达
未关闭异常（带认领/解决按钮）：
  /exceptions
认领 / 解决异常：
  /ack EXC-12
  /resolve EXC-12 已返工合格""",
    """📖 Ask and act
Order status:
  PO-1001 status?
  /status PO-1001
Overdue nodes:
  /overdue
Due today:
  /today
My orders:
  /orders
Supplier scorecard:
  /supplier HD
Open exceptions (with Acknowledge/Resolve buttons):
  /exceptions
Acknowledge / resolve an exception:
  /ack EXC-12
  /resolve EXC-12 reworked and passed""",
)

ADMIN_HELP = (
    """管理：
  /bind supplier 华达　（本群设为供应商群）
  /bind buyers　/bind qc　/bind managers　/bind ops
  /neworder PO-2001 华达 BRK-2201 2000件 交期12-20 冲压
  /invite 华达　（供应商联系人私聊发送 /join 邀请码）
  /whoami""",
    """Admin:
  /bind supplier HD   (this chat becomes HD's group)
  /bind buyers  /bind qc  /bind managers  /bind ops
  /neworder PO-2001 HD BRK-2201 2000pcs due 12-20 stamping
  /invite HD   (the supplier's contact sends /join CODE to me privately)
  /whoami""",
)

INVITER_HELP = (
    "添加供应商联系人：\n  /invite 华达　（对方私聊发送 /join 邀请码）\n  /neworder PO-2001 华达 BRK-2201 2000件 交期12-20 冲压",
    "Add a supplier contact:\n  /invite HD   (they send /join CODE to me privately)\n"
    "  /neworder PO-2001 HD BRK-2201 2000pcs due 12-20 stamping",
)

RECEIVING_HELP = (
    "收货、检验与订单（仓库/质检/采购）：\n"
    "• PO-1001 收货 500 批次L2311-01　（或：1001 到了480件）\n"
    "• PO-1001 L2311-01 合格470 返工10 不合格20　（另有 报废N 让步N）\n"
    "• PO-1001 L2311-01 退货20 毛刺\n"
    "• PO-1001 发料 钢板Q235 200kg 炉号H2311　（补料 / 退料）\n"
    "• /change PO-1001 交期 12-20 客户推迟　（数量 / 优先级 / 节点日期）\n"
    "• PO-1001 短交关闭 原因　· PO-1001 作废 原因",
    "Receiving, inspection and orders (warehouse / QC / buyers):\n"
    "• PO-1001 received 500 lot L2311-01\n"
    "• PO-1001 L2311-01 accepted 470 rework 10 rejected 20   (also scrap N, concession N)\n"
    "• PO-1001 L2311-01 return 20 burrs\n"
    "• PO-1001 issue steel Q235 200kg heat H2311\n"
    "• /change PO-1001 due 12-20 customer moved it   (qty / priority / a node's date)\n"
    "• PO-1001 close short REASON · PO-1001 cancel REASON",
)

STRANGER_HELP = (
    "我是外协订单机器人。供应商联系人：请向采购索取邀请码，私聊我发送 /join 邀请码。"
    "公司同事：请管理员用 /bind 绑定本群。发送 /whoami 可查看您的账号。",
    "I am the subcontracting order bot. Supplier contacts: ask your buyer for an invite code and send me "
    "/join CODE in a private chat. Colleagues: ask an admin to /bind this chat. /whoami shows your account.",
)


def help_text(role: str, language: str) -> str:
    """The help for a role (`supplier`, `buyer`, `qc`, `manager`, `admin`, or anything else
    for someone the bot does not know) in `language` ("en", else Chinese)."""
    index = 1 if language == "en" else 0
    if role == "supplier":
        return SUPPLIER_HELP[index]
    if role == "admin":
        return STAFF_HELP[index] + "\n" + ADMIN_HELP[index] + "\n" + RECEIVING_HELP[index]
    if role in ("buyer", "manager"):
        return STAFF_HELP[index] + "\n" + INVITER_HELP[index] + "\n" + RECEIVING_HELP[index]
    if role in ("qc", "warehouse"):
        return STAFF_HELP[index] + "\n" + RECEIVING_HELP[index]
    return STRANGER_HELP[index]
