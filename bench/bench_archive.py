"""Benchmark of the archive search (`/kennisbank`'s query, festival.archive.queries): 20
editions with 5,000 archived sessions in all, searched in-process by words, by words plus
filters, by filters only and deep in the pages. Prints the median and p95 milliseconds per
search (target: under 50 ms) for the engine in use.

    .venv/bin/python bench/bench_archive.py [--sessions 5000] [--editions 20] [--rounds 50]
    .venv/bin/python bench/bench_archive.py --database-url postgres://user:pw@127.0.0.1/db

A fresh SQLite file is made in a temporary folder unless --database-url is given (that
database is emptied first!). Nothing leaves this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import connections

from festival import db
from festival.archive.models import ArchiveEntry
from festival.archive.queries import SearchFilters, search_archive

WORDS = (
    "raad gemeente inwoners burgerberaad loting jongeren begroting griffie wethouder "
    "participatie wijk dorp schoolroute democratie testlab zaterdag verkiezingen stemmen "
    "raadsvergadering motie amendement advies buurt vertrouwen informatie digitaal "
    "omgevingswet weerbaar bestuur burgemeester samenwerking ervaring methode begeleiding "
    "timing communicatie voorbereiding vragenuur petitie referendum wijkbudget dialoog"
).split()
FORMATS = ("workshop", "lab", "raad_op_zaterdag", "debate", "plenary")
TRACKS = ("Democratie Testlabs", "Raad op Zaterdag", "Participatie", "Weerbaar bestuur")
AUDIENCES = ("raadsleden", "griffiers", "wethouders", "ambtenaren", "inwoners", "jongeren")
VERDICTS = ("", "", "werkt", "werkt_deels", "werkt_niet", "te_vroeg")

QUERIES = {
    "words": SearchFilters(q="burgerberaad loting"),
    "one common word": SearchFilters(q="raad"),
    "words + filters": SearchFilters(q="jongeren", format="lab", outcome="werkt", year=2024),
    "filters only": SearchFilters(track="Participatie", audience="inwoners"),
    "no filter, page 100": SearchFilters(page=100),
    "word, page 10": SearchFilters(q="gemeente", page=10),
}


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    """Made-up words next to the domain's own, so that word frequencies are as uneven as in
    real abstracts (a few words in many sessions, most words in few)."""
    syllables = "ge ver be raad wijk stem burg er en de lo ting jon ber ad vies dorp plan".split()
    made = {"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)}
    return sorted(made)


def _text(rng: random.Random, n: int, vocabulary: list[str]) -> str:
    # Zipf-like: the domain words now and then, the rest from the long tail.
    words = []
    for _ in range(n):
        if rng.random() < 0.08:
            words.append(rng.choice(WORDS))
        else:
            words.append(vocabulary[min(int(rng.paretovariate(1.1)) - 1, len(vocabulary) - 1)])
    return " ".join(words)


async def seed(sessions: int, editions: int) -> None:
    await connections.get("default").execute_script('DELETE FROM "archive_entry";')
    rng = random.Random(14)
    vocabulary = _vocabulary(rng)
    rng.shuffle(vocabulary)
    rows = []
    for n in range(1, sessions + 1):
        edition = n % editions
        starts = datetime(2007 + edition, 6, 13, 9, tzinfo=UTC) + timedelta(minutes=n % 480)
        rows.append(
            ArchiveEntry(
                session_id=n,
                code=f"B{n:07d}",
                event_id=edition + 1,
                event_slug=f"dld-{2007 + edition}",
                event_name=f"Dag van de Lokale Democratie {2007 + edition}",
                organisation_id=edition % 5 + 1,
                year=2007 + edition,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                format=rng.choice(FORMATS),
                track=rng.choice(TRACKS),
                audiences=" " + " ".join(rng.sample(AUDIENCES, 2)) + " ",
                partner=f"Gemeente {rng.randint(1, 300)}",
                speakers="Spreker A, Spreker B",
                verdict=rng.choice(VERDICTS),
                title=_text(rng, 6, vocabulary).capitalize(),
                abstract=_text(rng, 40, vocabulary),
                body=_text(rng, 120, vocabulary),
            )
        )
    await ArchiveEntry.bulk_create(rows, batch_size=500)


async def measure(rounds: int) -> list[tuple[str, int, float, float]]:
    table = []
    for name, filters in QUERIES.items():
        await search_archive(filters)  # warm the caches once
        times, total = [], 0
        for _ in range(rounds):
            start = time.perf_counter()
            result = await search_archive(filters)
            times.append((time.perf_counter() - start) * 1000)
            total = result.total
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        table.append((name, total, statistics.median(times), p95))
    return table


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=5000)
    parser.add_argument("--editions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    args.rounds = max(1, min(args.rounds, 1000))
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite://{folder}/bench.sqlite3"
        await db.migrate(url)
        await db.init(url)
        try:
            started = time.perf_counter()
            await seed(min(args.sessions, 100_000), max(1, args.editions))
            seeded = time.perf_counter() - started
            table = await measure(args.rounds)
        finally:
            await db.close()
    engine = "PostgreSQL" if url.startswith("postgres") else "SQLite (FTS5)"
    print(
        f"archive search, {engine}: {args.sessions} sessions in {args.editions} editions "
        f"(seeded in {seeded:.1f} s), {args.rounds} rounds each, target < 50 ms"
    )
    print(f"{'query':<22} {'matches':>8} {'median ms':>10} {'p95 ms':>8}")
    for name, total, median, p95 in table:
        print(f"{name:<22} {total:>8} {median:>10.2f} {p95:>8.2f}")


if __name__ == "__main__":
    asyncio.run(main())
