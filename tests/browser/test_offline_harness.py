"""Proves the offline browser harness on the placeholder dashboard (dashboards/app.py).

With every non-local request blocked, the page must render real content, step through
SolaraViz's Step button, and keep two browser users' models apart.
"""

from __future__ import annotations

import os

import pytest

try:
    from playwright.sync_api import Page, expect
except ImportError:  # the `browser` fixture reports it: skip locally, fail on CI
    if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
        raise
    pytest.skip("the playwright package is not installed", allow_module_level=True)

pytestmark = pytest.mark.browser

TIMEOUT = 15_000  # ms, for a server round trip (button click -> re-render)


def step_button(page: Page):
    # Vuetify shows the label upper-cased by CSS; the accessible name stays "Step".
    return page.get_by_role("button", name="Step", exact=True)


def step_text(page: Page, n: int):
    # exact: "Step 1" must not match "Step 10"
    return page.get_by_text(f"Step {n}", exact=True)


def click_step(page: Page, expected: int) -> None:
    expect(step_button(page)).to_be_enabled(timeout=TIMEOUT)
    step_button(page).click()
    expect(step_text(page, expected)).to_be_visible(timeout=TIMEOUT)


def test_renders_offline_and_steps(offline_session, dashboard_url, dashboard_server, save_screenshot):
    page = offline_session.open(dashboard_url, ready="Step 0")

    # real content, not a blank page or a traceback
    expect(page.get_by_text("crossforce (placeholder)")).to_be_visible()
    for label in ("Reset", "Step"):
        expect(page.get_by_role("button", name=label, exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="▶", exact=True)).to_be_visible()  # play
    expect(page.get_by_text("Controls", exact=True)).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Traceback")
    # the Altair plot drew (Vega came from /_solara/cdn, not the CDN)
    expect(page.locator(".vega-embed canvas, .vega-embed svg").first).to_be_visible(timeout=TIMEOUT)

    click_step(page, 1)
    click_step(page, 2)
    expect(page.get_by_text("Time: 2.0", exact=True)).to_be_visible()  # SolaraViz's own
    save_screenshot(page, "offline-step-2")

    assert offline_session.aborted == [], "rendering needed non-local requests"
    assert offline_session.local_errors == []
    assert dashboard_server.cdn_misses() == [], "the server fell back to the CDN"
    assert dashboard_server.errors() == []


def test_two_sessions_are_independent(new_offline_session, dashboard_url, dashboard_server):
    alice, bob = new_offline_session(), new_offline_session()
    alice.goto(dashboard_url)
    bob.goto(dashboard_url)  # both load in parallel
    a = alice.wait_ready("Step 0")
    b = bob.wait_ready("Step 0")

    for n in (1, 2, 3):
        click_step(a, n)
    expect(step_text(b, 0)).to_be_visible()  # Bob's model did not move

    click_step(b, 1)
    expect(step_text(a, 3)).to_be_visible()  # and Bob's step did not touch Alice's

    # a new visitor starts from a fresh model, not from the others' state
    carol = new_offline_session()
    c = carol.open(dashboard_url, ready="Step 0")
    expect(step_text(c, 0)).to_be_visible()

    for s in (alice, bob, carol):
        assert s.aborted == []
        assert s.local_errors == []
    # concurrent sessions render concurrently: e.g. the Altair renderer race shows up here
    assert dashboard_server.errors() == []


def test_harness_blocks_and_records_external_requests(offline_session):
    """Guards the guard: ``aborted == []`` above would be vacuous if nothing were blocked."""
    page = offline_session.page
    page.set_content(
        '<img src="https://cdn.jsdelivr.net/npm/nothing.png">'
        "<script>new WebSocket('wss://example.invalid/socket')</script>"
    )
    page.wait_for_timeout(500)
    assert "https://cdn.jsdelivr.net/npm/nothing.png" in offline_session.aborted
    assert any(url.startswith("wss://example.invalid") for url in offline_session.aborted)
    offline_session.aborted.clear()
