"""Database layer: SQLAlchemy 2 models, Alembic migrations, engine setup and domain services (no Textual)."""
