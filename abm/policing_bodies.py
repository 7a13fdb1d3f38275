"""Which body governs each force area, quarter by quarter, on the real dates.

Police authorities until the first PCC elections of November 2012; then PCCs, four of which
took on fire governance (PFCCs, Policing and Crime Act 2017), and mayors who took over PCC
functions (London through MOPAC 2012, Greater Manchester 2017, West Yorkshire 2021, South
Yorkshire and York and North Yorkshire 2024). The City of London's Common Council throughout.
The dates are read from ``abm/data/policing_bodies.csv``, which ``tools/build_forces_table.py``
derives from the governance column of the compiled public facts (``abm/data/SOURCES.md``).
Forces not in that file (synthetic tables) keep the type their own table gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

BODIES_PATH = Path(__file__).with_name("data") / "policing_bodies.csv"


@dataclass(frozen=True)
class BodyChange:
    """From ``year``'s quarter ``quarter`` (0 = April-June), ``body`` governs ``force``."""

    force: int
    year: int
    quarter: int
    body: str
    new_office_holder: bool  # False when the same person takes on more (a PCC becoming a PFCC)


@cache
def _history() -> pd.DataFrame:
    return pd.read_csv(BODIES_PATH)


def body_schedule(
    names: tuple[str, ...], fallback: list[str], start_year: int
) -> tuple[list[str], dict[tuple[int, int], list[BodyChange]]]:
    """The body governing each force when the run starts, and the later changes keyed by
    (year, quarter). ``fallback`` is each force's type for forces the history does not know."""
    history = _history()
    first_body = list(fallback)
    later: dict[tuple[int, int], list[BodyChange]] = {}
    position = {name: f for f, name in enumerate(names)}
    for row in history.sort_values(["from_year", "from_quarter"]).itertuples(index=False):
        f = position.get(row.force)
        if f is None:
            continue
        change = BodyChange(
            f, int(row.from_year), int(row.from_quarter) - 1, row.body, bool(row.new_office_holder)
        )
        if change.year < start_year:
            first_body[f] = change.body
        else:
            later.setdefault((change.year, change.quarter), []).append(change)
    return first_body, later
