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
    return format_datetime(value, format=fmt, tzinfo=_tz(tz), locale=_locale())


def fmt_date(value: date | datetime, fmt: str = "long", tz: str = "Europe/Amsterdam") -> str:
    if isinstance(value, datetime):
        value = value.astimezone(_tz(tz)).date()
    return format_date(value, format=fmt, locale=_locale())


def fmt_time(value: datetime, tz: str = "Europe/Amsterdam") -> str:
    return format_time(value, format="HH:mm", tzinfo=_tz(tz), locale=_locale())


def fmt_money(cents: int, currency: str = "EUR") -> str:
    return format_currency(cents / 100, currency, locale=_locale())


def _tz(name: str) -> ZoneInfo:
    return ZoneInfo(name)
