"""Governance mechanisms: directions, the duty, consent to mergers, elections, exits, HMIC."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from abm.model import CrossforceModel
from abm.modes import Contract, Mode
from abm.negotiations import Proposal
from abm.params import make_params
from abm.scoring import OWN
from crossforce_agents.pcc import PCCAgent
from tests.conftest import run_model


def actions(model: CrossforceModel) -> np.ndarray:
    return model.events.frame()["action"].to_numpy()


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_no_direction_without_the_power(seed: int) -> None:
    model = run_model(seed, years=8, direction_power=False, clear_benefit_share=0.2)
    assert not np.isin(actions(model), ["direction", "directed"]).any()


def test_directions_happen_with_the_power_and_are_carried_out() -> None:
    model = run_model(
        1, years=6, direction_power=True, direction_political_cost_gbp_m=0.5, clear_benefit_share=0.3
    )
    events = model.events.frame()
    directions = events[events["action"] == "direction"]
    assert len(directions) > 0
    assert (events["action"] == "directed").sum() > 0
    # each direction in a parliament costs more: the n-th must save at least n times the first's cost
    # (directions to keep a joint unit going count too; they carry no saving of their own)
    first_parliament = directions[directions["quarter"].str[-4:].astype(int) < 2015]
    nth = np.arange(1, len(first_parliament) + 1)
    savings = -first_parliament["money_gbp_m"].to_numpy()
    directed = ~np.isnan(savings)
    assert (savings[directed] >= 0.5 * nth[directed] - 1e-6).all()


def test_the_home_secretarys_test_is_not_hmics() -> None:
    """HMIC flags by the share of cost a collaboration would save; the Home Secretary directs only
    when the saving is worth its political cost: the same flags, fewer directions as it rises."""
    cheap = run_model(1, years=6, direction_power=True, direction_political_cost_gbp_m=0.5)
    dear = run_model(1, years=6, direction_power=True, direction_political_cost_gbp_m=500.0)
    count = {
        name: (m.events.frame()["action"] == "direction").sum()
        for name, m in (("cheap", cheap), ("dear", dear))
    }
    flags = (cheap.events.frame()["action"] == "flagged").sum()
    assert flags > 0 and count["cheap"] > count["dear"] == 0


def test_stronger_duty_gives_at_least_as_much_collaboration_across_seeds() -> None:
    seeds = range(1, 9)
    weak = np.array(
        [
            run_model(s, years=5, duty_strength=0.1).recorder.model_series().iloc[-1]["collaborations"]
            for s in seeds
        ]
    )
    strong = np.array(
        [
            run_model(s, years=5, duty_strength=0.8).recorder.model_series().iloc[-1]["collaborations"]
            for s in seeds
        ]
    )
    differences = strong - weak
    # paired sign test: under "no effect" 7 or more of 8 positive has probability 9/256 < 0.05
    assert (differences > 0).sum() >= 7
    assert differences.mean() > 0


def easy_merger_params(**overrides):
    return make_params(
        {
            "years": 4,
            "merger_savings_threshold": 0.0,
            "merger_transition_share": 0.0,
            "local_control_preference": 0.0,
            **overrides,
        }
    )


def withhold(self, other, saving, precept_rise):
    return "consent withheld (test)"


def test_no_merger_without_consent_when_consent_is_required(monkeypatch) -> None:
    monkeypatch.setattr(PCCAgent, "consents_to_merger", withhold)
    model = CrossforceModel(easy_merger_params(merger_consent_required=True), seed=1).run()
    assert model.active.all()
    assert "merged" not in actions(model)
    assert "merger refused" in actions(model)


def test_without_the_consent_rule_the_same_case_merges(monkeypatch) -> None:
    monkeypatch.setattr(PCCAgent, "consents_to_merger", withhold)
    model = CrossforceModel(easy_merger_params(merger_consent_required=False), seed=1).run()
    assert not model.active.all()
    assert "merged" in actions(model)


def test_a_failed_merger_is_not_tried_again_within_the_retry_period(monkeypatch) -> None:
    monkeypatch.setattr(PCCAgent, "consents_to_merger", withhold)
    model = CrossforceModel(easy_merger_params(years=8, merger_retry_years=5), seed=1).run()
    refused = model.events.frame().query("action == 'merger refused'")
    pairs = refused["force"] + "/" + refused["partner"]
    years = refused["quarter"].str[-4:].astype(int)
    for pair in pairs.unique():
        tried = sorted(years[pairs == pair])
        assert all(b - a >= 5 for a, b in itertools.pairwise(tried)), (pair, tried)
    assert pairs.nunique() > 1  # memory makes the forces look at other pairs


def test_voters_attachment_to_their_force_stops_mergers() -> None:
    """Whether a merger passes depends on the case: with voters valuing their force at the top of
    the plausible range no merger wins consent in a decade; with no attachment, no one-off cost and
    no savings bar, forces merge."""
    attached = run_model(1, years=10, merger_identity_share=0.05)
    free = run_model(
        1, years=10, merger_identity_share=0.0, merger_transition_share=0.0, merger_savings_threshold=0.0
    )
    assert attached.active.all()
    assert not free.active.all()


def test_elections_fall_on_schedule() -> None:
    model = run_model(1, years=12, voluntary_mergers=False)  # elections Nov 2012, May 2016, May 2021
    events = model.events.frame()
    held = events[events["action"].isin(["elected", "re-elected"])]
    assert sorted(held["quarter"].unique()) == ["Q1 2016", "Q1 2021", "Q3 2012"]
    elected_bodies = sum(p.elected for p in list(model.pcc_agents))
    assert elected_bodies == 42  # every force area but the City of London
    assert (held.groupby("quarter").size() == elected_bodies).all()


def test_an_elected_successor_can_exit_an_agreement() -> None:
    params = make_params(
        {
            "years": 4,
            "start_year": 2015,
            "incumbent_reelection": 0.0,
            "new_pcc_review": 1.0,
            "local_control_preference": 0.05,
        }
    )
    model = CrossforceModel(params, seed=1)
    f, host = model.forces.index("Cumbria"), model.forces.index("Lancashire")
    c = model.caps.index("covert_surveillance")
    model.arrangements.buy(f, c, host, Contract.SUBSCRIPTION, 0.1)
    model.run(8)  # the May 2016 election falls in the fifth quarter
    events = model.events.frame()
    notice = events[(events["action"] == "gives notice") & (events["force"] == "Cumbria")]
    assert len(notice) >= 1
    assert model.mode[f, c] in (Mode.OWN, Mode.JOINT_LEAD, Mode.JOINT_MEMBER, Mode.NATIONAL) or (
        model.provider[f, c] != host
    )


def test_money_is_conserved_through_mergers_and_exits() -> None:
    model = CrossforceModel(
        make_params(
            {"years": 6, "imposed_regional_mergers": True, "new_pcc_review": 1.0, "incumbent_reelection": 0.0}
        ),
        seed=2,
    ).run()
    assert model.active.sum() == len(set(model.forces.rocu))
    checks = np.array(model.recorder.money_check)
    np.testing.assert_allclose(checks[:, 0], checks[:, 1], rtol=1e-9, atol=1e-9)
    table = model.recorder.force_series(model)
    np.testing.assert_allclose(table["demand"], table["served"] + table["unmet"], atol=1e-9)
    merged = table[table["mode"] == "merged"]
    assert (merged["demand"] == 0).all()


def test_merged_forces_keep_their_history_and_population_moves() -> None:
    model = CrossforceModel(make_params({"years": 1}), seed=1)
    keep, gone = model.forces.index("Norfolk"), model.forces.index("Suffolk")
    total = model.forces.population.sum()
    demand = model.demand.expected[[keep, gone]].sum(axis=0)
    model.merge(keep, gone, "test")
    np.testing.assert_allclose(model.demand.expected[keep], demand)
    assert model.forces.population.sum() == total and model.forces.population[gone] == 0
    model.run(4)
    table = model.recorder.force_series(model)
    assert set(table.loc[table["force"] == "SUF", "mode"]) == {"merged"}
    assert model.recorder.model_series().iloc[-1]["forces"] == 42


@pytest.mark.parametrize("capacity", [0, 3, 10])
def test_hmic_never_inspects_more_forces_than_its_capacity(capacity: int) -> None:
    model = run_model(1, years=5, hmic_inspections_per_year=capacity)
    events = model.events.frame()
    inspected = events[events["action"] == "inspected"]
    per_year = inspected.groupby(inspected["quarter"]).size()
    assert (per_year <= capacity).all()
    assert len(inspected) == 5 * capacity


def test_national_level3_provision_opens_the_national_option() -> None:
    off = CrossforceModel(make_params({"national_level3_provision": False}))
    on = CrossforceModel(make_params({"national_level3_provision": True}))
    c = on.caps.index("specialist_armed")
    assert not off.caps.national_available[c] and on.caps.national_available[c]


def test_mandated_procurement_cuts_back_office_cost() -> None:
    base = CrossforceModel(make_params({}))
    mandated = CrossforceModel(make_params({"mandated_national_procurement": True}))
    c = base.caps.index("back_office")
    assert mandated.caps.per_use[c] < base.caps.per_use[c]
    assert mandated.caps.per_use[base.caps.index("custody")] == base.caps.per_use[base.caps.index("custody")]


def test_grant_cut_lowers_budgets() -> None:
    cut = run_model(1, years=5, grant_change_per_year=-0.05)
    flat = run_model(1, years=5)
    assert (
        cut.recorder.model_series().iloc[-1]["budget_gbp_m"]
        < flat.recorder.model_series().iloc[-1]["budget_gbp_m"]
    )


def with_joint_unit(model: CrossforceModel) -> CrossforceModel:
    """The model with Cumbria in a joint major crime unit led by Lancashire from the start."""
    c = model.caps.index("major_crime")
    model.arrangements.join(model.forces.index("Cumbria"), c, model.forces.index("Lancashire"))
    model.arrangements.settle_setup()
    return model


def test_a_member_leaving_its_joint_unit_counts_as_a_collaboration_ended() -> None:
    model = with_joint_unit(
        CrossforceModel(make_params({"years": 1, "new_pcc_review": 0.0, "voluntary_mergers": False}), seed=2)
    )
    model.step()
    shared_at_start, kept, ended = model.recorder.arrangement_changes()
    assert shared_at_start > 0 and kept == shared_at_start and ended == 0
    members = np.argwhere(model.mode == Mode.JOINT_MEMBER)
    f, c = (int(i) for i in members[0])
    model.arrangements.own(f, c)
    model.step()
    shared_at_start, kept, ended = model.recorder.arrangement_changes()
    assert ended >= 1
    assert kept <= shared_at_start - 1


def exit_from_joint_unit(direction_power: bool, delay: int = 2) -> tuple[CrossforceModel, int, int]:
    """A model in which one joint-unit member has given notice, due at the next meeting."""
    model = with_joint_unit(
        CrossforceModel(
            make_params(
                {
                    "years": 3,
                    "direction_power": direction_power,
                    "direction_political_cost_gbp_m": 1.0,  # a small unit's break-up is worth a direction
                    "break_up_delay_quarters": delay,
                    "new_pcc_review": 0.0,
                    "voluntary_mergers": False,
                }
            ),
            seed=2,
        )
    )
    model.step()
    f, c = model.forces.index("Cumbria"), model.caps.index("major_crime")
    assert model.mode[f, c] == Mode.JOINT_MEMBER
    model.negotiations.open(Proposal(f, c, "own", OWN, -1, model.steps + 1, "notice", imposed_by="PCC"))
    return model, f, c


def test_the_home_secretary_makes_a_joint_unit_continue_when_a_member_leaves() -> None:
    model, f, c = exit_from_joint_unit(direction_power=True)
    model.step()
    assert model.mode[f, c] == Mode.JOINT_MEMBER  # the exit was due, but postponed
    events = model.events.frame()
    assert ((events["action"] == "direction") & (events["force"] == model.forces.names[f])).any()
    model.step()
    assert model.mode[f, c] == Mode.JOINT_MEMBER
    model.step()
    assert model.mode[f, c] == Mode.OWN  # two quarters later the member leaves: once only


@pytest.mark.parametrize(("power", "delay"), [(False, 2), (True, 0)])
def test_no_delay_without_the_power_or_with_a_zero_delay(power: bool, delay: int) -> None:
    model, f, c = exit_from_joint_unit(direction_power=power, delay=delay)
    model.step()
    assert model.mode[f, c] == Mode.OWN
    assert "direction" not in actions(model)
