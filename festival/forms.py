"""Reading submitted HTML forms: strings in, typed values out, every field problem collected.

Areas describe their own forms in `<area>/forms.py` with a `FormReader`; it reads any mapping
(a Starlette `FormData` or a plain dict in tests) and raises one `ValidationError` at the end.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, time
from typing import Any

from festival import clock, schemas
from festival.errors import ValidationError
from festival.i18n import _
from festival.schemas import as_id as as_id  # one rule for ids, re-exported for forms

TRUE_VALUES = ("1", "on", "true")
# What an INTEGER column holds on every engine: a number outside is refused at the form.
INT_RANGE = (-(2**31), 2**31 - 1)


def page_number(value: str | None) -> int:
    """A list page asked for in the query string: 1 unless a sane positive number."""
    text = value or ""
    return max(int(text), 1) if text.isascii() and text.isdigit() and len(text) < 7 else 1


def search_text(value: str | None, *, limit: int = 100) -> str:
    """What someone typed into a search box (a GET form, so web.form() never saw it): trimmed,
    at most `limit` characters, without NUL characters (PostgreSQL refuses them)."""
    return (value or "").replace("\x00", "").strip()[:limit]


class Errors:
    """Field name -> message; the first message for a field wins."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, message)

    def __contains__(self, name: object) -> bool:
        return name in self.fields

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self, code: str = "invalid_input", message: str | None = None) -> None:
        """Raises ValidationError(code, message, fields) when any field has a problem."""
        if self.fields:
            raise ValidationError(
                code, message or _("Controleer de velden met een foutmelding."), dict(self.fields)
            )


class FormReader:
    """Typed reads of one submitted form. Each wrong field adds a message to `errors` and the
    read returns a harmless value, so a form reports all its problems at once."""

    def __init__(self, form: Mapping[str, Any], errors: Errors | None = None) -> None:
        self.form = form
        self.errors = errors if errors is not None else Errors()

    def raw(self, name: str) -> str:
        """The value exactly as sent (passwords keep their spaces); "" when absent or a file."""
        value = self.form.get(name, "")
        return value if isinstance(value, str) else ""

    def text(self, name: str, *, max_length: int | None = None, required: bool = False) -> str:
        """The value without surrounding white space."""
        value = self.raw(name).strip()
        if required and not value:
            self.errors.add(name, _("Vul dit veld in."))
        elif max_length is not None and len(value) > max_length:
            self.errors.add(name, _("Gebruik hoogstens %(n)s tekens.") % {"n": max_length})
        return value

    def email(self, name: str, *, required: bool = False) -> str:
        """An e-mail address as typed (callers that compare addresses lower-case it)."""
        value = self.text(name, max_length=schemas.EMAIL_MAX, required=required)
        if value and schemas.email_address(value) is None:
            self.errors.add(name, _("Vul een geldig e-mailadres in."))
        return value

    def integer(
        self,
        name: str,
        *,
        default: int | None = None,
        between: tuple[int, int] | None = None,
        message: str | None = None,
    ) -> int:
        """A whole number. Empty gives `default` (without one the field is required); a
        number outside `between` (inclusive; by default what the database holds) is refused.
        `message` replaces the "not a whole number" text. On an error the result is `default`
        (or 0), or the number refused when the database could hold it."""
        value = self.text(name)
        if not value and default is not None:
            return default
        try:
            number = int(value)
        except ValueError:
            self.errors.add(name, message or _("Vul een heel getal in."))
            return default if default is not None else 0
        low, high = between or INT_RANGE
        if not low <= number <= high:
            self.errors.add(
                name,
                _("Vul een getal in van %(min)s tot en met %(max)s.") % {"min": low, "max": high},
            )
        if not INT_RANGE[0] <= number <= INT_RANGE[1]:  # harmless: no column can hold it
            return default if default is not None else 0
        return number

    def optional_integer(self, name: str, *, message: str | None = None) -> int | None:
        """A whole number, or None when the field is empty (an id from a select, a limit)."""
        if not self.text(name):
            return None
        try:
            number = int(self.text(name))
        except ValueError:
            number = None
        if number is None or not INT_RANGE[0] <= number <= INT_RANGE[1]:
            self.errors.add(name, message or _("Vul een heel getal in."))
            return None
        return number

    def boolean(self, name: str) -> bool:
        """A checkbox: ticked when sent as 1, on or true."""
        return self.text(name) in TRUE_VALUES

    def many(self, name: str) -> list[str]:
        """Every non-empty value of a multi-valued field (checkboxes, multiple select)."""
        getlist = getattr(self.form, "getlist", None)
        values = getlist(name) if callable(getlist) else self.form.get(name, [])
        if isinstance(values, str):
            values = [values]
        return [v for v in values if isinstance(v, str) and v]

    def integers(self, name: str, *, message: str) -> list[int]:
        """Every value of a multi-valued field as a whole number; any other value is refused."""
        try:
            numbers = [int(v) for v in self.many(name)]
        except ValueError:
            numbers = [INT_RANGE[1] + 1]
        if any(not INT_RANGE[0] <= n <= INT_RANGE[1] for n in numbers):
            self.errors.add(name, message)
            return []
        return numbers

    def local_datetime(
        self,
        date_field: str,
        time_field: str,
        tz: str,
        *,
        required: bool = False,
        default_time: time | None = time(0, 0),
        time_needs_date: bool = True,
    ) -> datetime | None:
        """A date field (jjjj-mm-dd) plus a time field (uu:mm), local in `tz`, as aware UTC.

        Both empty is no moment: None, and "Vul een datum in." when `required`. A time without
        a date is a wrong date, unless `time_needs_date` is off: then an empty date alone means
        no moment. An empty time takes `default_time` (None: the time must be filled in).
        """
        day_text, time_text = self.text(date_field), self.text(time_field)
        if not day_text and (not time_text or not time_needs_date):
            if required:
                self.errors.add(date_field, _("Vul een datum in."))
            return None
        try:
            day = date.fromisoformat(day_text)
        except ValueError:
            self.errors.add(date_field, _("Vul een datum in als jjjj-mm-dd."))
            return None
        try:
            if time_text or default_time is None:
                at = time.fromisoformat(time_text)
            else:
                at = default_time
        except ValueError:
            self.errors.add(time_field, _("Vul een tijd in als uu:mm."))
            return None
        return clock.from_local(datetime.combine(day, at), tz)

    def submitted(self, *, lists: Iterable[str] = ()) -> dict[str, Any]:
        """The sent strings (without the CSRF token), to show them again next to the error
        messages; each field named in `lists` as its list of values."""
        values: dict[str, Any] = {
            key: value
            for key, value in self.form.items()
            if isinstance(value, str) and key != "csrf_token"
        }
        for name in lists:
            values[name] = self.many(name)
        return values
