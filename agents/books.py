"""A force's books: its workforce, non-pay spending, specialist capabilities and reserves, under
one budget constraint balanced every year.

A force's budget (the central grant under the settlement plus its precept) pays for four things:
its specialist capabilities (the units and agreements the model follows), the local-policing
workforce (officers and staff) and non-pay spending. At the start the budget balances: non-pay is
``nonpay_share`` of it, the capabilities cost what their arrangements cost, and the rest is the
local workforce, split between officers and staff by their share of the pay bill (seed 002 §4.17:
about 80% of police spending is the workforce).

Each quarter the force receives a quarter of its budget and pays its capabilities' net cost, any
set-up costs and a quarter of its workforce and non-pay; the difference goes into or out of its
reserves. At each year's end the chief plans the year ahead: it compares what the force will need
(capabilities at last year's cost, the workforce, non-pay) with next year's budget and closes any
gap by drawing a share of it from reserves above their floor and cutting the rest from all four
lines in proportion to what each costs, officers spared by ``officer_protection`` and
specialist capabilities by ``capability_protection``, within what each line can lose in a year
(seed 004 §3.2.1, citing Winsor: forces cannot make officers redundant, so cuts fell on staff;
officers fall only as fast as they leave, ``officer_attrition``; HMIC's Valuing the Police reports
2011-2014: forces planned 34,100 fewer posts, staff cut faster than officers, and saved on
support and specialist functions, partly by collaboration). Workforce and non-pay cuts are made at
once; the capabilities' cut is a target (``capability_target``) the chief must reach by changing
arrangements, so the gap between what its capabilities cost and that target is the weight it puts
on money when it reviews them (``capability_pressure``): money grips capability choices as hard as
the year's plan needs. If the normal limits cannot close the gap, reserves are drawn to their floor
and then every line is cut beyond the limits (logged as emergency cuts: officers with 30 years'
service can be required to retire, regulation A19). A surplus first rebuilds reserves to their
starting share, then pays for more officers and staff.
"""

from __future__ import annotations

from dataclasses import dataclass

from abm.params import ModelParams


@dataclass
class YearPlan:
    """What balancing the books did (for the event log)."""

    pressure: float
    officers_change: float
    staff_change: float
    nonpay_change_gbp_m: float
    reserves_used_gbp_m: float
    emergency: bool
    capability_change_gbp_m: float = 0.0  # the change in what its capabilities may cost


