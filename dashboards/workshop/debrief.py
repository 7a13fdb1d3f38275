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
from dashboards.workshop.session_log import DELEGATED, write_atomically
from dashboards.workshop.views import Snapshot
from dashboards.workshop.words import answered_by, money, plain, sentence, signed_money

#: The yearly figures a divergence was scored with when it was taken (log column, words).
SCORED = (
    ("cost_diff_gbp_m_a_year", "cost"),
    ("harm_diff_gbp_m_a_year", "harm"),
    ("stake_gbp_m_a_year", "value at stake"),
)
MAX_ROLES_REPLAYED = 12  # roles whose choices alone are replayed for the debrief (most divergences first)

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
    columns = ["role", "decisions", "answered by the room", "differed", "timed out", "left to the agent"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    used = frame[frame["status"] == "used"]
    grouped = used.groupby("role_label", sort=True)
    return pd.DataFrame(
        {
            "decisions": grouped.size(),
            "answered by the room": grouped["by"].apply(lambda s: int((s == "human").sum())),
            "differed": grouped["diverged"].apply(lambda s: int(s.astype(bool).sum())),
            "timed out": grouped["by"].apply(lambda s: int((s == "timed out").sum())),
            "left to the agent": grouped["by"].apply(lambda s: int((s == DELEGATED).sum())),
        }
    ).reset_index(names="role")[columns]


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


# ---------------------------------------------------------------------------- the room's effect, in words


def _used_divergences(snapshot: Snapshot) -> list[dict]:
    return [r for r in snapshot.answers if r["status"] == "used" and r["diverged"]]


def why_no_difference(snapshot: Snapshot) -> str:
    """Why the room's run is still the model's own (empty when it is not)."""
    if snapshot.played == 0:
        return "No quarter has been played yet: the runs are compared once the first round has closed."
    used = [r for r in snapshot.answers if r["status"] == "used"]
    if not _used_divergences(snapshot):
        answered = sum(r["by"] == "human" for r in used)
        return (
            f"No difference yet: in the {snapshot.played} quarters played the room answered {answered} "
            "decisions, each as the model's agent would have, so the room's run is the model's own."
        )
    return ""


def by_quarter(snapshot: Snapshot, engine: Engine) -> pd.DataFrame:
    """Each quarter played: the round the room played in it (if any), the decisions where the room
    differed from the agent, and the room's run minus the model's own in cost and harm (GBP m, that
    quarter and so far). A quarter's difference also carries the knock-on of earlier choices."""
    model = engine.model_run().recorder.model_series().set_index("step")
    room = snapshot.series.set_index("step") if not snapshot.series.empty else model.iloc[:0]
    rounds: dict[int, int] = {}
    differed: dict[int, int] = {}
    for r in snapshot.answers:
        if r["status"] == "used":
            rounds.setdefault(r["step"], r["round"])
            differed[r["step"]] = differed.get(r["step"], 0) + bool(r["diverged"])
    rows, cost_so_far, harm_so_far = [], 0.0, 0.0
    for step in range(1, snapshot.played + 1):
        if step not in room.index:
            continue
        cost = float(room.loc[step, "total_cost_gbp_m"] - model.loc[step, "total_cost_gbp_m"])
        harm = float(room.loc[step, "harm_value_gbp_m"] - model.loc[step, "harm_value_gbp_m"])
        cost_so_far, harm_so_far = cost_so_far + cost, harm_so_far + harm
        rows.append({"step": step, "quarter": str(room.loc[step, "quarter"]) if "quarter" in room else str(step),
                     "round": rounds.get(step), "differed": differed.get(step, 0), "cost": cost, "harm": harm,
                     "cost so far": cost_so_far, "harm so far": harm_so_far})  # fmt: skip
    return pd.DataFrame(
        rows, columns=["step", "quarter", "round", "differed", "cost", "harm", "cost so far", "harm so far"]
    )


def by_role(snapshot: Snapshot, engine: Engine) -> pd.DataFrame:
    """For each role whose answers differed from its agent's: the run so far with only that role's
    answers replayed, minus the model's own (GBP m). What one role's choices changed on their own;
    the roles' figures need not add up to the room's (choices interact: a refusal to sign undoes
    a chief's proposal). Up to ``MAX_ROLES_REPLAYED`` roles, most divergences first."""
    counts: dict[str, int] = {}
    labels: dict[str, str] = {}
    for r in _used_divergences(snapshot):
        counts[r["role"]] = counts.get(r["role"], 0) + 1
        labels[r["role"]] = r["role_label"]
    model = totals(engine.model_run().recorder.model_series(), snapshot.played)
    rows = []
    for role in sorted(counts, key=lambda x: (-counts[x], labels[x]))[:MAX_ROLES_REPLAYED]:
        alone = {k: rec for k, rec in snapshot.records.items() if rec.role == role}
        t = totals(engine.series_with(alone, snapshot.played), snapshot.played)
        rows.append({"role": labels[role], "differed": counts[role],
                     "cost": t["cost_gbp_m"] - model["cost_gbp_m"], "harm": t["harm_gbp_m"] - model["harm_gbp_m"]})  # fmt: skip
    return pd.DataFrame(rows, columns=["role", "differed", "cost", "harm"])


def decisions_in_words(snapshot: Snapshot, labels: list[str]) -> pd.DataFrame:
    """The decisions where the room chose differently from the agent, as a person reads them: the
    question, both choices, who answered, and the yearly figures as the agent's scoring saw them."""
    rows = []
    for r in _used_divergences(snapshot):
        figures = [
            f"{what} {signed_money(float(r[key]))} a year"
            for key, what in SCORED
            if r.get(key) is not None and r[key] == r[key]
        ]
        rows.append({
            "quarter": r["quarter"],
            "role": r["role_label"],
            "question": plain(r["question"], labels),
            "the room chose": sentence(plain(r["choice_label"], labels)),
            "the agent would have chosen": sentence(plain(r["model_choice_label"], labels)),
            "who": answered_by(r["by"], r.get("participants", "")),
            "as scored at the time": "; ".join(figures) or "no money figure",
        })  # fmt: skip
    return pd.DataFrame(rows, columns=["quarter", "role", "question", "the room chose",
                                       "the agent would have chosen", "who", "as scored at the time"])  # fmt: skip


def in_money(frame: pd.DataFrame, columns: list[str], signed: bool = True) -> pd.DataFrame:
    """``frame`` with GBP m columns written as money ("+£0.12m", "-£0.64m"), for a page."""
    out = frame.copy()
    for column in columns:
        out[column] = [signed_money(v, 1) if signed else money(v, 1) for v in frame[column]]
    return out
