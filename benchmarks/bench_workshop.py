"""How long a workshop's "advance" takes: on the server, and until every page shows the new round.

Two measurements (not a test; numbers go to benchmarks/results/workshop.md):

1. **Server.** ``WorkshopState.advance`` in-process over a whole 10-year run with 30 seats, each
   seat answering one decision a round against its agent's choice: closing the round (votes
   combined, the quarter played with the answers replayed) and opening the next (the run rebuilt
   and probed for the next quarter with questions). Reported per year of the run, since the
   rebuild grows with the quarters played.
2. **Browser.** The workshop server (the app ``crossforce workshop`` serves) with a facilitator
   and N participants in headless Chromium (one context each, network blocked to 127.0.0.1):
   the time from the facilitator's click on advance to the moment the last page shows the new
   round, taken from each page's own clock (a MutationObserver on the render signal, so the
   measuring adds no round trips). N = 30 against N = 1 gives the cost of the room's size.

Usage: python benchmarks/bench_workshop.py [--advances 5] [--participants 30] [--skip-browser]
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import statistics
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from dashboards.workshop.engine import Setup
from dashboards.workshop.server import start_in_background
from dashboards.workshop.state import WorkshopState

RESULTS = Path(__file__).with_name("results")
FORCES = ("ASP", "BED", "CAM", "CHE", "COL", "CLE", "CUM", "DER", "DCP", "DOR", "DUR", "DYP",
          "ESX", "GLO", "GMP", "GWE", "HAM", "HER", "HUM", "KEN", "LAN", "LEI", "LIN", "MER")  # fmt: skip
ROLES = [f"chief:{f}" for f in FORCES] + ["pcc:ASP", "pcc:DYP", "hmic", "home_secretary"]
SEATS = [*ROLES[:24], "chief:ASP", "chief:BED", "pcc:ASP", "pcc:DYP", "hmic", "home_secretary"]
SEEN = """
window.__seen = {};
const crossforceSeen = () => {
  const el = document.querySelector('.crossforce-render');
  if (!el) return;
  const key = el.dataset.round + '/' + el.dataset.status;
  if (!(key in window.__seen)) window.__seen[key] = Date.now();
};
new MutationObserver(crossforceSeen).observe(document, {subtree: true, childList: true, attributes: true,
  attributeFilter: ['data-round', 'data-status']});
