"""Admin security shared by every worker: failed-login counters per time bucket, and the session version.

Revision ID: 0004_admin_security
Revises: 0003_event_outcome
Create Date: 2026-12-10
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_admin_security"
down_revision = "0003_event_outcome"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the failure counters and the single admin-state row."""
    op.create_table(
        "admin_login_failures",
        sa.Column("key", sa.String(80), nullable=False),
        sa.Column("bucket", sa.BigInteger(), nullable=False, autoincrement=False),
        sa.Column("count", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("key", "bucket", name="pk_admin_login_failures"),
    )
    op.create_table(
        "admin_state",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_admin_state"),
    )
    op.execute("INSERT INTO admin_state (id, session_version, updated_at) VALUES (1, 0, CURRENT_TIMESTAMP)")


def downgrade() -> None:
    """Drop both tables (admins are logged out, counters forgotten)."""
    op.drop_table("admin_state")
    op.drop_table("admin_login_failures")
