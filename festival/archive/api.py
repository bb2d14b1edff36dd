"""JSON API of the knowledge archive, for portals that embed it: the search and one archived
session (only public data: programme texts, partner, approved outcome and materials)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from festival import openapi
from festival.archive import forms, queries, schemas
from festival.archive import services as archive
from festival.archive.models import ArchiveEntry, Material, Outcome
from festival.feedback.queries import QuestionResult

CORS = {"Access-Control-Allow-Origin": "*"}


def entry_json(entry: ArchiveEntry, base_url: str) -> schemas.ArchiveEntry:
    return {
        "code": entry.code,
        "title": entry.title,
        "abstract": entry.abstract,
        "event": {"slug": entry.event_slug, "name": entry.event_name, "year": entry.year},
        "starts_at": entry.starts_at.isoformat() if entry.starts_at else None,
        "format": entry.format,
        "track": entry.track or None,
        "audiences": entry.audiences.split(),
        "partner": entry.partner or None,
        "speakers": [s for s in entry.speakers.split(", ") if s],
        "outcome": entry.verdict or None,
        "url": f"{base_url}/kennisbank/sessies/{entry.code}",
    }


def outcome_json(outcome: Outcome | None) -> schemas.ArchiveOutcome | None:
    if outcome is None:
        return None
    return {
        "kind": str(outcome.kind),
        "question": outcome.question,
        "method": outcome.method,
        "council": outcome.council,
        "happened": outcome.happened,
        "verdict": str(outcome.verdict) if outcome.verdict else None,
        "why": outcome.why,
        "why_tags": list(outcome.why_tags or []),
        "theme": outcome.theme,
        "residents": outcome.residents,
        "follow_up": outcome.follow_up,
        "summary": outcome.summary,
    }


def material_json(material: Material, base_url: str) -> schemas.ArchiveMaterial:
    url = material.url or f"{base_url}/kennisbank/materialen/{material.id}"
    return {"kind": str(material.kind), "title": material.title, "url": url}


def figure_json(result: QuestionResult | None) -> schemas.ArchiveFigure | None:
    if result is None:
        return None
    return {
        "question": result.text,
        "answered": result.answered,
        "mean": result.mean,
        "nps": result.nps,
        "distribution": [{"label": b.label, "count": b.count} for b in result.bars],
    }


def summary_json(summary: archive.EvaluationSummary | None) -> schemas.ArchiveSummary | None:
    if summary is None:
        return None
    return {
        "small_group": summary.suppressed,
        "respondents": None if summary.suppressed else summary.respondents,
        "rating": figure_json(summary.rating),
        "recommend": figure_json(summary.recommend),
        "open_answers": [{"question": a.question, "text": a.text} for a in summary.answers],
    }


async def search(request: Request) -> JSONResponse:
    results = await queries.search_archive(forms.search_filters(request))
    base_url = request.app.state.settings.base_url
    answer: schemas.ArchiveResults = {
        "total": results.total,
        "page": results.page,
        "pages": results.pages,
        "results": [entry_json(e, base_url) for e in results.entries],
    }
    return JSONResponse(answer, headers=CORS)


async def session(request: Request) -> JSONResponse:
    page = await queries.archive_page(request.path_params["code"])
    base_url = request.app.state.settings.base_url
    data: schemas.ArchiveSession = {
        **entry_json(page.entry, base_url),
        "outcome_details": outcome_json(page.outcome),
        "materials": [material_json(m, base_url) for m in page.materials],
        "evaluation": summary_json(await archive.published_summary(page.entry)),
    }
    return JSONResponse(data, headers=CORS)


routes: list[BaseRoute] = [
    Route("/api/kennisbank", search, name="archive:api_search"),
    Route("/api/kennisbank/{code}", session, name="archive:api_session"),
]


# ---------------------------------------------------------------- OpenAPI description

openapi.register_tag("archive", "The public knowledge archive across editions (kennisbank)")
_SEARCH_SCHEMA = schemas.SearchIn.model_json_schema(mode="validation")["properties"]
openapi.register_path(
    "/api/kennisbank",
    "get",
    {
        "operationId": "searchArchive",
        "tags": ["archive"],
        "summary": "Search archived sessions of every edition and organisation",
        "parameters": [
            {"name": name, "in": "query", "required": False, "schema": schema}
            for name, schema in _SEARCH_SCHEMA.items()
        ],
        "responses": {
            "200": {
                "description": "A page of results (20 per page)",
                "content": openapi.json_content(openapi.answer_ref(schemas.ArchiveResults)),
            },
            **openapi.error_responses("400", "422"),
        },
    },
)
openapi.register_path(
    "/api/kennisbank/{code}",
    "get",
    {
        "operationId": "getArchivedSession",
        "tags": ["archive"],
        "parameters": [
            {
                "name": "code",
                "in": "path",
                "required": True,
                "description": "The session's public code, as in its archive page URL.",
                "schema": {"type": "string", "pattern": "^[a-zA-Z0-9]{1,12}$"},
            },
            openapi.LANG_PARAMETER,
        ],
        "responses": {
            "200": {
                "description": "The archived session",
                "content": openapi.json_content(openapi.answer_ref(schemas.ArchiveSession)),
            },
            **openapi.error_responses("400", "404"),
        },
    },
)
