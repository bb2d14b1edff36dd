"""What the evaluation report says about an edition: reach, attendance against capacity, ratings
by track and format, quoted open answers, outcomes, suggestions and the previous edition.

Every figure comes from another area's public queries; groups under MIN_GROUP respondents come
suppressed from there, and organisations with fewer than MIN_GROUP attendees are counted
together, so no figure points at a few people. No names or e-mail addresses are read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from festival import clock
from festival.archive import queries as archive_queries
from festival.checkin import queries as checkin_queries
from festival.evaluation import queries
from festival.events.models import Event
from festival.feedback import queries as feedback_queries
from festival.feedback import services as feedback
from festival.i18n import _, get_language
from festival.programme import queries as programme_queries
from festival.registration import queries as registration_queries

MIN_GROUP = feedback_queries.MIN_GROUP
FORMATS = ("plenary", "workshop", "lab", "debate", "excursion", "break")
# The default open questions of the session and event surveys, in both languages.
WILL_DO = {"wat gaat u ermee doen?", "what will you do with it?"}
BETTER = {"wat kan beter?", "what could be better?", "wat kan volgend jaar beter?"}
MAX_QUOTES = 20  # per question: a report to read, not an export (the results page has them all)


@dataclass(frozen=True)
class Share:
    key: str
    label: str
    count: int
    percent: int  # of the whole


@dataclass(frozen=True)
class RoleRow:
    key: str
    label: str
    registered: int
    attended: int


@dataclass(frozen=True)
class Reach:
    registered: int  # active attendees
    cancelled: int
    attended: int  # admitted at the entrance
    no_shows: int
    no_show_rate: int | None  # percent of registered
    roles: list[RoleRow]
    organisations: list[Share]  # organisations of at least MIN_GROUP attendees
    other_organisations: int  # attendees of smaller or unnamed organisations
    ages: list[Share] | None  # None: the registration did not ask


@dataclass(frozen=True)
class SessionFill:
    id: int
    title: str
    starts_at: datetime | None
    capacity: int | None  # None: no limit
    booked: int
    attended: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.attended / self.capacity) if self.capacity else None


@dataclass(frozen=True)
class Rating:
    label: str
    respondents: int  # 0 when suppressed
    suppressed: bool
    mean: float | None


@dataclass(frozen=True)
class Quote:
    text: str
    source: str  # the session's title, or the event survey


@dataclass(frozen=True)
class SessionOutcome:
    """An approved outcome next to its session's title: "werkt het en waarom" of a Democratie
    Testlab, a Raad op Zaterdag, or "wat kwam eruit" of any other format."""

    title: str
    outcome: archive_queries.ApprovedOutcome


@dataclass(frozen=True)
class VerdictCount:
    verdict: str  # the archive's Verdict
    count: int


@dataclass(frozen=True)
class Advice:
    """A suggestion for the next edition with its labels resolved (no links: the PDF has none)."""

    kind: str  # bigger_room_or_repeat | rated_poorly | many_no_shows | format_for_audience
    title: str  # the session's title, or the audience group's label
    figures: feedback_queries.Figures | None = None
    better: str = ""  # format_for_audience: the format the group rated higher, and its mean
    better_mean: float | None = None
    worse: str = ""
    worse_mean: float | None = None


@dataclass(frozen=True)
class ComparisonRow:
    label: str
    current: str
    previous: str


@dataclass(frozen=True)
class Comparison:
    title: str
    starts_at: datetime
    rows: list[ComparisonRow]


@dataclass(frozen=True)
class Report:
    event_id: int
    title: str
    starts_at: datetime
    timezone: str
    generated_at: datetime
    reach: Reach
    sessions: list[SessionFill]
    overall: feedback_queries.Group
    by_track: list[Rating]
    by_format: list[Rating]
    will_do: list[Quote]  # at most MAX_QUOTES each
    better: list[Quote]
    more_will_do: int  # published answers beyond MAX_QUOTES
    more_better: int
    outcomes: list[SessionOutcome]  # approved only, sessions in the report's order
    verdicts: list[VerdictCount]  # Testlab verdicts, in the archive's order, only those given
    suggestions: list[Advice]  # for the next edition
    previous: Comparison | None

    @property
    def charts(self) -> dict[str, feedback.Chart]:
        """The report's bar charts by name; each is shown with a data table of its figures."""
        bars = [feedback_queries.Bar(r.label, r.registered) for r in self.reach.roles]
        out = {"roles": feedback.bar_chart(bars)}
        if self.reach.ages:
            out["ages"] = feedback.bar_chart(
                [feedback_queries.Bar(a.label, a.count) for a in self.reach.ages]
            )
        if self.overall.headline is not None:
            out["rating"] = feedback.bar_chart(self.overall.headline.bars)
        return out


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def format_labels() -> dict[str, str]:
    return {f: programme_queries.format_label(f) for f in FORMATS}


