"""Digits that are not numbers: "²" and "٣" pass str.isdigit() but "²" breaks int(); a page
number of twenty digits overflows the database's OFFSET. Each answers like any other wrong value."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from festival import clock
from festival.accounts.models import Role
from festival.forms import as_id, page_number
from tests.factories import make_event, make_organisation, make_session, make_ticket_type, make_user
from tests.helpers import login
from tests.registration.test_views import _post_step


@pytest.fixture(autouse=True)
def _today() -> None:
    clock.set_now(datetime(2026, 12, 1, 9, 0, tzinfo=UTC))


def test_as_id_takes_only_what_an_integer_column_holds() -> None:
    assert [as_id(v) for v in ("12", 12, "²", "٣", "0", "-1", "2147483648", True, None)] == [
        12,
        12,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
    ]
    assert [page_number(v) for v in ("3", "", "²", "0", "99999999999999999999", None)] == [
        3, 1, 1, 1, 1, 1,
    ]  # fmt: skip


@pytest.mark.parametrize("ticket_type", ["²", "٣", "2147483648"])
async def test_register_form_with_a_ticket_type_that_is_no_id_is_refused_on_the_form(
    client: httpx.AsyncClient, ticket_type: str
) -> None:
    event = await make_event(slug="dld-2027")
    await make_ticket_type(event)
    url = "/events/dld-2027/register"
    page = (await client.get(url)).text
    response = await _post_step(
        client, url, page, "ticket", {"ticket_type": ticket_type, "count": "1"}
    )
    assert response.status_code == 422
    assert "Kies een ticket." in response.text


async def test_registration_api_with_session_ids_that_are_no_ids_is_422(
    client: httpx.AsyncClient,
) -> None:
    event = await make_event(slug="dld-2027")
    ticket = await make_ticket_type(event)
    await make_session(event)
    response = await client.post(
        "/api/events/dld-2027/registrations",
        json={
            "ticket_type": ticket.id,
            "attendees": [{"name": "Anna de Vries", "email": "anna@utrecht.nl"}],
            "sessions": ["²"],
        },
    )
    assert response.status_code == 422


async def test_filters_and_pages_with_odd_digits_answer_200(client: httpx.AsyncClient) -> None:
    organisation = await make_organisation()
    event = await make_event(organisation, slug="dld-2027")
    user = await make_user(role=Role.ORGANISER, organisation=organisation)
    await login(client, user.email)
    for url in (
        "/events/dld-2027/programme?track=²",
        "/events/dld-2027/programme?track=99999999999999999999",
        f"/admin/events/{event.slug}/audit?page=99999999999999999999",
        f"/admin/events/{event.slug}/audit?page=²",
        f"/admin/events/{event.slug}/registrations?page=²",
    ):
        response = await client.get(url)
        assert response.status_code == 200, url
