"""Outputs: tidy tables of what happened each quarter.

Three tables, all long ("tidy"): one row per quarter (``model_series``), per quarter and
capability (``capability_series``), per quarter, force and capability (``force_series``).
Each quarter appends a few arrays; tables are built on demand, so the step stays cheap.
Mesa's DataCollector is not used: it calls a Python function per agent per quarter,
which would dominate the cost of a run (see benchmarks/).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from abm.modes import REPORTED_MODES, Contract, Mode

#: A unit or force using a capability fewer times than this in a year counts as low use (seed 000).
LOW_USE_PER_YEAR = 10

MODE_HOLD, MODE_HOST, MODE_BUY, MODE_JOINT, MODE_NATIONAL, MODE_NONE, MODE_MERGED = range(7)


def reported_modes(model) -> np.ndarray:
    """The arrangement in users' words (hold / host / buy / joint / national / none) as codes."""
    F, C = model.mode.shape
    mode = model.mode
    routed = (model.provider >= 0) & (model.provider != np.arange(F)[:, None])
    host = np.where(routed, model.provider, 0)
    key = host * C + np.arange(C)[None, :]
    buyers = np.bincount(key[routed & (mode == Mode.BUY)], minlength=F * C).reshape(F, C)
    out = np.full((F, C), MODE_NONE, dtype=np.int8)
    out[mode == Mode.OWN] = MODE_HOLD
    out[(mode == Mode.OWN) & (buyers > 0)] = MODE_HOST
    out[mode == Mode.BUY] = MODE_BUY
    out[(mode == Mode.JOINT_LEAD) | (mode == Mode.JOINT_MEMBER)] = MODE_JOINT
    out[mode == Mode.NATIONAL] = MODE_NATIONAL
    out[~model.active] = MODE_MERGED
    return out


def assured(model) -> np.ndarray:
    """Access that does not depend on a host's spare capacity: all but pay-as-you-go and gaps."""
    payg = (model.mode == Mode.BUY) & (model.contract == Contract.PAYG)
    return (model.mode != Mode.NONE) & ~payg & model.active[:, None]


