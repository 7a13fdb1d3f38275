"""The workshop as a room uses it: a facilitator and 30 participants in headless Chromium, each in
their own browser context (their own cookies: their own device), with the network blocked.

No sleeps and no retries: every wait is for a page's own render signal (``.crossforce-render``,
whose ``data-round``/``data-status`` say which round the page shows and ``data-extra`` a
participant's role and how many of their decisions they have answered). Participants' pages are
plain HTML pushed by the server (``dashboards/workshop/phone_server.py``); the facilitator's are
Solara. Every page is scanned for words a person should never read (``plain_english_problems``),
a phone page is at most three screens tall, and the projector fits its screen.
"""

from __future__ import annotations

import json
import os
import re
import socket
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the `browser` fixture reports it: skip locally, fail on CI
    if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

from dashboards.workshop.engine import Setup
from dashboards.workshop.server import start_in_background
from dashboards.workshop.session_log import ARISEN_BY_MODEL, DELEGATED
from dashboards.workshop.state import WorkshopState

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "artifacts" / "browser"
TIMEOUT = 60_000  # ms: a round trip on a loaded 2-core machine with 31 pages open
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}
FORCES = ("ASP", "BED", "CAM", "CHE", "COL", "CLE", "CUM", "DER", "DCP", "DOR", "DUR", "DYP",
          "ESX", "GLO", "GMP", "GWE", "HAM", "HER", "HUM", "KEN", "LAN", "LEI", "LIN", "MER")  # fmt: skip
# chiefs review in the quarter of their force's place in the table (index % 4): these 24 cover
# the first three quarters six times over; two people share a role; two PCCs; HMIC; the Home Secretary
ROLES = [f"chief:{f}" for f in FORCES] + ["pcc:ASP", "pcc:DYP", "hmic", "home_secretary"]
SEATS = [*ROLES[:24], "chief:ASP", "chief:BED", "pcc:ASP", "pcc:DYP", "hmic", "home_secretary"]
ROUNDS = 3
SCREENS = 3  # a phone page at 390x844 is at most this many screens tall
#: What no screen may show: snake_case, "gbp m", a lower-cased acronym, "£-", the answerer as "human".
NOT_PLAIN = {
    "snake_case": re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b"),
    "gbp m": re.compile(r"gbp[ _]?m\b", re.IGNORECASE),
    "lower-case acronym": re.compile(r"\b(arvs?|cse|hr|ict|rocu|pccs?|hmic)\b"),
    "£-": re.compile(r"£\s?[-−]"),
    "human": re.compile(r"\bhuman\b"),
}


@pytest.fixture(scope="module")
def workshop(tmp_path_factory):
    """A workshop server (the app ``crossforce workshop`` serves) on a fresh session log."""
    folder = tmp_path_factory.mktemp("workshop")
    log = folder / "workshop.json"
    state = WorkshopState(Setup("baseline", 1, {"years": 2}), log, roles=ROLES)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    output = ARTIFACTS / "workshop-server.log"
    process = start_in_background(log, port, output, folder / "cdn")
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:  # the server's own readiness: it answers HTTP (not a retry of a test step)
        if process.poll() is not None:
            raise RuntimeError(output.read_text()[-3000:])
        try:
            with urllib.request.urlopen(url + "/", timeout=2):
                break
        except (urllib.error.URLError, OSError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)
    try:
        yield {"url": url, "key": state.key, "log": log, "output": output}
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=20)


def server_errors(output: Path) -> list[str]:
    return [
        line
        for line in output.read_text(errors="replace").splitlines()
        if line.startswith(("ERROR", "Traceback", "Exception")) or "raised exception" in line
    ]


def signal(page: Page, **attributes) -> None:
    """Wait until the page's render signal shows these attributes."""
    selector = ".crossforce-render" + "".join(f"[data-{k}='{v}']" for k, v in attributes.items())
    page.locator(selector).wait_for(state="attached", timeout=TIMEOUT)


def close_until_round(room: Page, n: int) -> None:
    """Start, or close the open round, until round ``n`` is open: an answer can raise a follow-up
    decision in the same quarter (a partner's policing body to sign), which the facilitator closes
    in turn (each close is confirmed by the page's phase or round changing, not by waiting)."""
    while True:
        marker = room.locator(".crossforce-render[data-view='room']")
        now = int(marker.get_attribute("data-round", timeout=TIMEOUT))
        if now >= n:
            return
        phase = marker.get_attribute("data-phase", timeout=TIMEOUT)
        room.get_by_role("button", name=re.compile("Start|Close round and advance")).click()
        room.wait_for_function(
            "([round, phase]) => { const m = document.querySelector(\".crossforce-render[data-view='room']\");"
            " return m && (m.dataset.round !== round || m.dataset.phase !== phase) && m.dataset.status !== 'advancing'; }",
            arg=[str(now), phase],
            timeout=TIMEOUT,
        )


def plain_english_problems(page: Page) -> list[str]:
    """The words on a page no participant or facilitator should have to read."""
    text = page.locator("body").inner_text(timeout=TIMEOUT)
    return [f"{what}: {m.group(0)!r} in …{text[max(0, m.start() - 40) : m.end() + 40]!r}…"
            for what, pattern in NOT_PLAIN.items() for m in pattern.finditer(text)]  # fmt: skip


