"""The archive search: one interface over SQLite FTS5 and PostgreSQL full-text search.

SQLite: the `archive_fts` FTS5 table (unicode61, accents folded) mirrors `archive_entry` through
triggers; every word of the query must occur, as a word or the start of one ("gemeente" finds
"gemeenten"). PostgreSQL: the generated column `search`,
`to_tsvector('dutch', title || ' ' || body)`, with a GIN index; Dutch stemming ("jongeren"
finds "jongere"). Filters are plain columns on both."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from tortoise import connections

from festival import db
from festival.archive.models import ArchiveEntry

PAGE_SIZE = 20
MAX_TERMS = 12
_WORD = re.compile(r"\w+", re.UNICODE)
_AUDIENCE = re.compile(r"[a-z_]+")


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    track: str = ""
    format: str = ""
    audience: str = ""
    outcome: str = ""  # a Verdict value or ""
    year: int | None = None
    page: int = 1


@dataclass(frozen=True)
class SearchPage:
    entries: list[ArchiveEntry]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class SearchOptions:
    tracks: list[str]
    formats: list[str]
    years: list[int]


def _terms(text: str) -> list[str]:
    return _WORD.findall(text.casefold())[:MAX_TERMS]


def _where(filters: SearchFilters, mark: list[str], params: list[object]) -> list[str]:
    """The column filters as SQL with the engine's parameter marks (appended to `params`)."""

    def add(sql: str, value: object) -> str:
        params.append(value)
        return sql.replace("%s", mark[0].format(n=len(params)))

    clauses = []
    if filters.track:
        clauses.append(add("e.track = %s", filters.track))
    if filters.format:
        clauses.append(add("e.format = %s", filters.format))
    if filters.audience:
        # Audience values are lowercase words; anything else matches nothing (no LIKE wildcards).
        wanted = filters.audience if _AUDIENCE.fullmatch(filters.audience) else "-"
        clauses.append(add("e.audiences LIKE %s", f"% {wanted} %"))
    if filters.outcome:
        clauses.append(add("e.verdict = %s", filters.outcome))
    if filters.year is not None:
        clauses.append(add("e.year = %s", filters.year))
    return clauses


async def _text_ids(filters: SearchFilters, terms: list[str]) -> tuple[list[int], int]:
    """Ids of the page's entries, best match first, and the number of matches."""
    params: list[object] = []
    if db.engine_name() == "sqlite":
        mark = ["?"]
        match = " ".join('"' + t.replace('"', "") + '"*' for t in terms)
        params.append(match)
        clauses = ["archive_fts MATCH ?", *_where(filters, mark, params)]
        source = "archive_entry e JOIN archive_fts ON archive_fts.rowid = e.id"
        order = "archive_fts.rank, e.id"
        if len(clauses) == 1:
            # Words only: FTS5 answers from its own index (its ORDER BY rank LIMIT is optimised).
            source, clauses, order = "archive_fts", ["archive_fts MATCH ?"], "rank"
            return await _page_of(source, clauses, order, params, "rowid", filters.page)
    else:
        mark = ["${n}"]
        params.append(" ".join(terms))
        clauses = ["e.search @@ plainto_tsquery('dutch', $1)", *_where(filters, mark, params)]
        source = "archive_entry e"
        order = "ts_rank(e.search, plainto_tsquery('dutch', $1)) DESC, e.id"
    return await _page_of(source, clauses, order, params, "e.id", filters.page)


async def _page_of(
    source: str, clauses: list[str], order: str, params: list[object], key: str, page: int
) -> tuple[list[int], int]:
    where = " AND ".join(clauses)
    conn = connections.get("default")
    count_rows = await conn.execute_query_dict(
        f"SELECT COUNT(*) AS n FROM {source} WHERE {where}",  # noqa: S608 - marks only
        params,
    )
    n = len(params)
    marks = ("?", "?") if db.engine_name() == "sqlite" else (f"${n + 1}", f"${n + 2}")
    rows = await conn.execute_query_dict(
        f"SELECT {key} AS id FROM {source} WHERE {where} ORDER BY {order} "  # noqa: S608
        f"LIMIT {marks[0]} OFFSET {marks[1]}",
        [*params, PAGE_SIZE, (page - 1) * PAGE_SIZE],
    )
    return [int(r["id"]) for r in rows], int(count_rows[0]["n"])


async def search_archive(filters: SearchFilters) -> SearchPage:
    """A page of archived sessions matching the text and the filters (newest first without
    text, best match first with it)."""
    terms = _terms(filters.q)
    if terms:
        ids, total = await _text_ids(filters, terms)
    else:
        params: list[object] = []
        mark = ["?"] if db.engine_name() == "sqlite" else ["${n}"]
        clauses = _where(filters, mark, params) or ["1 = 1"]
        order = "e.starts_at DESC, e.id"
        ids, total = await _page_of("archive_entry e", clauses, order, params, "e.id", filters.page)
    by_id = {e.id: e for e in await ArchiveEntry.filter(id__in=ids)}
    entries = [by_id[i] for i in ids if i in by_id]
    pages = max(1, math.ceil(total / PAGE_SIZE))
    return SearchPage(entries, total, filters.page, pages)


async def search_options() -> SearchOptions:
    """The choices of the filter form: every track, format and year in the archive."""
    tracks = (
        await ArchiveEntry.exclude(track="")
        .order_by("track")
        .distinct()
        .values_list("track", flat=True)
    )
    formats = (
        await ArchiveEntry.all().order_by("format").distinct().values_list("format", flat=True)
    )
    years = await ArchiveEntry.all().order_by("year").distinct().values_list("year", flat=True)
    return SearchOptions(
        sorted(str(t) for t in tracks),
        sorted(str(f) for f in formats),
        sorted((int(str(y)) for y in years), reverse=True),
    )
