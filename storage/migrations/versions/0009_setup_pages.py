"""set-up pages: calendar days, per-supplier prompt time, part inspection plans, photo → defect, history

Revision ID: 0009p
Revises: 0008f (re-chained: 0010a, 0004, 0008f, 0009p, 0005c; was 0003)
Create Date: 2026-12-03 14:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = '0009p'
down_revision: str | None = '0008f'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'calendar_days',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('note', sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_days')),
        sa.UniqueConstraint('day', name=op.f('uq_calendar_days_day')),
    )
    op.create_table(
        'part_inspection_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('part_no', sa.String(length=80), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=120), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('nominal', sa.Float(), nullable=True),
        sa.Column('tol_minus', sa.Float(), nullable=True),
        sa.Column('tol_plus', sa.Float(), nullable=True),
        sa.Column('unit', sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_part_inspection_items')),
        sa.UniqueConstraint('part_no', 'seq', name=op.f('uq_part_inspection_items_part_no_seq')),
    )
    with op.batch_alter_table('part_inspection_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_part_inspection_items_part_no'), ['part_no'], unique=False)
    op.create_table(
        'setting_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('actor', sa.String(length=120), nullable=False),
        sa.Column('subject', sa.String(length=20), nullable=False),
        sa.Column('subject_key', sa.String(length=120), nullable=False),
        sa.Column('summary', sa.Text(), nullable=False),
        sa.Column('old_value', sa.Text(), nullable=True),
        sa.Column('new_value', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_setting_changes')),
    )
    with op.batch_alter_table('setting_changes', schema=None) as batch_op:
        batch_op.create_index('ix_setting_changes_subject', ['subject', 'subject_key', 'at'], unique=False)
    with op.batch_alter_table('suppliers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prompt_time', sa.String(length=5), nullable=True))
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.add_column(sa.Column('exception_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('linked_by', sa.String(length=120), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_photos_exception_id_exceptions'), 'exceptions', ['exception_id'],
                                    ['id'], ondelete='SET NULL')


def downgrade() -> None:
    with op.batch_alter_table('photos', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_photos_exception_id_exceptions'), type_='foreignkey')
        batch_op.drop_column('linked_by')
        batch_op.drop_column('exception_id')
    with op.batch_alter_table('suppliers', schema=None) as batch_op:
        batch_op.drop_column('prompt_time')
    with op.batch_alter_table('setting_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_setting_changes_subject')
    op.drop_table('setting_changes')
    with op.batch_alter_table('part_inspection_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_part_inspection_items_part_no'))
    op.drop_table('part_inspection_items')
    op.drop_table('calendar_days')
