"""Input of the check-in API (a scan, a check-in by hand, an undo, an offline batch) and the
shapes of its answers (typed dicts, from which festival/openapi.py generates the document).

A scan's payload, scan id and device time are judged by the scan rules themselves (a payload
that is no ticket is the result `unknown`, not a refusal, and the offline batch judges each scan
on its own), so these models pass them on as sent and only describe them for the document.
"""

from __future__ import annotations

from typing import Annotated, Any, NotRequired

from pydantic import BeforeValidator, Field, JsonValue, WithJsonSchema
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from festival.checkin import models
from festival.checkin.services.scan_input import MAX_SCAN_ID
from festival.checkin.services.sync import MAX_BATCH
from festival.i18n import _
from festival.schemas import DateTime, Id, Input, as_id, choice


def _checkpoint(value: JsonValue) -> JsonValue:
    """A number (or digits) that cannot be a session id is refused here, before the database
    sees it; "entrance", a session id and everything else is judged by the checkpoint rules."""
    text = value.strip() if isinstance(value, str) else ""
    number = value if isinstance(value, int) and not isinstance(value, bool) else None
    if text.isascii() and text.isdigit():
        number = as_id(text) or 0
    if number is not None and as_id(number) is None:
        raise PydanticCustomError("invalid_checkpoint", "not a session id")
    return value


Checkpoint = Annotated[
    JsonValue,
    BeforeValidator(_checkpoint),
    WithJsonSchema(
        {
            "oneOf": [
                {"type": "string", "enum": ["entrance"]},
                {"type": "string", "pattern": "^[0-9]+$"},
                {"type": "integer"},
            ],
            "description": '"entrance" or a session id.',
        }
    ),
]


class ScanRequest(Input):
    """One scanned QR payload at a checkpoint (also one scan of an offline batch)."""

    payload: Annotated[
        JsonValue,
        WithJsonSchema(
            {"type": "string", "description": "The QR payload F1<kid>.<tid>.<sig> (99 characters)."}
        ),
    ] = None
    checkpoint: Checkpoint = None
    scan_id: Annotated[
        JsonValue,
        WithJsonSchema(
            {
                "type": "string",
                "maxLength": MAX_SCAN_ID,
                "description": "Idempotency key: a retry answers the same.",
            }
        ),
    ] = None
    scanned_at: Annotated[
        JsonValue,
        WithJsonSchema(
            {"type": "string", "format": "date-time", "description": "Device time of the scan."}
        ),
    ] = None
    event: Annotated[
        JsonValue,
        WithJsonSchema({"type": "string", "description": "Event slug (staff session only)."}),
    ] = None

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        message = _("Kies de ingang of een sessie van dit evenement.")
        return {"checkpoint": ("invalid_checkpoint", message)}


class ManualCheckin(Input):
    """An attendee checked in by hand at the desk (found by search)."""

    attendee_id: Id
    checkpoint: Checkpoint = None
    scan_id: Annotated[JsonValue, WithJsonSchema({"type": "string", "maxLength": MAX_SCAN_ID})] = (
        None
    )

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        scan = ScanRequest.refusals()
        return {"attendee_id": ("invalid_attendee", _("Kies een deelnemer.")), **scan}


class UndoCheckin(Input):
    """A check-in taken back (the checkin_id of an ok answer)."""

    checkin_id: Id

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {"checkin_id": ("invalid_checkin", _("Welke check-in?"))}


class SyncBatch(Input):
    """Scans made offline, each judged on its own: a wrong scan gets an error result."""

    # The sync rules read the batch themselves (a malformed scan is that scan's result, not a
    # refusal of the batch), so this model describes the batch for the document only.

    scans: list[ScanRequest] = Field(max_length=MAX_BATCH)


# ---------------------------------------------------------------- answers


class ScanResult(TypedDict):
    """The result of a scan or a check-in by hand."""

    result: Annotated[str, choice(models.ScanResult)]
    attendee: Annotated[
        dict[str, Any],
        Field(description="name, organisation, role, registration_code, tid (empty for unknown)."),
    ]
    message: NotRequired[str]
    checkin_id: NotRequired[
        Annotated[int, Field(description="Pass to /api/checkin/undo to take an ok back.")]
    ]
    first_checkin: NotRequired[
        Annotated[dict[str, Any], Field(description="For already_checked_in: at, place, device.")]
    ]
    admitted_unbooked: NotRequired[bool]


class Undone(TypedDict):
    undone: bool
    checkin_id: int


class SigningKey(TypedDict):
    """An Ed25519 public key (raw, base64url) to verify ticket payloads offline."""

    kid: str
    public_key: str
    alg: str
    retired: bool


class EventKeys(TypedDict):
    event: str
    keys: list[SigningKey]


class OfflineList(TypedDict):
    """What a scanner keeps for offline use."""

    event: dict[str, Any]
    keys: list[SigningKey]
    tickets: list[dict[str, Any]]
    checkpoints: list[dict[str, Any]]
    generated_at: DateTime


class Synced(TypedDict):
    """Per scan its result; `flagged` lists duplicates and tickets cancelled since the list was
    downloaded."""

    results: list[dict[str, Any]]
    flagged: list[dict[str, Any]]
    server_time: DateTime


class FoundCheckin(TypedDict):
    checkpoint: str
    place: str
    at: DateTime
    checkin_id: int


class FoundAttendee(TypedDict):
    attendee_id: int
    name: str
    email: str
    organisation: str
    role: str
    status: str
    registration_code: str
    entered: bool
    checkins: list[FoundCheckin]


class Found(TypedDict):
    results: list[FoundAttendee]
