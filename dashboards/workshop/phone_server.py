"""The participants' pages on the Starlette app Solara already runs: plain HTML and a push channel.

  /                     type a join code
  /join?c=CODE          take a seat in the role the code stands for (what a QR code opens)
  /play?seat=TOKEN      a participant's page (``phone.page``)
  /play/events?seat=    server-sent events: the page's changing part, pushed whenever it changes
  /play/choose          a choice (form post): the same checks as ever, in ``WorkshopState.choose``
  /play/name            the name the projector shows

Why not Solara for phones: a Solara page is a Python kernel and a widget tree per phone, so a new
round cost the server a redraw per phone, in turn, and the last of 30 phones saw it seconds late.
Here one thread waits on the workshop's change signal and wakes every open event stream at once
(``Hub``); each stream draws its page (a string) in a worker thread and sends it only if what the
page shows has changed. Nothing here holds the workshop's lock on the event loop.

A browser is known by Solara's own session cookie (set here when it is missing), so a seat bound
by an earlier version's Solara page, or by the facilitator's browser, is the same browser here.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import uuid
from collections.abc import AsyncIterator, Callable
from html import escape
from urllib.parse import parse_qs, quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from dashboards.workshop.errors import Refused, log_error
from dashboards.workshop.phone import Words, home, main, message, page
from dashboards.workshop.state import WorkshopState

COOKIE = "solara-session-id"  # Solara's own (solara.server.server.COOKIE_KEY_SESSION_ID)
COOKIE_LAX = "solara-session-id-lax"
KEEPALIVE_S = 15.0  # a comment line this often keeps proxies and phones from closing a quiet stream
WATCH_TIMEOUT_S = 30.0
MAX_FORM_BYTES = 65_536  # a choice or a name is a few hundred bytes


class Hub:
    """Wakes every open event stream when the workshop changes: one thread waits on the
    workshop's change signal, and hands the new version to the event loop."""

    def __init__(self, state: WorkshopState) -> None:
        self.state = state
        self.version = state.version
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Future | None = None
        self._lock = threading.Lock()

    def _start(self) -> None:
        with self._lock:
            if self._loop is not None:
                return
            self._loop = asyncio.get_running_loop()
            self._changed = self._loop.create_future()
            threading.Thread(target=self._watch, name="workshop-phones", daemon=True).start()

    def _watch(self) -> None:
        seen = self.version
        while True:
            try:
                seen = self.state.wait_for_change(lambda: self.state.version, seen, WATCH_TIMEOUT_S)
                self._loop.call_soon_threadsafe(self._wake, seen)
            except RuntimeError:  # the event loop has closed: the server is stopping
                return
            except Exception as error:  # keep waking the phones whatever one failure was
                log_error("waking the phones", error)

    def _wake(self, version: int) -> None:
        if version == self.version:
            return
        self.version = version
        changed, self._changed = self._changed, self._loop.create_future()
        changed.set_result(version)

    async def wait(self, seen: int, timeout: float) -> int:
        """The workshop's version once it differs from ``seen`` (or after ``timeout`` s)."""
        self._start()
        if self.version != seen:
            return self.version
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(self._changed), timeout)
        return self.version


