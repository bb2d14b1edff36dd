"""Every Dutch string in the code and templates has an English translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from festival import i18n

ROOT = Path(__file__).resolve().parent.parent


def _extracted() -> dict[str, str]:
    method_map = [
        ("festival/**.py", "python"),
        ("workers/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    options = {
        "templates/**.html": {"extensions": "jinja2.ext.i18n"},
        "templates/**.txt": {"extensions": "jinja2.ext.i18n"},
    }
    found: dict[str, str] = {}
    keywords = {**DEFAULT_KEYWORDS, "lazy_gettext": None}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options, keywords=keywords
    ):
        if "migrations" in filename:
            continue
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, filename)
    return found


def test_every_string_has_an_english_translation() -> None:
    catalog = getattr(i18n.translations("en"), "_catalog", {})
    # A plural message is stored once per plural form, keyed (singular, index).
    translated = {
        key[0] if isinstance(key, tuple) else key for key, value in catalog.items() if value
    }
    missing = sorted(
        f"{where}: {msgid!r}" for msgid, where in _extracted().items() if msgid not in translated
    )
    assert missing == []


def test_accept_language_prefers_english_when_asked() -> None:
    assert i18n.negotiate(None, None, "en-GB,en;q=0.9,nl;q=0.5") == "en"
    assert i18n.negotiate(None, None, "de-DE,nl;q=0.5") == "nl"
    assert i18n.negotiate("en", None, "nl") == "en"
    assert i18n.negotiate(None, "en", None) == "en"
    assert i18n.negotiate("xx", None, None) == "nl"
