"""Dutch-first labels for the programme's choice values, the texts of a session card and the
lines of a changelog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from festival.i18n import _, fmt_datetime, fmt_time, get_language
from festival.programme.models import Accessibility, Audience, SessionFormat


def format_label(value: str) -> str:
    labels = {
        "plenary": _("Plenair"),
        "workshop": _("Workshop"),
        "lab": _("Democratie Testlab"),
        "raad_op_zaterdag": _("Raad op Zaterdag"),
        "debate": _("Debat"),
        "excursion": _("Excursie"),
        "break": _("Pauze"),
    }
    return labels.get(value, value)


def audience_label(value: str) -> str:
    labels = {
        "raadsleden": _("Raadsleden"),
        "griffiers": _("Griffiers"),
        "wethouders": _("Wethouders"),
        "burgemeesters": _("Burgemeesters"),
        "ambtenaren": _("Ambtenaren"),
        "inwoners": _("Inwoners"),
        "jongeren": _("Jongeren"),
    }
    return labels.get(value, value)


def audiences_label(values: list[str]) -> str:
    """Who a session is for, as one line: "Iedereen" when it is for every group."""
    if set(values) >= set(Audience):
        return _("Iedereen")
    return ", ".join(audience_label(v) for v in values)


def accessibility_label(value: str) -> str:
    labels = {
        "step_free": _("Zonder drempels"),
        "hearing_loop": _("Ringleiding"),
        "sign_language": _("Gebarentolk"),
        "quiet_space": _("Stille ruimte"),
        "live_captions": _("Ondertitels op een scherm"),
    }
    return labels.get(value, value)


def language_label(value: str) -> str:
    labels = {"nl": _("Nederlands"), "en": _("Engels")}
    return labels.get(value, value)


def card_labels() -> dict[str, Any]:
    """Every text a session card shows, translated once per page (not once per card); "code"
    is their language (part of the key of views' cached cards)."""
    return {
        "code": get_language(),
        "format": {v: format_label(v) for v in SessionFormat},
        "audience": {v: audience_label(v) for v in Audience},
        "accessibility": {v: accessibility_label(v) for v in Accessibility},
        "language": {v: language_label(v) for v in ("nl", "en")},
        "when": _("Wanneer"),
        "time": _("Tijd"),
        "room": _("Zaal"),
        "track": _("Thema"),
        "type": _("Soort"),
        "speakers": _("Sprekers"),
        "lang": _("Taal"),
        "seats": _("Plaatsen"),
        "a11y": _("Toegankelijkheid"),
        "cancelled": _("Vervalt"),
        "walk_in": _("Vrije inloop"),
        "full": _("Vol"),
        "one_seat": _("Nog 1 plaats"),
        "n_seats": _("Nog %(n)s plaatsen"),
        "no_limit": _("Plaats genoeg"),
    }


@dataclass(frozen=True)
class ChangeLine:
    """One changelog entry as text for a page, in the active language and the event's time zone."""

    change: str
    label: str
    title: str
    detail: str


def change_lines(changelog: list[dict[str, Any]], tz: str) -> list[ChangeLine]:
    labels = {
        "added": _("Nieuw"),
        "moved": _("Verplaatst"),
        "changed": _("Gewijzigd"),
        "cancelled": _("Geannuleerd"),
        "removed": _("Vervallen"),
    }

    def when(where: dict[str, Any]) -> str:
        if not where.get("starts_at"):
            return _("zonder tijd")
        start = datetime.fromisoformat(where["starts_at"])
        end = datetime.fromisoformat(where["ends_at"]) if where.get("ends_at") else start
        room = where.get("room") or _("zonder zaal")
        return f"{fmt_datetime(start, tz, 'd MMM HH:mm')}–{fmt_time(end, tz)}, {room}"

    lines = []
    for item in changelog:
        if item["change"] == "moved":
            detail = _("van %(from)s naar %(to)s") % {
                "from": when(item["from"]),
                "to": when(item["to"]),
            }
        elif item["change"] == "changed":
            detail = _("gewijzigd: %(fields)s") % {"fields": ", ".join(item.get("fields", []))}
        else:
            detail = when(item)
        lines.append(
            ChangeLine(
                item["change"],
                labels.get(item["change"], item["change"]),
                item.get("title") or "",
                detail,
            )
        )
    return lines
