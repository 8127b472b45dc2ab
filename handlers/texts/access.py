"""What the bot says when someone may read here but not change what they asked to change."""

from __future__ import annotations

from handlers.texts.buyer import is_en

TEXTS: dict[str, tuple[str, str]] = {
    "stranger": (
        "您还不在人员名单上：在本群可以查询，但不能{what}。\n"
        "请管理员在网页「人员」页添加您，或在服务器上运行：\n"
        "supplierbot people add --name 您的名字 --role buyer --platform {platform} --user {user}",
        "You are not on the people list yet: you can read here, but not {what}.\n"
        "Ask an admin to add you on the web's People page, or on the server:\n"
        "supplierbot people add --name YOUR_NAME --role buyer --platform {platform} --user {user}",
    ),
    "role": ("您的角色不能{what}（可以的角色：{roles}）。", "Your role may not {what} (roles that may: {roles})."),
    "act.enter_order": ("录入订单", "enter orders"),
    "act.invite": ("邀请供应商联系人", "invite supplier contacts"),
    "act.bind": ("绑定聊天", "bind chats"),
    "act.handle_exception": ("确认或关闭异常", "acknowledge or close exceptions"),
    "act.receive": ("登记收货", "record receipts"),
    "act.inspect": ("登记来料检验", "record incoming inspections"),
    "act.return_goods": ("登记退货", "record returns"),
    "act.change_order": ("做订单变更", "change orders"),
    "act.close_order": ("关闭或作废订单", "close or cancel orders"),
    "act.issue_material": ("登记发料", "record material issues"),
    "role.buyer": ("采购", "buyer"),
    "role.qc": ("质检", "QC"),
    "role.warehouse": ("仓库", "warehouse"),
    "role.manager": ("负责人", "manager"),
    "role.admin": ("管理员", "admin"),
    "role.supplier": ("供应商联系人", "supplier contact"),
}


def say(key: str, language: str, **values: object) -> str:
    zh, en = TEXTS[key]
    return (en if is_en(language) else zh).format(**values)
