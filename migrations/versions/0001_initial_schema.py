"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-23 09:14:57.911459
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('frameworks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.String(length=100), nullable=False),
    sa.Column('version', sa.String(length=50), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_frameworks')),
    sa.UniqueConstraint('framework_id', 'version', name=op.f('uq_frameworks_framework_id'))
    )
    op.create_table('task_forces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('jurisdiction', sa.String(length=200), nullable=False),
    sa.Column('framework_id', sa.String(length=100), nullable=False),
    sa.Column('framework_version', sa.String(length=50), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_forces')),
    sa.UniqueConstraint('name', name=op.f('uq_task_forces_name'))
    )
    op.create_table('cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_force_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=20), nullable=False),
    sa.Column('framework_id', sa.String(length=100), nullable=False),
    sa.Column('framework_version', sa.String(length=50), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['task_force_id'], ['task_forces.id'], name=op.f('fk_cycles_task_force_id_task_forces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cycles')),
    sa.UniqueConstraint('task_force_id', 'label', name=op.f('uq_cycles_task_force_id'))
    )
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cycles_task_force_id'), ['task_force_id'], unique=False)

    op.create_table('function_relevance',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_force_id', sa.Integer(), nullable=False),
    sa.Column('discipline', sa.String(length=50), nullable=False),
    sa.Column('function_id', sa.String(length=50), nullable=False),
    sa.Column('relevant', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['task_force_id'], ['task_forces.id'], name=op.f('fk_function_relevance_task_force_id_task_forces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_function_relevance')),
    sa.UniqueConstraint('task_force_id', 'discipline', 'function_id', name=op.f('uq_function_relevance_task_force_id'))
    )
    with op.batch_alter_table('function_relevance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_function_relevance_task_force_id'), ['task_force_id'], unique=False)

    op.create_table('members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_force_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('discipline', sa.String(length=50), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=False),
    sa.Column('access_code_hash', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['task_force_id'], ['task_forces.id'], name=op.f('fk_members_task_force_id_task_forces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_members')),
    sa.UniqueConstraint('task_force_id', 'name', name=op.f('uq_members_task_force_id'))
    )
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_members_task_force_id'), ['task_force_id'], unique=False)

    op.create_table('actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_force_id', sa.Integer(), nullable=False),
    sa.Column('element_id', sa.String(length=50), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('pinned', sa.Boolean(), nullable=False),
    sa.Column('created_in_cycle_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('completed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_in_cycle_id'], ['cycles.id'], name=op.f('fk_actions_created_in_cycle_id_cycles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_force_id'], ['task_forces.id'], name=op.f('fk_actions_task_force_id_task_forces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions'))
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actions_task_force_id'), ['task_force_id'], unique=False)

    op.create_table('answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('element_id', sa.String(length=50), nullable=False),
    sa.Column('stage', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('note_in_report', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_answers_cycle_id_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_answers_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_answers')),
    sa.UniqueConstraint('cycle_id', 'member_id', 'element_id', name=op.f('uq_answers_cycle_id'))
    )
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_answers_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_answers_member_id'), ['member_id'], unique=False)

    op.create_table('consensus',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('element_id', sa.String(length=50), nullable=False),
    sa.Column('stage', sa.Integer(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_consensus_cycle_id_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by'], ['members.id'], name=op.f('fk_consensus_recorded_by_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consensus')),
    sa.UniqueConstraint('cycle_id', 'element_id', name=op.f('uq_consensus_cycle_id'))
    )
    with op.batch_alter_table('consensus', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consensus_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('function_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_force_id', sa.Integer(), nullable=False),
    sa.Column('function_id', sa.String(length=50), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['task_force_id'], ['task_forces.id'], name=op.f('fk_function_outcomes_task_force_id_task_forces'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by'], ['members.id'], name=op.f('fk_function_outcomes_updated_by_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_function_outcomes')),
    sa.UniqueConstraint('task_force_id', 'function_id', name=op.f('uq_function_outcomes_task_force_id'))
    )
    with op.batch_alter_table('function_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_function_outcomes_task_force_id'), ['task_force_id'], unique=False)

    op.create_table('submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycles.id'], name=op.f('fk_submissions_cycle_id_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['members.id'], name=op.f('fk_submissions_member_id_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions')),
    sa.UniqueConstraint('cycle_id', 'member_id', name=op.f('uq_submissions_cycle_id'))
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submissions_cycle_id'), ['cycle_id'], unique=False)

    op.create_table('targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_force_id', sa.Integer(), nullable=False),
    sa.Column('element_id', sa.String(length=50), nullable=False),
    sa.Column('target_stage', sa.Integer(), nullable=False),
    sa.Column('by_cycle_label', sa.String(length=20), nullable=False),
    sa.Column('set_by', sa.Integer(), nullable=True),
    sa.Column('set_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['set_by'], ['members.id'], name=op.f('fk_targets_set_by_members'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_force_id'], ['task_forces.id'], name=op.f('fk_targets_task_force_id_task_forces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_targets')),
    sa.UniqueConstraint('task_force_id', 'element_id', name=op.f('uq_targets_task_force_id'))
    )
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_targets_task_force_id'), ['task_force_id'], unique=False)

    op.create_table('action_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(length=50), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=False),
    sa.Column('new_value', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['actions.id'], name=op.f('fk_action_changes_action_id_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['changed_by'], ['members.id'], name=op.f('fk_action_changes_changed_by_members'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_action_changes'))
    )
    with op.batch_alter_table('action_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_action_changes_action_id'), ['action_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('action_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_action_changes_action_id'))

    op.drop_table('action_changes')
    with op.batch_alter_table('targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_targets_task_force_id'))

    op.drop_table('targets')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submissions_cycle_id'))

    op.drop_table('submissions')
    with op.batch_alter_table('function_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_function_outcomes_task_force_id'))

    op.drop_table('function_outcomes')
    with op.batch_alter_table('consensus', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consensus_cycle_id'))

    op.drop_table('consensus')
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_answers_member_id'))
        batch_op.drop_index(batch_op.f('ix_answers_cycle_id'))

    op.drop_table('answers')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actions_task_force_id'))

    op.drop_table('actions')
    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_members_task_force_id'))

    op.drop_table('members')
    with op.batch_alter_table('function_relevance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_function_relevance_task_force_id'))

    op.drop_table('function_relevance')
    with op.batch_alter_table('cycles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cycles_task_force_id'))

    op.drop_table('cycles')
    op.drop_table('task_forces')
    op.drop_table('frameworks')
