"""The report over HTTP and as a PDF: organisers and the edition's partners only, the job's
states, no personal data in the page or the PDF, and a tagged PDF/UA document."""

from __future__ import annotations

import re
import subprocess
import tempfile
import zlib

import httpx

from festival.accounts.models import Role, User
from festival.audit import SYSTEM, Actor, AuditEntry
from festival.evaluation import services
from festival.evaluation.models import ReportRun, ReportState
from festival.events.models import Event
from festival.programme.models import Session
from festival.settings import Settings
from festival.submissions.models import Proposal
from tests.conftest import run_jobs
from tests.evaluation.conftest import Edition
from tests.factories import make_event, make_user
from tests.helpers import csrf_from, login
from tests.submissions.support import make_call, make_partner, make_proposal
from tests.tickets.conftest import pdf_text

PAGE = "/admin/events/dld-2027/report"
STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.S)


def pdf_objects(content: bytes) -> bytes:
    """The PDF with its compressed streams (object streams too) inflated, to look for keys."""
    inflated = [content]
    for raw in STREAM.findall(content):
        try:
            inflated.append(zlib.decompress(raw))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def pdf_info(content: bytes) -> dict[str, str]:
    """pdfinfo's fields (poppler-utils)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(
            ["pdfinfo", handle.name], capture_output=True, text=True, check=True
        ).stdout
    return {k.strip(): v.strip() for k, _s, v in (line.partition(":") for line in out.splitlines())}


PERSONAL = re.compile(r"Geheim|example\.nl|@")


async def _as_organiser(client: httpx.AsyncClient, edition: Edition) -> None:
    await login(client, edition.organiser.email)


async def test_report_page_shows_figures_without_personal_data(
    client: httpx.AsyncClient, edition: Edition
) -> None:
    await _as_organiser(client, edition)
    page = await client.get(PAGE)
    assert page.status_code == 200
    html = page.text
    for figure in (
        '<th scope="row">Aanwezig (ingecheckt bij de ingang)</th><td>9</td>',
        '<th scope="row">Niet gekomen</th><td>3 (25%)</td>',
        '<th scope="row">Gemeente Zwolle</th><td>9</td><td>75%</td>',
        "<td>10</td><td>8</td><td>6</td><td>60%</td>",
        "Ik ga het in de raad bespreken",
        "<td>3.5</td><td>minder dan 5</td>",
    ):
        assert figure in html, figure
    assert "Te kort" not in html and "Niets" not in html
    assert 'role="img"' in html and "Nog geen uitkomsten." in html
    assert PERSONAL.search(html.split("<main", 1)[1].split("</main>", 1)[0]) is None
    english = await client.get(PAGE + "?lang=en")
    assert "Reach" in english.text and "fewer than 5" in english.text


async def test_report_page_refuses_other_organisations_and_anonymous(
    client: httpx.AsyncClient, edition: Edition
) -> None:
    anonymous = await client.get(PAGE)
    assert anonymous.status_code in (302, 303)
    assert anonymous.headers["location"].startswith("/login")
    other = await make_event(slug="elders-2027")
    stranger = await make_user(role=Role.ORGANISER, organisation=await other.organisation)
    await login(client, stranger.email)
    # the house rule for an organiser of another organisation (tests/test_role_matrix.py): 403
    assert (await client.get(PAGE)).status_code == 403
    assert (await client.get(f"{PAGE}/1.pdf")).status_code == 403


async def test_report_job_renders_a_tagged_pdf_without_personal_data(
    client: httpx.AsyncClient, edition: Edition, settings: Settings
) -> None:
    await _as_organiser(client, edition)
    page = await client.get(PAGE)
    asked = await client.post(PAGE, data={"csrf_token": csrf_from(page.text)})
    assert (asked.status_code, asked.headers["location"]) == (303, "http://testserver" + PAGE)
    queued = await ReportRun.get(event_id=edition.event.id)
    assert queued.state == ReportState.QUEUED
    waiting = await client.get(PAGE)
    assert '<meta http-equiv="refresh" content="3">' in waiting.text
    assert "<td>In de wachtrij</td>" in waiting.text or "<td>Bezig</td>" in waiting.text
    await run_jobs(settings)
    run = await ReportRun.get(id=queued.id)
    assert run.state == ReportState.DONE and run.finished_at is not None
    done = await client.get(PAGE)
    assert "http-equiv" not in done.text and "Klaar" in done.text
    pdf = await client.get(f"{PAGE}/{run.id}.pdf")
    assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf")
    content = pdf.content
    objects = pdf_objects(content)
    for marker in (b"/StructTreeRoot", b"/MarkInfo", b"/Marked true", b"/Lang (nl)"):
        assert marker in objects, marker
    assert b"pdfuaid:part" in objects  # the PDF/UA identification in the XMP metadata
    info = pdf_info(content)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Evaluatierapport Dag van de Lokale Democratie 2027"
    text = pdf_text(content)
    assert "Evaluatierapport: Dag van de Lokale Democratie 2027" in text
    assert "Ik ga het in de raad bespreken" in text and "Gemeente Zwolle 9 75%" in text
    assert PERSONAL.search(text) is None
    entry = await AuditEntry.get(action="report.requested")
    assert entry.subject_id == str(run.id)


async def test_report_job_states_retry_and_gone_event(edition: Edition) -> None:
    run = await services.create_run(edition.event, actor=edition_actor())
    assert run.state == ReportState.QUEUED
    done = await services.render_report(run.id)
    assert done is not None and done.state == ReportState.DONE
    again = await services.render_report(run.id)  # a retried job leaves it as it is
    assert again is not None and again.finished_at == done.finished_at
    gone = await ReportRun.create(event_id=999_999, created_at=done.created_at)
    failed = await services.render_report(gone.id)
    assert failed is not None and (failed.state, failed.error) == (ReportState.FAILED, "event_gone")
    assert await services.render_report(123_456) is None


def edition_actor() -> Actor:
    return SYSTEM


async def _partner_of(event: Event) -> User:
    partner, user = await make_partner(name="Gemeente Zwolle")
    session = await Session.filter(event_id=event.id).order_by("id").first()
    assert session is not None
    proposal = await make_proposal(await make_call(event), partner, user)
    await Proposal.filter(id=proposal.id).update(session_id=session.id)
    return user


async def test_partners_of_the_edition_read_the_report_and_its_pdf(
    client: httpx.AsyncClient, edition: Edition
) -> None:
    user = await _partner_of(edition.event)
    _outsider, outsider = await make_partner(name="Gemeente Ede")
    await login(client, user.email)
    listing = await client.get("/partners/reports")
    assert 'href="/partners/reports/dld-2027"' in listing.text
    page = await client.get("/partners/reports/dld-2027")
    assert page.status_code == 200 and "Gemeente Zwolle" in page.text
    assert (await client.get("/partners/reports/dld-2027/report.pdf")).status_code == 404
    run = await services.create_run(edition.event, actor=edition_actor())
    await services.render_report(run.id)
    pdf = await client.get("/partners/reports/dld-2027/report.pdf")
    assert (pdf.status_code, pdf.headers["content-type"]) == (200, "application/pdf")
    assert (await client.get("/partners/reports/dld-2026")).status_code == 404
    await login(client, outsider.email)
    assert (await client.get("/partners/reports/dld-2027")).status_code == 404
    assert (await client.get("/partners/reports/dld-2027/report.pdf")).status_code == 404
    assert (await client.get(f"{PAGE}")).status_code in (403, 404)


async def test_report_links_with_bad_values_get_a_404(
    client: httpx.AsyncClient, edition: Edition
) -> None:
    await _as_organiser(client, edition)
    for url in (
        f"{PAGE}/99999999999999999999.pdf",
        f"{PAGE}/0.pdf",
        f"{PAGE}/abc.pdf",
        "/admin/events/bestaat-niet/report",
    ):
        assert (await client.get(url)).status_code == 404, url
    user = await _partner_of(edition.event)
    await login(client, user.email)
    for url in ("/partners/reports/%00", "/partners/reports/" + "x" * 300):
        assert (await client.get(url)).status_code == 404, url
