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

import os
from pathlib import Path

import pandas as pd

from dashboards.workshop.engine import Engine, totals
from dashboards.workshop.session_log import write_atomically
from dashboards.workshop.views import Snapshot

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


def _frame(rows: list[dict]) -> pd.DataFrame:
    """Log rows as a table, each choice as one text ("a; b")."""
    return pd.DataFrame(
        [
            {**row, "choice": "; ".join(row["choice"]), "model_choice": "; ".join(row["model_choice"])}
            for row in rows
        ]
    )


def decisions_frame(snapshot: Snapshot) -> pd.DataFrame:
    """Every decision the room was asked (one row each), with its status in the log."""
    return _frame(snapshot.answers)


def votes_frame(snapshot: Snapshot) -> pd.DataFrame:
    """Every participant's choice (one row per person per decision)."""
    return _frame(snapshot.votes)


def divergences(snapshot: Snapshot) -> pd.DataFrame:
    """The decisions the run used where the room's answer differs from the agent's own."""
    frame = decisions_frame(snapshot)
    if frame.empty:
        return pd.DataFrame(columns=list(DIVERGENCE_COLUMNS.values()))
    used = frame[(frame["status"] == "used") & frame["diverged"].astype(bool)]
    return used[list(DIVERGENCE_COLUMNS)].rename(columns=DIVERGENCE_COLUMNS).reset_index(drop=True)


def summary_by_role(snapshot: Snapshot) -> pd.DataFrame:
    """Per role: decisions the room answered, how many differed from the agent, how many timed out."""
    frame = decisions_frame(snapshot)
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


def comparison(snapshot: Snapshot, engine: Engine) -> pd.DataFrame:
    """Cost and harm (GBP m) of the room's run and the model's own run: so far, and over the whole
    run with the model's agents playing the quarters not yet played. Rebuilding the whole run takes
    a while: it reads only the snapshot, so the workshop goes on meanwhile."""
    model_series = engine.model_run().recorder.model_series()
    whole = engine.whole_run(snapshot.records)
    played = snapshot.played
    rows = []
    for label, series, upto in (
        ("the room's run, so far", snapshot.series, played),
        ("the model's own run, so far", model_series, played),
        ("the room's run, whole run (model plays the rest)", whole, engine.steps),
        ("the model's own run, whole run", model_series, engine.steps),
    ):
        t = totals(series, upto)
        rows.append(
            {"run": label, "quarters": upto, "cost (£m)": t["cost_gbp_m"], "harm (£m)": t["harm_gbp_m"]}
        )
    return pd.DataFrame(rows)


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


def export_tables(snapshot: Snapshot, engine: Engine) -> dict[str, pd.DataFrame]:
    """The tables a workshop exports: its log, and its run's tables beside the model's own run."""
    tables = {
        "workshop_decisions": decisions_frame(snapshot),
        "workshop_votes": votes_frame(snapshot),
        "model_series": snapshot.series,
        "events": snapshot.events,
        "model_series_model_only": engine.model_run().recorder.model_series(),
    }
    if snapshot.final is not None:
        tables["final"] = pd.DataFrame([snapshot.final])
    tables["comparison"] = comparison(snapshot, engine)
    return tables


def export(snapshot: Snapshot, engine: Engine, log_text: str, folder: Path) -> list[Path]:
    """Write the export tables, as CSV and Parquet, and the session log (``log_text``) to ``folder``;
    returns the files written. Each file is written whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in export_tables(snapshot, engine).items():
        for suffix in ("csv", "parquet"):
            target = folder / f"{name}.{suffix}"
            tmp = target.with_name(f".{target.name}.tmp")
            if suffix == "csv":
                frame.to_csv(tmp, index=False)
            else:
                frame.to_parquet(tmp, index=False)
            os.replace(tmp, target)
            written.append(target)
    log_copy = folder / "workshop_log.json"
    write_atomically(log_copy, log_text)
    written.append(log_copy)
    return written
