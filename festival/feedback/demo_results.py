"""The previous demo edition `dld-demo-2026`: a published programme of twelve sessions across
formats and partners, 300 attendees with entrance and session check-ins, and a few hundred
survey responses (open answers too, some publishable; some sessions under five respondents),
so every results page, the editor's figures and the reviewers' panel show real data at once.
A few sessions of `dld-demo` repeat those of 2026 (`repeat_of`). Bulk inserts; idempotent."""

from __future__ import annotations

import hashlib
import random
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from festival import audit, clock
from festival.accounts.models import Organisation
from festival.checkin.models import ENTRANCE, Checkin, ScanResult
from festival.events.models import Event, EventStatus, Room, Track, Venue
from festival.feedback.models import (
    QuestionType,
    ResponseChannel,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
    SurveyResponse,
)
from festival.programme import services as programme
from festival.programme.models import Session, SessionState, Speaker
from festival.registration.models import (
    Attendee,
    AttendeeRole,
    Booking,
    BookingStatus,
    Registration,
    RegistrationStatus,
    TicketType,
)
from festival.submissions.models import Call, Proposal, ProposalSpeaker, ProposalState

SLUG = "dld-demo-2026"
TZ = "Europe/Amsterdam"
ATTENDEES = 300
ROLES = [  # (role, weight): who came in 2026
    (AttendeeRole.RAADSLID, 34),
    (AttendeeRole.GRIFFIER, 14),
    (AttendeeRole.AMBTENAAR, 20),
    (AttendeeRole.WETHOUDER, 8),
    (AttendeeRole.INWONER, 12),
    (AttendeeRole.JONGERE, 7),
    (AttendeeRole.BURGEMEESTER, 5),
]
ROOMS = [
    ("Raadzaal", 220),
    ("Burgerzaal", 60),
    ("Commissiekamer 1", 30),
    ("Commissiekamer 2", 30),
    ("Trouwzaal", 25),
]
TRACKS = ["Raad op Zaterdag", "Weerbaar bestuur", "Jong & democratie"]
# title, format, room, track or "", start, end, partner slug or "", quality (mean rating), turnout
SESSIONS = [
    (
        "Plenaire opening: lokale democratie in beweging",
        "plenary",
        "Raadzaal",
        "",
        "09:30",
        "10:30",
        "",
        3.9,
        0.9,
    ),
    (
        "Raad op Zaterdag: zo organiseert u het",
        "raad_op_zaterdag",
        "Burgerzaal",
        "Raad op Zaterdag",
        "10:45",
        "12:00",
        "gemeente-zeist",
        4.5,
        0.95,
    ),
    (
        "Weerbaar bestuur: omgaan met intimidatie",
        "workshop",
        "Commissiekamer 1",
        "Weerbaar bestuur",
        "10:45",
        "12:00",
        "vereniging-van-griffiers",
        4.2,
        0.9,
    ),
    (
        "Burgerberaad in uw gemeente: van loting tot advies",
        "lab",
        "Commissiekamer 2",
        "",
        "10:45",
        "12:00",
        "huis-voor-democratie",
        4.4,
        0.9,
    ),
    (
        "Een jongerenraad opzetten: lessen uit Rotterdam-Zuid",
        "workshop",
        "Trouwzaal",
        "Jong & democratie",
        "10:45",
        "12:00",
        "jongerenraad-amersfoort",
        3.6,
        0.8,
    ),
    (
        "Debat: wie beslist er in 2030?",
        "debate",
        "Raadzaal",
        "Weerbaar bestuur",
        "13:00",
        "14:15",
        "",
        3.4,
        0.85,
    ),
    (
        "Vertrouwen meten in uw gemeente",
        "workshop",
        "Burgerzaal",
        "",
        "13:00",
        "14:15",
        "universiteit-utrecht",
        3.8,
        0.7,
    ),
    (
        "Moties schrijven die werken",
        "workshop",
        "Commissiekamer 1",
        "Raad op Zaterdag",
        "13:00",
        "14:15",
        "vereniging-van-griffiers",
        2.6,
        0.6,
    ),
    (
        "Democratie Testlab: de wijkbegroting",
        "lab",
        "Commissiekamer 2",
        "Jong & democratie",
        "13:00",
        "14:15",
        "gemeente-zeist",
        4.1,
        0.85,
    ),
    (
        "Stadswandeling: zeven eeuwen bestuur",
        "excursion",
        "Trouwzaal",
        "",
        "13:00",
        "14:15",
        "",
        4.6,
        0.9,
    ),
    ("Kennismaken met de griffie", "workshop", "Trouwzaal", "", "14:30", "15:30", "", 3.9, 0.06),
    ("Slotdebat en borrel", "plenary", "Raadzaal", "", "15:45", "16:45", "", 3.7, 0.7),
]
SMALL_SESSIONS = {
    "Kennismaken met de griffie"
}  # fewer than five answers: the small-group rule shows
# (session, address, name): the speaker of a partner's Testlab, for its outcome link
LAB_SPEAKER = ("Democratie Testlab: de wijkbegroting", "e.bakker@zeist.example.nl", "Esra Bakker")
SPEAKERS = [
    ("Marieke van Dijk", "griffier"),
    ("Joost Verhoeven", "onderzoeker"),
    ("Sanne de Wit", "jongerenwerker"),
    ("Ruben Hoekstra", "stadsgids en historicus"),
]
USES = [
    {"nl": "Ik pas het toe in mijn werk", "en": "I will apply it in my work"},
    {"nl": "Ik deel het met collega's", "en": "I will share it with colleagues"},
    {"nl": "Ik zoek meer informatie", "en": "I will look for more information"},
    {"nl": "Nog niets", "en": "Nothing yet"},
]
BETTER = [
    "Meer tijd voor vragen uit de zaal.",
    "De zaal was te warm en te vol.",
    "Graag de dia's vooraf toegestuurd.",
    "Meer voorbeelden uit kleine gemeenten.",
    "Heel praktisch, ik ga dit meteen proberen in onze raad.",
    "Iets minder zenden, meer samen doen.",
    "De inleiding duurde te lang.",
    "Goede mix van theorie en praktijk.",
    "Ik miste de stem van inwoners zelf.",
    "Fijn dat jongeren zelf aan het woord kwamen.",
    "Duidelijke uitleg, ook voor nieuwe raadsleden.",
    "Een vervolgsessie zou mooi zijn.",
]
EVENT_TAKEAWAYS = [
    "Veel nieuwe contacten met griffiers uit andere gemeenten.",
    "Inspiratie om een burgerberaad te starten.",
    "De dag was goed georganiseerd.",
    "Volgend jaar graag meer workshops in de middag.",
    "Het slotdebat mocht korter.",
]


