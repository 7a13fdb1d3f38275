"""The one workshop a server process runs: loaded from its session log on first use.

``crossforce workshop`` writes (or keeps, with ``--resume``) the session log and names it in
``CROSSFORCE_WORKSHOP_LOG`` before starting Solara; the pages call ``get_state()``. A clock
thread closes a round when its time runs out, whether or not any page is open.
"""

from __future__ import annotations

import os
import threading
import time
import warnings
from pathlib import Path

from dashboards.workshop.errors import log_error
from dashboards.workshop.server import LOG_ENV, URL_ENV
from dashboards.workshop.state import WorkshopState

TICK_S = 0.25

_lock = threading.Lock()
_state: WorkshopState | None = None


def get_state() -> WorkshopState:
    global _state
    with _lock:
        if _state is None:
            path = os.environ.get(LOG_ENV)
            if not path:
                raise RuntimeError(f"{LOG_ENV} is not set: start the workshop with `crossforce workshop`")
            _state = WorkshopState.resume(Path(path))
            _state.refill(delay_s=0.0)
            threading.Thread(target=_clock, args=(_state,), name="workshop-clock", daemon=True).start()
        return _state


def quiet_framework_warnings() -> None:
    """Keep Solara's warning about SameSite cookies on plain http (many lines, once per start)
    off the facilitator's console, where it buried the links: a workshop on a local network is
    plain http by design, and the cookie falls back to SameSite=Lax, which is what it needs."""
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")


def public_url() -> str | None:
    return os.environ.get(URL_ENV) or None


def _clock(state: WorkshopState) -> None:
    while True:
        time.sleep(TICK_S)
        try:
            state.tick()
        except Exception as error:  # the clock must outlive any one failure
            log_error("closing a round on time", error)
