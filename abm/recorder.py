"""Outputs: tidy tables of what happened each quarter.

Three tables, all long ("tidy"): one row per quarter (``model_series``), per quarter and
capability (``capability_series``), per quarter, force and capability (``force_series``).
Each quarter appends a few arrays; tables are built on demand, so the step stays cheap.
Mesa's DataCollector is not used: it calls a Python function per agent per quarter,
which would dominate the cost of a run (see benchmarks/).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from abm.modes import REPORTED_MODES, SERVED_BY_PARTNER, Contract, Mode

#: A unit or force using a capability fewer times than this in a year counts as low use (seed 000).
LOW_USE_PER_YEAR = 10

MODE_HOLD, MODE_HOST, MODE_BUY, MODE_JOINT, MODE_NATIONAL, MODE_NONE, MODE_MERGED = range(7)


def reported_modes(model) -> np.ndarray:
    """The arrangement in users' words (hold / host / buy / joint / national / none / merged) as codes."""
    return reported_modes_of(model.mode, model.provider, model.active)


def reported_modes_of(mode: np.ndarray, provider: np.ndarray, active: np.ndarray) -> np.ndarray:
    """``reported_modes`` from stored arrays: (..., F, C) modes and providers, (..., F) active."""
    *lead, F, C = mode.shape
    routed = (provider >= 0) & (provider != np.arange(F)[:, None])
    # buyers per unit, counted over every leading index (quarter) at once
    offset = np.arange(int(np.prod(lead, dtype=int))).reshape(*lead, 1, 1) * F * C
    key = offset + np.where(routed, provider, 0) * C + np.arange(C)
    buying = routed & (mode == Mode.BUY)
    buyers = np.bincount(key[buying], minlength=mode.size).reshape(mode.shape)
    out = np.full(mode.shape, MODE_NONE, dtype=np.int8)
    out[mode == Mode.OWN] = MODE_HOLD
    out[(mode == Mode.OWN) & (buyers > 0)] = MODE_HOST
    out[mode == Mode.BUY] = MODE_BUY
    out[(mode == Mode.JOINT_LEAD) | (mode == Mode.JOINT_MEMBER)] = MODE_JOINT
    out[mode == Mode.NATIONAL] = MODE_NATIONAL
    out[~np.broadcast_to(active[..., None], mode.shape)] = MODE_MERGED
    return out


def _books(model) -> list[tuple[str, float]]:
    """The forces' books summed: local-policing officers and staff, reserves, workforce cost."""
    books = [agent.books for agent in model.force_agents]
    return [
        ("officers", sum(b.officers for b in books)),
        ("staff", sum(b.staff for b in books)),
        ("reserves", sum(b.reserves_gbp_m for b in books)),
        ("workforce", sum(b.workforce_gbp_m for b in books)),
        ("nonpay", sum(b.nonpay_gbp_m for b in books)),
    ]


