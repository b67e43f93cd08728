"""accounts, sessions, invite and reset links, sign-in failures, the audit trail;
members become memberships of accounts; frameworks may belong to one task force

Every member keeps their row, so every answer stays where it was. Each gets an
account without email or password: the lead invites them by email from the Team
page. The access-code hashes go.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 22:00:00
"""
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=True),
    sa.Column('is_admin', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_sign_in_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('email', name=op.f('uq_accounts_email'))
    )
    op.create_table('sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_sessions_account_id_accounts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sessions_token_hash'))
    )
    op.create_index(op.f('ix_sessions_account_id'), 'sessions', ['account_id'], unique=False)
    op.create_table('access_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('task_force_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.String(length=20), nullable=True),
    sa.Column('created_by', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_access_links_account_id_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['accounts.id'], name=op.f('fk_access_links_created_by_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_force_id'], ['task_forces.id'], name=op.f('fk_access_links_task_force_id_task_forces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_access_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_access_links_token_hash'))
    )
    op.create_index(op.f('ix_access_links_account_id'), 'access_links', ['account_id'], unique=False)
    op.create_table('sign_in_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('client', sa.String(length=100), nullable=False),
    sa.Column('failed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_failures'))
    )
    op.create_index(op.f('ix_sign_in_failures_email'), 'sign_in_failures', ['email'], unique=False)
    op.create_index(op.f('ix_sign_in_failures_client'), 'sign_in_failures', ['client'], unique=False)
    op.create_index(op.f('ix_sign_in_failures_failed_at'), 'sign_in_failures', ['failed_at'], unique=False)
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('who', sa.String(length=320), nullable=False),
    sa.Column('task_force_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['accounts.id'], name=op.f('fk_audit_events_account_id_accounts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['task_force_id'], ['task_forces.id'], name=op.f('fk_audit_events_task_force_id_task_forces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    op.create_index(op.f('ix_audit_events_at'), 'audit_events', ['at'], unique=False)
    op.create_index(op.f('ix_audit_events_task_force_id'), 'audit_events', ['task_force_id'], unique=False)

    with op.batch_alter_table('frameworks', schema=None) as batch_op:
        batch_op.add_column(sa.Column('task_force_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_frameworks_task_force_id'), ['task_force_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_frameworks_task_force_id_task_forces'), 'task_forces', ['task_force_id'], ['id'], ondelete='CASCADE')

    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('account_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('removed_at', sa.DateTime(), nullable=True))

    # One account per existing member, named as the member was; no email, no password yet.
    connection = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    accounts = sa.table('accounts', sa.column('id', sa.Integer), sa.column('display_name', sa.String),
                        sa.column('is_admin', sa.Boolean), sa.column('created_at', sa.DateTime))
    members = sa.table('members', sa.column('id', sa.Integer), sa.column('name', sa.String), sa.column('account_id', sa.Integer))
    for member_id, name in connection.execute(sa.select(members.c.id, members.c.name).order_by(members.c.id)).all():
        account_id = connection.execute(
            accounts.insert().values(display_name=name, is_admin=False, created_at=now).returning(accounts.c.id)
        ).scalar_one()
        connection.execute(members.update().where(members.c.id == member_id).values(account_id=account_id))

    with op.batch_alter_table('members', schema=None) as batch_op:
        batch_op.alter_column('account_id', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('discipline', existing_type=sa.String(length=50), nullable=True)
        batch_op.drop_constraint('uq_members_task_force_id', type_='unique')
        batch_op.create_unique_constraint('uq_members_task_force_account', ['task_force_id', 'account_id'])
        batch_op.create_index(batch_op.f('ix_members_account_id'), ['account_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_members_account_id_accounts'), 'accounts', ['account_id'], ['id'])
        batch_op.drop_column('access_code_hash')


def downgrade() -> None:
    raise NotImplementedError("Accounts cannot be turned back into access codes; restore a backup instead.")
