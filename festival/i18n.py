"""Languages: Dutch is the source language of every string, English is a Babel catalog.

Catalogs (`locale/<lang>/LC_MESSAGES/<area>.po`, one file per area, merged) are compiled
in memory at start, so a fresh clone needs no build step. The active locale lives in a
context variable that the locale middleware sets per request and mail rendering sets per
recipient.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency
from babel.support import LazyProxy, NullTranslations, Translations

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: ContextVar[str] = ContextVar("festival_locale", default=DEFAULT_LANGUAGE)


@cache
def translations(language: str) -> NullTranslations:
    """All catalogs of `language` (one .po file per area) compiled and merged."""
    po_paths = sorted((LOCALE_DIR / language / "LC_MESSAGES").glob("*.po"))
    if language == DEFAULT_LANGUAGE or not po_paths:
        return NullTranslations()
    merged: Translations | None = None
    for po_path in po_paths:
        with po_path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        part = Translations(buffer)
        if merged is None:
            merged = part
        else:
            merged.merge(part)
    return merged or NullTranslations()


def get_language() -> str:
    return _current.get()


def set_language(language: str) -> object:
    return _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    token = _current.set(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(get_language()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(get_language()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return str(translations(get_language()).pgettext(context, message))


def lazy_gettext(message: str) -> LazyProxy:
    """For module-level strings (choice labels): translated when shown, in the active language."""
    return LazyProxy(gettext, message, enable_cache=False)


_ = gettext


class Localised(str):
    """A content text in the language it is written in. Organisers write Dutch and may add an
    English text; an English page shows the English text, or else the Dutch one with `lang`
    "nl", so the template marks that element `lang="nl"` (see `lang_attr`)."""

    lang: str

    def __new__(cls, text: str, lang: str) -> Localised:
        obj = super().__new__(cls, text)
        obj.lang = lang
        return obj

    def __reduce__(self) -> tuple[type[Localised], tuple[str, str]]:
        return (Localised, (str(self), self.lang))


def localised(dutch: str | None, english: str | None, lang: str | None = None) -> Localised:
    """The text for a page in `lang` (the active language by default): English when asked and
    written, otherwise the Dutch text, marked as Dutch."""
    if (lang or get_language()) == "en" and english:
        return Localised(english, "en")
    return Localised(dutch or "", DEFAULT_LANGUAGE)


def localised_field(obj: object, name: str, lang: str | None = None) -> Localised:
    """`localised` for a content field and its English twin: `obj.<name>` and `obj.<name>_en`
    (attributes, or keys of a dict row)."""
    if isinstance(obj, dict):
        dutch, english = obj.get(name), obj.get(f"{name}_en")
    else:
        dutch, english = getattr(obj, name, ""), getattr(obj, f"{name}_en", "")
    return localised(str(dutch or ""), str(english or ""), lang)


def text_lang(text: object) -> str | None:
    """The language of `text` when it differs from the page's (a fallback), else None."""
    lang = getattr(text, "lang", None)
    return lang if lang and lang != get_language() else None


def negotiate(query_lang: str | None, cookie_lang: str | None, accept_language: str | None) -> str:
    """?lang= wins, then the remembered choice, then the browser's preference, then Dutch."""
    for candidate in (query_lang, cookie_lang):
        if candidate in LANGUAGES:
            return str(candidate)
    if accept_language:
        ranked = []
        for index, part in enumerate(accept_language.split(",")):
            tag, _sep, params = part.strip().partition(";")
            quality = 1.0
            if params.strip().startswith("q="):
                try:
                    quality = float(params.strip()[2:])
                except ValueError:
                    quality = 0.0
            ranked.append((-quality, index, tag.strip().lower()[:2]))
        for _q, _i, tag in sorted(ranked):
            if tag in LANGUAGES:
                return tag
    return DEFAULT_LANGUAGE


def _locale() -> Locale:
    return Locale.parse(get_language())


def fmt_datetime(value: datetime, tz: str = "Europe/Amsterdam", fmt: str = "medium") -> str:
    """ "medium" is the date with the month as a word and the time to the minute
    ("14 feb 2027, 23:59"): Babel's own medium format adds seconds nobody needs."""
    if fmt == "medium":
        day = format_date(value.astimezone(_tz(tz)).date(), "medium", locale=_locale())
        return f"{day}, {fmt_time(value, tz)}"
    return format_datetime(value, format=fmt, tzinfo=_tz(tz), locale=_locale())


def fmt_date(value: date | datetime, fmt: str = "long", tz: str = "Europe/Amsterdam") -> str:
    if isinstance(value, datetime):
        value = value.astimezone(_tz(tz)).date()
    return format_date(value, format=fmt, locale=_locale())


def fmt_time(value: datetime, tz: str = "Europe/Amsterdam") -> str:
    return format_time(value, format="HH:mm", tzinfo=_tz(tz), locale=_locale())


def fmt_or_list(values: list[str]) -> str:
    """ "60 of 90" / "60, 90, or 120": a choice between values, in the active language."""
    return format_list([str(v) for v in values], style="or", locale=_locale())


def fmt_money(cents: int, currency: str = "EUR") -> str:
    return format_currency(cents / 100, currency, locale=_locale())


def _tz(name: str) -> ZoneInfo:
    return ZoneInfo(name)
