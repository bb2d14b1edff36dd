"""The demo edition `dld-demo` (Dag van de Lokale Democratie): loaded idempotently.

The events area loads the organisation, accounts, event, venues, rooms and tracks. Every other
area adds its part with its own `demo.py` exposing `async def extend_demo(event) -> dict`
(idempotent too), listed in LOADERS: they run in that order, after the base.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from festival import audit, clock
from festival.accounts import demo as accounts_demo
from festival.accounts import services as accounts
from festival.accounts.models import Organisation, OrganisationKind, Role, User
from festival.archive import demo as archive_demo
from festival.checkin import demo as checkin_demo
from festival.evaluation import demo as evaluation_demo
from festival.events import demo as events_demo
from festival.events import services as events
from festival.events.forms import EventData, RoomData, TrackData
from festival.events.models import Event, EventStatus, Room, Track, Venue
from festival.events.schemas import VenueIn
from festival.feedback import demo as feedback_demo
from festival.feedback import demo_results as feedback_demo_results
from festival.invoicing import demo as invoicing_demo
from festival.messages import demo as messages_demo
from festival.payments import demo as payments_demo
from festival.programme import demo as programme_demo
from festival.registration import demo as registration_demo
from festival.submissions import demo as submissions_demo
from festival.tickets import demo as tickets_demo

SLUG = "dld-demo"
PASSWORD = "demo-festival-2027"  # noqa: S105 - the published demo password
TIMEZONE = "Europe/Amsterdam"
DEFAULT_BASE_URL = "http://127.0.0.1:8000"

# Each area's part of the demo, in order: an area with demo content adds its loader here.
# Tickets come after registration (every confirmed attendee gets one), check-ins after tickets.
Loader = Callable[[Event], Awaitable[dict[str, Any]]]
LOADERS: list[Loader] = [
    programme_demo.extend_demo,
    submissions_demo.extend_demo,
    registration_demo.extend_demo,
    tickets_demo.extend_demo,
    checkin_demo.extend_demo,
    archive_demo.extend_demo,
    feedback_demo.extend_demo,
    feedback_demo_results.extend_demo,
    archive_demo.extend_previous_edition,
    evaluation_demo.extend_demo,
    payments_demo.extend_demo,
    invoicing_demo.extend_demo,
    messages_demo.extend_demo,
    events_demo.extend_demo,
    registration_demo.extend_access_demo,
    accounts_demo.extend_demo,
]

ORGANISER = ("Stichting Dag van de Lokale Democratie", "dld", OrganisationKind.ORGANISER, "")
PARTNER = ("Gemeente Zeist", "gemeente-zeist", OrganisationKind.MUNICIPALITY, "Zeist")

# (email, name, role, organisation slug); role None with admin=True is the platform admin.
ACCOUNTS = [
    ("owner@demo.festival.nl", "Olga Eigenaar", Role.OWNER, "dld"),
    ("organisator@demo.festival.nl", "Omar Organisator", Role.ORGANISER, "dld"),
    ("beoordelaar@demo.festival.nl", "Bea Beoordelaar", Role.REVIEWER, "dld"),
    ("balie@demo.festival.nl", "Bas Balie", Role.STAFF, "dld"),
    ("partner@demo.festival.nl", "Pim Partner", Role.PARTNER, "gemeente-zeist"),
    ("admin@demo.festival.nl", "Anna Admin", None, None),
]

DESCRIPTION = (
    "Op de Dag van de Lokale Democratie komen raadsleden, griffiers, wethouders, burgemeesters, "
    "ambtenaren, inwoners en jongeren uit het hele land samen in Utrecht. Een dag lang praten we "
    "over de vraag hoe de lokale democratie beter werkt, en voor wie.\n\n"
    "De dag begint om 09:00 uur met een plenaire opening in de Raadzaal. Daarna kiest u uit "
    "ruim twintig workshops: van Raad op Zaterdag en Democratie Testlabs tot sessies over de "
    "Omgevingswet, weerbaar bestuur en jongerenparticipatie. Gemeenten, verenigingen en "
    "kennisinstellingen laten zien wat bij hen werkt, en waarom.\n\n"
    "Deelname is gratis. Voor de meeste workshops is het aantal plaatsen beperkt: meld u op "
    "tijd aan en kies vooraf uw workshops. De locaties zijn toegankelijk voor rolstoelgebruikers."
)
DESCRIPTION_EN = (
    "On Local Democracy Day, council members, clerks, aldermen, mayors, civil servants, residents "
    "and young people from all over the Netherlands meet in Utrecht to discuss how local democracy "
    "works better, and for whom.\n\n"
    "The day opens at 09:00 with a plenary session in the council chamber, followed by more than "
    "twenty workshops. Participation is free; most workshops have limited seats, so register "
    "in time."
)

VENUES = [
    VenueIn(
        name="Stadhuis Utrecht",
        address="Korte Minrebroederstraat 2, 3512 GG",
        city="Utrecht",
        directions="Vanaf station Utrecht Centraal is het tien minuten lopen. Volg de borden "
        "Centrum en Domplein. Met de fiets? De stalling op de Neude is twee minuten lopen.",
        step_free_notes="Ingang zonder drempel aan de Korte Minrebroederstraat. Lift naar alle "
        "etages. Toilet voor rolstoelen op de begane grond. Ringleiding in de Raadzaal en de "
        "Burgerzaal.",
        directions_en="A ten-minute walk from Utrecht Centraal station: follow the signs for "
        "Centrum and Domplein. The Neude bicycle park is a two-minute walk away.",
        step_free_notes_en="Step-free entrance on Korte Minrebroederstraat. Lift to all floors. "
        "Accessible toilet on the ground floor. Hearing loop in the Raadzaal and the Burgerzaal.",
    ),
    VenueIn(
        name="Bibliotheek Neude",
        address="Neude 11, 3512 AE",
        city="Utrecht",
        directions="Vijf minuten lopen vanaf het Stadhuis, via de Lijnmarkt en de Neude.",
        step_free_notes="De ingang aan de Neude heeft geen drempel. Lift naar de Leeszaal op de "
        "eerste etage en naar de Studio. Toilet voor rolstoelen naast de lift.",
        directions_en="A five-minute walk from the City Hall, along the Lijnmarkt and the Neude.",
        step_free_notes_en="The main entrance on the Neude is step-free. Lift to the Leeszaal on "
        "the first floor and to the Studio. Accessible toilet next to the lift.",
    ),
]

FIRST_FLOOR = ("Eerste verdieping, bereikbaar met de lift.", "First floor, reached by lift.")

# (venue name, room name, capacity, (accessibility notes in Dutch, in English))
ROOMS = [
    (
        "Stadhuis Utrecht",
        "Raadzaal",
        250,
        (
            "Plaatsen voor rolstoelen vooraan. Ringleiding. Bij de opening een tolk gebarentaal.",
            "Wheelchair spaces at the front. Hearing loop. Sign language interpreter (NGT) at "
            "the opening.",
        ),
    ),
    (
        "Stadhuis Utrecht",
        "Burgerzaal",
        120,
        ("Drempelvrij. Ringleiding.", "Step-free. Hearing loop."),
    ),
    ("Stadhuis Utrecht", "Commissiekamer 1", 30, FIRST_FLOOR),
    ("Stadhuis Utrecht", "Commissiekamer 2", 24, FIRST_FLOOR),
    (
        "Stadhuis Utrecht",
        "Trouwzaal",
        40,
        ("Begane grond, drempelvrij.", "Ground floor, step-free."),
    ),
    (
        "Stadhuis Utrecht",
        "Collegekamer",
        16,
        (
            "Tweede verdieping, bereikbaar met de lift. Stille ruimte ernaast.",
            "Second floor, reached by lift. Quiet room next door.",
        ),
    ),
    ("Bibliotheek Neude", "Leeszaal", 60, FIRST_FLOOR),
    (
        "Bibliotheek Neude",
        "Studio",
        12,
        (
            "Begane grond, drempelvrij. Geschikt voor kleine groepen.",
            "Ground floor, step-free. Suited to small groups.",
        ),
    ),
]

TRACKS = [
    TrackData(
        name="Raad op Zaterdag",
        name_en="Council on Saturday",
        color="#154273",
        position=1,
        description="Raadsleden gaan op zaterdag met inwoners in gesprek over een actueel thema.",
    ),
    TrackData(
        name="Democratie Testlabs",
        name_en="Democracy Test Labs",
        color="#8a2a00",
        position=2,
        description="Gemeenten proberen nieuwe vormen van inspraak uit en delen wat werkt.",
    ),
    TrackData(
        name="Omgevingswet & participatie",
        name_en="Environment Act & participation",
        color="#1e6b30",
        position=3,
        description="Hoe betrekt u inwoners goed bij plannen voor hun omgeving?",
    ),
    TrackData(
        name="Weerbaar bestuur",
        name_en="Resilient governance",
        color="#5a2d82",
        position=4,
        description="Over intimidatie van bestuurders, integriteit en een veilige raad.",
    ),
    TrackData(
        name="Jong & democratie",
        name_en="Youth & democracy",
        color="#8a4b00",
        position=5,
        description="Jongeren vanaf 16 jaar en hun plek in de lokale politiek.",
    ),
]


def _local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return clock.from_local(datetime(year, month, day, hour, minute), TIMEZONE)


EVENT = EventData(
    name="Dag van de Lokale Democratie 2027",
    name_en="Local Democracy Day 2027",
    slug=SLUG,
    description=DESCRIPTION,
    description_en=DESCRIPTION_EN,
    timezone=TIMEZONE,
    starts_at=_local(2027, 3, 20, 9),  # a Saturday
    ends_at=_local(2027, 3, 20, 17),
    registration_opens_at=_local(2026, 9, 1, 9),
    registration_closes_at=_local(2027, 3, 17, 23, 59),
    retention_days=180,
    privacy_url="",  # festival serves the privacy statement at /events/dld-demo/privacy
    contact_email="info@demo.festival.nl",
)


async def _organisation(
    name: str, slug: str, kind: OrganisationKind, municipality: str
) -> tuple[Organisation, bool]:
    existing = await Organisation.get_or_none(slug=slug)
    if existing is not None:
        return existing, False
    return await Organisation.create(
        name=name, slug=slug, kind=kind, municipality=municipality
    ), True


async def _accounts(organisations: dict[str, Organisation]) -> tuple[list[dict[str, str]], int]:
    listed, created = [], 0
    for email, name, role, org_slug in ACCOUNTS:
        if not await User.filter(email=email).exists():
            await accounts.create_user(
                email,
                name=name,
                password=PASSWORD,
                organisation=organisations[org_slug] if org_slug else None,
                role=role,
                is_admin=role is None,
            )
            created += 1
        listed.append(
            {
                "email": email,
                "role": str(role) if role else "admin",
                "organisation": organisations[org_slug].name if org_slug else "",
            }
        )
    return listed, created


async def _event(owner: User, organisation: Organisation) -> tuple[Event, int]:
    event = await Event.get_or_none(slug=SLUG)
    if event is not None:
        return event, 0
    event = await events.create_event(EVENT, organisation_id=organisation.id, user=owner)
    await events.publish_event(event, actor=accounts.actor_for(owner))
    return event, 1


async def _parts(event: Event, actor: audit.Actor) -> int:
    created = 0
    venues = {v.name: v for v in await Venue.filter(event=event)}
    for venue_data in VENUES:
        if venue_data.name not in venues:
            venues[venue_data.name] = await events.create_venue(event, venue_data, actor=actor)
            created += 1
    rooms = set(await Room.filter(event=event).values_list("name", flat=True))
    for position, (venue_name, room_name, capacity, notes) in enumerate(ROOMS, start=1):
        if room_name not in rooms:
            data = RoomData(
                venue_id=venues[venue_name].id,
                name=room_name,
                capacity=capacity,
                accessibility_notes=notes[0],
                accessibility_notes_en=notes[1],
                position=position,
            )
            await events.create_room(event, data, actor=actor)
            created += 1
    tracks = set(await Track.filter(event=event).values_list("name", flat=True))
    for track_data in TRACKS:
        if track_data.name not in tracks:
            await events.create_track(event, track_data, actor=actor)
            created += 1
    return created


async def load_demo() -> dict[str, Any]:
    """Load (or complete) the demo edition; a second run creates nothing. Returns a report."""
    organisations, created = {}, 0
    for name, slug, kind, municipality in (ORGANISER, PARTNER):
        organisations[slug], made = await _organisation(name, slug, kind, municipality)
        created += int(made)
    listed, made_users = await _accounts(organisations)
    owner = await User.get(email=ACCOUNTS[0][0])
    event, made_event = await _event(owner, organisations["dld"])
    made_parts = await _parts(event, accounts.actor_for(owner))
    extensions: dict[str, Any] = {}
    for loader in LOADERS:  # reported under the loader's module, e.g. festival.tickets.demo
        extensions[loader.__module__] = await loader(event)
    return {
        "created": bool(made_event),
        "created_rows": created + made_users + made_event + made_parts,
        "event": event.slug,
        "path": f"/events/{event.slug}",
        "published": event.status == EventStatus.PUBLISHED,
        "password": PASSWORD,
        "accounts": listed,
        "extensions": extensions,
    }


def describe(report: dict[str, Any], base_url: str = DEFAULT_BASE_URL) -> str:
    """What to print after loading: where the demo is and how to log in."""
    state = (
        "loaded"
        if report.get("created")
        else "already present, nothing changed"
        if not report.get("created_rows")
        else "completed"
    )
    lines = [
        f"Demo edition {report['event']} {state}.",
        f"Event page:  {base_url.rstrip('/')}{report['path']}",
        f"Back office: {base_url.rstrip('/')}/admin",
        f"Demo accounts (password: {report['password']}):",
    ]
    for account in report["accounts"]:
        where = f" at {account['organisation']}" if account["organisation"] else ""
        lines.append(f"  {account['email']:<32} {account['role']}{where}")
    for name, result in report.get("extensions", {}).items():
        lines.append(f"  + {name}: {result}")
    return "\n".join(lines)
