"""The dashboard's session without Solara or a browser: stepping, Play, rebuilding on a change,
compare mode on the same dates, and what one redraw shows (dashboards/session.py, page_view.py)."""

from __future__ import annotations

import pytest

from dashboards.page_view import page_view
from dashboards.session import DEFAULT_COMPARISONS, NO_COMPARISON, DashboardSession

WHITE_PAPER = "white_paper_2026_national_service"


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
    assert view.readout_html.startswith("This quarter: collaborations")


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


def test_compare_mode_runs_the_second_scenario_from_the_first_runs_year(session: DashboardSession) -> None:
    session.step()
    session.choose_compare("sharing_economy_2016")  # a 2016 preset beside a 2010 run
    other = session.other
    assert other is not None and other.params.start_year == 2010 and other.steps == 1
    session.step()
    view = page_view(session)
    assert view.other is other and other.steps == 2
    assert view.captions == (
        "Q2 2010 · Baseline: the 2010 status quo",
        "Q2 2010 · The 2016 sharing economy: assured access over ownership",
    )
    assert view.readout_html.count("Q2 2010") == 2 and "Two runs from 2010 on seed 1" in view.status
    session.move_lever("duty_strength", 0.0)
    assert session.other is other  # the levers change the first run only
    session.set_seed_text("2")
    assert session.other is not other and session.other.seed == 2 and session.other.steps == 2
    other = session.other
    session.choose_scenario("paris_shock")  # starts in 2014: the comparison follows it there
    assert session.other is not other and session.other.params.start_year == 2014
    assert page_view(session).captions[1].startswith("Q2 2014 · ")
    session.reset()
    assert session.model.steps == 0 and session.other.steps == 0
    session.choose_compare(NO_COMPARISON)
    assert session.other is None and page_view(session).captions[1] == ""


def test_white_paper_presets_open_compared_with_the_2026_status_quo(session: DashboardSession) -> None:
    assert set(DEFAULT_COMPARISONS) == {"white_paper_2026_fewer_forces", WHITE_PAPER}
    session.choose_scenario(WHITE_PAPER)
    assert session.compare == "status_quo_2026" and session.other is not None
    assert session.other.params.start_year == session.model.params.start_year == 2026
    session.step()
    first, second = page_view(session).captions
    assert first.startswith("Q1 2026 · The 2026 white paper") and second.startswith(
        "Q1 2026 · The 2026 status quo"
    )
    session.choose_scenario("baseline")  # the comparison came with the preset: it goes with it
    assert session.compare == NO_COMPARISON and session.other is None
    session.choose_compare("sharing_economy_2016")  # one the user chose stays
    session.choose_scenario(WHITE_PAPER)
    assert session.compare == "sharing_economy_2016"
    session.choose_scenario("baseline")
    assert session.compare == "sharing_economy_2016"
