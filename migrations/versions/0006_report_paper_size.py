"""paper size of the funder PDF per task force: US Letter by default, A4 as a setting

Every existing task force gets US Letter, the new default (the PDF was A4 before).

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-24 10:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('task_forces') as batch:
        batch.add_column(sa.Column('paper_size', sa.String(length=8), server_default='letter', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('task_forces') as batch:
        batch.drop_column('paper_size')
