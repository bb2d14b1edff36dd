"""Typed input shared by every area: the base `Input` model, the common field types (`Id`,
`Email`, `NulFree`, text `limit`s) and `parse`, which turns pydantic's errors into our
ValidationError.

Areas describe their inputs in `<area>/schemas.py`; the JSON API, the HTML forms and the OpenAPI
document (festival/openapi.py) all read the same models. pydantic's own English texts are never
shown: each error type becomes one of our Dutch-first gettext messages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Annotated, Any, TypeVar

import pydantic
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from festival.db import MAX_INT  # an INTEGER column on every engine, as the `{x:id}` convertor
from festival.errors import ValidationError
from festival.i18n import _

EMAIL_MAX = 254  # the longest address there can be (RFC 5321), and the column's length
NUL = "\x00"
NUL_FREE = "^[^\x00]*$"  # the only pattern of `limit`: its mismatch is a NUL character


# ---------------------------------------------------------------- field types


def as_id(value: object) -> int | None:
    """A database id (1..MAX_INT) given as a number or a string of ASCII digits; None otherwise."""
    if isinstance(value, str) and 0 < len(value) <= 10 and value.isascii() and value.isdigit():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_INT:
        return value
    return None


def _id(value: object) -> int:
    number = as_id(value)
    if number is None:
        raise PydanticCustomError("id", "not an id")
    return number


def email_address(value: object) -> str | None:
    """`value` trimmed, when it is an e-mail address; None otherwise. The one check of an address
    in festival (the `Email` type, FormReader.email, registration, accounts and mail all ask
    it): email_validator's rules without a DNS check, at most EMAIL_MAX characters."""
    if not isinstance(value, str) or normalised_email(value) is None:
        return None
    return value.strip()


def normalised_email(value: object) -> str | None:
    """The address as email_validator normalises it (the domain lower-cased and in Unicode),
    when `value` is one (see `email_address`); None otherwise."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or len(text) > EMAIL_MAX:
        return None
    try:
        return validate_email(text, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def _email(value: object) -> str:
    """The address as typed (trimmed), when it is one (`email_address`)."""
    text = email_address(value)
    if text is None:
        raise PydanticCustomError("email", "not an e-mail address")
    return text


def _nul_free(value: str) -> str:
    if NUL in value:
        raise PydanticCustomError("nul_character", "NUL character")
    return value


# A database id, as the `{x:id}` path convertor in web.py takes it (a JSON number or digits).
Id = Annotated[
    int,
    BeforeValidator(_id),
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": MAX_INT}),
]
# One e-mail type for every input (callers that compare addresses lower-case them).
Email = Annotated[
    str,
    BeforeValidator(_email),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": EMAIL_MAX}),
]
# Text without a NUL character (PostgreSQL cannot store one).
NulFree = Annotated[str, AfterValidator(_nul_free)]


# ---------------------------------------------------------------- answer types (for the document)

# A moment as the API writes it: ISO 8601 with the offset of the event's zone.
DateTime = Annotated[
    str,
    WithJsonSchema(
        {
            "type": "string",
            "format": "date-time",
            "description": "ISO 8601 with the offset of the event's zone.",
        }
    ),
]
# An absolute link (the settings' base_url and a path).
Uri = Annotated[str, WithJsonSchema({"type": "string", "format": "uri"})]

MAX_CENTS = 10_000_000  # EUR 100.000: more than any ticket


def _cents(value: object) -> int:
    """An amount in euros as people type it ("12,50", "12.50", "12") in cents."""
    text = str(value or "").strip().replace("\u20ac", "").strip()
    match = re.fullmatch(r"(\d{1,6})(?:[.,](\d{1,2}))?", text)
    if match is None:
        raise PydanticCustomError("amount", "not an amount")
    cents = int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))
    if not 1 <= cents <= MAX_CENTS:
        raise PydanticCustomError("amount", "not an amount")
    return cents


def _checkbox(value: object) -> bool:
    return str(value or "").strip().lower() in ("1", "on", "true", "yes")


Cents = Annotated[int, BeforeValidator(_cents)]  # a form's euro amount, in cents
Checkbox = Annotated[bool, BeforeValidator(_checkbox)]


def choice(values: Iterable[str]) -> WithJsonSchema:
    """The schema of a text that is one of `values`: a StrEnum of the models or a tuple of its
    members, so that the document lists exactly the model's choices. Use it as
    `Annotated[str, choice(SessionFormat)]`."""
    return WithJsonSchema({"type": "string", "enum": [str(value) for value in values]})


def limit(max_length: int, *, required: bool = True) -> pydantic.StringConstraints:
    """Text trimmed, without NUL characters, of at most `max_length` characters; `required`:
    not empty. Use it as `Annotated[str, limit(200)]`."""
    return pydantic.StringConstraints(
        strip_whitespace=True,
        min_length=1 if required else 0,
        max_length=max_length,
        pattern=NUL_FREE,
    )


# ---------------------------------------------------------------- models and parsing


class Input(pydantic.BaseModel):
    """Base of every input model (unknown fields are ignored)."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    @classmethod
    def refusals(cls) -> dict[str, tuple[str, str]]:
        """Per field, the code and message of the whole refusal when that field is the first
        wrong one (the codes clients already know); the message is the field's message too.
        `*` stands for any position in a list ("attendees.*.sessions"). A method, so that the
        messages are in the request's language."""
        return {}


