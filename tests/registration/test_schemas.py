"""NewRegistration: the shape of a registration is refused with the codes clients know; the
attendees' details go on, as sent, to the registration rules."""

from __future__ import annotations

import pytest

from festival.errors import ValidationError
from festival.registration.schemas import NewRegistration
from festival.schemas import parse


def test_register_values_give_each_attendee_the_shared_or_own_sessions() -> None:
    body = {
        "ticket_type": "7",
        "attendees": [{"name": "Anna", "email": "anna@utrecht.nl", "x": 1}, {"sessions": [3]}, 5],
        "sessions": [1, "2"],
        "idempotency_key": "k-1",
    }

    assert parse(NewRegistration, body).register_values() == {
        "ticket_type_id": 7,
        "attendees": [{"name": "Anna", "email": "anna@utrecht.nl"}, {}, {}],
        "sessions_per_attendee": [[1, 2], [3], [1, 2]],
        "consent": True,
        "invitation_code": "",
        "idempotency_key": "k-1",
        "billing": None,  # only a ticket type paid on invoice asks for it
    }


@pytest.mark.parametrize("ticket_type", [None, 0, 2**31, "²", True], ids=str)
def test_a_ticket_type_that_cannot_be_an_id_is_left_to_the_rules(ticket_type: object) -> None:
    body = {"ticket_type": ticket_type, "attendees": [{}]}

    assert parse(NewRegistration, body).register_values()["ticket_type_id"] is None


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"attendees": []}, "no_attendees", "attendees"),
        ({"attendees": {"name": "Anna"}}, "no_attendees", "attendees"),
        ({}, "no_attendees", "attendees"),
        ({"attendees": [{}], "sessions": "1,2"}, "unknown_session", "sessions"),
        ({"attendees": [{"sessions": [2**31]}]}, "unknown_session", "attendees.0.sessions"),
        ([], "invalid_body", "body"),
    ],
    ids=["empty", "object", "missing", "shared-text", "own-too-large", "list-body"],
)
def test_the_shape_is_refused_with_its_code(body: object, code: str, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse(NewRegistration, body)

    assert (caught.value.code, list(caught.value.fields)) == (code, [field])
