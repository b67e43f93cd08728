"""rotation: the functions a cycle covers

NULL (every existing cycle) means every function of the cycle's framework; otherwise
the covered function ids as a JSON list, in framework order.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24 04:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('cycles') as batch:
        batch.add_column(sa.Column('functions', sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('cycles') as batch:
        batch.drop_column('functions')
