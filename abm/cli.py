"""The ``crossforce`` command line.

  crossforce run --scenario baseline --years 10 --seed 1 --out DIR [--csv] [--set name=value]
  crossforce params      the parameter schema: name, default, unit, range, source
  crossforce scenarios   the scenario presets
  crossforce workshop    people play the roles (docs/workshop.md)

Bad input (a parameter, a scenario, a path) gives one line naming the field and the value,
exit status 2, and nothing written.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from abm.batch.cli import add_commands as add_batch_commands
from abm.batch.cli import dispatch as batch_dispatch
from abm.output_paths import check_can_create_under, check_not_the_working_folder
from abm.params import ParameterError, scalar_fields
from abm.scenarios import available, load_scenario, merge_overrides
from abm.schema import bounds, extra, to_override

EXIT_BAD_INPUT = 2


def parse_assignment(text: str) -> dict[str, Any]:
    """``name=value`` or ``capabilities.<cap>.<field>=value`` as a nested override (value parsed as JSON
    when it can be, so numbers and booleans arrive typed; otherwise kept as text)."""
    if "=" not in text:
        raise ParameterError(f"--set {text!r}: expected name=value")
    name, raw = text.split("=", 1)
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return to_override(name, value)


class OneLineParser(argparse.ArgumentParser):
    """Bad usage (an unknown flag, a number that is not one, a missing argument) is reported as
    every other bad input is: one line naming the flag, exit 2; the usage is one ``--help`` away."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"crossforce: error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="crossforce",
        description="Agent-based model of police forces in England and Wales holding, sharing or "
        "merging specialist capabilities under a duty to collaborate.",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    run = sub.add_parser(
        "run",
        help="run one simulation and write tidy tables",
        description="Run one simulation; write Parquet tables (and CSV with --csv) and print a summary.",
    )
    run.add_argument(
        "--scenario",
        default="baseline",
        help="preset name (see `crossforce scenarios`) or a path to a scenario .toml",
    )
    run.add_argument("--years", type=int, default=None, help="years to simulate (default: scenario's)")
    run.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    run.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for the output tables, new or empty (a folder a run wrote is replaced whole; "
        "any other is refused). Default: print the summary only",
    )
    run.add_argument("--csv", action="store_true", help="also write CSV copies of the tables")
    run.add_argument("--no-force-series", action="store_true", help="skip the large per-force table")
    run.add_argument(
        "--set",
        dest="assignments",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a parameter, e.g. --set duty_strength=0.8 or "
        "--set capabilities.custody.fixed_cost_gbp_m=3",
    )

    dash = sub.add_parser(
        "dashboard",
        help="start the workshop dashboard (works offline)",
        description="Serve the Solara dashboard on the model's defaults.",
    )
    dash.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; 0.0.0.0 for a room)"
    )
    dash.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    from dashboards.workshop.server import add_arguments as add_workshop_arguments

    add_workshop_arguments(
        sub.add_parser(
            "workshop",
            help="run a workshop: people in the room play chiefs, PCCs, the Home Secretary, HMIC (offline)",
            description="Serve the workshop: a facilitator's projector page, join codes, and a page per participant.",
        )
    )
    sub.add_parser("params", help="list every parameter with its unit, default, range and source")
    sub.add_parser("scenarios", help="list the scenario presets")
    add_batch_commands(sub)
    return parser


def check_output_folder(out: Path) -> None:
    """Refuse, before running anything, an output path we could not write or must not replace: a
    run replaces its folder whole, so the folder must be new, empty or one a run wrote before."""
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out={str(out)!r}: exists and is not a folder")
    from abm.runner import holds_a_run

    check_not_the_working_folder("--out", out)
    if out.is_dir() and any(out.iterdir()) and not holds_a_run(out):
        raise ParameterError(
            f"--out={str(out)!r}: holds other things than a run's tables; give a new or empty folder "
            "(a run replaces a folder it wrote before)"
        )
    check_can_create_under("--out", out, out.resolve().parent)  # where the tables are staged


def command_run(args: argparse.Namespace) -> int:
    from abm.runner import run_simulation, summary_lines

    if args.seed < 0:
        raise ParameterError(f"--seed={args.seed}: must be 0 or more")
    scenario = load_scenario(args.scenario)
    extra: dict[str, Any] = {}
    for text in args.assignments:
        extra = merge_overrides(extra, parse_assignment(text))
    if args.years is not None:
        extra["years"] = args.years
    params = scenario.params(extra)
    if args.out is not None:
        check_output_folder(args.out)
    result = run_simulation(
        params, seed=args.seed, scenario=scenario.name, force_series=not args.no_force_series
    )
    for line in summary_lines(result):
        print(line)
    if args.out is not None:
        written = result.write(args.out, csv=args.csv)
        print(f"  wrote {len(written)} files to {args.out}")
    return 0


def command_params() -> int:
    for name, info in scalar_fields().items():
        meta = extra(info)
        low, high = bounds(info)
        valid = f"[{low}, {high}]" if low is not None or high is not None else ""
        print(f"{name} = {info.default!r}  ({meta.get('unit', '')}) {valid}")
        print(f"    {meta.get('label', name)}: {info.description}")
        print(f"    source: {meta.get('source', '')}")
    print("capabilities: see abm/data/capabilities.toml (`--set capabilities.<name>.<field>=value`)")
    return 0


def command_scenarios() -> int:
    for name in available():
        scenario = load_scenario(name)
        print(f"{name}: {scenario.title}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return command_run(args)
        if args.command == "params":
            return command_params()
        if args.command in ("sweep", "sensitivity"):
            return batch_dispatch(args) or 0
        if args.command == "dashboard":
            if not 0 < args.port < 65536:
                raise ParameterError(f"--port={args.port}: must be between 1 and 65535")
            from dashboards.server import serve

            serve(args.host, args.port)
            return 0
        if args.command == "workshop":
            from dashboards.workshop.server import serve as serve_workshop

            serve_workshop(args)
            return 0
        return command_scenarios()
    except ParameterError as error:
        print(f"crossforce: error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
