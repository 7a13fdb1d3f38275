"""How much of a run is spent inside the compiled kernels, and so how fast a run could get if the
agents' Python around them cost nothing?

Times, in one process and without a profiler, every call from Python into a compiled (numba)
kernel of the model (``abm`` and ``crossforce_agents``): each kernel found among their modules'
names is replaced by a wrapper that adds up the wall-clock time of its calls. Reports, for the
10-year baseline run and the 16-year history replay:
  * the run's median time unwrapped, and with the wrappers (their own cost is small);
  * the time inside the kernels, as milliseconds and as a share of the run: a floor for any speed-up
    that leaves the kernels as they are and the questions the agents ask unchanged;
  * per kernel: calls a run, milliseconds a run, microseconds a call, and how much of a call is
    numba's dispatch (typing the arguments and unboxing them), timed on an empty kernel called with
    the same arguments.

Writes benchmarks/results/compiled_share.md.
Usage: python benchmarks/bench_compiled_share.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import functools
import importlib
import os
import pkgutil
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core, as issue 25 asks
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numba
import pandas as pd
from numba.core.registry import CPUDispatcher

import abm
import crossforce_agents
from abm.runner import run_simulation
from abm.scenarios import load_scenario

RESULTS = Path(__file__).with_name("results")
#: each case's scenario and issue 25's target for it (ms)
CASES = {"10-year baseline run": ("baseline", 20.0), "16-year history replay": ("history_2010_2025", 40.0)}


@functools.cache
def empty_kernel(arity: int) -> CPUDispatcher:
    """A compiled kernel of ``arity`` arguments that does nothing: what a call with given arguments
    costs before any work (numba's dispatch). One per arity, as star-arguments dispatch slower."""
    names = ", ".join(f"a{i}" for i in range(arity))
    namespace: dict = {}
    exec(f"def empty({names}):\n    return 0", namespace)
    return numba.njit(namespace["empty"])


class KernelClock:
    """Wraps every compiled kernel the model calls from Python, adding up each one's time, calls
    and (on one call in ``sample_every``) the cost of dispatching the same arguments."""

    def __init__(self, sample_every: int = 10) -> None:
        self.seconds: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.dispatch: Counter[str] = Counter()
        self.sampled: Counter[str] = Counter()
        self.sample_every = sample_every
        self._originals: list[tuple[object, str, CPUDispatcher]] = []

    def install(self) -> None:
        wrappers: dict[int, Callable] = {}
        for package in (abm, crossforce_agents):
            for info in pkgutil.iter_modules(package.__path__):
                module = importlib.import_module(f"{package.__name__}.{info.name}")
                for name, value in list(vars(module).items()):
                    if isinstance(value, CPUDispatcher):
                        wrapper = wrappers.setdefault(id(value), self._wrap(name, value))
                        self._originals.append((module, name, value))
                        setattr(module, name, wrapper)

    def uninstall(self) -> None:
        for module, name, value in self._originals:
            setattr(module, name, value)
        self._originals.clear()

    def reset(self) -> None:
        for counter in (self.seconds, self.calls, self.dispatch, self.sampled):
            counter.clear()

    def _wrap(self, name: str, kernel: CPUDispatcher) -> Callable:
        def timed(*args: object) -> object:
            start = time.perf_counter()
            result = kernel(*args)
            self.seconds[name] += time.perf_counter() - start
            self.calls[name] += 1
            if (self.calls[name] - 1) % self.sample_every == 0:
                probe = empty_kernel(len(args))
                known = len(probe.signatures)
                start = time.perf_counter()
                probe(*args)
                elapsed = time.perf_counter() - start
                if len(probe.signatures) == known:  # a first call for these types compiled: not dispatch
                    self.dispatch[name] += elapsed
                    self.sampled[name] += 1
            return result

        return timed


def run_ms(scenario: str, seeds: range) -> list[float]:
    params = load_scenario(scenario).params()
    times = []
    for seed in seeds:
        start = time.perf_counter()
        run_simulation(params, seed=seed, scenario=scenario)
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(
    label: str, scenario: str, target_ms: float, repeats: int, clock: KernelClock
) -> tuple[list[str], pd.DataFrame]:
    seeds = range(2, 2 + repeats)
    run_ms(scenario, range(1, 2))  # load the compiled kernels first
    clock.install()
    run_ms(scenario, range(1, 2))  # and compile the empty kernel for every argument type
    clock.uninstall()
    clock.reset()
    plain, wrapped = [], []
    for seed in seeds:  # alternate, as this machine's speed drifts
        plain += run_ms(scenario, range(seed, seed + 1))
        clock.install()
        wrapped += run_ms(scenario, range(seed, seed + 1))
        clock.uninstall()
    kernels = pd.DataFrame(
        {
            "kernel": list(clock.seconds),
            "calls_a_run": [clock.calls[k] / repeats for k in clock.seconds],
            "ms_a_run": [clock.seconds[k] * 1000 / repeats for k in clock.seconds],
            "us_a_call": [clock.seconds[k] * 1e6 / clock.calls[k] for k in clock.seconds],
            "dispatch_us_a_call": [
                clock.dispatch[k] * 1e6 / clock.sampled[k] if clock.sampled[k] else float("nan")
                for k in clock.seconds
            ],
        }
    ).sort_values("ms_a_run", ascending=False)
    inside = kernels["ms_a_run"].sum()
    dispatch = (kernels["calls_a_run"] * kernels["dispatch_us_a_call"].fillna(0.0)).sum() / 1000
    run_plain, run_wrapped = statistics.median(plain), statistics.median(wrapped)
    lines = [
        f"## {label}",
        "",
        f"- run, median of {repeats}: {run_plain:.0f} ms; with the kernels' clocks {run_wrapped:.0f} ms",
        f"- inside compiled kernels: {inside:.0f} ms a run, {inside / run_wrapped:.0%} of the run; "
        f"of that, numba's dispatch about {dispatch:.0f} ms",
        f"- the kernels' own work, less dispatch: {inside - dispatch:.0f} ms, "
        f"{(inside - dispatch) / target_ms:.1f}x the target of {target_ms:.0f} ms",
        f"- the agents' Python and NumPy around them: {run_wrapped - inside:.0f} ms, "
        f"{1 - inside / run_wrapped:.0%} of the run",
        "",
    ]
    clock.reset()
    return lines, kernels


def markdown_table(table: pd.DataFrame) -> list[str]:
    """The table in Markdown, numbers to one decimal (pandas' own needs ``tabulate``, which the
    project does not install)."""
    cells = [
        [f"{v:.1f}" if isinstance(v, float) else str(v) for v in row] for row in table.itertuples(index=False)
    ]
    header = list(table.columns)
    return [
        "| " + " | ".join(header) + " |",
        "|" + "---|" * len(header),
        *("| " + " | ".join(row) + " |" for row in cells),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    clock = KernelClock()
    report = [
        "# Time inside the compiled kernels",
        "",
        "Generated by `python benchmarks/bench_compiled_share.py` (one core, one process, no profiler).",
        "A floor: with the kernels as they are and the same questions asked, no removal of Python",
        "makes a run faster than its time inside them.",
        "",
    ]
    for label, (scenario, target_ms) in CASES.items():
        lines, kernels = measure(label, scenario, target_ms, args.repeats, clock)
        report += [*lines, *markdown_table(kernels), ""]
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "compiled_share.md").write_text("\n".join(report) + "\n")
    print("\n".join(report))


if __name__ == "__main__":
    main()
