"""Who provides each capability to each force: the one owner of the arrangement arrays.

``Arrangements`` holds, per force and capability, the arrangement (``Mode``), the provider whose
unit serves the force, the contract and subscription fee of a buyer, the teams and skill of the
unit a force operates, whether that unit is under notice of closure, whether the force must review
the capability, and the one-off set-up costs its changes have incurred. Nothing else writes these
arrays: other modules read them through read-only views and change them only through the named
operations below (own, buy, join, use the national provider, give notice, dissolve and absorb
in a merger), which keep the
invariants: a force routed to a unit points at a force that operates one, a joint unit always
has a lead and at least one member, and a unit is sized to the demand routed to it. A force that
loses its provider is left with a gap (``Mode.NONE``) and must review.

Provision is tiered (seed 002 §4.22 note 1: the National Intelligence Model's levels). The
arrangement above is the force's **local tier**: its own team, or a partner's, for its level-1
work. A force may also belong to its **region's unit** for a capability (``member``): a collective
of the region's forces, fixed to the region (the regional organised crime units), which takes
their level-2 work (and level-3 where no national provider exists), is run from the bases of its
host (the member with most such work) over the members' whole area, and is paid for by the
members by an agreed formula and, for some capabilities, by Home Office grant (``abm.accounts``).
Joining and leaving are ``join_region`` and ``leave_region``; a unit whose last member leaves
closes.

It also holds the strategic alliances: packages of joint units between two or three forces
under one agreement (one cost split fixed when it was signed, one governance, one notice), the
kind that Tri-Force and West Mercia-Warwickshire were (shared/data/README.md). A force joins or
leaves an alliance as a whole (``form_alliance``, ``leave_alliance``); ``alliance`` names the
alliance each arrangement belongs to (-1: none). Regional organised crime units stay joint units
per capability, each under its own agreement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numba import njit

from abm.demand import Demand
from abm.economics import CapabilityArrays, steady_skill, use_ratio
from abm.modes import OPERATES, Contract, Mode
from abm.params import ModelParams

#: called as on_lost_access(force, former_host, capability, what_happened)
LostAccess = Callable[[int, int, int, str, bool], None]
#: called as size_units(hosts, capabilities, state): the teams each host's units of those
#: capabilities should run, (len(hosts), len(capabilities))
SizeUnits = Callable[[np.ndarray, np.ndarray, "ArrangementState"], np.ndarray]
#: called as size_regional(state): the teams each regional unit should run, (R, C)
SizeRegional = Callable[["ArrangementState"], np.ndarray]


class ArrangementState(NamedTuple):
    """The arrays compiled code reads (read-only views; index [force, capability])."""

    mode: np.ndarray
    provider: np.ndarray
    contract: np.ndarray
    subscription_fee: np.ndarray
    teams: np.ndarray
    skill: np.ndarray
    closing: np.ndarray
    alliance: np.ndarray
    member: np.ndarray  # bool (F, C): belongs to its region's unit for the capability
    region: np.ndarray  # (F,) index of each force's region
    regional_teams: np.ndarray  # (R, C)
    regional_skill: np.ndarray  # (R, C)
    regional_host: np.ndarray  # (R, C) the member whose bases the unit runs from (-1: no unit)


#: what an ``Arrangements`` is told to call (the model's), which a ``WhatIf`` does its own way
_CALLBACKS = ("_on_lost_access", "_size_units", "_size_regional")
#: the arrays an ``Arrangements`` owns (copied by ``what_if``)
_OWNED_ARRAYS = (
    "_mode", "_provider", "_contract", "_fee", "_teams", "_skill", "_closing", "_review_due", "_setup_due",
    "_alliance", "_member", "_region", "_regional_teams", "_regional_skill", "_regional_host",
)  # fmt: skip


@njit(cache=True)
def regional_host(member, region, r, work):
    """The member of region r's unit with the most cross-border work for it (``work``, per force),
    whose bases the unit runs from; ties (within a billionth of a use) go to the first force in the
    table; -1 when the unit has no members. ``member``: each force's membership (F,)."""
    host, most = -1, -1.0
    for i in range(member.shape[0]):
        if member[i] and region[i] == r and (host < 0 or work[i] > most + 1e-9):
            host, most = i, work[i]
    return host


