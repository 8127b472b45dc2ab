"""What the bot says about voice messages, documents, and kinds of message it does not read."""

from __future__ import annotations

from bot import speech

TEXTS: dict[str, tuple[str, str]] = {
    "voice.ask_text": (
        "🎤 收到语音，但我听不了语音。请打字发送，例如：1001 冲压完成50%",
        "🎤 I can't listen to voice messages. Please type it instead, e.g. 1001 stamping 50% done",
    ),
    "voice.confirm": (
        "🎤 语音识别为：「{text}」\n理解为：{what}{po}\n确认后才记录。",
        "🎤 Your voice message reads: \"{text}\"\nUnderstood as: {what}{po}\nNothing is recorded until you confirm.",
    ),
    "voice.yes": ("✔ 确认记录", "✔ Record it"),
    "voice.no": ("✘ 不对", "✘ Wrong"),
    "voice.cancelled": ("好的，没有记录。请打字发送。", "OK, nothing recorded. Please type it."),
    "voice.expired": ("这条语音的确认已过期，请重新发送。", "That confirmation has expired; please send it again."),
    "unsupported": (
        "收到{kind}，但我只能读文字、照片、PDF 和图纸（DWG/DXF）。请用文字说明，例如：1001 完成",
        "I got {kind}, but I can only read text, photos, PDFs and drawings (DWG/DXF). "
        "Please write it, e.g. 1001 done",
    ),
    "kind.video": ("视频", "a video"),
    "kind.location": ("位置", "a location"),
    "kind.sticker": ("表情", "a sticker"),
    "kind.link": ("链接", "a link"),
    "kind.other": ("这种消息", "this kind of message"),
    "file.kept": ("📎 已存档到 {po}：{names}", "📎 Filed with {po}: {names}"),
    "file.which_order": ("📎 收到 {names}。属于哪个订单？", "📎 Got {names}. Which order is it for?"),
    "file.no_open_orders": (
        "📎 已收到 {names}，但您现在没有进行中的订单，已交给采购处理。",
        "📎 Got {names}, but you have no open orders; your buyer will sort it out.",
    ),
    "file.order_not_found": ("没有找到订单 {po}。{names} 属于哪个订单？", "No order {po}. Which order is {names} for?"),
    "file.staff": (
        "文件只从供应商的聊天按订单存档。请在看板的订单页查看供应商发来的文件。",
        "Files are filed only from suppliers' chats, by order. See the files suppliers sent on each order's page.",
    ),
    "file.expired": ("这个文件已经存档，或已失效。", "That file is already filed, or no longer pending."),
    "intent.progress": ("进度", "progress"),
    "intent.delay": ("延期", "a delay"),
    "intent.shipment": ("发货", "a shipment"),
    "intent.defect": ("不良", "a defect"),
    "intent.inspection_values": ("检验数据", "inspection values"),
    "intent.undo": ("撤销上一条", "undo the last report"),
    "intent.ack": ("认领异常", "acknowledging an exception"),
    "intent.resolve": ("关闭异常", "resolving an exception"),
    "intent.plan": ("计划", "a plan"),
    "intent.shortage": ("缺料", "a material shortage"),
    "intent.correct": ("更正上一条", "correcting the last report"),
    "intent.snooze": ("稍后再提醒", "remind me later"),
}


def say(key: str, language: str, **values: object) -> str:
    return speech.say(TEXTS, key, language, **values)
