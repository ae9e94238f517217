"""The hand-written migration matches the models and runs both ways."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from bot.store.admin import AdminState  # noqa: F401 - registers the admin tables
from bot.store.migrate import alembic_config, upgrade
from bot.store.models import Base
from bot.store.tagging import FollowerTag  # noqa: F401 - registers the tagging tables

TABLES = ("tag_rules", "follower_tags", "tag_events", "tagging_messages", "tag_rules_version")


def test_migrations_create_what_the_models_describe(database_url: str) -> None:
    """Every table of every model, columns, nullability and indexes, as the migrations leave them."""
    engine = sa.create_engine(database_url)
    inspector = sa.inspect(engine)
    for name in Base.metadata.tables:
        model = Base.metadata.tables[name]
        columns = {c["name"]: c for c in inspector.get_columns(name)}
        assert set(columns) == {c.name for c in model.columns}, name
        for column in model.columns:
            assert columns[column.name]["nullable"] == column.nullable, f"{name}.{column.name}"
        model_indexes = {tuple(i.columns.keys()) for i in model.indexes}
        assert model_indexes == {tuple(i["column_names"]) for i in inspector.get_indexes(name)}, name
    uniques = inspector.get_unique_constraints("follower_tags")
    assert [u["column_names"] for u in uniques] == [["user_id", "tag"]]
    engine.dispose()


def test_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    command.downgrade(alembic_config(url), "0001_foundation")
    engine = sa.create_engine(url)
    assert not set(TABLES) & set(sa.inspect(engine).get_table_names())
    upgrade(url)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version FROM tag_rules_version WHERE id = 1")).scalar() == 0
    engine.dispose()
