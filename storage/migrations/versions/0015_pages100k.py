"""node on-time index: the report pages count nodes from an index alone

The node on-time rate (订单进度达成率) reads every node planned in its period: at 100,000
open orders a 90-day scorecard page reads about half a million. With only the planned
date indexed, each node cost an index search and then a row lookup in the table; with the
order, status and completion time in the index as well, the count never touches the
table (about twice as fast on SQLite). The old one-column index is a prefix of the new
one, so it goes: one index fewer to keep up on every progress report.

Revision ID: 0015_pages100k
Revises: 0011_access
Create Date: 2026-12-04 19:00:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0015_pages100k'
down_revision: str | None = '0011_access'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.create_index('ix_milestones_node_on_time',
                              ['original_planned_date', 'order_id', 'status', 'done_at'], unique=False)
        batch_op.drop_index('ix_milestones_original_planned_date')


def downgrade() -> None:
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.create_index('ix_milestones_original_planned_date', ['original_planned_date'], unique=False)
        batch_op.drop_index('ix_milestones_node_on_time')