async def reach_of(event: Event) -> Reach:
    """Registrations, entrance check-ins, no-shows, and the mix by role, organisation and age."""
    entered = await checkin_queries.entrance_attendees(event.id)
    registered = await registration_queries.reach(event.id)
    present = await registration_queries.reach(event.id, attendee_ids=entered)
    labels = feedback_queries.role_labels()
    roles = [
        RoleRow(key, labels.get(key, key), registered.roles[key], present.roles[key])
        for key in labels
        if registered.roles[key]
    ]
    organisations = [
        Share(name, name, n, _percent(n, registered.active))
        for name, n in sorted(registered.organisations.items(), key=lambda kv: (-kv[1], kv[0]))
        if name and n >= MIN_GROUP
    ]
    others = registered.active - sum(o.count for o in organisations)
    no_shows = registered.active - present.active
    return Reach(
        registered.active,
        registered.cancelled,
        present.active,
        no_shows,
        _percent(no_shows, registered.active) if registered.active else None,
        roles,
        organisations,
        others,
        _ages(registered.ages, registered.active),
    )


def _ages(ages: Counter[str] | None, whole: int) -> list[Share] | None:
    if ages is None:
        return None
    return [
        Share(key, key or _("Niet ingevuld"), n, _percent(n, whole))
        for key, n in sorted(ages.items(), key=lambda kv: (kv[0] == "", kv[0]))
    ]


async def session_fills(event: Event) -> list[SessionFill]:
    """Per published session in time order (breaks left out): capacity, confirmed bookings and
    the people checked in."""
    profiles = await programme_queries.session_profiles(event_id=event.id)
    booked = await registration_queries.confirmed_attendees_by_session(event.id)
    attendance = await checkin_queries.session_attendance(event.id)
    english = get_language() == "en"
    return [
        SessionFill(
            p.id,
            (p.title_en if english else "") or p.title,
            p.starts_at,
            None if p.capacity >= programme_queries.UNLIMITED else p.capacity,
            len(booked.get(p.id, ())),
            attendance.get(p.id, 0),
        )
        for p in profiles.values()
        if p.state == "published" and p.format != "break"
    ]


def _rating(group: feedback_queries.Group) -> Rating:
    headline = group.headline
    mean = headline.mean if headline is not None and not group.suppressed else None
    return Rating(group.label, group.respondents, group.suppressed, mean)


async def _quotes(event: Event, titles: dict[int, str]) -> tuple[list[Quote], list[Quote]]:
    will_do: list[Quote] = []
    better: list[Quote] = []
    for answer in await feedback_queries.published_answers(event.id):
        source = titles.get(answer.session_id or 0, "") if answer.session_id else ""
        quote = Quote(answer.text, source or _("Evaluatie van het evenement"))
        asked = {answer.question.strip().lower(), answer.question_en.strip().lower()}
        if asked & WILL_DO:
            will_do.append(quote)
        elif asked & BETTER:
            better.append(quote)
    return will_do, better