def _at(day: datetime, hhmm: str) -> datetime:
    hour, minute = (int(x) for x in hhmm.split(":"))
    return clock.from_local(day.replace(hour=hour, minute=minute), TZ)


def _rating(rng: random.Random, mean: float) -> int:
    return max(1, min(5, round(rng.gauss(mean, 0.8))))


def _recommend(rng: random.Random, rating: int) -> int:
    return max(0, min(10, round(rng.gauss(rating * 2 - 0.5, 1.3))))


async def _edition(event: Event) -> tuple[Event, dict[str, Session]]:
    """The 2026 event, its rooms, tracks, speakers and published sessions."""
    day = datetime(2026, 3, 21)
    old = await Event.create(
        organisation_id=event.organisation_id,
        slug=SLUG,
        name="Dag van de Lokale Democratie 2026",
        name_en="Local Democracy Day 2026",
        description="De editie van 2026 in Utrecht.",
        starts_at=_at(day, "09:00"),
        ends_at=_at(day, "17:00"),
        timezone=TZ,
        status=EventStatus.PUBLISHED,
    )
    venue = await Venue.create(
        event=old, name="Stadhuis Utrecht", address="Korte Minrebroederstraat 2", city="Utrecht"
    )
    rooms = {
        name: await Room.create(event=old, venue=venue, name=name, capacity=cap, position=i)
        for i, (name, cap) in enumerate(ROOMS)
    }
    tracks = {
        name: await Track.create(event=old, name=name, position=i) for i, name in enumerate(TRACKS)
    }
    speakers = [
        await Speaker.create(event=old, code=_code("sp", name), name=name, role=role)
        for name, role in SPEAKERS
    ]
    sessions = {}
    for i, (title, fmt, room, track, start, end, _p, _q, _t) in enumerate(SESSIONS):
        sessions[title] = await Session.create(
            event=old,
            code=_code("s26", title),
            title=title,
            format=fmt,
            room=rooms[room],
            track=tracks.get(track),
            starts_at=_at(day, start),
            ends_at=_at(day, end),
            requires_registration=fmt not in ("plenary",),
            state=SessionState.DRAFT,  # published below, as version 1
        )
        if i < 8:  # one speaker each in the morning and the first afternoon slot
            await sessions[title].speakers.add(speakers[i % len(speakers)])
    return old, sessions


