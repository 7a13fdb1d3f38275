"""A role's situation in words, read off the live model, for the top of a participant's page."""

from __future__ import annotations

from abm.decisions import HMIC, HOME_SECRETARY
from abm.model import CrossforceModel
from dashboards.workshop.roles import force_of


def situation(model: CrossforceModel, role: str, force_names: dict[str, str]) -> list[str]:
    """What ``role`` should know before deciding: its force's arrangements, its mandate, its powers."""
    force_ids = list(force_names)
    force = force_of(role)
    lines: list[str] = []
    if force is not None:
        f = force_ids.index(force)
        if not model.active[f]:
            return [f"{force_names[force]} has merged into another force."]
    if role.startswith("chief:"):
        from dashboards.workshop.projector_parts import arrangement_counts

        counts = arrangement_counts(model, force_ids.index(force))
        lines.append(
            f"How {force_names[force]} gets its {sum(counts.values())} capabilities now: "
            + ", ".join(f"{k} {v}" for k, v in counts.items() if v)
        )
    elif role.startswith("pcc:"):
        lines.extend(_pcc_lines(model, force_ids.index(force), force_names[force]))
    elif role == HOME_SECRETARY:
        hs = model.home_secretary
        power = "you have" if model.params.direction_power else "you do not have"
        lines.append(
            f"The power to direct a force to collaborate (s.23G): {power} it in this scenario; "
            f"directions this parliament: {hs.directions_this_parliament}; the next is worth its political "
            f"cost if it saves at least £{hs.political_cost():.1f}m a year nationally."
        )
        lines.extend(_recent_events(model, "flagged", "HMIC's flags this past year"))
    elif role == HMIC:
        lines.append(
            f"Capacity: {model.params.hmic_inspections_per_year} inspections a year (at the year's end)."
        )
        lines.extend(_recent_events(model, "inspected", "Inspected this past year"))
    return lines


def _pcc_lines(model: CrossforceModel, f: int, name: str) -> list[str]:
    """A policing body's mandate: who it is, and its standing with the voters."""
    pcc = model.pcc_of(f)
    year = model.year if model.steps else model.params.start_year
    upcoming = [y for y in sorted(model.params.election_years) if y >= year]
    lines = [f"You are the {pcc.title} for {name}."]
    if pcc.elected:
        lines.append(
            f"Public approval since the last election: {pcc.approval:+.2f}; term {pcc.term}; "
            + (f"next elections: {upcoming[0]}." if upcoming else "no election left in this run.")
        )
    else:
        lines.append(
            "Not elected: "
            + (f"the first PCC elections are in {upcoming[0]}." if upcoming else "no election.")
        )
    return lines


def _recent_events(model: CrossforceModel, action: str, title: str) -> list[str]:
    """The model's events of one kind in the past four quarters, as a bulleted list."""
    frame = model.events.frame()
    if frame.empty:
        return [f"{title}: none yet."]
    recent = frame[(frame["action"] == action) & (frame["step"] > model.steps - 4)]
    if recent.empty:
        return [f"{title}: none."]
    return [f"{title}:"] + [f"• {reason}" for reason in recent["reason"].tolist()[:12]]


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def inspection_reasons(model: CrossforceModel) -> dict[str, str]:
    """Why each force is a candidate for inspection, in the terms HMIC's agent ranks them by (cost
    and harm per head over the last year, from the forces' own accounts; a refusal to sign this
    year), read off the live model: force id -> words. The decision's own facts carry only a
    combined risk score, which means nothing to a person."""
    value = model.params.value_of_harm_gbp
    per_head: dict[str, tuple[float, float]] = {}
    for f, force_id in enumerate(model.forces.ids):
        agent = model.force_agent(f)
        if agent is None or not model.active[f]:
            continue
        people = max(float(model.forces.population[f]), 1.0)
        per_head[force_id] = (agent.cost_last_year() * 1e6 / people, agent.harm_last_year() * value / people)
    cost_rank = {fid: n for n, fid in enumerate(sorted(per_head, key=lambda x: -per_head[x][0]), start=1)}
    harm_rank = {fid: n for n, fid in enumerate(sorted(per_head, key=lambda x: -per_head[x][1]), start=1)}
    refused = {model.forces.ids[f] for f in model.hmic.refused_this_year}
    total = len(per_head)
    reasons = {}
    for fid, (cost, harm) in per_head.items():
        text = (
            f"specialist capabilities cost £{cost:,.2f} a head a year ({_ordinal(cost_rank[fid])} highest of "
            f"{total}); harm, valued in money, £{harm:,.2f} a head ({_ordinal(harm_rank[fid])} highest)"
        )
        reasons[fid] = text + ("; refused to sign an agreement this year" if fid in refused else "")
    return reasons
