"""Decisions a person can take instead of an agent (abm/decisions.py): the options are the
model's own, a person's choice is carried out, the agent's own choice is logged beside it, and a
recorded session replays to the same run."""

from __future__ import annotations

import numpy as np

from abm.decisions import HMIC, HOME_SECRETARY, Answer, Decision, Replay, chief_role, pcc_role
from abm.model import CrossforceModel
from abm.params import make_params


class Contrarian:
    """Chooses the first option that is not the agent's own (a participant who disagrees)."""

    def decide(self, decision: Decision) -> Answer:
        other = [o.key for o in decision.options if o.key not in decision.model_choice]
        return Answer(decision, (other[0],) if other else decision.model_choice, "human")


class Recorder:
    """Answers with the agent's own choice, as a person who agrees would, and remembers."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def decide(self, decision: Decision) -> Answer:
        self.keys.append(decision.key)
        return Answer(decision, decision.model_choice, "human")


def model_with(roles: dict[str, object], seed: int = 1, years: int = 3, **overrides) -> CrossforceModel:
    model = CrossforceModel(make_params({"years": years, **overrides}), seed=seed)
    model.controllers.update(roles)
    return model


def test_an_agreeing_player_changes_nothing() -> None:
    cumbria = "CUM"
    plain = CrossforceModel(make_params({"years": 3}), seed=2).run()
    recorder = Recorder()
    played = model_with(
        {chief_role(cumbria): recorder, pcc_role(cumbria): recorder, HMIC: recorder}, seed=2
    ).run()
    assert recorder.keys, "the player was never asked"
    np.testing.assert_array_equal(plain.mode, played.mode)
    assert plain.events.frame().equals(played.events.frame())
    assert all(not a.diverged for a in played.answers)


def test_a_contrarian_chief_is_followed_and_the_divergence_logged() -> None:
    model = model_with({chief_role("DYP"): Contrarian()}).run()
    reviews = [a for a in model.answers if a.decision.kind == "review"]
    assert reviews and all(a.decision.role == "chief:DYP" for a in reviews)
    assert any(a.diverged for a in reviews)
    f = model.forces.index("Dyfed-Powys")
    proposals = model.events.frame().query("action == 'proposes' and force == 'Dyfed-Powys'")
    assert len(proposals) > 0
    chosen = {a.choice[0] for a in reviews if a.choice[0] != "keep"}
    assert chosen  # every option offered came from the model's own scoring
    for answer in reviews:
        keys = {o.key for o in answer.decision.options}
        assert "keep" in keys and answer.choice[0] in keys
    assert model.active[f]


def test_hmic_and_the_home_secretary_can_be_played() -> None:
    class Inspects:
        def decide(self, decision: Decision) -> Answer:
            return Answer(decision, tuple(o.key for o in decision.options[-2:]), "human")

    model = model_with({HMIC: Inspects(), HOME_SECRETARY: Recorder()}, years=2, direction_power=True)
    model.run()
    inspections = [a for a in model.answers if a.decision.kind == "inspect"]
    assert len(inspections) == 2 and all(len(a.choice) == 2 for a in inspections)
    inspected = model.events.frame().query("action == 'inspected'")
    assert len(inspected) == 4  # two a year, the ones the player chose


def test_an_invalid_answer_is_replaced_by_the_agents_own() -> None:
    class Nonsense:
        def decide(self, decision: Decision) -> Answer:
            return Answer(decision, ("teleport",), "human")

    plain = CrossforceModel(make_params({"years": 2}), seed=3).run()
    model = model_with({chief_role("GWE"): Nonsense()}, seed=3, years=2).run()
    assert all(a.by == "model" for a in model.answers)
    np.testing.assert_array_equal(plain.mode, model.mode)


def test_a_recorded_session_replays_to_the_same_run() -> None:
    roles = (chief_role("DYP"), chief_role("GWE"))
    first = model_with(dict.fromkeys(roles, Contrarian()), seed=4).run()
    recorded = {a.decision.key: a.choice for a in first.answers}
    replay = Replay(recorded)
    again = model_with(dict.fromkeys(roles, replay), seed=4).run()
    np.testing.assert_array_equal(first.mode, again.mode)
    assert first.events.frame().equals(again.events.frame())
    assert [a.by for a in again.answers] == ["replayed"] * len(first.answers)
