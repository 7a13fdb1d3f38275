"""The facilitator's pages (Solara). Every action goes through ``WorkshopState``, which checks it.

  /room?key=KEY     the projector: map, charts, who has decided, and the round's controls
  /codes?key=KEY    the join page for the projector: a QR code and short link per open role
  /setup?key=KEY    roles, time limit, seats (free a seat for another device, remove), export
  /debrief?key=KEY  the room's run against the model's own, by round and role, and why

The participants' pages (``/``, ``/join?c=CODE``, ``/play?seat=TOKEN``) are plain HTML with a push
channel, served by ``phone_server`` on the same Starlette app, put in place when this module is
loaded (Solara loads it at start-up): a phone costs the server a string, not a Solara kernel.

Pages redraw when the workshop changes (``use_workshop``), never on a timer, and draw the same
elements in the same order on every render; each page ends with an invisible render signal
(``.crossforce-render``) that tests wait on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from html import escape
from urllib.parse import parse_qs, quote

import solara
import solara.lab

from dashboards.workshop.errors import Refused
from dashboards.workshop.live import get_state, public_url, quiet_framework_warnings
from dashboards.workshop.phone_server import install
from dashboards.workshop.views import RoomView

quiet_framework_warnings()
install(get_state)  # the participants' pages, before Solara's own routes
get_state()  # the workshop loads (and its clock starts) at start-up, not on the first phone

WATCH_TIMEOUT_S = 10.0
TIME_LIMITS = {"no limit": None, "1 minute": 60, "2 minutes": 120, "3 minutes": 180, "5 minutes": 300,
               "10 minutes": 600}  # fmt: skip

CSS = """
.v-application { font-size: 17px; }
.ws-title { font-size: 26px; font-weight: 700; line-height: 1.2; }
.ws-big { font-size: 44px; font-weight: 800; line-height: 1.1; }
.ws-sub { font-size: 17px; color: #333; }
.ws-error { font-size: 18px; color: #b00020; font-weight: 600; }
.ws-note { font-size: 15px; color: #555; }
.ws-question { font-size: 15px; margin-bottom: 4px; }
.ws-facts { font-size: 14px; color: #444; }
.ws-options { padding-left: 20px; margin: 0; }
.ws-options li { margin-bottom: 6px; }
.ws-card { border: 1px solid #ccc; border-left: 6px solid #bbb; border-radius: 6px; padding: 6px 8px;
  margin: 10px 0; background: #fff; }
.ws-card.ws-done { border-left-color: #009E73; }
.ws-card-title { font-size: 18px; font-weight: 700; line-height: 1.2; margin: 2px 0 4px; }
.ws-legend { font-size: 12px; color: #666; line-height: 1.25; }
.ws-timer { height: 10px; background: #eee; border-radius: 5px; overflow: hidden; margin: 6px 0; }
.ws-timer-fill { height: 100%; background: #0072B2; width: 100%; transform-origin: left;
  animation-name: ws-shrink; animation-timing-function: linear; animation-fill-mode: forwards; }
@keyframes ws-shrink { from { transform: scaleX(1); } to { transform: scaleX(0); } }
.ws-seats { columns: 2; font-size: 17px; }
.ws-seats div { break-inside: avoid; padding: 2px 0; }
.ws-yes { color: #007a55; font-weight: 700; }
.ws-no { color: #999; }
.ws-codes { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 14px; }
.ws-code { border: 1px solid #bbb; border-radius: 8px; padding: 10px; text-align: center; break-inside: avoid; }
.ws-code .ws-code-role { font-weight: 700; font-size: 17px; min-height: 44px; }
.ws-code .ws-code-text { font-size: 26px; font-weight: 800; letter-spacing: 3px; font-family: monospace; }
.ws-code .ws-code-link { font-size: 13px; word-break: break-all; }
.ws-opt { border-collapse: collapse; font-size: 13px; width: 100%; margin: 4px 0; }
.ws-opt th { font-weight: 600; font-size: 11.5px; color: #555; text-align: right; padding: 2px 4px; line-height: 1.15; }
.ws-opt td { border-top: 1px solid #eee; padding: 3px 4px; text-align: right; vertical-align: top; line-height: 1.25; }
.ws-opt td:first-child, .ws-opt th:first-child { text-align: left; }
.ws-opt small { color: #666; }
.ws-kind { font-size: 12px; font-weight: 700; letter-spacing: 1px; color: #0072B2; text-transform: uppercase; }
.ws-table { border-collapse: collapse; font-size: 15px; width: 100%; }
.ws-table th, .ws-table td { border-bottom: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
.ws-nav a { margin-right: 18px; font-size: 17px; }
.ws-section { font-size: 22px; font-weight: 700; margin: 18px 0 2px; }
@media print { .ws-nav, .ws-noprint { display: none; } }
"""


# ---------------------------------------------------------------------------- shared pieces


def query(name: str) -> str:
    """A parameter of the page's address (``?name=value``)."""
    search = solara.use_router().search or ""
    values = parse_qs(search).get(name, [])
    return values[0] if values else ""


def use_workshop(watch: Callable[[], object]) -> object:
    """Redraw this page when ``watch()`` changes: a thread waits on the workshop's change signal
    (no polling), and stops when the page closes."""
    state = get_state()
    value, set_value = solara.use_state(watch())

    def start():
        stop = threading.Event()
        seen = [watch()]
        set_value(seen[0])

        def loop() -> None:
            while not stop.is_set():
                new = state.wait_for_change(
                    lambda: None if stop.is_set() else watch(), seen[0], WATCH_TIMEOUT_S
                )
                if stop.is_set():
                    return
                if new != seen[0]:
                    seen[0] = new
                    try:
                        set_value(new)
                    except Exception:  # the page has gone
                        return

        threading.Thread(target=loop, name="workshop-watch", daemon=True).start()

        def cleanup() -> None:
            stop.set()
            state.wake()

        return cleanup

    solara.use_effect(start, [])
    return value


@solara.component
def RenderSignal(view: str, round_number: int, status: str, phase: int, version: int, extra: str = ""):
    """An invisible marker drawn last on every render: tests wait on its attributes (the round,
    its status and phase, the workshop's version) instead of sleeping."""
    solara.HTML(
        tag="div",
        unsafe_innerHTML="",
        classes=["crossforce-render"],
        attributes={
            "data-view": view,
            "data-round": str(round_number),
            "data-status": status,
            "data-phase": str(phase),
            "data-version": str(version),
            "data-extra": extra,
        },
    )


@solara.component
def Layout(children=()):
    solara.Style(CSS)
    solara.Column(children=list(children), style={"padding": "8px 14px", "max-width": "1900px"})


# ---------------------------------------------------------------------------- participants


@solara.component
def Home():
    """Solara's first route, whose layout every page shares. The address itself is the join page
    that ``phone_server`` serves (participants' pages are plain HTML, not Solara)."""
    solara.Text("crossforce workshop", classes=["ws-title"])
    solara.HTML(tag="div", unsafe_innerHTML="<a href='/'>Join the workshop</a>")
    RenderSignal("home", 0, "", 0, 0)


# ---------------------------------------------------------------------------- facilitator


def nav_html(key: str) -> str:
    k = quote(key)
    links = [("Projector", f"/room?key={k}"), ("Join codes", f"/codes?key={k}"),
             ("Set-up and seats", f"/setup?key={k}"), ("Debrief", f"/debrief?key={k}")]  # fmt: skip
    return (
        "<div class='ws-nav'>" + "".join(f"<a href='{href}'>{escape(t)}</a>" for t, href in links) + "</div>"
    )


def NotFacilitator():
    solara.Text("This page is for the facilitator", classes=["ws-title"])
    solara.Text(
        "Open it with the facilitator's link printed on the console when the workshop started.",
        classes=["ws-error", "ws-refused"],
    )
    RenderSignal("refused", 0, "refused", 0, 0)


def seats_html(room: RoomView) -> str:
    if not room.seats:
        return "<div class='ws-note'>Nobody has joined yet: every role is played by the model's agents.</div>"
    rows = []
    for seat in room.seats:
        if room.status != "open" or seat.total == 0:
            mark, cls = ("–", "ws-no")
        else:
            mark, cls = ("✓ decided", "ws-yes") if seat.done else (f"{seat.answered}/{seat.total}", "ws-no")
        device = "" if seat.connected else " (no device)"
        rows.append(
            f"<div data-seat='{seat.number}' class='{'ws-seat-done' if seat.done else 'ws-seat-open'}'>"
            f"<span class='{cls}'>{escape(mark)}</span> P{seat.number:02d} {escape(seat.label)} · "
            f"{escape(seat.role_label)}{device}</div>"
        )
    return "<div class='ws-seats'>" + "".join(rows) + "</div>"


def room_status(room: RoomView) -> str:
    follow = f", follow-up {room.phase - 1}" if room.phase > 1 else ""
    return {
        "waiting": "Waiting to start: open roles, show the join codes, then press Start.",
        "open": f"Round {room.round_number}{follow}: the room is deciding ({room.questions} decisions).",
        "closed": f"Round {room.round_number} closed: the quarter has been played.",
        "finished": "The run has ended: see the debrief.",
    }[room.status]


@solara.component
def MapPanel(key: str, version: int):
    state = get_state()
    names, labels = state.with_live(key, lambda m: (list(m.caps.names), list(m.caps.labels)))
    capability, set_capability = solara.use_state(
        "covert_surveillance" if "covert_surveillance" in names else names[0]
    )
    from dashboards.controls import options
    from dashboards.workshop.projector_parts import map_svg

    svg = state.with_live(key, lambda m: map_svg(m, m.caps.names.index(capability)))
    with solara.Column():
        solara.v.Select(  # the capability's label on screen, its name behind it (one source: the catalogue)
            label="Capability on the map",
            v_model=capability,
            items=options(zip(names, labels, strict=True)),
            on_v_model=set_capability,
        )
        solara.HTML(tag="div", unsafe_innerHTML=svg, style={"max-height": "60vh", "max-width": "52vh"})


@solara.component
def ChartPanel(key: str, version: int):
    state = get_state()
    from dashboards.workshop.projector_parts import chart

    live = state.with_live(key, lambda m: m.recorder.model_series().copy())
    baseline = state.engine.model_run().recorder.model_series()
    baseline = baseline[baseline["step"] <= max(int(live["step"].max()) if not live.empty else 0, 1) + 8]
    solara.Text(
        "This run (blue) against the same run played by the model's own agents (grey).", classes=["ws-note"]
    )
    solara.widgets.VegaLite.element(spec=chart(live, baseline))


@solara.component
def Countdown(status: str, paused: bool, time_left: float | None, version: int):
    """The projector's clock in seconds, redrawn each second while a timed round runs."""
    now, set_now = solara.use_state(0)

    def tick():
        stop = threading.Event()
        if status != "open" or paused or time_left is None:
            return None

        def loop():
            n = 0
            while not stop.wait(1.0):
                n += 1
                try:
                    set_now(n)
                except Exception:
                    return

        threading.Thread(target=loop, daemon=True).start()
        return stop.set

    solara.use_effect(tick, [status, paused, time_left, version])
    left = get_state().time_left()
    text = (
        ""
        if status != "open"
        else ("paused" if paused else ("no time limit" if left is None else f"{left:.0f} s left"))
    )
    solara.Text(text, classes=["ws-big", "ws-clock"], style={"font-size": "34px"})
    _ = now


@solara.component
def Room():
    key = query("key")
    if get_state().is_facilitator(key):
        RoomPage(key)
    else:
        NotFacilitator()


@solara.component
def RoomPage(key: str):
    state = get_state()
    use_workshop(lambda: state.version)
    error, set_error = solara.use_state("")
    room = state.room_view(key)

    def act(action: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                action()
                set_error("")
            except Refused as refused:
                set_error(str(refused))

        return run

    solara.HTML(tag="div", unsafe_innerHTML=nav_html(key), classes=["ws-noprint"])
    with solara.Row(style={"align-items": "center", "flex-wrap": "wrap"}):
        solara.Text(room.quarter or "Before the first round", classes=["ws-big", "ws-quarter"])
        solara.Text(room_status(room), classes=["ws-title", "ws-status"])
        Countdown(room.status, room.paused, room.time_left, room.version)
    with solara.Row(style={"flex-wrap": "wrap"}):
        label = {
            "waiting": "▶ Start",
            "open": "Close round and advance ▶",
            "closed": "Next round ▶",
            "finished": "Run ended",
        }
        solara.Button(label[room.status], color="primary", on_click=act(lambda: state.advance(key)),
                      disabled=room.status == "finished")  # fmt: skip
        solara.Button(
            "Resume clock" if room.paused else "❚❚ Pause clock",
            on_click=act(lambda: state.resume_clock(key) if room.paused else state.pause(key)),
            disabled=room.status != "open",
        )
        solara.Button(
            "⟲ Back one round", on_click=act(lambda: state.rewind(key)), disabled=not room.round_number
        )
    solara.Text(error, classes=["ws-error"])
    decided = sum(s.done for s in room.seats)
    asked = sum(s.total > 0 for s in room.seats)
    solara.Text(
        ("Everyone has decided: advance when ready. " if room.all_decided else "")
        + (f"Decided: {decided} of {asked} players with decisions this round. " if room.status == "open" else "")
        + f"{len(room.roles_played)} roles played by {len(room.seats)} people; every other role is the model's own agent. "
        + "Map and charts: the position at the start of the quarter being decided.",
        classes=["ws-sub", "ws-decided"],
    )  # fmt: skip
    with solara.Columns([4, 6, 4]):
        MapPanel(key, state.round_version)  # the live model changes only with the round
        with solara.Column():
            ChartPanel(key, state.round_version)
        with solara.Column():
            solara.Text("Who has decided", style={"font-size": "22px", "font-weight": "700"})
            solara.HTML(tag="div", unsafe_innerHTML=seats_html(room))
    RenderSignal("room", room.round_number, room.status, room.phase, room.version,
                 extra=f"{decided}/{asked}")  # fmt: skip


@solara.component
def Codes():
    key = query("key")
    if get_state().is_facilitator(key):
        CodesPage(key)
    else:
        NotFacilitator()


@solara.component
def CodesPage(key: str):
    state = get_state()
    version = use_workshop(lambda: state.version)
    headers = solara.lab.headers.value or {}
    host = (headers.get("host") or [""])[0]
    base = (public_url() or (f"http://{host}" if host else "")).rstrip("/")
    from dashboards.workshop.qr import qr_svg

    codes = state.join_codes(key)
    solara.HTML(tag="div", unsafe_innerHTML=nav_html(key), classes=["ws-noprint"])
    solara.Text("Join the workshop: scan the code for your role", classes=["ws-title"])
    local = any(h in base for h in ("127.0.0.1", "localhost", "[::1]"))
    solara.Text(
        (f"Phones cannot reach {base}: start with --host 0.0.0.0 and open this page at the laptop's "
         "network address (or pass --public-url)." if local else "")
        + ("" if codes else "No role is open yet: choose roles on the Set-up page."),
        classes=["ws-error", "ws-noprint"],
    )  # fmt: skip
    cards = []
    for role, label, code in codes:
        url = f"{base}/join?c={code}"
        cards.append(
            f"<div class='ws-code' data-role='{escape(role)}'><div class='ws-code-role'>{escape(label)}</div>"
            f"{qr_svg(url)}<div class='ws-code-text'>{code}</div>"
            f"<div class='ws-code-link'><a class='join-link' href='{escape(url)}'>{escape(url)}</a></div></div>"
        )
    solara.HTML(tag="div", unsafe_innerHTML=f"<div class='ws-codes'>{''.join(cards)}</div>")
    solara.Text(
        f"Or open {base}/ and type the code. Several people may take the same role.", classes=["ws-sub"]
    )
    RenderSignal("codes", state.round_number, state.status, state.phase, int(version))


@solara.component
def Setup():
    key = query("key")
    if get_state().is_facilitator(key):
        SetupPage(key)
    else:
        NotFacilitator()


def rounds_and_seats_cards(key: str, act: Callable[..., Callable[[], None]]) -> None:
    """The Set-up page's "Rounds" and "Seats" cards, drawn inside ``SetupPage``'s render (a plain
    function, not a component: it keeps the page's elements as they were and ``SetupPage`` short).
    ``act(action, done)`` wraps an action in the page's error and message handling."""
    state = get_state()
    with solara.Card("Rounds"):
        limit = state.time_limit_s
        limit_label = next((k for k, v in TIME_LIMITS.items() if v == limit), None) or f"{limit:.0f} s"
        solara.Select("Time limit per round", value=limit_label, values=list(dict.fromkeys([*TIME_LIMITS, limit_label])),
                      on_value=lambda v: act(lambda: state.set_time_limit(key, TIME_LIMITS.get(v, limit)))())  # fmt: skip
        solara.Checkbox(label="Let new players join", value=state.joining,
                        on_value=lambda v: act(lambda: state.set_options(key, joining=v))())  # fmt: skip
        solara.Checkbox(label="Skip quarters with nothing for the room to decide", value=state.skip_quiet,
                        on_value=lambda v: act(lambda: state.set_options(key, skip_quiet=v))())  # fmt: skip
        solara.Checkbox(label="Close a round as soon as everyone has decided", value=state.auto_close,
                        on_value=lambda v: act(lambda: state.set_options(key, auto_close=v))())  # fmt: skip
    with solara.Card("Seats"):
        seats = state.seats_list(key)
        solara.Text(f"{len(seats)} players." if seats else "Nobody has joined yet.", classes=["ws-note"])
        with solara.Column(gap="2px"):
            for seat in seats:
                with solara.Row(style={"align-items": "center"}, classes=["ws-seat-row"]).key(seat.token[:8]):
                    solara.Text(f"P{seat.number:02d} {seat.label} · {state.short(seat.role)} · "
                                f"{'on a device' if seat.browser else 'free: the next device to open its link takes it'}")  # fmt: skip
                    solara.Button("Free for another device", text=True,
                                  on_click=act(lambda n=seat.number: state.reassign(key, n), "Seat freed."))  # fmt: skip
                    solara.Button("Remove", text=True,
                                  on_click=act(lambda n=seat.number: state.remove_seat(key, n), "Seat removed."))  # fmt: skip


@solara.component
def SetupPage(key: str):
    state = get_state()
    version = use_workshop(lambda: state.version)
    error, set_error = solara.use_state("")
    message, set_message = solara.use_state("")
    open_roles = set(state.open_roles)
    names = state.force_names
    by_name = {name: fid for fid, name in names.items()}
    opened_forces = [
        names[f] for f in state.force_ids if f"chief:{f}" in open_roles or f"pcc:{f}" in open_roles
    ]
    forces, set_forces = solara.use_state(opened_forces)
    chiefs, set_chiefs = solara.use_state(any(r.startswith("chief:") for r in open_roles) or not open_roles)
    pccs, set_pccs = solara.use_state(any(r.startswith("pcc:") for r in open_roles) or not open_roles)
    home, set_home = solara.use_state("home_secretary" in open_roles or not open_roles)
    hmic, set_hmic = solara.use_state("hmic" in open_roles or not open_roles)

    def act(action: Callable[[], object], done: str = "") -> Callable[[], None]:
        def run() -> None:
            try:
                result = action()
                set_error("")
                set_message(done or (str(result) if result else ""))
            except Refused as refused:
                set_error(str(refused))

        return run

    def open_roles_now() -> None:
        from dashboards.workshop.roles import roles_for

        state.set_roles(key, roles_for([by_name[n] for n in forces], chiefs, pccs, home, hmic))

    def export() -> str:
        written = state.export(key)
        return f"Exported {len(written)} files to {written[0].parent}"

    solara.HTML(tag="div", unsafe_innerHTML=nav_html(key), classes=["ws-noprint"])
    solara.Text("Set-up and seats", classes=["ws-title"])
    solara.Text(error, classes=["ws-error"])
    solara.Text(message, classes=["ws-sub", "ws-message"])
    with solara.Card("Roles open to the room"):
        solara.Text(
            "Roles nobody takes are played by the model's own agents. Changes apply from the next round.",
            classes=["ws-note"],
        )
        solara.SelectMultiple("Forces", values=forces, all_values=list(names.values()), on_value=set_forces)
        with solara.Row():
            solara.Checkbox(label="Chief Constables", value=chiefs, on_value=set_chiefs)
            solara.Checkbox(label="Police and Crime Commissioners", value=pccs, on_value=set_pccs)
            solara.Checkbox(label="Home Secretary", value=home, on_value=set_home)
            solara.Checkbox(label="HMIC", value=hmic, on_value=set_hmic)
        solara.Button("Open these roles", color="primary", on_click=act(open_roles_now, "Roles updated."))
        solara.Text(
            "Open now: " + (", ".join(state.short(r) for r in state.open_roles) or "none"),
            classes=["ws-note"],
        )
    rounds_and_seats_cards(key, act)
    with solara.Card("Export"):
        solara.Text(
            "The session log and the run's tables (CSV and Parquet) go to the export folder beside the session log.",
            classes=["ws-note"],
        )
        solara.Button("Export now", on_click=act(export))
    RenderSignal("setup", state.round_number, state.status, state.phase, int(version))


def table_html(frame) -> str:
    """A table as HTML (money already written as words: ``debrief.in_money``)."""
    if frame.empty:
        return "<div class='ws-note'>None.</div>"
    head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
    body = []
    for row in frame.itertuples(index=False):
        cells = "".join(f"<td>{escape('' if v is None or v != v else str(v))}</td>" for v in row)
        body.append(f"<tr>{cells}</tr>")
    return f"<table class='ws-table'><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


@solara.component
def Debrief():
    key = query("key")
    if get_state().is_facilitator(key):
        DebriefPage(key)
    else:
        NotFacilitator()


@solara.component
def DebriefPage(key: str):
    state = get_state()
    version = use_workshop(lambda: state.version)
    snapshot = state.snapshot(key)
    html, diverged = debrief_html(snapshot, state.engine, list(state.cap_labels.values()))
    solara.HTML(tag="div", unsafe_innerHTML=nav_html(key), classes=["ws-noprint"])
    solara.Text("Debrief: the room against the model's own agents", classes=["ws-title"])
    solara.HTML(tag="div", unsafe_innerHTML=html)
    RenderSignal("debrief", state.round_number, state.status, state.phase, int(version),
                 extra=str(diverged))  # fmt: skip


def debrief_html(snapshot, engine, labels: list[str]) -> tuple[str, int]:
    """The debrief's sections (a plain function: the page stays short), and how many decisions
    the room answered differently from the agents. The runs are rebuilt from a snapshot, without
    the workshop's lock."""
    from dashboards.workshop import debrief as d

    compare = d.comparison(snapshot, engine)
    quarters = d.by_quarter(snapshot, engine)
    moved = quarters[(quarters["cost"].abs() + quarters["harm"].abs() >= 0.05) | quarters["round"].notna()]
    moved = moved.assign(round=[f"round {int(r)}" if r == r and r is not None else "played by the agents"
                                for r in moved["round"]])  # fmt: skip
    roles = d.by_role(snapshot, engine)
    decisions = d.decisions_in_words(snapshot, labels)
    why = d.why_no_difference(snapshot)
    lines = [why] if why else d.difference_lines(compare)

    def section(title: str, note: str, table: str) -> str:
        return f"<h3 class='ws-section'>{escape(title)}</h3><p class='ws-note'>{escape(note)}</p>{table}"

    parts = [
        "".join(f"<p class='ws-sub ws-difference'>{escape(t)}</p>" for t in lines),
        section("The two runs", "The yardstick is the same scenario and seed with every role played by the "
                "model's agents. Totals in £m: everything the room changed, knock-on effects included.",
                table_html(d.in_money(compare, ["cost (£m)", "harm (£m)"], signed=False))),
        section("Round by round", "The room's run minus the model's own, each quarter (£m; harm valued in "
                "money). A quarter also carries the knock-on of earlier choices.",
                table_html(d.in_money(moved.drop(columns=["step"]), ["cost", "harm", "cost so far", "harm so far"]))),
        section("Role by role", "Each role's choices on their own: the run so far with only that role's answers "
                "replayed, minus the model's own (£m). Choices interact, so the roles need not add up to the room.",
                table_html(d.in_money(roles, ["cost", "harm"]))),
        table_html(d.summary_by_role(snapshot)),
        section(f"The decisions that made the difference ({len(decisions)})", "Where the room chose "
                "differently from the agent, with the yearly figures as the agent's own scoring saw them when the "
                "decision was taken (estimates, not outcomes; positive: dearer, more harm, or value forgone).",
                table_html(decisions)),
    ]  # fmt: skip
    return "".join(parts), len(decisions)


routes = [
    solara.Route(path="/", component=Home, label="crossforce workshop", layout=Layout),
    solara.Route(path="room", component=Room, label="Projector"),
    solara.Route(path="codes", component=Codes, label="Join codes"),
    solara.Route(path="setup", component=Setup, label="Set-up"),
    solara.Route(path="debrief", component=Debrief, label="Debrief"),
]
