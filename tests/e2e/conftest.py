"""End-to-end tests of the web application in a real browser (Playwright driving Debian's Chromium).

* ``server`` (session): a fresh SQLite database seeded by ``scripts/demo_web.py`` (the ``make
  demo`` data: organisation, one user per role, the example systems with risks, incidents, evidence
  and literacy records) and ``senim serve`` started on a free port in a subprocess. Its log is kept
  with the artefacts.
* ``browser`` (session): one headless Chromium (``/usr/bin/chromium``; Playwright never downloads a
  browser). Each launch gets a fresh temporary profile (user-data-dir) from Playwright.
* ``page``: a new browser context (no cookies, British English, 1280×900) and page per test.
* ``sign_in(page, server, role)`` signs in through the form; ``shot(page, name)`` saves a PNG
  screenshot as a test artefact — in ``$SENIM_E2E_ARTIFACTS`` if set, else in pytest's temporary
  directory — and, with ``SENIM_UPDATE_SCREENSHOTS=1``, copies the ones listed in
  :data:`DOC_SCREENSHOTS` into ``docs/screenshots/`` (reduced to 256 colours, at most 300 KB).

The suite is skipped only when ``/usr/bin/chromium`` is missing (``make test`` installs it through
``scripts/install-system-deps.sh``).
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS_SCREENSHOTS = ROOT / "docs" / "screenshots"
# Screenshots copied into docs/screenshots/ with SENIM_UPDATE_SCREENSHOTS=1 (name -> file name).
DOC_SCREENSHOTS = {
    "dashboard-en",
    "dashboard-kk",
    "wizard-en",
    "wizard-ru",
    "obligations-kk",
    "incidents-ru",
    "report-en",
    "report-kk",
    "public-register-ru",
}
MAX_DOC_SCREENSHOT = 300 * 1024
SCAN_RESULT = {
    "complete": True,
    "sources": 1,
    "records": 4,
    "finding_count": 21,
    "entities": {"EMAIL_ADDRESS": 4, "IBAN_CODE": 3, "KZ_IIN": 4, "PERSON": 4, "PHONE_NUMBER": 4},
    "per_source": {"examples/data/clients.csv": 21},
}
VIEWPORT = {"width": 1280, "height": 900}
TIMEOUT_MS = 20_000


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: end-to-end test in a real browser (tests/e2e)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing: install Debian's chromium (scripts/install-system-deps.sh)"
    )
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(skip)


def load_demo() -> ModuleType:
    """``scripts/demo_web.py`` as a module (the seeding code ``make demo`` runs)."""
    name = "senim_demo_web"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "demo_web.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Server:
    base: str
    world: Any  # demo_web.DemoWorld
    log: Path

    def url(self, path: str) -> str:
        return self.base + path

    def system(self, slug: str) -> str:
        return str(self.world.systems[slug])

    def email(self, role: str) -> str:
        return str(self.world.emails[role])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("SENIM_E2E_ARTIFACTS")
    path = Path(configured) if configured else tmp_path_factory.mktemp("e2e-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, artifacts: Path) -> Iterator[Server]:
    from argon2 import PasswordHasher, Type

    from senim.registry import accounts

    demo = load_demo()
    db_path = tmp_path_factory.mktemp("e2e-db") / "e2e.sqlite3"
    url = demo.sqlite_url(db_path)
    # Cheap argon2id for the seeded passwords (the server verifies with each hash's own parameters).
    previous = accounts.use_hasher(
        PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)
    )
    scan = db_path.with_name("scan.json")  # a small scanner result, attached as machine evidence
    scan.write_text(json.dumps(SCAN_RESULT, ensure_ascii=False), encoding="utf-8")
    try:
        world = demo.seed(url, scan_json=scan)
    finally:
        accounts.use_hasher(previous)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    log = artifacts / "server.log"
    env = {**os.environ, "SENIM_API_THREADS": "4"}
    env.pop("SENIM_SECURE_COOKIES", None)  # plain HTTP: the browser would drop Secure cookies
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*demo.senim_command(), "serve", "--host", "127.0.0.1", "--port", str(port), "--database", url],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + 60
        while not demo.healthy(base, timeout=1.0):
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"senim serve did not start:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        yield Server(base, world, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(
        base_url=server.base, locale="en-GB", viewport=VIEWPORT, accept_downloads=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # Anything the Content-Security-Policy blocked (an inline script or style, a foreign resource).
    page.on("console", lambda m: errors.append(m.text) if "Refused to" in m.text else None)
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"JavaScript errors or CSP violations in the page: {errors}"


def sign_in(page: Any, server: Server, role: str = "compliance_officer", *, next_path: str = "/") -> None:
    """Sign in through the form as the demo user of ``role``; ends on ``next_path``."""
    page.goto(f"/login?next={next_path}")
    page.fill("#email", server.email(role))
    page.fill("#password", server.world.password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "/login" not in page.url, page.inner_text("main")[:500]


def switch_language(page: Any, code: str) -> None:
    """Follow the header's language link (as a user would)."""
    with page.expect_navigation():
        page.click(f".lang-nav a[hreflang={code}]")
    assert page.get_attribute("html", "lang") == code


def _shrink_png(source: Path, target: Path) -> None:
    """A 256-colour copy of a screenshot (text stays sharp; a fraction of the size)."""
    from PIL import Image

    with Image.open(source) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=0)
        small.save(target, format="PNG", optimize=True)


@pytest.fixture
def shot(artifacts: Path) -> Any:
    """``shot(page, name)``: save a screenshot artefact (and update docs/screenshots/ when asked)."""
    update = os.environ.get("SENIM_UPDATE_SCREENSHOTS", "").strip() in ("1", "true", "yes")

    def take(page: Any, name: str, *, full_page: bool = False) -> Path:
        path = artifacts / f"{name}.png"
        page.screenshot(path=str(path), full_page=full_page, animations="disabled")
        if update and name in DOC_SCREENSHOTS:
            DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            target = DOCS_SCREENSHOTS / f"{name}.png"
            _shrink_png(path, target)
            size = target.stat().st_size
            assert size <= MAX_DOC_SCREENSHOT, f"{target} is {size} bytes (limit {MAX_DOC_SCREENSHOT})"
        return path

    return take


def tool(name: str) -> str:
    found = shutil.which(name)
    assert found, f"{name} is missing: install it (scripts/install-system-deps.sh)"
    return found
