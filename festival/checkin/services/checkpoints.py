"""Checkpoints of an event, scanning devices, scan outcomes and their messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from festival import clock, db
from festival.audit import Actor
from festival.checkin.models import (
    ENTRANCE,
    ScanResult,
)
from festival.errors import DomainError
from festival.events.models import Event
from festival.i18n import _
from festival.programme.queries import session_infos


class CheckinError(DomainError):
    """A check-in request that cannot be handled (bad checkpoint, bad batch, not checked in)."""


@dataclass(frozen=True)
class Device:
    """Who scans: a device token or a logged-in staff member."""

    kind: str  # token | user
    id: int
    label: str

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def actor(self) -> Actor:
        return Actor(self.kind, self.id, self.label)


@dataclass(frozen=True)
class Checkpoint:
    code: str  # "entrance" or the session id as text
    session_id: int | None
    label: str
    requires_booking: bool = False


@dataclass
class Outcome:
    """What a scan answers: the result code, who it is, and the winning scan when refused."""

    result: ScanResult
    attendee: dict[str, Any] = field(default_factory=dict)
    first_checkin: dict[str, Any] | None = None
    checkin_id: int | None = None
    admitted_unbooked: bool = False
    seats_free: bool = False  # for not_booked: could be admitted by an organiser's setting

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "result": self.result.value,
            "attendee": self.attendee,
            "message": result_message(self.result),
        }
        if self.first_checkin is not None:
            data["first_checkin"] = self.first_checkin
        if self.checkin_id is not None:
            data["checkin_id"] = self.checkin_id
        if self.admitted_unbooked:
            data["admitted_unbooked"] = True
        return data


def result_message(result: ScanResult | str) -> str:
    messages = {
        ScanResult.OK: _("Welkom! Ingecheckt."),
        ScanResult.ALREADY_CHECKED_IN: _("Al ingecheckt."),
        ScanResult.UNKNOWN: _("Onbekend of ongeldig ticket."),
        ScanResult.CANCELLED: _("Dit ticket is geannuleerd."),
        ScanResult.WRONG_EVENT: _("Dit ticket is voor een ander evenement."),
        ScanResult.NOT_BOOKED: _("Niet aangemeld voor deze sessie."),
    }
    return messages[ScanResult(result)]


async def checkpoints(event: Event) -> list[Checkpoint]:
    """The entrance and every session door of the event, in time order."""
    infos = sorted(
        (await session_infos(event_id=event.id)).values(),
        key=lambda i: (i.starts_at or event.starts_at, i.title),
    )
    out = [Checkpoint(ENTRANCE, None, _("Ingang"))]
    for info in infos:
        if info.state == "cancelled":
            continue
        out.append(
            Checkpoint(
                str(info.id),
                info.id,
                _session_label(info.title, info.room, info.starts_at, event),
                info.requires_registration,
            )
        )
    return out


def _session_label(title: str, room: str, starts_at: datetime | None, event: Event) -> str:
    when = clock.to_local(starts_at, event.timezone).strftime("%H:%M") + " " if starts_at else ""
    return f"{when}{title}" + (f" ({room})" if room else "")


async def get_checkpoint(event: Event, code: object) -> Checkpoint:
    """The checkpoint named `code` ("entrance" or a session id of the event).
    Raises CheckinError."""
    text = str(code).strip() if isinstance(code, str | int) and not isinstance(code, bool) else ""
    if text == ENTRANCE:
        return Checkpoint(ENTRANCE, None, _("Ingang"))
    # ASCII digits only (int() refuses other digits), and only what can be an id.
    if text.isascii() and text.isdigit() and len(text) <= 10 and int(text) <= db.MAX_INT:
        info = (await session_infos([int(text)], event_id=event.id)).get(int(text))
        if info is not None:
            return Checkpoint(
                text,
                info.id,
                _session_label(info.title, info.room, info.starts_at, event),
                info.requires_registration,
            )
    message = _("Kies de ingang of een sessie van dit evenement.")
    raise CheckinError("invalid_checkpoint", message, {"checkpoint": message})
