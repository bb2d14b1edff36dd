"""The shared input types and parse(): pydantic's errors become our codes and Dutch-first
messages, never pydantic's English text."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import Field

from festival import i18n
from festival.errors import ValidationError
from festival.schemas import Email, Id, Input, NulFree, limit, parse


class Person(Input):
    name: Annotated[str, limit(10)]
    email: Email
    ticket: Id
    note: Annotated[NulFree, Field(max_length=100)] = ""


class Undo(Input):
    checkin_id: Id

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        return {"checkin_id": ("invalid_checkin", "Welke check-in?")}


def test_parse_trims_text_and_reads_ids_from_digits() -> None:
    person = parse(Person, {"name": "  Iris ", "email": " iris@example.org ", "ticket": "12"})

    assert person == Person(name="Iris", email="iris@example.org", ticket=12, note="")


def test_parse_collects_a_dutch_message_per_field() -> None:
    with pytest.raises(ValidationError) as caught:
        parse(Person, {"name": "   ", "email": "iris@example", "ticket": 2**31, "note": "a\x00"})

    assert caught.value.code == "invalid_input"
    assert caught.value.message == "Controleer de velden met een foutmelding."
    assert caught.value.fields == {
        "name": "Vul dit veld in.",
        "email": "Vul een geldig e-mailadres in.",
        "ticket": "Vul een heel getal in.",
        "note": "De tekst bevat een teken dat niet is toegestaan (NUL).",
    }


def test_parse_names_a_missing_field_and_a_too_long_text() -> None:
    with pytest.raises(ValidationError) as caught:
        parse(Person, {"name": "x" * 11, "ticket": True})

    assert caught.value.fields == {
        "name": "Gebruik hoogstens 10 tekens.",
        "email": "Vul dit veld in.",
        "ticket": "Vul een heel getal in.",
    }


@pytest.mark.parametrize("body", [[], "x", None, 3], ids=["list", "text", "null", "number"])
def test_parse_refuses_a_body_that_is_no_object(body: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse(Undo, body)

    assert caught.value.as_json() == {
        "error": {
            "code": "invalid_body",
            "message": "Stuur een JSON-object.",
            "fields": {"body": "Stuur een JSON-object."},
        }
    }


def test_parse_uses_the_models_refusal_code_for_its_field() -> None:
    with pytest.raises(ValidationError) as caught:
        parse(Undo, {"checkin_id": 0})

    assert (caught.value.code, caught.value.fields) == (
        "invalid_checkin",
        {"checkin_id": "Welke check-in?"},
    )


def test_parse_messages_follow_the_language() -> None:
    token = i18n.set_language("en")
    try:
        with pytest.raises(ValidationError) as caught:
            parse(Person, {"name": "Iris", "email": "nope", "ticket": 1})
    finally:
        i18n._current.reset(token)  # type: ignore[arg-type]

    assert caught.value.fields == {"email": "Enter a valid e-mail address."}
