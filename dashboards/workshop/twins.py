"""The twin models a workshop steps instead of rebuilding the run.

Opening a round steps a clean twin of the live model (the run with every answer so far replayed)
with a probe, and a follow-up phase restarts the quarter on one. A model's numpy views do not
survive ``copy.deepcopy``, so a twin is built, never copied; building one replays the whole run, so
a spare is built in the background while the room decides, and an advance only steps it on.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time

from abm.model import CrossforceModel
from dashboards.workshop.engine import Engine, Record
from dashboards.workshop.errors import log_error

REFILL_DELAY_S = 2.0


class TwinPool:
    """At most one spare twin, built in a background thread.

    ``lock`` is the workshop's one lock: the caller holds it around ``take``, ``invalidate`` and
    ``refill``, and the builder thread takes it only to hand its model over.
    """

    def __init__(self, engine: Engine, lock: threading.RLock) -> None:
        self.engine = engine
        self._lock = lock
        self.background = True  # False: every twin is rebuilt when it is needed
        self.refill_delay_s = REFILL_DELAY_S
        self._spare: CrossforceModel | None = None
        self._generation = 0  # a spare built for an older generation is thrown away
        self._building = False
        self._thread: threading.Thread | None = None

    @property
    def ready(self) -> bool:
        """Whether a spare is waiting."""
        return self._spare is not None

    def take(self, step: int, records: dict[str, Record]) -> CrossforceModel:
        """A clean model at ``step`` with ``records`` replayed: the spare caught up to ``step`` if
        one is ready and not past it, else a rebuild."""
        spare, self._spare = self._spare, None
        if spare is not None and spare.steps <= step:
            self.engine.advance(spare, records, step)
            return spare
        return self.engine.build(records, step)

    def invalidate(self) -> None:
        """The answers before the live quarter changed (a rewind): a spare built or being built
        on the old ones must not be used."""
        self._generation += 1
        self._spare = None

    def refill(
        self, records: dict[str, Record], target: int, delay_s: float | None = None
    ) -> threading.Thread | None:
        """Build a spare at ``target`` with ``records`` replayed, in the background (after
        ``delay_s``, at low priority, so the pages the last change redraws go first). Returns the
        thread building it, or None when no spare is wanted."""
        with self._lock:
            if self._building:
                return self._thread  # already on its way
            if not self.background or self._spare is not None:
                return None
            self._building = True
            generation = self._generation
            delay_s = self.refill_delay_s if delay_s is None else delay_s
            records = dict(records)

        def build() -> None:
            model = None
            try:
                with contextlib.suppress(OSError, AttributeError):
                    os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
                time.sleep(delay_s)
                model = self.engine.build(records, target)
            except Exception as error:  # a spare is an optimisation: never let it fail the workshop
                log_error("building a spare model", error)
            finally:
                with self._lock:
                    self._building = False
                    if model is not None and generation == self._generation and self._spare is None:
                        self._spare = model

        thread = threading.Thread(target=build, name="workshop-spare", daemon=True)
        self._thread = thread
        thread.start()
        return thread
