"""Counting the SQL statements Tortoise sends (its `tortoise.db_client` debug log)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

STATEMENTS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.queries: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().lstrip()
        if message.upper().startswith(STATEMENTS):
            self.queries.append(message)


@contextmanager
def count_queries() -> Iterator[list[str]]:
    """The statements run inside the block: `with count_queries() as queries: ...; len(queries)`."""
    logger = logging.getLogger("tortoise.db_client")
    handler = _Counter()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.queries
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
