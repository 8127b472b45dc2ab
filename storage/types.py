"""Column types shared by the models."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, Dialect
from sqlalchemy.dialects.sqlite import DATETIME as SQLITE_DATETIME
from sqlalchemy.types import TypeDecorator

# SQLAlchemy's default text for a SQLite DATETIME (`sqlalchemy.dialects.sqlite.DATETIME`)
_SQLITE_STORAGE = SQLITE_DATETIME._storage_format


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp that is always timezone-aware in Python and UTC in the database.

    SQLite keeps no zone, so naive values read back are UTC by construction; writing a
    naive datetime is a bug and raises.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: every time must be timezone-aware")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def bind_processor(self, dialect: Dialect) -> Any:
        """On SQLite, `process_bind_param` and then the dialect's DATETIME text in one step: the same
        text (`YYYY-MM-DD HH:MM:SS.ffffff`, UTC, no zone) that its two Python steps make from a dict of the
        value's seven parts. A processing batch binds a few of these a message (a report's time, its
        history rows', its replies', the inbox's): ~2,000 instructions each before. Any other dialect,
        or a DATETIME stored another way, takes SQLAlchemy's two steps."""
        if dialect.name != "sqlite" or getattr(self.impl_instance, "_storage_format", None) != _SQLITE_STORAGE:
            return super().bind_processor(dialect)

        def process(value: datetime | None) -> str | None:
            if value is None:
                return None
            if value.tzinfo is None:
                raise ValueError(f"naive datetime {value!r}: every time must be timezone-aware")
            return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")

        return process

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
