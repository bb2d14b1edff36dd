"""Input schemas for the submissions pages: form strings in, typed values out.

Each parser collects every field problem at once and raises one ValidationError whose `fields`
maps the form field name to a message. Rules that need the database live in services.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from festival import clock
from festival.accounts.models import OrganisationKind
from festival.forms import Errors, FormReader
from festival.i18n import _
from festival.programme.queries import Accessibility, Audience, SessionFormat

END_OF_DAY = time(23, 59, 59)
PROPOSAL_FORMATS = (
    SessionFormat.WORKSHOP,
    SessionFormat.LAB,
    SessionFormat.RAAD_OP_ZATERDAG,
    SessionFormat.DEBATE,
    SessionFormat.EXCURSION,
)


@dataclass(frozen=True)
class SignupData:
    name: str
    kind: OrganisationKind
    municipality: str
    contact_name: str
    contact_email: str
    password: str


@dataclass(frozen=True)
class ProposalData:
    title: str
    summary: str
    description: str = ""
    format: str = SessionFormat.WORKSHOP.value
    duration_minutes: int = 60
    track_id: int | None = None
    audiences: list[str] = field(default_factory=list)
    expected_participants: int = 0
    max_participants: int = 0
    room_needs: str = ""
    equipment_needs: str = ""
    accessibility: list[str] = field(default_factory=list)
    accessibility_notes: str = ""
    answers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CallData:
    opens_at: datetime
    closes_at: datetime
    guidelines: str
    formats: list[dict[str, Any]]
    questions: list[dict[str, Any]]
    max_proposals_per_partner: int
    blind_review: bool
    public_edit_until: datetime | None


@dataclass(frozen=True)
class SpeakerProfileData:
    name: str
    organisation: str
    role: str
    bio: str
    bio_en: str


def signup_data(form: Mapping[str, Any]) -> SignupData:
    read = FormReader(form)
    kind_text = read.text("kind")
    kind = OrganisationKind.OTHER
    if (
        kind_text not in {k.value for k in OrganisationKind}
        or kind_text == OrganisationKind.ORGANISER
    ):
        read.errors.add("kind", _("Kies het soort organisatie."))
    else:
        kind = OrganisationKind(kind_text)
    email = read.email("contact_email", required=True).lower()
    password = read.raw("password")
    if len(password) < 10:
        read.errors.add("password", _("Gebruik minstens 10 tekens."))
    data = SignupData(
        name=read.text("name", max_length=200, required=True),
        kind=kind,
        municipality=read.text("municipality", max_length=120),
        contact_name=read.text("contact_name", max_length=200, required=True),
        contact_email=email,
        password=password,
    )
    read.errors.raise_if_any()
    return data


def proposal_data(form: Any, *, questions: list[dict[str, Any]] | None = None) -> ProposalData:
    """The proposal form as typed values. Required extra questions are checked on submit."""
    read = FormReader(form)
    fmt = read.text("format") or SessionFormat.WORKSHOP.value
    if fmt not in {f.value for f in PROPOSAL_FORMATS}:
        read.errors.add("format", _("Kies een vorm."))
    track_id = read.optional_integer("track_id", message=_("Kies een thema."))
    audiences = read.many("audiences")
    if any(a not in {x.value for x in Audience} for a in audiences):
        read.errors.add("audiences", _("Kies een doelgroep uit de lijst."))
    accessibility = read.many("accessibility")
    if any(a not in {x.value for x in Accessibility} for a in accessibility):
        read.errors.add("accessibility", _("Kies uit de lijst."))
    answers = {
        str(q["key"]): read.text(f"answer_{q['key']}", max_length=5000) for q in questions or []
    }
    expected = read.integer("expected_participants", default=0, between=(0, 5000))
    maximum = read.integer("max_participants", default=0, between=(0, 5000))
    if expected and maximum and expected > maximum:
        read.errors.add(
            "expected_participants", _("Het verwachte aantal is groter dan het maximum.")
        )
    data = ProposalData(
        title=read.text("title", max_length=200, required=True),
        summary=read.text("summary", max_length=2000),
        description=read.text("description", max_length=20000),
        format=fmt,
        duration_minutes=read.integer("duration_minutes", default=60, between=(15, 600)),
        track_id=track_id,
        audiences=audiences,
        expected_participants=expected,
        max_participants=maximum,
        room_needs=read.text("room_needs", max_length=5000),
        equipment_needs=read.text("equipment_needs", max_length=5000),
        accessibility=accessibility,
        accessibility_notes=read.text("accessibility_notes", max_length=5000),
        answers=answers,
    )
    read.errors.raise_if_any()
    return data


def _parse_formats(errors: Errors, text: str) -> list[dict[str, Any]]:
    """One line per format: `workshop: 60, 90`."""
    formats: list[dict[str, Any]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _sep, rest = line.partition(":")
        name = name.strip().lower()
        if name not in {f.value for f in PROPOSAL_FORMATS}:
            errors.add("formats", _("Onbekende vorm: %(name)s.") % {"name": name[:40]})
            continue
        try:
            durations = [int(p) for p in rest.replace(";", ",").split(",") if p.strip()]
        except ValueError:
            errors.add("formats", _("Schrijf de duur in minuten, bijvoorbeeld: workshop: 60, 90"))
            continue
        formats.append({"format": name, "durations": durations or [60]})
    if not formats:
        errors.add("formats", _("Noem minstens één vorm."))
    return formats


def _parse_questions(text: str) -> list[dict[str, Any]]:
    """One question per line; a line ending in `*` is required."""
    questions = []
    for index, line in enumerate(line for line in text.splitlines() if line.strip()):
        label = line.strip()
        required = label.endswith("*")
        questions.append(
            {"key": f"q{index + 1}", "label": label.rstrip("*").strip()[:300], "required": required}
        )
    return questions


def closing_moment(read: FormReader, prefix: str, tz: str, *, required: bool) -> datetime | None:
    """A deadline: `<prefix>_date` plus an optional `<prefix>_time` (empty: the end of the day)."""
    return read.local_datetime(
        f"{prefix}_date",
        f"{prefix}_time",
        tz,
        required=required,
        default_time=END_OF_DAY,
        time_needs_date=False,
    )


def call_data(form: Mapping[str, Any], *, tz: str) -> CallData:
    read = FormReader(form)
    opens_at = read.local_datetime(
        "opens_date", "opens_time", tz, required=True, time_needs_date=False
    )
    closes_at = closing_moment(read, "closes", tz, required=True)
    if opens_at and closes_at and closes_at <= opens_at:
        read.errors.add("closes_date", _("De sluiting moet na de opening liggen."))
    data = CallData(
        opens_at=opens_at or clock.now(),
        closes_at=closes_at or clock.now(),
        guidelines=read.text("guidelines", max_length=20000),
        formats=_parse_formats(read.errors, read.text("formats")),
        questions=_parse_questions(read.text("questions", max_length=5000)),
        max_proposals_per_partner=read.integer(
            "max_proposals_per_partner", default=3, between=(1, 100)
        ),
        blind_review=read.boolean("blind_review"),
        public_edit_until=closing_moment(read, "public_edit_until", tz, required=False),
    )
    read.errors.raise_if_any()
    return data


def speaker_profile_data(form: Mapping[str, Any]) -> SpeakerProfileData:
    read = FormReader(form)
    data = SpeakerProfileData(
        name=read.text("name", max_length=200, required=True),
        organisation=read.text("organisation", max_length=200),
        role=read.text("role", max_length=200),
        bio=read.text("bio", max_length=3000),
        bio_en=read.text("bio_en", max_length=3000),
    )
    read.errors.raise_if_any()
    return data


def review_scores(form: Mapping[str, Any], criterion_ids: list[int]) -> dict[int, int | None]:
    """Scores as given (None when empty or not a number); the 1-5 rule lives in the service."""
    read = FormReader(form)
    scores: dict[int, int | None] = {}
    for criterion_id in criterion_ids:
        try:
            scores[criterion_id] = int(read.text(f"score_{criterion_id}"))
        except ValueError:
            scores[criterion_id] = None
    return scores


def email_field(form: Mapping[str, Any], name: str = "email") -> str:
    read = FormReader(form)
    email = read.email(name, required=True).lower()
    read.errors.raise_if_any()
    return email


def ids(form: Any, name: str) -> list[int]:
    """The whole numbers among the values of a multi-valued field; others are skipped."""
    out = []
    for value in FormReader(form).many(name):
        try:
            out.append(int(value))
        except ValueError:
            continue
    return out
