"""A demo person's privacy request end to end: the export lists what every area holds about
them (exact values), and the erasure leaves every count the figures need while the address is
gone from every text column of every table."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tortoise import connections

from festival import audit, demo
from festival.accounts.models import Organisation
from festival.privacy import services
from festival.settings import Settings
from tests.conftest import _all_models, run_jobs

GRIET = "griffie@gemeente-zeist.demo.festival.nl"
SPEAKER = "spreker1@demo.festival.nl"


async def _rows_per_table() -> dict[str, list[dict[str, Any]]]:
    conn = connections.get("default")
    tables = sorted({m._meta.db_table for m in _all_models()})
    # Table names come from the models, not from input.
    return {t: await conn.execute_query_dict(f'SELECT * FROM "{t}"') for t in tables}  # noqa: S608


def _tables_mentioning(rows: dict[str, list[dict[str, Any]]], text: str) -> dict[str, int]:
    found = {}
    for table, table_rows in rows.items():
        hits = sum(1 for row in table_rows if text in repr(row).lower())
        if hits:
            found[table] = hits
    return found


def _without(rows: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in rows.items() if k not in keys}


@pytest.mark.usefixtures("database")
async def test_demo_person_export_and_erasure(settings: Settings) -> None:
    await demo.load_demo()
    await run_jobs(settings)  # the confirmation mails
    organisation = await Organisation.get(slug="dld")
    data = await services.person_data(organisation.id, organisation.name, GRIET)
    exported = json.loads(services.to_json(data))
    assert {k: v for k, v in data.counts().items() if v} == {
        "registrations": 1,
        "attendees": 1,
        "tickets": 1,
        "invoices": 1,
        "billing_details": 1,
        "mails": 1,
    }
    assert [e["name"] for e in exported["events"]] == [
        "Dag van de Lokale Democratie 2026",
        "Dag van de Lokale Democratie 2027",
    ]
    (registration,) = exported["registrations"]
    assert _without(registration, "id", "event_id", "code", "consent_at", "created_at") == {
        "status": "confirmed",
        "contact_name": "Griet Griffier",
        "contact_email": GRIET,
        "language": "nl",
        "consent_version": "2026-12",
        "cancelled_at": None,
        "ticket_type": "Gemeenten en raden (betalen op factuur)",
    }
    (attendee,) = exported["attendees"]
    assert _without(attendee, "id", "event_id") == {
        "name": "Griet Griffier",
        "email": GRIET,
        "organisation": "Gemeente Zeist",
        "role": "griffier",
        "access_needs": [],
        "access_other": "",
        "access_discreet": False,
        "diet": "",
        "age_group": "",
        "guardian_name": "",
        "guardian_email": "",
        "answers": {},
        "status": "active",
        "cancelled_at": None,
        "anonymised_at": None,
        "registration": registration["code"],
    }
    assert [(t["attendee_id"], t["status"]) for t in exported["tickets"]] == [
        (attendee["id"], "valid")
    ]
    (invoice,) = exported["invoices"]
    assert (invoice["number"], invoice["total_cents"], invoice["vat_cents"]) == (
        "2026-00001",
        37500,
        6508,
    )
    assert invoice["buyer"] == {
        "name": "Gemeente Zeist",
        "attention": "Griet Griffier",
        "address": "Raadhuisplein 1",
        "postcode": "3700 AA",
        "city": "Zeist",
        "reference": "PO-2027-0113",
        "email": "facturen@gemeente-zeist.demo.festival.nl",
    }
    assert [b["invoice_email"] for b in exported["billing_details"]] == [
        "facturen@gemeente-zeist.demo.festival.nl"
    ]
    assert [(m["to"], m["template"]) for m in exported["mails"]] == [
        (GRIET, "registration/confirmation")
    ]
    speaker = await services.person_data(organisation.id, organisation.name, SPEAKER)
    assert [
        (s["name"], s["organisation"], s["proposal"]) for s in speaker.sections["proposal_speakers"]
    ] == [("Marieke van Dijk", "Gemeente Zeist", "Raad op Zaterdag: de raad gaat de wijk in")]

    before = await _rows_per_table()
    assert _tables_mentioning(before, GRIET) == {
        "attendee": 1,
        "outbox_message": 1,
        "registration": 1,
    }
    counts = await services.erase_person(
        organisation.id, GRIET, actor=audit.SYSTEM, secret_key="test"
    )
    assert counts["attendees"] == counts["registrations"] == counts["mails"] == 1
    after = await _rows_per_table()
    assert _tables_mentioning(after, GRIET) == {}
    # Her name stays only where it belongs to someone else's record: the buyer's "attention"
    # line of the invoice (kept seven years) and her two colleagues' ticket mails, which name
    # her as their contact person (theirs; the retention sweep removes them).
    assert _tables_mentioning(after, "griet griffier") == {"invoice": 1, "outbox_message": 2}
    changed = {
        t: (len(before[t]), len(after[t])) for t in before if len(before[t]) != len(after[t])
    }
    attachments = len(before["mail_attachment"]) - len(after["mail_attachment"])
    assert changed == {
        "audit_entry": (len(before["audit_entry"]), len(before["audit_entry"]) + 1),
        "invoice_billing_details": (4, 3),
        "outbox_message": (len(before["outbox_message"]), len(before["outbox_message"]) - 1),
        "mail_attachment": (
            len(before["mail_attachment"]),
            len(before["mail_attachment"]) - attachments,
        ),
    }
    # statuses per registration, attendee and booking stay as they were: the figures stay
    for table, column in (
        ("registration", "status"),
        ("attendee", "status"),
        ("booking", "status"),
    ):
        assert sorted(r[column] for r in after[table]) == sorted(r[column] for r in before[table])
    assert sorted(map(repr, after["checkin"])) == sorted(map(repr, before["checkin"]))
    assert sorted(map(repr, after["invoice"])) == sorted(map(repr, before["invoice"]))
    # the audit log says that an erasure happened, not whose
    assert _tables_mentioning(after, services.email_hash(GRIET, secret_key="test")) == {
        "audit_entry": 1
    }
