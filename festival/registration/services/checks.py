"""What register checks before it writes: the ticket choice (window, sale, quota, invitation
code), each attendee's details and answers, and the sessions chosen; cached read-only lookups."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from festival import cache, clock, schemas
from festival.errors import Conflict, PermissionDenied, ValidationError
from festival.events.models import Event
from festival.forms import as_id
from festival.i18n import _
from festival.registration.models import (
    AGE_GROUPS,
    AccessNeed,
    AgeQuestion,
    AgeRule,
    AttendeeRole,
    Question,
    QuestionKind,
    TicketType,
)
from festival.registration.queries.availability import is_bookable, is_on_sale
from festival.registration.services import seats
from festival.registration.services.seats import SessionInfo

YES, NO = "yes", "no"


def hash_invitation_code(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest() if code.strip() else ""


def invitation_code_matches(ticket_type: TicketType, code: str) -> bool:
    return hmac.compare_digest(
        ticket_type.invitation_code_hash, hash_invitation_code(code or "") or "-"
    )


def is_registration_open(event: Event, *, walk_in: bool = False) -> bool:
    """Open for registrations now; `walk_in` (the desk) ignores the registration window."""
    now = clock.now()
    if not event.is_public or now >= event.ends_at:
        return False
    if walk_in:
        return True
    if event.registration_opens_at and now < event.registration_opens_at:
        return False
    return not (event.registration_closes_at and now >= event.registration_closes_at)


async def check_ticket_choice(
    event: Event,
    *,
    ticket_type_id: object,
    count: int,
    invitation_code: str = "",
    walk_in: bool = False,
) -> TicketType:
    """The ticket type may be sold now for `count` people. Raises the refusal that applies."""
    if not is_registration_open(event, walk_in=walk_in):
        raise Conflict("registration_closed", _("Aanmelden voor dit evenement kan nu niet."))
    ticket_type = None
    wanted_id = as_id(ticket_type_id)
    if wanted_id is not None:
        ticket_type = (await active_ticket_types(event.id)).get(wanted_id)
    if ticket_type is None:
        raise ValidationError(
            "ticket_type_not_found",
            _("Kies een ticket."),
            {"ticket_type": _("Kies een ticket.")},
        )
    if not is_on_sale(ticket_type):
        raise Conflict(
            "ticket_type_not_on_sale",
            _("Dit ticket is nu niet te krijgen."),
            {"ticket_type": _("Dit ticket is nu niet te krijgen.")},
        )
    if count < 1 or count > ticket_type.max_per_registration:
        message = _("U kunt 1 tot %(max)s personen tegelijk aanmelden.") % {
            "max": ticket_type.max_per_registration
        }
        raise ValidationError("invalid_attendee_count", message, {"count": message})
    if ticket_type.quota is not None and ticket_type.sold + count > ticket_type.quota:
        raise Conflict(
            "ticket_type_sold_out",
            _("Er zijn niet genoeg plaatsen meer voor dit ticket."),
            {"ticket_type": _("Er zijn niet genoeg plaatsen meer voor dit ticket.")},
        )
    if ticket_type.requires_code and not invitation_code_matches(ticket_type, invitation_code):
        raise PermissionDenied(
            "invalid_invitation_code",
            _("De toegangscode klopt niet."),
            {"invitation_code": _("De toegangscode klopt niet.")},
        )
    return ticket_type


def clean_email(value: object) -> str | None:
    """The normalised address, or None when it is not a valid e-mail address (no DNS check)."""
    address = schemas.normalised_email(value)
    return address.lower() if address is not None else None


def _text(value: object, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def clean_answers(
    raw: Any, questions: Sequence[Question], prefix: str, errors: dict[str, str]
) -> dict[str, str]:
    raw = raw if isinstance(raw, dict) else {}
    answers: dict[str, str] = {}
    for question in questions:
        value = raw.get(str(question.id), raw.get(question.id, ""))
        value = _text(value if not isinstance(value, bool) else (YES if value else NO), 2000)
        field = f"{prefix}answers.{question.id}"
        if not value:
            if question.required:
                errors[field] = _("Beantwoord deze vraag.")
            continue
        if question.kind == QuestionKind.CHOICE and value not in question.choices:
            errors[field] = _("Kies een van de mogelijkheden.")
        elif question.kind == QuestionKind.YES_NO and value not in (YES, NO):
            errors[field] = _("Kies ja of nee.")
        else:
            answers[str(question.id)] = value
    return answers


@dataclass(frozen=True)
class AgeCheck:
    """An event's age rule as the checks need it; `year` is the event's (a birth year gives
    the age reached in it)."""

    ask: AgeQuestion
    minimum_age: int
    own_consent_age: int
    year: int


def age_group_of(age: int) -> str:
    return max((g for g, lowest in AGE_GROUPS.items() if lowest <= age), key=AGE_GROUPS.get)  # type: ignore[arg-type]


def clean_age(
    raw: dict[str, Any], age: AgeCheck, prefix: str, errors: dict[str, str]
) -> dict[str, str]:
    """The attendee's age group (from a group or a birth year) at or above the minimum age and,
    under the own-consent age, the parent's or school's contact; problems land in `errors`."""
    if age.ask == AgeQuestion.BIRTH_YEAR:
        field, text = "birth_year", _text(raw.get("birth_year"), 4)
        if not (text.isdecimal() and age.year - 110 <= int(text) <= age.year):
            errors[prefix + field] = _("Vul het geboortejaar in, zoals 2009.")
            return {}
        lowest = age.year - int(text)
        group = age_group_of(lowest)
    else:
        field, group = "age_group", _text(raw.get("age_group"), 10)
        if group not in AGE_GROUPS:
            errors[prefix + field] = _("Kies een leeftijdsgroep uit de lijst.")
            return {}
        lowest = AGE_GROUPS[group]
    if lowest < age.minimum_age:
        errors[prefix + field] = _("U moet minstens %(n)s jaar zijn voor dit evenement.") % {
            "n": age.minimum_age
        }
        return {}
    clean = {"age_group": group, "guardian_name": "", "guardian_email": ""}
    if lowest < age.own_consent_age:
        clean["guardian_name"] = _text(raw.get("guardian_name"), 200)
        clean["guardian_email"] = clean_email(raw.get("guardian_email")) or ""
        if not clean["guardian_name"]:
            errors[prefix + "guardian_name"] = _(
                "Onder de %(n)s jaar: vul de naam in van een ouder, verzorger of de school."
            ) % {"n": age.own_consent_age}
        if not clean["guardian_email"]:
            errors[prefix + "guardian_email"] = _(
                "Vul het e-mailadres in van een ouder, verzorger of de school."
            )
    return clean


def clean_attendee(
    raw: Any,
    questions: Sequence[Question],
    prefix: str,
    errors: dict[str, str],
    *,
    age: AgeCheck | None = None,
) -> dict[str, Any]:
    """One attendee's details, checked (with the age rule when the event asks); problems land
    in `errors` under `prefix`+field."""
    raw = raw if isinstance(raw, dict) else {}
    name = _text(raw.get("name"), 200)
    if not name:
        errors[prefix + "name"] = _("Vul een naam in.")
    email = clean_email(raw.get("email"))
    if email is None:
        errors[prefix + "email"] = _("Vul een geldig e-mailadres in, zoals naam@gemeente.nl.")
    role = raw.get("role") or AttendeeRole.ANDERS.value
    if role not in AttendeeRole._value2member_map_:
        errors[prefix + "role"] = _("Kies een rol uit de lijst.")
    needs = raw.get("access_needs") or []
    needs = [needs] if isinstance(needs, str) else needs
    if not isinstance(needs, list) or any(
        need not in AccessNeed._value2member_map_ for need in needs
    ):
        errors[prefix + "access_needs"] = _("Kies toegankelijkheidswensen uit de lijst.")
        needs = []
    return {
        "name": name,
        "email": email or "",
        "organisation": _text(raw.get("organisation"), 200),
        "role": role,
        "access_needs": sorted(set(needs)),
        "access_other": _text(raw.get("access_other"), 300),
        "access_discreet": raw.get("access_discreet") in (True, "1", "on", "true", "yes"),
        "diet": _text(raw.get("diet"), 300),
        "answers": clean_answers(raw.get("answers"), questions, prefix, errors),
        **(clean_age(raw, age, prefix, errors) if age is not None else {}),
    }


def _overlap(a: SessionInfo, b: SessionInfo) -> bool:
    assert a.starts_at and a.ends_at and b.starts_at and b.ends_at
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


async def check_session_choices(
    event: Event, choices: Sequence[Any], *, field_for: Any
) -> list[list[SessionInfo]]:
    """Each attendee's sessions: known, bookable, not overlapping. Raises ValidationError."""
    wanted: list[list[int]] = []
    errors: dict[str, str] = {}
    for index, ids in enumerate(choices):
        ids = ids if isinstance(ids, list | tuple) else []
        clean = [i for i in (as_id(i) for i in ids) if i is not None]
        if len(clean) != len(ids):
            errors[field_for(index)] = _("Onbekende sessie gekozen.")
        wanted.append(list(dict.fromkeys(clean)))
    all_ids = sorted({i for ids in wanted for i in ids})
    infos = await seats.event_session_infos(event.id) if all_ids else {}
    result: list[list[SessionInfo]] = []
    code = "unknown_session"
    for index, ids in enumerate(wanted):
        chosen = []
        for session_id in ids:
            info = infos.get(session_id)
            if info is None:
                errors[field_for(index)] = _("Onbekende sessie gekozen.")
            elif not is_bookable(info):
                code = "session_not_bookable" if not errors else code
                errors[field_for(index)] = _("Voor '%(title)s' kunt u zich niet aanmelden.") % {
                    "title": info.title
                }
            else:
                chosen.append(info)
        chosen.sort(key=lambda s: (s.starts_at, s.id))
        for first, second in pairwise(chosen):
            if _overlap(first, second) and field_for(index) not in errors:
                code = "overlapping_sessions" if not errors else code
                errors[field_for(index)] = _("'%(a)s' en '%(b)s' zijn tegelijk. Kies er één.") % {
                    "a": first.title,
                    "b": second.title,
                }
        result.append(chosen)
    if errors:
        raise ValidationError(code, next(iter(errors.values())), errors)
    return result


