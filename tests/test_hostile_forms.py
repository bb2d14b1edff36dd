"""Hostile input into every form: the forms are found by walking the pages of the demo as each
user who can open them (anonymous, owner, reviewer, partner, platform admin) and by following
forms in steps, so a new form is covered without touching this file. Every typed field gets
script, 10,000 characters, RTL and emoji text, NUL bytes, huge and negative numbers and
SQL-looking text (selects, radios and hidden ids keep valid values so the form reaches its
handler). Then every page, PDF and export is read again. Never a 5xx, and the script is always
shown escaped, never as markup."""

from __future__ import annotations

from collections import Counter
from contextlib import AsyncExitStack
from typing import Any
from urllib.parse import urlsplit

import httpx

from festival import demo
from festival.accounts.models import Organisation, User
from festival.accounts.services import actor_for
from festival.accounts.services.passwords import make_reset_token
from festival.archive.services import make_outcome_token
from festival.audit import SYSTEM
from festival.events.models import Event
from festival.feedback import services as feedback
from festival.feedback.demo_results import LAB_SPEAKER
from festival.feedback.models import SurveyKind
from festival.programme.models import Session
from festival.registration.models import Attendee, Registration
from festival.registration.services.links import manage_url
from festival.settings import Settings
from festival.submissions.models import Decision, Proposal, ProposalSpeaker, ProposalState
from festival.submissions.services.decisions import decide_proposal
from festival.submissions.services.partners import make_verify_token
from festival.submissions.services.speakers import make_speaker_token
from festival.tickets.models import Ticket
from festival.tickets.services.links import page_url
from tests.conftest import run_jobs
from tests.crawl import (
    AppRoute,
    Crawl,
    Field,
    Form,
    app_routes,
    crawl,
    open_file,
    page_forms,
)
from tests.crawl import route_of as find_route
from tests.helpers import login

SCRIPT = '<script>alert("festival-xss")</script>'
HOSTILE = {
    "script": SCRIPT,
    "long": "Lange tekst " * 910,  # 10,010 characters
    "rtl_emoji": "\u202eطالب مرحبا שלום 🎉👩🏽‍💻🇳🇱 Zeist",
    "null": "nul\x00byte\x00",
    "huge": "99999999999999999999999",
    "negative": "-2147483649",
    "sql": "'; DROP TABLE attendee; -- \" OR 1=1",
}
# Each field alone (the rest valid, so the value can be stored): these values; number fields
# also get the huge one.
ONE_FIELD = ("script", "long")
# The address of the event: changing it is not input to sweep, it moves every page.
KEEP_VALUE = {"slug", "csrf_token"}
HOSTILE_FILE = ("<script>.png", SCRIPT.encode(), "image/png")
# POST routes whose form the walk may not meet in the demo, each with its reason. None of these
# forms has a typed field (they are buttons), so the sweep would send them nothing hostile.
NO_FORM = {
    "/admin/events/{slug}/anonymise": "only after the retention period",
    "/admin/events/{slug}/publish": "only while the event is a draft (its unpublish is met)",
    "/admin/events/{slug}/programme/sessions/{session_id:id}/move": "the editor script posts it",
    "/admin/events/{slug}/mail/{id:id}/resend": "only for a message that failed",
    "/admin/system/jobs/{id:id}/retry": "only for a job that failed",
    "/admin/events/{slug}/cfp/mails/send": "only while decision mails wait",
    "/events/{slug}/waitlist/{token}": "only with an offered seat (mail link)",
    "/events/{slug}/registration/{token}/betalen": "only on the manage link of an unpaid one",
    "/payments/webhook": "Stripe posts it (signed JSON); tests/payments cover bad bodies",
    "/admin/events/{slug}/payments/{payment_id:id}/refund": "only for a paid registration",
    "/partners/proposals/{proposal_id:id}/submit": "only for a draft proposal",
    "/partners/proposals/{proposal_id:id}/confirm": "only after the decision mail went out",
    "/partners/proposals/{proposal_id:id}/attachments/{attachment_id:id}/remove": "with a file",
}
ROUNDS = 2  # walk, sweep the forms not seen before; again (a sweep can open new forms)


