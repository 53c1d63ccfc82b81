"""The migrations produce exactly the schema the models describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import counsel_dir.models  # noqa: F401
from counsel_dir.db import Base, make_engine


def test_upgrade_from_empty_to_head_matches_the_models(make_database):
    engine = make_engine(make_database())
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []
