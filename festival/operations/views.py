"""/metrics for Prometheus: only with FESTIVAL_METRICS_TOKEN set (else 404), and only for a
request that brings it as a bearer token."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from festival import metrics as instruments
from festival.operations import services as operations


async def metrics(request: Request) -> Response:
    token = request.app.state.settings.metrics_token
    if not token:
        raise HTTPException(404)
    if not operations.scraper_allowed(request.headers.get("authorization", ""), token=token):
        raise HTTPException(401, headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
    return Response(await operations.scrape(), media_type=instruments.CONTENT_TYPE)


routes = [Route("/metrics", metrics, name="operations:metrics")]