M = TypeVar("M", bound=Input)


def parse(model: type[M], data: object) -> M:
    """`data` (a JSON value or a form's mapping) as `model`; raises ValidationError with a
    message per wrong field, in the request's language."""
    if isinstance(data, Mapping) and not isinstance(data, dict):
        # A submitted form: a file sent in a text field reads as absent (as web.form's readers).
        data = {key: value for key, value in data.items() if isinstance(value, str)}
    try:
        return model.model_validate(data)
    except pydantic.ValidationError as error:
        raise refusal(model, error) from None


def refusal(model: type[Input], error: pydantic.ValidationError) -> ValidationError:
    """pydantic's errors as our ValidationError(code, message, fields): the first message of
    each field wins; the code is the one `model.refusals` names for the first wrong field."""
    refusals = model.refusals()
    fields: dict[str, str] = {}
    for item in error.errors(include_url=False, include_context=True):
        name = ".".join(str(part) for part in item["loc"]) or "body"
        refused = refusals.get(name) or refusals.get(_any_index(name))
        fields.setdefault(name, refused[1] if refused else _message(item))
    if "body" in fields and len(fields) == 1:
        message = _("Stuur een JSON-object.")
        return ValidationError("invalid_body", message, {"body": message})
    for name in fields:
        refused = refusals.get(name) or refusals.get(_any_index(name))
        if refused:
            return ValidationError(*refused, fields)
    return ValidationError("invalid_input", _("Controleer de velden met een foutmelding."), fields)


def _any_index(name: str) -> str:
    """The field name with its list positions as `*` ("attendees.0.email" -> "attendees.*.email"),
    as `refusals` names a field of every item of a list."""
    return ".".join("*" if part.isdigit() else part for part in name.split("."))


def _message(item: Any) -> str:
    """Our message for one pydantic error type (never pydantic's English text)."""
    kind, context = item["type"], item.get("ctx") or {}
    if kind == "missing" or (kind == "string_too_short" and context.get("min_length") == 1):
        return _("Vul dit veld in.")
    if kind == "string_too_long":
        return _("Gebruik hoogstens %(n)s tekens.") % {"n": context["max_length"]}
    if kind == "email":
        return _("Vul een geldig e-mailadres in.")
    if kind in ("nul_character", "string_pattern_mismatch"):
        return _("De tekst bevat een teken dat niet is toegestaan (NUL).")
    if kind in ("int_parsing", "int_type", "int_from_float", "id"):
        return _("Vul een heel getal in.")
    if kind == "model_type":
        return _("Stuur een JSON-object.")
    return _("Controleer dit veld.")
