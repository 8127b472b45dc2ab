"""supplier contacts' private chats become supplier chats (data only)

Contacts who joined with `/invite` -> `/join` before this version report in a private chat
that no binding named, so the scheduler never prompted or reminded them. `/join` now binds
that chat; this binds it for those who joined earlier. `/join` only works in a private
chat, and on Telegram, WeCom (app) and the WeCom AI bot a private chat's id is the user's
id, so the chat is known from the identity. A chat that is bound already is left alone.

Revision ID: 0005c
Revises: 0008f
Create Date: 2026-12-03 15:10:00
"""
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = '0005c'
down_revision: str | None = '0008f'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PRIVATE_CHAT_IS_USER = ("telegram", "wecom", "wecom_bot")

people = sa.table("people", sa.column("id", sa.Integer), sa.column("name", sa.String), sa.column("role", sa.String),
                  sa.column("supplier_id", sa.Integer), sa.column("language", sa.String))
identities = sa.table("chat_identities", sa.column("person_id", sa.Integer), sa.column("platform", sa.String),
                      sa.column("user_id", sa.String))
bindings = sa.table(
    "chat_bindings", sa.column("platform", sa.String), sa.column("chat_id", sa.String),
    sa.column("chat_kind", sa.String), sa.column("role", sa.String), sa.column("supplier_id", sa.Integer),
    sa.column("title", sa.String), sa.column("language", sa.String), sa.column("bound_by_person_id", sa.Integer),
    sa.column("created_at", storage.types.UTCDateTime()),
)


def upgrade() -> None:
    connection = op.get_bind()
    contacts = connection.execute(
        sa.select(people.c.id, people.c.name, people.c.supplier_id, people.c.language, identities.c.platform,
                  identities.c.user_id)
        .join(identities, identities.c.person_id == people.c.id)
        .where(people.c.role == "supplier", people.c.supplier_id.is_not(None),
               identities.c.platform.in_(PRIVATE_CHAT_IS_USER))
        .order_by(people.c.id)
    ).all()
    if not contacts:
        return
    taken = {(platform, chat_id) for platform, chat_id in connection.execute(
        sa.select(bindings.c.platform, bindings.c.chat_id).where(bindings.c.platform.in_(PRIVATE_CHAT_IS_USER))
    ).all()}
    now = datetime.now(UTC)
    rows = []
    for person_id, name, supplier_id, language, platform, user_id in contacts:
        if (platform, user_id) in taken:
            continue
        taken.add((platform, user_id))
        rows.append(dict(platform=platform, chat_id=user_id, chat_kind="private", role="supplier",
                         supplier_id=supplier_id, title=name, language=language, bound_by_person_id=person_id,
                         created_at=now))
    if rows:
        op.bulk_insert(bindings, rows)


def downgrade() -> None:
    # The bindings are valid data for the previous version too (it simply never prompted
    # them); removing them could remove bindings made by hand. Nothing to undo.
    pass
