"""Rows made from their column values without their constructor's bookkeeping (the hot path's).

A mapped class's constructor sets each value through SQLAlchemy's instrumented attribute, which
records it as a change (its history) and marks the row modified: ~12k instructions a column. A new
row needs none of that: the flush writes a new row from its values as they are, and a row an
INSERT ... RETURNING gave back is "loaded" only once its key is set and its history empty
(`make_transient_to_detached`). So the rows a processing batch makes once a message or more (a
report, a ticket written at once) are made here as the ORM makes a row it loads: a bare instance
whose values go straight into its dict. Whatever is set on the row afterwards is instrumented as
on any other row; nothing else in SQLAlchemy's handling of it differs (the pipeline replay,
tests/bot/pipeline_replay.py, compares every row written).

For classes with no relationship that another row's assignment keeps in step with them (a
backref): setting `Photo.report` changes nothing on the report, so a report made here is written
exactly as one made by its constructor; a class whose collections a backref fills needs the
constructor's initialised state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from sqlalchemy import inspect

T = TypeVar("T")


def bare_row(kind: type[T], values: Mapping[str, Any]) -> T:
    """A new (transient) row of `kind` holding `values` (column attributes by name), as
    `kind(**values)` would hold them, made without recording them as changes."""
    row: T = inspect(kind).class_manager.new_instance()
    row.__dict__.update(values)
    return row
