"""ASGI entry point for several uvicorn/gunicorn workers: `uvicorn festival.asgi:app`."""

from festival import logs
from festival.app import create_app
from festival.settings import Settings

settings = Settings.from_env()
# After uvicorn's own logging set-up: every line in festival's format, with its request id.
logs.configure(settings.log_format, settings.log_level)
app = create_app(settings)
