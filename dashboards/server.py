"""Start the dashboard so it works with no internet: one place for the command and its environment.

Used by ``crossforce dashboard`` and by the browser tests (tests/browser/conftest.py), so the
tests prove exactly what a facilitator runs. Why each setting is needed: docs/dashboard-offline.md.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path

from abm.params import ParameterError
from abm.runner import warm_up
from dashboards.offline_cdn import build_offline_cdn

APP_PATH = Path(__file__).with_name("app.py")
REPO_ROOT = APP_PATH.parents[1]
#: Connection refused at once: an asset the server would otherwise fetch from the CDN fails loudly.
BLACKHOLE_CDN = "http://127.0.0.1:9/"


def offline_env(cdn_dir: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for a Solara server that never needs (or reaches) a CDN."""
    env = dict(os.environ if base is None else base)
    for var in ("VSCODE_PID", "VSCODE_CWD"):  # their presence turns Solara's asset proxy off
        env.pop(var, None)
    env.update(
        {
            "SOLARA_ASSETS_PROXY": "true",  # the browser loads every asset from this server...
            "SOLARA_ASSETS_PROXY_CACHE_DIR": str(cdn_dir),  # ...served from solara-assets (+ aliases)...
            "SOLARA_ASSETS_CDN": BLACKHOLE_CDN,  # ...and a miss fails instead of downloading
            "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "false",
            "SOLARA_THEME_SHOW_BANNER": "false",  # its fixed corner banner covers controls on a projector
            "SOLARA_THEME_TITLE": "crossforce",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def solara_command(host: str, port: int, app: Path = APP_PATH) -> list[str]:
    """The ``solara run`` command line: production mode, no browser, no version check (it asks PyPI)."""
    return [
        sys.executable,
        "-m",
        "solara",
        "run",
        str(app),
        "--host",
        host,
        "--port",
        str(port),
        "--production",
        "--no-open",
        "--no-check-version",
    ]


def default_cdn_dir() -> Path:
    """Where the offline asset links live: inside the running environment, whose solara-assets
    they point to (a shared cache could point into another, since deleted, environment)."""
    return Path(os.environ.get("CROSSFORCE_CACHE", Path(sys.prefix) / "share" / "crossforce")) / "solara-cdn"


def check_address_free(host: str, port: int) -> None:
    """Refuse an address the server could not listen on, before any link is printed or anything
    written: otherwise the link would be printed and the server fail a moment later with its own
    message, or a browser would reach whatever else holds the port. A host that is not this
    machine's is named as the host, not taken for a busy port."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds it
            probe.bind((host, port))
    except socket.gaierror:
        raise ParameterError(f"--host={host!r}: not an address or name this machine can listen on") from None
    except OSError as error:
        if error.errno == errno.EADDRNOTAVAIL:
            raise ParameterError(f"--host={host!r}: not an address of this machine") from None
        raise ParameterError(
            f"--port={port}: cannot listen on {host}:{port} ({error.strerror or error}); "
            "stop what uses it or choose another --port"
        ) from None


def serve(host: str = "127.0.0.1", port: int = 8765) -> None:
    """Replace this process with the Solara server (so Ctrl-C stops it cleanly)."""
    check_address_free(host, port)
    cdn_dir = build_offline_cdn(default_cdn_dir())
    print(
        "crossforce dashboard: preparing the model (the first start after installing takes about half a minute)"
    )
    warm_up()
    print(
        f"crossforce dashboard: http://{host}:{port}/  (offline assets from {cdn_dir}; Ctrl-C to stop)",
        flush=True,
    )
    os.chdir(REPO_ROOT)
    command = solara_command(host, port)
    os.execvpe(command[0], command, offline_env(cdn_dir))
