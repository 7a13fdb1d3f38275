"""The body governing each force area changes on its real dates (abm/policing_bodies.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from abm.forces import load_forces
from abm.model import CrossforceModel
from abm.params import make_params
from abm.policing_bodies import BODIES_PATH, body_schedule
from tests.conftest import run_model


def bodies_at(start_year: int) -> dict[str, str]:
    forces = load_forces()
    first, _ = body_schedule(forces.names, ["PCC"] * forces.count, start_year)
    return dict(zip(forces.names, first, strict=True))


def test_the_history_ends_in_the_governance_of_2025() -> None:
    history = pd.read_csv(BODIES_PATH)
    last = history.sort_values(["from_year", "from_quarter"]).groupby("force")["body"].last()
    now = load_forces().frame.set_index("force")["governance"]
    assert len(last) == 43
    assert last.sort_index().equals(now.sort_index().rename("body"))


def test_police_authorities_before_the_first_pcc_elections() -> None:
    bodies = bodies_at(2010)
    assert bodies["City of London"] == "other"
    assert bodies["Metropolitan Police"] == "police authority"  # MOPAC from 2012
    assert set(bodies.values()) == {"police authority", "other"}


def test_bodies_in_2016_are_pccs_but_for_london() -> None:
    bodies = bodies_at(2016)
    assert bodies["Metropolitan Police"] == "mayor"
    assert bodies["Greater Manchester"] == "PCC"  # the mayor took over in May 2017
    assert bodies["Essex"] == "PCC"  # fire governance from October 2017
    assert {
        body for name, body in bodies.items() if name not in ("Metropolitan Police", "City of London")
    } == {"PCC"}


def test_forces_unknown_to_the_history_keep_their_own_type() -> None:
    first, later = body_schedule(("Nowhere", "Elsewhere"), ["PCC", "mayor"], 2010)
    assert first == ["PCC", "mayor"]
    assert later == {}


def events_of(model: CrossforceModel, force: str) -> pd.DataFrame:
    events = model.events.frame()
    return events[(events["force"] == force) & events["capability"].eq("")]


def test_first_pccs_are_elected_in_november_2012_and_replace_the_police_authorities() -> None:
    model = run_model(1, years=3)
    firsts = model.events.frame().query("action == 'elected' and reason.str.contains('first PCC')")
    assert set(firsts["quarter"]) == {"Q3 2012"}
    assert len(firsts) == 41  # every area but London (a mayor since 2012) and the City
    assert firsts["reason"].str.contains("taking over from the police authority").all()
    assert {p.title for p in list(model.pcc_agents)} == {"PCC", "Mayor", "Common Council"}


def test_a_mayor_takes_over_greater_manchester_in_2017_with_a_new_office_holder() -> None:
    model = CrossforceModel(make_params({"start_year": 2016, "years": 2}), seed=3)
    gm = model.pcc_of(model.forces.index("Greater Manchester"))
    model.run(4)
    assert gm.title == "PCC"
    before = gm.protective_priority
    model.run(1)
    assert gm.title == "Mayor" and gm.term == 1
    assert gm.protective_priority != before
    took = events_of(model, "Greater Manchester").query("action == 'took office'")
    assert took["quarter"].tolist() == ["Q1 2017"]


def test_a_pcc_taking_on_fire_governance_stays_in_office() -> None:
    model = CrossforceModel(make_params({"start_year": 2017, "years": 1}), seed=2)
    essex = model.pcc_of(model.forces.index("Essex"))
    before = (essex.protective_priority, essex.term)
    model.run()
    assert essex.title == "PFCC"
    assert (essex.protective_priority, essex.term) == before
    assert events_of(model, "Essex")["action"].tolist() == ["new role"]


@pytest.mark.parametrize("review", [0.0, 1.0])
def test_new_office_holders_review_inherited_agreements_only_when_they_choose(review: float) -> None:
    """The 2012 handover brings 41 new office-holders: with new_pcc_review at 0 none reviews."""
    model = run_model(1, years=3, new_pcc_review=review, local_control_preference=0.05)
    notices = model.events.frame().query("action == 'gives notice' and quarter == 'Q3 2012'")
    assert (len(notices) > 0) == (review == 1.0)
