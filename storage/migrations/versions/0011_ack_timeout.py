"""acknowledgement with a timeout: the owner as an identity, ladder rounds

Revision ID: 0011_figures
Revises: 0006r
Create Date: 2026-12-03 18:45:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011_figures'
down_revision: str | None = '0006r'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('exceptions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('acknowledged_by_person_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('acknowledged_by_user', sa.String(length=160), nullable=True))
        batch_op.add_column(sa.Column('ladder_round', sa.Integer(), nullable=False, server_default='0'))
        batch_op.create_foreign_key(batch_op.f('fk_exceptions_acknowledged_by_person_id_people'), 'people',
                                    ['acknowledged_by_person_id'], ['id'], ondelete='SET NULL')

    # Acknowledged exceptions still open whose follow-ups were spent waited for nothing; now the
    # acknowledgement timeout is due for them: the scheduler looks at them once and returns those
    # past it to the ladder (the others wait for their timeout).
    op.execute("UPDATE exceptions SET next_escalation_at = acknowledged_at "
               "WHERE acknowledged_at IS NOT NULL AND resolved_at IS NULL AND withdrawn_at IS NULL "
               "AND next_escalation_at IS NULL")

    # Steps fired before this revision belong to the first round of their exception's ladder.
    with op.batch_alter_table('escalation_steps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ladder_round', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('owner', sa.String(length=120), nullable=True))
        batch_op.drop_constraint(batch_op.f('uq_escalation_steps_exception_id_level_repeat'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_escalation_steps_exception_id_ladder_round_level_repeat'),
                                          ['exception_id', 'ladder_round', 'level', 'repeat'])


def downgrade() -> None:
    op.execute("DELETE FROM escalation_steps WHERE ladder_round > 0")  # later rounds would collide
    with op.batch_alter_table('escalation_steps', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_escalation_steps_exception_id_ladder_round_level_repeat'),
                                 type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_escalation_steps_exception_id_level_repeat'),
                                          ['exception_id', 'level', 'repeat'])
        batch_op.drop_column('owner')
        batch_op.drop_column('ladder_round')

    with op.batch_alter_table('exceptions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_exceptions_acknowledged_by_person_id_people'), type_='foreignkey')
        batch_op.drop_column('ladder_round')
        batch_op.drop_column('acknowledged_by_user')
        batch_op.drop_column('acknowledged_by_person_id')
