"""Mergers of neighbouring forces: voluntary (with a business case and consent) or imposed.

Each year the chiefs of the pair of neighbouring forces with the best business case may propose
to merge (seed 002 §4.20: voluntary mergers with a robust business case and community consent).
The business case is appraised against the alternative the same paragraph points forces to,
"enhanced collaboration": the larger units a merger would bring are open to the two forces through
joint units without merging, so what merging adds is one headquarters and command team instead of
two, less the one-off cost of merging spread over the planning horizon (the Devon and Cornwall-Dorset
case of 2018 was written this way, on top of a strategic alliance that already shared 22
departments). Both policing bodies must consent on their own objective
(``PCCAgent.consents_to_merger``: their share of the saving against the local identity their
voters lose and any precept rise that equalising the two precepts imposes on them: Cumbria and
Lancashire withdrew over precept equalisation in 2006, Devon and Cornwall's PCC withheld consent
in 2018), and the Home Secretary must approve (``HomeSecretaryAgent.approves_merger``). A pair
whose merger failed waits ``merger_retry_years`` before trying again.

A merged force becomes one force agent with the population, area, officers, budget, demand and
units of both; the absorbed force leaves the model's agents but stays in the tables as
``merged`` (``model.active`` is False, ``model.merged_into`` names its successor), so the history
keeps both. Its units close, and forces that used them must find another arrangement.
"""

from __future__ import annotations

import numpy as np


def business_case(model, a, b):
    """Net yearly saving of merging over collaborating, as a share of the two forces' budgets: one
    headquarters and command team instead of two, less the one-off cost of merging spread over the
    planning horizon (module docstring). ``a`` and ``b`` may be arrays of pairs."""
    p = model.params
    budget = model.budgets()
    combined = budget[a] + budget[b]
    overheads = p.merger_overhead_saving_share * np.minimum(budget[a], budget[b])
    transition = p.merger_transition_share * combined / p.amortisation_years
    return (overheads - transition) / combined


def precept_rise_per_head(model, f: int, other: int) -> float:
    """The rise in precept per head force f's council-tax payers would see if the two precepts
    were equalised (GBP a year; 0 if theirs would fall)."""
    population = model.forces.population
    per_head = [model.pcc_of(x).precept_gbp_m * 1e6 / max(population[x], 1) for x in (f, other)]
    common = (per_head[0] * population[f] + per_head[1] * population[other]) / max(
        population[f] + population[other], 1
    )
    return max(common - per_head[0], 0.0)


def consider_voluntary(model) -> None:
    """Once a year, the pair of neighbours with the best business case (not one that failed within
    the retry period) may seek to merge."""
    params = model.params
    adjacency = model.forces.adjacency & model.active[:, None] & model.active[None, :]
    first, second = np.nonzero(np.triu(adjacency))
    recent = {
        pair for pair, year in model.merger_attempts.items() if model.year - year < params.merger_retry_years
    }
    keep = np.array([(int(a), int(b)) not in recent for a, b in zip(first, second, strict=True)], dtype=bool)
    first, second = first[keep], second[keep]
    if len(first) == 0:
        return
    cases = business_case(model, first, second)
    best = int(np.argmax(np.round(cases, 9)))  # shares of budget equal to 9 places: the first pair
    case, a, b = float(cases[best]), int(first[best]), int(second[best])
    if case < params.merger_savings_threshold - 1e-9:
        return
    model.merger_attempts[(a, b)] = model.year
    names = f"{model.forces.names[a]} and {model.forces.names[b]}"
    why_not = next((why for why in (_consent(model, a, b, case), _consent(model, b, a, case)) if why), "")
    approved, why = model.home_secretary.approves_merger(case, not why_not)
    if not approved:
        model.events.log(
            model,
            a,
            None,
            "merger refused",
            partner=b,
            reason=f"{names} considered merging (business case {100 * case:.1f}% of budget): {why_not or why}",
        )
        return
    keep_force, gone = (a, b) if model.forces.population[a] >= model.forces.population[b] else (b, a)
    model.merge(
        keep_force,
        gone,
        f"voluntary merger of {names}: business case {100 * case:.1f}% of budget, "
        "consent given, approved by the Home Secretary",
    )


def _consent(model, f: int, other: int, case: float) -> str:
    """'' if force f's policing body consents to merging with ``other``, else why it does not."""
    saving = case * model.budgets()[[f, other]].sum() * model.budgets()[f] / model.budgets()[[f, other]].sum()
    rise = precept_rise_per_head(model, f, other) * model.forces.population[f] / 1e6
    return model.pcc_of(f).consents_to_merger(model.forces.names[other], saving, rise)


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
