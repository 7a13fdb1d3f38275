"""What a room's choice other than the agent's was worth, and the choices in words, for the session
log and the debrief.

The figures are the model's own facts of the decision (``abm.decisions.Option.facts``), as the
agent's scoring saw them when the decision was taken: money in GBP m a year, harm valued in GBP m
a year. Which facts each kind of yes/no decision turns on is declared once, in ``STAKES``; a test
plays every role through a run and checks that the model gives each of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from abm.decisions import Decision

#: The fact keys of the agents' answers to a proposal: one per force, "<name>_gain_gbp_m_a_year".
GAIN_SUFFIX = "_gain_gbp_m_a_year"


@dataclass(frozen=True)
class Effect:
    """What choosing differently from the agent was worth, as the agent's own scoring saw it when
    the decision was taken (GBP m a year; positive = more cost or more harm than the agent's choice).

    ``cost`` and ``harm`` compare the chosen option's facts with the agent's option (reviews);
    ``stake`` is the yearly value a yes/no decision turned on (a saving signed or refused, a gain
    accepted or declined, a direction given or not), signed the same way; ``note`` says which."""

    cost: float | None
    harm: float | None
    stake: float | None
    note: str


@dataclass(frozen=True)
class Stake:
    """What a yes/no decision turns on: the answer that takes the deal (``yes``), and its yearly
    value, the facts in ``plus`` less those in ``minus`` (GBP m a year)."""

    yes: str
    plus: tuple[str, ...]
    minus: tuple[str, ...]
    note: str


#: Every kind of yes/no decision with a money figure, and the facts its value is made of.
STAKES: dict[str, Stake] = {
    "sign": Stake(
        "sign",
        ("worth_to_you_gbp_m_a_year", "worth_to_the_other_parties_gbp_m_a_year"),
        (),
        "what the agreement was worth a year to all its parties together",
    ),
    "direct": Stake(
        "direct", ("saving_gbp_m_a_year",), (), "the yearly saving the direction was expected to bring"
    ),
    "notice": Stake(
        "keep",
        ("worth_of_staying_gbp_m_a_year",),
        (),
        "what the inherited agreement was worth to the force a year",
    ),
    "alliance": Stake(  # the chief's scores (lower is better): alone against staying
        "stay",
        ("score_alone_gbp_m_a_year",),
        ("score_staying_gbp_m_a_year",),
        "what staying in the alliance was worth to the force a year, in its chief's terms",
    ),
    "merge": Stake(
        "consent",
        ("saving_gbp_m_a_year",),
        ("identity_lost_gbp_m_a_year", "precept_rise_gbp_m_a_year"),
        "the merger's yearly saving less the identity and precept rise the body weighed",
    ),
}


def choice_labels(decision: Decision, choice: tuple[str, ...]) -> str:
    """The options chosen, in words."""
    by_key = {o.key: o.label for o in decision.options}
    return "; ".join(by_key.get(k, k) for k in choice) if choice else "(none)"


def shared_facts(decision: Decision) -> dict | None:
    """For a yes/no decision the facts are the same for every option: shown once."""
    first = decision.options[0].facts if decision.options else {}
    return first if all(o.facts == first for o in decision.options) else None


def effect(decision: Decision, choice: tuple[str, ...]) -> Effect:
    """The effect of ``choice`` against the agent's own choice (zero when they agree)."""
    model = decision.model_choice
    if set(choice) == set(model):
        return Effect(0.0, 0.0, 0.0, "same as the model")
    facts = {o.key: o.facts for o in decision.options}
    if decision.kind == "review":
        mine, theirs = facts.get(choice[0], {}), facts.get(model[0], {})
        cost = _diff(mine, theirs, "cost_gbp_m_a_year")
        harm = _diff(mine, theirs, "harm_gbp_m_a_year")
        return Effect(cost, harm, None, "chosen option's yearly cost and harm minus the model's option's")
    shared = shared_facts(decision) or {}
    if decision.kind == "answer":
        yes, note = "accept", "both forces' yearly gain from the proposal"
        value = sum(float(v) for k, v in shared.items() if k.endswith(GAIN_SUFFIX))
    elif decision.kind in STAKES:
        stake = STAKES[decision.kind]
        yes, note = stake.yes, stake.note
        value = sum(float(shared.get(k, 0.0)) for k in stake.plus) - sum(
            float(shared.get(k, 0.0)) for k in stake.minus
        )
    else:
        return Effect(None, None, None, "no money or harm figure for this decision")
    # yes where the model said no gains the value (negative: less cost); no where it said yes forgoes it
    return Effect(None, None, -value if choice == (yes,) else value, note)


def _diff(mine: dict, theirs: dict, key: str) -> float | None:
    if key not in mine or key not in theirs:
        return None
    return round(float(mine[key]) - float(theirs[key]), 3)
