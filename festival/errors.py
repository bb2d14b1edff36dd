"""Refusals that a user can act on.

    DomainError(code, message, fields)      any refusal of a rule; becomes a 4xx in web.py
     ├── Unauthorized                       401: no valid credentials (API bearer token)
     ├── NotFound                           404: the object does not exist (or is not yours to see)
     ├── PermissionDenied                   403: logged in, but the role does not allow this
     ├── Conflict                           409: the state forbids it (full, already done, closed)
     ├── ValidationError                    422: input is wrong; `fields` maps field -> message
     └── RateLimited                        429: too many tries; `retry_after` says how many seconds

Each area raises these (or subclasses) with a stable snake_case `code` shared by the UI,
the API and the audit log. Messages are Dutch-first gettext strings.
"""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400

    def __init__(self, code: str, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}

    def as_json(self) -> dict[str, object]:
        error: dict[str, object] = {"code": self.code, "message": self.message}
        if self.fields:
            error["fields"] = self.fields
        return {"error": error}


class Unauthorized(DomainError):
    status_code = 401


class NotFound(DomainError):
    status_code = 404


class PermissionDenied(DomainError):
    status_code = 403


class Conflict(DomainError):
    status_code = 409


class ValidationError(DomainError):
    status_code = 422


class RateLimited(DomainError):
    status_code = 429

    def __init__(self, code: str, message: str, *, retry_after: int) -> None:
        super().__init__(code, message)
        self.retry_after = retry_after