async def outcomes_of(
    event: Event, sessions: list[SessionFill]
) -> tuple[list[SessionOutcome], list[VerdictCount]]:
    """The approved outcomes of the edition's sessions in the report's session order, and how
    many Testlabs said "werkt", "werkt deels", "werkt niet" or "te vroeg"."""
    titles = {s.id: s.title for s in sessions}
    order = {s.id: n for n, s in enumerate(sessions)}
    approved = [
        o for o in await archive_queries.approved_outcomes(event.id) if o.session_id in titles
    ]
    approved.sort(key=lambda o: order[o.session_id])
    counted = Counter(o.verdict for o in approved if o.kind == "lab" and o.verdict)
    return (
        [SessionOutcome(titles[o.session_id], o) for o in approved],
        [VerdictCount(v, counted[v]) for v in archive_queries.VERDICTS if counted[v]],
    )


async def advice_of(event: Event) -> list[Advice]:
    """Feedback's suggestions for the next edition (ratings of groups under MIN_GROUP never
    count), with the audience groups and formats named."""
    roles, formats = feedback_queries.role_labels(), format_labels()
    out = []
    for s in await feedback.suggestions(event.id):
        if s.kind != "format_for_audience" or s.better is None or s.worse is None:
            out.append(Advice(s.kind, s.title, s.figures))
            continue
        out.append(
            Advice(
                s.kind,
                roles.get(s.title, s.title),
                better=formats.get(s.better.format, s.better.format),
                better_mean=s.better.mean,
                worse=formats.get(s.worse.format, s.worse.format),
                worse_mean=s.worse.mean,
            )
        )
    return out


async def build_report(event: Event) -> Report:
    """The whole report of an edition, fully loaded for the page and the PDF."""
    results = await feedback_queries.event_results(event.id, format_labels=format_labels())
    sessions = await session_fills(event)
    will_do, better = await _quotes(event, {s.id: s.title for s in sessions})
    reach = await reach_of(event)
    outcomes, verdicts = await outcomes_of(event, sessions)
    return Report(
        event.id,
        event.name,
        event.starts_at,
        event.timezone,
        clock.now(),
        reach,
        sessions,
        results.overall,
        [_rating(g) for g in results.breakdowns.get("track", [])],
        [_rating(g) for g in results.breakdowns.get("format", [])],
        will_do[:MAX_QUOTES],
        better[:MAX_QUOTES],
        max(len(will_do) - MAX_QUOTES, 0),
        max(len(better) - MAX_QUOTES, 0),
        outcomes,
        verdicts,
        await advice_of(event),
        await comparison(event, reach, results.overall),
    )


def _figure(value: int | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value}{suffix}"


def _mean(rating: Rating) -> str:
    """A group's mean rating, or that it had fewer than MIN_GROUP respondents (or none)."""
    return _("minder dan 5") if rating.mean is None else f"{rating.mean:.1f}"


async def comparison(
    event: Event, now: Reach, overall: feedback_queries.Group
) -> Comparison | None:
    """The headline figures next to those of the organisation's edition before this one."""
    before = await queries.previous_edition(event)
    if before is None:
        return None
    then = await reach_of(before)
    then_results = await feedback_queries.event_results(before.id, format_labels={})
    rows = [
        (_("Registraties"), _figure(now.registered), _figure(then.registered)),
        (_("Aanwezig"), _figure(now.attended), _figure(then.attended)),
        (_("Niet gekomen"), _figure(now.no_show_rate, "%"), _figure(then.no_show_rate, "%")),
        (
            _("Gemiddelde waardering van de sessies (1-5)"),
            _mean(_rating(overall)),
            _mean(_rating(then_results.overall)),
        ),
    ]
    return Comparison(before.name, before.starts_at, [ComparisonRow(*row) for row in rows])
