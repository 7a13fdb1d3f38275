"""The stored regression baseline: a change that moves any number fails here until the baseline
is regenerated on purpose (``python tools/update_baseline.py``) with the reason in the commit."""

from __future__ import annotations

from abm import regression


def test_every_scenario_and_seed_matches_the_stored_baseline() -> None:
    moved = regression.differences(regression.read(), regression.compute())
    shown = "\n".join(moved[:25]) + (f"\n... and {len(moved) - 25} more" if len(moved) > 25 else "")
    assert not moved, (
        f"{len(moved)} outputs moved from tests/baseline/regression.json:\n{shown}\n"
        "If the change is meant to move them, run `python tools/update_baseline.py` and say why in the commit."
    )


def test_the_comparison_sees_a_moved_number() -> None:
    stored = regression.read()
    key = next(iter(stored))
    nudged = {k: {"final": dict(v["final"]), "yearly": v["yearly"]} for k, v in stored.items()}
    nudged[key]["final"]["cost_gbp_m_per_year"] *= 1 + 10 * regression.RELATIVE_TOLERANCE
    assert regression.differences(stored, nudged) == [
        f"{key} final.cost_gbp_m_per_year: {stored[key]['final']['cost_gbp_m_per_year']} -> "
        f"{nudged[key]['final']['cost_gbp_m_per_year']}"
    ]