def _default(field: Field, serial: int) -> str:
    """A valid value for a typed field, so the hostile one next to it reaches the handler."""
    if field.value:
        return field.value
    if field.name in KEEP_VALUE:
        return f"sweep-{serial}"
    return {
        "email": f"sweep{serial}@example.nl",
        "number": "1",
        "date": "2027-03-20",
        "datetime-local": "2027-03-20T10:00",
        "time": "10:00",
        "month": "2027-03",
        "url": "https://example.nl",
        "password": "Sweep-wachtwoord-2027",
    }.get(field.type, f"Sweep {serial}")


def _pairs(form: Form, hostile: dict[str, str], serial: int) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    radios: set[str] = set()
    for field in form.fields:
        if field.type == "file":
            continue
        if field.type == "radio":
            if field.name not in radios:
                group = [f for f in form.fields if f.name == field.name and f.type == "radio"]
                chosen = next((f for f in group if f.checked), None)
                chosen = chosen or next((f for f in group if f.value), group[0])
                pairs.append((field.name, chosen.value))
                radios.add(field.name)
        elif field.type in ("hidden", "checkbox"):
            pairs.append((field.name, field.value))
        elif field.type == "select":
            pairs.append((field.name, field.value or next((o for o in field.options if o), "")))
        elif field.name in hostile and field.name not in KEEP_VALUE:
            pairs.append((field.name, hostile[field.name]))
        else:
            pairs.append((field.name, _default(field, serial)))
    if form.button:
        pairs.append(form.button)
    return pairs


class Sweep:
    """Sends the submissions and keeps what went wrong."""

    def __init__(self) -> None:
        self.submissions = 0
        self.hostile_values = 0
        self.failures: list[str] = []
        self.answers: Counter[int] = Counter()  # status code -> how many submissions got it

    def check(self, what: str, response: httpx.Response) -> None:
        if response.status_code >= 500:
            self.failures.append(f"{what}: {response.status_code}")
        elif "text/html" in response.headers.get("content-type", "") and SCRIPT in response.text:
            self.failures.append(f"{what}: the script came back as markup")

    async def submit(
        self, client: httpx.AsyncClient, form: Form, hostile: dict[str, str], label: str
    ) -> httpx.Response:
        self.submissions += 1
        self.hostile_values += len(hostile) + sum(f.type == "file" for f in form.fields)
        pairs = _pairs(form, hostile, self.submissions)
        data: dict[str, list[str]] = {}
        for name, value in pairs:
            data.setdefault(name, []).append(value)
        if form.method == "GET":
            response = await client.get(form.action, params=data)
        else:
            files = [
                (f.name, HOSTILE_FILE if hostile else ("", b"", "application/octet-stream"))
                for f in form.fields
                if f.type == "file"
            ]
            response = await client.post(form.action, data=data, files=files or None)
        self.answers[response.status_code] += 1
        self.check(f"{form.method} {form.action} ({label}, from {form.page})", response)
        return response


async def _clients(app: Any, stack: AsyncExitStack) -> dict[str, httpx.AsyncClient]:
    """One client per kind of user, logged in through the real login form."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    clients = {}
    for who, email in (
        ("anonymous", None),
        ("owner", "owner@demo.festival.nl"),
        ("reviewer", "beoordelaar@demo.festival.nl"),
        ("partner", "partner@demo.festival.nl"),
        ("admin", "admin@demo.festival.nl"),
    ):
        client = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        clients[who] = await stack.enter_async_context(client)
        if email:
            await login(clients[who], email, demo.PASSWORD)
    return clients


async def _accepted_proposal() -> str:
    """One of the partner's proposals accepted (its page offers the public-text form)."""
    proposal = await Proposal.filter(
        organisation__slug="gemeente-zeist", state=ProposalState.UNDER_REVIEW
    ).first()
    assert proposal is not None
    owner = await User.get(email="owner@demo.festival.nl")
    await decide_proposal(proposal, Decision.ACCEPT, actor=actor_for(owner))
    return f"/partners/proposals/{proposal.id}"


