"""Tiered provision (issue 23): demand by level, a force's own team below its region's unit, scope
from a contiguous area, and one set of accounts for every party's gain."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from abm import proposals
from abm.accounts import empty_settled, serve_all
from abm.forces import load_forces
from abm.model import CrossforceModel
from abm.modes import Contract, Mode
from abm.params import make_params
from abm.proposals import Change
from abm.scoring import score_options
from abm.service import serve_quarter
from tests.conftest import run_model

VALUE = make_params().value_of_harm_gbp / 1e6


def test_demand_splits_by_level_keeping_the_catalogues_national_shares() -> None:
    model = CrossforceModel(seed=1)
    shares = model.demand.level_share
    assert np.allclose(shares.sum(axis=2), 1.0) and (shares >= 0).all()
    by_level = model.demand.expected_by_level.sum(axis=0)
    national = by_level / np.maximum(by_level.sum(axis=1, keepdims=True), 1e-12)
    np.testing.assert_allclose(national[:, 1], model.caps.level2_share, atol=1e-6)
    np.testing.assert_allclose(national[:, 2], model.caps.level3_share, atol=1e-6)


def test_urban_forces_see_more_cross_border_work() -> None:
    model = CrossforceModel(seed=1)
    c = model.caps.index("serious_organised_crime")
    level2 = model.demand.level_share[:, c, 1]
    assert level2[model.forces.index("Metropolitan Police")] > level2[model.forces.index("Dyfed-Powys")]


def test_a_regional_member_keeps_a_small_team_for_its_local_work() -> None:
    model = CrossforceModel(seed=1)
    c = model.caps.index("serious_organised_crime")
    arr = model.arrangements
    local, upper = arr.tier_demand()
    assert arr.member[:, c].all() and (arr.mode[:, c] == Mode.OWN).all()
    assert upper[:, c].sum() > local[:, c].sum()  # most of the work goes to the region
    assert (arr.teams[:, c] < 2).mean() > 0.8  # the forces' own teams are small


def test_a_buyer_does_not_widen_its_hosts_scope() -> None:
    """Scope comes from the contiguous area a unit covers (its force and joint members), not from
    whoever buys from it: a buyer's cross-border work meets the host's scope, a member's the pool's."""
    model = CrossforceModel(seed=1)
    c = model.caps.index("cse_investigation")
    host, buyer, member = (model.forces.index(n) for n in ("Lancashire", "Cumbria", "Merseyside"))
    scores = score_options(model, np.array([host]))
    model.arrangements.buy(buyer, c, host, Contract.SUBSCRIPTION, 1.0)
    after_buyer = score_options(model, np.array([host]))
    model.arrangements.join(member, c, host)
    after_member = score_options(model, np.array([host]))
    assert after_buyer.current_harm[0, c] == pytest.approx(scores.current_harm[0, c], rel=0.05)
    assert after_member.current_harm[0, c] < after_buyer.current_harm[0, c]


# --- one set of accounts ----------------------------------------------------------------------
def settled_year(model: CrossforceModel) -> tuple[np.ndarray, np.ndarray]:
    """Each force's cost and harm (F, C) over a year of expected demand, settled a quarter at a time
    by the quarter's own code, every unit at the skill its use sustains."""
    model.arrangements._settle_skill()
    outcome = serve_quarter(model, model.demand.expected_by_level / 4.0)
    return outcome.capability_cost * 4.0, outcome.harm * 4.0


CHANGES = [
    ("Cumbria", "major_crime", "join", "Lancashire"),
    ("Gwent", "covert_surveillance", "buy_subscription", "South Wales"),
    ("Surrey", "cyber_forensics", "buy_payg", "Sussex"),
    ("Durham", "serious_organised_crime", "leave_region", None),
    ("Kent", "cse_investigation", "join_region", None),
]


@pytest.mark.parametrize(("force", "capability", "kind", "partner"), CHANGES)
def test_every_partys_scored_gain_is_the_difference_of_two_settled_years(
    force, capability, kind, partner
) -> None:
    """What a change is scored to do to each party (the proposer, its partner, every co-member) is
    what the quarter's settlement makes of the arrangements before and after it."""
    model = CrossforceModel(seed=1)
    f, c = model.forces.index(force), model.caps.index(capability)
    g = model.forces.index(partner) if partner else -1
    if kind == "join_region":  # Kent's region forms the unit first, without it
        for j in model.arrangements.region_forces(f):
            if j != f:
                model.arrangements.join_region(int(j), c)
    effects = proposals.effects(model, [Change(f, c, kind, g)])
    before_money, before_harm = settled_year(model)
    proposals.apply(model.arrangements, Change(f, c, kind, g), model)
    model.arrangements.resize_regional()
    after_money, after_harm = settled_year(model)
    np.testing.assert_allclose(effects.money, after_money[:, c] - before_money[:, c], atol=1e-6)
    np.testing.assert_allclose(effects.harm, after_harm[:, c] - before_harm[:, c], atol=1e-4)
    touched = np.flatnonzero(np.abs(effects.gain(VALUE)) > 1e-6)
    assert f in touched and len(touched) >= 2  # the change reaches another party