def _code(prefix: str, text: str) -> str:
    return hashlib.sha256(f"{prefix}:{text}".encode()).hexdigest()[:10].upper()


async def _partners(old: Event, sessions: dict[str, Session]) -> int:
    """The closed 2026 call and the confirmed proposals that became partner sessions."""
    slugs = {row[6] for row in SESSIONS if row[6]}
    organisations = {o.slug: o for o in await Organisation.filter(slug__in=list(slugs))}
    if not organisations:
        return 0
    call = await Call.create(
        event=old,
        opens_at=old.starts_at - timedelta(days=150),
        closes_at=old.starts_at - timedelta(days=90),
    )
    proposals = [
        Proposal(
            call_id=call.id,
            event_id=old.id,
            organisation_id=organisations[slug].id,
            title=title,
            summary=title,
            format=fmt,
            state=ProposalState.CONFIRMED,
            session_id=sessions[title].id,
            submitted_at=call.opens_at,
            decided_at=call.closes_at,
            confirmed_at=call.closes_at,
        )
        for title, fmt, _r, _t, _s, _e, slug, _q, _o in SESSIONS
        if slug in organisations
    ]
    await Proposal.bulk_create(proposals)
    # The Testlab's speaker, who may write its outcome by the mailed link too.
    title, email, name = LAB_SPEAKER
    lab = await Proposal.get_or_none(event_id=old.id, session_id=sessions[title].id)
    if lab is not None:
        await ProposalSpeaker.create(
            proposal=lab,
            email=email,
            name=name,
            organisation="Gemeente Zeist",
            role="wijkregisseur",
        )
    return len(proposals)


async def _attendance(
    old: Event, sessions: dict[str, Session], rng: random.Random
) -> dict[int, list[tuple[int, str]]]:
    """300 attendees, bookings, entrance and door check-ins. Session id -> [(attendee, role)]
    of those checked in at its door."""
    ticket = await TicketType.create(event=old, name="Dagkaart", sold=ATTENDEES)
    at = old.starts_at - timedelta(days=30)
    registration = await Registration.create(
        event=old,
        ticket_type=ticket,
        code=_code("reg", SLUG),
        status=RegistrationStatus.CONFIRMED,
        contact_name="Demo 2026",
        contact_email="demo-2026@example.nl",
        consent_at=at,
        created_at=at,
    )
    roles, weights = zip(*ROLES, strict=True)
    await Attendee.bulk_create(
        [
            Attendee(
                registration_id=registration.id,
                event_id=old.id,
                position=n,
                name=f"Deelnemer {n + 1}",
                email=f"deelnemer{n + 1}@demo-2026.example.nl",
                role=rng.choices(roles, weights)[0],
            )
            for n in range(ATTENDEES)
        ],
        batch_size=500,
    )
    people = await Attendee.filter(event_id=old.id).order_by("id").values_list("id", "role")
    by_slot: dict[datetime, list[Session]] = defaultdict(list)
    for session in sessions.values():
        if session.starts_at is not None:  # every 2026 session is placed
            by_slot[session.starts_at].append(session)
    turnout = {row[0]: row[8] for row in SESSIONS}
    bookings, checkins, present = [], [], defaultdict(list)
    for attendee_id, role in people:
        if rng.random() < 0.08:
            continue  # booked but stayed home
        entered = old.starts_at + timedelta(minutes=rng.randint(0, 60))
        checkins.append(_checkin(old, attendee_id, ENTRANCE, None, entered))
        for start, options in sorted(by_slot.items()):
            choice = rng.choices(
                options, weights=[1 if s.title in SMALL_SESSIONS else 3 for s in options]
            )[0]
            if choice.requires_registration:
                bookings.append(
                    Booking(
                        attendee_id=attendee_id,
                        session_id=choice.id,
                        event_id=old.id,
                        status=BookingStatus.CONFIRMED,
                        created_at=at,
                        updated_at=at,
                    )
                )
            if rng.random() < turnout[choice.title]:
                checkins.append(
                    _checkin(
                        old,
                        attendee_id,
                        str(choice.id),
                        choice.id,
                        start + timedelta(minutes=rng.randint(-10, 5)),
                    )
                )
                present[choice.id].append((attendee_id, str(role)))
    await Booking.bulk_create(bookings, batch_size=1000)
    await Checkin.bulk_create(checkins, batch_size=1000)
    return present