async def _secret_links(settings: Settings) -> list[str]:
    """Pages people reach from a mail: manage link, ticket, password reset, partner check,
    speaker profile (for a user who is not logged in in this test)."""
    secret = settings.secret_key
    event = await Event.get(slug=demo.SLUG)
    ticket = await Ticket.filter(event_id=event.id).order_by("id").first()
    assert ticket is not None
    attendee = await Attendee.get(id=ticket.attendee_id)
    registration = await Registration.get(id=attendee.registration_id)
    links = [
        manage_url("", event.slug, registration.code, secret_key=secret),
        page_url("", ticket.tid, secret_key=secret),
        "/password/reset/"
        + make_reset_token(await User.get(email="balie@demo.festival.nl"), secret_key=secret),
        "/partners/verify/"
        + make_verify_token(await Organisation.get(slug="gemeente-zeist"), secret_key=secret),
    ]
    speaker = await ProposalSpeaker.all().order_by("id").first()
    if speaker is not None:
        links.append("/speakers/profile/" + make_speaker_token(speaker, secret_key=secret))
    # The survey mail's answer and unsubscribe links, and a room poster's form.
    session = await Session.filter(event_id=event.id).order_by("id").first()
    assert session is not None
    survey = await feedback.survey_for(event.id, SurveyKind.SESSION)
    answer = feedback.AnswerLink(attendee.id, survey.id, session.id)
    links += [
        feedback.answer_url("", event.slug, answer, secret_key=secret),
        feedback.unsubscribe_url("", event.slug, attendee.id, secret_key=secret),
        f"/events/{event.slug}/feedback/s/{session.code}/form",
    ]
    # The outcome link mailed to the speaker of the demo partner's 2026 Testlab (it has ended
    # and its outcome waits for approval, so the form is open).
    lab = await Session.get(event__slug="dld-demo-2026", title=LAB_SPEAKER[0])
    links.append(
        "/kennisbank/invullen/" + make_outcome_token(lab.id, LAB_SPEAKER[1], secret_key=secret)
    )
    return links


async def _partner_session_questions() -> str:
    """A partner proposal with a session in the programme: its own survey questions page."""
    proposal = (
        await Proposal.filter(organisation__slug="gemeente-zeist", event__slug=demo.SLUG)
        .order_by("-id")
        .first()
    )
    session = await Session.filter(event__slug=demo.SLUG).order_by("-id").first()
    assert proposal is not None and session is not None
    await Proposal.filter(id=proposal.id).update(session_id=session.id)
    survey = await feedback.survey_for(session.event_id, SurveyKind.SESSION)
    values = {"type": "text", "text": "Wat neemt u mee?", "session_id": session.id}
    await feedback.add_question(survey, values=values, actor=SYSTEM, event_id=session.event_id)
    return f"/partners/proposals/{proposal.id}/feedback"


# Where each user starts, and the part of the site that is theirs to walk (other users walk
# the rest; together they reach every page).
AREAS: dict[str, tuple[list[str], tuple[str, ...]]] = {
    "anonymous": (
        [
            "/",
            "/events/dld-demo/register",
            "/login",
            "/password/forgot",
            "/partners/signup",
            "/events/dld-demo/registration/lost",
        ],
        ("/events/", "/tickets/", "/login", "/password/", "/partners/signup", "/speakers/"),
    ),
    "owner": (
        [
            "/admin",
            "/admin/events/dld-demo",
            "/account",
            "/scan",
            "/admin/events/dld-demo/desk?q=an",
        ],
        ("/admin", "/account", "/scan"),
    ),
    "reviewer": (["/admin/events/dld-demo/cfp/reviews"], ("/admin/events/dld-demo/cfp/reviews",)),
    "partner": (["/partners", "/account"], ("/partners", "/speakers/", "/account")),
    "admin": (["/admin/organisations"], ("/admin/organisations",)),
}
NOT_WALKED = ("/logout", "/scan/sw.js", "/media/")


