"""The Home Secretary: the funding settlement, the duty, directions, and merger approval.

The settlement (``grant_change_per_year``) and the strength of the duty (``duty_strength``)
are parameters the Home Secretary sets; this agent acts on them each year: it may direct a
force that HMIC reports for refusing a clearly beneficial collaboration (seed 002 §4.24; Police
Act 1996 s.23G), spending political capital; it may make a joint unit continue for a while when
a partner is about to leave it (as in Oct 2019); and it approves a merger only when it is
voluntary, has a business case and has consent (seed 002 §4.20).
"""

from __future__ import annotations

import mesa


class HomeSecretaryAgent(mesa.Agent):
    """One Home Secretary; its political capital renews each year."""

    def __init__(self, model) -> None:
        super().__init__(model)
        self.directions_left = model.params.directions_per_year
        self.directions_made = 0

    def new_year(self) -> None:
        self.directions_left = self.model.params.directions_per_year

    def will_direct(self, saving: float, clear_benefit: float) -> bool:
        """Direct only with the power, political capital left, and a clear national benefit."""
        params = self.model.params
        return params.direction_power and self.directions_left > 0 and saving >= clear_benefit

    def will_delay_break_up(self) -> bool:
        """Make a joint unit continue for a while when a partner leaves (s.23G, as in Oct 2019):
        only with the power and political capital left."""
        params = self.model.params
        return params.direction_power and params.break_up_delay_quarters > 0 and self.directions_left > 0

    def spend_direction(self) -> None:
        self.directions_left -= 1
        self.directions_made += 1

    def approves_merger(self, business_case: float, threshold: float, consented: bool) -> tuple[bool, str]:
        """Voluntary mergers only: a business case over the threshold, and consent where required."""
        if business_case < threshold:
            return (
                False,
                f"the business case saves {100 * business_case:.1f}% of budget, under the {100 * threshold:.1f}% required",
            )
        if self.model.params.merger_consent_required and not consented:
            return False, "consent was not given"
        return True, ""
