"""Persistence: SQLAlchemy 2 models, engine and sessions, repositories and migrations."""
