"""The agents' reasons in plain words: what a room, a teacher or the event log reads.

Kept apart from the decisions themselves (``agents.force`` and the others decide; this module only
says what they decided and why, from the same figures)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from abm.capabilities import in_sentence
from abm.modes import Mode
from abm.numerics import money_words

if TYPE_CHECKING:
    from abm.scoring import OptionScores
    from crossforce_agents.books import YearPlan
    from crossforce_agents.force import ForceAgent

#: money changes smaller than this (GBP m) are not worth a reader's attention in a reason
SHOWN_GBP_M = 0.005
#: a weight of money above this is called budget pressure in a reason
PRESSURE_SHOWN = 1.05


def chief_reason(model, chief: ForceAgent, scores: OptionScores, row: int, c: int, option: int) -> str:
    """The chief's reason for an option: money, harm, response time, trust, budget pressure."""
    label = in_sentence(model.caps.labels[c])
    partner = int(scores.partner[row, c, option])
    parts = [f"{chief.name} seeks to {option_in_words(model, scores.kind(option), partner, c, label)}"]
    new_money = float(scores.money[row, c, option])
    old_money = float(scores.current_money[row, c])
    value = model.params.value_of_harm_gbp / 1e6
    harm_change = float(scores.harm[row, c, option] - scores.current_harm[row, c]) * value
    if model.arrangements.mode[chief.index, c] == Mode.NONE:
        parts.append(f"it has no {label} at present")
    else:
        delta = new_money - old_money
        parts.append(
            f"{'saves' if delta < 0 else 'costs'} £{abs(delta):.2f}m a year "
            f"(£{new_money:.2f}m against £{old_money:.2f}m)"
        )
    if abs(harm_change) >= SHOWN_GBP_M:
        parts.append(
            f"expected harm {'down' if harm_change < 0 else 'up'} by £{abs(harm_change):.2f}m a year"
        )
    if model.caps.time_criticality[c] > 0:
        minutes = float(scores.minutes[row, c, option])
        parts.append(f"response about {minutes:.0f} min (target {float(model.caps.target_min[c]):.0f})")
    if partner >= 0:
        parts.append(f"trust in {model.forces.names[partner]} {model.trust.of(chief.index, partner):.2f}")
    cost_weight = float(scores.cost_weight[row])
    if cost_weight > PRESSURE_SHOWN:
        parts.append(f"budget pressure x{cost_weight:.2f}")
    return "; ".join(parts) + "."


def option_in_words(model, kind: str, partner: int, c: int, label: str) -> str:
    """An option in words ('' for a joint unit with no partner)."""
    partner_name = model.forces.names[partner] if partner >= 0 else ""
    if kind == "own":
        return f"run its own {label} unit"
    if kind == "national":
        return f"use the national provider for {label}"
    if kind == "buy_payg":
        return f"buy {label} from {partner_name} pay-as-you-go"
    if kind == "buy_subscription":
        return f"buy {label} from {partner_name} by subscription"
    if partner < 0:
        return ""
    if model.arrangements.mode[partner, c] == Mode.JOINT_LEAD:
        return f"join {partner_name}'s joint {label} unit"
    return f"form a joint {label} unit led by {partner_name}"


def year_plan(name: str, plan: YearPlan, officers_after: float) -> str:
    """A force's plan for the year ahead, as the event log tells it."""
    before = max(officers_after - plan.officers_change, 1)
    emergency = "; emergency cuts beyond the usual limits" if plan.emergency else ""
    return (
        f"{name} balances its books for the year ahead (needs {plan.pressure:.2f}x its budget): "
        f"officers {plan.officers_change:+.0f} ({100 * plan.officers_change / before:+.1f}%), "
        f"staff {plan.staff_change:+.0f}, non-pay {money_words(plan.nonpay_change_gbp_m)}, "
        f"{_capabilities_asked(plan.capability_change_gbp_m)}"
        f"£{plan.reserves_used_gbp_m:.1f}m from reserves{emergency}"
    )


def _capabilities_asked(change_gbp_m: float) -> str:
    """What the year's plan asks of the specialist capabilities ('' when under a rounding)."""
    if abs(change_gbp_m) < 0.05:
        return ""
    if change_gbp_m < 0:
        return f"specialist capabilities to save £{-change_gbp_m:.1f}m, "
    return f"specialist capabilities may cost £{change_gbp_m:.1f}m more, "
