"""Survey results, counted in the database: per session, per track, format, partner and audience
group (role). A GROUP BY per figure, never a query per response.

The small-group rule lives here, so no page or export can leak it: a group of fewer than
MIN_GROUP respondents is returned `suppressed`, with its count hidden and no figures or answers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from tortoise.functions import Count

from festival.checkin import queries as checkin_queries
from festival.feedback.models import (
    QuestionType,
    Survey,
    SurveyAnswer,
    SurveyKind,
    SurveyQuestion,
)
from festival.feedback.queries import counts
from festival.i18n import _, get_language
from festival.programme import queries as programme_queries
from festival.submissions import queries as submissions_queries

MIN_GROUP = 5  # fewer respondents than this: never shown broken down
SCALES = {QuestionType.RATING: range(1, 6), QuestionType.RECOMMEND: range(0, 11)}
FIGURE_TYPES = (QuestionType.RATING, QuestionType.RECOMMEND, QuestionType.SINGLE)


def rating_label(value: int) -> str:
    return {
        1: _("Heel slecht"),
        2: _("Slecht"),
        3: _("Gaat wel"),
        4: _("Goed"),
        5: _("Heel goed"),
    }[value]


@dataclass(frozen=True)
class Bar:
    label: str
    count: int


@dataclass(frozen=True)
class OpenAnswer:
    id: int
    text: str
    publishable: bool
    verified: bool


@dataclass(frozen=True)
class QuestionResult:
    id: int
    type: str
    text: str
    answered: int
    bars: tuple[Bar, ...] = ()  # scale values or options, in their order
    mean: float | None = None  # rating and recommend
    nps: int | None = None  # recommend: % promoters (9-10) minus % detractors (0-6)
    open_answers: tuple[OpenAnswer, ...] = ()


@dataclass(frozen=True)
class Group:
    """One group of respondents. `suppressed`: fewer than MIN_GROUP, so `respondents` is 0 and
    nothing else is filled in."""

    key: str
    label: str
    respondents: int
    unverified: int = 0
    suppressed: bool = False
    questions: tuple[QuestionResult, ...] = ()

    @property
    def headline(self) -> QuestionResult | None:
        """The first rating question answered (the session survey's 'how useful')."""
        return next((q for q in self.questions if q.type == QuestionType.RATING), None)


@dataclass(frozen=True)
class SessionRow:
    id: int
    title: str
    starts_at: Any
    format: str
    track: str
    partner: str
    attendance: int
    result: Group

    @property
    def response_rate(self) -> int | None:
        """Percentage of the people checked in who answered (hidden for a small group)."""
        if self.result.suppressed or not self.attendance:
            return None
        return round(100 * self.result.respondents / self.attendance)


@dataclass(frozen=True)
class EventResults:
    event_id: int
    sessions: list[SessionRow]
    overall: Group  # every session response together
    event_survey: Group | None
    breakdowns: dict[str, list[Group]] = field(default_factory=dict)  # track/format/partner/role


@dataclass(frozen=True)
class SessionResults:
    row: SessionRow
    roles: list[Group]


def _option_labels(question: SurveyQuestion) -> list[str]:
    english = get_language() == "en"
    return [
        str((o.get("en") if english else None) or o.get("nl") or "") for o in question.options or []
    ]


def _question_result(question: SurveyQuestion, counts: Counter[int]) -> QuestionResult | None:
    kind = QuestionType(question.type)
    text = (question.text_en if get_language() == "en" else "") or question.text
    if kind in SCALES:
        scale = SCALES[kind]
        answered = sum(counts[v] for v in scale)
        if not answered:
            return None
        label: Callable[[int], str] = rating_label if kind == QuestionType.RATING else str
        bars = tuple(Bar(label(v), counts[v]) for v in scale)
        mean = round(sum(v * counts[v] for v in scale) / answered, 2)
        nps = None
        if kind == QuestionType.RECOMMEND:
            promoters = counts[9] + counts[10]
            detractors = sum(counts[v] for v in range(0, 7))
            nps = round(100 * (promoters - detractors) / answered)
        return QuestionResult(question.id, kind, text, answered, bars, mean, nps)
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        labels = _option_labels(question)
        bars = tuple(Bar(name, counts[i]) for i, name in enumerate(labels))
        if not sum(b.count for b in bars):
            return None
        answered = sum(b.count for b in bars) if kind == QuestionType.SINGLE else 0
        return QuestionResult(question.id, kind, text, answered, bars)
    return None


def _group(
    key: str,
    label: str,
    tally: counts.Tally,
    questions: Iterable[SurveyQuestion],
    open_answers: dict[int, list[OpenAnswer]] | None = None,
) -> Group:
    """The small-group rule: under MIN_GROUP respondents nothing but the label leaves here."""
    if tally.respondents < MIN_GROUP:
        return Group(key, label, 0, suppressed=True)
    results = []
    for question in questions:
        if question.type == QuestionType.TEXT:
            answers = tuple((open_answers or {}).get(question.id, ()))
            if answers:
                results.append(
                    QuestionResult(
                        question.id,
                        question.type,
                        (question.text_en if get_language() == "en" else "") or question.text,
                        len(answers),
                        open_answers=answers,
                    )
                )
            continue
        result = _question_result(question, tally.numbers.get(question.id, Counter()))
        if result is not None:
            results.append(result)
    return Group(key, label, tally.respondents, tally.unverified, False, tuple(results))


# ---------------------------------------------------------------- reads


async def _surveys(event_id: int) -> dict[str, tuple[Survey, list[SurveyQuestion]]]:
    surveys = await Survey.filter(event_id=event_id)
    questions = await SurveyQuestion.filter(survey_id__in=[s.id for s in surveys]).order_by(
        "position", "id"
    )
    return {str(s.kind): (s, [q for q in questions if q.survey_id == s.id]) for s in surveys}


def _general(questions: list[SurveyQuestion]) -> list[SurveyQuestion]:
    """Questions every session was asked (not a format's or a partner's own)."""
    return [q for q in questions if q.session_id is None and q.session_format is None]


async def _open_answers(session_ids: list[int | None]) -> dict[int, list[OpenAnswer]]:
    """Open answers of the given sessions (None: the event survey), keyed by question."""
    query = SurveyAnswer.filter(question__type=QuestionType.TEXT).exclude(text="")
    ids = [s for s in session_ids if s is not None]
    if None in session_ids:
        query = query.filter(response__session_id__isnull=True)
    else:
        query = query.filter(response__session_id__in=ids)
    out: dict[int, list[OpenAnswer]] = defaultdict(list)
    for answer_id, question_id, text, publishable, verified in await query.order_by(
        "id"
    ).values_list("id", "question_id", "text", "publishable", "response__verified"):
        out[question_id].append(OpenAnswer(answer_id, text, publishable, verified))
    return out


def _label(value: str, labels: dict[str, str]) -> str:
    return labels.get(value, value) or _("Onbekend")


async def _session_rows(
    event_id: int, survey: Survey | None, questions: list[SurveyQuestion], tallies: Any
) -> list[SessionRow]:
    profiles = await programme_queries.session_profiles(event_id=event_id)
    partners = await submissions_queries.session_partners(list(profiles))
    attendance = await checkin_queries.session_attendance(event_id)
    rows = []
    for p in profiles.values():
        if p.state == "cancelled" or p.format == "break":
            continue
        tally = tallies.get((survey.id, p.id), counts.Tally()) if survey else counts.Tally()
        partner = partners.get(p.id)
        rows.append(
            SessionRow(
                p.id,
                p.title,
                p.starts_at,
                p.format,
                p.track,
                partner.name if partner else "",
                attendance.get(p.id, 0),
                _group(str(p.id), p.title, tally, _general(questions)),
            )
        )
    return rows


async def event_results(event_id: int, *, format_labels: dict[str, str]) -> EventResults:
    """The overview: per session, overall, the event survey, and the session responses broken
    down by track, format, partner organisation and audience group. About ten queries."""
    surveys = await _surveys(event_id)
    survey, questions = surveys.get(SurveyKind.SESSION, (None, []))
    by_session, by_role = await counts.tallies(event_id)
    rows = await _session_rows(event_id, survey, questions, by_session)
    general = _general(questions)

    def combine(key_of: Callable[[SessionRow], str], labels: dict[str, str]) -> list[Group]:
        combined: dict[str, counts.Tally] = defaultdict(counts.Tally)
        for row in rows:
            if survey and (survey.id, row.id) in by_session:
                combined[key_of(row)].add(by_session[(survey.id, row.id)])
        return [_group(k, _label(k, labels), t, general) for k, t in sorted(combined.items())]

    overall = counts.Tally()
    for (survey_id, _session), tally in by_session.items():
        if survey and survey_id == survey.id:
            overall.add(tally)
    roles = [
        _group(role, _label(role, role_labels()), tally, general)
        for (survey_id, role), tally in sorted(by_role.items(), key=lambda kv: str(kv[0][1]))
        if survey and survey_id == survey.id
    ]
    event_survey = None
    if SurveyKind.EVENT in surveys:
        e_survey, e_questions = surveys[SurveyKind.EVENT]
        e_tally = by_session.get((e_survey.id, None), counts.Tally())
        texts = await _open_answers([None]) if e_tally.respondents >= MIN_GROUP else {}
        event_survey = _group("event", _("Evenement"), e_tally, e_questions, texts)
    return EventResults(
        event_id,
        rows,
        _group("all", _("Alle sessies"), overall, general),
        event_survey,
        {
            "track": combine(lambda r: r.track, {"": _("Zonder thema")}),
            "format": combine(lambda r: r.format, format_labels),
            "partner": combine(lambda r: r.partner, {"": _("Zonder partner")}),
            "role": roles,
        },
    )


async def session_results(event_id: int, session_id: int) -> SessionResults | None:
    """One session: every question (its format's and its partner's too), the open answers, and
    the responses broken down by audience group. None for a session of another event."""
    surveys = await _surveys(event_id)
    _survey, questions = surveys.get(SurveyKind.SESSION, (None, []))
    profiles = await programme_queries.session_profiles([session_id], event_id=event_id)
    profile = profiles.get(session_id)
    if profile is None:
        return None
    asked = [
        q
        for q in questions
        if (q.session_id is None or q.session_id == session_id)
        and (q.session_format is None or q.session_format == profile.format)
    ]
    tallies = await counts.session_tallies(session_id)
    tally = tallies.get(None, counts.Tally())
    texts = await _open_answers([session_id]) if tally.respondents >= MIN_GROUP else {}
    partners = await submissions_queries.session_partners([session_id])
    attendance = await checkin_queries.session_attendance(event_id)
    partner = partners.get(session_id)
    row = SessionRow(
        profile.id,
        profile.title,
        profile.starts_at,
        profile.format,
        profile.track,
        partner.name if partner else "",
        attendance.get(session_id, 0),
        _group(str(session_id), profile.title, tally, asked, texts),
    )
    roles = [
        _group(
            str(role), _label(str(role), role_labels()), t, [q for q in asked if q.type != "text"]
        )
        for role, t in sorted(tallies.items(), key=lambda kv: str(kv[0]))
        if role is not None
    ]
    return SessionResults(row, roles)


def role_labels() -> dict[str, str]:
    return {
        "raadslid": _("Raadsleden"),
        "griffier": _("Griffiers"),
        "wethouder": _("Wethouders"),
        "burgemeester": _("Burgemeesters"),
        "ambtenaar": _("Ambtenaren"),
        "inwoner": _("Inwoners"),
        "jongere": _("Jongeren"),
        "anders": _("Anders"),
    }


@dataclass(frozen=True)
class AudienceFormat:
    """The mean headline rating one audience group gave one format (only groups of five or
    more respondents leave the query)."""

    role: str
    format: str
    respondents: int
    mean: float


async def audience_formats(event_id: int) -> list[AudienceFormat]:
    """Per audience group and session format, the mean of the session survey's first rating
    question: one GROUP BY, groups under MIN_GROUP dropped."""
    surveys = await _surveys(event_id)
    _survey, questions = surveys.get(SurveyKind.SESSION, (None, []))
    headline = next((q for q in _general(questions) if q.type == QuestionType.RATING), None)
    if headline is None:
        return []
    profiles = await programme_queries.session_profiles(event_id=event_id)
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for session_id, role, number, n in (
        await SurveyAnswer.filter(question_id=headline.id, number__in=list(SCALES[headline.type]))
        .annotate(n=Count("id"))
        .group_by("session_id", "role", "number")
        .values_list("session_id", "role", "number", "n")
    ):
        profile = profiles.get(session_id)
        if profile is None:
            continue
        total = sums[(str(role), profile.format)]
        total[0] += n
        total[1] += n * number
    return [
        AudienceFormat(role, fmt, count, round(weighted / count, 2))
        for (role, fmt), (count, weighted) in sorted(sums.items())
        if count >= MIN_GROUP
    ]
