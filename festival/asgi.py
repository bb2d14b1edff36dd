"""ASGI entry point for several uvicorn/gunicorn workers: `uvicorn festival.asgi:app`."""

from festival.app import create_app

app = create_app()
