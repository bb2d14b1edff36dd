"""Upgrading: a database at the previous release's migration (0010_payments) with an event and
its ticket types takes the newer migrations on the engine under test; the rows keep their
values, the new columns get their defaults, and the app serves and registers on it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import httpx
import pytest
from tortoise import connections
from tortoise.migrations.api import migrate

from festival import cache, clock, db
from festival.app import create_app
from festival.registration.models import Registration, TicketType
from festival.settings import Settings
from tests.conftest import run_jobs

pytestmark = pytest.mark.usefixtures("database")

PREVIOUS = "festival.0010_payments"
# Written as release 0010 wrote them: only the columns that existed then.
ROWS_AT_0010 = [
    "INSERT INTO organisation (id, name, slug, kind, municipality, created_at) VALUES"
    " (1, 'Stichting Lokale Democratie', 'dld', 'organiser', '',"
    " '2026-11-01 09:00:00+00:00')",
    "INSERT INTO event (id, slug, name, name_en, description, description_en, starts_at, ends_at,"
    " timezone, status, retention_days, privacy_url, contact_email, created_at, updated_at,"
    " organisation_id) VALUES (1, 'dld-2027', 'Dag van de Lokale Democratie', '', '', '',"
    " '2027-03-20 09:00:00+00:00', '2027-03-20 17:00:00+00:00', 'Europe/Amsterdam', 'published',"
    " 365, '', '', '2026-11-01 09:00:00+00:00', '2026-11-01 09:00:00+00:00', 1)",
    "INSERT INTO ticket_type (id, name, name_en, description, description_en, price_cents, sold,"
    " max_per_registration, invitation_code_hash, requires_approval, is_active, position,"
    " created_at, event_id) VALUES"
    " (1, 'Raadslid', '', '', '', 0, 0, 10, '', FALSE, TRUE, 0, '2026-11-01 09:00:00+00:00', 1),"
    " (2, 'Partner', '', '', '', 2500, 0, 4, '', FALSE, TRUE, 1, '2026-11-01 09:00:00+00:00', 1)",
]


async def test_database_at_0010_with_data_upgrades_and_serves(
    settings: Settings, fresh_url: str
) -> None:
    clock.set_now(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))
    await db.close()
    try:
        await migrate(config=db.tortoise_config(fresh_url), target=PREVIOUS)
        await db.close()
        await db.init(fresh_url)
        for statement in ROWS_AT_0010:
            await connections.get("default").execute_script(statement)
        await db.close()
        await db.migrate(fresh_url)  # what `festival migrate` does at the upgrade
        await db.init(fresh_url)
        cache.clear_all()
        rows = (
            await TicketType.all()
            .order_by("id")
            .values_list(
                "name", "price_cents", "max_per_registration", "vat_rate", "pay_on_invoice"
            )
        )
        assert rows == [("Raadslid", 0, 10, 21, False), ("Partner", 2500, 4, 21, False)]
        app = create_app(replace(settings, database_url=fresh_url))
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
                event = (await c.get("/api/events/dld-2027")).json()
                created = await c.post(
                    "/api/events/dld-2027/registrations",
                    json={
                        "ticket_type": 1,
                        "attendees": [{"name": "Anna de Vries", "email": "anna@utrecht.nl"}],
                    },
                )
        assert [(t["name"], t["price_cents"]) for t in event["ticket_types"]] == [
            ("Raadslid", 0),
            ("Partner", 2500),
        ]
        assert created.status_code == 201, created.text
        assert created.json()["status"] == "confirmed"
        assert await Registration.all().count() == 1
        await run_jobs(replace(settings, database_url=fresh_url))  # its mail, on this database
    finally:
        await db.close()
        await db.init(settings.database_url)
        cache.clear_all()
