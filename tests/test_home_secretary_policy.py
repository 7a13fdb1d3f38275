"""The Home Secretary's policy decisions in a workshop: the agent keeps each as planned; a player
who moves one moves the model."""

from __future__ import annotations

from abm.decisions import HOME_SECRETARY, Answer, Decision
from abm.model import CrossforceModel
from abm.params import make_params


class Player:
    """Answers every policy decision with one choice, and every other with the agent's own."""

    def __init__(self, choice: str) -> None:
        self.choice = choice
        self.asked: list[Decision] = []

    def decide(self, decision: Decision) -> Answer:
        self.asked.append(decision)
        if decision.kind in ("duty", "precept", "settlement"):
            return Answer(decision, (self.choice,), "human")
        return Answer(decision, decision.model_choice, "model")


def played(choice: str, years: int = 2) -> tuple[CrossforceModel, Player]:
    model = CrossforceModel(make_params({"years": years}), seed=1)
    player = Player(choice)
    model.controllers[HOME_SECRETARY] = player
    model.run()
    return model, player


def test_the_home_secretary_has_a_decision_in_most_quarters() -> None:
    _, player = played("as planned", years=2)
    quarters = {d.quarter for d in player.asked}
    assert len(quarters) >= 6  # 3 of every 4 quarters, over 8
    assert {d.kind for d in player.asked} >= {"duty", "precept", "settlement"}


def test_a_player_keeping_every_plan_changes_nothing() -> None:
    kept, _ = played("as planned")
    alone = CrossforceModel(make_params({"years": 2}), seed=1).run()
    assert kept.recorder.model_series().equals(alone.recorder.model_series())


def test_more_money_more_duty_and_a_higher_precept_limit_move_the_model() -> None:
    model, _ = played("more")
    hs, base = model.home_secretary, make_params({})
    assert hs.duty_strength > base.duty_strength
    assert hs.grant_index_at(model.quarter_index) > (1.0 + base.grant_change_per_year) ** (
        model.quarter_index / 4
    )
    assert hs.precept_limit(model.year) > base.precept_cap
    less, _ = played("less")
    assert less.home_secretary.duty_strength < base.duty_strength