async def questions_for_event(event_id: int) -> list[Question]:
    return await Question.filter(event_id=event_id).order_by("position", "id")


# What register reads on every call comes from a per-process cache (festival/cache.py):
# at most two seconds old when another process changed it. Quotas are not decided here: the
# guarded UPDATE in signup._take_quota does that.
cache.clear_on_change(TicketType, Question)
_ticket_types: cache.TTLCache[dict[int, TicketType]] = cache.TTLCache(seconds=2.0)
_questions: cache.TTLCache[list[Question]] = cache.TTLCache(seconds=2.0)


async def active_ticket_types(event_id: int) -> dict[int, TicketType]:
    """The event's ticket types on sale by id (cached; read only)."""

    async def load() -> dict[int, TicketType]:
        return {t.id: t for t in await TicketType.filter(event_id=event_id, is_active=True)}

    return await _ticket_types.get(event_id, load)


async def cached_questions(event_id: int) -> list[Question]:
    """questions_for_event from the per-process cache (read only)."""
    return await _questions.get(event_id, lambda: questions_for_event(event_id))


async def age_check_for(event: Event) -> AgeCheck | None:
    """The event's age rule, or None when it asks nobody's age."""
    rule = await AgeRule.get_or_none(event_id=event.id)
    if rule is None or rule.ask == AgeQuestion.NONE:
        return None
    year = clock.to_local(event.starts_at, event.timezone).year
    return AgeCheck(AgeQuestion(rule.ask), rule.minimum_age, rule.own_consent_age, year)


