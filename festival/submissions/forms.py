"""Input schemas for the submissions pages: form strings in, typed values out.

Each parser collects every field problem at once and raises one ValidationError whose `fields`
maps the form field name to a message. Rules that need the database live in services.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from festival import clock
from festival.accounts.models import OrganisationKind
from festival.errors import ValidationError
from festival.i18n import _
from festival.programme.models import Accessibility, Audience, SessionFormat

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PROPOSAL_FORMATS = (
    SessionFormat.WORKSHOP,
    SessionFormat.LAB,
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


def _text(form: Mapping[str, Any], name: str) -> str:
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _many(form: Any, name: str) -> list[str]:
    if hasattr(form, "getlist"):
        return [v for v in form.getlist(name) if isinstance(v, str) and v]
    value = form.get(name)
    if isinstance(value, list):
        return [str(v) for v in value]
    return [value] if isinstance(value, str) and value else []


class Errors:
    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, message)

    def text(
        self, form: Mapping[str, Any], name: str, max_length: int, *, required: bool = False
    ) -> str:
        value = _text(form, name)
        if required and not value:
            self.add(name, _("Vul dit veld in."))
        elif len(value) > max_length:
            self.add(name, _("Gebruik hoogstens %(n)s tekens.") % {"n": max_length})
        return value

    def integer(
        self,
        form: Mapping[str, Any],
        name: str,
        *,
        default: int = 0,
        minimum: int = 0,
        maximum: int = 100000,
    ) -> int:
        value = _text(form, name)
        if not value:
            return default
        try:
            number = int(value)
        except ValueError:
            self.add(name, _("Vul een heel getal in."))
            return default
        if not minimum <= number <= maximum:
            self.add(
                name,
                _("Vul een getal in van %(min)s tot en met %(max)s.")
                % {"min": minimum, "max": maximum},
            )
        return number

    def moment(
        self,
        form: Mapping[str, Any],
        prefix: str,
        tz: str,
        *,
        required: bool,
        default_time: time = time(0, 0),
    ) -> datetime | None:
        """`<prefix>_date` plus optional `<prefix>_time`, local in `tz`, returned in UTC."""
        day_text, time_text = _text(form, f"{prefix}_date"), _text(form, f"{prefix}_time")
        if not day_text:
            if required:
                self.add(f"{prefix}_date", _("Vul een datum in."))
            return None
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            self.add(f"{prefix}_date", _("Vul een datum in als jjjj-mm-dd."))
            return None
        try:
            at = time.fromisoformat(time_text) if time_text else default_time
        except ValueError:
            self.add(f"{prefix}_time", _("Vul een tijd in als uu:mm."))
            return None
        return clock.from_local(datetime.combine(day, at), tz)

    def raise_if_any(self) -> None:
        if self.fields:
            raise ValidationError(
                "invalid_input", _("Controleer de velden met een foutmelding."), self.fields
            )


def signup_data(form: Mapping[str, Any]) -> SignupData:
    errors = Errors()
    kind_text = _text(form, "kind")
    kind = OrganisationKind.OTHER
    if (
        kind_text not in {k.value for k in OrganisationKind}
        or kind_text == OrganisationKind.ORGANISER
    ):
        errors.add("kind", _("Kies het soort organisatie."))
    else:
        kind = OrganisationKind(kind_text)
    email = errors.text(form, "contact_email", 254, required=True).lower()
    if email and not EMAIL_RE.match(email):
        errors.add("contact_email", _("Vul een geldig e-mailadres in."))
    password = form.get("password", "")
    password = password if isinstance(password, str) else ""
    if len(password) < 10:
        errors.add("password", _("Gebruik minstens 10 tekens."))
    data = SignupData(
        name=errors.text(form, "name", 200, required=True),
        kind=kind,
        municipality=errors.text(form, "municipality", 120),
        contact_name=errors.text(form, "contact_name", 200, required=True),
        contact_email=email,
        password=password,
    )
    errors.raise_if_any()
    return data


def proposal_data(form: Any, *, questions: list[dict[str, Any]] | None = None) -> ProposalData:
    """The proposal form as typed values. Required extra questions are checked on submit."""
    errors = Errors()
    fmt = _text(form, "format") or SessionFormat.WORKSHOP.value
    if fmt not in {f.value for f in PROPOSAL_FORMATS}:
        errors.add("format", _("Kies een vorm."))
    track_text = _text(form, "track_id")
    track_id = None
    if track_text:
        try:
            track_id = int(track_text)
        except ValueError:
            errors.add("track_id", _("Kies een thema."))
    audiences = _many(form, "audiences")
    if any(a not in {x.value for x in Audience} for a in audiences):
        errors.add("audiences", _("Kies een doelgroep uit de lijst."))
    accessibility = _many(form, "accessibility")
    if any(a not in {x.value for x in Accessibility} for a in accessibility):
        errors.add("accessibility", _("Kies uit de lijst."))
    answers = {
        str(q["key"]): errors.text(form, f"answer_{q['key']}", 5000) for q in questions or []
    }
    expected = errors.integer(form, "expected_participants", maximum=5000)
    maximum = errors.integer(form, "max_participants", maximum=5000)
    if expected and maximum and expected > maximum:
        errors.add("expected_participants", _("Het verwachte aantal is groter dan het maximum."))
    data = ProposalData(
        title=errors.text(form, "title", 200, required=True),
        summary=errors.text(form, "summary", 2000),
        description=errors.text(form, "description", 20000),
        format=fmt,
        duration_minutes=errors.integer(
            form, "duration_minutes", default=60, minimum=15, maximum=600
        ),
        track_id=track_id,
        audiences=audiences,
        expected_participants=expected,
        max_participants=maximum,
        room_needs=errors.text(form, "room_needs", 5000),
        equipment_needs=errors.text(form, "equipment_needs", 5000),
        accessibility=accessibility,
        accessibility_notes=errors.text(form, "accessibility_notes", 5000),
        answers=answers,
    )
    errors.raise_if_any()
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


def call_data(form: Mapping[str, Any], *, tz: str) -> CallData:
    errors = Errors()
    opens_at = errors.moment(form, "opens", tz, required=True)
    closes_at = errors.moment(form, "closes", tz, required=True, default_time=time(23, 59, 59))
    if opens_at and closes_at and closes_at <= opens_at:
        errors.add("closes_date", _("De sluiting moet na de opening liggen."))
    data = CallData(
        opens_at=opens_at or clock.now(),
        closes_at=closes_at or clock.now(),
        guidelines=errors.text(form, "guidelines", 20000),
        formats=_parse_formats(errors, _text(form, "formats")),
        questions=_parse_questions(errors.text(form, "questions", 5000)),
        max_proposals_per_partner=errors.integer(
            form, "max_proposals_per_partner", default=3, minimum=1, maximum=100
        ),
        blind_review=_text(form, "blind_review") in ("1", "on", "true"),
        public_edit_until=errors.moment(
            form, "public_edit_until", tz, required=False, default_time=time(23, 59, 59)
        ),
    )
    errors.raise_if_any()
    return data


def speaker_profile_data(form: Mapping[str, Any]) -> SpeakerProfileData:
    errors = Errors()
    data = SpeakerProfileData(
        name=errors.text(form, "name", 200, required=True),
        organisation=errors.text(form, "organisation", 200),
        role=errors.text(form, "role", 200),
        bio=errors.text(form, "bio", 3000),
        bio_en=errors.text(form, "bio_en", 3000),
    )
    errors.raise_if_any()
    return data


def review_scores(form: Mapping[str, Any], criterion_ids: list[int]) -> dict[int, int | None]:
    """Scores as given (None when empty or not a number); the 1-5 rule lives in the service."""
    scores: dict[int, int | None] = {}
    for criterion_id in criterion_ids:
        text = _text(form, f"score_{criterion_id}")
        try:
            scores[criterion_id] = int(text)
        except ValueError:
            scores[criterion_id] = None
    return scores


def email_field(form: Mapping[str, Any], name: str = "email") -> str:
    errors = Errors()
    email = errors.text(form, name, 254, required=True).lower()
    if email and not EMAIL_RE.match(email):
        errors.add(name, _("Vul een geldig e-mailadres in."))
    errors.raise_if_any()
    return email


def ids(form: Any, name: str) -> list[int]:
    out = []
    for value in _many(form, name):
        try:
            out.append(int(value))
        except ValueError:
            continue
    return out
