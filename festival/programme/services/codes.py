"""Public, unguessable codes that name sessions and speakers in URLs and exports."""

from __future__ import annotations

import secrets
import string

CODE_ALPHABET = string.ascii_lowercase + string.digits


def new_code() -> str:
    """A public, unguessable id for URLs and exports (8 characters from `secrets`)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))
