"""Events: the changed fields of an edit, as [old, new] pairs for the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any


def changed_fields(obj: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields of `values` that differ from `obj`, each as [old, new] in plain JSON values."""
    changed = {}
    for key, new in values.items():
        old = getattr(obj, key)
        if old != new:
            changed[key] = [_plain(old), _plain(new)]
    return changed


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value
