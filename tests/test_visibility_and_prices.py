"""This stop's mechanisms, each in its direction: local control weighs what the public sees; a
new office-holder's review carries the duty's weight on the partner's gain; the record's cash
precept rises become real changes of the precept's yield."""

from __future__ import annotations

import numpy as np

from abm import history, proposals
from abm.model import CrossforceModel
from abm.modes import Contract
from abm.params import make_params
from abm.proposals import Change


def test_local_control_is_worth_more_for_what_the_public_sees() -> None:
    model = CrossforceModel(make_params({"years": 1}))
    value = model.pcc_of(0).local_control_value()
    caps = model.caps
    assert np.allclose(value / value.max(), caps.visibility / caps.visibility.max())
    assert value[caps.index("armed_response")] > value[caps.index("covert_surveillance")] > 0


def test_a_new_office_holders_review_weighs_the_partners_gain_by_the_duty() -> None:
    """Leaving is worth its own gain plus duty x what it costs every other party, on the expected
    accounts: nothing of the others' loss at duty 0, all of it at duty 1."""
    worth = {}
    for duty in (0.0, 1.0):
        model = CrossforceModel(make_params({"years": 1, "duty_strength": duty}))
        f, lead, c = (
            model.forces.index("Cumbria"),
            model.forces.index("Lancashire"),
            model.caps.index("major_crime"),
        )
        model.arrangements.join(f, c, lead)
        effects = proposals.effects(model, [Change(f, c, "own")])
        others = float(np.delete(effects.gain(model.params.value_of_harm_gbp / 1e6), f).sum())
        worth[duty] = model.pcc_of(f)._worth_of_leaving(effects, 0.0, duty)
    assert others != 0  # the lead's costs and harm change when a member leaves
    assert np.isclose(worth[1.0] - worth[0.0], others)


def test_cash_precept_rises_are_deflated_and_the_tax_base_grows() -> None:
    assert (
        history.real_precept_change(2023, 0.0) < 0
    )  # high inflation, no rise: the yield falls in real terms
    assert history.real_precept_change(2015, 0.0) > 0  # low inflation: new homes outweigh it
    assert history.real_precept_change(2023, 0.05) < 0.05
    assert history.real_precept_change(2023, 0.06) > history.real_precept_change(2023, 0.05)


def test_a_host_counts_what_closing_would_cost_the_forces_it_serves() -> None:
    """A buyer whose own unit would cost a whole expensive team, and who trusts no other partner,
    loses when its host closes."""
    dear = {"major_crime": {"smallest_team_share": 1.0, "fixed_cost_gbp_m": 6.0}}
    model = CrossforceModel(make_params({"years": 1, "capabilities": dear}))
    c = model.caps.index("major_crime")
    host = model.forces.index("Lancashire")
    buyer = model.forces.index("Cumbria")
    model.arrangements.buy(buyer, c, host, Contract.SUBSCRIPTION, 1.0)
    model.trust._matrix[buyer] = np.where(
        np.arange(model.forces.count) == host, 1.0, 0.0
    )  # it trusts no one else
    loners = [f for f in range(model.forces.count) if not model.arrangements.hosts_others(f, c)]
    assert model.force_agent(host)._loss_to_users(c) > 0.0  # its buyer would do worse elsewhere
    assert all(model.force_agent(f)._loss_to_users(c) == 0.0 for f in loners)