async def check_people(
    event_id: int,
    attendees: Sequence[Any],
    *,
    answers: Sequence[Any] | None,
    consent: bool,
    age: AgeCheck | None = None,
) -> list[dict[str, Any]]:
    """Each attendee cleaned (the event's questions answered, the age rule met) and consent
    given. Raises ValidationError with every problem, coded after the first one."""
    questions = await cached_questions(event_id)
    errors: dict[str, str] = {}
    people = []
    for index, raw in enumerate(attendees):
        raw = dict(raw) if isinstance(raw, dict) else {}
        if answers is not None and index < len(answers):
            raw["answers"] = answers[index]
        people.append(clean_attendee(raw, questions, f"attendees.{index}.", errors, age=age))
    if consent is not True:
        errors["consent"] = _(
            "Geef toestemming voor het gebruik van uw gegevens om u aan te melden."
        )
    if errors:
        first = next(iter(errors))
        code = (
            "consent_required"
            if first == "consent"
            else "invalid_email"
            if first.endswith(".email")
            else "missing_answer"
            if ".answers." in first
            else "invalid_age"
            if first.endswith((".age_group", ".birth_year"))
            else "guardian_required"
            if ".guardian_" in first
            else "invalid_attendee"
        )
        raise ValidationError(
            code,
            _("Controleer wat u hebt ingevuld.")
            if len(errors) > 1
            else next(iter(errors.values())),
            errors,
        )
    return people
