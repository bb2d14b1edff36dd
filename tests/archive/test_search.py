"""The archive search, one interface over SQLite FTS5 and PostgreSQL full-text search: words,
filters, paging, the index kept in step on update and delete, and Dutch stemming where the
engine has it (PostgreSQL). Runs on the engine of the test run (see tests/conftest.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from festival import db
from festival.archive.models import ArchiveEntry
from festival.archive.queries import PAGE_SIZE, SearchFilters, search_archive, search_options

pytestmark = pytest.mark.usefixtures("database")


def _entry(n: int, **values: object) -> ArchiveEntry:
    defaults: dict[str, object] = {
        "session_id": n,
        "code": f"S{n:05d}",
        "event_id": 1,
        "event_slug": "dld-2026",
        "event_name": "Dag van de Lokale Democratie 2026",
        "organisation_id": 1,
        "year": 2026,
        "starts_at": datetime(2026, 6, 13, 9, tzinfo=UTC) + timedelta(minutes=n),
        "format": "workshop",
        "title": f"Sessie {n}",
        "body": "",
    }
    return ArchiveEntry(**(defaults | values))


async def _codes(**filters: object) -> list[str]:
    result = await search_archive(SearchFilters(**filters))  # type: ignore[arg-type]
    return [e.code for e in result.entries]


async def test_search_words_and_filters() -> None:
    await ArchiveEntry.bulk_create(
        [
            _entry(
                1,
                title="Burgerberaad met gelote inwoners",
                format="lab",
                verdict="werkt",
                track="Democratie Testlabs",
                audiences=" raadsleden griffiers ",
            ),
            _entry(
                2,
                title="Raad op Zaterdag in Enschede",
                format="raad_op_zaterdag",
                body="Inwoners over een veilige schoolroute",
                audiences=" inwoners ",
            ),
            _entry(
                3,
                title="Jongeren en de begroting",
                format="lab",
                verdict="werkt_deels",
                year=2025,
                body="Een begrotingsspel voor inwoners",
                track="Democratie Testlabs",
            ),
            _entry(4, title="Begrijpelijke raadsvergaderingen", body="Tips van griffiers"),
        ]
    )
    assert await _codes(q="burgerberaad") == ["S00001"]
    assert sorted(await _codes(q="inwoners")) == ["S00001", "S00002", "S00003"]
    assert await _codes(q="inwoners", format="lab", year=2025) == ["S00003"]
    assert await _codes(q="veilige schoolroute") == ["S00002"]
    assert await _codes(q="veilige begroting") == []  # every word must match
    assert await _codes(outcome="werkt") == ["S00001"]
    assert await _codes(outcome="werkt_deels", q="jongeren") == ["S00003"]
    assert await _codes(audience="griffiers") == ["S00001"]
    assert await _codes(audience="%") == []  # no LIKE wildcards from input
    assert sorted(await _codes(track="Democratie Testlabs")) == ["S00001", "S00003"]
    assert await _codes(q="'\"*) OR (") == []  # query syntax is words only, never an error
    options = await search_options()
    assert (options.tracks, options.formats, options.years) == (
        ["Democratie Testlabs"],
        ["lab", "raad_op_zaterdag", "workshop"],
        [2026, 2025],
    )


async def test_search_accents_and_word_starts() -> None:
    await ArchiveEntry.bulk_create([_entry(1, title="Participatie in de gemeenten", body="Café")])
    assert await _codes(q="cafe") == ["S00001"]
    assert await _codes(q="gemeente") == ["S00001"]  # "gemeente" finds "gemeenten" on both


async def test_search_index_follows_update_and_delete() -> None:
    await ArchiveEntry.bulk_create([_entry(1, title="Wijkbudget")])
    await ArchiveEntry.filter(session_id=1).update(title="Buurtbudget")
    assert await _codes(q="wijkbudget") == []
    assert await _codes(q="buurtbudget") == ["S00001"]
    await ArchiveEntry.filter(session_id=1).delete()
    assert await _codes(q="buurtbudget") == []


async def test_search_pages() -> None:
    await ArchiveEntry.bulk_create([_entry(n, body="loting") for n in range(1, 46)])
    first = await search_archive(SearchFilters(q="loting"))
    last = await search_archive(SearchFilters(q="loting", page=3))
    assert (first.total, first.pages, len(first.entries), len(last.entries)) == (45, 3, 20, 5)
    assert PAGE_SIZE == 20
    plain = await search_archive(SearchFilters(page=1))
    assert plain.entries[0].code == "S00045"  # without words: newest first


async def test_search_dutch_stemming_on_postgresql() -> None:
    if db.engine_name() != "postgres":
        pytest.skip("SQLite FTS5 has no Dutch stemmer; the PostgreSQL run checks this")
    await ArchiveEntry.bulk_create(
        [_entry(1, title="Jongere raadsleden"), _entry(2, title="Gemeentelijke verkiezingen")]
    )
    assert await _codes(q="jongeren") == ["S00001"]  # jongeren -> jonger
    assert await _codes(q="raadslid") == []  # a different word, not a stem
    assert await _codes(q="verkiezing") == ["S00002"]
