"""HM Inspectorate of Constabulary: limited inspections, grades, and flags.

HMIC owns its capacity, its risk model, its grades and its flags. Each year it inspects up to
``hmic_inspections_per_year`` forces, the riskiest first (high cost per head, high harm per head,
a refusal to sign that year, from the forces' own accounts). It grades value for money and
capability, and assesses decisions not to collaborate: it flags a force that holds a capability
alone although a collaboration would bring clear benefits for the wider police service (the force
and its partner together, seed 002 §4.24). A flag is public: it costs the PCC approval, puts the
capability back on the chief's agenda at the next meeting, and goes to the Home Secretary, who may
direct (seed 002 §4.15, §4.24).
"""

from __future__ import annotations

import mesa
import numpy as np

from abm.capabilities import in_sentence
from abm.decisions import HMIC, Decision, Option
from abm.modes import Mode
from abm.numerics import MONEY_TOLERANCE_GBP_M, first_best, first_best_each, money_key
from abm.scoring import NATIONAL, OWN, OptionScores, score_options

GRADES = ("outstanding", "good", "requires improvement", "inadequate")


class Flag:
    """A clearly beneficial collaboration HMIC found a force not pursuing."""

    def __init__(
        self, force: int, capability: int, option: int, partner: int, saving: float, share: float
    ) -> None:
        self.force, self.capability, self.option, self.partner = force, capability, option, partner
        self.saving, self.share = saving, share  # GBP m a year, and as a share of the current cost


