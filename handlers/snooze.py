"""`明天再提醒我`: the next scheduled prompt for this chat waits until the day said (tomorrow
when none). The prompt being answered counts as answered: the supplier did reply."""

from __future__ import annotations

from datetime import timedelta

from bot.ports import Reply
from handlers.parsing import Reading
from handlers.turn import Turn
from storage.models import BindingRole
from storage.prompts import mark_prompts_answered
from storage.supplier_chats import supplier_chats


async def snooze_prompts(turn: Turn, reading: Reading) -> list[Reply]:
    day = reading.new_date if reading.new_date and reading.new_date > turn.today else turn.today + timedelta(days=1)
    binding = turn.speaker.binding
    if binding is not None and binding.role == BindingRole.SUPPLIER.value:
        bindings = [binding]
    else:  # a contact's own chat (WeCom 1:1): the prompts go to the supplier's chats
        bindings = await supplier_chats(turn.session, turn.supplier_id)
    for chat in bindings:
        chat.prompts_snoozed_until = day
    await mark_prompts_answered(turn.session, turn.supplier_id, turn.ctx.now)
    return [turn.reply(turn.say("snooze_done", date=day.strftime("%m-%d")))]
