"""Rebuild ``abm/data/forces.csv`` from the compiled public facts in ``../shared/data``.

Why a script: the project's table must stay traceable to the compiled source
(every column's origin is listed in ``abm/data/SOURCES.md``). Run it only when the
shared facts change; the model reads the checked-in CSV, never ``../shared``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "forces_facts.csv"
OUT = ROOT / "abm" / "data" / "forces.csv"
BODIES_OUT = ROOT / "abm" / "data" / "policing_bodies.csv"

#: Police authorities governed every force area outside London from the Police Act 1964 until
#: the first PCC elections of November 2012 (shared/data/README.md: "PCC elections: Nov 2012").
POLICE_AUTHORITY_FROM = 1964
FIRST_PCC_ELECTION = (2012, 11)
MONTHS = {
    name: i
    for i, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), start=1
    )
}

#: Short ids: upper-case letters used on the tile map and in logs.
SHORT_IDS = {
    "Avon and Somerset": "ASP",
    "Bedfordshire": "BED",
    "Cambridgeshire": "CAM",
    "Cheshire": "CHE",
    "City of London": "COL",
    "Cleveland": "CLE",
    "Cumbria": "CUM",
    "Derbyshire": "DER",
    "Devon and Cornwall": "DCP",
    "Dorset": "DOR",
    "Durham": "DUR",
    "Dyfed-Powys": "DYP",
    "Essex": "ESX",
    "Gloucestershire": "GLO",
    "Greater Manchester": "GMP",
    "Gwent": "GWE",
    "Hampshire": "HAM",
    "Hertfordshire": "HER",
    "Humberside": "HUM",
    "Kent": "KEN",
    "Lancashire": "LAN",
    "Leicestershire": "LEI",
    "Lincolnshire": "LIN",
    "Merseyside": "MER",
    "Metropolitan Police": "MET",
    "Norfolk": "NFK",
    "North Wales": "NWA",
    "North Yorkshire": "NYP",
    "Northamptonshire": "NTH",
    "Northumbria": "NBR",
    "Nottinghamshire": "NOT",
    "South Wales": "SWA",
    "South Yorkshire": "SYP",
    "Staffordshire": "STA",
    "Suffolk": "SUF",
    "Surrey": "SUR",
    "Sussex": "SUS",
    "Thames Valley": "TVP",
    "Warwickshire": "WAR",
    "West Mercia": "WME",
    "West Midlands": "WMP",
    "West Yorkshire": "WYP",
    "Wiltshire": "WIL",
}


def governance_type(text: str) -> str:
    """Collapse the descriptive governance column to PCC / PFCC / mayor / other."""
    if text.startswith("Mayor") or "Mayor holds" in text:
        return "mayor"
    if text.startswith("PFCC"):
        return "PFCC"
    if text.startswith("PCC"):
        return "PCC"
    return "other"


def police_quarter(year: int, month: int | None) -> tuple[int, int]:
    """(financial year, quarter 1-4) of a date; quarter 1 is April-June. A date given only as a
    year is taken as its April: transfers of PCC functions start with the financial year or at
    the May elections."""
    if month is None:
        return year, 1
    if month <= 3:
        return year - 1, 4
    return year, (month - 4) // 3 + 1


def dated(text: str) -> tuple[int, int | None]:
    """Year and month (if any) of a date written "May 2024", "Oct 2017", "~2019" or "2012"."""
    match = re.fullmatch(r"~?(?:([A-Z][a-z]{2}) )?(\d{4})", text.strip())
    if match is None:
        raise ValueError(f"unreadable date {text!r}")
    month, year = match.groups()
    return int(year), MONTHS[month] if month else None


def body_changes(detail: str) -> list[tuple[int, int, str, bool]]:
    """Who governed the force area and from when, read from the governance column's words:
    rows of (financial year, quarter, body, whether a new office-holder took over)."""
    if governance_type(detail) == "other":
        return [(POLICE_AUTHORITY_FROM, 1, "other", True)]
    changes = [(POLICE_AUTHORITY_FROM, 1, "police authority", True)]
    events: list[tuple[tuple[int, int], str]] = [(police_quarter(*FIRST_PCC_ELECTION), "PCC")]
    if found := re.search(r"fire since ([^),;]+)", detail):
        events.append((police_quarter(*dated(found.group(1))), "PFCC"))
    if found := re.search(r"PFCC (\w{3} \d{4})-", detail):
        events.append((police_quarter(*dated(found.group(1))), "PFCC"))
    if governance_type(detail) == "mayor":
        found = re.search(r"\(since ([^)]+)\)", detail)
        events.append((police_quarter(*dated(found.group(1))), "mayor"))
    for when, body in sorted(events):
        current = changes[-1][2]
        if body == "PCC" and current != "police authority":
            continue  # London's mayor took over from its police authority before the PCC elections
        # a PCC taking on fire governance stays in office; any other change brings a new office-holder
        changes.append((*when, body, body != "PFCC"))
    return changes


def rocu_short(text: str) -> str:
    """Keep the unit's short name; London has none (the Met provides these capabilities)."""
    if text.startswith("none"):
        return "London"
    return re.split(r"[ /]", text)[0]


def main() -> int:
    raw = pd.read_csv(SHARED)
    table = pd.DataFrame(
        {
            "force_id": raw["force"].map(SHORT_IDS),
            "force": raw["force"],
            "ons_code": raw["ons_code"],
            "region": raw["region"],
            "rocu": raw["rocu"].map(rocu_short),
            "governance": raw["governance"].map(governance_type),
            "governance_detail": raw["governance"],
            "population": raw["population"].astype(int),
            "population_year": 2021,
            "area_km2": raw["area_km2"],
            "officers_fte": raw["officers_fte"],
            "officers_year": 2025,
            "budget_gbp_m": raw["budget_gbp_m"],
            "grant_gbp_m": raw["grant_2025_26_gbp_m"],
            # Greater Manchester's precept is marked "(derived)" in the source: keep the number
            "precept_gbp_m": raw["precept_2025_26_gbp_m"]
            .astype(str)
            .str.extract(r"([\d.]+)")[0]
            .astype(float),
            "budget_year": "2025-26",
            "budget_estimated": raw["force"].isin(
                ["Greater Manchester", "Dyfed-Powys", "Gwent", "North Wales", "South Wales", "City of London"]
            ),
            "centroid_lat": raw["centroid_lat"],
            "centroid_lon": raw["centroid_lon"],
            "neighbours": raw["neighbours"].fillna(""),
        }
    )
    if table["force_id"].isna().any():
        missing = table.loc[table["force_id"].isna(), "force"].tolist()
        print(f"no short id for: {missing}", file=sys.stderr)
        return 1
    table.to_csv(OUT, index=False)
    print(f"wrote {OUT.relative_to(ROOT)} ({len(table)} forces)")
    bodies = pd.DataFrame(
        [
            (force, year, quarter, body, new_holder, detail)
            for force, detail in zip(raw["force"], raw["governance"], strict=True)
            for year, quarter, body, new_holder in body_changes(detail)
        ],
        columns=["force", "from_year", "from_quarter", "body", "new_office_holder", "source_text"],
    )
    bodies.to_csv(BODIES_OUT, index=False)
    print(f"wrote {BODIES_OUT.relative_to(ROOT)} ({len(bodies)} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
