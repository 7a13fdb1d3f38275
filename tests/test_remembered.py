"""What the model remembers between two questions is what it would work out afresh.

The scoring world, a policing body's control given up and an alliance's cost shares are kept while
what they are made from stays the same (``CrossforceModel.scoring_world``,
``PCCAgent.share_given_up``, ``Arrangements.alliance_shares``); the Council asks every reviewing
force's chief and policing body at once (``options_open``). Each is checked against the same
figures worked out again from scratch: after every agreement concluded (in the middle of a
meeting, where a stale memory would do harm) and at the end of every quarter, in runs with
alliances formed and left and forces merged.
"""

from __future__ import annotations

import numpy as np
import pytest

from abm import negotiations
from abm.model import CrossforceModel
from abm.params import make_params
from abm.scenarios import load_scenario
from abm.scoring import score_options
from crossforce_agents.pcc import would_sign_options


def _afresh(model: CrossforceModel) -> None:
    """Every remembered figure equals the one worked out again now."""
    arr = model.arrangements
    np.testing.assert_array_equal(arr.alliance_shares(), arr._alliance_shares())
    weight = model.demand.expected  # the default cost-sharing rule, by demand
    shares = arr._alliance_shares()
    expected_weight = np.where(np.isnan(shares), weight, shares) if arr.any_alliance() else weight
    world = model.scoring_world()
    np.testing.assert_array_equal(world.weights, expected_weight)
    fresh = model._world(expected_weight)
    for name, kept, made in zip(world._fields, world, fresh, strict=True):
        np.testing.assert_array_equal(kept, made, err_msg=name)
    for f in np.flatnonzero(model.active).tolist():
        body = model.pcc_of(f)
        np.testing.assert_array_equal(body.share_given_up(arr), body._share_given_up(arr))


CASES = [
    ("baseline", 2, {"agreed", "forms alliance", "merged"}),
    ("baseline", 3, {"agreed", "forms alliance", "merged"}),
    ("history_2010_2025", 1, {"agreed", "joins alliance", "forms alliance"}),  # several alliances at once
]


@pytest.mark.parametrize(("scenario", "seed", "seen"), CASES)
def test_what_is_remembered_is_what_would_be_worked_out_afresh(
    scenario: str, seed: int, seen: set[str], monkeypatch
) -> None:
    model = CrossforceModel(load_scenario(scenario).params(), seed=seed)
    conclude = negotiations.conclude
    concluded = []

    def conclude_and_check(model, proposal, scores, row) -> None:
        conclude(model, proposal, scores, row)
        concluded.append(proposal.kind)
        _afresh(model)

    monkeypatch.setattr(negotiations, "conclude", conclude_and_check)
    for _ in range(model.params.steps):
        model.step()
        _afresh(model)
    kinds = {row[4] for row in model.events.rows}
    assert seen <= kinds, f"the run should show {sorted(seen - kinds)}"
    assert len(concluded) > 20


def test_the_council_asks_each_body_about_its_own_force() -> None:
    """Asked together, each policing body answers for its own force's row of the scores, as it
    would asked alone."""
    model = CrossforceModel(make_params({"years": 3}), seed=3)
    for _ in range(6):
        model.step()
    forces = np.array([4, 11, 17, 30, 38])
    scores = score_options(model, forces)
    bodies = [model.pcc_of(int(f)) for f in forces]
    caps = np.arange(model.caps.count)
    together = would_sign_options(bodies, scores, np.arange(len(forces)), caps)
    for row, body in enumerate(bodies):
        alone = would_sign_options([body], scores, np.array([row]), caps)[0]
        np.testing.assert_array_equal(together[row], alone)
    assert together.any() and not together.all()


def test_a_new_split_of_an_alliance_is_seen_at_once() -> None:
    """The same members agreeing a new split of their alliance's costs changes no arrangement, only
    the shares: what is remembered of them must follow."""
    model = CrossforceModel(make_params({"years": 10}), seed=3)
    arr = model.arrangements
    while not arr.any_alliance():
        model.step()
    alliance = next(a for a in arr.alliances.values() if a.members)
    before = arr.alliance_shares().copy()
    lead, *others = alliance.members
    arr.agree_shares(alliance.id, {lead: 0.9, **{m: 0.1 / len(others) for m in others}})
    after = arr.alliance_shares()
    assert not np.array_equal(before, after, equal_nan=True)
    np.testing.assert_array_equal(after, arr._alliance_shares())
