"""Demo data of registration for `dld-demo`: two ticket types and a few hundred realistic
registrations, bulk-created; some workshops end up full with waiting lists. Idempotent."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta
from typing import Any

from festival import clock
from festival.events.models import Event
from festival.registration.models import (
    Attendee,
    AttendeeRole,
    Booking,
    BookingStatus,
    Registration,
    RegistrationStatus,
    SessionSeats,
    TicketType,
    WaitlistEntry,
    WaitlistState,
)
from festival.registration.services.checks import hash_invitation_code, is_bookable
from festival.registration.services.consent import CONSENT_VERSION
from festival.registration.services.seats import session_infos
from festival.registration.services.signup import new_code

REGISTRATIONS = 320
FIRST = (
    "Anna",
    "Bram",
    "Sanne",
    "Daan",
    "Fatima",
    "Joost",
    "Lotte",
    "Mohamed",
    "Eva",
    "Pieter",
    "Noor",
    "Koen",
    "Yara",
    "Thijs",
    "Iris",
    "Ahmed",
    "Femke",
    "Ruben",
    "Esther",
    "Sander",
    "Marloes",
    "Hasan",
    "Wendy",
    "Gerrit",
    "Ilse",
    "Kevin",
    "Priya",
    "Jeroen",
    "Miriam",
    "Tom",
    "Aylin",
    "Wouter",
    "Linda",
    "Mehmet",
)
LAST = (
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Yilmaz",
    "El Amrani",
    "Kaya",
    "van Dijk",
    "Willems",
    "Postma",
    "Hoekstra",
    "Kramer",
    "van der Meer",
    "Koster",
)
PLACES = (
    "Utrecht",
    "Zwolle",
    "Groningen",
    "Leeuwarden",
    "Amersfoort",
    "Tilburg",
    "Eindhoven",
    "Nijmegen",
    "Arnhem",
    "Delft",
    "Leiden",
    "Haarlem",
    "Almere",
    "Deventer",
    "Enschede",
    "Maastricht",
    "Venlo",
    "Emmen",
    "Assen",
    "Middelburg",
    "Den Bosch",
    "Breda",
    "Gouda",
    "Alkmaar",
    "Hoorn",
    "Súdwest-Fryslân",
    "Westland",
)
ROLES = (
    [AttendeeRole.RAADSLID] * 5
    + [AttendeeRole.GRIFFIER] * 2
    + [AttendeeRole.AMBTENAAR] * 3
    + [
        AttendeeRole.WETHOUDER,
        AttendeeRole.BURGEMEESTER,
        AttendeeRole.INWONER,
        AttendeeRole.INWONER,
        AttendeeRole.JONGERE,
        AttendeeRole.ANDERS,
    ]
)


YOUTH_TICKET = "Jongeren (16 tot 27 jaar)"


async def _ticket_types(event: Event) -> tuple[TicketType, TicketType, int]:
    general = await TicketType.get_or_none(event_id=event.id, name="Algemene toegang")
    made = 0
    if general is None:
        general = await TicketType.create(
            event=event,
            name="Algemene toegang",
            name_en="General admission",
            description="Gratis toegang tot het hele programma.",
            description_en="Free entry to the whole programme.",
            position=0,
        )
        made += 1
    council = await TicketType.get_or_none(event_id=event.id, name="Raadsleden")
    if council is None:
        council = await TicketType.create(
            event=event,
            name="Raadsleden",
            name_en="Council members",
            quota=150,
            max_per_registration=8,
            position=1,
            description="Voor raadsleden, met de code uit de uitnodiging van de griffie.",
            description_en="For council members, with the code from the clerk's invitation.",
            invitation_code_hash=hash_invitation_code("RAAD2027"),
        )
        made += 1
    return general, council, made


async def _youth_ticket(event: Event) -> int:
    """A free ticket type for young people from 16 (issue 17); 1 when it was made now."""
    if await TicketType.filter(event_id=event.id, name=YOUTH_TICKET).exists():
        return 0
    await TicketType.create(
        event=event,
        name=YOUTH_TICKET,
        name_en="Young people (16 to 27)",
        description="Gratis voor jongeren van 16 tot en met 27 jaar. Kom met je klas of alleen.",
        description_en="Free for young people aged 16 to 27. Come with your class or alone.",
        max_per_registration=30,
        position=2,
    )
    return 1


def _person(rng: random.Random, place: str, taken: set[str]) -> dict[str, Any]:
    while True:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        email = (
            f"{first}.{last}".lower().replace(" ", "")
            + f"@{place.lower().replace(' ', '').replace('-', '')}.nl"
        )
        email = email.replace("ú", "u").replace("â", "a")
        if email not in taken:
            taken.add(email)
            return {
                "name": f"{first} {last}",
                "email": email,
                "organisation": f"Gemeente {place}",
                "role": rng.choice(ROLES),
            }


async def extend_demo(event: Event) -> dict[str, Any]:
    """Ticket types, then the registrations (only when the event has none yet)."""
    general, council, made_types = await _ticket_types(event)
    made_types += await _youth_ticket(event)
    if await Registration.filter(event_id=event.id).exists():
        return {"ticket_types": made_types, "registrations": 0}
    rng = random.Random(2027)  # the same demo every time
    infos = [i for i in (await session_infos(event_id=event.id)).values() if is_bookable(i)]
    slots: dict[Any, list[Any]] = defaultdict(list)
    for info in infos:
        slots[info.starts_at].append(info)
    now = clock.now()
    taken: set[str] = set()
    registrations, people = [], []
    for n in range(REGISTRATIONS):
        place = rng.choice(PLACES)
        size = rng.choices((1, 2, 3, 4, 5), weights=(60, 20, 10, 6, 4))[0]
        ticket = council if n % 5 == 0 else general
        group = [_person(rng, place, taken) for _i in range(size)]
        registrations.append(
            Registration(
                event_id=event.id,
                ticket_type_id=ticket.id,
                code=new_code(),
                status=RegistrationStatus.CONFIRMED,
                contact_name=group[0]["name"],
                contact_email=group[0]["email"],
                consent_at=now,
                consent_version=CONSENT_VERSION,
                created_at=now - timedelta(minutes=rng.randint(60, 60 * 24 * 40)),
            )
        )
        people.append(group)
    await Registration.bulk_create(registrations, batch_size=500)
    ids = dict(await Registration.filter(event_id=event.id).values_list("code", "id"))
    attendees = [
        Attendee(registration_id=ids[r.code], event_id=event.id, position=i, **p)
        for r, group in zip(registrations, people, strict=True)
        for i, p in enumerate(group)
    ]
    await Attendee.bulk_create(attendees, batch_size=500)
    sold: dict[int, int] = defaultdict(int)
    for r, group in zip(registrations, people, strict=True):
        sold[r.ticket_type_id] += len(group)
    for ticket_id, count in sold.items():
        await TicketType.filter(id=ticket_id).update(sold=count)
    bookings = await _bookings(event, rng, slots, now)
    return {
        "ticket_types": made_types,
        "registrations": len(registrations),
        "attendees": len(attendees),
        "bookings": bookings,
    }


async def _bookings(event: Event, rng: random.Random, slots: dict[Any, list[Any]], now: Any) -> int:
    """Each attendee picks a workshop in most slots; popular ones overflow to the waiting list."""
    attendee_ids = (
        await Attendee.filter(event_id=event.id).order_by("id").values_list("id", flat=True)
    )
    taken: dict[int, int] = defaultdict(int)
    rows = []
    for attendee_id in attendee_ids:
        for options in slots.values():
            if rng.random() < 0.25:
                continue
            weights = [
                3.0 if index == 0 else 1.0 for index in range(len(options))
            ]  # the first one is popular
            choice = rng.choices(options, weights=weights)[0]
            seated = taken[choice.id] < choice.capacity
            taken[choice.id] += 1 if seated else 0
            rows.append(
                Booking(
                    attendee_id=attendee_id,
                    session_id=choice.id,
                    event_id=event.id,
                    created_at=now,
                    updated_at=now,
                    status=BookingStatus.CONFIRMED if seated else BookingStatus.WAITLISTED,
                )
            )
    await Booking.bulk_create(rows, batch_size=1000)
    waiting = await Booking.filter(event_id=event.id, status=BookingStatus.WAITLISTED).order_by(
        "id"
    )
    positions: dict[int, int] = defaultdict(int)
    entries = []
    for booking in waiting:
        positions[booking.session_id] += 1
        entries.append(
            WaitlistEntry(
                booking_id=booking.id,
                session_id=booking.session_id,
                event_id=event.id,
                position=positions[booking.session_id],
                state=WaitlistState.WAITING,
                created_at=now,
            )
        )
    await WaitlistEntry.bulk_create(entries, batch_size=1000)
    seats = [
        SessionSeats(
            session_id=info.id, event_id=event.id, capacity=info.capacity, taken=taken[info.id]
        )
        for options in slots.values()
        for info in options
    ]
    await SessionSeats.filter(event_id=event.id).delete()
    await SessionSeats.bulk_create(seats, batch_size=500)
    return len(rows)


# Every n-th attendee (in id order) says they need this; some of them ask for discretion.
ACCESS_DEMO = (
    (7, ["hearing_loop"], False),
    (11, ["step_free"], False),
    (13, ["sign_language", "hearing_loop"], True),
    (17, ["quiet_space"], True),
)


async def extend_access_demo(event: Event) -> dict[str, Any]:
    """Access needs for some demo attendees (only while nobody in the event has any)."""
    rows = await Attendee.filter(event_id=event.id).order_by("id").values("id", "access_needs")
    if any(row["access_needs"] for row in rows):
        return {"attendees_with_needs": 0}
    ids = [int(row["id"]) for row in rows]
    chosen: dict[int, tuple[list[str], bool]] = {}
    for step, needs, discreet in ACCESS_DEMO:
        for attendee_id in ids[step - 1 :: step * 3]:
            chosen.setdefault(attendee_id, (needs, discreet))
    groups: dict[tuple[tuple[str, ...], bool], list[int]] = defaultdict(list)
    for attendee_id, (wanted, private) in chosen.items():
        groups[(tuple(wanted), private)].append(attendee_id)
    for (wanted_needs, private_needs), members in groups.items():
        await Attendee.filter(id__in=members).update(
            access_needs=sorted(wanted_needs), access_discreet=private_needs
        )
    return {"attendees_with_needs": len(chosen)}
