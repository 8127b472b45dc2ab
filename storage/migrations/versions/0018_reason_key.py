"""reason key: the delay-reason figure groups a cause, not the day it was said

The reader keeps a delay's reason as the sender typed it, the day that dates the cause
included (`今天停电` where earlier rounds recorded `停电`). The delay-reason figure
(`storage.kpis`) counts causes: `今天停电` and `停电` are one. Each history row now carries
its reason's key, the reason without the words that only date it, computed once as the row is
written (handlers/delay_causes.py); the figure groups and shows by coalesce(key, trim(reason)).

- `milestone_changes.reason_key` (text, nullable). Existing rows are filled with their reason
  trimmed, which is what the figure grouped them by until now (no row changes its group).

Revision ID: 0018_reason_key
Revises: 0017_node_counts
Create Date: 2026-12-07 17:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0018_reason_key'
down_revision: str | None = '0017_node_counts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('milestone_changes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reason_key', sa.Text(), nullable=True))
    op.execute("UPDATE milestone_changes SET reason_key = trim(reason) WHERE reason IS NOT NULL AND trim(reason) != ''")


def downgrade() -> None:
    with op.batch_alter_table('milestone_changes', schema=None) as batch_op:
        batch_op.drop_column('reason_key')
