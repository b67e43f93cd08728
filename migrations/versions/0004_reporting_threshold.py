"""reporting threshold per task force: k (3 by default) and the evidence notes' own k_notes

Every existing task force gets k = 3, the threshold its discipline breakdowns already
used, and no separate notes threshold (notes follow k).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24 09:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('task_forces') as batch:
        batch.add_column(sa.Column('reporting_threshold', sa.Integer(), server_default='3', nullable=False))
        batch.add_column(sa.Column('notes_threshold', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('task_forces') as batch:
        batch.drop_column('notes_threshold')
        batch.drop_column('reporting_threshold')
