"""FormReader and Errors: typed reads of a submitted form, every problem collected at once."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from starlette.datastructures import FormData

from festival.errors import ValidationError
from festival.forms import Errors, FormReader, search_text


def test_text_strips_and_checks_required_and_length() -> None:
    read = FormReader({"name": "  Zaal 1  ", "empty": "   ", "long": "abcdef"})

    assert read.text("name", max_length=10, required=True) == "Zaal 1"
    assert read.text("empty", required=True) == ""
    assert read.text("long", max_length=5) == "abcdef"
    assert read.text("missing") == ""
    assert read.errors.fields == {
        "empty": "Vul dit veld in.",
        "long": "Gebruik hoogstens 5 tekens.",
    }


def test_raw_keeps_spaces_and_ignores_non_text_values() -> None:
    read = FormReader({"password": "  geheim  ", "file": object()})

    assert read.raw("password") == "  geheim  "
    assert read.raw("file") == ""
    assert read.raw("missing") == ""
    assert not read.errors


def test_email_checks_the_shape() -> None:
    read = FormReader({"good": " Iris@Example.org ", "bad": "iris@example", "none": ""})

    assert read.email("good") == "Iris@Example.org"
    assert read.email("bad") == "iris@example"
    assert read.email("none") == ""
    assert read.email("missing", required=True) == ""
    assert read.errors.fields == {
        "bad": "Vul een geldig e-mailadres in.",
        "missing": "Vul dit veld in.",
    }


def test_integer_uses_default_range_and_message() -> None:
    read = FormReader({"n": " 42 ", "word": "veel", "big": "11", "empty": "", "venue": "x"})

    assert read.integer("n") == 42
    assert read.integer("empty", default=7) == 7
    assert read.integer("word", default=3) == 3
    assert read.integer("big", default=1, between=(1, 10)) == 11
    assert read.integer("missing") == 0
    assert read.integer("venue", message="Kies een locatie.") == 0
    assert read.errors.fields == {
        "word": "Vul een heel getal in.",
        "big": "Vul een getal in van 1 tot en met 10.",
        "missing": "Vul een heel getal in.",
        "venue": "Kies een locatie.",
    }


def test_numbers_beyond_what_the_database_holds_are_refused() -> None:
    huge, tiny = "99999999999999999999999", "-2147483649"
    read = FormReader({"a": huge, "b": tiny, "c": huge, "d": "2147483647"})

    assert read.integer("a", default=5) == 5
    assert read.integer("b") == 0
    assert read.optional_integer("c") is None
    assert read.integer("d") == 2**31 - 1
    assert read.errors.fields == {
        "a": "Vul een getal in van -2147483648 tot en met 2147483647.",
        "b": "Vul een getal in van -2147483648 tot en met 2147483647.",
        "c": "Vul een heel getal in.",
    }


def test_search_text_drops_nul_and_keeps_it_short() -> None:
    assert search_text(" zeist\x00 ") == "zeist"
    assert search_text(None) == ""
    assert search_text("a" * 300) == "a" * 100


def test_optional_integer_is_none_when_empty() -> None:
    read = FormReader({"room_id": "", "track_id": "3", "capacity": "veel"})

    assert read.optional_integer("room_id") is None
    assert read.optional_integer("track_id") == 3
    assert read.optional_integer("capacity", message="Laat het veld leeg.") is None
    assert read.errors.fields == {"capacity": "Laat het veld leeg."}


@pytest.mark.parametrize(
    ("sent", "expected"),
    [("1", True), ("on", True), ("true", True), ("", False), ("0", False), (None, False)],
    ids=["one", "on", "true", "empty", "zero", "absent"],
)
def test_boolean_reads_a_checkbox(sent: str | None, expected: bool) -> None:
    form = {} if sent is None else {"blind_review": sent}

    assert FormReader(form).boolean("blind_review") is expected


def test_many_reads_form_data_and_plain_mappings() -> None:
    form = FormData([("audiences", "raadsleden"), ("audiences", ""), ("audiences", "griffiers")])

    assert FormReader(form).many("audiences") == ["raadsleden", "griffiers"]
    assert FormReader({"audiences": ["inwoners", ""]}).many("audiences") == ["inwoners"]
    assert FormReader({"audiences": "jongeren"}).many("audiences") == ["jongeren"]
    assert FormReader({}).many("audiences") == []


def test_integers_refuses_any_value_that_is_no_number() -> None:
    good = FormReader(FormData([("speaker_ids", "4"), ("speaker_ids", "9")]))
    bad = FormReader(FormData([("speaker_ids", "4"), ("speaker_ids", "vier")]))

    assert good.integers("speaker_ids", message="Kies uit de lijst.") == [4, 9]
    assert bad.integers("speaker_ids", message="Kies uit de lijst.") == []
    assert bad.errors.fields == {"speaker_ids": "Kies uit de lijst."}
    huge = FormReader(FormData([("speaker_ids", "4"), ("speaker_ids", "9" * 20)]))
    assert huge.integers("speaker_ids", message="Kies uit de lijst.") == []


def test_local_datetime_reads_local_time_as_utc() -> None:
    read = FormReader({"starts_date": "2026-11-12", "starts_time": "09:30"})

    moment = read.local_datetime("starts_date", "starts_time", "Europe/Amsterdam")

    assert moment == datetime(2026, 11, 12, 8, 30, tzinfo=UTC)
    assert not read.errors


def test_local_datetime_empty_time_takes_the_default() -> None:
    read = FormReader({"closes_date": "2026-07-01"})

    midnight = read.local_datetime("closes_date", "closes_time", "Europe/Amsterdam")
    late = read.local_datetime(
        "closes_date", "closes_time", "Europe/Amsterdam", default_time=time(23, 59, 59)
    )

    assert midnight == datetime(2026, 6, 30, 22, 0, tzinfo=UTC)
    assert late == datetime(2026, 7, 1, 21, 59, 59, tzinfo=UTC)


def test_local_datetime_blank_is_none_or_required() -> None:
    read = FormReader({})

    assert read.local_datetime("a_date", "a_time", "UTC") is None
    assert read.local_datetime("b_date", "b_time", "UTC", required=True) is None
    assert read.errors.fields == {"b_date": "Vul een datum in."}


def test_local_datetime_refuses_wrong_date_and_time() -> None:
    read = FormReader(
        {"a_date": "12-11-2026", "b_date": "2026-11-12", "b_time": "9 uur", "c_time": "10:00"}
    )

    assert read.local_datetime("a_date", "a_time", "UTC") is None
    assert read.local_datetime("b_date", "b_time", "UTC") is None
    assert read.local_datetime("c_date", "c_time", "UTC") is None
    assert read.local_datetime("b_date", "d_time", "UTC", default_time=None) is None
    assert read.errors.fields == {
        "a_date": "Vul een datum in als jjjj-mm-dd.",
        "b_time": "Vul een tijd in als uu:mm.",
        "c_date": "Vul een datum in als jjjj-mm-dd.",
        "d_time": "Vul een tijd in als uu:mm.",
    }


def test_local_datetime_can_ignore_a_time_without_a_date() -> None:
    read = FormReader({"until_time": "12:00"})

    moment = read.local_datetime("until_date", "until_time", "UTC", time_needs_date=False)

    assert moment is None
    assert not read.errors


def test_submitted_keeps_strings_and_lists_but_not_the_csrf_token() -> None:
    form = FormData(
        [("csrf_token", "t"), ("title", "Raad op Zaterdag"), ("audiences", "raadsleden")]
    )

    assert FormReader(form).submitted(lists=("audiences", "accessibility")) == {
        "title": "Raad op Zaterdag",
        "audiences": ["raadsleden"],
        "accessibility": [],
    }


def test_errors_keep_the_first_message_per_field() -> None:
    errors = Errors()
    errors.add("name", "Eerste.")
    errors.add("name", "Tweede.")

    assert "name" in errors
    assert errors.fields == {"name": "Eerste."}


def test_errors_raise_one_validation_error_with_every_field() -> None:
    read = FormReader({"capacity": "veel"})
    read.text("name", required=True)
    read.integer("capacity")

    with pytest.raises(ValidationError) as raised:
        read.errors.raise_if_any()

    assert raised.value.code == "invalid_input"
    assert raised.value.message == "Controleer de velden met een foutmelding."
    assert raised.value.fields == {
        "name": "Vul dit veld in.",
        "capacity": "Vul een heel getal in.",
    }
    assert raised.value.status_code == 422


def test_errors_raise_nothing_when_all_is_well() -> None:
    errors = Errors()

    errors.raise_if_any()

    assert not errors
