"""The run's summary figures (``abm.runner.final_metrics``) count what their names say."""

from __future__ import annotations

from abm.model import CrossforceModel
from abm.runner import SIGNED_AGREEMENTS, final_metrics
from abm.scenarios import load_scenario


def test_agreements_signed_counts_every_kind_of_agreement_the_bodies_sign() -> None:
    """A partnership, a strategic alliance formed or joined and a regional unit formed or joined
    are each signed by every party's policing body; directions are imposed, not signed. Each kind
    arises in the history replay, so none of the events counted is a name the model no longer
    logs."""
    model = CrossforceModel(load_scenario("history_2010_2025").params(), seed=1)
    model.run()
    actions = model.events.action_counts()
    assert all(actions[action] > 0 for action in SIGNED_AGREEMENTS), actions
    assert actions["directed"] > 0
    signed = ("agreed", "forms alliance", "joins alliance", "forms regional unit", "joins regional unit")
    assert final_metrics(model)["agreements_signed"] == sum(actions[action] for action in signed)