async def _walk(
    clients: dict[str, httpx.AsyncClient],
    routes: list[AppRoute],
    extra: dict[str, list[str]],
    check: Any = None,
) -> dict[str, Crawl]:
    walked = {}
    for who, client in clients.items():
        seeds, area = AREAS[who]
        walked[who] = await crawl(
            client,
            routes,
            seeds + extra.get(who, []),
            keep=lambda path, area=area: path.startswith(area) and not path.startswith(NOT_WALKED),
            per_route=2 if who in ("partner", "reviewer") else 1,  # proposals in two states
            check=(lambda path, response, who=who: check(f"GET {path} as {who}", response))
            if check
            else None,
        )
    return walked


def _key(form: Form, routes: list[AppRoute]) -> tuple[Any, ...]:
    route = find_route(routes, urlsplit(form.action).path, form.method)
    return (form.method, route.path if route else form.action, form.signature()[2])


def _distinct_forms(
    walked: dict[str, Crawl], routes: list[AppRoute], seen: set[tuple[Any, ...]]
) -> list[tuple[str, Form]]:
    """Each form not seen before (by the route it posts to and its field names), with the
    first user who met it, when it has a field to type in or a file to choose."""
    out = []
    for who, found in walked.items():
        for form in found.forms:
            key = _key(form, routes)
            if key not in seen and _typed(form):
                out.append((who, form))
            seen.add(key)
    return out


def _typed(form: Form) -> bool:
    return bool(form.fillable()) or any(f.type == "file" for f in form.fields)


async def _fresh(client: httpx.AsyncClient, form: Form) -> Form:
    """The form as its page shows it now (the session's CSRF token may have changed since the
    walk, e.g. after a sign-up on another page); a step of a form in steps, which no page
    shows, gets the current token."""
    response = await client.get(form.page)
    now = page_forms(response.text, form.page) if response.status_code == 200 else []
    for found in now:
        if found.signature() == form.signature():
            return found
    tokens = [f.value for found in now for f in found.fields if f.name == "csrf_token"]
    for field in form.fields:
        if field.name == "csrf_token" and tokens:
            field.value = tokens[0]
    return form


async def _sweep_form(
    sweep: Sweep, client: httpx.AsyncClient, form: Form, routes: list[AppRoute]
) -> list[Form]:
    """Valid values first, then each hostile value in every typed field, then the worst ones
    in each field alone. A success may start a new session (sign-up, password reset): a 403
    is tried once more with the form as its page shows it then. Returns the next step of a
    form in steps (a form on the answer to the valid values that posts to the same route)."""
    attempts: list[tuple[dict[str, str], str]] = [
        ({f.name: value for f in form.fillable()}, f"{name} everywhere")
        for name, value in HOSTILE.items()
    ]
    attempts += [
        ({field.name: HOSTILE[name]}, f"{name} in {field.name}")
        for field in form.fillable()
        for name in ((*ONE_FIELD, "huge") if field.type == "number" else ONE_FIELD)
    ]
    form = await _fresh(client, form)
    answer = await sweep.submit(client, form, {}, "valid values")
    for hostile, label in attempts if _typed(form) else []:
        if (await sweep.submit(client, form, hostile, label)).status_code == 403:
            form = await _fresh(client, form)
            await sweep.submit(client, form, hostile, label + ", again")
    if answer.status_code != 200 or "text/html" not in answer.headers.get("content-type", ""):
        return []
    here = _key(form, routes)[:2]
    return [f for f in page_forms(answer.text, form.action) if _key(f, routes)[:2] == here]


