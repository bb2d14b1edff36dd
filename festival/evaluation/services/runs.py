"""The report as a PDF: requested by an organiser, rendered by the job render_report into a
tagged PDF/UA document (WeasyPrint), kept in its ReportRun row for organisers and partners."""

from __future__ import annotations

import logging

from tortoise.transactions import in_transaction

from festival import audit, clock, i18n, jobs, pdfs, templating
from festival.audit import Actor
from festival.errors import NotFound
from festival.evaluation import queries
from festival.evaluation.models import ReportRun, ReportState
from festival.evaluation.services.content import Report, build_report
from festival.events.models import Event
from festival.i18n import _

log = logging.getLogger(__name__)
PDF_TEMPLATE = "evaluation/report_pdf.html"


async def create_run(event: Event, *, actor: Actor) -> ReportRun:
    """A queued report of the event, audited; nothing renders it yet (see request_report)."""
    async with in_transaction():
        run = await ReportRun.create(
            event_id=event.id, requested_by=actor.label[:120], created_at=clock.now()
        )
        await audit.record(actor, "report.requested", run, event_id=event.id)
    return run


async def request_report(event: Event, *, actor: Actor) -> ReportRun:
    """Queue a report PDF of the event. Side effects: a ReportRun, audit, the job render_report
    after commit."""
    run = await create_run(event, actor=actor)
    await jobs.enqueue(
        "render_report", run_id=run.id, event_id=event.id, _job_id=f"report-{run.id}"
    )
    return run


async def report_pdf(event: Event, run_id: int) -> ReportRun:
    """A finished report of this event with its PDF. Raises NotFound otherwise."""
    run = await ReportRun.get_or_none(id=run_id, event_id=event.id, state=ReportState.DONE)
    if run is None or not run.pdf:
        raise NotFound("report_not_found", _("Dit rapport bestaat niet (meer)."))
    return run


async def latest_report_pdf(event: Event) -> ReportRun:
    """The newest finished report of this event. Raises NotFound when there is none."""
    run = await queries.latest_done_run(event.id)
    if run is None or not run.pdf:
        raise NotFound("report_not_found", _("Er is nog geen rapport van dit evenement."))
    return run


async def render_report(run_id: int) -> ReportRun | None:
    """Build the report and render its PDF, the row going running -> done or failed (failed too
    when the event is gone; None when the run is; a finished run is left as it is, so a retried
    job does nothing)."""
    run = await ReportRun.get_or_none(id=run_id)
    if run is None or run.is_finished:
        return run
    event = await Event.get_or_none(id=run.event_id)
    if event is None:
        log.warning("report %s: event %s is gone", run_id, run.event_id)
        await ReportRun.filter(id=run_id).update(
            state=ReportState.FAILED, error="event_gone", finished_at=clock.now()
        )
        return await ReportRun.get(id=run_id)
    await ReportRun.filter(id=run_id).update(state=ReportState.RUNNING, started_at=clock.now())
    try:
        with i18n.language("nl"):
            report = await build_report(event)
            content = await pdfs.render(render_pdf, report)
    except Exception as error:
        await ReportRun.filter(id=run_id).update(
            state=ReportState.FAILED, error=str(error)[:2000], finished_at=clock.now()
        )
        raise
    await ReportRun.filter(id=run_id).update(
        state=ReportState.DONE,
        pdf=content,
        finished_at=clock.now(),
    )
    return await ReportRun.get(id=run_id)


def render_pdf(report: Report) -> bytes:
    """The report as a tagged PDF/UA-1 document in Dutch, titled after the event."""
    html = templating.environment.get_template(PDF_TEMPLATE).render({"report": report})
    return pdfs.from_html(html)
