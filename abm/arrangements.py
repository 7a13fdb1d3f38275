"""Changing who provides a capability to whom: joining, leaving, and what follows.

Every change goes through these functions so the model's arrays stay consistent:
a force routed to a unit always points at a force that operates one, joint units
always have a lead, and a unit is resized to the demand routed to it. Forces that
lose their provider are left with a gap (``Mode.NONE``) and must review next quarter.
"""

from __future__ import annotations

import numpy as np

from abm.economics import teams_needed
from abm.modes import Contract, Mode


def resize_unit(model, host: int, c: int) -> None:
    """Size the unit at (host, c) for the expected demand routed to it."""
    if model.mode[host, c] not in (Mode.OWN, Mode.JOINT_LEAD):
        model.teams[host, c] = 0.0
        return
    routed = model.provider[:, c] == host
    load = model.expected_demand[routed, c].sum()
    model.teams[host, c] = float(teams_needed(load, model.caps.capacity[c], model.params.capacity_headroom))


def resize_units(model, hosts: np.ndarray) -> None:
    """Resize every unit operated by the given forces (vectorised ``resize_unit``)."""
    F, C = model.mode.shape
    routed = model.provider >= 0
    key = np.where(routed, model.provider, 0) * C + np.arange(C)[None, :]
    load = np.bincount(key[routed], model.expected_demand[routed], minlength=F * C).reshape(F, C)[hosts]
    operating = (model.mode[hosts] == Mode.OWN) | (model.mode[hosts] == Mode.JOINT_LEAD)
    teams = teams_needed(load, model.caps.capacity, model.params.capacity_headroom)
    model.teams[hosts] = np.where(operating, teams, 0.0)


def routed_to(model, host: int, c: int) -> np.ndarray:
    """Other forces whose demand for c goes to the unit at host."""
    others = np.nonzero(model.provider[:, c] == host)[0]
    return others[others != host]


def close_unit(model, host: int, c: int, reason: str) -> None:
    """Close the unit at (host, c): everyone routed to it is left with a gap until it reviews."""
    for other in routed_to(model, host, c):
        model.mode[other, c] = Mode.NONE
        model.provider[other, c] = -1
        model.contract[other, c] = Contract.NONE
        model.subscription_fee[other, c] = 0.0
        model.review_due[other, c] = True
        model.events.log(
            model,
            other,
            c,
            "lost access",
            partner=host,
            reason=f"{model.forces.names[host]} {reason}; "
            f"{model.forces.names[other]} has no {model.caps.labels[c].lower()} until it decides",
        )
    model.teams[host, c] = 0.0


def detach(model, f: int, c: int) -> None:
    """End f's current arrangement for c (the caller sets the new one)."""
    mode = Mode(model.mode[f, c])
    if mode in (Mode.OWN, Mode.JOINT_LEAD):
        close_unit(model, f, c, "closed its unit")
    elif mode in (Mode.BUY, Mode.JOINT_MEMBER):
        host = int(model.provider[f, c])
        model.provider[f, c] = -1
        partners = routed_to(model, host, c)
        if mode == Mode.JOINT_MEMBER and not (model.mode[partners, c] == Mode.JOINT_MEMBER).any():
            model.mode[host, c] = Mode.OWN
        resize_unit(model, host, c)
    model.mode[f, c] = Mode.NONE
    model.provider[f, c] = -1
    model.contract[f, c] = Contract.NONE
    model.subscription_fee[f, c] = 0.0


def set_own(model, f: int, c: int) -> None:
    """f runs its own unit, newly set up (paying the set-up cost) unless it already ran one."""
    was_operating = model.mode[f, c] in (Mode.OWN, Mode.JOINT_LEAD)
    if model.mode[f, c] == Mode.JOINT_LEAD:
        # the partners leave; buyers stay
        for other in routed_to(model, f, c):
            if model.mode[other, c] == Mode.JOINT_MEMBER:
                detach(model, other, c)
                model.review_due[other, c] = True
    elif not was_operating:
        detach(model, f, c)
        model.skill[f, c] = model.params.new_unit_skill
        model.charge_setup(f, c)
    model.mode[f, c] = Mode.OWN
    model.provider[f, c] = f
    resize_unit(model, f, c)


def set_buy(model, f: int, c: int, host: int, contract: Contract, fee: float) -> None:
    """f buys c from host under a pay-as-you-go or subscription contract."""
    detach(model, f, c)
    model.mode[f, c] = Mode.BUY
    model.provider[f, c] = host
    model.contract[f, c] = contract
    model.subscription_fee[f, c] = fee
    resize_unit(model, host, c)


def set_join(model, f: int, c: int, lead: int) -> None:
    """f joins the joint unit led by lead (forming it if lead held the capability alone)."""
    detach(model, f, c)
    model.charge_setup(f, c)
    model.mode[lead, c] = Mode.JOINT_LEAD
    model.mode[f, c] = Mode.JOINT_MEMBER
    model.provider[f, c] = lead
    model.contract[f, c] = Contract.NONE
    resize_unit(model, lead, c)


def set_national(model, f: int, c: int) -> None:
    """f uses the national provider."""
    detach(model, f, c)
    model.mode[f, c] = Mode.NATIONAL
    model.provider[f, c] = -1