def test_a_chiefs_own_score_of_an_option_is_its_line_of_the_expected_accounts() -> None:
    """For a force that serves no other force, the closed-form scoring of each option moves its
    money and harm (the chief's doubt about a partner aside) exactly as the accounts do."""
    model = run_model(seed=1, years=1)
    arr = model.arrangements
    rows = np.array([f for f in range(0, model.forces.count, 5)])
    scores = score_options(model, rows)
    checked = 0
    for r, f in enumerate(rows):
        for c in range(model.caps.count):
            if arr.hosts_others(int(f), c) or scores.current[r, c] < 0:
                continue
            now = int(scores.current[r, c])
            for o in np.flatnonzero(np.isfinite(scores.score[r, c])).tolist()[:6]:
                kind, g = scores.kind(o), int(scores.partner[r, c, o])
                if o == now or (kind in ("buy_payg", "buy_subscription", "join") and g < 0):
                    continue
                effects = proposals.effects(model, [Change(int(f), c, kind, g)])
                money = scores.money[r, c, o] - scores.current_money[r, c]
                harm = (scores.harm[r, c, o] - scores.doubt[r, c, o]) - (
                    scores.current_harm[r, c] - scores.doubt[r, c, now]
                )
                assert money == pytest.approx(effects.money[f], abs=1e-6), (f, c, kind, g)
                assert harm == pytest.approx(effects.harm[f], abs=1e-3), (f, c, kind, g)
                checked += 1
    assert checked > 100


def test_money_is_accounted_once_for_every_party() -> None:
    """What each force bears for a capability is what it pays out for units it runs, to partners
    and to the national provider, less what it receives from partners and the Home Office; summed
    over forces, the units' costs, the national provider's price and governance, less grant."""
    model = run_model(seed=2, years=3)
    arr = model.arrangements.state
    out = empty_settled(model.forces.count, model.caps.count, arr.regional_teams.shape[0])
    serve_all(model.demand.expected_by_level / 4.0, arr, model.scoring_world(), model.economics,
              model.scoring_settings, 0.25, out)  # fmt: skip
    identity = out.operating + out.paid - out.received - out.grant + out.transaction
    np.testing.assert_allclose(out.burden, identity, atol=1e-9)
    np.testing.assert_allclose(out.paid.sum() - out.national.sum(), out.received.sum(), atol=1e-9)
    assert out.grant.sum() > 0  # the Home Office pays its share of the regional units


# --- extremes ---------------------------------------------------------------------------------
def levels(level2: float, level3: float = 0.0) -> dict:
    """Every capability's demand at the given levels."""
    names = make_params().capabilities
    return {name: {"level2_share": level2, "level3_share": level3} for name in names}


def test_without_cross_border_work_regional_units_close_and_none_form() -> None:
    model = run_model(seed=1, years=5, capabilities=levels(0.0))
    assert (model.arrangements.regional_teams == 0).all()
    events = model.events.frame()["action"]
    assert not events.isin(["forms regional unit", "joins regional unit"]).any()


def test_with_only_cross_border_work_the_forces_own_teams_shrink_to_what_they_share() -> None:
    """All serious and organised crime work cross-border: the regional units take it all, and the
    forces' own teams, with nothing left to do, shrink to the smallest units, shared or bought (a
    force cannot choose to have no provision at all, so some small units stay)."""
    only = {"serious_organised_crime": {"level2_share": 1.0, "level3_share": 0.0}}
    model = run_model(seed=1, years=5, capabilities=only, cross_border_urban_tilt=0.0)
    default = run_model(seed=1, years=5, cross_border_urban_tilt=0.0)
    c = model.caps.index("serious_organised_crime")
    member = model.arrangements.member[:, c]
    assert model.arrangements.tier_demand()[0][member, c].sum() == 0 and member.mean() > 0.5
    assert model.arrangements.teams[:, c].sum() < 0.75 * default.arrangements.teams[:, c].sum()


def test_a_region_of_one_force_has_no_unit_to_share() -> None:
    forces = load_forces()
    alone = forces.names.index("Dyfed-Powys")
    rocu = tuple("alone" if i == alone else r for i, r in enumerate(forces.rocu))
    model = CrossforceModel(make_params({"years": 4}), seed=1, forces=replace(forces, rocu=rocu)).run()
    arr = model.arrangements
    r = arr.region_names.index("alone")
    for c in range(model.caps.count):
        assert set(arr.region_members(r, c).tolist()) <= {alone}
    assert model.recorder.model_series()["unmet"].sum() < 0.01 * model.recorder.model_series()["demand"].sum()