def _checkin(
    old: Event, attendee_id: int, checkpoint: str, session_id: int | None, at: datetime
) -> Checkin:
    return Checkin(
        event_id=old.id,
        ticket_tid="",
        attendee_id=attendee_id,
        checkpoint=checkpoint,
        session_id=session_id,
        result=ScanResult.OK,
        scanned_at=at,
        received_at=at,
        device="demo",
        live_key=f"{attendee_id}:{checkpoint}",
    )


async def _surveys(old: Event) -> tuple[Survey, list[SurveyQuestion], Survey, list[SurveyQuestion]]:
    session_survey = await Survey.create(event_id=old.id, kind=SurveyKind.SESSION)
    event_survey = await Survey.create(event_id=old.id, kind=SurveyKind.EVENT)
    specs = [
        (
            session_survey,
            QuestionType.RATING,
            "Hoe nuttig was deze sessie voor u?",
            "How useful was this session to you?",
            [],
        ),
        (
            session_survey,
            QuestionType.MULTIPLE,
            "Wat gaat u ermee doen?",
            "What will you do with it?",
            USES,
        ),
        (session_survey, QuestionType.TEXT, "Wat kan beter?", "What could be better?", []),
        (
            session_survey,
            QuestionType.RECOMMEND,
            "Zou u deze sessie aanraden aan een collega?",
            "Would you recommend this session to a colleague?",
            [],
        ),
        (
            event_survey,
            QuestionType.RATING,
            "Hoe was de dag als geheel?",
            "How was the day as a whole?",
            [],
        ),
        (
            event_survey,
            QuestionType.RECOMMEND,
            "Zou u de Dag van de Lokale Democratie aanraden?",
            "Would you recommend the Local Democracy Day?",
            [],
        ),
        (
            event_survey,
            QuestionType.TEXT,
            "Wat neemt u mee naar huis?",
            "What do you take home?",
            [],
        ),
    ]
    made = [
        await SurveyQuestion.create(
            survey=survey,
            position=i,
            type=kind,
            text=text,
            text_en=text_en,
            options=options,
            required=kind == QuestionType.RATING,
        )
        for i, (survey, kind, text, text_en, options) in enumerate(specs)
    ]
    return session_survey, made[:4], event_survey, made[4:]


