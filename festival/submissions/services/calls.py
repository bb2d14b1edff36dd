"""Calls for proposals: dates in the event's time zone, formats, questions, criteria and
access codes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tortoise.transactions import in_transaction

from festival import audit, clock
from festival.accounts.models import Organisation
from festival.audit import Actor
from festival.errors import Conflict, NotFound, ValidationError
from festival.events.models import PUBLIC_STATUSES, Event
from festival.i18n import _
from festival.submissions.forms import CallData
from festival.submissions.models import AccessCode, Call, Criterion

ACCESS_CODE_MAX = 40  # AccessCode.code's length: a longer code is simply unknown
DEFAULT_FORMATS = [
    {"format": "workshop", "durations": [60, 90]},
    {"format": "lab", "durations": [90]},
    {"format": "debate", "durations": [60]},
    {"format": "excursion", "durations": [120]},
]


@dataclass(frozen=True)
class Window:
    """When one partner may create, edit and submit: the call's dates, widened by an access code."""

    opens_at: datetime | None  # None: a code opened the call for this partner
    closes_at: datetime

    def is_open(self, at: datetime) -> bool:
        return (self.opens_at is None or self.opens_at <= at) and at <= self.closes_at


async def call_for_event(event: Event) -> Call | None:
    return await Call.get_or_none(event_id=event.id).prefetch_related("criteria")


async def get_call(event: Event) -> Call:
    call = await call_for_event(event)
    if call is None:
        raise NotFound("call_not_found", _("Dit evenement heeft geen oproep voor voorstellen."))
    return call


async def public_call(slug: str) -> Call:
    """The call of a published event, for partners. Raises NotFound."""
    call = await Call.get_or_none(
        event__slug=slug, event__status__in=list(PUBLIC_STATUSES)
    ).select_related("event")
    if call is None:
        raise NotFound("call_not_found", _("Dit evenement heeft geen oproep voor voorstellen."))
    return call


async def visible_calls() -> list[Call]:
    """Calls of published events that have not yet closed, soonest deadline first."""
    return await (
        Call.filter(event__status__in=list(PUBLIC_STATUSES), closes_at__gte=clock.now())
        .select_related("event")
        .order_by("closes_at")
    )


async def open_calls(*, event: Event | None = None) -> list[Call]:
    """Calls of published events that take proposals now (of `event` only, when given), soonest
    deadline first: what public pages point new partners to."""
    now = clock.now()
    query = Call.filter(
        event__status__in=list(PUBLIC_STATUSES), opens_at__lte=now, closes_at__gte=now
    )
    if event is not None:
        query = query.filter(event_id=event.id)
    return await query.select_related("event").order_by("closes_at")


async def save_call(event: Event, data: CallData, *, actor: Actor) -> Call:
    """Create or change the event's call. Audits call.saved."""
    values: dict[str, Any] = {
        "opens_at": data.opens_at,
        "closes_at": data.closes_at,
        "guidelines": data.guidelines,
        "formats": data.formats,
        "questions": data.questions,
        "max_proposals_per_partner": data.max_proposals_per_partner,
        "blind_review": data.blind_review,
        "public_edit_until": data.public_edit_until,
    }
    async with in_transaction():
        call = await Call.get_or_none(event_id=event.id)
        if call is None:
            call = await Call.create(event=event, **values)
        else:
            await call.update_from_dict(values).save()
        await audit.record(
            actor,
            "call.saved",
            call,
            event_id=event.id,
            closes_at=data.closes_at.isoformat(),
            blind_review=data.blind_review,
        )
    return call


async def add_criterion(
    call: Call, *, name: str, description: str = "", weight: int = 1, actor: Actor
) -> Criterion:
    """Add a review criterion. Raises ValidationError."""
    name = name.strip()
    if not name or len(name) > 120:
        raise ValidationError(
            "invalid_input",
            _("Controleer de velden met een foutmelding."),
            {"name": _("Vul een naam in van hoogstens 120 tekens.")},
        )
    if not 1 <= weight <= 10:
        raise ValidationError(
            "invalid_input",
            _("Controleer de velden met een foutmelding."),
            {"weight": _("Vul een gewicht in van 1 tot en met 10.")},
        )
    async with in_transaction():
        position = await Criterion.filter(call_id=call.id).count()
        criterion = await Criterion.create(
            call=call,
            name=name,
            description=description.strip()[:2000],
            weight=weight,
            position=position,
        )
        await audit.record(
            actor, "call.criterion_added", criterion, event_id=call.event_id, name=name
        )
    return criterion


