"""outbound events: registered webhooks, the event feed's cursors, events and their deliveries

Revision ID: 0011_events
Revises: 0011_erp
Create Date: 2026-12-03 18:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = '0011_events'
down_revision: str | None = '0011_erp'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'webhook_endpoints',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('secret', sa.String(length=200), nullable=False),
        sa.Column('events', sa.JSON(), nullable=False),
        sa.Column('description', sa.String(length=200), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('removed_at', storage.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_webhook_endpoints')),
    )
    op.create_table(
        'event_cursors',
        sa.Column('source', sa.String(length=40), nullable=False),
        sa.Column('floor', sa.BigInteger(), nullable=False),
        sa.Column('seen', sa.BigInteger(), nullable=False),
        sa.Column('seen_at', storage.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('source', name=op.f('pk_event_cursors')),
    )
    op.create_table(
        'outbound_events',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('event_id', sa.String(length=120), nullable=False),
        sa.Column('type', sa.String(length=40), nullable=False),
        sa.Column('occurred_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('recorded_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_outbound_events')),
        sa.UniqueConstraint('event_id', name=op.f('uq_outbound_events_event_id')),
    )
    with op.batch_alter_table('outbound_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_events_recorded_at'), ['recorded_at'], unique=False)
    op.create_table(
        'event_deliveries',
        sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('event_pk', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
        sa.Column('sink', sa.String(length=60), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('lease_owner', sa.String(length=80), nullable=True),
        sa.Column('lease_until', storage.types.UTCDateTime(), nullable=True),
        sa.Column('created_at', storage.types.UTCDateTime(), nullable=False),
        sa.Column('delivered_at', storage.types.UTCDateTime(), nullable=True),
        sa.Column('last_error', sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(['event_pk'], ['outbound_events.id'],
                                name=op.f('fk_event_deliveries_event_pk_outbound_events'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_event_deliveries')),
        sa.UniqueConstraint('event_pk', 'sink', name=op.f('uq_event_deliveries_event_pk_sink')),
    )
    with op.batch_alter_table('event_deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_event_deliveries_due', ['state', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_deliveries_event_pk'), ['event_pk'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_deliveries_sink'), ['sink'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('event_deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_deliveries_sink'))
        batch_op.drop_index(batch_op.f('ix_event_deliveries_event_pk'))
        batch_op.drop_index('ix_event_deliveries_due')
    op.drop_table('event_deliveries')
    with op.batch_alter_table('outbound_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbound_events_recorded_at'))
    op.drop_table('outbound_events')
    op.drop_table('event_cursors')
    op.drop_table('webhook_endpoints')
