"""The forces table (abm/data/forces.csv) is complete, consistent and matches the public totals.

Sources of every column: abm/data/SOURCES.md. Comparisons with the compiled facts in
``../shared/data`` are skipped when that folder is absent (the project must not depend on it).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from abm.forces import FORCES_PATH, load_forces

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"

REQUIRED = (
    "force_id",
    "force",
    "ons_code",
    "region",
    "rocu",
    "governance",
    "population",
    "area_km2",
    "officers_fte",
    "budget_gbp_m",
    "grant_gbp_m",
    "precept_gbp_m",
    "centroid_lat",
    "centroid_lon",
    "neighbours",
)

#: National totals. Population: Census 2021 local-authority figures (rounded to 100) summed; ONS
#: headline 59,597,300. Officers: Home Office Police workforce, 31 March 2025 (FTE).
POPULATION_2021 = 59_597_500
OFFICERS_2025 = 146_442
BORDER_PAIRS = 99

#: Regional organised crime units and their members (shared/data/README.md).
ROCU_MEMBERS = {
    "NERSOU": {"Cleveland", "Durham", "Northumbria"},
    "YHROCU": {"Humberside", "North Yorkshire", "South Yorkshire", "West Yorkshire"},
    "NWROCU": {"Cheshire", "Cumbria", "Greater Manchester", "Lancashire", "Merseyside", "North Wales"},
    "EMSOU": {"Derbyshire", "Leicestershire", "Lincolnshire", "Northamptonshire", "Nottinghamshire"},
    "ROCUWM": {"Staffordshire", "West Midlands", "West Mercia", "Warwickshire"},
    "ERSOU": {"Bedfordshire", "Cambridgeshire", "Essex", "Hertfordshire", "Kent", "Norfolk", "Suffolk"},
    "SEROCU": {"Thames Valley", "Hampshire", "Surrey", "Sussex"},
    "SWROCU": {"Avon and Somerset", "Devon and Cornwall", "Dorset", "Gloucestershire", "Wiltshire"},
    "Tarian": {"Dyfed-Powys", "Gwent", "South Wales"},
    "London": {"Metropolitan Police", "City of London"},
}

#: Budgets flagged as estimates or understated (Greater Manchester's precept; Welsh Government funding).
ESTIMATED_BUDGETS = {
    "Greater Manchester",
    "Dyfed-Powys",
    "Gwent",
    "North Wales",
    "South Wales",
    "City of London",
}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return pd.read_csv(FORCES_PATH)


def border_pairs(frame: pd.DataFrame) -> set[frozenset[str]]:
    """Unordered pairs of ONS codes that share a border, from the neighbours column."""
    code = dict(zip(frame["force"], frame["ons_code"], strict=True))
    pairs = set()
    for name, text in zip(frame["force"], frame["neighbours"].fillna(""), strict=True):
        for other in filter(None, (part.strip() for part in text.split(";"))):
            pairs.add(frozenset((code[name], code[other])))
    return pairs


def number(text: object) -> float:
    """A figure that may carry a note, e.g. '184.33 (derived)'."""
    return float(re.sub(r"\s*\(.*\)\s*$", "", str(text)))


def test_43_forces(frame):
    assert len(frame) == 43
    assert load_forces().count == 43


def test_ids_names_and_ons_codes_are_unique(frame):
    for column in ("force_id", "force", "ons_code"):
        assert frame[column].is_unique, column


def test_ons_codes_are_police_force_area_codes(frame):
    assert frame["ons_code"].str.fullmatch(r"(E23|W15)\d{6}").all()
    welsh = frame.loc[frame["ons_code"].str.startswith("W15"), "force"]
    assert set(welsh) == {"Dyfed-Powys", "Gwent", "North Wales", "South Wales"}


@pytest.mark.parametrize("column", REQUIRED)
def test_no_missing_values(frame, column):
    values = frame[column]
    assert not values.isna().any(), f"{column}: missing for {frame.loc[values.isna(), 'force'].tolist()}"
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        assert (values.astype(str).str.strip() != "").all(), f"{column}: empty text"


def test_neighbours_name_known_forces(frame):
    names = set(frame["force"])
    for name, text in zip(frame["force"], frame["neighbours"], strict=True):
        listed = [part.strip() for part in text.split(";") if part.strip()]
        assert set(listed) <= names, f"{name}: unknown neighbours {set(listed) - names}"
        assert name not in listed, f"{name} lists itself"


def test_adjacency_is_symmetric_with_99_border_pairs(frame):
    adjacency = load_forces().adjacency
    assert (adjacency == adjacency.T).all()
    assert not adjacency.diagonal().any()
    assert int(adjacency.sum()) // 2 == BORDER_PAIRS
    assert len(border_pairs(frame)) == BORDER_PAIRS


def test_every_force_has_a_neighbour_and_the_city_borders_only_the_met(frame):
    counts = load_forces().adjacency.sum(axis=1)
    assert (counts >= 1).all(), [n for n, k in zip(frame["force"], counts, strict=True) if k == 0]
    city = frame.set_index("force").loc["City of London", "neighbours"]
    assert city == "Metropolitan Police"


@pytest.mark.skipif(not (SHARED / "adjacency_edges.csv").is_file(), reason="../shared/data is absent")
def test_border_pairs_match_the_shared_edge_list(frame):
    edges = pd.read_csv(SHARED / "adjacency_edges.csv")
    shared = {frozenset(pair) for pair in zip(edges["code_a"], edges["code_b"], strict=True)}
    assert len(shared) == BORDER_PAIRS
    assert border_pairs(frame) == shared


@pytest.mark.skipif(not (SHARED / "forces_facts.csv").is_file(), reason="../shared/data is absent")
def test_figures_match_the_shared_facts(frame):
    facts = pd.read_csv(SHARED / "forces_facts.csv").set_index("ons_code")
    ours = frame.set_index("ons_code")
    assert set(facts.index) == set(ours.index)
    for column in ("population", "area_km2", "officers_fte", "budget_gbp_m", "centroid_lat", "centroid_lon"):
        assert np.allclose(ours[column], facts.loc[ours.index, column]), column


def test_national_officer_total(frame):
    assert abs(frame["officers_fte"].sum() - OFFICERS_2025) <= 1.0


def test_national_population_total(frame):
    assert int(frame["population"].sum()) == POPULATION_2021


def test_budgets_positive_and_equal_grant_plus_precept(frame):
    assert (frame["budget_gbp_m"] > 0).all()
    assert (frame["grant_gbp_m"] > 0).all()
    precept = frame["precept_gbp_m"].map(number)
    assert (precept >= 0).all()
    assert np.allclose(frame["budget_gbp_m"], frame["grant_gbp_m"] + precept, atol=0.1)
    city = frame.set_index("force").loc["City of London"]
    assert number(city["precept_gbp_m"]) == 0.0  # grant only


def test_estimated_budgets_are_flagged(frame):
    flagged = set(frame.loc[frame["budget_estimated"].astype(bool), "force"])
    assert flagged == ESTIMATED_BUDGETS


def test_areas_and_populations_positive(frame):
    assert (frame["area_km2"] > 0).all()
    assert (frame["population"] > 0).all()
    assert (frame["officers_fte"] > 0).all()


def test_centroids_inside_england_and_wales(frame):
    assert frame["centroid_lat"].between(49.8, 55.9).all()
    assert frame["centroid_lon"].between(-6.5, 2.0).all()


def test_rocu_membership_matches_the_regional_units(frame):
    members = frame.groupby("rocu")["force"].apply(set).to_dict()
    assert members == ROCU_MEMBERS


def test_governance_types(frame):
    counts = frame["governance"].value_counts().to_dict()
    assert set(counts) <= {"PCC", "PFCC", "mayor", "other"}
    assert frame.set_index("force").loc["City of London", "governance"] == "other"
    mayors = set(frame.loc[frame["governance"] == "mayor", "force"])
    assert mayors == {
        "Metropolitan Police",
        "Greater Manchester",
        "West Yorkshire",
        "South Yorkshire",
        "North Yorkshire",
    }
