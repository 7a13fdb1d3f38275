"""The twin models (dashboards/workshop/twins.py) on their own: a spare built in the background is
stepped on instead of a rebuild and gives the same run, and a spare built on answers that have
since changed is never used."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from dashboards.workshop.engine import Engine, Setup
from dashboards.workshop.twins import TwinPool


class CountingEngine(Engine):
    """An engine that counts the runs it builds."""

    def __init__(self, setup: Setup) -> None:
        super().__init__(setup)
        self.built: list[int] = []

    def build(self, records, steps):
        self.built.append(steps)
        return super().build(records, steps)


@pytest.fixture
def engine() -> CountingEngine:
    return CountingEngine(Setup("baseline", 1, {"years": 1}))


def test_without_a_spare_a_twin_is_rebuilt(engine):
    pool = TwinPool(engine, threading.RLock())
    assert not pool.ready
    assert pool.take(2, {}).steps == 2


def test_a_spare_is_stepped_on_and_gives_the_run_a_rebuild_gives(engine):
    pool = TwinPool(engine, threading.RLock())
    pool.refill({}, 1, delay_s=0.0).join(timeout=120)
    assert pool.ready and engine.built == [1]
    twin = pool.take(3, {})
    assert engine.built == [1] and twin.steps == 3 and not pool.ready  # stepped on, not rebuilt
    np.testing.assert_array_equal(twin.mode, engine.build({}, 3).mode)


def test_a_spare_past_the_quarter_wanted_is_not_used(engine):
    pool = TwinPool(engine, threading.RLock())
    pool.refill({}, 3, delay_s=0.0).join(timeout=120)
    twin = pool.take(1, {})
    assert engine.built == [3, 1] and twin.steps == 1


def test_a_spare_built_on_answers_since_changed_is_thrown_away(engine):
    lock = threading.RLock()
    pool = TwinPool(engine, lock)
    with lock:  # the builder cannot hand its model over while the workshop holds the lock
        thread = pool.refill({}, 1, delay_s=0.0)
        assert pool.refill({}, 1) is thread  # already on its way: not built twice
        pool.invalidate()  # a rewind
    thread.join(timeout=120)
    assert not pool.ready


def test_no_spare_is_built_when_twins_are_rebuilt_at_each_advance(engine):
    pool = TwinPool(engine, threading.RLock())
    pool.background = False
    assert pool.refill({}, 1) is None and not pool.ready


def test_a_failed_build_leaves_no_spare_and_the_workshop_goes_on(engine, monkeypatch, capsys):
    pool = TwinPool(engine, threading.RLock())

    def fail(records, steps):
        raise MemoryError("no room")

    monkeypatch.setattr(engine, "build", fail)
    pool.refill({}, 1, delay_s=0.0).join(timeout=120)
    assert not pool.ready and "building a spare model" in capsys.readouterr().err
    again = pool.refill({}, 1, delay_s=0.0)  # it may try again
    assert again is not None
    again.join(timeout=120)
