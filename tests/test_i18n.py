"""Every Dutch string in the code and templates has an English translation."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from festival import i18n
from festival.templating import environment, lang_attr

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


CONFLICTS = (
    "Er is nog %(n)s conflict in het programma. Los het op of bevestig dat u toch wilt publiceren.",
    "Er zijn nog %(n)s conflicten in het programma. "
    "Los ze op of bevestig dat u toch wilt publiceren.",
)


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("nl", 1, "Er is nog 1 conflict in het programma. Los het op"),
        ("nl", 2, "Er zijn nog 2 conflicten in het programma. Los ze op"),
        ("en", 1, "There is still 1 conflict in the programme. Resolve it"),
        ("en", 2, "There are still 2 conflicts in the programme. Resolve them"),
    ],
    ids=["nl-1", "nl-2", "en-1", "en-2"],
)
def test_plural_forms_follow_the_count(lang: str, n: int, expected: str) -> None:
    with i18n.language(lang):
        assert (i18n.ngettext(*CONFLICTS, n) % {"n": n}).startswith(expected)


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("nl", 1, "Voorbeeld: 1 e-mail klaar om te versturen"),
        ("nl", 2, "Voorbeeld: 2 e-mails klaar om te versturen"),
        ("en", 1, "Preview: 1 e-mail ready to send"),
        ("en", 2, "Preview: 2 e-mails ready to send"),
    ],
    ids=["nl-1", "nl-2", "en-1", "en-2"],
)
def test_plural_forms_in_templates(lang: str, n: int, expected: str) -> None:
    template = environment.from_string(
        '{{ ngettext("Voorbeeld: %(n)s e-mail klaar om te versturen", '
        '"Voorbeeld: %(n)s e-mails klaar om te versturen", n, n=n) }}'
    )
    with i18n.language(lang):
        assert template.render(n=n) == expected


def test_moments_are_shown_to_the_minute() -> None:
    moment = datetime(2027, 2, 14, 22, 59, 59, tzinfo=UTC)
    assert i18n.fmt_datetime(moment) == "14 feb 2027, 23:59"
    with i18n.language("en"):
        assert i18n.fmt_datetime(moment) == "Feb 14, 2027, 23:59"
        assert i18n.fmt_or_list(["60", "90"]) == "60 or 90"
    assert i18n.fmt_or_list(["60", "90"]) == "60 of 90"


def test_localised_field_falls_back_to_dutch_marked_as_dutch() -> None:
    row = {"bio": "Griffier.", "bio_en": "", "role": "griffier", "role_en": "clerk"}
    with i18n.language("en"):
        bio, role = i18n.localised_field(row, "bio"), i18n.localised_field(row, "role")
        assert (bio, bio.lang, lang_attr(bio)) == ("Griffier.", "nl", ' lang="nl"')
        assert (role, role.lang, lang_attr(role)) == ("clerk", "en", "")
    bio = i18n.localised_field(row, "bio")
    assert (bio, lang_attr(bio)) == ("Griffier.", "")


# Words a 16-year-old stumbles on, and a second name for one format: one plain word each.
HARD_WORDS = ("toegangsbewij", "tijdvak", "uitnodigingscode", "proeftuin")


def test_attendee_texts_use_plain_words() -> None:
    files = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("templates/**/*.txt")]
    files += [*ROOT.glob("festival/**/*.py"), *ROOT.glob("festival/locale/*/LC_MESSAGES/*.po")]
    found = sorted(
        f"{path.relative_to(ROOT)}: {word}"
        for path in files
        if "migrations" not in path.parts
        for word in HARD_WORDS
        if word in path.read_text(encoding="utf-8").lower()
    )
    registration = [
        *ROOT.glob("templates/registration/**/*.html"),
        *ROOT.glob("festival/registration/**/*.py"),
    ]
    found += [
        str(path.relative_to(ROOT))
        for path in registration
        if "contactpersoon" in path.read_text(encoding="utf-8").lower()
    ]
    assert found == []
