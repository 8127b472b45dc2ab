"""attachments: PDFs and drawings suppliers send with an order

Revision ID: 0004
Revises: 0010a
Create Date: 2026-12-03 14:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = '0004'
down_revision: str | None = '0010a'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('file_name', sa.String(length=200), nullable=False),
    sa.Column('mime_type', sa.String(length=80), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=200), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('order_id', sa.Integer(), nullable=True),
    sa.Column('lot_id', sa.Integer(), nullable=True),
    sa.Column('inbox_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_by', sa.String(length=120), nullable=False),
    sa.Column('uploaded_at', storage.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['inbox_id'], ['inbox.id'], name=op.f('fk_attachments_inbox_id_inbox')),
    sa.ForeignKeyConstraint(['lot_id'], ['lots.id'], name=op.f('fk_attachments_lot_id_lots')),
    sa.ForeignKeyConstraint(['order_id'], ['orders.id'], name=op.f('fk_attachments_order_id_orders'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_attachments_supplier_id_suppliers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_order_id'), ['order_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attachments_sha256'), ['sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_sha256'))
        batch_op.drop_index(batch_op.f('ix_attachments_order_id'))
    op.drop_table('attachments')