def phone_screens(page: Page) -> float:
    """How many screens tall a page is at its viewport's height."""
    return page.evaluate("document.documentElement.scrollHeight / window.innerHeight")


def extra(page: Page) -> str:
    return page.locator(".crossforce-render").get_attribute("data-extra", timeout=TIMEOUT)


def choose_first_decision(page: Page, role: str) -> str:
    """Answer the first decision on the page with its last option (HMIC's inspections: tick the
    last force too); returns the option's name."""
    card = page.locator(".ws-card").first
    boxes = card.locator("input[type=checkbox]")
    if boxes.count():
        box = boxes.last
        chosen = box.locator("xpath=..").locator("b").inner_text()
        box.check()
        card.get_by_role("button", name=re.compile("Save my choice")).click()
    else:
        option = card.locator("button.ws-option").last
        chosen = option.locator(".ws-opt-name").inner_text()
        option.click()
    page.locator(f".crossforce-render[data-extra^='{role}|1/']").wait_for(state="attached", timeout=TIMEOUT)
    return chosen


class Stopwatch:
    """Where the test's time goes (written to artifacts/browser/workshop-timings.txt; not asserted)."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.lines: list[str] = []

    def lap(self, what: str) -> None:
        now = time.perf_counter()
        self.lines.append(f"{now - self.start:7.1f} s  (+{now - self.last:5.1f} s)  {what}")
        self.last = now
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "workshop-timings.txt").write_text("\n".join(self.lines) + "\n")


def test_thirty_participants_play_three_rounds(workshop, new_offline_session, save_screenshot):
    url, key = workshop["url"], workshop["key"]
    watch = Stopwatch()
    facilitator = new_offline_session(viewport=PROJECTOR)
    room = facilitator.open(f"{url}/codes?key={key}", timeout=TIMEOUT)
    signal(room, view="codes")
    links = {a.get_attribute("data-role"): a.locator("a.join-link").get_attribute("href")
             for a in room.locator(".ws-code").all()}  # fmt: skip
    assert set(links) == set(ROLES)
    save_screenshot(room, "workshop-join-codes")
    assert plain_english_problems(room) == []
    watch.lap("join codes read")
    assert room.locator(".ws-code svg.segno").count() == len(ROLES)  # a QR code per role, drawn offline

    players = []
    for i, role in enumerate(SEATS):
        session = new_offline_session(viewport=PHONE if i % 2 == 0 else {"width": 800, "height": 900})
        session.goto(links[role])
        players.append((role, session))
    for role, session in players:
        signal(session.page, view="participant", status="waiting")
        assert extra(session.page).startswith(role + "|")
    watch.lap(f"{len(players)} participants seated")

    room.goto(f"{url}/room?key={key}")
    signal(room, view="room", status="waiting")
    expect(room.get_by_text(re.compile(r"28 roles played by 30 people"))).to_be_visible()
    answered = play(room, players, watch, save_screenshot)
    close_until_round(room, ROUNDS + 1)
    for _role, session in players:
        signal(session.page, round=ROUNDS + 1)
    watch.lap("final advance shown everywhere")
    for path in ("setup", "debrief"):
        room.goto(f"{url}/{path}?key={key}")
        signal(room, view=path)
        assert plain_english_problems(room) == [], path
    assert int(extra(room)) > 0  # the room's last options differ from the agents' choices
    expect(room.locator(".ws-difference").first).to_contain_text("the room's choices")
    save_screenshot(room, "workshop-debrief")
    check_the_log(workshop["log"], answered)
    for role, session in [("facilitator", facilitator), *players]:
        assert session.aborted == [], f"{role}: non-local requests"
        assert session.local_errors == [], f"{role}: {session.local_errors}"
        assert session.console_errors == [], f"{role}: {session.console_errors}"
        expect(session.page.locator("body")).not_to_contain_text("Traceback")
    assert server_errors(workshop["output"]) == []


def play(room: Page, players: list, watch: Stopwatch, save_screenshot) -> dict[str, list[str]]:
    """Play ``ROUNDS`` rounds: every page shows each round, every phone is plain English and at most
    three screens tall, and one player in each role answers its first decision."""
    answered: dict[str, list[str]] = {}
    for n in range(1, ROUNDS + 1):
        close_until_round(room, n)
        signal(room, view="room", round=n, status="open")
        watch.lap(f"round {n}: projector open")
        for _role, session in players:
            signal(session.page, round=n, status="open")
        watch.lap(f"round {n}: every page shows it")
        for role, session in players:
            page = session.page
            count = int(extra(page).split("|")[1].split("/")[1])
            assert page.locator(".ws-kind[data-role]").count() == count
            assert {
                page.locator(".ws-kind[data-role]").nth(i).get_attribute("data-role") for i in range(count)
            } <= {role}
            assert plain_english_problems(page) == [], role
            if page.viewport_size == PHONE:
                assert phone_screens(page) <= SCREENS, f"{role}: {phone_screens(page):.1f} screens"
            if count and page.locator(".ws-card.ws-open").count() == count:  # nobody in the role answered yet
                answered.setdefault(role, []).append(choose_first_decision(page, role))
        watch.lap(f"round {n}: answered")
        if n == 1:
            phone = next(s for r, s in players if r == "chief:ASP").page
            save_screenshot(phone, "workshop-participant-phone")
            check_the_projector(room, save_screenshot)
    return answered


def check_the_projector(room: Page, save_screenshot) -> None:
    """The projector page in plain English, and unclipped on a full-HD and a laptop screen."""
    assert plain_english_problems(room) == []
    for width, height in ((1920, 1080), (1366, 768)):
        room.set_viewport_size({"width": width, "height": height})
        signal(room, view="room")
        overflow = room.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"the projector page is {overflow} px too wide at {width}x{height}"
        room.screenshot(path=str(ARTIFACTS / f"workshop-projector-{width}x{height}.png"))
    room.set_viewport_size(PROJECTOR)


def check_the_log(log_path: Path, answered: dict[str, list[str]]) -> None:
    """Every choice recorded once, behind its decision's answer."""
    log = json.loads(log_path.read_text())
    votes = [v for v in log["votes"] if v["status"] == "counted"]
    per_person = Counter((v["participant"], v["key"]) for v in votes)
    assert per_person and max(per_person.values()) == 1, "a participant's choice was recorded twice"
    assert len(votes) == sum(len(v) for v in answered.values())
    rows = [r for r in log["answers"] if r["round"] <= ROUNDS]
    keys = Counter(r["key"] for r in rows if r["status"] == "used")
    assert keys and max(keys.values()) == 1, "a decision was recorded twice"
    by_key = {r["key"]: r for r in rows}
    for (
        vote
    ) in votes:  # each vote is behind its decision's answer (nobody shares a first decision but the pairs)
        assert by_key[vote["key"]]["by"] == "human"
        assert vote["participant"] in by_key[vote["key"]]["participants"] or by_key[vote["key"]]["role"] in {
            "chief:ASP",
            "chief:BED",
        }
    assert {r["by"] for r in rows} <= {"human", "timed out", ARISEN_BY_MODEL, DELEGATED}


