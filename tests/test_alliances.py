"""Strategic alliances as packages (issue 15): one agreement for several capabilities, one cost
split fixed when signed, every party's policing body signs the package, one notice to leave the
whole; the regional units stay per-capability agreements. And the history replay's drivers."""

from __future__ import annotations

import numpy as np

from abm import history
from abm.model import CrossforceModel
from abm.modes import Mode
from abm.params import make_params
from abm.scoring import score_options
from tests.conftest import run_model


def an_alliance(
    model: CrossforceModel, caps=("major_crime", "custody", "public_order")
) -> tuple[int, int, int]:
    """Form an alliance between Norfolk (lead) and Suffolk; returns (lead, member, id)."""
    lead, member = model.forces.index("Norfolk"), model.forces.index("Suffolk")
    cs = tuple(model.caps.index(c) for c in caps)
    ident = model.arrangements.form_alliance(lead, [member], cs, {lead: 0.6, member: 0.4}, model.steps)
    return lead, member, ident


def test_an_alliance_is_one_package_with_its_agreed_split() -> None:
    model = CrossforceModel(make_params({"years": 1}), seed=1)
    lead, member, ident = an_alliance(model)
    alliance = model.arrangements.alliances[ident]
    for c in alliance.capabilities:
        assert (
            model.arrangements.mode[member, c] == Mode.JOINT_MEMBER
            and model.arrangements.provider[member, c] == lead
        )
        assert model.arrangements.alliance[member, c] == ident == model.arrangements.alliance[lead, c]
    weights = model.partner_weight()
    assert weights[member, alliance.capabilities[0]] == 0.4 and weights[lead, alliance.capabilities[0]] == 0.6
    model.run(1)
    # members pay their agreed share of each unit's cost: what the lead receives for the package
    c = alliance.capabilities[0]
    cost = model.recorder.force_arrays["cost"][-1]
    assert cost[member, c] > 0 and cost[lead, c] > 0


def test_leaving_an_alliance_takes_every_capability_back_and_ends_a_pair() -> None:
    model = CrossforceModel(make_params({"years": 1}), seed=1)
    lead, member, ident = an_alliance(model)
    model.arrangements.leave_alliance(member, ident)
    for c in model.arrangements.alliances[ident].capabilities:
        assert model.arrangements.mode[member, c] == Mode.OWN
        assert model.arrangements.mode[lead, c] == Mode.OWN
        assert model.arrangements.alliance[:, c].max() == -1
    assert model.arrangements.alliances[ident].members == []


def test_outsiders_may_not_join_an_alliances_units() -> None:
    model = CrossforceModel(make_params({"years": 1}), seed=1)
    lead, _member, _ident = an_alliance(model)
    cambs = model.forces.index("Cambridgeshire")
    scores = score_options(model, np.array([cambs]))
    c = model.caps.index("major_crime")
    joins = [
        o
        for o in range(scores.score.shape[2])
        if scores.kind(o) == "join" and scores.partner[0, c, o] == lead
    ]
    assert joins and not np.isfinite(scores.score[0, c, joins]).any()


def test_chiefs_form_alliances_and_some_end() -> None:
    formed = ended = 0
    for seed in (1, 2, 3):
        events = run_model(seed, years=10).events.frame()
        formed += (events["action"] == "forms alliance").sum()
        ended += events["action"].isin(["alliance ended", "leaves alliance"]).sum()
    assert formed > 0


def test_regional_units_are_a_tier_above_each_forces_own_team() -> None:
    """In 2010 every force belonged to its region's organised crime unit and kept its own serious
    and organised crime team beside it; the regional units are no force's alliance."""
    model = CrossforceModel(make_params({"years": 1}), seed=1)
    c = model.caps.index("serious_organised_crime")
    arr = model.arrangements
    assert (arr.alliance[:, c] == -1).all()
    assert arr.member[:, c].all() and (arr.mode[:, c] == Mode.OWN).all()
    assert (arr.regional_host[:, c] >= 0).all() and (arr.regional_teams[:, c] > 0).all()


def test_the_replay_starts_with_the_collaborations_of_2010() -> None:
    model = CrossforceModel(make_params({"years": 1, "real_collaborations_at_start": True}), seed=1)
    pairs = {
        tuple(sorted(model.forces.names[m] for m in a.members)) for a in model.arrangements.alliances.values()
    }
    assert ("Norfolk", "Suffolk") in pairs and ("Essex", "Kent") in pairs
    assert not any(record.start_year > 2010 for record in history.in_place(2010))


def test_the_replay_follows_the_recorded_grant_and_requires_the_air_service() -> None:
    model = run_model(1, years=4, start_year=2010, grant_path="history", required_national=["air_support"])
    index = [model.home_secretary.grant_index_at(q) for q in (0, 4, 8, 12)]
    assert index == [history.grant_index(y) for y in (2010, 2011, 2012, 2013)]
    c = model.caps.index("air_support")
    assert (model.arrangements.mode[model.active, c] == Mode.NATIONAL).all()
    assert (model.events.frame()["action"] == "required").sum() >= 42