"""


def other_choice(d) -> tuple[str, ...]:
    if d.pick > 1:
        return tuple(o.key for o in d.options[-d.pick :])
    others = [o.key for o in d.options if o.key not in d.model_choice]
    return (others[-1],) if others else d.model_choice


def server_side(years: int, spare: bool) -> list[dict]:
    """Advance through a whole run in-process; every seat answers one decision a round. With
    ``spare``, each advance waits (as a room deciding would) until the background twin is ready;
    without, the twin is always rebuilt at the advance."""
    with tempfile.TemporaryDirectory() as folder:
        state = WorkshopState(Setup("baseline", 1, {"years": years}), Path(folder) / "w.json", roles=ROLES)
        state.background = spare
        seats = [state.join(state.role_codes[role], f"browser-{i}") for i, role in enumerate(SEATS)]
        while state.status != "finished":
            deadline = time.monotonic() + 120
            while (
                spare and state.status != "waiting" and state._spare is None and time.monotonic() < deadline
            ):
                time.sleep(0.05)  # the room deciding while the spare is built
            state.advance(state.key)
            for seat in seats:
                mine = [d for d in state.questions.values() if d.role == seat.role]
                if mine and state.status == "open":
                    state.choose(seat.token, seat.browser, mine[0].key, other_choice(mine[0]))
        return list(state.timings)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def browser_side(
    participants: int, advances: int, pause_s: float
) -> tuple[list[float], list[float], list[float]]:
    """Click advance ``advances`` times with ``participants`` pages open; returns, per advance, the
    time until the last page showed the new round, the median page, and the server's own part."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        log = folder / "workshop.json"
        state = WorkshopState(Setup("baseline", 1, {"years": 3}), log, roles=ROLES, skip_quiet=False)
        port = free_port()
        process = start_in_background(log, port, folder / "server.log", folder / "cdn")
        url = f"http://127.0.0.1:{port}"
        try:
            while True:
                try:
                    urllib.request.urlopen(url + "/", timeout=2)
                    break
                except (urllib.error.URLError, OSError):
                    time.sleep(0.25)
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox", "--disable-gpu"]
                )

                def context(viewport):
                    ctx = browser.new_context(viewport=viewport, service_workers="block")
                    ctx.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
                    ctx.add_init_script(SEEN)
                    return ctx.new_page()

                room = context({"width": 1920, "height": 1080})
                pages = []
                for role in SEATS[:participants]:
                    page = context({"width": 390, "height": 844})
                    page.goto(f"{url}/join?c={state.role_codes[role]}", wait_until="commit")
                    pages.append(page)
                for page in pages:
                    page.locator(".crossforce-render[data-view='participant']").wait_for(
                        state="attached", timeout=600_000
                    )
                room.goto(f"{url}/room?key={state.key}")
                room.locator(".crossforce-render[data-view='room']").wait_for(
                    state="attached", timeout=120_000
                )
                last, median, server = [], [], []
                for n in range(1, advances + 2):
                    time.sleep(pause_s)  # the room deciding (the server builds its spare twin meanwhile)
                    start = room.evaluate("Date.now()")
                    room.locator("button").filter(has_text="Start").or_(
                        room.locator("button").filter(has_text="advance")
                    ).first.click()
                    seen = []
                    for page in [room, *pages]:
                        page.locator(f".crossforce-render[data-round='{n}'][data-status='open']").wait_for(
                            state="attached", timeout=600_000
                        )
                        seen.append(page.evaluate(f"window.__seen['{n}/open']"))
                    if n == 1:
                        continue  # the first round opens from the start: not an advance
                    times = [(t - start) / 1000 for t in seen]
                    last.append(max(times))
                    median.append(statistics.median(times))
                    import json

                    timings = json.loads(log.read_text())["timings"]
                    server.append(timings[-1]["seconds"])
                browser.close()
        finally:
            os.killpg(process.pid, 15)
            process.wait(timeout=20)
    return last, median, server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--advances", type=int, default=5)
    parser.add_argument("--participants", type=int, default=30)
    parser.add_argument("--years", type=int, default=10, help="run length for the server-side part")
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument(
        "--pause", type=float, default=8.0, help="seconds the room 'decides' between advances"
    )
    args = parser.parse_args()
    lines = [
        "# Workshop: time to advance a round",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, load average at start "
        f"{os.getloadavg()[0]:.1f}. `python benchmarks/bench_workshop.py` ({time.strftime('%Y-%m-%d')}).",
        "",
        "## Server: closing a round and opening the next (in-process)",
        "",
        f"Baseline, seed 1, {args.years} years, {len(SEATS)} seats ({len(set(SEATS))} roles); each seat "
        "answers one decision a round against its agent's choice; quiet quarters are skipped.",
        "",
        "With a spare: the twin of the live model built in the background while the room decides "
        "(the normal case: a round lasts longer than the build); without: rebuilt at every advance "
        "(the facilitator advancing at once).",
        "",
        "| year of the run | rounds | median advance, spare ready (s) | max (s) | median advance, rebuilt (s) | max (s) | ratio |",
        "|---|---|---|---|---|---|---|",
    ]
    by_year: dict[bool, dict[int, list[float]]] = {True: {}, False: {}}
    for spare in (True, False):
        for t in server_side(args.years, spare):
            by_year[spare].setdefault((t["step"] - 1) // 4 + 1, []).append(t["seconds"])
    for year in sorted(by_year[True]):
        fast, slow = by_year[True][year], by_year[False].get(year, [float("nan")])
        lines.append(
            f"| {year} | {len(fast)} | {statistics.median(fast):.2f} | {max(fast):.2f} | "
            f"{statistics.median(slow):.2f} | {max(slow):.2f} | {statistics.median(slow) / statistics.median(fast):.1f}x |"
        )
    print("\n".join(lines), flush=True)
    if not args.skip_browser:
        results = {}
        for n in (1, args.participants):
            results[n] = browser_side(n, args.advances, args.pause)
            print(n, results[n], flush=True)
        one, many = results[1], results[args.participants]
        lines += [
            "",
            f"## Browser: from the click on advance to every page showing the new round ({args.advances} advances)",
            "",
            "Baseline, 3 years; a facilitator's projector page and N participants' pages, each in its own "
            "Chromium context (390x844, network blocked but for 127.0.0.1). Times from each page's own "
            "clock (a MutationObserver on the render signal). Every quarter is a round. Nobody answers, so each close times out "
            f"every decision; {args.pause:.0f} s pass between advances (the room deciding).",
            "",
            "| participants | median: last page (s) | median: median page (s) | median: server's advance (s) |",
            "|---|---|---|---|",
        ]
        for n, (last, median, server) in results.items():
            lines.append(
                f"| {n} | {statistics.median(last):.2f} | {statistics.median(median):.2f} | "
                f"{statistics.median(server):.2f} |"
            )
        lines += [
            "",
            f"Ratio, {args.participants} participants to 1: last page "
            f"{statistics.median(many[0]) / statistics.median(one[0]):.2f}x, median page "
            f"{statistics.median(many[1]) / statistics.median(one[1]):.2f}x; the server's share of the "
            f"last page's wait with {args.participants}: "
            f"{statistics.median(many[2]) / statistics.median(many[0]):.0%}.",
        ]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "workshop.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
