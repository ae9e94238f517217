"""Replies recorded with their event and sent off the request path; when LINE was asked for a language.

Revision ID: 0006_pending_replies
Revises: 0005_admin_followers
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_pending_replies"
down_revision = "0005_admin_followers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """The pending replies table, found by state and lease; the followers' language_checked_at."""
    op.create_table(
        "pending_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("webhook_event_id", sa.String(64), nullable=False),
        sa.Column("reply_token", sa.String(64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_pending_replies"),
        sa.UniqueConstraint("webhook_event_id", name="uq_pending_replies_webhook_event_id"),
    )
    op.create_index("ix_pending_replies_state_lease", "pending_replies", ["state", "lease_until"])
    with op.batch_alter_table("followers") as batch:
        batch.add_column(sa.Column("language_checked_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Drop the table and the column."""
    with op.batch_alter_table("followers") as batch:
        batch.drop_column("language_checked_at")
    op.drop_index("ix_pending_replies_state_lease", table_name="pending_replies")
    op.drop_table("pending_replies")
