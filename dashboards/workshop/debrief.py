"""The debrief: the room's choices beside the model's, and what the differences cost or saved.

Two kinds of number, kept apart on the page because they mean different things:

* **The run against the model's own run.** The same scenario and seed with every role played by
  the model's agents is the yardstick. Total cost and total harm (valued in GBP m) are summed over
  the quarters played so far, for both runs; and over the whole run, with the model's agents
  playing the quarters the room has not played. The difference is everything the room's choices
  changed, knock-on effects included (a partner's answer, a PCC's signature, an election).
* **Each divergence as it was scored.** For each decision where the room chose differently from
  the agent, the yearly cost and harm of the option chosen minus those of the agent's option, as
  the agent's own scoring saw them when the decision was taken (reviews); for a yes/no decision,
  the yearly value it turned on (a saving signed or refused, a gain accepted or declined). These
  are estimates per year at the time, not the outcome: the run totals are the outcome.
"""

from __future__ import annotations

import pandas as pd

from abm.runner import final_metrics
from dashboards.workshop.engine import totals

DIVERGENCE_COLUMNS = {
    "quarter": "quarter",
    "role_label": "role",
    "question": "question",
    "choice_label": "the room chose",
    "model_choice_label": "the model's agent would have chosen",
    "by": "answered by",
    "participants": "who",
    "cost_diff_gbp_m_a_year": "cost difference (£m a year)",
    "harm_diff_gbp_m_a_year": "harm difference (£m a year)",
    "stake_gbp_m_a_year": "value at stake (£m a year)",
    "effect_note": "what the figure is",
}


def decisions_frame(state) -> pd.DataFrame:
    """Every decision the room was asked (one row each), with its status in the log."""
    rows = [{**row, "choice": "; ".join(row["choice"]), "model_choice": "; ".join(row["model_choice"])}
            for row in state.answers]  # fmt: skip
    return pd.DataFrame(rows)


def votes_frame(state) -> pd.DataFrame:
    """Every participant's choice (one row per person per decision)."""
    rows = [{**row, "choice": "; ".join(row["choice"]), "model_choice": "; ".join(row["model_choice"])}
            for row in state.vote_rows]  # fmt: skip
    return pd.DataFrame(rows)


def divergences(state) -> pd.DataFrame:
    """The decisions the run used where the room's answer differs from the agent's own."""
    frame = decisions_frame(state)
    if frame.empty:
        return pd.DataFrame(columns=list(DIVERGENCE_COLUMNS.values()))
    used = frame[(frame["status"] == "used") & frame["diverged"].astype(bool)]
    return used[list(DIVERGENCE_COLUMNS)].rename(columns=DIVERGENCE_COLUMNS).reset_index(drop=True)


def summary_by_role(state) -> pd.DataFrame:
    """Per role: decisions the room answered, how many differed from the agent, how many timed out."""
    frame = decisions_frame(state)
    if frame.empty:
        return pd.DataFrame(columns=["role", "decisions", "answered by the room", "differed", "timed out"])
    used = frame[frame["status"] == "used"]
    grouped = used.groupby("role_label", sort=True)
    return pd.DataFrame(
        {
            "decisions": grouped.size(),
            "answered by the room": grouped["by"].apply(lambda s: int((s == "human").sum())),
            "differed": grouped["diverged"].apply(lambda s: int(s.astype(bool).sum())),
            "timed out": grouped["by"].apply(lambda s: int((s == "timed out").sum())),
        }
    ).reset_index(names="role")


def comparison(state) -> pd.DataFrame:
    """Cost and harm (GBP m) of the room's run and the model's own run: so far, and over the whole
    run with the model's agents playing the quarters not yet played."""
    engine = state.engine
    with state._lock:
        played = state.live.steps
        live_series = state.live.recorder.model_series()
        records = dict(state.records)
        cache_key = (tuple(sorted((k, r.choice) for k, r in records.items())), engine.steps)
        cached = getattr(state, "_whole_run_cache", None)
    model_series = engine.model_run().recorder.model_series()
    if cached is not None and cached[0] == cache_key:
        whole = cached[1]
    else:
        whole = engine.build(records, engine.steps).recorder.model_series()
        state._whole_run_cache = (cache_key, whole)
    rows = []
    for label, series, upto in (
        ("the room's run, so far", live_series, played),
        ("the model's own run, so far", model_series, played),
        ("the room's run, whole run (model plays the rest)", whole, engine.steps),
        ("the model's own run, whole run", model_series, engine.steps),
    ):
        t = totals(series, upto)
        rows.append(
            {"run": label, "quarters": upto, "cost (£m)": t["cost_gbp_m"], "harm (£m)": t["harm_gbp_m"]}
        )
    frame = pd.DataFrame(rows)
    return frame


def difference_lines(frame: pd.DataFrame) -> list[str]:
    """The comparison in two sentences."""
    lines = []
    for scope, room, model in (("so far", 0, 1), ("over the whole run", 2, 3)):
        cost = frame.loc[room, "cost (£m)"] - frame.loc[model, "cost (£m)"]
        harm = frame.loc[room, "harm (£m)"] - frame.loc[model, "harm (£m)"]
        lines.append(
            f"{scope.capitalize()} ({int(frame.loc[room, 'quarters'])} quarters), the room's choices "
            f"{'cost' if cost > 0 else 'saved'} £{abs(cost):,.1f}m and "
            f"{'added' if harm > 0 else 'avoided'} harm valued at £{abs(harm):,.1f}m, against the model's own agents."
        )
    return lines


def export_tables(state) -> dict[str, pd.DataFrame]:
    """The tables a workshop exports: its log, and its run's tables beside the model's own run."""
    model = state.live
    tables = {
        "workshop_decisions": decisions_frame(state),
        "workshop_votes": votes_frame(state),
        "model_series": model.recorder.model_series(),
        "events": model.events.frame(),
        "model_series_model_only": state.engine.model_run().recorder.model_series(),
    }
    if model.steps:
        tables["final"] = pd.DataFrame([final_metrics(model)])
    tables["comparison"] = comparison(state)
    return tables
