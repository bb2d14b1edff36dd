"""Survey results as CSV and XLSX: one row per figure, the same small-group rule as the pages
(the rows come from the results queries, which never hold a small group's figures)."""

from __future__ import annotations

from typing import Any

from festival.feedback.queries import EventResults, Group
from festival.i18n import _
from festival.registration import services as registration

FORMATS = ("csv", "xlsx")


def headers() -> list[str]:
    return [
        _("Indeling"),
        _("Groep"),
        _("Respondenten"),
        _("Waarvan niet geverifieerd"),
        _("Vraag"),
        _("Antwoord"),
        _("Aantal"),
        _("Gemiddelde"),
        _("NPS"),
    ]


def _group_rows(scope: str, group: Group) -> list[list[Any]]:
    if group.suppressed:
        return [[scope, group.label, _("minder dan 5"), "", "", "", "", "", ""]]
    rows: list[list[Any]] = []
    for question in group.questions:
        for bar in question.bars:
            rows.append(
                [
                    scope,
                    group.label,
                    group.respondents,
                    group.unverified,
                    question.text,
                    bar.label,
                    bar.count,
                    question.mean,
                    question.nps,
                ]
            )
    return rows or [[scope, group.label, group.respondents, group.unverified, "", "", "", "", ""]]


def result_rows(results: EventResults, *, scope_labels: dict[str, str]) -> list[list[Any]]:
    """Every figure of the overview: sessions, all sessions together, the breakdowns and the
    event survey."""
    rows = []
    for session in results.sessions:
        rows += _group_rows(_("Sessie"), session.result)
    rows += _group_rows(_("Alle sessies"), results.overall)
    for kind, groups in results.breakdowns.items():
        for group in groups:
            rows += _group_rows(scope_labels.get(kind, kind), group)
    if results.event_survey is not None:
        rows += _group_rows(_("Evenement"), results.event_survey)
    return rows


def export_results(
    results: EventResults, fmt: str, *, title: str, scope_labels: dict[str, str]
) -> bytes:
    """The results as a CSV (semicolons, UTF-8 with BOM) or XLSX document."""
    rows = result_rows(results, scope_labels=scope_labels)
    if fmt == "xlsx":
        return registration.to_xlsx(title, headers(), rows)
    return registration.to_csv(headers(), rows)
