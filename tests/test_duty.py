"""The duty to collaborate as the law defines it, and a different lever from the value of local
control: it makes chiefs keep collaboration under review and partners give effect to what serves
another force; it does not change what anyone values."""

from __future__ import annotations

import numpy as np

from abm import proposals
from abm.model import CrossforceModel
from abm.params import make_params
from abm.proposals import Change
from crossforce_agents.force import ForceAgent
from tests.conftest import run_model

SEEDS = (1, 2, 3, 4)


def outcome(**overrides) -> dict[str, float]:
    """Means over seeds of what the levers move."""
    rows = []
    for seed in SEEDS:
        model = run_model(seed, years=6, **overrides)
        events = model.events.frame()
        pcc_refusals = events["reason"].str.contains("refused to sign") & (events["action"] == "refused")
        rows.append(
            {
                "collaborations": model.recorder.model_series()["collaborations"].iloc[-1],
                "proposals": (events["action"] == "proposes").sum(),
                "pcc_refusals": pcc_refusals.sum(),
                "pcc_notices": (
                    (events["action"] == "gives notice") & events["reason"].str.startswith("the new")
                ).sum(),
                "under_duty": events["reason"].str.contains("under the duty to collaborate").sum(),
            }
        )
    return {key: float(np.mean([r[key] for r in rows])) for key in rows[0]}


def test_nothing_jumps_at_a_zero_duty() -> None:
    """A tiny duty changes only decisions on a knife edge (a review drawn just under its chance, a
    partner whose own gain is a hair below zero), after which a run takes its own path; a jump, as
    when a gap once scored 1e9 or an unsigned infinite gain met a zero duty, moves it far more."""
    none, tiny = outcome(duty_strength=0.0), outcome(duty_strength=0.001)
    assert abs(none["collaborations"] - tiny["collaborations"]) <= 0.03 * none["collaborations"]
    assert abs(none["proposals"] - tiny["proposals"]) <= 0.03 * none["proposals"]


def test_the_duty_keeps_collaboration_under_review_and_partners_accept_at_a_cost() -> None:
    weak, strong = outcome(duty_strength=0.0), outcome(duty_strength=1.0)
    assert strong["proposals"] > 1.5 * weak["proposals"]  # more capabilities reviewed each year
    assert strong["collaborations"] > weak["collaborations"]
    assert weak["under_duty"] == 0 and strong["under_duty"] > 0  # give effect though one's own force loses


def test_duty_and_local_control_are_different_levers() -> None:
    """Taking away the value of local control removes its motive: policing bodies all but stop
    refusing to sign (a few refusals remain where a policing body's priorities differ from its
    chief's: it weighs harm by its protective-services priority),
    and new office-holders give notice far less. A strong duty leaves that motive in place:
    refusals and notices go on, while more is proposed and accepted."""
    default, no_control, strong_duty = (
        outcome(),
        outcome(local_control_preference=0.0),
        outcome(duty_strength=1.0),
    )
    assert no_control["pcc_refusals"] < 0.3 * min(default["pcc_refusals"], strong_duty["pcc_refusals"])
    assert no_control["pcc_notices"] < 0.5 * default["pcc_notices"]
    assert strong_duty["pcc_notices"] > 0.5 * default["pcc_notices"]
    assert strong_duty["proposals"] > default["proposals"]


def test_a_chief_proposes_only_what_its_own_policing_body_would_sign_on_the_same_accounts(
    monkeypatch,
) -> None:
    """The chief consults its body on the expected accounts the signature is on: it does not put to
    it a deal it would refuse (before, Derbyshire's chief proposed cybercrime deals its PCC refused
    for six years while the force had no cybercrime unit)."""
    unsigned: list[str] = []
    propose = ForceAgent._propose

    def checked(self, scores, row, c, option):
        kind, partner = scores.kind(option), int(scores.partner[row, c, option])
        if kind not in ("own", "national"):
            model = self.model
            effects = proposals.effects(model, [Change(self.index, c, kind, partner)])
            others = self.parties_to(partner, c)
            own, to_others = model.pcc_of(self.index).signs_effects(
                effects, others, float(scores.setup[row, c, option])
            )
            if own + model.weight_on_others(c, False) * to_others < -1e-6:
                unsigned.append(f"{model.quarter_label} {self.name} {model.caps.names[c]} {kind}")
        propose(self, scores, row, c, option)

    monkeypatch.setattr(ForceAgent, "_propose", checked)
    CrossforceModel(make_params({"years": 6}), seed=1).run()
    assert unsigned == []
