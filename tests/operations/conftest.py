"""Operations tests: the app with a metrics token, and a scrape parsed into exact numbers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from tortoise import connections

from festival.settings import Settings

METRICS_TOKEN = "scrape-token-0123456789abcdef"


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, metrics_token=METRICS_TOKEN)


@pytest.fixture
async def fresh_url(settings: Settings, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database beside the test database (a new SQLite file, or a new PostgreSQL
    database on the same server, dropped afterwards)."""
    if settings.uses_sqlite:
        yield f"sqlite://{tmp_path}/restored.sqlite3"
        return
    url = urlparse(settings.database_url)
    name = url.path.lstrip("/") + "_restored"
    conn = connections.get("default")
    await conn.execute_script(f'DROP DATABASE IF EXISTS "{name}"')
    await conn.execute_script(f'CREATE DATABASE "{name}"')
    yield url._replace(path="/" + name).geturl()
    await conn.execute_script(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(client: httpx.AsyncClient) -> Samples:
    """Every sample of /metrics: (name, labels) -> value."""
    response = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert response.status_code == 200, response.text
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, metric: str, **labels: str) -> float:
    """A sample's value; 0 when it is absent (a counter that never moved)."""
    return samples.get((metric, frozenset(labels.items())), 0.0)
