"""Badges: name, organisation, role and ticket QR, as one PDF for A4 label sheets or a single-badge
printer, rendered by the job render_badges(batch_id) (WeasyPrint, imported lazily: slow)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from festival import audit, clock, i18n, jobs, pdfs, templating
from festival.audit import Actor
from festival.checkin.models import BadgeBatch, BadgeLayout, BatchState
from festival.errors import NotFound, ValidationError
from festival.events.models import Event
from festival.i18n import _
from festival.registration import queries as registration_queries
from festival.tickets import services as tickets

PROGRESS_EVERY = 25


@dataclass(frozen=True)
class Layout:
    page: str  # CSS @page size
    margin: str  # CSS @page margin
    columns: int
    width_mm: float
    height_mm: float
    qr_mm: float


LAYOUTS = {
    BadgeLayout.A4_2X4: Layout("A4", "13.1mm 5.9mm", 2, 99.1, 67.7, 34),
    BadgeLayout.A4_3X8: Layout("A4", "0.5mm 0", 3, 70, 37, 27),
    BadgeLayout.SINGLE_89X36: Layout("89mm 36mm", "0", 1, 89, 36, 28),
    BadgeLayout.SINGLE_62X100: Layout("62mm 100mm", "0", 1, 62, 100, 40),
}


def layout_choices() -> list[tuple[str, str]]:
    return [
        (BadgeLayout.A4_2X4.value, _("A4-vel, 8 etiketten van 99,1 x 67,7 mm")),
        (BadgeLayout.A4_3X8.value, _("A4-vel, 24 etiketten van 70 x 37 mm")),
        (BadgeLayout.SINGLE_89X36.value, _("Labelprinter, 89 x 36 mm")),
        (BadgeLayout.SINGLE_62X100.value, _("Labelprinter, 62 x 100 mm")),
    ]


def role_label(role: str) -> str:
    labels = {
        "raadslid": _("Raadslid"),
        "griffier": _("Griffier"),
        "wethouder": _("Wethouder"),
        "burgemeester": _("Burgemeester"),
        "ambtenaar": _("Ambtenaar"),
        "inwoner": _("Inwoner"),
        "jongere": _("Jongere"),
        "anders": "",
    }
    return labels.get(role, "")


async def request_badges(
    event: Event, *, layout: object, attendee_ids: list[int] | None, actor: Actor
) -> BadgeBatch:
    """Queue a badge PDF for every active attendee (or these). Side effects: a BadgeBatch, audit,
    the job render_badges after commit. Raises ValidationError for an unknown layout."""
    if layout not in {choice.value for choice in BadgeLayout}:
        message = _("Kies een formaat.")
        raise ValidationError("invalid_layout", message, {"layout": message})
    async with in_transaction():
        batch = await BadgeBatch.create(
            event_id=event.id,
            layout=BadgeLayout(str(layout)),
            attendee_ids=sorted(set(attendee_ids or [])),
            created_by=actor.label[:120],
            created_at=clock.now(),
        )
        await audit.record(
            actor,
            "badges.requested",
            batch,
            event_id=event.id,
            layout=str(layout),
            count=len(batch.attendee_ids) or "all",
        )
    await jobs.enqueue(
        "render_badges", batch_id=batch.id, event_id=event.id, _job_id=f"badges-{batch.id}"
    )
    return batch


async def get_batch(event: Event, batch_id: int) -> BadgeBatch:
    batch = await BadgeBatch.get_or_none(id=batch_id, event_id=event.id)
    if batch is None:
        raise NotFound("batch_not_found", _("Deze badges bestaan niet."))
    return batch


async def badge_people(event: Event, attendee_ids: list[int] | None) -> list[dict[str, Any]]:
    """Per attendee: name, organisation, role label, the ticket's QR payload and its code."""
    cards = await registration_queries.attendee_cards(event.id, attendee_ids=attendee_ids or None)
    key = await tickets.active_key(event.id)
    held: dict[int, Any] = {}
    for registration_id in sorted({c["registration_id"] for c in cards}):
        for ticket in await tickets.tickets_of_registration(registration_id):
            held[ticket.attendee_id] = ticket
    people = []
    for card in cards:
        found = held.get(card["id"])
        payload = tickets.qr_payload(found, key) if found is not None else ""
        people.append(
            {
                "name": card["name"],
                "organisation": card["organisation"],
                "role": role_label(card["role"]),
                "payload": payload,
                "tid": found.tid if found is not None else "",
            }
        )
    return people


async def render_badges(batch_id: int) -> BadgeBatch | None:
    """Render the batch's PDF, counting progress as it goes (None when the batch is gone)."""
    batch = await BadgeBatch.get_or_none(id=batch_id)
    if batch is None or batch.state == BatchState.DONE:
        return batch
    event = await Event.get(id=batch.event_id)
    people = await badge_people(event, batch.attendee_ids)
    await BadgeBatch.filter(id=batch_id).update(state=BatchState.RUNNING, total=len(people), done=0)
    badges = []
    for index, person in enumerate(people, start=1):
        badges.append(
            {**person, "qr_svg": tickets.qr_svg(person["payload"]) if person["payload"] else ""}
        )
        if index % PROGRESS_EVERY == 0:
            await BadgeBatch.filter(id=batch_id).update(done=index)
    try:
        content = await pdfs.render(render_pdf, event, LAYOUTS[BadgeLayout(batch.layout)], badges)
    except Exception as error:
        await BadgeBatch.filter(id=batch_id).update(
            state=BatchState.FAILED, error=str(error)[:2000]
        )
        raise
    await BadgeBatch.filter(id=batch_id).update(
        state=BatchState.DONE, done=len(people), pdf=content, finished_at=clock.now()
    )
    return await BadgeBatch.get(id=batch_id)


def render_pdf(event: Event, layout: Layout, badges: list[dict[str, Any]]) -> bytes:
    """The sheet as a tagged PDF/UA-1: screen readers get each badge's name and ticket code."""
    with i18n.language("nl"):
        html = templating.environment.get_template("checkin/badges.html").render(
            {"event": event, "layout": layout, "badges": badges}
        )
    return pdfs.from_html(html)
