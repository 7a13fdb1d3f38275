"""This stop's mechanisms, each in its direction: local control weighs what the public sees; a
new office-holder's review carries the duty's weight on the partner's gain; the record's cash
precept rises become real changes of the precept's yield."""

from __future__ import annotations

import numpy as np

from abm import history
from abm.model import CrossforceModel
from abm.params import make_params
from abm.scoring import score_options


def test_local_control_is_worth_more_for_what_the_public_sees() -> None:
    model = CrossforceModel(make_params({"years": 1}))
    value = model.pcc_of(0).local_control_value()
    caps = model.caps
    assert np.allclose(value / value.max(), caps.visibility / caps.visibility.max())
    assert value[caps.index("armed_response")] > value[caps.index("covert_surveillance")] > 0


def test_a_new_office_holders_review_weighs_the_partners_gain_by_the_duty() -> None:
    weights = {}
    for duty in (0.0, 1.0):
        model = CrossforceModel(make_params({"years": 1, "duty_strength": duty}))
        arr = model.arrangements
        f, c = next((f, c) for f, c in np.argwhere(arr.provider >= 0).tolist() if arr.provider[f, c] != f)
        scores = score_options(model, np.array([f]))
        gain = float(scores.partner_gain[0, c, int(scores.current[0, c])])
        weights[duty] = model.pcc_of(f)._duty_to_partner(scores, 0, c)
    assert gain != 0  # a regional unit's lead gains from its member
    assert weights == {0.0: 0.0, 1.0: gain}


def test_cash_precept_rises_are_deflated_and_the_tax_base_grows() -> None:
    assert (
        history.real_precept_change(2023, 0.0) < 0
    )  # high inflation, no rise: the yield falls in real terms
    assert history.real_precept_change(2015, 0.0) > 0  # low inflation: new homes outweigh it
    assert history.real_precept_change(2023, 0.05) < 0.05
    assert history.real_precept_change(2023, 0.06) > history.real_precept_change(2023, 0.05)


def test_a_host_counts_what_closing_would_cost_the_forces_it_serves() -> None:
    model = CrossforceModel(make_params({"years": 1}))
    arr = model.arrangements
    c = model.caps.index("serious_organised_crime")
    hosts = [f for f in range(model.forces.count) if arr.hosts_others(f, c)]
    loners = [f for f in range(model.forces.count) if not arr.hosts_others(f, c)]
    assert hosts and loners
    losses = [model.force_agent(f)._loss_to_users(c) for f in hosts]
    assert min(losses) >= 0.0 and max(losses) > 0  # most regional units' members would pay more elsewhere
    assert all(model.force_agent(f)._loss_to_users(c) == 0.0 for f in loners)
