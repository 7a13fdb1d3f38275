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
        _F, _C = model.mode.shape
        modes = reported_modes(model)
        self.served_last_year[model.steps % 4] = outcome.served  # a ring of the last four quarters
        served_year = self.served_last_year.sum(axis=0)
        uses_year = model.uses_last_year.sum(axis=0)
        units = model.teams > 0
        full_year = model.steps >= 4
        population = model.forces.population.sum()
        setup = model.setup_due.copy()
        net = outcome.net_cost + setup
        total = float(net.sum())

        mode_counts = np.stack([(modes == m).sum(axis=0) for m in range(len(REPORTED_MODES))], axis=1)
        assured_share = assured(model).sum(axis=0) / model.active.sum()
        low_use_units = np.where(
            units.sum(axis=0) > 0,
            (units & (uses_year < LOW_USE_PER_YEAR)).sum(axis=0) / np.maximum(units.sum(axis=0), 1),
            0.0,
        )
        live = model.active
        forces_lt10 = (served_year[live] < LOW_USE_PER_YEAR).mean(axis=0)
        forces_any = (served_year[live] > 0).mean(axis=0)
        unit_skill = np.where(
            units.sum(axis=0) > 0,
            (model.skill * units).sum(axis=0) / np.maximum(units.sum(axis=0), 1),
            np.nan,
        )
        nan_if_partial = 1.0 if full_year else np.nan
        self.capability_rows.append(
            np.column_stack(
                [
                    mode_counts,
                    assured_share,
                    units.sum(axis=0),
                    low_use_units * nan_if_partial,
                    forces_lt10 * nan_if_partial,
                    forces_any * nan_if_partial,
                    unit_skill,
                    outcome.demand.sum(axis=0),
                    outcome.served.sum(axis=0),
                    outcome.unmet.sum(axis=0),
                    outcome.harm.sum(axis=0),
                    outcome.capability_cost.sum(axis=0),
                ]
            )
        )

        to_forces_paid = float(outcome.paid.sum() - outcome.national_received)
        self.money_check.append((to_forces_paid, float(outcome.received.sum())))
        shared_units = int((modes == MODE_HOST).sum())
        joint_units = int((model.mode == Mode.JOINT_LEAD).sum())
        self.rows.append(
            {
                "step": model.steps,
                "quarter": model.quarter_label,
                "year": model.year,
                "total_cost_gbp_m": total,
                "cost_per_head_gbp": total * 4 * 1e6 / population,
                "harm_chi_days": float(outcome.harm.sum()),
                "harm_value_gbp_m": float(outcome.harm.sum()) * model.params.value_of_harm_gbp / 1e6,
                "demand": float(outcome.demand.sum()),
                "served": float(outcome.served.sum()),
                "unmet": float(outcome.unmet.sum()),
                "late": float(outcome.late.sum()),
                "assured_access": float(assured(model).sum() / (model.active.sum() * model.caps.count)),
                "gaps": int(((model.mode == Mode.NONE) & model.active[:, None]).sum()),
                "forces": int(model.active.sum()),
                "shared_units": shared_units,
                "joint_units": joint_units,
                "collaborations": int(((modes == MODE_BUY) | (modes == MODE_JOINT)).sum()),
                "negotiations": len(model.negotiations),
                "units": int(units.sum()),
                "low_use_units_share": float(
                    (units & (uses_year < LOW_USE_PER_YEAR)).sum() / max(units.sum(), 1)
                )
                * nan_if_partial,
                "setup_cost_gbp_m": float(setup.sum()),
                "transaction_cost_gbp_m": float(outcome.transaction_cost.sum()),
                "national_paid_gbp_m": outcome.national_received,
                "budget_gbp_m": float(model.budget().sum()),
                **{f"mode_{name}": int((modes == m).sum()) for m, name in enumerate(REPORTED_MODES)},
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