class Recorder:
    """Collects each quarter's arrays; builds the tables when asked."""

    FORCE_FIELDS = ("mode", "provider", "demand", "served", "unmet", "late", "harm", "cost", "response_min")

    def __init__(self, model) -> None:
        self.rows: list[dict[str, float]] = []
        self.capability_rows: list[np.ndarray] = []  # (C, k) per quarter
        self.force_arrays: dict[str, list[np.ndarray]] = {name: [] for name in self.FORCE_FIELDS}
        self.served_last_year = np.zeros((4, *model.mode.shape))
        self.money_check: list[tuple[float, float]] = []  # (paid to forces, received by forces)

    def record(self, model, outcome) -> None:
        """Append this quarter: per-capability sums from a few whole-array operations (the step
        must stay cheap; tables are built on demand)."""
        C = model.caps.count
        modes = reported_modes(model)
        self.served_last_year[model.steps % 4] = outcome.served  # a ring of the last four quarters
        live = model.active
        forces = int(live.sum())
        served_year = self.served_last_year.sum(axis=0)[live]
        units = model.teams > 0
        low_use = units & (model.uses_last_year.sum(axis=0) < LOW_USE_PER_YEAR)
        partial = 1.0 if model.steps >= 4 else np.nan  # yearly shares need a full year
        setup = model.setup_due.copy()
        total = float((outcome.net_cost + setup).sum())
        assured_access = assured(model).sum(axis=0)

        mode_counts = np.bincount((modes * C + np.arange(C)).ravel(), minlength=len(REPORTED_MODES) * C)
        mode_counts = mode_counts.reshape(len(REPORTED_MODES), C)
        unit_count = units.sum(axis=0)
        per_unit = 1.0 / np.maximum(unit_count, 1)
        by_capability = np.stack(
            [
                outcome.demand.sum(axis=0),
                outcome.served.sum(axis=0),
                outcome.unmet.sum(axis=0),
                outcome.harm.sum(axis=0),
                outcome.capability_cost.sum(axis=0),
            ],
            axis=1,
        )
        self.capability_rows.append(
            np.column_stack(
                [
                    mode_counts.T,
                    assured_access / forces,
                    unit_count,
                    low_use.sum(axis=0) * per_unit * partial,
                    (served_year < LOW_USE_PER_YEAR).mean(axis=0) * partial,
                    (served_year > 0).mean(axis=0) * partial,
                    np.where(unit_count > 0, (model.skill * units).sum(axis=0) * per_unit, np.nan),
                    by_capability,
                ]
            )
        )

        self.money_check.append(
            (float(outcome.paid.sum() - outcome.national_received), float(outcome.received.sum()))
        )
        totals = by_capability.sum(axis=0)
        per_mode = mode_counts.sum(axis=1)
        harm = float(totals[3])
        self.rows.append(
            {
                "step": model.steps,
                "quarter": model.quarter_label,
                "year": model.year,
                "total_cost_gbp_m": total,
                "cost_per_head_gbp": total * 4 * 1e6 / model.forces.population.sum(),
                "harm_chi_days": harm,
                "harm_value_gbp_m": harm * model.params.value_of_harm_gbp / 1e6,
                "demand": float(totals[0]),
                "served": float(totals[1]),
                "unmet": float(totals[2]),
                "late": float(outcome.late.sum()),
                "assured_access": float(assured_access.sum() / (forces * C)),
                "gaps": int(((model.mode == Mode.NONE) & live[:, None]).sum()),
                "forces": forces,
                "shared_units": int(per_mode[MODE_HOST]),
                "joint_units": int((model.mode == Mode.JOINT_LEAD).sum()),
                "collaborations": int(per_mode[MODE_BUY] + per_mode[MODE_JOINT]),
                "negotiations": len(model.negotiations),
                "units": int(unit_count.sum()),
                "low_use_units_share": float(low_use.sum() / max(unit_count.sum(), 1)) * partial,
                "setup_cost_gbp_m": float(setup.sum()),
                "transaction_cost_gbp_m": float(outcome.transaction_cost.sum()),
                "national_paid_gbp_m": outcome.national_received,
                "budget_gbp_m": float(model.budget().sum()),
                **{f"mode_{name}": int(per_mode[m]) for m, name in enumerate(REPORTED_MODES)},
            }
        )
        for name, value in (
            ("mode", modes),
            ("provider", model.provider.copy()),
            ("demand", outcome.demand),
            ("served", outcome.served),
            ("unmet", outcome.unmet),
            ("late", outcome.late),
            ("harm", outcome.harm),
            ("cost", outcome.capability_cost),
            ("response_min", outcome.response_min),
        ):
            self.force_arrays[name].append(value)

    # --- tables ----------------------------------------------------------------------------
    def model_series(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows)

    def capability_series(self, model) -> pd.DataFrame:
        columns = [f"mode_{m}" for m in REPORTED_MODES] + [
            "assured_access",
            "units",
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
        if not self.capability_rows:
            return pd.DataFrame(columns=["step", "capability", *columns])
        data = np.concatenate(self.capability_rows)
        frame = pd.DataFrame(data, columns=columns)
        steps = len(self.capability_rows)
        C = model.caps.count
        frame.insert(0, "capability", np.tile(np.array(model.caps.names), steps))
        frame.insert(0, "step", np.repeat(np.arange(1, steps + 1), C))
        return frame

    def force_series(self, model) -> pd.DataFrame:
        steps = len(self.force_arrays["mode"])
        F, C = model.mode.shape
        if steps == 0:
            return pd.DataFrame(columns=["step", "force", "capability", *self.FORCE_FIELDS])
        ids = np.array(model.forces.ids)
        frame = pd.DataFrame(
            {
                "step": np.repeat(np.arange(1, steps + 1), F * C),
                "force": np.tile(np.repeat(ids, C), steps),
                "capability": np.tile(np.array(model.caps.names), steps * F),
            }
        )
        for name in self.FORCE_FIELDS:
            frame[name] = np.stack(self.force_arrays[name]).reshape(-1)
        frame["mode"] = pd.Categorical.from_codes(frame["mode"].astype(int), REPORTED_MODES)
        provider = frame["provider"].to_numpy()
        frame["provider"] = np.where(provider >= 0, ids[np.maximum(provider, 0)], "")
        return frame
