"""Alembic environment: hubpro's engine and SQLModel metadata."""

from alembic import context
from sqlmodel import SQLModel

import hubpro.models  # noqa: F401  (registers the tables)
from hubpro.db import get_engine

target_metadata = SQLModel.metadata


def run() -> None:
    """Run migrations online against the configured database."""
    connectable = context.config.attributes.get("connection") or get_engine()
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run()