class Phones:
    """The participants' routes for one workshop."""

    def __init__(self, get_state: Callable[[], WorkshopState]) -> None:
        self.get_state = get_state
        self._hub: Hub | None = None

    @property
    def state(self) -> WorkshopState:
        return self.get_state()

    @property
    def hub(self) -> Hub:
        if self._hub is None:
            self._hub = Hub(self.state)
        return self._hub

    def routes(self) -> list[BaseRoute]:
        return [
            Route("/", self.home, methods=["GET"]),
            Route("/favicon.ico", no_icon, methods=["GET"]),
            Route("/join", self.join, methods=["GET"]),
            Route("/play", self.play, methods=["GET"]),
            Route("/play/events", self.events, methods=["GET"]),
            Route("/play/choose", self.choose, methods=["POST"]),
            Route("/play/name", self.rename, methods=["POST"]),
        ]

    # ------------------------------------------------------------------ drawing
    def words(self) -> Words:
        state = self.state
        return Words(state.force_names, state.cap_labels)

    def _draw(self, token: str, browser: str, whole: bool, error: str = "") -> tuple[str, tuple]:
        """The page (or its changing part) for a seat, and what it shows (to skip a redraw that
        would change nothing). Runs in a worker thread: it takes the workshop's lock."""
        state = self.state
        view = state.participant_view(token, browser)
        reasons = state.inspection_reasons() if view.seat.role == "hmic" and view.decisions else {}
        html = page(view, self.words(), reasons) if whole else main(view, self.words(), reasons, error)
        return html, state.participant_watch(token)

    # ------------------------------------------------------------------ routes
    async def home(self, request: Request) -> Response:
        return HTMLResponse(home())

    async def join(self, request: Request) -> Response:
        browser, new = browser_of(request)
        code = request.query_params.get("c", "")
        try:
            seat = await run_in_threadpool(self.state.join, code, browser)
        except Refused as refused:
            held = await run_in_threadpool(self.state.held_by, browser)
            link = ("Back to your seat", f"/play?seat={held}") if held else ("Type another code", "/")
            return remember(
                HTMLResponse(message("Could not join", str(refused), "join", link), 403), browser, new
            )
        return remember(RedirectResponse(f"/play?seat={seat.token}", 303), browser, new)

    async def play(self, request: Request) -> Response:
        browser, new = browser_of(request)
        token = request.query_params.get("seat", "")
        try:
            await run_in_threadpool(self.state.open_seat, token, browser)
            html, _ = await run_in_threadpool(self._draw, token, browser, True)
        except Refused as refused:
            text = message("This seat cannot be opened here", str(refused), "refused")
            return remember(HTMLResponse(text, 403), browser, new)
        return remember(HTMLResponse(html, headers={"Cache-Control": "no-store"}), browser, new)

    async def events(self, request: Request) -> Response:
        browser, _ = browser_of(request)
        token = request.query_params.get("seat", "")
        return StreamingResponse(
            self._stream(token, browser),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    async def _stream(self, token: str, browser: str) -> AsyncIterator[str]:
        """The seat's page each time what it shows changes (first at once: a phone that reconnects
        gets its page back, its answers in it); a comment line while nothing changes."""
        shown: tuple | None = None
        version = -1
        while True:
            if self.state.participant_watch(token) != shown:
                try:
                    html, shown = await run_in_threadpool(self._draw, token, browser, False)
                except Refused as refused:
                    yield event("page", message_part(str(refused)))
                    return
                yield event("page", html)
            new = await self.hub.wait(version, KEEPALIVE_S)
            if new == version:
                yield ": still here\n\n"
            version = new

    async def choose(self, request: Request) -> Response:
        """A choice from a phone's form: ``WorkshopState.choose`` checks it (the seat is this
        browser's, the decision its role's and put to it, the round open, the option offered)."""
        browser, _ = browser_of(request)
        form = await form_of(request)
        token, key = first(form, "seat"), first(form, "key")
        choice = form.get("choice", [])
        error = ""
        try:
            await run_in_threadpool(self.state.choose, token, browser, key, choice)
        except Refused as refused:
            error = str(refused) if choice else "Choose at least one option."
        if request.headers.get("x-crossforce") != "fetch":
            return RedirectResponse(f"/play?seat={quote(token)}", 303)  # a page without its script
        try:
            html, _ = await run_in_threadpool(self._draw, token, browser, False, error)
        except Refused as refused:
            html = message_part(str(refused))
        return HTMLResponse(html, status_code=200 if not error else 409)

    async def rename(self, request: Request) -> Response:
        browser, _ = browser_of(request)
        form = await form_of(request)
        try:
            await run_in_threadpool(self.state.rename, first(form, "seat"), browser, first(form, "name"))
        except Refused as refused:
            return PlainTextResponse(str(refused), 403)
        if request.headers.get("x-crossforce") != "fetch":
            return RedirectResponse(f"/play?seat={quote(first(form, 'seat'))}", 303)
        return PlainTextResponse("Saved.")


async def form_of(request: Request) -> dict[str, list[str]]:
    """A posted form's fields (URL-encoded, as a page's form and its script send them; read here
    rather than by Starlette, whose form parsing needs a package the workshop does not otherwise use)."""
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        return {}
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)


def first(form: dict[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0]


async def no_icon(request: Request) -> Response:
    """No icon (a browser asks for one; a 404 would show as an error in its console)."""
    return Response(status_code=204)


def event(name: str, html: str) -> str:
    """One server-sent event (every line of the data prefixed, as the format requires)."""
    data = "\n".join(f"data: {line}" for line in html.splitlines() or [""])
    return f"event: {name}\n{data}\n\n"


def message_part(text: str) -> str:
    """The changing part of a page when the seat cannot be shown (removed, moved to another device)."""
    return (
        f"<h1>This seat cannot be opened here</h1><p class='ws-error ws-refused'>{escape(text)}</p>"
        "<div class='crossforce-render' hidden data-view='refused' data-round='0' data-status='refused'></div>"
    )


def browser_of(request: Request) -> tuple[str, bool]:
    """The browser's id (Solara's session cookie), and whether it is new (then set it)."""
    known = request.cookies.get(COOKIE) or request.cookies.get(COOKIE_LAX)
    return (known, False) if known else (str(uuid.uuid4()), True)


def remember(response: Response, browser: str, new: bool) -> Response:
    """Set the browser's id cookie on a response to a browser that had none (as Solara sets it:
    for years, SameSite=Lax on plain http)."""
    if new:
        response.set_cookie(COOKIE, browser, expires="Fri, 01 Jan 2038 00:00:00 GMT", samesite="lax")
    return response


def install(get_state: Callable[[], WorkshopState]) -> None:
    """Put the participants' routes first on the Starlette app Solara serves (once per process:
    Solara may run the app's module more than once)."""
    from solara.server import starlette as solara_starlette

    routes = solara_starlette.app.router.routes
    if any(getattr(route, "crossforce_phone", False) for route in routes):
        return
    mine = Phones(get_state).routes()
    for route in mine:
        route.crossforce_phone = True
    routes[0:0] = mine
