"""The dashboard's session without Solara or a browser: stepping, Play, rebuilding on a change,
compare mode on the same dates, and what one redraw shows (dashboards/session.py, page_view.py)."""

from __future__ import annotations

import pytest

from dashboards.page_view import page_view
from dashboards.session import NO_COMPARISON, DashboardSession


@pytest.fixture
def session() -> DashboardSession:
    return DashboardSession()


def test_a_step_moves_the_run_and_the_version(session: DashboardSession) -> None:
    before = session.version
    session.step()
    session.step()
    assert session.model.steps == 2 and session.version == before + 2
    view = page_view(session)
    assert view.date == "Q2 2010" and view.started and view.other is None
    assert view.readout_html.startswith("this quarter: collaborations")


def test_before_the_first_quarter_the_page_shows_the_start(session: DashboardSession) -> None:
    view = page_view(session)
    assert view.date == "Start of 2010" and not view.started and view.readout_html == ""


def test_a_lever_replays_the_run_to_the_same_quarter_and_an_echo_is_no_change(
    session: DashboardSession,
) -> None:
    for _ in range(3):
        session.step()
    first = session.model
    assert not session.move_lever("duty_strength", session.lever_value("duty_strength") + 1e-15)
    assert session.model is first  # a slider echoing its value back rebuilt nothing
    assert session.move_lever("duty_strength", 0.0)
    assert session.model is not first and session.model.steps == 3
    assert session.model.params.duty_strength == 0.0 and session.lever_value("duty_strength") == 0.0
    assert "(levers moved)" in page_view(session).names[0]


def test_a_new_scenario_drops_the_levers_and_keeps_the_quarter(session: DashboardSession) -> None:
    session.move_lever("duty_strength", 0.0)
    session.step()
    session.choose_scenario("sharing_economy_2016")
    assert session.levers == {} and session.model.steps == 1
    assert page_view(session).date == "Q1 2016"


def test_a_bad_seed_is_a_message_and_the_run_is_kept(session: DashboardSession) -> None:
    session.step()
    model = session.model
    session.set_seed_text("twelve")
    assert session.error == "seed='twelve': type a whole number, 0 or more"
    assert session.model is model and page_view(session).error == session.error
    session.set_seed_text("7")
    assert session.error == "" and session.seed == 7 and session.model.steps == 1


def test_play_steps_until_paused_and_a_failed_step_stops_it(session: DashboardSession) -> None:
    told: list[int] = []

    def on_step() -> None:
        told.append(session.model.steps)
        if len(told) == 3:
            session.toggle_play()  # the Pause button, pressed while it plays

    session.toggle_play()
    session.play(on_step, sleep=lambda _: None)
    assert told == [1, 2, 3] and not session.playing

    def broken() -> None:
        raise RuntimeError("no data")

    session.model.step = broken  # type: ignore[method-assign]
    session.toggle_play()
    session.play(lambda: None, sleep=lambda _: None)
    assert not session.playing and session.error == "The step failed: no data"


def test_compare_mode_steps_both_runs_and_keeps_the_second_while_its_settings_hold(
    session: DashboardSession,
) -> None:
    session.step()
    session.choose_compare("sharing_economy_2016")
    other = session.other
    assert other is not None and other.steps == 1
    session.step()
    view = page_view(session)
    assert view.other is other and other.steps == 2 and view.captions == view.names
    assert "Two runs on seed 1" in view.status and view.readout_html.count("collaborations") == 2
    session.move_lever("duty_strength", 0.0)
    assert session.other is other  # the levers change the first run only
    session.set_seed_text("2")
    assert session.other is not other and session.other.seed == 2 and session.other.steps == 2
    session.reset()
    assert session.model.steps == 0 and session.other.steps == 0
    session.choose_compare(NO_COMPARISON)
    assert session.other is None and page_view(session).captions[1] == ""
