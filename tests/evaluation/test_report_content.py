"""Every figure of the report against the hand-worked edition in conftest.py."""

from __future__ import annotations

from datetime import UTC, datetime

from festival.evaluation import services
from festival.evaluation.services import ComparisonRow, RoleRow, Share
from tests.evaluation.conftest import Edition


async def test_reach_counts_registrations_entrance_and_no_shows(edition: Edition) -> None:
    reach = await services.reach_of(edition.event)
    assert (reach.registered, reach.cancelled, reach.attended) == (12, 1, 9)
    assert (reach.no_shows, reach.no_show_rate) == (3, 25)
    assert reach.roles == [
        RoleRow("raadslid", "Raadsleden", 6, 5),
        RoleRow("griffier", "Griffiers", 3, 3),
        RoleRow("inwoner", "Inwoners", 2, 1),
        RoleRow("jongere", "Jongeren", 1, 0),
    ]


async def test_reach_groups_small_organisations_and_counts_age_groups(edition: Edition) -> None:
    reach = await services.reach_of(edition.event)
    assert reach.organisations == [Share("Gemeente Zwolle", "Gemeente Zwolle", 9, 75)]
    assert reach.other_organisations == 3  # Gemeente Ede (1) and no organisation (2)
    assert reach.ages == [
        Share("16-25", "16-25", 2, 17),
        Share("26-45", "26-45", 5, 42),
        Share("46+", "46+", 4, 33),
        Share("", "Niet ingevuld", 1, 8),
    ]


async def test_reach_without_age_question_says_not_asked(edition: Edition) -> None:
    reach = await services.reach_of(edition.previous)
    assert (reach.registered, reach.attended, reach.no_show_rate, reach.ages) == (10, 8, 20, None)


async def test_session_fill_against_capacity(edition: Edition) -> None:
    fills = await services.session_fills(edition.event)
    got = [(f.title, f.capacity, f.booked, f.attended, f.percent) for f in fills]
    assert got == [  # all three at 10:00, so in the order they were made
        ("Raad op Zaterdag", 10, 8, 6, 60),
        ("Democratie Testlab", 20, 4, 4, 20),
        ("Begroting lezen", 25, 0, 5, 20),
    ]


async def test_ratings_overall_by_track_and_format_hide_small_groups(edition: Edition) -> None:
    report = await services.build_report(edition.event)
    assert report.overall.respondents == 14
    headline = report.overall.headline
    assert headline is not None and headline.mean == 3.5
    assert [(b.label, b.count) for b in headline.bars] == [
        ("Heel slecht", 1),
        ("Slecht", 2),
        ("Gaat wel", 2),
        ("Goed", 7),
        ("Heel goed", 2),
    ]
    assert [b.percent for b in report.charts["rating"].bars] == [7, 14, 14, 50, 14]
    tracks = [(r.label, r.respondents, r.suppressed, r.mean) for r in report.by_track]
    assert tracks == [("Inwoners", 0, True, None), ("Raad", 11, False, 3.91)]
    formats = [(r.label, r.respondents, r.suppressed, r.mean) for r in report.by_format]
    assert formats == [("Democratie Testlab", 0, True, None), ("Workshop", 11, False, 3.91)]


async def test_open_answers_only_published_and_from_large_groups(edition: Edition) -> None:
    report = await services.build_report(edition.event)
    assert [(q.text, q.source) for q in report.will_do] == [
        ("Ik ga het in de raad bespreken", "Raad op Zaterdag")
    ]
    # "Te kort" is published but session B had 3 respondents; the e-mail answer is unpublished.
    assert [(q.text, q.source) for q in report.better] == [
        ("Meer tijd voor vragen", "Raad op Zaterdag")
    ]
    assert (report.more_will_do, report.more_better) == (0, 0)


async def test_comparison_with_the_organisations_previous_edition(edition: Edition) -> None:
    report = await services.build_report(edition.event)
    assert report.previous is not None
    assert report.previous.title == "Dag van de Lokale Democratie 2026"
    assert report.previous.starts_at == datetime(2026, 3, 21, 8, 0, tzinfo=UTC)
    assert report.previous.rows == [
        ComparisonRow("Registraties", "12", "10"),
        ComparisonRow("Aanwezig", "9", "8"),
        ComparisonRow("Niet gekomen", "25%", "20%"),
        ComparisonRow("Gemiddelde waardering van de sessies (1-5)", "3.5", "minder dan 5"),
    ]
    assert (await services.build_report(edition.previous)).previous is None