async def _responses(
    old: Event,
    sessions: dict[str, Session],
    present: dict[int, list[tuple[int, str]]],
    rng: random.Random,
) -> int:
    """About a third of those present answer the session survey, a quarter the event survey."""
    session_survey, sq, event_survey, eq = await _surveys(old)
    quality = {s.id: row[7] for row in SESSIONS for s in [sessions[row[0]]]}
    small = {sessions[t].id for t in SMALL_SESSIONS}
    at = old.ends_at + timedelta(hours=2)
    planned: list[tuple[SurveyResponse, dict[int, Any]]] = []
    for session_id, people in present.items():
        share, answered = (0.2 if session_id in small else 0.38), 0
        for attendee_id, role in people:
            if rng.random() > share or (session_id in small and answered >= 3):
                continue
            answered += 1
            rating = _rating(rng, quality[session_id])
            answers: dict[int, Any] = {sq[0].id: rating, sq[3].id: _recommend(rng, rating)}
            answers[sq[1].id] = (
                sorted(rng.sample(range(3), rng.randint(1, 2))) if rating >= 3 else [3]
            )
            if rng.random() < 0.3:
                answers[sq[2].id] = rng.choice(BETTER)
            planned.append(
                (_response(session_survey, old, session_id, attendee_id, role, at), answers)
            )
    everyone = {a: r for people in present.values() for a, r in people}
    for attendee_id, role in sorted(everyone.items()):
        if rng.random() < 0.25:
            rating = _rating(rng, 4.0)
            answers = {eq[0].id: rating, eq[1].id: _recommend(rng, rating)}
            if rng.random() < 0.4:
                answers[eq[2].id] = rng.choice(EVENT_TAKEAWAYS)
            planned.append((_response(event_survey, old, None, attendee_id, role, at), answers))
    for n in range(4):  # anonymous answers from the room poster of the excursion
        excursion = sessions["Stadswandeling: zeven eeuwen bestuur"].id
        response = _response(session_survey, old, excursion, -n - 1, "", at)
        response.respondent, response.verified, response.channel = (
            None,
            False,
            ResponseChannel.ANONYMOUS,
        )
        planned.append((response, {sq[0].id: 5, sq[3].id: 9}))
    await SurveyResponse.bulk_create([r for r, _a in planned], batch_size=1000)
    ids = await SurveyResponse.filter(event_id=old.id).order_by("id").values_list("id", flat=True)
    answers_rows = []
    for response_id, (_r, answers) in zip(ids, planned, strict=True):
        for question_id, value in answers.items():
            if isinstance(value, list):
                answers_rows.append(
                    SurveyAnswer(response_id=response_id, question_id=question_id, choices=value)
                )
            elif isinstance(value, str):
                answers_rows.append(
                    SurveyAnswer(
                        response_id=response_id,
                        question_id=question_id,
                        text=value,
                        publishable=value in BETTER[4:6] + EVENT_TAKEAWAYS[:2],
                    )
                )
            else:
                answers_rows.append(
                    SurveyAnswer(response_id=response_id, question_id=question_id, number=value)
                )
    await SurveyAnswer.bulk_create(answers_rows, batch_size=2000)
    return len(planned)


def _response(
    survey: Survey, old: Event, session_id: int | None, attendee_id: int, role: str, at: datetime
) -> SurveyResponse:
    key = hashlib.sha256(f"demo:{survey.id}:{session_id}:{attendee_id}".encode()).hexdigest()
    return SurveyResponse(
        survey_id=survey.id,
        event_id=old.id,
        session_id=session_id,
        respondent=key,
        role=role,
        channel=ResponseChannel.LINK,
        verified=True,
        created_at=at,
        updated_at=at,
    )


async def _repeats(event: Event, sessions: dict[str, Session]) -> int:
    """Sessions of this edition with a 2026 namesake repeat it (when not linked yet)."""
    linked = 0
    for title, old in sessions.items():
        linked += await Session.filter(
            event_id=event.id, title=title, repeat_of_id__isnull=True
        ).update(repeat_of_id=old.id)
    return linked


async def extend_demo(event: Event) -> dict[str, Any]:
    if await Event.filter(slug=SLUG).exists():
        return {"event": SLUG, "created": False}
    rng = random.Random(2026)  # the same demo every time
    old, sessions = await _edition(event)
    await programme.publish_programme(old, actor=audit.SYSTEM, comment="Programma 2026")
    partner_sessions = await _partners(old, sessions)
    present = await _attendance(old, sessions, rng)
    responses = await _responses(old, sessions, present, rng)
    return {
        "event": SLUG,
        "created": True,
        "sessions": len(sessions),
        "partner_sessions": partner_sessions,
        "responses": responses,
        "repeats": await _repeats(event, sessions),
    }
