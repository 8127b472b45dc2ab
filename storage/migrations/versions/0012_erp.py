"""ERP connectors: links from bill lines to orders, conflicts, sync state per system

Revision ID: 0011_erp
Revises: 0011_figures
Create Date: 2026-12-03 18:50:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = '0011_erp'
down_revision: str | None = '0011_figures'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('erp_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('system', sa.String(length=20), nullable=False),
    sa.Column('external_key', sa.String(length=120), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('synced', sa.JSON(), nullable=False),
    sa.Column('erp_state', sa.String(length=12), nullable=False),
    sa.Column('erp_modified', sa.String(length=40), nullable=False),
    sa.Column('synced_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_erp_links_order_id_orders'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erp_links')),
    sa.UniqueConstraint('system', 'external_key', name=op.f('uq_erp_links_system_external_key'))
    )
    with op.batch_alter_table('erp_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_erp_links_order_id'), ['order_id'], unique=False)

    op.create_table('erp_conflicts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('system', sa.String(length=20), nullable=False),
    sa.Column('external_key', sa.String(length=120), nullable=False),
    sa.Column('order_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=30), nullable=False),
    sa.Column('ours', sa.String(length=120), nullable=False),
    sa.Column('theirs', sa.String(length=120), nullable=False),
    sa.Column('at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('settled_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_erp_conflicts_order_id_orders'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_erp_conflicts')),
    sa.UniqueConstraint('system', 'external_key', 'field', 'theirs',
                        name=op.f('uq_erp_conflicts_system_external_key_field_theirs'))
    )
    with op.batch_alter_table('erp_conflicts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_erp_conflicts_order_id'), ['order_id'], unique=False)

    op.create_table('erp_sync_state',
    sa.Column('system', sa.String(length=20), nullable=False),
    sa.Column('cursor', sa.String(length=40), nullable=False),
    sa.Column('last_attempt_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_success_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=False),
    sa.Column('last_error_at', storage.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_counts', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('system', name=op.f('pk_erp_sync_state'))
    )


def downgrade() -> None:
    op.drop_table('erp_sync_state')
    with op.batch_alter_table('erp_conflicts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_erp_conflicts_order_id'))
    op.drop_table('erp_conflicts')
    with op.batch_alter_table('erp_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_erp_links_order_id'))
    op.drop_table('erp_links')