async def remove_criterion(call: Call, criterion_id: int, *, actor: Actor) -> None:
    async with in_transaction():
        deleted = await Criterion.filter(id=criterion_id, call_id=call.id).delete()
        if not deleted:
            raise NotFound("criterion_not_found", _("Dit criterium bestaat niet."))
        await audit.record(
            actor, "call.criterion_removed", call, event_id=call.event_id, criterion_id=criterion_id
        )


async def criteria_of(call: Call) -> list[Criterion]:
    return await Criterion.filter(call_id=call.id).order_by("position", "id")


async def create_access_code(
    call: Call, *, closes_at: datetime, note: str = "", actor: Actor
) -> AccessCode:
    """A code that lets one partner in until `closes_at`. Audits call.access_code_created."""
    async with in_transaction():
        code = await AccessCode.create(
            call=call, code=secrets.token_urlsafe(9), closes_at=closes_at, note=note.strip()[:200]
        )
        await audit.record(
            actor,
            "call.access_code_created",
            code,
            event_id=call.event_id,
            closes_at=closes_at.isoformat(),
        )
    return code


async def access_codes_of(call: Call) -> list[AccessCode]:
    return (
        await AccessCode.filter(call_id=call.id)
        .select_related("organisation")
        .order_by("-created_at")
    )


async def redeem_access_code(
    call: Call, organisation: Organisation, code: str, *, actor: Actor
) -> AccessCode:
    """Bind a code to the partner (once). Raises NotFound or Conflict."""
    async with in_transaction():
        code = code.strip()
        access = (
            await AccessCode.get_or_none(call_id=call.id, code=code)
            if len(code) <= ACCESS_CODE_MAX
            else None
        )
        if access is None:
            raise NotFound("access_code_unknown", _("Deze toegangscode kennen we niet."))
        if access.organisation_id not in (None, organisation.id):
            raise Conflict(
                "access_code_used",
                _("Deze toegangscode is al door een andere organisatie gebruikt."),
            )
        if access.organisation_id is None:
            rows = await AccessCode.filter(id=access.id, organisation_id__isnull=True).update(
                organisation_id=organisation.id, redeemed_at=clock.now()
            )
            if rows != 1:
                raise Conflict(
                    "access_code_used",
                    _("Deze toegangscode is al door een andere organisatie gebruikt."),
                )
            await audit.record(
                actor,
                "call.access_code_redeemed",
                access,
                event_id=call.event_id,
                organisation_id=organisation.id,
            )
    return access


async def window_for(call: Call, organisation_id: int | None) -> Window:
    """The submission window for this partner (without one: the call's own), in UTC (the close
    is local 23:59:59 already)."""
    if organisation_id is None:
        return Window(opens_at=call.opens_at, closes_at=call.closes_at)
    codes = await AccessCode.filter(call_id=call.id, organisation_id=organisation_id)
    if codes:
        return Window(opens_at=None, closes_at=max([call.closes_at, *(c.closes_at for c in codes)]))
    return Window(opens_at=call.opens_at, closes_at=call.closes_at)


async def require_open(call: Call, organisation_id: int) -> None:
    """Raises Conflict(call_closed / call_not_open) outside the partner's window."""
    window = await window_for(call, organisation_id)
    now = clock.now()
    if window.opens_at is not None and now < window.opens_at:
        raise Conflict("call_not_open", _("De oproep is nog niet open."))
    if now > window.closes_at:
        raise Conflict("call_closed", _("De deadline voor voorstellen is voorbij."))


def durations_for(call: Call, fmt: str) -> list[int]:
    for item in call.formats or []:
        if item.get("format") == fmt:
            return [int(d) for d in item.get("durations", [])]
    return []