def test_a_reloaded_phone_keeps_its_seat_and_another_browser_is_refused(workshop, new_offline_session):
    url, key = workshop["url"], workshop["key"]
    state_log = json.loads(workshop["log"].read_text())
    code = state_log["role_codes"]["pcc:DYP"]
    phone = new_offline_session(viewport=PHONE)
    page = phone.goto(f"{url}/join?c={code}")
    signal(page, view="participant")
    page.wait_for_url(re.compile(r"/play\?seat="), timeout=TIMEOUT)
    seat_url = page.url
    number = page.locator(".ws-seat").inner_text(timeout=TIMEOUT)
    title = page.locator(".ws-role").inner_text(timeout=TIMEOUT)
    assert re.fullmatch(r"(Police authority|Police and Crime Commissioner), Dyfed-Powys", title)
    name = page.get_by_label("Your name (shown on the projector; optional)")
    name.fill("Dyfed PCC")
    name.press("Enter")
    expect(page.locator("#ws-name-saved")).to_have_text("Saved.", timeout=TIMEOUT)
    page.reload()
    signal(page, view="participant")
    expect(page.locator(".ws-role")).to_have_text(title, timeout=TIMEOUT)
    expect(page.locator(".ws-seat")).to_have_text(number)
    expect(page.get_by_label("Your name (shown on the projector; optional)")).to_have_value("Dyfed PCC")
    page.goto(f"{url}/join?c={state_log['role_codes']['hmic']}")  # one browser, one seat
    signal(page, view="join")
    expect(page.locator(".ws-refused")).to_contain_text("one browser, one seat")
    expect(page.locator(".ws-refused")).to_contain_text("ask the facilitator to remove that seat")
    page.get_by_role("link", name="Back to your seat").click()
    signal(page, view="participant")

    thief = new_offline_session(viewport=PHONE)
    stolen = thief.goto(seat_url)
    signal(stolen, view="refused")
    expect(stolen.locator(".ws-refused")).to_contain_text("already in use on another device")
    fac = new_offline_session(viewport=PROJECTOR)
    for path in ("room", "codes", "setup", "debrief"):
        denied = fac.open(f"{url}/{path}?key=wrong", timeout=TIMEOUT)
        signal(denied, view="refused")
    setup = fac.open(f"{url}/setup?key={key}", timeout=TIMEOUT)
    signal(setup, view="setup")
    seat_number = int(re.match(r"P(\d+)", number).group(1))
    row = setup.locator(".ws-seat-row").filter(has_text=f"P{seat_number:02d} Dyfed PCC")
    row.get_by_role("button", name="Free for another device").click()
    expect(setup.locator(".ws-message")).to_have_text("Seat freed.", timeout=TIMEOUT)
    stolen.reload()
    signal(stolen, view="participant")
    expect(stolen.locator(".ws-role")).to_have_text(title, timeout=TIMEOUT)
    page.reload()
    signal(page, view="refused")  # the first phone gave the seat up
