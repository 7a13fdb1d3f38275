"""How long a workshop's "advance" takes: on the server, and until every page shows the new round.

Two measurements (not a test; numbers go to benchmarks/results/workshop.md):

1. **Server.** ``WorkshopState.advance`` in-process over a whole 10-year run with 30 seats, each
   seat answering one decision a round against its agent's choice: closing the round (votes
   combined, the quarter played with the answers replayed) and opening the next (the run rebuilt
   and probed for the next quarter with questions). Reported per year of the run, since the
   rebuild grows with the quarters played.
2. **Browser.** The workshop server (the app ``crossforce workshop`` serves) with a facilitator
   and N participants in headless Chromium (one context each, network blocked to 127.0.0.1):
   the time from the facilitator's click on advance to the moment the last participant's page
   shows the new round (and the projector's, apart), taken from each page's own clock (a
   MutationObserver on the render signal, so the measuring adds no round trips). N = 1, 30 and
   60; 30 again with both cores kept busy by other processes; and 30 with the old Solara phone
   pages (the code at ``--old``, run from a copy of that commit), for the ratio.

Usage: python benchmarks/bench_workshop.py [--advances 5] [--participants 30 60] [--old a30ac79]
       [--skip-server] [--skip-browser]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from other_checkout import importable

from dashboards.workshop.engine import Setup
from dashboards.workshop.ranking import shown_options
from dashboards.workshop.server import LOG_ENV, start_in_background
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
    """A choice other than the agent's, among the options a phone shows."""
    options = shown_options(d)
    if d.pick > 1:
        return tuple(o.key for o in options[-d.pick :])
    others = [o.key for o in options if o.key not in d.model_choice]
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
                mine = [d for d in state.shown.values() if d.role == seat.role]
                if mine and state.status == "open":
                    state.choose(seat.token, seat.browser, mine[0].key, other_choice(mine[0]))
        return list(state.timings)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seats_for(n: int) -> list[str]:
    """The roles of ``n`` participants: the 30 seats, then more people sharing those roles."""
    return [SEATS[i % len(SEATS)] for i in range(n)]


