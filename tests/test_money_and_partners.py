"""Money that grips, the 2010 books, and partners chosen by history and fairness (issue 24)."""

from __future__ import annotations

import numpy as np

from abm import history, proposals
from abm.model import CrossforceModel
from abm.params import make_params
from abm.scenarios import load_scenario
from tests.conftest import run_model


def capability_spending_change(model: CrossforceModel) -> float:
    """What the forces' capabilities cost in the last year against the first."""
    cost = np.stack(model.recorder.force_arrays["cost"]).sum(axis=(1, 2))
    return float(cost[-4:].sum() / cost[:4].sum() - 1.0)


def test_a_deep_cut_reaches_specialist_capabilities() -> None:
    """A 30%-a-year cut for ten years: the plans' capability targets make chiefs weigh money more,
    and what changed arrangements do not save comes out of their own units' posts."""
    for seed in (1, 2):
        assert capability_spending_change(run_model(seed, years=10, grant_change_per_year=-0.3)) < -0.25


def test_a_cut_raises_collaboration() -> None:
    def shared(change: float) -> float:
        total = 0.0
        for seed in (1, 2):
            series = run_model(seed, years=10, grant_change_per_year=change).recorder.model_series()
            total += series["collaborations"].iloc[-1] + series["regional_memberships"].iloc[-1]
        return total

    assert shared(-0.1) > 1.1 * shared(0.0)


def test_the_plan_sets_a_capability_target_and_the_weight_of_money_follows_it() -> None:
    model = CrossforceModel(make_params({"years": 2, "grant_change_per_year": -0.2}), seed=1).run()
    books = [agent.books for agent in model.force_agents]
    assert all(
        b.capability_target < sum(a.quarterly_cost) + 1e-9
        for a, b in zip(model.force_agents, books, strict=True)
    )
    assert np.mean([b.capability_pressure for b in books]) > 1.0
    flat = CrossforceModel(make_params({"years": 2}), seed=1).run()
    assert max(a.books.capability_pressure for a in flat.force_agents) < max(
        b.capability_pressure for b in books
    )


def test_the_replay_opens_with_the_2010_books() -> None:
    """In 2010-11 central grant was about three quarters of police funding (IFS BN179): a cut in
    grant cuts budgets harder than on the 2025-26 books (about three fifths)."""
    params = load_scenario("history_2010_2025").params({"years": 6})
    model = CrossforceModel(params, seed=1)
    grant = sum(a.grant_gbp_m for a in model.force_agents)
    precept = sum(model.pcc_of(a.index).precept_gbp_m for a in model.force_agents)
    assert 0.70 < grant / (grant + precept) < 0.80
    start = model.budgets().sum()
    model.run()
    assert model.budgets().sum() / start < 0.87  # NAO: -18% in real terms to 2015-16
    assert history.price_level(2010) > 1.3  # 2010-11 pounds in 2025-26 prices


def test_the_weaker_duty_before_the_act_and_no_power_to_direct() -> None:
    """Before the 2011 Act the duty weighs ``duty_before_share`` of its strength and the Home
    Secretary cannot direct; from ``duty_from_year`` both apply in full."""
    settings = {"years": 4, "duty_from_year": 2012, "duty_before_share": 0.0, "direction_power": True}
    model = CrossforceModel(make_params(settings), seed=1)
    while model.year < 2012:
        assert model.duty == 0.0 and not model.home_secretary.has_power_to_direct()
        model.step()
    events = model.events.frame()
    assert not events["reason"].str.contains("under the duty to collaborate").any()
    assert not (events["action"] == "direction").any()
    assert model.duty == model.params.duty_strength and model.home_secretary.has_power_to_direct()


def test_forces_that_worked_together_trust_each_other_more() -> None:
    model = CrossforceModel(make_params({"years": 1}), seed=1)
    names = model.forces.names
    tied = model.trust.of(names.index("Norfolk"), names.index("Suffolk"))
    untied = model.trust.of(names.index("Norfolk"), names.index("Essex"))
    assert tied > untied


def test_a_third_force_joins_an_alliance_under_a_new_split() -> None:
    model = CrossforceModel(make_params({"years": 1, "real_collaborations_at_start": True}), seed=1)
    arr, names = model.arrangements, model.forces.names
    alliance = next(
        a
        for a in arr.alliances.values()
        if set(a.members) == {names.index("Norfolk"), names.index("Suffolk")}
    )
    third = names.index("Cambridgeshire")
    arr.join_alliance(third, alliance.id, {m: 1 / 3 for m in [*alliance.members, third]})
    assert third in alliance.members and len(alliance.members) == 3
    assert all(arr.alliance[third, c] == alliance.id for c in alliance.capabilities)
    assert all(arr.provider[third, c] == alliance.lead for c in alliance.capabilities)


def test_a_partner_that_pays_well_beyond_its_use_gives_notice() -> None:
    """An alliance split so that one member pays nearly everything for about half the work: its
    policing body judges it unfair from the settled accounts and leaves. The chiefs' own switching
    bar is set at its maximum so that only the policing body's yearly review can end it."""
    settings = {"years": 3, "real_collaborations_at_start": True, "new_pcc_review": 0.0,
                "switching_threshold": 0.9}  # fmt: skip
    model = CrossforceModel(make_params(settings), seed=1)
    arr, names = model.arrangements, model.forces.names
    alliance = next(
        a
        for a in arr.alliances.values()
        if set(a.members) == {names.index("Norfolk"), names.index("Suffolk")}
    )
    payer = names.index("Suffolk")
    arr.agree_shares(alliance.id, {m: (0.95 if m == payer else 0.05) for m in alliance.members})
    model.run()
    events = model.events.frame()
    unfair = events[events["reason"].str.contains("split unfair")]
    assert (unfair["force"] == "Suffolk").any()


def test_a_merger_needs_savings_that_outweigh_what_voters_lose() -> None:
    model = CrossforceModel(make_params({"years": 1}), seed=1)
    body = model.pcc_of(model.forces.index("Dorset"))
    budget = model.force_agent(body.force).budget()
    identity = model.params.merger_identity_share * budget
    assert body.consents_to_merger("Devon and Cornwall", identity * 1.1, 0.0) == ""
    assert "identity" in body.consents_to_merger("Devon and Cornwall", identity * 0.5, 0.0)


def test_effects_of_leaving_an_alliance_reach_every_member() -> None:
    model = CrossforceModel(make_params({"years": 1, "real_collaborations_at_start": True}), seed=1)
    arr = model.arrangements
    alliance = next(a for a in arr.alliances.values() if len(a.members) >= 2)
    f = next(m for m in alliance.members if m != alliance.lead)
    effects = proposals.effects_of(
        model, lambda twin: twin.leave_alliance(f, alliance.id), list(alliance.capabilities)
    )
    assert abs(effects.money[alliance.lead]) > 0
