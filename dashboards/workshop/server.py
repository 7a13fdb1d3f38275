"""``crossforce workshop``: write (or resume) the session log, print the facilitator's links, and
start the workshop app with the offline Solara environment ``crossforce dashboard`` uses."""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from urllib.parse import urlsplit

from abm.output_paths import check_can_create_under
from abm.params import ParameterError
from dashboards.server import check_address_free

LOG_ENV = "CROSSFORCE_WORKSHOP_LOG"  # the session log the app loads
URL_ENV = "CROSSFORCE_WORKSHOP_URL"  # the address phones use, when the server cannot tell
APP_PATH = Path(__file__).with_name("app.py")
DEFAULT_FOLDER = Path("runs") / "workshops"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario", default="baseline", help="preset name or scenario .toml (default baseline)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--years", type=int, default=None, help="years to play (default: the scenario's)")
    parser.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1; 0.0.0.0 for a room)"
    )
    parser.add_argument("--port", type=int, default=8766, help="port (default 8766)")
    parser.add_argument(
        "--forces",
        default="",
        help="force ids whose chief and PCC the room may play, comma-separated (e.g. DYP,GWE,NWA,SWA); "
        "also opens the Home Secretary and HMIC. Roles can be changed on the Set-up page",
    )
    parser.add_argument("--time-limit", type=int, default=None, help="seconds per round (default none)")
    parser.add_argument(
        "--log",
        type=Path,
        default=None,
        help="session log to write (default runs/workshops/<time>/workshop.json)",
    )
    parser.add_argument("--resume", type=Path, default=None, help="resume the workshop in this session log")
    parser.add_argument(
        "--public-url",
        default=None,
        help="the address phones use to reach this machine, e.g. http://192.168.1.20:8766 "
        "(default: the address the facilitator's browser used)",
    )


def prepare(args: argparse.Namespace):
    """The workshop's state, new or resumed, with its session log written."""
    from dashboards.workshop.engine import Setup
    from dashboards.workshop.roles import roles_for
    from dashboards.workshop.state import Refused, WorkshopState

    if not 0 < args.port < 65536:
        raise ParameterError(f"--port={args.port}: must be between 1 and 65535")
    check_address_free(args.host, args.port)
    check_public_url(args.public_url)
    if args.resume is not None:
        if not args.resume.is_file():
            raise ParameterError(f"--resume={str(args.resume)!r}: no such session log")
        try:
            return WorkshopState.resume(args.resume)
        except (ValueError, KeyError) as error:
            raise ParameterError(
                f"--resume={str(args.resume)!r}: not a workshop session log ({error})"
            ) from None
    if args.seed < 0:
        raise ParameterError(f"--seed={args.seed}: must be 0 or more")
    overrides = {"years": args.years} if args.years is not None else {}
    setup = Setup(args.scenario, args.seed, overrides)
    setup.params()  # a bad scenario or override fails here, with one line
    path = args.log or DEFAULT_FOLDER / time.strftime("%Y%m%d-%H%M%S") / "workshop.json"
    check_new_log(path)
    forces = [f.strip().upper() for f in args.forces.split(",") if f.strip()]
    check_force_ids(forces)
    try:
        roles = roles_for(forces, True, True, True, True) if forces else []
        return WorkshopState(setup, path, roles=roles, time_limit_s=args.time_limit)
    except Refused as refused:
        raise ParameterError(f"--forces/--time-limit: {refused}") from None


def check_public_url(url: str | None) -> None:
    """Refuse a --public-url the phones could not open: it goes into every join link and QR code."""
    if url is None:
        return
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ParameterError(
            f"--public-url={url!r}: give the address phones open, e.g. http://192.168.1.20:8766"
        )


def check_new_log(path: Path) -> None:
    """Refuse a session log path that already holds something (another workshop's log, a folder, a
    device): a new workshop writes its log afresh, so it would be lost. An earlier workshop is
    continued with --resume."""
    if path.is_dir():
        raise ParameterError(f"--log={str(path)!r}: is a folder; give the session log's file name")
    if path.exists():
        raise ParameterError(
            f"--log={str(path)!r}: already exists; continue that workshop with --resume, or give a new path"
        )
    check_can_create_under("--log", path, path.parent)


def check_force_ids(forces: list[str]) -> None:
    """Refuse a force id the model does not have, naming every id: a facilitator offline has no
    other list of them to hand."""
    from abm.forces import load_forces

    known = load_forces()
    unknown = [f for f in forces if f not in known.ids]
    if unknown:
        ids = ", ".join(f"{i} {name}" for i, name in zip(known.ids, known.names, strict=True))
        raise ParameterError(f"--forces: no force has the id {unknown[0]!r}; the ids are {ids}")


def serve(args: argparse.Namespace) -> None:
    """Replace this process with the workshop's Solara server (Ctrl-C stops it)."""
    from abm.runner import warm_up
    from dashboards.offline_cdn import build_offline_cdn
    from dashboards.server import REPO_ROOT, default_cdn_dir, offline_env, solara_command

    state = prepare(args)
    print(
        "crossforce workshop: preparing the model (the first start after installing takes about half a minute)"
    )
    warm_up()
    cdn_dir = build_offline_cdn(default_cdn_dir())
    shown = "127.0.0.1" if args.host in ("0.0.0.0", "::") else args.host
    base = (args.public_url or f"http://{shown}:{args.port}").rstrip("/")
    print(f"crossforce workshop: session log {state.path.resolve()}")
    print(f"  facilitator (keep this link to yourself): {base}/room?key={state.key}")
    print(f"  set-up and seats:                         {base}/setup?key={state.key}")
    print(f"  join codes for the projector:             {base}/codes?key={state.key}")
    print(f"  participants:                             {base}/  (or scan a join code)")
    if args.host in ("0.0.0.0", "::") and not args.public_url:
        print(
            "  phones need this machine's network address: open the links above with it instead of 127.0.0.1"
        )
    print(
        f"  resume after a restart: crossforce workshop --resume {state.path} --host {args.host} --port {args.port}"
    )
    print("  (offline assets; Ctrl-C to stop)", flush=True)
    env = offline_env(cdn_dir)
    env[LOG_ENV] = str(state.path.resolve())
    if args.public_url:
        env[URL_ENV] = args.public_url
    os.chdir(REPO_ROOT)
    command = solara_command(args.host, args.port, APP_PATH)
    os.execvpe(command[0], command, env)


def start_in_background(log: Path, port: int, output: Path, cdn_dir: Path, host: str = "127.0.0.1"):
    """Start the workshop server for an existing session log as a child process (its own process
    group; the tests and the benchmark use this, so they run exactly what ``serve`` runs)."""
    import subprocess

    from dashboards.offline_cdn import build_offline_cdn
    from dashboards.server import REPO_ROOT, offline_env, solara_command

    env = offline_env(build_offline_cdn(cdn_dir))
    env[LOG_ENV] = str(Path(log).resolve())
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w") as sink:
        return subprocess.Popen(
            solara_command(host, port, APP_PATH),
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
