"""The web UI (server-rendered templates + htmx), served beside the REST API by ``senim serve``."""

from __future__ import annotations

from senim.web.app import mount_web

__all__ = ["mount_web"]
