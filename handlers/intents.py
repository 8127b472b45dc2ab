"""What a message means, named once: the reader (`handlers.parsing`) returns one of these as
`Reading.intent`, and every handler that groups them builds its groups from these members.

A `StrEnum`, so a reading's plain-string intent and a member compare and hash alike.
"""

from __future__ import annotations

from enum import StrEnum


class Intent(StrEnum):
    # facts a supplier reports about an order
    PROGRESS = "progress"
    DELAY = "delay"
    SHIPMENT = "shipment"
    DEFECT = "defect"
    INSPECTION_VALUES = "inspection_values"
    PLAN = "plan"
    SHORTAGE = "shortage"
    # changing what was said
    UNDO = "undo"
    CORRECT = "correct"
    SNOOZE = "snooze"
    # questions
    STATUS_QUERY = "status_query"
    OVERDUE_QUERY = "overdue_query"
    TODAY_QUERY = "today_query"
    ORDERS_QUERY = "orders_query"
    SUPPLIER_QUERY = "supplier_query"
    EXCEPTIONS_QUERY = "exceptions_query"
    # staff on an exception
    ACK = "ack"
    RESOLVE = "resolve"
    # the rest of a conversation
    HELP = "help"
    NOTED = "noted"
    CLARIFY = "clarify"
    UNKNOWN = "unknown"
    # a photo without words: made by the supplier chat, never by the reader
    PHOTO = "photo"


READER_INTENTS: frozenset[Intent] = frozenset(Intent) - {Intent.PHOTO}  # what `read_message` may return
STAFF_INTENTS: frozenset[Intent] = frozenset({  # what buyers, QC and managers may say
    Intent.STATUS_QUERY, Intent.OVERDUE_QUERY, Intent.TODAY_QUERY, Intent.ORDERS_QUERY, Intent.SUPPLIER_QUERY,
    Intent.EXCEPTIONS_QUERY, Intent.ACK, Intent.RESOLVE, Intent.HELP,
})
