"""Mergers of neighbouring forces: voluntary (with a business case and consent) or imposed.

Each year the pair of neighbouring forces with the best business case may seek to merge (seed 002
§4.20: voluntary mergers with a robust business case and community consent): both policing bodies
(``PCCAgent.consents_to_merger``) and both communities must consent, precept equalisation must be
affordable, and the Home Secretary must approve (``HomeSecretaryAgent.approves_merger``).

A merged force becomes one force agent with the population, area, officers, budget, demand and
units of both; the absorbed force leaves the model's agents but stays in the tables as
``merged`` (``model.active`` is False, ``model.merged_into`` names its successor), so the history
keeps both. Its units close, and forces that used them must find another arrangement.
Shared/data/README.md: the 2006 programme; the 2018 Devon and Cornwall-Dorset case.
"""

from __future__ import annotations

import numpy as np

from abm.economics import teams_needed
from abm.modes import Mode


def business_case(model, a, b):
    """Yearly savings from running one unit instead of two, for every capability both hold
    alone, as a share of the two forces' budgets. ``a`` and ``b`` may be arrays of pairs."""
    caps, lam = model.caps, model.demand.expected
    mode = model.arrangements.mode
    both = (mode[a] == Mode.OWN) & (mode[b] == Mode.OWN)
    headroom = model.params.capacity_headroom
    apart = teams_needed(lam[a], caps.capacity, headroom) + teams_needed(lam[b], caps.capacity, headroom)
    together = teams_needed(lam[a] + lam[b], caps.capacity, headroom)
    saving = (caps.fixed * (apart - together) * both).sum(axis=-1)
    budget = model.budgets()
    return saving / (budget[a] + budget[b])


def precept_gap(model, a: int, b: int) -> float:
    """Relative gap in precept per head the two PCCs would have to equalise."""
    population = model.forces.population
    per_head = [model.pcc_of(f).precept_gbp_m / max(population[f], 1) for f in (a, b)]
    high = max(per_head)
    return abs(per_head[0] - per_head[1]) / high if high > 0 else 0.0


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
    approved, why = model.home_secretary.approves_merger(case, consented)
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
    model.merge(
        keep,
        gone,
        f"voluntary merger of {names}: business case {100 * case:.1f}% of budget, "
        "consent given, approved by the Home Secretary",
    )


def consent(model, a: int, b: int) -> tuple[bool, str]:
    """Both policing bodies and both communities must agree; precept equalisation is the usual
    obstacle."""
    params = model.params
    gap = precept_gap(model, a, b)
    if gap > params.precept_gap_tolerance:
        return False, f"the PCCs could not equalise a {100 * gap:.0f}% gap in precept per head"
    community = max(0.0, 1.0 - params.voter_identity_weight) * params.community_consent_range
    community += params.community_consent_floor
    for f in (a, b):
        pcc = model.pcc_of(f)
        if not pcc.consents_to_merger():
            return False, f"the {pcc.title} for {model.forces.names[f]} withheld consent"
        if model.rng.random() >= community:
            return False, f"the community in {model.forces.names[f]} did not consent"
    return True, ""


def impose_regional(model) -> None:
    """The 2006 counterfactual: in each region, every force is merged into the largest."""
    rocu = np.array(model.forces.rocu)
    for region in np.unique(rocu):
        members = np.nonzero((rocu == region) & model.active)[0]
        keep = int(members[np.argmax(model.forces.population[members])])
        for gone in members:
            if gone != keep:
                model.merge(
                    keep,
                    int(gone),
                    f"imposed regional merger ({region}): the abandoned 2006 "
                    "strategic-forces plan, as a counterfactual",
                )
