"""figures: withdrawn exceptions, defect categories, risk warnings

Revision ID: 0008f
Revises: 0004
Create Date: 2026-12-03 14:40:00
"""
import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = '0008f'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('exceptions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', storage.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('category', sa.String(length=20), nullable=True))

    op.create_table(
        'risk_warnings',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('milestone_id', sa.Integer(), nullable=False),
        sa.Column('planned_date', sa.Date(), nullable=False),
        sa.Column('reason', sa.String(length=20), nullable=False),
        sa.Column('warned_at', storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['milestone_id'], ['milestones.id'],
                                name=op.f('fk_risk_warnings_milestone_id_milestones'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_warnings')),
        sa.UniqueConstraint('milestone_id', 'planned_date', name=op.f('uq_risk_warnings_milestone_id_planned_date')),
    )

    # Exceptions opened by a report that was since taken back are withdrawn.
    bind = op.get_bind()
    undone = bind.execute(sa.text(
        "SELECT details, undone_at FROM progress_reports WHERE undone_at IS NOT NULL")).all()
    for details, undone_at in undone:
        data = json.loads(details) if isinstance(details, str) else (details or {})
        exception_id = data.get('exception_id')
        if exception_id:
            bind.execute(sa.text("UPDATE exceptions SET withdrawn_at = :at WHERE id = :id"),
                         {"at": undone_at, "id": int(exception_id)})


def downgrade() -> None:
    op.drop_table('risk_warnings')
    with op.batch_alter_table('exceptions', schema=None) as batch_op:
        batch_op.drop_column('category')
        batch_op.drop_column('withdrawn_at')
