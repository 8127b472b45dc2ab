"""reading examples, and prompts snoozed per chat

Revision ID: 0006r
Revises: 0007b
Create Date: 2026-12-03 14:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = '0006r'
down_revision: str | None = '0007b'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'reading_examples',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('sent_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('recorded_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('role', sa.String(length=20), nullable=False),
        sa.Column('source', sa.String(length=20), nullable=False),
        sa.Column('shown', sa.JSON(), nullable=True),
        sa.Column('right', sa.JSON(), nullable=True),
        sa.Column('supplier_id', sa.Integer(), nullable=True),
        sa.Column('platform', sa.String(length=20), nullable=False),
        sa.Column('chat_id', sa.String(length=128), nullable=False),
        sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'],
                                name=op.f('fk_reading_examples_supplier_id_suppliers'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reading_examples')),
    )
    with op.batch_alter_table('reading_examples', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reading_examples_sent_at'), ['sent_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_reading_examples_supplier_id'), ['supplier_id'], unique=False)
    with op.batch_alter_table('chat_bindings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prompts_snoozed_until', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('chat_bindings', schema=None) as batch_op:
        batch_op.drop_column('prompts_snoozed_until')
    with op.batch_alter_table('reading_examples', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reading_examples_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_reading_examples_sent_at'))
    op.drop_table('reading_examples')
