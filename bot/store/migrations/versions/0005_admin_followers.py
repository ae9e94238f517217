"""Followers' LINE display names for the admin, LINE audiences made from tags, per-tag rich menus.

Revision ID: 0005_admin_followers
Revises: 0004_admin_security
Create Date: 2026-12-12
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_admin_followers"
down_revision = "0004_admin_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the name columns, the audience record per tag, the menu per tag and the pending menu links."""
    with op.batch_alter_table("followers") as batch:
        batch.add_column(sa.Column("display_name", sa.String(100), nullable=True))
        batch.add_column(sa.Column("profile_checked_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "tag_audiences",
        sa.Column("tag", sa.String(50), nullable=False),
        sa.Column("audience_group_id", sa.BigInteger(), nullable=False),
        sa.Column("description", sa.String(120), nullable=False),
        sa.Column("uploaded", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("complete", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("status", sa.String(32), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tag", name="pk_tag_audiences"),
    )
    op.create_table(
        "tag_menus",
        sa.Column("tag", sa.String(50), nullable=False),
        sa.Column("rich_menu_id", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("tag", name="pk_tag_menus"),
    )
    op.create_table(
        "menu_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("tag", sa.String(50), nullable=False),
        sa.Column("rich_menu_id", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_menu_links"),
    )


def downgrade() -> None:
    """Drop the three tables and the name columns."""
    op.drop_table("menu_links")
    op.drop_table("tag_menus")
    op.drop_table("tag_audiences")
    with op.batch_alter_table("followers") as batch:
        batch.drop_column("profile_checked_at")
        batch.drop_column("display_name")