async def _sweep_forms(
    sweep: Sweep,
    clients: dict[str, httpx.AsyncClient],
    forms: list[tuple[str, Form]],
    routes: list[AppRoute],
    seen: set[tuple[Any, ...]],
) -> None:
    queue = list(forms)
    while queue:
        who, form = queue.pop(0)
        steps = await _sweep_form(sweep, clients[who], form, routes)
        new = [step for step in steps if _key(step, routes) not in seen]
        seen.update(_key(step, routes) for step in new)
        queue[:0] = [(who, step) for step in new]  # the next step at once, in the same session


async def test_hostile_input_in_every_form_never_gives_a_5xx_and_is_shown_escaped(
    app: Any, settings: Settings
) -> None:
    await demo.load_demo()
    await run_jobs(settings)
    routes = app_routes(app)
    sweep, seen, found_forms = Sweep(), set(), []
    shown = {"escaped": 0}
    async with AsyncExitStack() as stack:
        clients = await _clients(app, stack)
        extra = {
            "anonymous": await _secret_links(settings),
            "partner": [await _accepted_proposal(), await _partner_session_questions()],
            "owner": await _past_edition_pages(),
        }
        for _round in range(ROUNDS + 1):
            walked = await _read_everything(clients, routes, extra, sweep, shown)
            found_forms += [form for found in walked.values() for form in found.forms]
            forms = _distinct_forms(walked, routes, seen)
            if not forms or _round == ROUNDS:
                break
            await _sweep_forms(sweep, clients, forms, routes, seen)
            await run_jobs(settings)
    print(
        f"\nhostile sweep: {len(seen)} forms, {sweep.submissions} submissions, "
        f"{sweep.hostile_values} hostile values; answers {dict(sorted(sweep.answers.items()))}; "
        f"{shown['escaped']} pages showed the script escaped"
    )
    assert sweep.failures == [], "\n".join(sweep.failures)
    _assert_every_form_route_is_found(found_forms, routes)
    assert shown["escaped"] > 0
    assert sweep.submissions >= 1000


def _assert_every_form_route_is_found(forms: list[Form], routes: list[AppRoute]) -> None:
    posted = {
        r.path
        for r in routes
        if "POST" in r.methods and not r.path.startswith("/api/") and r.path not in NO_FORM
    }
    found = set()
    for form in forms:
        route = find_route(routes, urlsplit(form.action).path, form.method)
        if route is not None:
            found.add(route.path)
    assert sorted(posted - found) == [], "\n".join(sorted(posted - found))


async def _past_edition_pages() -> list[str]:
    """Pages of the previous demo edition with forms the current one has not: a results page
    with open answers to publish, and a session to repeat in the next edition."""
    past = await Session.get(
        event__slug="dld-demo-2026", title="Raad op Zaterdag: zo organiseert u het"
    )
    base = "/admin/events/dld-demo-2026"
    return [
        f"{base}/feedback/results/sessions/{past.id}",
        f"{base}/programme/sessions/{past.id}",
    ]


async def _read_everything(
    clients: dict[str, httpx.AsyncClient],
    routes: list[AppRoute],
    extra: dict[str, list[str]],
    sweep: Sweep,
    shown: dict[str, int],
) -> dict[str, Crawl]:
    """Every page, PDF and export each user reaches, holding what the forms stored so far;
    counts the pages that show the script escaped."""

    def check(what: str, response: httpx.Response) -> None:
        sweep.check(what, response)
        shown["escaped"] += "&lt;script&gt;alert(" in response.text

    walked = await _walk(clients, routes, extra, check)
    for who, found in walked.items():
        files = set(found.files)
        if who == "anonymous":
            files |= {"/events/dld-demo/schedule.xml", "/events/dld-demo/schedule.json"}
        for path in sorted(files):
            response = await clients[who].get(path)
            sweep.check(f"GET {path} as {who}", response)
            if response.status_code == 200:
                open_file(path, response)
    return walked
