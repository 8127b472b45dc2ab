"""Photos from suppliers, kept with the order, node, report and inspection they document.

Every photo gets its row as soon as its message is handled (order unknown until the
words say it). An album arrives as separate messages sharing `album_id`, the caption on
the first only: later items take the first item's order, report and inspection.
"""

from __future__ import annotations

from bot.ports import Reply
from handlers.inspections import ask_for_values, needs_values
from handlers.orders_lookup import current_milestone, inspection_milestone
from handlers.turn import Turn
from storage import photo_albums
from storage.batch_ids import id_now
from storage.models import Milestone, Order, Photo


async def store_photos(turn: Turn) -> list[int]:
    rows = [
        Photo(sha256=p.sha256, size=p.size, mime_type=p.mime_type, width=p.width, height=p.height, path=p.path,
              thumb_path=p.thumb_path, uploaded_by=turn.speaker.label[:120], uploaded_at=turn.ctx.now,
              album_id=turn.message.album_id)
        for p in turn.ctx.photos
    ]
    turn.session.add_all(rows)
    # in a SQLite batch the rows stay pending, ids given (`id_now`), so they are written with their
    # report (`Turn.new_report`) in the batch's one INSERT rather than flushed and UPDATEd
    return [await id_now(turn.session, row) for row in rows]


async def join_album(turn: Turn) -> bool:
    """True when these photos continue an album already received (and now belong with it)."""
    album_id = turn.message.album_id
    if not album_id or not turn.photo_ids:
        return False
    return await photo_albums.join_album(turn.session, album_id, turn.photo_ids)


async def unplaced_album_photos(turn: Turn, album_id: str | None) -> list[int]:
    """Album items that arrived while the bot was still asking which order they belong to."""
    if not album_id:
        return []
    return await photo_albums.unplaced_in_album(turn.session, album_id)


async def report_photos(turn: Turn, order: Order, milestone: Milestone | None = None,
                        inspection_reports: list[int] | None = None) -> list[Reply]:
    """Photos without words: kept with the node in hand; at an inspection node, ask for its data."""
    milestone = milestone or current_milestone(order) or inspection_milestone(order)
    report = await turn.new_report(order, milestone, "photo", details={"count": len(turn.photo_ids)})
    node = turn.node(milestone) if milestone else "-"
    replies = [turn.reply(turn.say("photos_saved", po=order.po, n=len(turn.photo_ids), node=node))]
    if inspection_reports is not None:
        replies[0] = turn.reply(replies[0].text + "\n" + turn.say("photos_waiting"))
    elif milestone is not None and await needs_values(turn.session, order, milestone):
        # the report's number goes into the question's payload (a plain value): no flush for it
        replies.extend(await ask_for_values(turn, order, milestone, (await turn.report_number(report),)))
    return replies
