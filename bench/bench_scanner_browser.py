"""Benchmark of the scanner's offline mode in headless Chromium (issue 5, "Speed"): the size of
the offline ticket list (`GET /api/checkin/tickets`, raw and gzip) and the time the scanner's own
code (`static/scan/scan.js`, reached through `window.festivalScanner`) takes to verify the
Ed25519 signatures of N real ticket payloads with WebCrypto.

    /work/venv/bin/python bench/bench_scanner_browser.py [--tickets 10000] [--runs 3]

A fresh SQLite file is made in a temporary folder, the app runs under uvicorn on 127.0.0.1 and
the page is the real `/scan` (same origin, the app's CSP). Each run loads a fresh page, fetches
the list with a check-in device token, `prepare()`s it (imports the event's key once) and then
runs `decideLocally(payload, "entrance")` for every payload: once one scan after the other (how a
door scanner works) and once all at once in chunks of `--chunk` (`Promise.all`). Every answer
must be `ok`. Prints every run and the medians.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_checkin import free_port, seed
from playwright.async_api import async_playwright

from festival import db
from festival.registration.models import Attendee

FIRST = (
    "Anna Bram Carla Daan Eva Fleur Gijs Hanna Ilse Jeroen Karim Lotte Mohamed Noor Otto Pieter "
    "Rosa Sanne Thijs Yasmin"
).split()
LAST = [
    *"Jansen Bakker Visser Smit Meijer Mulder Bos Vos Peters Hendriks Dekker Yilmaz".split(),
    *("de Vries", "van den Berg", "de Boer", "de Groot", "van Leeuwen", "El Amrani"),
    *("Verhoeven", "Koster"),
]
PLACES = (
    "Zeist Utrecht Amersfoort Houten Nieuwegein Bunnik Woerden Leusden Soest IJsselstein "
    "Veenendaal Rhenen Baarn Doorn"
).split()
KINDS = ["Gemeente", "Provincie", "Waterschap", "Omgevingsdienst", "GGD regio", ""]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
EVALUATE_TIMEOUT_S = 300


async def vary_names(database_url: str) -> None:
    """Give the seeded attendees varied names and organisations (the seed's "Deelnemer 1-2"
    compresses far better than a real list would)."""
    await db.init(database_url)
    try:
        people = await Attendee.all().order_by("id")
        for index, person in enumerate(people):
            person.name = f"{FIRST[index % 20]} {LAST[(index * 7 // 20 + index) % 20]}"
            kind = KINDS[(index * 5) % len(KINDS)]
            person.organisation = f"{kind} {PLACES[(index * 3) % len(PLACES)]}" if kind else ""
        await Attendee.bulk_update(people, fields=["name", "organisation"], batch_size=500)
    finally:
        await db.close()


# Runs inside /scan: fetch + prepare the bundle like the scanner does, then time decideLocally.
PAGE_SCRIPT = """
async ({payloads, token, chunk}) => {
  const scanner = window.festivalScanner;
  if (!scanner) { throw new Error('window.festivalScanner missing'); }
  const t0 = performance.now();
  const response = await fetch('/api/checkin/tickets',
    {headers: {'Authorization': 'Bearer ' + token, 'Accept': 'application/json'}});
  const bundle = await response.json();
  const t1 = performance.now();
  await scanner.prepare(bundle);
  const t2 = performance.now();
  const counts = {};
  for (const payload of payloads) {
    const answer = await scanner.decideLocally(payload, 'entrance');
    counts[answer.result] = (counts[answer.result] || 0) + 1;
  }
  const t3 = performance.now();
  const parallelCounts = {};
  for (let i = 0; i < payloads.length; i += chunk) {
    const answers = await Promise.all(
      payloads.slice(i, i + chunk).map(p => scanner.decideLocally(p, 'entrance')));
    answers.forEach(a => { parallelCounts[a.result] = (parallelCounts[a.result] || 0) + 1; });
  }
  const t4 = performance.now();
  return {tickets: bundle.tickets.length, load_ms: t1 - t0, prepare_ms: t2 - t1,
          sequential_ms: t3 - t2, parallel_ms: t4 - t3, counts, parallelCounts};
}
"""


def fetch_list(url: str, token: str) -> tuple[int, int, str]:
    """Bytes of the ticket list as sent (asking for gzip) and the gzip size (level 6, what
    Starlette's GZipMiddleware or a proxy sends) when the app itself did not compress."""
    request = urllib.request.Request(  # noqa: S310 (loopback URL)
        f"{url}/api/checkin/tickets",
        headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "gzip"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback URL)
        body = response.read()
        encoding = response.headers.get("Content-Encoding", "")
    if encoding == "gzip":
        return len(gzip.decompress(body)), len(body), "app"
    return len(body), len(gzip.compress(body, compresslevel=6)), "bench, level 6"


async def browser_runs(
    url: str, token: str, payloads: list[str], runs: int, chunk: int
) -> list[dict[str, Any]]:
    results = []
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            for _run in range(runs):
                context = await browser.new_context(base_url=url)
                page = await context.new_page()
                try:
                    await page.goto("/scan")
                    await page.wait_for_function("() => !!window.festivalScanner")
                    result = await asyncio.wait_for(
                        page.evaluate(
                            PAGE_SCRIPT, {"payloads": payloads, "token": token, "chunk": chunk}
                        ),
                        EVALUATE_TIMEOUT_S,
                    )
                finally:
                    await context.close()
                expected = {"ok": len(payloads)}
                if result["counts"] != expected or result["parallelCounts"] != expected:
                    raise SystemExit(f"not every payload verified as ok: {result}")
                results.append(result)
        finally:
            await browser.close()
    return results


def wait_healthy(url: str, server: subprocess.Popen[bytes]) -> None:
    for _i in range(150):
        if server.poll() is not None:
            raise SystemExit("the server stopped while starting")
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)  # noqa: S310 (loopback URL)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chunk", type=int, default=500)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-scanner-"))
    database_url = f"sqlite://{folder}/bench.sqlite3"
    env = {
        **os.environ,
        "FESTIVAL_DATABASE_URL": database_url,
        "FESTIVAL_DATA_DIR": str(folder),
        "FESTIVAL_ENV": "development",
    }
    server = None
    try:
        os.environ.update(FESTIVAL_DATABASE_URL=database_url, FESTIVAL_DATA_DIR=str(folder))
        started = time.monotonic()
        token, payloads = asyncio.run(seed(database_url, args.tickets))
        asyncio.run(vary_names(database_url))
        seeded_s = time.monotonic() - started
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable, "-m", "uvicorn", "festival.asgi:app", "--host", "127.0.0.1",
                "--port", str(port), "--no-access-log", "--log-level", "warning",
            ],
            env=env,
        )  # fmt: skip
        wait_healthy(url, server)
        raw, packed, packer = fetch_list(url, token)
        results = asyncio.run(browser_runs(url, token, payloads, args.runs, args.chunk))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)

    count = len(payloads)
    print(
        f"\nScanner offline mode, headless Chromium, /scan on 127.0.0.1 "
        f"({count} tickets seeded in {seeded_s:.0f} s, {args.runs} runs)"
    )
    print(f"GET /api/checkin/tickets: {raw:,} bytes raw, {packed:,} bytes gzip (gzip by {packer})")
    chunked = f"x{args.chunk}"
    header = ("run", "tickets", "list raw B", "list gzip B", "load ms", "prepare ms",
              "verify ms seq", "verif/s seq", f"verify ms {chunked}",
              f"verif/s {chunked}")  # fmt: skip
    line = "{:>4} {:>8} {:>11} {:>12} {:>8} {:>11} {:>14} {:>12} {:>13} {:>12}"
    print(line.format(*header))
    keys = ("load_ms", "prepare_ms", "sequential_ms", "parallel_ms")
    rows = [(str(i), r) for i, r in enumerate(results, start=1)]
    rows.append(("med", {k: statistics.median(r[k] for r in results) for k in keys}))
    for label, r in rows:
        print(
            line.format(
                label, count, f"{raw:,}", f"{packed:,}", f"{r['load_ms']:.0f}",
                f"{r['prepare_ms']:.0f}", f"{r['sequential_ms']:.0f}",
                f"{count / r['sequential_ms'] * 1000:,.0f}", f"{r['parallel_ms']:.0f}",
                f"{count / r['parallel_ms'] * 1000:,.0f}",
            )
        )  # fmt: skip
    med = rows[-1][1]
    print(
        f"\nTarget (issue 5): {count} verifications < 2000 ms -> sequential "
        f"{med['sequential_ms']:.0f} ms, chunked {med['parallel_ms']:.0f} ms; "
        f"list < 1 MB gzip -> {packed / 1_000_000:.2f} MB"
    )


if __name__ == "__main__":
    main()
