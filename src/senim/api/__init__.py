"""The REST API: ``create_app(database_url)`` gives the FastAPI application (routes under /api/v1)."""

from __future__ import annotations

from senim.api.app import create_app

__all__ = ["create_app"]
