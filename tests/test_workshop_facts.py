"""The workshop reads the model's facts by their keys (a decision's ``Option.facts``): the words on
every screen (``words.FACTS``), what a divergence was worth (``divergence.STAKES``), the ranking
and the phone's details. A key the model no longer gives makes a screen or a debrief figure
silently wrong, so every key the workshop names is checked against the facts the model gives when
a person plays every role through a run."""

from __future__ import annotations

import pytest

from abm.decisions import HMIC, HOME_SECRETARY, Answer, Decision, chief_role, pcc_role
from abm.model import CrossforceModel
from abm.params import make_params
from dashboards.workshop import divergence, phone, ranking, words


class Agrees:
    """Plays a role by answering as its agent would, and keeps every decision it is asked."""

    def __init__(self) -> None:
        self.decisions: list[Decision] = []

    def decide(self, decision: Decision) -> Answer:
        self.decisions.append(decision)
        return Answer(decision, decision.model_choice, "human")


@pytest.fixture(scope="module")
def decisions() -> list[Decision]:
    """Every decision of a 10-year run with the Home Secretary's power of direction, every role
    played (each kind of decision arises in it)."""
    model = CrossforceModel(make_params({"years": 10, "direction_power": True}), seed=1)
    player = Agrees()
    ids = model.forces.ids
    model.controllers.update({role(f): player for f in ids for role in (chief_role, pcc_role)})
    model.controllers.update({HMIC: player, HOME_SECRETARY: player})
    model.run()
    return player.decisions


def given(decisions: list[Decision]) -> set[str]:
    """Every fact key the model gave on any option of the decisions."""
    return {key for d in decisions for o in d.options for key in o.facts}


def test_every_kind_of_decision_with_a_money_figure_arises(decisions) -> None:
    kinds = {d.kind for d in decisions}
    assert set(divergence.STAKES) | {"answer", "review"} <= kinds


def test_every_fact_the_workshop_names_is_one_the_model_gives(decisions) -> None:
    named = {
        "words.FACTS": set(words.FACTS),
        "divergence.STAKES": {k for s in divergence.STAKES.values() for k in (*s.plus, *s.minus)},
        "ranking.COSTS": set(ranking.COSTS),
        "phone.DETAILS and POLICY": {*phone.DETAILS, *phone.POLICY},
    }
    facts = given(decisions)
    for where, keys in named.items():
        assert keys <= facts, f"{where} names facts the model does not give: {sorted(keys - facts)}"


def test_every_fact_the_model_gives_has_words_of_its_own_or_by_its_ending(decisions) -> None:
    unread = {k for k in given(decisions) if k not in words.FACTS and not k.endswith(tuple(words.SUFFIXES))}
    assert not unread, f"no words for {sorted(unread)}"


def test_each_stake_is_made_of_facts_its_decisions_carry(decisions) -> None:
    for kind, stake in divergence.STAKES.items():
        for d in (d for d in decisions if d.kind == kind):
            shared = divergence.shared_facts(d)
            assert shared is not None, f"{kind}: a yes/no decision's options share their facts"
            missing = {*stake.plus, *stake.minus} - set(shared)
            assert not missing, f"{kind} decision lacks {sorted(missing)}"


def test_a_signature_refused_against_the_agent_forgoes_what_it_was_worth_to_every_party(decisions) -> None:
    sign = next(d for d in decisions if d.kind == "sign" and d.model_choice == ("sign",))
    facts = sign.options[0].facts
    worth = facts["worth_to_you_gbp_m_a_year"] + facts["worth_to_the_other_parties_gbp_m_a_year"]
    assert divergence.effect(sign, ("refuse",)).stake == pytest.approx(worth)
