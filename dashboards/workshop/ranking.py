"""Which of a role's decisions a person sees this quarter, and which options of each.

A chief's annual review puts a dozen capabilities to the role in one quarter, each with up to
twenty options: more than anyone can weigh in a three-minute round. The model's agents still
produce every decision in full (one scoring path); the workshop only chooses what to put on the
phone, from each decision's own options and facts:

* **decisions**: ranked by the money and harm at stake (GBP m a year), the ``MAX_SHOWN`` largest
  per role shown; the rest are answered by the role's agent and listed on the page as such;
* **options**: for a choice among many, the agent's choice, keeping things as they are, and the
  cheapest in cost plus harm, up to ``MAX_OPTIONS``; a yes/no decision keeps both answers; a
  decision that picks several (HMIC's inspections) keeps the agent's picks and a few more.

What is at stake is read off the facts, whatever the decision's kind: a new kind from the model
is ranked by its money facts without a change here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from abm.decisions import Decision, Option

MAX_SHOWN = 3  # decisions per role a round
MAX_OPTIONS = 4  # options per decision (one choice)
EXTRA_PICKS = 4  # candidates beyond the agent's own picks (several choices)
MONEY_SUFFIX = "_gbp_m_a_year"
#: Facts that are a cost to whoever holds them (the rest of the money facts are worth something).
COSTS = ("cost_gbp_m_a_year", "harm_gbp_m_a_year", "identity_lost_gbp_m_a_year",
         "precept_rise_gbp_m_a_year", "political_cost_gbp_m_a_year", "score_staying_gbp_m_a_year")  # fmt: skip


def burden(option: Option) -> float | None:
    """An option's yearly cost plus harm (GBP m), or None when its facts have neither."""
    facts = option.facts
    if "cost_gbp_m_a_year" not in facts and "harm_gbp_m_a_year" not in facts:
        return None
    return float(facts.get("cost_gbp_m_a_year", 0.0)) + float(facts.get("harm_gbp_m_a_year", 0.0))


def shared(decision: Decision) -> dict | None:
    """The facts every option shares (a yes/no decision states them once), else None."""
    first = decision.options[0].facts if decision.options else {}
    return dict(first) if all(o.facts == first for o in decision.options) else None


def shown_options(decision: Decision) -> tuple[Option, ...]:
    """The options a person chooses among (see the module docstring), in the decision's order."""
    if len(decision.options) <= (MAX_OPTIONS if decision.pick == 1 else decision.pick + EXTRA_PICKS):
        return decision.options
    if decision.pick > 1:  # the agent's picks, then the next candidates in the decision's order
        keep = set(decision.model_choice)
        extra = [o.key for o in decision.options if o.key not in keep][:EXTRA_PICKS]
        wanted = keep | set(extra)
    else:
        wanted = set(decision.model_choice) | {"keep"}
        costed = [(burden(o), n, o.key) for n, o in enumerate(decision.options) if burden(o) is not None]
        for _, _, key in sorted(costed):
            if len(wanted & {o.key for o in decision.options}) >= MAX_OPTIONS:
                break
            wanted.add(key)
    return tuple(o for o in decision.options if o.key in wanted)


def stake(decision: Decision) -> float:
    """The money and harm at stake in a decision (GBP m a year): for a choice among costed options,
    the largest gap in cost plus harm between the agent's choice and another option shown; for a
    yes/no decision, its money facts (what is worth something, less what it costs)."""
    options = shown_options(decision)
    costs = {o.key: burden(o) for o in options}
    mine = costs.get(decision.model_choice[0]) if decision.model_choice else None
    if mine is not None:
        return max((abs(c - mine) for c in costs.values() if c is not None), default=0.0)
    facts = shared(decision) or {}
    worth = 0.0
    for key, value in facts.items():
        if key.endswith(MONEY_SUFFIX) and not isinstance(value, str):
            worth += -float(value) if key in COSTS else float(value)
    return abs(worth)


def shown_keys(questions: Iterable[Decision]) -> set[str]:
    """The keys of the decisions people see: each role's ``MAX_SHOWN`` with most at stake (ties in
    the model's order, so the same questions always give the same page)."""
    by_role: dict[str, list[tuple[float, int, str]]] = defaultdict(list)
    for n, d in enumerate(questions):
        by_role[d.role].append((-stake(d), n, d.key))
    return {key for ranked in by_role.values() for _, _, key in sorted(ranked)[:MAX_SHOWN]}
