"""Migration 0005 (names, audiences, per-tag menus) runs both ways (test_migration checks it against the models)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from bot.store.migrate import alembic_config, upgrade


def test_downgrade_to_0004_and_upgrade_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO followers (user_id, blocked, created_at, display_name) "
                             "VALUES ('U1', 0, CURRENT_TIMESTAMP, '店長')"))
    command.downgrade(alembic_config(url), "0004_admin_security")
    inspector = sa.inspect(engine)
    assert not {"tag_audiences", "tag_menus", "menu_links"} & set(inspector.get_table_names())
    assert "display_name" not in {c["name"] for c in inspector.get_columns("followers")}
    upgrade(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT user_id, display_name FROM followers")).all() == [("U1", None)]
    engine.dispose()
