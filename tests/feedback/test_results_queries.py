"""Survey results against figures worked out by hand from the scenario in conftest.py.

Session A (workshop, track Raad, partner Gemeente Zwolle): 8 checked in at the door, 6 responses
(5 raadsleden, 1 unverified griffier); ratings 5,4,4,3,5,2 (mean 23/6 = 3.83); recommend
10,9,8,7,6,0 (2 promoters, 2 detractors: NPS 0; mean 40/6 = 6.67). Session B (lab, track
Inwoners): no door scans, 4 booked of whom 3 entered; 3 responses (suppressed). Session C
(workshop, track Raad): 10 at the door, 5 inwoners rating 4."""

from __future__ import annotations

from festival.feedback import queries
from festival.feedback.queries import Bar

FORMATS = {"workshop": "Workshop", "lab": "Democratie Testlab"}


async def test_event_results_per_session_figures(scenario) -> None:
    results = await queries.event_results(scenario.event.id, format_labels=FORMATS)
    rows = {r.title: r for r in results.sessions}
    a, b, c = rows["Raad op Zaterdag"], rows["Democratie Testlab"], rows["Begroting lezen"]
    assert (a.attendance, a.result.respondents, a.response_rate) == (8, 6, 75)
    assert (a.partner, a.track, a.format) == ("Gemeente Zwolle", "Raad", "workshop")
    assert a.result.unverified == 1
    rating = a.result.headline
    assert rating is not None and rating.mean == 3.83 and rating.answered == 6
    assert rating.bars == (
        Bar("Heel slecht", 0),
        Bar("Slecht", 1),
        Bar("Gaat wel", 1),
        Bar("Goed", 2),
        Bar("Heel goed", 2),
    )
    by_type = {q.type: q for q in a.result.questions}
    assert (by_type["recommend"].mean, by_type["recommend"].nps) == (6.67, 0)
    assert [b.count for b in by_type["recommend"].bars] == [1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]
    assert by_type["single"].bars == (Bar("Ja", 2), Bar("Nee", 1))
    assert by_type["multiple"].bars == (Bar("A", 1), Bar("B", 3), Bar("C", 1))
    assert (b.attendance, b.result.suppressed, b.result.respondents, b.response_rate) == (
        3,
        True,
        0,
        None,
    )
    assert b.result.questions == ()
    assert (c.attendance, c.result.respondents, c.response_rate) == (10, 5, 50)
    assert c.result.headline is not None and c.result.headline.mean == 4.0


async def test_event_results_breakdowns_hide_groups_under_five(scenario) -> None:
    results = await queries.event_results(scenario.event.id, format_labels=FORMATS)

    def table(kind: str) -> dict[str, tuple[int, bool, float | None]]:
        return {
            g.label: (g.respondents, g.suppressed, g.headline.mean if g.headline else None)
            for g in results.breakdowns[kind]
        }

    assert table("track") == {"Raad": (11, False, 3.91), "Inwoners": (0, True, None)}
    assert table("format") == {"Workshop": (11, False, 3.91), "Democratie Testlab": (0, True, None)}
    assert table("partner") == {
        "Zonder partner": (8, False, 3.25),
        "Gemeente Zwolle": (6, False, 3.83),
    }
    assert table("role") == {
        "Ambtenaren": (0, True, None),
        "Griffiers": (0, True, None),
        "Inwoners": (5, False, 4.0),
        "Raadsleden": (5, False, 4.2),
    }
    assert results.overall.respondents == 14
    assert results.overall.headline is not None and results.overall.headline.mean == 3.5


async def test_session_results_open_answers_and_roles(scenario) -> None:
    result = await queries.session_results(scenario.event.id, scenario.sessions["a"].id)
    assert result is not None
    text = next(q for q in result.row.result.questions if q.type == "text")
    assert [a.text for a in text.open_answers] == ["Heel leerzaam", "<script>alert(1)</script>"]
    roles = {g.label: (g.respondents, g.suppressed) for g in result.roles}
    assert roles == {"Griffiers": (0, True), "Raadsleden": (5, False)}
    raad = next(g for g in result.roles if g.label == "Raadsleden")
    assert raad.headline is not None and raad.headline.mean == 4.2


async def test_session_results_small_session_shows_no_answers(scenario) -> None:
    result = await queries.session_results(scenario.event.id, scenario.sessions["b"].id)
    assert result is not None
    assert (result.row.result.suppressed, result.row.result.questions, result.roles) == (
        True,
        (),
        [result.roles[0]],
    )
    assert result.roles[0].suppressed


async def test_session_results_of_another_event_is_none(scenario) -> None:
    assert await queries.session_results(scenario.event.id + 1, scenario.sessions["a"].id) is None
