"""The CLI against a Senim server (`--server URL --token …`) instead of the local database."""

from __future__ import annotations

from typing import Any, NoReturn

import httpx

from senim.cli.common import fail

__all__ = ["Remote"]


class Remote:
    """A thin HTTP client of ``/api/v1``; errors become CLI failures naming the server's message."""

    def __init__(self, server: str, token: str | None, *, timeout: float = 60.0) -> None:
        if not token:
            fail("--token (or SENIM_TOKEN) is needed with --server")
        if not server.startswith(("http://", "https://")):
            fail(f"--server: {server!r} is not an http(s) URL")
        self.client = httpx.Client(
            base_url=server.rstrip("/") + "/api/v1",
            timeout=timeout,
            headers={"Authorization": f"Bearer {token}"},
        )

    def call(self, method: str, path: str, **kw: Any) -> Any:
        try:
            response = self.client.request(method, path, **kw)
        except httpx.HTTPError as exc:
            fail(f"cannot reach the server: {exc}")
        if response.status_code >= 400:
            self._raise(response)
        return response.json() if response.content else None

    @staticmethod
    def _raise(response: httpx.Response) -> NoReturn:
        try:
            err = response.json()["error"]
            message = f"{err['code']}: {err['message']}"
            details = "; ".join(
                f"{d.get('field') or d.get('loc')}: {d.get('message') or d.get('msg')}"
                for d in err.get("details") or []
            )
            if details:
                message += f" ({details})"
        except (ValueError, KeyError, TypeError):
            message = response.text[:300]
        fail(f"server answered {response.status_code}: {message}")

    def download(self, path: str) -> tuple[bytes, str | None]:
        """The bytes at ``path`` and the SHA-256 the server states for them (``X-Content-SHA256``)."""
        try:
            response = self.client.get(path)
        except httpx.HTTPError as exc:
            fail(f"cannot reach the server: {exc}")
        if response.status_code >= 400:
            self._raise(response)
        return response.content, response.headers.get("X-Content-SHA256")

    def system_id(self, ref: str) -> str:
        """A system id from an id or a slug."""
        page = self.call("GET", "/systems", params={"q": ref, "limit": 500})
        for item in page["items"]:
            if ref in (item["id"], item["slug"]):
                return str(item["id"])
        fail(f"system {ref!r} not found on the server")