class Books:
    """One force's workforce, non-pay spending, reserves and money pressure."""

    def __init__(self, params: ModelParams) -> None:
        self._p = params
        self.officers = 0.0  # local-policing officers, FTE
        self.staff = 0.0  # police staff (and PCSOs), FTE
        self.nonpay_gbp_m = 0.0
        self.reserves_gbp_m = 0.0
        self.pressure = 1.0  # what the force needs over what it has, for the year ahead
        self.capability_target = 0.0  # what its capabilities may cost in the year ahead (GBP m)
        self.capability_pressure = 1.0  # what they cost over that target: the weight of money
        self.capacity_share = 1.0  # the share of its specialist units' posts its plans have kept
        self.officers_a_year_ago = 0.0

    @property
    def workforce_gbp_m(self) -> float:
        p = self._p
        return (self.officers * p.officer_cost_gbp_k + self.staff * p.staff_cost_gbp_k) / 1000.0

    def open(self, budget: float, capability_cost: float) -> None:
        """The first year: non-pay is a share of the budget, the capabilities cost what they
        cost, and the local workforce is what is left (at least a tenth of the budget)."""
        p = self._p
        self.nonpay_gbp_m = p.nonpay_share * budget
        workforce = max(budget - capability_cost - self.nonpay_gbp_m, 0.1 * budget)
        self.officers = workforce * p.officer_pay_share / p.officer_cost_gbp_k * 1000.0
        self.staff = workforce * (1.0 - p.officer_pay_share) / p.staff_cost_gbp_k * 1000.0
        self.officers_a_year_ago = self.officers
        self.reserves_gbp_m = p.reserves_start_share * budget
        self.capability_target = capability_cost

    def pay_quarter(self, budget: float, capability_cost: float, setup_cost: float) -> float:
        """A quarter's income and spending; the difference moves the reserves. Returns spending."""
        spending = capability_cost + setup_cost + (self.workforce_gbp_m + self.nonpay_gbp_m) / 4.0
        self.reserves_gbp_m += budget / 4.0 - spending
        return spending

    def balance(self, budget: float, capability_cost: float) -> YearPlan:
        """Plan the year ahead against ``budget`` (see module docstring)."""
        p = self._p
        self.officers_a_year_ago = self.officers
        need = capability_cost + self.workforce_gbp_m + self.nonpay_gbp_m
        self.pressure = need / max(budget, 1e-9)
        gap = need - budget
        spare = max(self.reserves_gbp_m - p.reserves_floor_share * budget, 0.0)
        self._ration(capability_cost)
        self.capability_target = capability_cost
        if gap <= 0:
            self.capability_pressure = self.pressure  # money to spare: it weighs money less
            top_up = min(-gap, max(p.reserves_start_share * budget - self.reserves_gbp_m, 0.0))
            return self._grow(-gap - top_up)
        draw = min(spare, gap * p.reserves_smoothing)
        left, changes = self._cut(gap - draw, capability_cost, limited=True)
        bound = left > 1e-9
        if bound:  # the limits bind: reserves to their floor, then cuts beyond the limits
            extra = min(spare - draw, left)
            draw += extra
            _, emergency = self._cut(left - extra, capability_cost - changes[3], limited=False)
            changes = [a + b for a, b in zip(changes, emergency, strict=True)]
        officers, staff, nonpay, capabilities = changes
        self.capability_target = capability_cost - capabilities
        self.capability_pressure = max(capability_cost / max(self.capability_target, 1e-9), 1.0)
        return YearPlan(self.pressure, -officers, -staff, -nonpay, draw, bound, -capabilities)

    def _ration(self, capability_cost: float) -> None:
        """What last year's target asked of the capabilities and changed arrangements did not save,
        the plan takes from the posts in the force's own units (their ``capacity_share``); with money
        to spare the posts come back, as fast as recruitment allows."""
        p = self._p
        if capability_cost > self.capability_target + 1e-9 and self.pressure > 1.0:
            self.capacity_share *= self.capability_target / capability_cost
        elif self.pressure < 1.0:
            self.capacity_share = min(1.0, self.capacity_share * (1.0 + p.staff_and_officer_growth_max))

    def _cut(self, amount: float, capability_cost: float, limited: bool) -> tuple[float, list[float]]:
        """Cut ``amount`` (GBP m a year) from officers, staff, non-pay and the capabilities in
        proportion to their cost, officers spared by ``officer_protection`` and capabilities by
        ``capability_protection``; within each year's limits when ``limited``. Workforce and non-pay
        are cut at once; the capabilities' share is returned as a target. Returns (what could not be
        cut, [officers, staff, non-pay GBP m, capabilities GBP m] cut)."""
        p = self._p
        officer_cost = self.officers * p.officer_cost_gbp_k / 1000.0
        staff_cost = self.staff * p.staff_cost_gbp_k / 1000.0
        spend = [officer_cost, staff_cost, self.nonpay_gbp_m, capability_cost]
        weight = [
            officer_cost * (1.0 - p.officer_protection),
            staff_cost,
            self.nonpay_gbp_m,
            capability_cost * (1.0 - p.capability_protection),
        ]
        room = [
            officer_cost * p.officer_attrition,
            staff_cost * p.staff_cut_max,
            self.nonpay_gbp_m * p.nonpay_cut_max,
            capability_cost * p.capability_cut_max,
        ]
        if not limited:
            room, weight = spend, spend
        cut = [0.0, 0.0, 0.0, 0.0]
        left = amount
        for _ in range(4):  # share what is left among those with room to cut
            total = sum(w for w, r, c in zip(weight, room, cut, strict=True) if r - c > 1e-12)
            if left <= 1e-12 or total <= 0:
                break
            for i in range(4):
                if room[i] - cut[i] > 1e-12:
                    take = min(left * weight[i] / total, room[i] - cut[i])
                    cut[i] += take
            left = amount - sum(cut)
        self.officers -= cut[0] / p.officer_cost_gbp_k * 1000.0
        self.staff -= cut[1] / p.staff_cost_gbp_k * 1000.0
        self.nonpay_gbp_m -= cut[2]
        return max(left, 0.0), [
            cut[0] / p.officer_cost_gbp_k * 1000.0,
            cut[1] / p.staff_cost_gbp_k * 1000.0,
            cut[2],
            cut[3],
        ]

    def _grow(self, amount: float) -> YearPlan:
        """Spend a surplus on more officers (within what recruitment can add in a year) and staff,
        in proportion to their pay bill."""
        p = self._p
        officer_cost = self.officers * p.officer_cost_gbp_k / 1000.0
        staff_cost = self.staff * p.staff_cost_gbp_k / 1000.0
        pay = max(officer_cost + staff_cost, 1e-9)
        to_officers = min(amount * officer_cost / pay, officer_cost * p.staff_and_officer_growth_max)
        to_staff = min(amount - to_officers, staff_cost * p.staff_and_officer_growth_max)
        officers = to_officers / p.officer_cost_gbp_k * 1000.0
        staff = to_staff / p.staff_cost_gbp_k * 1000.0
        self.officers += officers
        self.staff += staff
        return YearPlan(self.pressure, officers, staff, 0.0, 0.0, False, 0.0)
