"""Server-side cost of one dashboard step: the model's quarter plus everything redrawn after it.

Times, over the same quarters, in one run of this script: the bare model step; the step plus
what the page redraws for one run (the map's state, the chart serialised as the browser receives
it, the readout, the event feed and a force's drill-down); and the same in compare mode (two
models stepped together, two maps, both runs on the chart, both readouts, the merged feed, the
drill-down with both arrangements). The browser's own drawing (Vega, SVG) is not included.
Target: well under 50 ms (issue #17).

Both wall-clock time (what a facilitator waits) and the process's CPU time are reported, with
the machine's load average: on a shared, busy machine the wall time grows with the load while
the CPU time stays close to what an idle machine would take. Writes
benchmarks/results/dashboard.md and dashboard_steps.png.
Usage: python benchmarks/bench_dashboard.py [--steps 40]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from dashboards.app import baseline_series, build_model, compare_readout, readout
from dashboards.charts import ChartRun, chart_spec, single_runs
from dashboards.map_view import map_state
from dashboards.narrative import compared_feed, event_feed, force_arrangements, force_facts

RESULTS = Path(__file__).with_name("results")
TARGET_MS = 50.0
FIRST, SECOND = "baseline", "sharing_economy_2016"


def redraw_parts(model, baseline, other=None) -> dict[str, Callable[[], object]]:
    """What the dashboard redraws after a step, part by part (as dashboards/app.py's Page does):
    first the model's tables (rebuilt once after a step, then cached), then each view."""
    f = model.forces.index("Cumbria")
    c = model.caps.index("covert_surveillance")
    models = (model,) if other is None else (model, other)

    def tables() -> None:
        """The model's own tables, rebuilt on first use after a step (abm/recorder.py, abm/events.py)."""
        for m in models:
            m.recorder.model_series()
            m.events.frame()

    if other is None:
        return {
            "model tables": tables,
            # what the Vue map receives, serialised as it is sent
            "map": lambda: json.dumps(map_state(model, c, "Cumbria")),
            # the faint line runs two years ahead of the live one, as on the page
            "chart": lambda: json.dumps(
                chart_spec(single_runs(model.recorder.model_series(), baseline.iloc[: model.steps + 8]))
            ),
            "readout": lambda: readout(model.recorder.model_series(), baseline),
            "event feed": lambda: event_feed(model.events.frame()),
            "drill-down": lambda: (force_facts(model, f), force_arrangements(model, f)),
        }
    names = ("first", "second")

    def chart():
        runs = [
            ChartRun(names[0], model.recorder.model_series()),
            ChartRun(names[1], other.recorder.model_series()),
        ]
        return json.dumps(chart_spec(runs))

    return {
        "model tables": tables,
        "map": lambda: (
            json.dumps(map_state(model, c, "Cumbria")),
            json.dumps(map_state(other, c, "Cumbria")),
        ),
        "chart": chart,
        "readout": lambda: compare_readout(
            (names[0], model.recorder.model_series()), (names[1], other.recorder.model_series())
        ),
        "event feed": lambda: compared_feed(
            (names[0], model.events.frame()), (names[1], other.events.frame())
        ),
        "drill-down": lambda: (force_facts(model, f), force_arrangements(model, f, other, names)),
    }


CPU: list[float] = []  # CPU ms of the last timed call, read by the caller


def timed(draw: Callable[[], object]) -> float:
    """Wall-clock ms of one call; its CPU ms is left in ``CPU[-1]``."""
    start, cpu = time.perf_counter(), time.process_time()
    draw()
    CPU.append((time.process_time() - cpu) * 1000)
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=40)
    args = parser.parse_args()
    baseline = baseline_series(FIRST, 1)
    bare: list[float] = []
    single: list[float] = []
    compare: list[float] = []
    cpu: dict[str, list[float]] = {"bare": [], "single": [], "compare": []}
    load_before = os.getloadavg()[0]
    single_parts: dict[str, list[float]] = {}
    compare_parts: dict[str, list[float]] = {}
    single_parts_cpu: dict[str, list[float]] = {}
    compare_parts_cpu: dict[str, list[float]] = {}
    # the page builds the chart's template (Altair, about 0.1 s) once per process, at its first
    # render, before any step: built here too, so the first quarter measures a step, not that
    chart_spec([ChartRun("warm-up", None)])
    alone = build_model(FIRST, 1, {})
    one = build_model(FIRST, 1, {})
    pair = (build_model(FIRST, 1, {}), build_model(SECOND, 1, {}))
    # one quarter of each in turn, so the three measures meet the same load and the same quarters
    for _ in range(args.steps):
        bare.append(timed(alone.step))
        cpu["bare"].append(CPU[-1])

        total, total_cpu = timed(one.step), CPU[-1]
        for name, draw in redraw_parts(one, baseline).items():
            ms = timed(draw)
            single_parts.setdefault(name, []).append(ms)
            single_parts_cpu.setdefault(name, []).append(CPU[-1])
            total, total_cpu = total + ms, total_cpu + CPU[-1]
        single.append(total)
        cpu["single"].append(total_cpu)

        total, total_cpu = timed(lambda: (pair[0].step(), pair[1].step())), CPU[-1]
        for name, draw in redraw_parts(pair[0], None, pair[1]).items():
            ms = timed(draw)
            compare_parts.setdefault(name, []).append(ms)
            compare_parts_cpu.setdefault(name, []).append(CPU[-1])
            total, total_cpu = total + ms, total_cpu + CPU[-1]
        compare.append(total)
        cpu["compare"].append(total_cpu)
    load_after = os.getloadavg()[0]

    bare_ms, single_ms, compare_ms = (statistics.median(x) for x in (bare, single, compare))
    bare_cpu, single_cpu, compare_cpu = (statistics.median(cpu[k]) for k in ("bare", "single", "compare"))

    def p95(values: list[float]) -> float:
        return sorted(values)[int(0.95 * (len(values) - 1))]

    RESULTS.mkdir(exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 3.5))
    quarters = range(1, len(bare) + 1)
    ax.plot(quarters, compare, marker=".", label="compare mode: two steps + redraw")
    ax.plot(quarters, single, marker=".", label="one run: step + redraw")
    ax.plot(quarters, bare, marker=".", label="model step alone")
    ax.axhline(TARGET_MS, color="grey", linestyle="--", linewidth=1, label=f"target ({TARGET_MS:.0f} ms)")
    ax.set_xlabel("quarter")
    ax.set_ylabel("server-side ms")
    ax.set_title("crossforce dashboard: time per step")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(RESULTS / "dashboard_steps.png", dpi=120)
    met = "met" if max(single_ms, compare_ms) < TARGET_MS else "NOT met"
    lines = [
        "# Dashboard step time (server side)",
        "",
        "Generated by `python benchmarks/bench_dashboard.py`: the three measures take turns quarter by "
        f"quarter in one run ({args.steps} quarters; first run `{FIRST}`, compared with `{SECOND}`, seed 1).",
        "",
        f"Load average of the machine ({os.cpu_count()} cores): {load_before:.1f} before, {load_after:.1f} after.",
        "",
        "| measure | median ms | 95th percentile ms | ratio to a bare model step | median CPU ms |",
        "|---|---|---|---|---|",
        f"| model step alone | {bare_ms:.1f} | {p95(bare):.1f} | 1.0x | {bare_cpu:.1f} |",
        f"| one run: step + map + chart + readout + feed + drill-down | {single_ms:.1f} | {p95(single):.1f} "
        f"| {single_ms / bare_ms:.1f}x | {single_cpu:.1f} |",
        f"| compare mode: two steps + two maps + chart of both + readouts + merged feed + drill-down "
        f"| {compare_ms:.1f} | {p95(compare):.1f} | {compare_ms / bare_ms:.1f}x | {compare_cpu:.1f} |",
        "",
        f"Compare mode costs {compare_ms / single_ms:.2f}x a one-run step. Target: well under "
        f"{TARGET_MS:.0f} ms ({met} by the wall-clock medians of this run).",
        "",
        "Median per part of the redraw:",
        "",
        "| part | one run, ms | compare mode, ms | one run, CPU ms | compare mode, CPU ms |",
        "|---|---|---|---|---|",
        *(
            f"| {name} | {statistics.median(single_parts[name]):.1f} | {statistics.median(compare_parts[name]):.1f} "
            f"| {statistics.median(single_parts_cpu[name]):.1f} | {statistics.median(compare_parts_cpu[name]):.1f} |"
            for name in single_parts
        ),
        "",
        '"model tables" is the model\'s own quarterly series and event log, rebuilt as tables on their first',
        "use after a step (abm/recorder.py, abm/events.py) and then shared by every view: the largest part",
        "now, and the model's, not the dashboard's. The map's outlines are projected once per process and",
        "sent once per page; a redraw sends only the fills, tooltips, lines and merged groups timed here.",
        "",
        "![time per step](dashboard_steps.png)",
    ]
    (RESULTS / "dashboard.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
