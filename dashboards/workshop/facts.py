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
    "alliance": "Your strategic alliance",
    "merge": "Merger consent",
    "duty": "The duty to collaborate",
    "precept": "The limit on precept rises",
    "settlement": "The police grant settlement",
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
    if key == "refused_to_sign_this_year":
        return "refused to sign an agreement this year" if value == "yes" else ""
    if key == "capability_cost_per_head_gbp":
        return f"specialist capabilities cost £{float(value):.2f} a head"
    if key == "harm_value_per_head_gbp":
        return f"harm valued at £{float(value):.2f} a head"
    if key == "duty_strength":
        return f"the duty weighs {float(value):.1f} of another force's gain"
    if key == "precept_rise_limit_percent":
        return f"precept rises of up to {float(value):.1f}% without a referendum"
    if key == "central_grant_gbp_m_a_year":
        return f"central grant {money(float(value))} a year"
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


def short_label(option: Option) -> str:
    """An option in a few words (a review's labels repeat the capability's name on every line)."""
    kind, _, _ = option.key.partition(":")
    partner = str(option.facts.get("partner", ""))
    if option.key == "keep":
        return "Keep as now"
    if kind == "own":
        return "Own unit"
    if kind == "national":
        return "National provider"
    if kind == "buy_payg" and partner:
        return f"Buy PAYG · {partner}"
    if kind == "buy_subscription" and partner:
        return f"Subscribe · {partner}"
    if kind == "join" and partner:
        return (
            f"Join {partner}'s joint unit"
            if option.label.startswith("join")
            else f"Joint unit led by {partner}"
        )
    return option.label[:1].upper() + option.label[1:]


def option_label(option: Option, number: int) -> str:
    return f"{number}. {short_label(option)}"


def choice_labels(decision: Decision, choice: tuple[str, ...]) -> str:
    """The options chosen, in words."""
    by_key = {o.key: o.label for o in decision.options}
    return "; ".join(by_key.get(k, k) for k in choice) if choice else "(none)"


def _number(value, fmt: str) -> str:
    return "" if value is None else fmt.format(float(value))


def decision_html(decision: Decision) -> str:
    """The question and each option with its facts, compact enough for a phone: a yes/no decision
    shows its facts once; a review a table (cost and harm a year, the cost against keeping things
    as they are, response minutes, trust in the partner, time to agree and any set-up cost)."""
    rows = [f"<div class='ws-question'>{escape(decision.question)}</div>"]
    shared = shared_facts(decision)
    if shared is not None and decision.kind != "inspect":
        text = facts_text(shared)
        if text:
            rows.append(f"<div class='ws-facts'>{escape(text)}</div>")
        return "".join(rows)
    if decision.kind == "inspect":
        cells = "".join(
            f"<tr><td>{escape(option_label(o, n))}</td><td>{_number(o.facts.get('risk'), '{:+.2f}')}</td>"
            f"<td>{'refused to sign' if o.facts.get('refused_this_year') else ''}</td></tr>"
            for n, o in enumerate(decision.options, start=1)
        )
        rows.append(
            "<table class='ws-opt'><tr><th>force</th><th>risk</th><th></th></tr>" + cells + "</table>"
        )
        return "".join(rows)
    keep = next((o.facts for o in decision.options if o.key == "keep"), {})
    lines = []
    for n, o in enumerate(decision.options, start=1):
        f = o.facts
        cost = f.get("cost_gbp_m_a_year")
        change = ""
        if cost is not None and o.key != "keep" and "cost_gbp_m_a_year" in keep:
            delta = float(cost) - float(keep["cost_gbp_m_a_year"])
            change = "<br><small>same</small>" if abs(delta) < 0.005 else f"<br><small>{delta:+.2f}</small>"
        setup = float(f.get("set_up_gbp_m_a_year", 0) or 0)
        note = f"<br><small>set-up {money(setup)}</small>" if setup > 0 else ""
        lines.append(
            f"<tr><td>{escape(option_label(o, n))}{note}</td>"
            f"<td>{_number(cost, '{:.2f}')}{change}</td>"
            f"<td>{_number(f.get('harm_gbp_m_a_year'), '{:.2f}')}</td>"
            f"<td>{_number(f.get('response_min'), '{:.0f}')}</td>"
            f"<td>{_number(f.get('trust_in_partner'), '{:.2f}')}</td>"
            f"<td>{_number(f.get('quarters_to_agree'), '{:.0f}')}</td></tr>"
        )
    rows.append(
        "<table class='ws-opt'><tr><th>option</th><th>cost<br>£m/yr</th><th>harm<br>£m/yr</th>"
        "<th>resp.<br>min</th><th>trust<br>0-1</th><th>qtrs to<br>agree</th></tr>"
        + "".join(lines)
        + "</table>"
        "<div class='ws-legend'>cost and harm (valued) a year, with the cost against keeping things as now; "
        "response time; trust in the partner; quarters before it takes effect. PAYG: pay as you go.</div>"
    )
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
    yes = {
        "answer": "accept", "sign": "sign", "direct": "direct", "notice": "keep", "alliance": "stay",
        "merge": "consent",
    }.get(decision.kind)  # fmt: skip
    if decision.kind == "answer":
        value = sum(float(v) for k, v in shared.items() if k.endswith("_gain_gbp_m_a_year"))
        note = "both forces' yearly gain from the proposal"
    elif decision.kind == "sign":  # the model's facts: what it is worth to each party
        value = float(shared.get("worth_to_you_gbp_m_a_year", 0.0)) + float(
            shared.get("worth_to_the_other_party_gbp_m_a_year", 0.0)
        )
        note = "what the agreement was worth a year to both parties together"
    elif decision.kind == "direct":
        value = float(shared.get("saving_gbp_m_a_year", 0.0))
        note = "the yearly saving the direction was expected to bring"
    elif decision.kind == "notice":
        value = float(shared.get("worth_of_staying_gbp_m_a_year", shared.get("worth_gbp_m_a_year", 0.0)))
        note = "what the inherited agreement was worth to the force a year"
    elif decision.kind == "alliance":  # the chief's scores (lower is better): staying against alone
        value = float(shared.get("score_alone_gbp_m_a_year", 0.0)) - float(
            shared.get("score_staying_gbp_m_a_year", 0.0)
        )
        note = "what staying in the alliance was worth to the force a year, in its chief's terms"
    elif decision.kind == "merge":
        value = (
            float(shared.get("saving_gbp_m_a_year", 0.0))
            - float(shared.get("identity_lost_gbp_m_a_year", 0.0))
            - float(shared.get("precept_rise_gbp_m_a_year", 0.0))
        )
        note = "the merger's yearly saving less the identity and precept rise the body weighed"
    else:
        return Effect(None, None, None, "no money or harm figure for this decision")
    # yes where the model said no gains the value (negative: less cost); no where it said yes forgoes it
    stake = -value if choice == (yes,) else value
    return Effect(None, None, stake, note)


def _diff(mine: dict, theirs: dict, key: str) -> float | None:
    if key not in mine or key not in theirs:
        return None
    return round(float(mine[key]) - float(theirs[key]), 3)