def _read_only(array: np.ndarray) -> np.ndarray:
    view = array.view()
    view.setflags(write=False)
    return view


@dataclass
class Alliance:
    """A strategic alliance: a lead runs the joint units of ``capabilities`` for its members; each
    force pays its agreed ``shares`` of every unit's cost."""

    id: int
    lead: int
    members: list[int]  # the lead and the others
    capabilities: tuple[int, ...]
    shares: dict[int, float]
    start_step: int

    def copy(self) -> Alliance:
        """A copy whose members and shares change apart from this one's (``dataclasses.replace``
        does the same several times slower, and a what-if copy of the arrangements makes one for
        every alliance)."""
        return Alliance(
            self.id, self.lead, list(self.members), self.capabilities, dict(self.shares), self.start_step
        )


class Arrangements:
    """The arrangement of every force for every capability (see module docstring)."""

    def __init__(
        self,
        regions: tuple[str, ...],
        caps: CapabilityArrays,
        params: ModelParams,
        demand: Demand,
        on_lost_access: LostAccess,
        size_units: SizeUnits,
        size_regional: SizeRegional,
    ) -> None:
        count, C = len(regions), caps.count
        self.region_names = tuple(sorted(set(regions)))
        R = len(self.region_names)
        self._caps, self._params, self._demand = caps, params, demand
        self._on_lost_access = on_lost_access
        self._size_units, self._size_regional = size_units, size_regional
        self._mode = np.full((count, C), Mode.OWN, dtype=np.int8)
        self._provider = np.tile(np.arange(count)[:, None], (1, C))
        self._contract = np.zeros((count, C), dtype=np.int8)
        self._fee = np.zeros((count, C))
        self._teams = np.zeros((count, C))
        self._skill = np.zeros((count, C))
        self._closing = np.zeros((count, C), dtype=bool)
        self._review_due = np.zeros((count, C), dtype=bool)
        self._setup_due = np.zeros(count)
        self._alliance = np.full((count, C), -1, dtype=np.int64)
        self._member = np.zeros((count, C), dtype=bool)
        self._region = np.array([self.region_names.index(r) for r in regions], dtype=np.int64)
        self._forces_of_region = [np.flatnonzero(self._region == r) for r in range(R)]
        self._regional_teams = np.zeros((R, C))
        self._regional_skill = np.zeros((R, C))
        self._regional_host = np.full((R, C), -1, dtype=np.int64)
        self.alliances: dict[int, Alliance] = {}  # every alliance ever formed, by id
        self.version = 0  # changes whenever an arrangement or a unit's size may have changed
        self._shares_memo: dict = {}  # see ``alliance_shares``; shared with what-if copies
        self._alliances_token = object()  # replaced whenever an alliance's members or split change
        self._make_views()

    def _make_views(self) -> None:
        """The read-only views others read, and the state compiled code reads."""
        self.mode, self.provider, self.contract = map(
            _read_only, (self._mode, self._provider, self._contract)
        )
        self.subscription_fee, self.teams, self.skill = map(_read_only, (self._fee, self._teams, self._skill))
        self.closing, self.review_due = _read_only(self._closing), _read_only(self._review_due)
        self.setup_due = _read_only(self._setup_due)
        self.alliance = _read_only(self._alliance)
        self.member, self.region = _read_only(self._member), _read_only(self._region)
        self.regional_teams, self.regional_skill, self.regional_host = map(
            _read_only, (self._regional_teams, self._regional_skill, self._regional_host)
        )
        self.state = ArrangementState(
            self.mode,
            self.provider,
            self.contract,
            self.subscription_fee,
            self.teams,
            self.skill,
            self.closing,
            self.alliance,
            self.member,
            self.region,
            self.regional_teams,
            self.regional_skill,
            self.regional_host,
        )

    def what_if(self) -> Arrangements:
        """A copy to try changes on (``abm.proposals``): the same named operations on copies of the
        arrays, telling no one of lost access and leaving units' sizes to whoever reads the copy
        (the expected accounts size every unit themselves)."""
        twin = object.__new__(WhatIf)  # what copy.copy does, without its dispatch
        twin.__dict__.update(self.__dict__)
        for name in _CALLBACKS:  # a what-if copy has its own (``WhatIf``)
            twin.__dict__.pop(name, None)
        for name in _OWNED_ARRAYS:
            setattr(twin, name, getattr(self, name).copy())
        # an alliance that has ended never changes again (no one joins, leaves or re-splits it), so
        # the copy shares it; the live ones are copied
        twin.alliances = {k: a.copy() if a.members else a for k, a in self.alliances.items()}
        twin._make_views()
        return twin

    # --- the first quarter ----------------------------------------------------------------------
    def start(self, active: np.ndarray) -> None:
        """Every force holds each capability, except those run nationally; where the regional
        organised crime units ran it, every force also belongs to its region's unit. Every unit is
        sized to its demand and settled at the skill its use sustains."""
        for c, spec in enumerate(self._params.capabilities.values()):
            if spec.initial_mode == "national":
                self._mode[:, c] = Mode.NATIONAL
                self._provider[:, c] = -1
            elif spec.initial_mode == "rocu":
                self._member[active, c] = True
        gone = ~active
        self._mode[gone], self._provider[gone], self._member[gone] = Mode.NONE, -1, False
        self._choose_regional_hosts()
        self.resize_units(np.arange(len(active)))
        self.resize_regional()
        self._settle_skill()

    def _settle_skill(self) -> None:
        """Every unit at the skill its expected use sustains (the start, when units have run a while)."""
        rate = self._params.skill_learning_rate
        local_use, regional_use = self.expected_use()
        for teams, use, skill in (
            (self._teams, local_use, self._skill),
            (self._regional_teams, regional_use, self._regional_skill),
        ):
            per_team = np.where(teams > 0, use / np.where(teams > 0, teams, 1.0), 0.0)
            settled = steady_skill(use_ratio(per_team, self._caps), self._caps, rate)
            skill[:] = np.where(teams > 0, settled, 0.0)

    def expected_use(self) -> tuple[np.ndarray, np.ndarray]:
        """Expected yearly use of each local unit (F, C) and each regional unit (R, C)."""
        local, upper = self.tier_demand()
        load = np.zeros_like(self._teams)
        routed = (self._provider >= 0) & (self._mode != Mode.NATIONAL)
        np.add.at(load, (self._provider[routed], np.nonzero(routed)[1]), local[routed])
        regional = np.zeros_like(self._regional_teams)
        rows, cols = np.nonzero(self._member)
        np.add.at(regional, (self._region[rows], cols), upper[rows, cols])
        return load, regional

    def tier_demand_of(self, f: int) -> tuple[np.ndarray, np.ndarray]:
        """``tier_demand`` of one force, (C,) each."""
        upper, member = self._demand.upper[f], self._member[f]
        local = self._demand.expected_by_level[f, :, 0] + np.where(member, 0.0, upper)
        return local, np.where(member, upper, 0.0)

    def tier_demand(self) -> tuple[np.ndarray, np.ndarray]:
        """Expected yearly demand each force sends to its local tier and to its region's unit (F, C):
        level-1 work locally; level-2 (and level-3 where no national provider exists) to the
        region's unit for a member, locally for a force that is not one."""
        upper, member = self._demand.upper, self._member
        local = self._demand.expected_by_level[:, :, 0] + np.where(member, 0.0, upper)
        return local, np.where(member, upper, 0.0)

    # --- questions --------------------------------------------------------------------------------
    def buyers_of(self, host: int, c: int) -> np.ndarray:
        """The forces that buy capability c from host's unit, in index order."""
        return np.flatnonzero((self._mode[:, c] == Mode.BUY) & (self._provider[:, c] == host))

    def buyer_counts(self) -> np.ndarray:
        """How many forces buy each capability from each force's unit, (F, C): ``buyers_of``
        counted for every host and capability at once."""
        count, caps = self._mode.shape
        buying = (self._mode == Mode.BUY) & (self._provider >= 0)
        key = np.where(buying, self._provider, 0) * caps + np.arange(caps)
        return np.bincount(key[buying], minlength=count * caps).reshape(count, caps)

    def users_of(self, host: int, c: int) -> np.ndarray:
        """Other forces whose demand for c goes to the unit at host."""
        others = np.nonzero(self._provider[:, c] == host)[0]
        return others[others != host]

    def hosts_others(self, f: int, c: int) -> bool:
        """Whether other forces depend on f's unit for c."""
        return len(self.users_of(f, c)) > 0

    def members_of(self, lead: int, c: int) -> np.ndarray:
        """The members of the joint unit led by lead."""
        return np.nonzero((self._provider[:, c] == lead) & (self._mode[:, c] == Mode.JOINT_MEMBER))[0]

    def region_members(self, r: int, c: int) -> np.ndarray:
        """The forces that belong to region r's unit for c."""
        forces = self._forces_of_region[r]
        return forces[self._member[forces, c]]

    def region_forces(self, f: int) -> np.ndarray:
        """The forces of f's region (f included)."""
        return self._forces_of_region[self._region[f]]

    # --- the regional tier ------------------------------------------------------------------------
    def join_region(self, f: int, c: int) -> None:
        """f joins its region's unit for c (forming it if f is the first member); its own team keeps
        its level-1 work and is resized."""
        self.version += 1
        r = int(self._region[f])
        if not len(self.region_members(r, c)):
            self._regional_skill[r, c] = self._params.new_unit_skill
        self._member[f, c] = True
        self.charge_setup(f, c)
        self._regional_changed(r, c, f)

    def leave_region(self, f: int, c: int) -> None:
        """f leaves its region's unit for c: its level-2 work goes back to its local tier (which
        must review, if it has none); a unit left without members closes."""
        self.version += 1
        r = int(self._region[f])
        self._member[f, c] = False
        if self._mode[f, c] == Mode.NONE:
            self._review_due[f, c] = True
        self._regional_changed(r, c, f)

    def _regional_changed(self, r: int, c: int, f: int) -> None:
        """A membership changed: the unit's host, its teams and the member's local unit follow."""
        self._choose_regional_host(r, c)
        if self._regional_host[r, c] < 0:
            self._regional_teams[r, c] = 0.0
            self._regional_skill[r, c] = 0.0
        self.resize_regional()
        host = int(self._provider[f, c])
        if host >= 0 and self._mode[f, c] != Mode.NATIONAL:
            self.resize_unit(host, c)

    def _choose_regional_host(self, r: int, c: int) -> None:
        """Region r's unit for c is run from the bases of the member with the most cross-border
        work for it (``regional_host``); -1 when it has no members."""
        work = np.ascontiguousarray(self._demand.upper[:, c])
        self._regional_host[r, c] = regional_host(self._member[:, c], self._region, r, work)

    def _choose_regional_hosts(self) -> None:
        """Every regional unit's host (``_choose_regional_host``)."""
        for r in range(len(self.region_names)):
            for c in range(self._caps.count):
                self._choose_regional_host(r, c)

    def resize_regional(self) -> None:
        """Size every regional unit for its members' work and area."""
        self.version += 1
        self._regional_teams[:] = self._size_regional(self.state)

    # --- sizing and skill -------------------------------------------------------------------------
    def resize_unit(self, host: int, c: int) -> None:
        """Size the unit at (host, c) for the demand routed to it and the area its bases cover."""
        self.version += 1
        self._teams[host, c] = self._size_units(np.array([host]), np.array([c]), self.state)[0, 0]

    def resize_units(self, hosts: np.ndarray) -> None:
        """Resize every unit operated by the given forces."""
        self.version += 1
        every = np.arange(self._teams.shape[1])
        self._teams[hosts] = self._size_units(np.asarray(hosts, dtype=np.int64), every, self.state)

    def learn_skill(self, skill: np.ndarray, regional_skill: np.ndarray) -> None:
        """The units' skill after a quarter of service (computed by ``abm.accounts``)."""
        self._skill[:] = skill
        self._regional_skill[:] = regional_skill

    # --- reviews, notices and set-up bills ----------------------------------------------------
    def set_review(self, f: int, c: int, due: bool) -> None:
        """Whether f must review c at its next review."""
        self._review_due[f, c] = due

    def reviewed(self, rows: np.ndarray) -> None:
        """The given forces have reviewed every capability."""
        self._review_due[rows] = False

    def give_notice(self, host: int, c: int) -> None:
        """host will stop running its unit for c: the unit takes no new partners and its users
        review their arrangements now, not when it closes."""
        self._closing[host, c] = True
        self._review_due[self.users_of(host, c), c] = True

    def end_notice(self, f: int, c: int) -> None:
        """The change f's notice announced has been concluded or abandoned."""
        self._closing[f, c] = False

    def charge_setup(self, f: int, c: int) -> None:
        """The one-off cost of setting up or joining a unit, billed with the next quarter (the new
        arrangement starts serving then)."""
        self._setup_due[f] += self._params.setup_cost_share * self._caps.fixed[c]

    def settle_setup(self) -> None:
        """The set-up bill has been paid."""
        self._setup_due[:] = 0.0

    # --- changing an arrangement --------------------------------------------------------------
    def own(self, f: int, c: int) -> None:
        """f runs its own unit, newly set up (paying the set-up cost) unless it already ran one;
        a joint unit's lead taking its unit back releases the members (buyers stay)."""
        was_operating = self._mode[f, c] in OPERATES
        if self._mode[f, c] == Mode.JOINT_LEAD:
            for member in self.members_of(f, c):
                self._detach(int(member), c)
                self._left_without(int(member), c, f, "took its joint unit back")
        elif not was_operating:
            self._detach(f, c)
            self._skill[f, c] = self._params.new_unit_skill
            self.charge_setup(f, c)
        self._mode[f, c] = Mode.OWN
        self._provider[f, c] = f
        self.resize_unit(f, c)

    def buy(self, f: int, c: int, host: int, contract: Contract, fee: float) -> None:
        """f buys c from host under a pay-as-you-go or subscription contract."""
        self._detach(f, c)
        self._mode[f, c] = Mode.BUY
        self._provider[f, c] = host
        self._contract[f, c] = contract
        self._fee[f, c] = fee
        self.resize_unit(host, c)

    def join(self, f: int, c: int, lead: int) -> None:
        """f joins the joint unit led by lead (forming it if lead held the capability alone)."""
        self._detach(f, c)
        self.charge_setup(f, c)
        self._mode[lead, c] = Mode.JOINT_LEAD
        self._mode[f, c] = Mode.JOINT_MEMBER
        self._provider[f, c] = lead
        self._contract[f, c] = Contract.NONE
        self.resize_unit(lead, c)

    def use_national(self, f: int, c: int) -> None:
        """f uses the national provider."""
        self._detach(f, c)
        self._mode[f, c] = Mode.NATIONAL
        self._provider[f, c] = -1

    def dissolve(self, gone: int, reason: str) -> None:
        """A merger, first half: the absorbed force's units close (their users must find another
        arrangement) and its own arrangements end."""
        for c in range(self._mode.shape[1]):
            if self._mode[gone, c] in OPERATES:
                self._close_unit(gone, c, reason)
            self._detach(gone, c)
            if self._member[gone, c]:
                self.leave_region(gone, c)
        self._review_due[gone] = False
        for alliance in self.alliances.values():
            if gone in alliance.members:
                alliance.members.remove(gone)
                self._alliances_changed()
                if gone == alliance.lead or len(alliance.members) < 2:
                    self._end_alliance(alliance)

    def absorb(self, keep: int) -> None:
        """A merger, second half (after the demand has moved): the successor's units are resized
        to the demand it takes on, and it reviews everything."""
        self._review_due[keep] = True
        self.resize_units(np.array([keep]))
        self._choose_regional_hosts()
        self.resize_regional()

    # --- strategic alliances ----------------------------------------------------------------------
    def form_alliance(
        self, lead: int, others: list[int], capabilities: tuple[int, ...], shares: dict[int, float], step: int
    ) -> int:
        """``others`` join ``lead``'s joint units for every one of ``capabilities`` under one
        agreement; returns the alliance's id."""
        self.version += 1
        alliance = Alliance(len(self.alliances), lead, [lead, *others], capabilities, shares, step)
        self.alliances[alliance.id] = alliance
        self._alliances_changed()
        for c in capabilities:
            for f in others:
                self.join(f, c, lead)
                self._alliance[f, c] = alliance.id
            self._alliance[lead, c] = alliance.id
        return alliance.id

    def join_alliance(self, f: int, alliance_id: int, shares: dict[int, float]) -> None:
        """f joins an alliance as a whole: the lead's joint unit for each of its capabilities, under
        the cost split the members agree afresh (``shares``), as Bedfordshire, Cambridgeshire and
        Hertfordshire grew from two (abm/data/history/collaborations.csv)."""
        alliance = self.alliances[alliance_id]
        alliance.members.append(f)
        self._alliances_changed()
        self.agree_shares(alliance_id, shares)
        for c in alliance.capabilities:
            self.join(f, c, alliance.lead)
            self._alliance[f, c] = alliance.id

    def leave_alliance(self, f: int, alliance_id: int) -> None:
        """f leaves an alliance as a whole, taking each of its capabilities back into its own unit
        (a lead leaving takes the units with it: the others are left with gaps). An alliance of
        fewer than two forces ends; its lead keeps its units."""
        self.version += 1
        alliance = self.alliances[alliance_id]
        alliance.members.remove(f)
        self._alliances_changed()
        for c in alliance.capabilities:
            if self._alliance[f, c] == alliance_id:
                self._alliance[f, c] = -1
                self.own(f, c)
        if f == alliance.lead or len(alliance.members) < 2:
            self._end_alliance(alliance)
        else:
            total = sum(alliance.shares[m] for m in alliance.members)
            self.agree_shares(alliance_id, {m: alliance.shares[m] / total for m in alliance.members})

    def has_room(self, alliance_id: int) -> bool:
        """Whether an alliance may take another member (``alliance_max_members``)."""
        return len(self.alliances[alliance_id].members) < self._params.alliance_max_members

    def agree_shares(self, alliance_id: int, shares: dict[int, float]) -> None:
        """The members of an alliance agree a new split of its units' costs (by member)."""
        self.version += 1
        self.alliances[alliance_id].shares = dict(shares)
        self._alliances_changed()

    def _end_alliance(self, alliance: Alliance) -> None:
        """No alliance is left: its remaining units carry on as ordinary joint units or own units."""
        for c in alliance.capabilities:
            self._alliance[self._alliance[:, c] == alliance.id, c] = -1
        alliance.members.clear()
        self._alliances_changed()

    def _alliances_changed(self) -> None:
        """An alliance's members or split changed (``alliance_shares`` works them out again)."""
        self._alliances_token = object()

    def alliance_shares(self) -> np.ndarray:
        """Each arrangement's share of its unit's cost under an alliance's agreed split (NaN where
        it is not in one). Remembered by what it is made from (which alliance each arrangement is
        in, and a token replaced whenever an alliance's members or split change:
        ``_alliances_changed``), in one place shared with the what-if copies, which start with
        their original's token: most changes tried on a copy leave every alliance as it was."""
        key = (self._alliance.tobytes(), self._alliances_token)
        if self._shares_memo.get("key") != key:
            shares = self._alliance_shares()
            shares.setflags(write=False)
            self._shares_memo.update(key=key, shares=shares)
        return self._shares_memo["shares"]

    def _alliance_shares(self) -> np.ndarray:
        shares = np.full(self._alliance.shape, np.nan)
        for alliance in self.alliances.values():
            for f in alliance.members:
                for c in alliance.capabilities:
                    if self._alliance[f, c] == alliance.id:
                        shares[f, c] = alliance.shares[f]
        return shares

    def any_alliance(self) -> bool:
        """Whether any alliance is in being now."""
        return any(alliance.members for alliance in self.alliances.values())

    def alliance_of(self, f: int) -> Alliance | None:
        """The alliance f belongs to now, if any (a force is in one at most)."""
        return next((a for a in self.alliances.values() if f in a.members), None)

    # --- internals ----------------------------------------------------------------------------
    def _close_unit(self, host: int, c: int, reason: str) -> None:
        """Close the unit at (host, c): everyone routed to it is left without it
        (``_left_without``)."""
        self.version += 1
        users = self.users_of(host, c)
        for other in users:
            self._mode[other, c] = Mode.NONE
            self._provider[other, c] = -1
            self._contract[other, c] = Contract.NONE
            self._fee[other, c] = 0.0
            self._alliance[other, c] = -1
        self._teams[host, c] = 0.0
        for other in users:
            self._left_without(int(other), c, host, reason)

    def _left_without(self, f: int, c: int, host: int, reason: str) -> None:
        """f's provider for c has gone: a capability the law requires of every force (the
        catalogue's ``statutory``) it provides at once in its own unit, newly set up; any other it
        is without until it reviews (it is due for review either way)."""
        self._review_due[f, c] = True
        kept = bool(self._caps.statutory[c])
        if kept:
            self.own(f, c)
        self._on_lost_access(f, host, c, reason, kept)

    def _detach(self, f: int, c: int) -> None:
        """End f's current arrangement for c (the caller sets the new one)."""
        self.version += 1
        mode = self._mode[f, c]
        if mode in OPERATES:
            self._close_unit(f, c, "closed its unit")
        elif mode in (Mode.BUY, Mode.JOINT_MEMBER):
            host = int(self._provider[f, c])
            self._provider[f, c] = -1
            if mode == Mode.JOINT_MEMBER and len(self.members_of(host, c)) == 0:
                self._mode[host, c] = Mode.OWN  # the last member has left: the lead holds alone
            self.resize_unit(host, c)
        self._mode[f, c] = Mode.NONE
        self._provider[f, c] = -1
        self._contract[f, c] = Contract.NONE
        self._fee[f, c] = 0.0
        self._alliance[f, c] = -1


class WhatIf(Arrangements):
    """A copy of the arrangements to try changes on (``Arrangements.what_if``): the same named
    operations on copies of the arrays, telling no one of lost access and leaving units' sizes as
    they are (whoever reads the copy, the expected accounts, sizes every unit itself). It does so
    through its class rather than through callbacks that hold it, so nothing it holds refers back
    to it: it is freed when dropped, not left for the garbage collector to find."""

    def _on_lost_access(self, force: int, former_host: int, c: int, what: str, kept: bool) -> None:
        """Lost access in a what-if goes unreported."""

    def resize_unit(self, host: int, c: int) -> None:
        """Units keep their sizes in a what-if (``version`` still moves, as for any change)."""
        self.version += 1

    def resize_units(self, hosts: np.ndarray) -> None:
        self.version += 1

    def resize_regional(self) -> None:
        self.version += 1
