"""Log lines: one JSON object per line (or plain text for a developer's terminal), each with the
id of the request it belongs to. What a line may carry: ids, route templates, counts; never
e-mail addresses, names, tokens or query strings (tests/operations/test_logs.py checks it)."""

from __future__ import annotations

import json
import logging
import logging.config
import re
import secrets
import time
from contextvars import ContextVar
from typing import Any

FORMATS = ("json", "text")
# The request this task works for; tasks it starts (in-process jobs) inherit it.
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
# A client's or proxy's X-Request-ID is kept when it looks like an id, nothing more.
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{6,64}")
# The extra fields of an access line (festival.access), in this order after the fixed ones.
_FIELDS = ("route", "status", "duration_ms")


def request_id_from(header: str | None) -> str:
    """The caller's request id when it is sane (letters, digits, . _ : -, 6 to 64 long), else
    a new random one."""
    if header and _SANE_ID.fullmatch(header):
        return header
    return secrets.token_hex(8)


class RequestIdFilter(logging.Filter):
    """Stamps every record with the current request's id (None outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = REQUEST_ID.get()
        return True


class JsonFormatter(logging.Formatter):
    """time, level, logger, message, request_id, route, status, duration_ms (+ error)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _utc(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for name in _FIELDS:
            line[name] = getattr(record, name, None)
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        route = getattr(record, "route", None)
        if route is not None:
            status, ms = getattr(record, "status", None), getattr(record, "duration_ms", None)
            text += f" route={route} status={status} ms={ms}"
        return text


def _utc(created: float) -> str:
    seconds = int(created)
    stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(seconds))
    return f"{stamp}.{int((created - seconds) * 1000):03d}Z"


def config(log_format: str, level: str = "INFO") -> dict[str, Any]:
    """A logging dictConfig: our handler on the root logger; uvicorn's loggers go through it,
    and uvicorn's access log is off (festival.access writes one line per request instead,
    without the query string, which may hold a token)."""
    formatter = JsonFormatter if log_format == "json" else TextFormatter
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"festival": {"()": formatter}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "festival",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            }
        },
        # Libraries say only warnings (WeasyPrint's INFO is a line per stylesheet, httpx's one
        # per outgoing request); festival, the server and the job worker say `level`.
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {
            "festival": {"handlers": [], "propagate": True, "level": level},
            "uvicorn": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.error": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
            "arq": {"handlers": [], "propagate": True, "level": level},
        },
    }


def configure(log_format: str, level: str = "INFO") -> dict[str, Any]:
    """Set up this process's logging; returns the config (uvicorn workers apply it again)."""
    settings = config(log_format, level)
    logging.config.dictConfig(settings)
    return settings
