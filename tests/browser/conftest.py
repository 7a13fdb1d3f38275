"""Offline browser-test harness for the Solara dashboard.

Fixtures (reuse them in any test under tests/browser):

* ``dashboard_server`` / ``dashboard_url`` (session): ``solara run dashboards/app.py`` on a
  free 127.0.0.1 port with a no-CDN environment (see ``offline_server_env``); the server log
  is kept in ``artifacts/browser/solara-server.log``.
* ``browser`` (session): headless Debian Chromium driven by Playwright.
* ``new_offline_session`` (factory) / ``offline_session`` / ``offline_page``: a fresh browser
  context whose network is blocked for every host but 127.0.0.1/localhost; every blocked
  URL is recorded in ``session.aborted``, every failing local request in
  ``session.local_errors``. Call the factory more than once for independent users.
* ``save_screenshot``: ``save_screenshot(page, "name")`` -> ``artifacts/browser/name.png``.
  A failing test also gets a screenshot of every page it opened.

Without /usr/bin/chromium (or Playwright) the browser tests are skipped, except when
``CI=true``, where that is a failure: CI must prove the dashboard.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_PATH = REPO_ROOT / "dashboards" / "app.py"
ARTIFACTS = REPO_ROOT / "artifacts" / "browser"
CHROMIUM = Path(os.environ.get("CROSSFORCE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
SERVER_START_TIMEOUT = 60.0
VIEWPORT = {"width": 1280, "height": 900}


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def skip_or_fail(reason: str) -> None:
    """Skip the test, or fail it on CI (CI=true), where the dashboard must be proven."""
    if _on_ci():
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def is_local_url(url: str) -> bool:
    scheme = url.split(":", 1)[0].lower()
    if scheme in {"data", "blob", "about", "chrome-error"}:
        return True
    return urlsplit(url).hostname in LOCAL_HOSTS


# --------------------------------------------------------------------------- server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class DashboardServer:
    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def cdn_misses(self) -> list[str]:
        """Assets the server had to fetch from the (blackholed) CDN: each one is a gap."""
        return re.findall(r"Could not load URL: '([^']+)'", self.log())

    def errors(self) -> list[str]:
        """Errors the server logged so far (e.g. a component that raised while rendering)."""
        return [
            line
            for line in self.log().splitlines()
            if line.startswith(("ERROR", "Traceback", "Exception")) or "raised exception" in line
        ]


def _wait_until_up(proc: subprocess.Popen, url: str, log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(
                f"solara exited with {proc.returncode} before serving {url}:\n"
                + log_path.read_text(errors="replace")[-4000:]
            )
        try:
            with urllib.request.urlopen(url, timeout=2) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise RuntimeError(
        f"solara did not answer {url} within {timeout:.0f}s:\n" + log_path.read_text(errors="replace")[-4000:]
    )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    # the server runs in its own process group (start_new_session): end it and its children
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def dashboard_app_path() -> Path:
    """The Solara app under test; override this fixture to serve another app."""
    return APP_PATH


@pytest.fixture(scope="session")
def dashboard_server(
    dashboard_app_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DashboardServer]:
    from dashboards.offline_cdn import build_offline_cdn
    from dashboards.server import offline_env, solara_command

    if not dashboard_app_path.exists():
        pytest.fail(f"dashboard app not found: {dashboard_app_path}", pytrace=False)
    cdn_dir = build_offline_cdn(tmp_path_factory.mktemp("solara-cdn"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / "solara-server.log"
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    cmd = solara_command("127.0.0.1", port, dashboard_app_path)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            env=offline_env(cdn_dir),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_up(proc, url, log_path, SERVER_START_TIMEOUT)
        yield DashboardServer(url=url, process=proc, log_path=log_path)
    finally:
        _stop(proc)


@pytest.fixture(scope="session")
def dashboard_url(dashboard_server: DashboardServer) -> str:
    return dashboard_server.url


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        skip_or_fail(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class OfflineSession:
    """One isolated browser user: its own context (cookies = Solara session) and page."""

    context: BrowserContext
    page: Page
    aborted: list[str] = field(default_factory=list)  # requests to any non-local host
    local_errors: list[str] = field(default_factory=list)  # local requests that failed
    console_errors: list[str] = field(default_factory=list)

    def goto(self, url: str) -> Page:
        """Start loading ``url``; returns as soon as the response starts, while the app boots.

        Call ``goto`` on several sessions, then ``wait_ready`` on each, to load them in parallel.
        """
        self.page.goto(url, wait_until="commit")
        return self.page

    def wait_ready(self, ready: str | None = None, timeout: float = 30_000) -> Page:
        """Wait until the Solara app has mounted and, if given, the text ``ready`` shows.

        Only then is the kernel's websocket live and a click reaches the Python side.
        """
        # .v-application appears once the Vue front-end from /_solara/cdn is running
        self.page.locator(".v-application").first.wait_for(timeout=timeout)
        if ready is not None:
            self.page.get_by_text(ready, exact=True).first.wait_for(timeout=timeout)
        return self.page

    def open(self, url: str, ready: str | None = None, timeout: float = 30_000) -> Page:
        """``goto`` + ``wait_ready``."""
        self.goto(url)
        return self.wait_ready(ready, timeout)


def _attach_recorders(session: OfflineSession) -> None:
    ctx = session.context

    def route(route) -> None:
        url = route.request.url
        if is_local_url(url):
            route.continue_()
        else:
            session.aborted.append(url)
            route.abort("blockedbyclient")

    def ws_route(ws) -> None:
        session.aborted.append(ws.url)
        ws.close()

    def on_response(response) -> None:
        if response.status >= 400 and is_local_url(response.url):
            session.local_errors.append(f"{response.status} {response.url}")

    def on_failed(request) -> None:
        # net::ERR_ABORTED is the browser cancelling a request itself (a font still loading when
        # the page moves on): nothing failed to come from the server
        if is_local_url(request.url) and "ERR_ABORTED" not in (request.failure or ""):
            session.local_errors.append(f"failed ({request.failure}) {request.url}")

    ctx.route("**/*", route)
    ctx.route_web_socket(lambda url: not is_local_url(url), ws_route)
    ctx.on("response", on_response)
    ctx.on("requestfailed", on_failed)
    session.page.on(
        "console",
        lambda msg: session.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    session.page.on("pageerror", lambda exc: session.console_errors.append(str(exc)))


@pytest.fixture
def new_offline_session(
    browser: Browser, request: pytest.FixtureRequest
) -> Iterator[Callable[..., OfflineSession]]:
    """Factory: ``new_offline_session()`` -> an isolated, network-blocked OfflineSession."""
    sessions: list[OfflineSession] = []

    def factory(**context_kwargs) -> OfflineSession:
        context_kwargs.setdefault("viewport", VIEWPORT)
        context_kwargs.setdefault("service_workers", "block")  # so routing sees everything
        context = browser.new_context(**context_kwargs)
        session = OfflineSession(context=context, page=context.new_page())
        _attach_recorders(session)
        sessions.append(session)
        return session

    yield factory

    report = getattr(request.node, "rep_call", None)
    for i, session in enumerate(sessions):
        if report is not None and report.failed:
            with contextlib.suppress(Exception):
                _screenshot(session.page, f"FAILED-{request.node.name}-{i}")
        session.context.close()


@pytest.fixture
def offline_session(new_offline_session) -> OfflineSession:
    return new_offline_session()


@pytest.fixture
def offline_page(offline_session: OfflineSession) -> Page:
    return offline_session.page


def _screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    path = ARTIFACTS / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


@pytest.fixture
def save_screenshot() -> Callable[[Page, str], Path]:
    """``save_screenshot(page, name)`` writes ``artifacts/browser/<name>.png``, returns it."""
    return _screenshot


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
