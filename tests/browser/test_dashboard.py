"""The workshop dashboard in headless Chromium with every non-local request blocked."""

from __future__ import annotations

import os
import re

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the `browser` fixture reports it: skip locally, fail on CI
    if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

pytestmark = pytest.mark.browser

TIMEOUT = 20_000  # ms for a server round trip
READY = "Start of 2010"


def rendered(page: Page, step: int) -> None:
    """Wait for the page's own signal that the render showing quarter ``step`` reached the browser
    (the dashboard draws ``.crossforce-render`` last on every render): no sleeps, no retries."""
    expect(page.locator(f".crossforce-render[data-step='{step}']")).to_have_count(1, timeout=TIMEOUT)


def rendered_at_least(page: Page, step: int) -> None:
    """Wait until the page shows quarter ``step`` or later: while playing, renders of quarters
    that follow each other quickly may reach the browser as one."""
    page.wait_for_function(
        "n => Number(document.querySelector('.crossforce-render')?.dataset.step) >= n",
        arg=step,
        timeout=TIMEOUT,
    )


def step(page: Page, expected_date: str) -> None:
    """Press Step once and wait until the page has finished drawing the new quarter."""
    now = int(page.locator(".crossforce-render").get_attribute("data-step", timeout=TIMEOUT))
    button = page.get_by_role("button", name="Step", exact=True)
    expect(button).to_be_enabled(timeout=TIMEOUT)
    button.click()
    rendered(page, now + 1)
    expect(date(page)).to_have_text(expected_date, timeout=TIMEOUT)


def date(page: Page):
    return page.locator(".crossforce-date")


def choose(page: Page, label: str, option: str) -> None:
    """Pick an option of a Vuetify select by its label."""
    page.get_by_label(label, exact=True).click(force=True)
    page.get_by_role("option", name=option, exact=True).click()


def readout(page: Page) -> str:
    return page.locator(".crossforce-readout").inner_text(timeout=TIMEOUT)


def test_loads_offline_with_map_and_charts_and_steps(
    offline_session, dashboard_url, dashboard_server, save_screenshot
):
    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    expect(page.locator("svg[aria-label^='Map of forces']")).to_be_visible()
    expect(page.locator("svg[aria-label^='Map of forces'] circle")).to_have_count(43 + 7)  # forces + legend
    step(page, "Q1 2010")
    step(page, "Q2 2010")
    expect(page.locator(".vega-embed canvas, .vega-embed svg").first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("What happened, and why")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Traceback")
    page.set_viewport_size({"width": 1920, "height": 1080})
    save_screenshot(page, "dashboard-q2-2010")
    assert offline_session.aborted == [], "rendering needed non-local requests"
    assert offline_session.local_errors == []
    assert dashboard_server.cdn_misses() == [], "the server fell back to the CDN"
    assert dashboard_server.errors() == []


def test_moving_a_lever_changes_the_charts(offline_session, dashboard_url):
    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    for quarter in ("Q1 2010", "Q2 2010", "Q3 2010", "Q4 2010", "Q1 2011", "Q2 2011"):
        step(page, quarter)
    before = readout(page)
    assert re.search(r"collaborations (\d+) \(baseline \1\)", before), before  # no lever moved yet
    slider = page.locator(".v-slider").first  # duty strength, the first lever
    slider.click(position={"x": 2, "y": 10})  # to its minimum
    expect(page.get_by_text(re.compile(r"^Duty to collaborate: 0(\.0\d*)?$"))).to_be_visible(timeout=TIMEOUT)
    expect(date(page)).to_have_text("Q2 2011")  # replayed to the same quarter
    after = readout(page)
    numbers = re.search(r"collaborations (\d+) \(baseline (\d+)\)", after)
    assert numbers and numbers.group(1) != numbers.group(2), after


def test_force_drill_down_shows_that_force(offline_session, dashboard_url):
    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    step(page, "Q1 2010")
    choose(page, "Force", "Dyfed-Powys")
    expect(page.get_by_text("Dyfed-Powys (active)")).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("Covert static surveillance").first).to_be_visible()


def test_picks_made_while_playing_take(offline_session, dashboard_url):
    """The page redraws every 0.6 s during Play; the pickers are never rebuilt, so a pick made
    while it plays takes (a facilitator answering the room mid-run)."""
    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    page.get_by_role("button", name="▶ Play").click()
    rendered_at_least(page, 2)  # playing
    choose(page, "Force", "Gwent")
    expect(page.get_by_text("Gwent (active)")).to_be_visible(timeout=TIMEOUT)
    choose(page, "Capability on the map", "custody")
    expect(page.locator("svg[aria-label='Map of forces by arrangement for Custody']")).to_be_visible(
        timeout=TIMEOUT
    )
    page.get_by_role("button", name="❚❚ Pause").click()
    expect(page.get_by_role("button", name="Step", exact=True)).to_be_enabled(timeout=TIMEOUT)
    expect(page.get_by_text("Gwent (active)")).to_be_visible()


def test_bad_seed_gives_a_message_not_a_traceback(offline_session, dashboard_url):
    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    seed = page.get_by_label("Seed", exact=True)
    seed.fill("twelve")
    seed.press("Enter")
    expect(page.get_by_text("seed='twelve': type a whole number, 0 or more")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator("body")).not_to_contain_text("Traceback")


def test_two_sessions_do_not_share_state(new_offline_session, dashboard_url):
    alice, bob = new_offline_session(), new_offline_session()
    alice.goto(dashboard_url)
    bob.goto(dashboard_url)
    a = alice.wait_ready(READY, timeout=60_000)
    b = bob.wait_ready(READY, timeout=60_000)
    for quarter in ("Q1 2010", "Q2 2010", "Q3 2010"):
        step(a, quarter)
    expect(date(b)).to_have_text(READY)  # Bob's model did not move
    choose(b, "Scenario", "sharing_economy_2016")
    expect(date(b)).to_have_text("Start of 2016", timeout=TIMEOUT)
    expect(date(a)).to_have_text("Q3 2010")  # Alice kept her run and scenario
    expect(a.get_by_text(re.compile("scenario baseline"))).to_be_visible()