class HMICAgent(mesa.Agent):
    """The inspectorate."""

    def __init__(self, model) -> None:
        super().__init__(model)
        self.grades: dict[int, tuple[str, str]] = {}  # latest grades of each inspected force
        self.refused_this_year: set[int] = set()  # forces whose PCC refused to sign this year

    def note_refusal(self, f: int, c: int) -> None:
        self.refused_this_year.add(f)

    # --- the year's inspections -------------------------------------------------------------------
    def inspect(self) -> None:
        """Inspect the riskiest forces within capacity, grade them, and flag clearly beneficial
        collaborations they are not pursuing (largest saving first)."""
        model = self.model
        if model.params.hmic_inspections_per_year > 0:
            cost_per_head, harm_per_head = self._per_head()
            chosen = self._choose(cost_per_head, harm_per_head)
            if chosen:
                self._grade(chosen, cost_per_head, harm_per_head)
                scores = score_options(model, np.array(chosen))
                # largest saving first; savings within the money tolerance by force, then capability
                for flag in sorted(
                    self._clear_benefits(scores), key=lambda x: (-money_key(x.saving), x.force, x.capability)
                ):
                    self._flag(scores, flag)
        self.refused_this_year = set()

    def _per_head(self) -> tuple[np.ndarray, np.ndarray]:
        """Each force's capability cost and harm over the last year, per head (from its accounts)."""
        model = self.model
        forces = [model.force_agent(f) for f in range(model.forces.count)]
        cost = np.array([a.cost_last_year() if a is not None else 0.0 for a in forces])
        harm = np.array([a.harm_last_year() if a is not None else 0.0 for a in forces])
        population = np.maximum(model.forces.population, 1)
        return cost / population, harm / population

    def _choose(self, cost_per_head: np.ndarray, harm_per_head: np.ndarray) -> list[int]:
        """The forces to inspect this year: highest risk first, within capacity."""
        model = self.model
        active = model.active
        refused = np.zeros(model.forces.count)
        refused[list(self.refused_this_year)] = 1.0
        risk = (
            _zscore(cost_per_head, active)
            + _zscore(harm_per_head, active)
            + model.params.hmic_refusal_risk_weight * refused
        )
        candidates = np.nonzero(active)[0]
        # highest risk first; risks equal to nine decimals by force (index), the same on every CPU
        order = candidates[np.argsort(-np.round(risk[candidates], 9), kind="stable")]
        capacity = model.params.hmic_inspections_per_year
        chosen = [int(f) for f in order[:capacity]]
        if model.controls(HMIC):
            ids = model.forces.ids
            value = model.params.value_of_harm_gbp / 1e6  # GBP m per crime-harm day
            decision = Decision(
                step=model.steps,
                role=HMIC,
                kind="inspect",
                quarter=model.quarter_label,
                question=(
                    f"Which forces will HMIC inspect this year (up to {capacity})? The riskiest spend most "
                    "on specialist capabilities a head, suffer most harm a head, or refused to sign an "
                    "agreement this year."
                ),
                options=tuple(
                    Option(
                        ids[f],
                        model.forces.names[f],
                        {
                            "capability_cost_per_head_gbp": round(1e6 * float(cost_per_head[f]), 2),
                            "harm_value_per_head_gbp": round(1e6 * value * float(harm_per_head[f]), 2),
                            "refused_to_sign_this_year": "yes" if refused[f] else "no",
                            "risk": round(float(risk[f]), 2),
                        },
                    )
                    for f in order.tolist()
                ),
                model_choice=tuple(ids[f] for f in chosen),
                pick=capacity,
            )
            chosen = [model.forces.index(key) for key in model.decide(decision)]
        return chosen

    def _grade(self, chosen: list[int], cost_per_head: np.ndarray, harm_per_head: np.ndarray) -> None:
        model = self.model
        ranks_cost = _percentile(cost_per_head, model.active)
        ranks_harm = _percentile(harm_per_head, model.active)
        for f in chosen:
            grades = (_grade(ranks_cost[f]), _grade(ranks_harm[f]))
            self.grades[f] = grades
            model.events.log(
                model,
                f,
                None,
                "inspected",
                reason=f"HMIC inspected {model.forces.names[f]}: value for money {grades[0]}, "
                f"capability {grades[1]}",
            )

    def _clear_benefits(self, scores: OptionScores) -> list[Flag]:
        """For each inspected force, the best collaboration it is not pursuing on a capability it
        holds alone, if it brings clear benefits for the wider police service: the force's saving
        in money and harm plus its partner's gain (HMIC leaves preferences out)."""
        model, params = self.model, self.model.params
        forces = scores.forces
        value = params.value_of_harm_gbp / 1e6
        wider = scores.money + value * scores.harm - scores.partner_gain
        options = np.where(np.isfinite(scores.score), wider, np.inf)
        options[:, :, OWN] = np.inf
        current = scores.current_money + value * scores.current_harm
        best_option = first_best_each(options)
        saving = current - options.min(axis=2)
        share = saving / np.maximum(current, 1e-9)
        talking = np.zeros(saving.shape, dtype=bool)
        row_of = {int(f): r for r, f in enumerate(forces)}
        for f, c in model.negotiations:
            if f in row_of:
                talking[row_of[f], c] = True
        clear = (
            (model.arrangements.mode[forces] == Mode.OWN)
            & ~talking
            & np.isfinite(saving)
            & (share >= params.clear_benefit_share - 1e-9)
            & (saving >= params.hmic_material_saving_gbp_m - MONEY_TOLERANCE_GBP_M)
        )
        flags = []
        for row in np.nonzero(clear.any(axis=1))[0]:
            c = first_best(np.where(clear[row], -saving[row], np.inf))
            option = int(best_option[row, c])
            partner = int(scores.partner[row, c, option])
            flags.append(
                Flag(int(forces[row]), c, option, partner, float(saving[row, c]), float(share[row, c]))
            )
        return flags

    def _flag(self, scores: OptionScores, flag: Flag) -> None:
        """Report a flag to the PCC and the Home Secretary; the force feels the pressure."""
        model = self.model
        f, c, partner = flag.force, flag.capability, flag.partner
        pcc = model.pcc_of(f)
        model.events.log(
            model,
            f,
            c,
            "flagged",
            partner=partner,
            money=-flag.saving,
            reason=f"HMIC reports to the {pcc.title} and the Home Secretary that "
            f"{model.forces.names[f]} could save £{flag.saving:.2f}m a year ({100 * flag.share:.0f}%) on "
            f"{in_sentence(model.caps.labels[c])} by collaborating{self.with_whom(flag)}, but holds its own",
        )
        model.arrangements.set_review(f, c, True)
        pcc.approval -= model.params.hmic_flag_approval_cost
        model.home_secretary.consider_direction(flag, scores.kind(flag.option), self.with_whom(flag))

    def with_whom(self, flag: Flag) -> str:
        """The flagged collaboration's partner in words."""
        if flag.partner >= 0:
            return f" with {self.model.forces.names[flag.partner]}"
        return " through the national provider" if flag.option == NATIONAL else ""


def _grade(percentile: float) -> str:
    """Four grades, as HMIC's: from a force's percentile among forces (0 best)."""
    return GRADES[min(int(percentile * 4), 3)]


def _zscore(values: np.ndarray, active: np.ndarray) -> np.ndarray:
    live = values[active]
    spread = live.std() or 1.0
    return (values - live.mean()) / spread


def _percentile(values: np.ndarray, active: np.ndarray) -> np.ndarray:
    """Each force's rank among active forces, 0 (lowest value) to just under 1."""
    live = np.sort(values[active])
    return np.searchsorted(live, values, side="left") / max(len(live), 1)
