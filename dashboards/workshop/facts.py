"""A decision's options and facts in plain words, and what a choice other than the agent's is worth.

The facts are the model's own (``abm.decisions.Option.facts``): money in GBP m a year, harm
valued in GBP m a year, response in minutes, trust 0-1, set-up cost, quarters to agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from abm.decisions import Decision, Option

KIND_TITLES = {
    "review": "Review",
    "answer": "Proposal from a partner",
    "sign": "Agreement to sign",
    "notice": "Inherited agreement",
    "direct": "Direction (s.23G)",
    "inspect": "Inspections",
}


def money(value: float) -> str:
    return f"£{value:,.2f}m"


def signed_money(value: float) -> str:
    if abs(value) < 0.005:
        return "same"
    return f"{'+' if value > 0 else '−'}£{abs(value):,.2f}m"


def fact_text(key: str, value: float | str) -> str:
    """One fact in words."""
    if key == "cost_gbp_m_a_year":
        return f"costs {money(float(value))} a year"
    if key == "harm_gbp_m_a_year":
        return f"harm valued at {money(float(value))} a year"
    if key == "response_min":
        return f"response about {float(value):.0f} min"
    if key == "set_up_gbp_m_a_year":
        return f"set-up {money(float(value))}"
    if key == "quarters_to_agree":
        n = int(value)
        return f"{n} quarter{'s' if n != 1 else ''} to agree"
    if key == "partner":
        return f"with {value}"
    if key == "trust_in_partner":
        return f"trust in them {float(value):.2f} (0-1)"
    if key == "your_gain_gbp_m_a_year":
        return f"your force gains {money(float(value))} a year"
    if key.endswith("_gain_gbp_m_a_year"):
        return f"{key.removesuffix('_gain_gbp_m_a_year')} gains {money(float(value))} a year"
    if key == "saving_gbp_m_a_year":
        return f"saves {money(float(value))} a year"
    if key == "local_control_given_up_gbp_m_a_year":
        return f"local control given up, valued at {money(float(value))} a year"
    if key == "worth_gbp_m_a_year":
        return f"the agreement is worth {money(float(value))} a year to your force"
    if key == "local_control_it_costs_gbp_m_a_year":
        return f"the local control it costs is valued at {money(float(value))} a year"
    if key == "directions_left":
        return f"directions left (political capital): {int(value)}"
    if key == "risk":
        return f"HMIC risk score {float(value):+.2f}"
    if key == "refused_this_year":
        return "refused to sign an agreement this year" if int(value) else ""
    return f"{key.replace('_', ' ')}: {value}"


def facts_text(facts: dict, baseline: dict | None = None) -> str:
    """An option's facts in one line; for a review, cost and harm also against keeping things as they are."""
    parts = []
    for key, value in facts.items():
        text = fact_text(key, value)
        if baseline and key in ("cost_gbp_m_a_year", "harm_gbp_m_a_year") and key in baseline:
            text += f" ({signed_money(float(value) - float(baseline[key]))} on now)"
        if text:
            parts.append(text)
    return "; ".join(parts)


def shared_facts(decision: Decision) -> dict | None:
    """For a yes/no decision the facts are the same for every option: shown once."""
    first = decision.options[0].facts if decision.options else {}
    return first if all(o.facts == first for o in decision.options) else None


def option_label(option: Option, number: int) -> str:
    return f"{number}. {option.label}"


def choice_labels(decision: Decision, choice: tuple[str, ...]) -> str:
    """The options chosen, in words."""
    by_key = {o.key: o.label for o in decision.options}
    return "; ".join(by_key.get(k, k) for k in choice) if choice else "(none)"


def decision_html(decision: Decision) -> str:
    """The question and each option with its facts, as HTML for a phone."""
    rows = [f"<div class='ws-question'>{escape(decision.question)}</div>"]
    shared = shared_facts(decision)
    if shared is not None and decision.kind != "inspect":
        text = facts_text(shared)
        if text:
            rows.append(f"<div class='ws-facts'>{escape(text)}</div>")
        return "".join(rows)
    keep = next((o.facts for o in decision.options if o.key == "keep"), None)
    items = []
    for number, option in enumerate(decision.options, start=1):
        baseline = keep if option.key != "keep" else None
        text = facts_text(option.facts, baseline)
        items.append(
            f"<li><b>{escape(option_label(option, number))}</b>"
            + (f"<br><span class='ws-facts'>{escape(text)}</span>" if text else "")
            + "</li>"
        )
    rows.append(f"<ol class='ws-options'>{''.join(items)}</ol>")
    return "".join(rows)


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
    yes = {"answer": "accept", "sign": "sign", "direct": "direct", "notice": "keep"}.get(decision.kind)
    if decision.kind == "answer":
        value = sum(float(v) for k, v in shared.items() if k.endswith("_gain_gbp_m_a_year"))
        note = "both forces' yearly gain from the proposal"
    elif decision.kind in ("sign", "direct"):
        value = float(shared.get("saving_gbp_m_a_year", 0.0))
        note = "the yearly saving the agreement or direction was expected to bring"
    elif decision.kind == "notice":
        value = float(shared.get("worth_gbp_m_a_year", 0.0))
        note = "what the inherited agreement was worth to the force a year"
    else:
        return Effect(None, None, None, "no money or harm figure for this decision")
    # yes where the model said no gains the value (negative: less cost); no where it said yes forgoes it
    stake = -value if choice == (yes,) else value
    return Effect(None, None, stake, note)


def _diff(mine: dict, theirs: dict, key: str) -> float | None:
    if key not in mine or key not in theirs:
        return None
    return round(float(mine[key]) - float(theirs[key]), 3)
