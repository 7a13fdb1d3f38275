"""Mergers of neighbouring forces: voluntary (with a business case and consent) or imposed.

A merged force becomes one force agent with the population, area, officers, budget, demand
and units of both; the absorbed force stays in the tables as ``merged`` (``model.active`` is
False, ``model.merged_into`` names its successor), so the history keeps both. Its units
close, and forces that used them must find another arrangement. Seed 002 §4.6, §4.20;
shared/data/README.md (2006 programme; 2018 Devon and Cornwall-Dorset case).
"""

from __future__ import annotations

import numpy as np

from abm import arrangements
from abm.economics import response_minutes, teams_needed
from abm.modes import Mode


def business_case(model, a, b):
    """Yearly savings from running one unit instead of two, for every capability both hold
    alone, as a share of the two forces' budgets. ``a`` and ``b`` may be arrays of pairs."""
    caps, lam = model.caps, model.expected_demand
    both = (model.mode[a] == Mode.OWN) & (model.mode[b] == Mode.OWN)
    headroom = model.params.capacity_headroom
    apart = teams_needed(lam[a], caps.capacity, headroom) + teams_needed(lam[b], caps.capacity, headroom)
    together = teams_needed(lam[a] + lam[b], caps.capacity, headroom)
    saving = (caps.fixed * (apart - together) * both).sum(axis=-1)
    budget = model.budget()
    return saving / (budget[a] + budget[b])


def precept_gap(model, a: int, b: int) -> float:
    """Relative gap in precept per head the two PCCs would have to equalise."""
    per_head = model.precept * model.governance.precept_index() / np.maximum(model.forces.population, 1)
    high = max(per_head[a], per_head[b])
    return abs(per_head[a] - per_head[b]) / high if high > 0 else 0.0


def consider_voluntary(model) -> None:
    """Once a year, the pair of neighbours with the best business case may seek to merge."""
    params = model.params
    adjacency = model.forces.adjacency & model.active[:, None] & model.active[None, :]
    first, second = np.nonzero(np.triu(adjacency))
    if len(first) == 0:
        return
    cases = business_case(model, first, second)
    best = int(np.argmax(cases))
    case, a, b = float(cases[best]), int(first[best]), int(second[best])
    if case < params.merger_savings_threshold:
        return
    names = f"{model.forces.names[a]} and {model.forces.names[b]}"
    consented, why_not = consent(model, a, b)
    approved, why = model.governance.home_secretary.approves_merger(
        case, params.merger_savings_threshold, consented
    )
    if not approved:
        model.events.log(
            model,
            a,
            None,
            "merger refused",
            partner=b,
            reason=f"{names} considered merging (business case {100 * case:.1f}% of budget): "
            f"{why_not or why}",
        )
        return
    keep, gone = (a, b) if model.forces.population[a] >= model.forces.population[b] else (b, a)
    merge(
        model,
        keep,
        gone,
        f"voluntary merger of {names}: business case {100 * case:.1f}% of budget, "
        "consent given, approved by the Home Secretary",
    )


def consent(model, a: int, b: int) -> tuple[bool, str]:
    """Both PCCs and both communities must agree; precept equalisation is the usual obstacle."""
    params = model.params
    gap = precept_gap(model, a, b)
    if gap > params.precept_gap_tolerance:
        return False, f"the PCCs could not equalise a {100 * gap:.0f}% gap in precept per head"
    for f in (a, b):
        pcc = model.governance.pccs[f]
        if model.rng.random() >= pcc.protective_priority:
            return False, f"the {pcc.title} for {model.forces.names[f]} withheld consent"
        community = max(0.0, 1.0 - params.voter_identity_weight) * 0.8 + 0.1
        if model.rng.random() >= community:
            return False, f"the community in {model.forces.names[f]} did not consent"
    return True, ""


def merge(model, keep: int, gone: int, reason: str) -> None:
    """Fold force ``gone`` into force ``keep`` (see module docstring)."""
    names = model.forces.names
    for c in range(model.caps.count):
        model.negotiations.pop((gone, c), None)
        for key in [k for k, prop in model.negotiations.items() if prop.partner == gone and k[1] == c]:
            model.negotiations.pop(key)
        if model.mode[gone, c] in (Mode.OWN, Mode.JOINT_LEAD):
            arrangements.close_unit(model, gone, c, f"merged into {names[keep]}")
        arrangements.detach(model, gone, c)
    forces = model.forces
    for values in (
        forces.population,
        forces.area_km2,
        forces.officers,
        forces.budget_gbp_m,
        model.grant,
        model.precept,
    ):
        values[keep] += values[gone]
        values[gone] = 0.0
    model.base_demand[keep] += model.base_demand[gone]
    model.base_demand[gone] = 0.0
    model.apply_demand_shock()
    model.response_table = response_minutes(forces, model.caps, model.params)
    model.active[gone] = False
    model.merged_into[gone] = keep
    model.review_due[gone] = False
    model.review_due[keep] = True
    for agent in [a for a in model.force_agents if a.index == gone]:
        model.force_agents.remove(agent)
        agent.remove()
    arrangements.resize_units(model, np.array([keep]))
    model.events.log(model, keep, None, "merged", partner=gone, reason=reason)


def impose_regional(model) -> None:
    """The 2006 counterfactual: in each region, every force is merged into the largest."""
    rocu = np.array(model.forces.rocu)
    for region in np.unique(rocu):
        members = np.nonzero((rocu == region) & model.active)[0]
        keep = int(members[np.argmax(model.forces.population[members])])
        for gone in members:
            if gone != keep:
                merge(
                    model,
                    keep,
                    int(gone),
                    f"imposed regional merger ({region}): the abandoned 2006 "
                    "strategic-forces plan, as a counterfactual",
                )
