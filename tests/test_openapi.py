"""The OpenAPI document is generated from the areas' schemas: its choices are the models' and
its request bodies are the models that parse them."""

from __future__ import annotations

import httpx
import pytest
from typing_extensions import TypedDict

from festival import i18n, openapi
from festival.checkin import api as checkin_api
from festival.checkin.models import ScanResult
from festival.programme.models import Accessibility, Audience, SessionFormat
from festival.registration.models import AccessNeed, AttendeeRole, AttendeeStatus


async def _schemas(client: httpx.AsyncClient) -> dict[str, dict]:
    document = (await client.get("/api/openapi.json")).json()
    return document["components"]["schemas"]


async def test_choices_in_the_document_are_the_models(client: httpx.AsyncClient) -> None:
    schemas = await _schemas(client)
    session = schemas["Session"]["properties"]
    assert session["format"]["enum"] == [
        "plenary",
        "workshop",
        "lab",
        "raad_op_zaterdag",
        "debate",
        "excursion",
        "break",
    ]
    assert session["format"]["enum"] == list(SessionFormat)
    assert session["audiences"]["items"]["enum"] == list(Audience)
    assert session["accessibility"]["items"]["enum"] == list(Accessibility)
    assert session["state"]["enum"] == ["published", "cancelled"]
    assert session["language"]["enum"] == ["nl", "en"] == list(i18n.LANGUAGES)
    assert schemas["Event"]["properties"]["status"]["enum"] == ["published", "archived"]
    assert schemas["ScanResult"]["properties"]["result"]["enum"] == list(ScanResult)
    assert schemas["AttendeeOut"]["properties"]["status"]["enum"] == list(AttendeeStatus)
    booking = schemas["BookingOut"]["properties"]["status"]["enum"]
    assert booking == ["confirmed", "waitlisted", "offered"]
    attendee_in = schemas["AttendeeIn"]["properties"]
    assert attendee_in["role"]["enum"] == list(AttendeeRole)
    assert attendee_in["access_needs"]["items"]["enum"] == list(AccessNeed)


async def test_every_schema_is_one_of_a_type(client: httpx.AsyncClient) -> None:
    """No schema is written by hand but the shared Error: every other one is a type of an
    area's schemas.py (input models and the answers api.py builds)."""
    schemas = await _schemas(client)
    assert {
        "Error",
        # programme
        "Event",
        "EventDetail",
        "TicketType",
        "Session",
        "SessionSpeaker",
        "Room",
        "Venue",
        "Named",
        # registration
        "NewRegistration",
        "AttendeeIn",
        "Registration",
        "AttendeeOut",
        "BookingOut",
        "TicketOut",
        # checkin
        "ScanRequest",
        "ManualCheckin",
        "UndoCheckin",
        "SyncBatch",
        "ScanResult",
        "Undone",
        "EventKeys",
        "SigningKey",
        "OfflineList",
        "Synced",
        "Found",
        "FoundAttendee",
        "FoundCheckin",
        # archive
        "ArchiveResults",
        "ArchiveEntry",
        "ArchiveEvent",
        "ArchiveSession",
        "ArchiveOutcome",
        "ArchiveMaterial",
        "ArchiveSummary",
        "ArchiveFigure",
        "ArchiveBar",
        "ArchiveAnswer",
    } == set(schemas)


def test_two_types_of_one_name_are_refused() -> None:
    class Undone(TypedDict):  # a second type named as check-in's answer, with another shape
        done: str

    assert "Undone" in openapi.SCHEMAS, checkin_api.routes  # check-in's api module described it
    with pytest.raises(RuntimeError, match="Two OpenAPI schemas are named Undone"):
        openapi.answer_ref(Undone)
