"""tick due: the escalation tick's questions answered from indexes

A steady escalation tick asks two questions of every late node and every open overdue
exception, in SQL (`overdue_page(..., unopened=True)`, `jobs._overtaken`): which late node has
no exception under its key yet, and which open overdue exception's node was done, re-planned or
its order ended. Both visit each candidate once inside the database; these indexes make the
visit cheap (100,000 late nodes on SQLite: 0.61 s -> 0.17 s and 1.0 s -> 0.19 s).

- `ix_milestones_late` (status, planned_date, order_id) replaces `ix_milestones_due_open`
  (status, planned_date), a prefix of it: the late nodes' scan finds each node's order in the
  index, without reading the node's row, and the key test (id, date) is answered there too;
  a keyset page of late nodes (the digest's) reads no node row it does not return.
- `ix_exceptions_overdue_open` (kind, resolved_at, id, milestone_id, order_id, dedupe_key): the
  open overdue exceptions in id order (the page's keyset) with everything the test needs.

Revision ID: 0016_tick_due
Revises: 0015_pages100k
Create Date: 2026-12-05 01:30:00
"""
from collections.abc import Sequence

from alembic import op

revision: str = '0016_tick_due'
down_revision: str | None = '0015_pages100k'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.create_index('ix_milestones_late', ['status', 'planned_date', 'order_id'], unique=False)
        batch_op.drop_index('ix_milestones_due_open')
    with op.batch_alter_table('exceptions', schema=None) as batch_op:
        batch_op.create_index('ix_exceptions_overdue_open',
                              ['kind', 'resolved_at', 'id', 'milestone_id', 'order_id', 'dedupe_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('exceptions', schema=None) as batch_op:
        batch_op.drop_index('ix_exceptions_overdue_open')
    with op.batch_alter_table('milestones', schema=None) as batch_op:
        batch_op.create_index('ix_milestones_due_open', ['status', 'planned_date'], unique=False)
        batch_op.drop_index('ix_milestones_late')
