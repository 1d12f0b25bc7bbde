"""Alembic environment: hubpro's models, one transaction per migration (SQLite included)."""

from alembic import context
from sqlmodel import SQLModel

import hubpro.models  # noqa: F401  (registers the tables)
from hubpro.migrate import migration_engine

target_metadata = SQLModel.metadata


def run_on(connection) -> None:
    """Run the migrations on a connection whose transactions hold DDL (see ``migration_engine``)."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        transactional_ddl=True,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """Run migrations online against the connection given by ``hubpro.migrate``, or the configured database."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        run_on(connection)
        return
    engine = migration_engine()
    try:
        with engine.connect() as conn:
            run_on(conn)
    finally:
        engine.dispose()


run()
