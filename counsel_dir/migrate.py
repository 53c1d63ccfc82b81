"""Running Alembic from the app (``flask db upgrade``) and from tests."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

from counsel_dir.config import PROJECT_ROOT


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's config for this project; with ``connection``, migrations run on it."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection | None = None, revision: str = "head") -> None:
    """Bring the schema up to ``revision``."""
    command.upgrade(alembic_config(connection), revision)
