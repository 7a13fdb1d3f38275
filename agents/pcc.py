"""Police and Crime Commissioners (and the bodies that hold their functions).

One per force area, with its real governance type at the time (``abm/policing_bodies.py``): a
police authority (until November 2012), a PCC, a PFCC, a mayor holding PCC functions (e.g.
MOPAC for the Met), or the City of London's Common Council. PCCs are elected
on the real cycle; they set the precept within a cap, must sign each collaboration agreement,
and a newly elected one may give notice on a predecessor's agreements (seed 002 §4.22-4.23;
shared/data/README.md: West Mercia and Warwickshire).
"""

from __future__ import annotations

import mesa
import numpy as np

from abm.modes import Mode

#: Governance types whose office-holder is not elected as a PCC.
UNELECTED = {"other", "police authority"}
TITLES = {
    "police authority": "police authority",
    "PCC": "PCC",
    "PFCC": "PFCC",
    "mayor": "Mayor",
    "other": "Common Council",
}


class PCCAgent(mesa.Agent):
    """The policing body of one force area."""

    def __init__(self, model, force: int, governance: str) -> None:
        super().__init__(model)
        self.force = force
        self.governance = governance
        self.protective_priority = self._draw_priority()
        self.term = 1
        self.approval = 0.0  # change in public approval since the last election

    def _draw_priority(self) -> float:
        mean = self.model.params.pcc_protective_priority
        strength = 6.0  # how tightly PCCs cluster around the mean (assumed)
        return float(self.model.rng.beta(mean * strength + 1e-9, (1 - mean) * strength + 1e-9))

    @property
    def title(self) -> str:
        return TITLES[self.governance]

    @property
    def elected(self) -> bool:
        return self.governance not in UNELECTED

    def hand_over(self, body: str, new_office_holder: bool) -> None:
        """Another body takes on the policing functions (a PCC replacing the police authority, a
        mayor the PCC); a PCC taking on fire governance stays in office with the same priorities."""
        self.governance = body
        if new_office_holder:
            self.replace_office_holder()

    def identity_weight(self) -> float:
        """How much this PCC weighs local identity against savings (low protective priority: more)."""
        return 1.5 - self.protective_priority

    def signs(self, proposal, saving: float) -> tuple[bool, str]:
        """Sign an agreement unless the local identity it gives up outweighs what it saves.

        ``saving`` is the force's yearly gain in GBP m (money and harm); the identity cost is the
        force's control value for the capability, weighted by this PCC's priorities.
        """
        model = self.model
        if proposal.kind in ("own",):
            return True, ""
        identity = model.control_value(self.force) * self.identity_weight() * 0.25
        if saving >= identity:
            return True, ""
        name = model.forces.names[self.force]
        return False, (
            f"the {self.title} for {name} refused to sign: it saves £{saving:.2f}m a year, "
            f"not enough for the local control given up (valued at £{identity:.2f}m)"
        )

    def precept_rise(self, pressure: float) -> float:
        """This year's precept rise: the cap when capability spending presses on the budget, else half.
        Voters see it (approval falls by the rise; assumed weight)."""
        cap = self.model.params.precept_cap
        rise = cap if pressure > 1.0 else cap / 2
        self.approval -= rise
        return rise

    def re_elected(self) -> bool:
        """Re-elected or not: a base chance moved by what voters saw since the last election."""
        base = self.model.params.incumbent_reelection
        odds = np.log(max(base, 1e-9) / max(1 - base, 1e-9)) + 2.0 * self.approval
        return bool(self.model.rng.random() < 1.0 / (1.0 + np.exp(-odds)))

    def replace_office_holder(self) -> None:
        """A new office-holder with priorities of their own."""
        self.protective_priority = self._draw_priority()
        self.term = 1
        self.approval = 0.0

    def observe_year(self, harm_change: float, shared_share: float) -> None:
        """Voters' view of a year: rising harm and capabilities given up to others cost approval."""
        identity = self.model.params.voter_identity_weight * shared_share * 0.1
        self.approval -= 0.5 * max(harm_change, 0.0) + identity

    def collaborations(self) -> list[int]:
        """Capabilities this force gets from, or shares with, others."""
        modes = self.model.mode[self.force]
        return np.flatnonzero(np.isin(modes, (Mode.BUY, Mode.JOINT_MEMBER, Mode.JOINT_LEAD))).tolist()
