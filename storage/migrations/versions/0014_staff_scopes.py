"""staff scopes: the suppliers a staff person may see and act on

Revision ID: 0011_access
Revises: 0011_events
Create Date: 2026-12-03 18:40:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011_access'
down_revision: str | None = '0011_events'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('staff_scopes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_staff_scopes_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_staff_scopes_supplier_id_suppliers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_scopes')),
    sa.UniqueConstraint('person_id', 'supplier_id', name=op.f('uq_staff_scopes_person_id_supplier_id'))
    )
    with op.batch_alter_table('staff_scopes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_scopes_person_id'), ['person_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('staff_scopes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_scopes_person_id'))
    op.drop_table('staff_scopes')