def start_server(log: Path, port: int, folder: Path, old: str | None) -> subprocess.Popen:
    """The workshop server for ``log``: this tree's, or (``old``) the code at that commit, copied
    out of git and run with the same Python (its session log format is the same)."""
    if old is None:
        return start_in_background(log, port, folder / "server.log", folder / "cdn")
    from dashboards.offline_cdn import build_offline_cdn
    from dashboards.server import offline_env, solara_command

    tree = folder / "old"
    tree.mkdir()
    repo = Path(__file__).resolve().parents[1]
    archive = subprocess.run(["git", "-C", str(repo), "archive", old], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    env = offline_env(build_offline_cdn(folder / "cdn"))
    env.update({LOG_ENV: str(log.resolve()), **importable(tree)})
    command = solara_command("127.0.0.1", port, tree / "dashboards" / "workshop" / "app.py")
    with open(folder / "server.log", "w") as sink:
        return subprocess.Popen(command, cwd=tree, env=env, stdin=subprocess.DEVNULL, stdout=sink,
                                stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip


def busy_cores(n: int) -> list[subprocess.Popen]:
    """``n`` processes that keep a core each busy (another program on the facilitator's laptop)."""
    return [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(n)]


def browser_side(participants: int, advances: int, pause_s: float, old: str | None = None,
                 busy: int = 0) -> dict[str, list[float]]:  # fmt: skip
    """Click advance ``advances`` times with ``participants`` pages open; returns, per advance, the
    time until the last participant's page showed the new round, the median one, the projector,
    and the server's own part."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        log = folder / "workshop.json"
        state = WorkshopState(Setup("baseline", 1, {"years": 3}), log, roles=ROLES, skip_quiet=False)
        port = free_port()
        process = start_server(log, port, folder, old)
        url = f"http://127.0.0.1:{port}"
        hogs: list[subprocess.Popen] = []
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
                for role in seats_for(participants):
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
                hogs = busy_cores(busy)
                out: dict[str, list[float]] = {"last": [], "median": [], "projector": [], "server": []}
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
                    out["projector"].append(times[0])
                    out["last"].append(max(times[1:]))
                    out["median"].append(statistics.median(times[1:]))
                    out["server"].append(json.loads(log.read_text())["timings"][-1]["seconds"])
                browser.close()
        finally:
            for hog in hogs:
                hog.kill()
                hog.wait()
            os.killpg(process.pid, 15)
            process.wait(timeout=20)
    return out


def browser_lines(
    runs: dict[str, dict[str, list[float]]], advances: int, pause: float, old: str
) -> list[str]:
    """The browser part of the results, one row per run and the ratio to the old pages."""
    lines = [
        "",
        f"## Browser: from the click on advance to every page showing the new round ({advances} advances)",
        "",
        "Baseline, 3 years; a facilitator's projector page (Solara, 1920x1080) and N participants' pages "
        "(390x844), each in its own Chromium context (network blocked but for 127.0.0.1), all on this machine. "
        "Times from each page's own clock (a MutationObserver on the render signal). Every quarter is a round; "
        f"nobody answers, so each close times out every decision; {pause:.0f} s pass between advances. "
        "'Busy' runs two other processes that each keep a core at 100% throughout. "
        f"'Old' is the code at {old}: a Solara page per phone.",
        "",
        "| run | participants' pages: last, median of advances (s) | max (s) | median page (s) | projector (s) | server's advance (s) |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in runs.items():
        lines.append(
            f"| {name} | {statistics.median(r['last']):.2f} | {max(r['last']):.2f} | "
            f"{statistics.median(r['median']):.2f} | {statistics.median(r['projector']):.2f} | "
            f"{statistics.median(r['server']):.2f} |"
        )
    new, legacy = runs.get("30 phones"), runs.get("30 phones, old Solara pages")
    if new and legacy:
        lines += ["", f"Old Solara pages to plain pages, 30 participants, last page: "
                  f"{statistics.median(legacy['last']) / statistics.median(new['last']):.1f}x slower."]  # fmt: skip
    return lines


def server_lines(years: int) -> list[str]:
    """The server part of the results."""
    lines = [
        "## Server: closing a round and opening the next (in-process)",
        "",
        f"Baseline, seed 1, {years} years, {len(SEATS)} seats ({len(set(SEATS))} roles); each seat "
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
        for t in server_side(years, spare):
            by_year[spare].setdefault((t["step"] - 1) // 4 + 1, []).append(t["seconds"])
    for year in sorted(by_year[True]):
        fast, slow = by_year[True][year], by_year[False].get(year, [float("nan")])
        lines.append(
            f"| {year} | {len(fast)} | {statistics.median(fast):.2f} | {max(fast):.2f} | "
            f"{statistics.median(slow):.2f} | {max(slow):.2f} | {statistics.median(slow) / statistics.median(fast):.1f}x |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--advances", type=int, default=5)
    parser.add_argument("--participants", type=int, nargs="+", default=[30, 60])
    parser.add_argument(
        "--old", default="a30ac79", help="commit with the old Solara phone pages ('' to skip)"
    )
    parser.add_argument("--years", type=int, default=10, help="run length for the server-side part")
    parser.add_argument("--skip-server", action="store_true")
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
    ]
    if not args.skip_server:
        lines += server_lines(args.years)
        print("\n".join(lines), flush=True)
    if not args.skip_browser:
        runs = {"1 phone": browser_side(1, args.advances, args.pause)}
        for n in args.participants:
            runs[f"{n} phones"] = browser_side(n, args.advances, args.pause)
            print(n, runs[f"{n} phones"], flush=True)
        extra = {"30 phones, both cores busy": {"busy": 2}}
        if args.old:
            extra["30 phones, old Solara pages"] = {"old": args.old}
        failed = []
        for name, how in extra.items():
            try:  # a run that does not finish (the old pages under load) is reported, not fatal
                runs[name] = browser_side(30, args.advances, args.pause, **how)
            except Exception as error:
                failed.append(
                    f"{name}: did not finish ({type(error).__name__}: {str(error).splitlines()[0]})"
                )
        lines += [*browser_lines(runs, args.advances, args.pause, args.old), "", *failed]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "workshop.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
