"""Gapless number series per organisation, kind and year (`2026-00017`, credit notes
`C2026-00003`). The counter row is bumped by one guarded UPDATE ... RETURNING inside the
transaction that writes the document: the row stays locked until that commits (PostgreSQL) or
the database has one writer (SQLite), and a rollback gives the number back."""

from __future__ import annotations

from tortoise import connections

from festival.invoicing.models import NumberSeries, SeriesKind

PREFIX = {SeriesKind.INVOICE: "", SeriesKind.CREDIT_NOTE: "C"}


async def next_number(organisation_id: int, kind: SeriesKind, year: int) -> str:
    """The next number of the series. Call inside the transaction that uses it."""
    await NumberSeries.bulk_create(
        [NumberSeries(organisation_id=organisation_id, kind=kind, year=year, last_number=0)],
        ignore_conflicts=True,
    )
    connection = connections.get("default")
    rows = await connection.execute_query_dict(
        _bump_sql(connection.capabilities.dialect), [organisation_id, kind.value, year]
    )
    return f"{PREFIX[kind]}{year}-{int(rows[0]['last_number']):05d}"


def _bump_sql(dialect: str) -> str:
    a, b, c = ("?", "?", "?") if dialect == "sqlite" else ("$1", "$2", "$3")
    table = NumberSeries._meta.db_table  # identifiers from the model; values are parameters
    return (
        f'UPDATE "{table}" SET "last_number" = "last_number" + 1 '  # noqa: S608
        f'WHERE "organisation_id" = {a} AND "kind" = {b} AND "year" = {c} '
        f'RETURNING "last_number"'
    )
