"""target history: who set or moved a target and when

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 12:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('target_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_force_id', sa.Integer(), nullable=False),
    sa.Column('element_id', sa.String(length=50), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=50), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by'], ['members.id'], name=op.f('fk_target_changes_changed_by_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_force_id'], ['task_forces.id'], name=op.f('fk_target_changes_task_force_id_task_forces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_target_changes'))
    )
    with op.batch_alter_table('target_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_target_changes_task_force_id'), ['task_force_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('target_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_target_changes_task_force_id'))

    op.drop_table('target_changes')
