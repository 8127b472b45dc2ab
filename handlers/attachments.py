"""Documents a supplier sends (a PDF, a drawing): kept with the order they belong to, and the
lot when the message names one. Without a PO and with several open orders the bot asks, with
one button per order (`f:<attachment id>:<order id>`); the file is kept meanwhile, unplaced.
The bytes were checked and stored before the transaction (`bot.pipeline`); here only rows.
"""

from __future__ import annotations

from bot.ports import Button, Reply
from handlers.orders_lookup import find_order, open_orders, order_by_id
from handlers.parsing import read_message
from handlers.texts.media import say
from handlers.turn import Turn
from storage.attachment_placing import place_with_order
from storage.models import Attachment, Order
from storage.shipped_lots import lot_named

MAX_ORDER_BUTTONS = 6
PAYLOAD_PREFIX = "f:"


async def keep_attachments(turn: Turn) -> list[Reply]:
    """Store the message's documents and say where they went (or ask which order)."""
    reading = read_message(turn.message.text, "supplier", turn.ctx.now, turn.ctx.timezone) \
        if turn.message.text.strip() else None
    lookup = await find_order(turn.session, turn.supplier_id, reading.po if reading else None)
    order = lookup.order
    lot_id = await _lot_id(turn, order, reading.lot if reading else None) if order else None
    rows = [Attachment(sha256=a.sha256, kind=a.kind, file_name=a.file_name, mime_type=a.mime_type, size=a.size,
                       path=a.path, supplier_id=turn.supplier_id, order_id=order.id if order else None,
                       lot_id=lot_id, inbox_id=turn.ctx.inbox_id, uploaded_by=turn.speaker.label[:120],
                       uploaded_at=turn.ctx.now) for a in turn.ctx.attachments]
    turn.session.add_all(rows)
    await turn.session.flush()
    names = "、".join(r.file_name for r in rows)
    if order is not None:
        return [turn.reply(say("file.kept", turn.language, po=order.po, names=names))]
    if lookup.none_open:
        return [turn.reply(say("file.no_open_orders", turn.language, names=names))]
    candidates = lookup.candidates or tuple(await open_orders(turn.session, turn.supplier_id))
    buttons = [Button(o.po[:60], f"{PAYLOAD_PREFIX}{rows[0].id}:{o.id}") for o in candidates[:MAX_ORDER_BUTTONS]]
    key = "file.order_not_found" if lookup.missing_po else "file.which_order"
    text = say(key, turn.language, names=names, po=lookup.missing_po or "")
    return [turn.reply(text, tuple(tuple(buttons[i:i + 2]) for i in range(0, len(buttons), 2)))]


async def place_attachment(turn: Turn, rest: str) -> list[Reply]:
    """The supplier chose the order: every unplaced document of that message goes to it."""
    attachment_id, _, order_id = rest.partition(":")
    first = await turn.session.get(Attachment, int(attachment_id)) if attachment_id.isdigit() else None
    order = await order_by_id(turn.session, int(order_id), turn.supplier_id) if order_id.isdigit() else None
    if first is None or order is None or first.supplier_id != turn.supplier_id or first.order_id is not None:
        return [turn.reply(say("file.expired", turn.language))]
    names = await place_with_order(turn.session, first, order.id)
    return [turn.reply(say("file.kept", turn.language, po=order.po, names="、".join(names)))]


async def _lot_id(turn: Turn, order: Order, lot_no: str | None) -> int | None:
    if not lot_no:
        return None
    lot = await lot_named(turn.session, order.id, lot_no)
    return lot.id if lot is not None else None
