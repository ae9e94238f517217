"""Keyword tagging: rules, follower tags, their audit trail, messages kept for replay, the rules version.

Revision ID: 0002_tagging
Revises: 0001_foundation
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_tagging"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the tagging tables and the single version row."""
    op.create_table(
        "tag_rules",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("pattern", sa.String(200), nullable=False),
        sa.Column("match", sa.String(16), nullable=False),
        sa.Column("tag", sa.String(50), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("enabled", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("note", sa.String(500), nullable=False, server_default=""),
        sa.Column("hit_count", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_hit_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tag_rules"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_tag_rules_tag", "tag_rules", ["tag"])
    op.create_table(
        "follower_tags",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("tag", sa.String(50), nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("rule_pattern", sa.String(200), nullable=True),
        sa.Column("rule_match", sa.String(16), nullable=True),
        sa.Column("first_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hit_count", sa.Integer(), nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name="pk_follower_tags"),
        sa.UniqueConstraint("user_id", "tag", name="uq_follower_tags_user_id_tag"),
    )
    op.create_index("ix_follower_tags_tag", "follower_tags", ["tag"])
    op.create_table(
        "tag_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("tag", sa.String(50), nullable=True),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("rule_id", sa.Integer(), nullable=True),
        sa.Column("rule_pattern", sa.String(200), nullable=True),
        sa.Column("rule_match", sa.String(16), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tag_events"),
    )
    op.create_index("ix_tag_events_user_id", "tag_events", ["user_id"])
    op.create_index("ix_tag_events_at", "tag_events", ["at"])
    op.create_table(
        "tagging_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tagging_messages"),
    )
    op.create_index("ix_tagging_messages_created_at", "tagging_messages", ["created_at"])
    op.create_table(
        "tag_rules_version",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tag_rules_version"),
    )
    op.execute("INSERT INTO tag_rules_version (id, version, updated_at) VALUES (1, 0, CURRENT_TIMESTAMP)")


def downgrade() -> None:
    """Drop the tagging tables."""
    op.drop_table("tag_rules_version")
    op.drop_index("ix_tagging_messages_created_at", table_name="tagging_messages")
    op.drop_table("tagging_messages")
    op.drop_index("ix_tag_events_at", table_name="tag_events")
    op.drop_index("ix_tag_events_user_id", table_name="tag_events")
    op.drop_table("tag_events")
    op.drop_index("ix_follower_tags_tag", table_name="follower_tags")
    op.drop_table("follower_tags")
    op.drop_index("ix_tag_rules_tag", table_name="tag_rules")
    op.drop_table("tag_rules")
