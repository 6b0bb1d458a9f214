"""Alembic environment: the URL comes from ``fondassistenten.db.alembic_config`` (or alembic.ini's
``sqlalchemy.url``), the schema from ``fondassistenten.db.Base``. Batch mode so ALTERs work on SQLite too."""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from fondassistenten.db import Base, database_url, include_object

config = context.config
target_metadata = Base.metadata
url = config.get_main_option("sqlalchemy.url") or database_url()


def run_migrations_offline() -> None:
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    section = config.get_section(config.config_ini_section) or {}
    section["sqlalchemy.url"] = url
    connectable = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=True,
            include_object=include_object,
        )
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