def _episodes(on: np.ndarray, partner: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Spells (start quarter, force, capability, last quarter) of ``on`` (T, F, C) with the same
    ``partner``: a spell starts where it is on and was not, with that partner, a quarter before."""
    same = np.zeros_like(on)
    same[1:] = on[:-1] & (partner[1:] == partner[:-1])
    found = []
    for t, f, c in np.argwhere(on & ~same):
        end = t
        while end + 1 < len(on) and on[end + 1, f, c] and partner[end + 1, f, c] == partner[t, f, c]:
            end += 1
        found.append((int(t), int(f), int(c), int(end)))
    return found


def last_year(quarters: np.ndarray) -> np.ndarray:
    """Sum over each quarter and the three before it (fewer at the start): (T, ...) to (T, ...)."""
    total = quarters.copy()
    for lag in (1, 2, 3):
        total[lag:] += quarters[:-lag]
    return total


class Recorder:
    """Keeps each quarter's arrays (a few copies: the step stays cheap); builds the tables when asked."""

    #: columns of the force table (``mode`` is derived from the stored arrangement)
    FORCE_FIELDS = (
        "mode", "provider", "regional", "demand", "demand_level1", "demand_level2", "demand_level3", "served",
        "unmet", "late", "harm", "cost", "response_min",
    )  # fmt: skip
    #: stored per quarter: (F, C) arrays, then (F,) arrays
    ARRAYS = (
        "arrangement",
        "provider",
        "contract",
        "teams",
        "skill",
        "unit_uses",
        "demand",
        "served",
        "unmet",
        "late",
        "harm",
        "cost",
        "response_min",
        "active",
        "net_cost",
        "setup",
        "alliance",
        "member",
        "demand_by_level",
        "regional_host",
        "regional_teams",
    )
    #: stored per quarter: single values
    SCALARS = (
        "step",
        "quarter",
        "year",
        "population",
        "transaction",
        "national",
        "budget",
        "negotiations",
        "officers",
        "staff",
        "reserves",
        "workforce",
        "nonpay",
    )

    def __init__(self, model) -> None:
        self.force_arrays: dict[str, list[np.ndarray]] = {name: [] for name in self.ARRAYS}
        self.scalars: dict[str, list] = {name: [] for name in self.SCALARS}
        self.money_check: list[tuple[float, float]] = []  # (paid to forces, received by forces)
        self.value_of_harm_gbp_m = model.params.value_of_harm_gbp / 1e6
        self._cache: dict[str, Any] = {}  # tables and their arrays, until the next quarter

    def record(self, model, outcome) -> None:
        """Append this quarter."""
        arrays = self.force_arrays
        arr = model.arrangements
        for name, value in (
            ("arrangement", arr.mode.copy()),
            ("provider", arr.provider.copy()),
            ("contract", arr.contract.copy()),
            ("teams", arr.teams.copy()),
            ("skill", arr.skill.copy()),
            ("unit_uses", outcome.unit_uses),
            ("active", model.active.copy()),
            ("net_cost", outcome.net_cost),
            ("setup", arr.setup_due.copy()),
            ("alliance", arr.alliance.copy()),
            ("member", arr.member.copy()),
            ("demand_by_level", outcome.demand_by_level),
            ("regional_host", arr.regional_host.copy()),
            ("regional_teams", arr.regional_teams.copy()),
            ("demand", outcome.demand),
            ("served", outcome.served),
            ("unmet", outcome.unmet),
            ("late", outcome.late),
            ("harm", outcome.harm),
            ("cost", outcome.capability_cost),
            ("response_min", outcome.response_min),
        ):
            arrays[name].append(value)
        for name, value in (
            ("step", model.steps),
            ("quarter", model.quarter_label),
            ("year", model.year),
            ("population", model.forces.population.sum()),
            ("transaction", float(outcome.transaction_cost.sum())),
            ("national", outcome.national_received),
            ("budget", float(model.budgets().sum())),
            ("negotiations", len(model.negotiations)),
            *_books(model),
        ):
            self.scalars[name].append(value)
        self.money_check.append(
            (float(outcome.paid.sum() - outcome.national_received), float(outcome.received.sum()))
        )
        self._cache.clear()

    # --- tables ----------------------------------------------------------------------------
    def _stacked(self) -> dict[str, np.ndarray]:
        """Every stored array stacked over quarters, and the derived arrays the tables share."""
        if "stacked" in self._cache:
            return self._cache["stacked"]
        got = {name: np.stack(values) for name, values in self.force_arrays.items()}
        got["mode"] = reported_modes_of(got["arrangement"], got["provider"], got["active"])
        got["regional"] = got["member"] & got["active"][:, :, None]
        for level in range(3):
            got[f"demand_level{level + 1}"] = got["demand_by_level"][..., level]
        got["units"] = got["teams"] > 0
        got["low_use"] = got["units"] & (last_year(got["unit_uses"]) < LOW_USE_PER_YEAR)
        live = got["active"][:, :, None]
        got["live_count"] = got["active"].sum(axis=1)  # (T,)
        served_year = last_year(got["served"])
        got["lt10"] = ((served_year < LOW_USE_PER_YEAR) & live).sum(axis=1) / got["live_count"][:, None]
        got["any"] = ((served_year > 0) & live).sum(axis=1) / got["live_count"][:, None]
        payg = (got["arrangement"] == Mode.BUY) & (got["contract"] == Contract.PAYG)
        got["assured"] = (got["arrangement"] != Mode.NONE) & ~payg & live
        got["partial"] = np.where(
            np.array(self.scalars["step"]) >= 4, 1.0, np.nan
        )  # yearly shares need a year
        T, _F, C = got["mode"].shape
        M = len(REPORTED_MODES)
        key = np.arange(T)[:, None, None] * M * C + got["mode"].astype(int) * C + np.arange(C)
        got["mode_counts"] = np.bincount(key.ravel(), minlength=T * M * C).reshape(T, M, C)
        self._cache["stacked"] = got
        return got

    def model_series(self) -> pd.DataFrame:
        """One row per quarter (cached until the next quarter is recorded)."""
        if not self.scalars["step"]:
            return pd.DataFrame()
        if "model" not in self._cache:
            self._cache["model"] = pd.DataFrame(self.model_columns())
        return self._cache["model"]

    def model_columns(self) -> dict[str, np.ndarray]:
        """The columns of ``model_series`` as arrays (for callers that need no table)."""
        if "model_columns" in self._cache:
            return self._cache["model_columns"]
        got = self._stacked()
        sc = {name: np.array(values) for name, values in self.scalars.items()}
        C = got["mode"].shape[2]
        per_mode = got["mode_counts"].sum(axis=2)  # (T, modes)
        total = (got["net_cost"] + got["setup"]).sum(axis=1)
        harm = got["harm"].sum(axis=(1, 2))
        units = got["units"].sum(axis=(1, 2))
        forces = got["live_count"]
        columns = {
            "step": sc["step"],
            "quarter": sc["quarter"],
            "year": sc["year"],
            "total_cost_gbp_m": total,
            "cost_per_head_gbp": total * 4 * 1e6 / sc["population"],
            "harm_chi_days": harm,
            "harm_value_gbp_m": harm * self.value_of_harm_gbp_m,
            "demand": got["demand"].sum(axis=(1, 2)),
            "served": got["served"].sum(axis=(1, 2)),
            "unmet": got["unmet"].sum(axis=(1, 2)),
            "late": got["late"].sum(axis=(1, 2)),
            "assured_access": got["assured"].sum(axis=(1, 2)) / (forces * C),
            # no access at all: no local provider and no regional unit to escalate to
            "gaps": ((got["arrangement"] == Mode.NONE) & ~got["regional"] & got["active"][:, :, None]).sum(
                axis=(1, 2)
            ),
            "regional_memberships": got["regional"].sum(axis=(1, 2)),
            "regional_units": (got["regional_teams"] > 0).sum(axis=(1, 2)),
            "forces": forces,
            "shared_units": per_mode[:, MODE_HOST],
            "joint_units": (got["arrangement"] == Mode.JOINT_LEAD).sum(axis=(1, 2)),
            "collaborations": per_mode[:, MODE_BUY] + per_mode[:, MODE_JOINT],
            "negotiations": sc["negotiations"],
            "units": units,
            "low_use_units_share": got["low_use"].sum(axis=(1, 2)) / np.maximum(units, 1) * got["partial"],
            "setup_cost_gbp_m": got["setup"].sum(axis=1),
            "transaction_cost_gbp_m": sc["transaction"],
            "national_paid_gbp_m": sc["national"],
            "budget_gbp_m": sc["budget"],
            "officers": sc["officers"],
            "staff": sc["staff"],
            "reserves_gbp_m": sc["reserves"],
            "workforce_gbp_m": sc["workforce"],
            "nonpay_gbp_m": sc["nonpay"],
            **{f"mode_{name}": per_mode[:, m] for m, name in enumerate(REPORTED_MODES)},
        }
        self._cache["model_columns"] = columns
        return columns

    def arrangement_changes(self) -> tuple[int, int, int]:
        """How stable collaboration was over the run: (arrangements shared with another force in
        the first quarter, how many of them are still with the same partner in the last, how many
        times any shared arrangement ended: the force left its host or joint unit)."""
        if not self.scalars["step"]:
            return 0, 0, 0
        arrangement = np.stack(self.force_arrays["arrangement"])
        provider = np.stack(self.force_arrays["provider"])
        active = np.stack(self.force_arrays["active"])[:, :, None]
        shared = SERVED_BY_PARTNER.mask(arrangement)
        kept = shared[0] & shared[-1] & (provider[-1] == provider[0])
        ended = shared[:-1] & (provider[1:] != provider[:-1]) & active[1:]
        return int(shared[0].sum()), int(kept.sum()), int(ended.sum())

    def collaborations(self, model) -> pd.DataFrame:
        """Every collaboration over the run, one row per force, capability and partner for as long
        as it lasted: a force served by a partner's unit in its local tier (a strategic alliance,
        another joint unit, or a purchase; ``partner`` the unit's host), or a force belonging to its
        region's unit (a regional unit; ``partner`` the unit's host when the membership began);
        the quarters it started and ended (``end_step`` empty while it lasts), and, for an
        alliance, its id."""
        columns = ["force", "partner", "capability", "kind", "start_step", "end_step", "alliance"]
        if not self.scalars["step"]:
            return pd.DataFrame(columns=columns)
        mode = np.stack(self.force_arrays["arrangement"])
        provider = np.stack(self.force_arrays["provider"])
        alliance = np.stack(self.force_arrays["alliance"])
        steps = np.array(self.scalars["step"])
        names = model.forces.names
        rows = []
        for t, f, c, end in _episodes(SERVED_BY_PARTNER.mask(mode), provider):
            kind = (
                "alliance"
                if alliance[t, f, c] >= 0
                else "purchase"
                if mode[t, f, c] == Mode.BUY
                else "joint unit"
            )
            rows.append((f, int(provider[t, f, c]), c, kind, t, end, int(alliance[t, f, c])))
        member = np.stack(self.force_arrays["member"])
        host = np.stack(self.force_arrays["regional_host"])
        region = model.arrangements.region
        for t, f, c, end in _episodes(member, np.zeros_like(provider)):
            rows.append((f, int(host[t, region[f], c]), c, "regional unit", t, end, -1))
        frame = pd.DataFrame(
            [
                (names[f], names[p] if p >= 0 else "", model.caps.names[c], kind, int(steps[t]),
                 int(steps[end]) + 1 if end + 1 < len(steps) else None, a)
                for f, p, c, kind, t, end, a in rows
            ],
            columns=columns,
        )  # fmt: skip
        frame["end_step"] = frame["end_step"].astype("Int64")
        return frame

    def capability_series(self, model) -> pd.DataFrame:
        """One row per quarter and capability (cached until the next quarter is recorded)."""
        if "capability" not in self._cache:
            self._cache["capability"] = pd.DataFrame(self.capability_columns(model))
        return self._cache["capability"]

    def capability_columns(self, model) -> dict[str, np.ndarray]:
        """The columns of ``capability_series`` as arrays (for callers that need no table)."""
        columns = [f"mode_{m}" for m in REPORTED_MODES] + [
            "assured_access",
            "units",
            "regional_members",
            "regional_units",
            "low_use_units_share",
            "forces_used_lt10_share",
            "forces_used_any_share",
            "mean_unit_skill",
            "demand",
            "served",
            "unmet",
            "harm_chi_days",
            "cost_gbp_m",
        ]
        steps = len(self.scalars["step"])
        if steps == 0:
            return {name: np.array([]) for name in ("step", "capability", *columns)}
        if "capability_columns" in self._cache:
            return self._cache["capability_columns"]
        got = self._stacked()
        partial = got["partial"][:, None]
        unit_count = got["units"].sum(axis=1)  # (T, C)
        per_unit = 1.0 / np.maximum(unit_count, 1)
        skill = np.where(unit_count > 0, (got["skill"] * got["units"]).sum(axis=1) * per_unit, np.nan)
        blocks = [
            *np.moveaxis(got["mode_counts"], 1, 0),
            got["assured"].sum(axis=1) / got["live_count"][:, None],
            unit_count,
            got["regional"].sum(axis=1),
            (got["regional_teams"] > 0).sum(axis=1),
            got["low_use"].sum(axis=1) * per_unit * partial,
            got["lt10"] * partial,
            got["any"] * partial,
            skill,
            *(got[name].sum(axis=1) for name in ("demand", "served", "unmet", "harm", "cost")),
        ]
        data = np.stack(blocks, axis=2).reshape(-1, len(columns))
        C = model.caps.count
        table = {
            "step": np.repeat(np.arange(1, steps + 1), C),
            "capability": np.tile(np.array(model.caps.names), steps),
            **{name: data[:, i] for i, name in enumerate(columns)},
        }
        self._cache["capability_columns"] = table
        return table

    def force_series(self, model) -> pd.DataFrame:
        """One row per quarter, force and capability."""
        steps = len(self.scalars["step"])
        F, C = model.mode.shape
        if steps == 0:
            return pd.DataFrame(columns=["step", "force", "capability", *self.FORCE_FIELDS])
        got = self._stacked()
        ids = np.array(model.forces.ids)
        frame = pd.DataFrame(
            {
                "step": np.repeat(np.arange(1, steps + 1), F * C),
                "force": np.tile(np.repeat(ids, C), steps),
                "capability": np.tile(np.array(model.caps.names), steps * F),
            }
        )
        for name in self.FORCE_FIELDS:
            frame[name] = got[name].reshape(-1)
        frame["mode"] = pd.Categorical.from_codes(frame["mode"].astype(int), REPORTED_MODES)
        provider = frame["provider"].to_numpy()
        frame["provider"] = np.where(provider >= 0, ids[np.maximum(provider, 0)], "")
        return frame
