"""A person's data as a download: JSON (every field, machine-readable) and a readable tagged
PDF/UA-1 in Dutch with one table per section."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from festival import i18n, pdfs, templating
from festival.i18n import _, lazy_gettext
from festival.privacy.services.collect import SECTIONS, PersonData

PDF_TEMPLATE = "privacy/person_pdf.html"

TITLES = {
    "registrations": lazy_gettext("Aanmeldingen"),
    "attendees": lazy_gettext("Deelnemers"),
    "bookings": lazy_gettext("Sessies"),
    "waitlist_entries": lazy_gettext("Wachtlijsten"),
    "tickets": lazy_gettext("Tickets"),
    "checkins": lazy_gettext("Check-ins"),
    "feedback_invitations": lazy_gettext("Uitnodigingen voor feedback"),
    "feedback_unsubscribes": lazy_gettext("Afmeldingen voor feedback"),
    "speakers": lazy_gettext("Sprekersprofielen"),
    "proposal_speakers": lazy_gettext("Sprekers op voorstellen"),
    "partner_contacts": lazy_gettext("Contactpersoon van een partner"),
    "payments": lazy_gettext("Betalingen"),
    "refunds": lazy_gettext("Terugbetalingen"),
    "invoices": lazy_gettext("Facturen"),
    "credit_notes": lazy_gettext("Creditnota's"),
    "billing_details": lazy_gettext("Factuurgegevens"),
    "mails": lazy_gettext("E-mails"),
}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def to_json(data: PersonData) -> bytes:
    """Every section with every field; times in ISO 8601 (UTC)."""
    return json.dumps(data.as_json(), default=_plain, ensure_ascii=False, indent=2).encode()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat(timespec="minutes") if isinstance(value, datetime) else str(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=_plain)
    return str(value)


def _tables(data: PersonData) -> list[dict[str, Any]]:
    """Per non-empty section: its title, column names and rows as text (the mail bodies are
    left out of the PDF: the JSON has them)."""
    tables = []
    for name in SECTIONS:
        rows = data.sections.get(name) or []
        if not rows:
            continue
        columns = [c for c in rows[0] if c != "text"]
        body = [[_cell(row.get(c)) for c in columns] for row in rows]
        tables.append({"title": str(TITLES[name]), "columns": columns, "rows": body})
    return tables


def render_pdf(context: dict[str, Any]) -> bytes:
    with i18n.language("nl"):
        html = templating.environment.get_template(PDF_TEMPLATE).render(context)
    return pdfs.from_html(html)


async def to_pdf(data: PersonData) -> bytes:
    with i18n.language("nl"):
        context = {
            "data": data,
            "tables": _tables(data),
            "events": list(data.events.values()),
            "title": _("Persoonsgegevens van %(email)s") % {"email": data.email},
        }
    return await pdfs.render(render_pdf, context)
