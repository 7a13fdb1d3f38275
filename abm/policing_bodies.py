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

from dataclasses import dataclass, replace
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
def _history() -> tuple[tuple[str, BodyChange], ...]:
    """The file's rows in date order, read once per process (a sweep builds thousands of models)."""
    frame = pd.read_csv(BODIES_PATH).sort_values(["from_year", "from_quarter"], kind="stable")
    return tuple(
        (
            row.force,
            BodyChange(
                -1, int(row.from_year), int(row.from_quarter) - 1, row.body, bool(row.new_office_holder)
            ),
        )
        for row in frame.itertuples(index=False)
    )


def body_schedule(
    names: tuple[str, ...], fallback: list[str], start_year: int
) -> tuple[list[str], dict[tuple[int, int], list[BodyChange]]]:
    """The body governing each force when the run starts, and the later changes keyed by
    (year, quarter). ``fallback`` is each force's type for forces the history does not know."""
    first_body = list(fallback)
    later: dict[tuple[int, int], list[BodyChange]] = {}
    position = {name: f for f, name in enumerate(names)}
    for name, dated in _history():
        f = position.get(name)
        if f is None:
            continue
        if dated.year < start_year:
            first_body[f] = dated.body
        else:
            later.setdefault((dated.year, dated.quarter), []).append(replace(dated, force=f))
    return first_body, later


#: Quarter of an election year in which the election falls (0 = Q1, April-June: May elections),
#: where it is not Q1: the first PCC elections were in November 2012 (Q3).
ELECTION_QUARTER = {2012: 2}


def is_election(year: int, quarter: int, election_years: tuple[int, ...]) -> bool:
    """Whether PCC (and mayoral) elections fall in this quarter of this year."""
    return year in election_years and quarter == ELECTION_QUARTER.get(year, 0)
