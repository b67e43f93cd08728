"""a data version per task force, raised by every write to the task force's data

The app keeps computed figures (scores, histories) in a cache keyed by this number, so a
page rerun after a widget change reads nothing again; any write makes the next read fresh.
Several app processes share one database, so the number lives in it, not in a process.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 07:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('task_forces') as batch:
        batch.add_column(sa.Column('data_version', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('task_forces') as batch:
        batch.drop_column('data_version')
