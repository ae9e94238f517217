"""Processed events remember how they ended: answered, or failed inside the bot.

Revision ID: 0003_event_outcome
Revises: 0002_tagging
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_event_outcome"
down_revision = "0002_tagging"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the outcome column; every event stored before it was answered."""
    with op.batch_alter_table("processed_events") as batch:
        batch.add_column(sa.Column("outcome", sa.String(16), nullable=False, server_default="answered"))


def downgrade() -> None:
    """Drop the outcome column."""
    with op.batch_alter_table("processed_events") as batch:
        batch.drop_column("outcome")
