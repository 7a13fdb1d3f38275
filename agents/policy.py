"""The Home Secretary's policy decisions, put to the person playing the role in a workshop.

Once a year each: the duty to collaborate (second quarter: statutory guidance is reviewed), the
referendum limit on precept rises for the coming year (third quarter: announced with the
provisional settlement in December), and the central grant for the next financial year (fourth
quarter: the final settlement). The Home Secretary's own agent keeps each as planned (the
spending review's path, the law as it stands), so a run without a player never asks and never
changes; a player may move each by the step the schema offers (``settlement_choice_step``,
``duty_choice_step``, ``precept_choice_step``). Directions are decided where HMIC's flags arrive
(``HomeSecretaryAgent.consider_direction``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from abm.decisions import HOME_SECRETARY, Decision, Option

if TYPE_CHECKING:
    from crossforce_agents.home_secretary import HomeSecretaryAgent

KEEP, MORE, LESS = "as planned", "more", "less"
#: the quarter of the financial year (0: April-June) each decision is taken in
DUTY_QUARTER, PRECEPT_QUARTER, SETTLEMENT_QUARTER = 1, 2, 3


def put_to_player(hs: HomeSecretaryAgent, quarter_index: int) -> None:
    """This quarter's policy decision, if any, answered by the person playing the Home Secretary."""
    quarter = quarter_index % 4
    if quarter == DUTY_QUARTER:
        _duty(hs)
    elif quarter == PRECEPT_QUARTER:
        _precept_limit(hs)
    elif quarter == SETTLEMENT_QUARTER:
        _settlement(hs, quarter_index)


def _ask(hs: HomeSecretaryAgent, kind: str, question: str, options: tuple[Option, ...]) -> str:
    model = hs.model
    decision = Decision(
        step=model.steps,
        role=HOME_SECRETARY,
        kind=kind,
        quarter=model.quarter_label,
        question=question,
        options=options,
        model_choice=(KEEP,),
    )
    return model.decide(decision)[0]


def _duty(hs: HomeSecretaryAgent) -> None:
    """Keep the duty to collaborate as it is, or strengthen or weaken it."""
    step, now = hs.model.params.duty_choice_step, hs.duty_strength
    levels = {KEEP: now, MORE: min(now + step, 1.0), LESS: max(now - step, 0.0)}
    words = {KEEP: "keep it as it is", MORE: "strengthen it", LESS: "weaken it"}
    options = tuple(
        Option(key, words[key], {"duty_strength": round(level, 2)}) for key, level in levels.items()
    )
    question = (
        f"The duty to collaborate now weighs {now:.1f} of another force's gain against a force's own "
        "(0: none; 1: as much). Change it?"
    )
    hs.duty_strength = levels[_ask(hs, "duty", question, options)]


def _precept_limit(hs: HomeSecretaryAgent) -> None:
    """Set the coming year's limit on precept rises: as planned, higher or lower."""
    model = hs.model
    year = model.year + 1
    step, planned = model.params.precept_choice_step, hs.precept_limit(year)
    change = {KEEP: 0.0, MORE: step, LESS: -min(step, planned)}
    words = {KEEP: "as planned", MORE: "allow a higher rise", LESS: "allow a lower rise"}
    options = tuple(
        Option(key, words[key], {"precept_rise_limit_percent": round(100 * (planned + delta), 1)})
        for key, delta in change.items()
    )
    question = (
        f"Policing bodies may raise their precept by up to {100 * planned:.1f}% in {year} without a "
        "referendum. Set the limit?"
    )
    hs.precept_changes[year] = (
        hs.precept_changes.get(year, 0.0) + change[_ask(hs, "precept", question, options)]
    )


def _settlement(hs: HomeSecretaryAgent, quarter_index: int) -> None:
    """Settle next year's central grant: as planned, more or less, from the next quarter on."""
    model = hs.model
    step = model.params.settlement_choice_step
    grant = sum(a.grant_gbp_m for a in model.force_agents) * hs.grant_index_at(quarter_index + 1)
    factor = {KEEP: 1.0, MORE: 1.0 + step, LESS: 1.0 - step}
    words = {KEEP: "as planned", MORE: f"{100 * step:.0f}% more", LESS: f"{100 * step:.0f}% less"}
    options = tuple(
        Option(key, words[key], {"central_grant_gbp_m_a_year": round(grant * f, 1)})
        for key, f in factor.items()
    )
    question = f"Next year's central grant to the police is £{grant:,.0f}m as planned. Settle it?"
    chosen = factor[_ask(hs, "settlement", question, options)]
    if chosen != 1.0:
        hs.grant_changes.append((quarter_index + 1, chosen))
