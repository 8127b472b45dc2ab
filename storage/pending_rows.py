"""Whether a session holds unwritten changes to rows of one kind.

A query's autoflush writes everything pending before it runs, so that the answer counts it. A
query that reads one table only needs that when rows of that table are pending: the rest of a
processing batch (its reports, its nodes' changes, their history) cannot change its answer, and
left pending it is written with the rest of the batch in one flush, not one flush a query.
"""

from __future__ import annotations

from sqlalchemy.orm import Session


def pending(session: Session, kind: type) -> bool:
    """Whether a `kind` row is added, changed or deleted and not yet written (what an autoflush
    before a query of its table must write first for the answer to be right)."""
    return any(isinstance(row, kind) for rows in (session.new, session.dirty, session.deleted) for row in rows)
