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
BASELINE = "Baseline: the 2010 status quo"
SHARING = "The 2016 sharing economy: assured access over ownership"
WHITE_PAPER = "The 2026 white paper: a National Police Service absorbs national and regional capabilities"
STATUS_QUO_2026 = "The 2026 status quo: today's forces, collaborations and policing bodies"


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
    """Pick an option of a Vuetify select by its label, once the charts are drawn: Vega draws them
    after the render that places them, and their first drawing moves everything below (a click in
    between once found the Force menu moved out of the viewport). Before the first quarter the
    drawing is there but hidden (an empty chart says nothing), so wait for it to be attached."""
    expect(page.locator(".vega-embed canvas, .vega-embed svg").first).to_be_attached(timeout=TIMEOUT)
    page.get_by_label(label, exact=True).click(force=True)
    page.get_by_role("option", name=option, exact=True).click()


def readout(page: Page) -> str:
    return page.locator(".crossforce-readout").inner_text(timeout=TIMEOUT)


def first_map(page: Page):
    """The first run's map (the second one is hidden unless two runs are compared)."""
    return page.locator("svg.crossforce-map").first


def test_loads_offline_with_map_and_charts_and_steps(
    offline_session, dashboard_url, dashboard_server, save_screenshot
):
    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    expect(page.locator("svg[aria-label^='Map of force areas']")).to_be_visible()
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
    choose(page, "Capability on the map", "Custody")
    expect(page.locator("svg[aria-label='Map of force areas by arrangement for Custody']")).to_be_visible(
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
    choose(b, "Scenario", SHARING)
    expect(date(b)).to_have_text("Start of 2016", timeout=TIMEOUT)
    expect(date(a)).to_have_text("Q3 2010")  # Alice kept her run and scenario
    expect(a.locator(".crossforce-status")).to_contain_text(BASELINE)


def test_the_page_reads_in_plain_english(offline_session, dashboard_url):
    """Issue 28: nothing on the page that a room should not read: no name from the code
    (snake_case), no "GBP m", no acronym lower-cased with the words around it ("arvs", "hr",
    "pcc"), no sign after the pound sign ("£-0.64m" is written "-£0.64m"). Scanned: the page's
    text after two years (the feed and a drill-down full of the model's reasons), the map's
    tooltips, both runs of a comparison, and the About panel."""
    from dashboards.words import violations

    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    for quarter in ("Q1 2010", "Q2 2010", "Q3 2010", "Q4 2010", "Q1 2011", "Q2 2011", "Q3 2011", "Q4 2011"):
        step(page, quarter)
    choose(page, "Force", "City of London")  # its reasons name armed response (ARVs)
    expect(page.get_by_text("City of London (active)")).to_be_visible(timeout=TIMEOUT)
    choose(page, "Compare with", SHARING)
    expect(page.locator(".crossforce-render[data-compare-step='8']")).to_have_count(1, timeout=TIMEOUT)

    def scanned() -> str:
        tooltips = page.locator("svg.crossforce-map title").all_text_contents()
        return page.locator(".v-application").inner_text() + "\n" + "\n".join(tooltips)

    text = scanned()
    assert "-£" in text and "ARVs" in text  # the model's reasons and sums are on the page
    assert violations(text) == []
    page.get_by_role("button", name="About", exact=True).click()
    expect(page.locator(".crossforce-about h1")).to_be_visible(timeout=TIMEOUT)
    assert violations(page.locator(".crossforce-about").inner_text()) == []


# --------------------------------------------------------------------------- the projector view (#17)


def area(page: Page, force: str):
    return first_map(page).locator(f".crossforce-area[data-force='{force}']")


def test_map_shows_the_force_areas_with_a_legend_and_the_licence_credit(offline_session, dashboard_url):
    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    areas = first_map(page).locator("path.crossforce-area")
    expect(areas).to_have_count(42)
    expect(first_map(page).locator("circle.crossforce-area[data-force='City of London']")).to_have_count(1)
    expect(
        page.get_by_text(
            re.compile(
                r"Source: Office for National Statistics licensed under the Open Government Licence v\.3\.0; contains OS data © Crown copyright and database right 2023"
            )
        )
    ).to_be_visible()
    legend = page.locator(".crossforce-legend")
    for words in ("Holds its own unit", "Buys from another force", "In a joint unit", "No access: a gap"):
        expect(legend).to_contain_text(words)
    # hovering an area names the force and its arrangement in words
    expect(area(page, "Kent").locator("title")).to_have_text("Kent: holds its own unit")
    drawing = first_map(page).locator("g.crossforce-areas").bounding_box()
    # projected, not squashed: as wide as tall as England and Wales with longitude scaled by cos(52.5°)
    assert drawing and 0.74 < drawing["width"] / drawing["height"] < 0.82, drawing


def test_before_anything_is_picked_nothing_is_outlined_and_no_empty_chart_shows(
    offline_session, dashboard_url
):
    """Issue 28: at the start no force is outlined or named on the map, the drill-down says how to
    pick one, and the charts' box holds no legend or menu of a chart with nothing to draw yet."""
    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    expect(first_map(page).locator(".crossforce-map-picked")).to_have_count(0)
    expect(page.locator(".crossforce-drill-panel")).to_contain_text("Pick a force on the map")
    charts = page.locator(".crossforce-chart-panel .vega-embed")
    expect(charts.locator("canvas, svg").first).to_be_attached(timeout=TIMEOUT)
    expect(charts).to_be_hidden()
    expect(page.locator(".crossforce-chart-panel")).to_contain_text("Charts appear after the first quarter")
    step(page, "Q1 2010")
    expect(charts).to_be_visible(timeout=TIMEOUT)


def test_clicking_an_area_opens_that_forces_drill_down(offline_session, dashboard_url):
    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    step(page, "Q1 2010")
    area(page, "Kent").click()
    expect(page.get_by_text("Kent (active)")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator(".crossforce-drill-panel .v-select__selection")).to_have_text("Kent")
    expect(first_map(page).locator(".crossforce-map-picked")).to_have_text("Kent")  # outlined and named
    # the drill-down's menu and the map share the pick, both ways
    choose(page, "Force", "Dyfed-Powys")
    expect(first_map(page).locator(".crossforce-map-picked")).to_have_text("Dyfed-Powys", timeout=TIMEOUT)
    first_map(page).locator("circle.crossforce-area[data-force='City of London']").click()
    expect(page.get_by_text("City of London (active)")).to_be_visible(timeout=TIMEOUT)


def test_capability_picker_shows_labels_and_recolours_the_map(offline_session, dashboard_url):
    from abm.capabilities import load_catalogue

    labels = [spec.label for spec in load_catalogue().values()]
    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    expect(area(page, "Cumbria")).to_have_attribute("fill", "#0072B2")  # covert surveillance: held
    page.get_by_label("Capability on the map", exact=True).click(force=True)
    options = page.get_by_role("option")
    expect(options).to_have_count(len(labels))
    assert options.all_inner_texts() == labels  # words, never identifiers
    page.get_by_role("option", name="Serious and organised crime", exact=True).click()
    expect(first_map(page)).to_have_attribute(
        "aria-label", "Map of force areas by arrangement for Serious and organised crime", timeout=TIMEOUT
    )
    expect(area(page, "Cumbria")).to_have_attribute("fill", "#0072B2")  # its own team for local work
    expect(first_map(page).locator("line.crossforce-regional").first).to_be_visible()  # and the region's unit


def test_about_panel_shows_docs_about_md(offline_session, dashboard_url):
    from dashboards.about import headings

    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    page.get_by_role("button", name="About", exact=True).click()
    panel = page.locator(".crossforce-about")
    for heading in headings():
        expect(panel.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=TIMEOUT)
    expect(panel).to_contain_text(BASELINE)  # the scenario on screen, from its file
    page.get_by_role("button", name="Close", exact=True).click()
    expect(panel).to_be_hidden(timeout=TIMEOUT)


def test_compare_mode_steps_both_runs_and_names_both(offline_session, dashboard_url, dashboard_server):
    page = offline_session.open(dashboard_url, ready=READY, timeout=60_000)
    step(page, "Q1 2010")
    choose(page, "Compare with", SHARING)
    expect(page.locator(".crossforce-render[data-step='1'][data-compare-step='1']")).to_have_count(
        1, timeout=TIMEOUT
    )  # the second run was replayed to the same quarter
    step(page, "Q2 2010")
    expect(page.locator(".crossforce-render[data-compare-step='2']")).to_have_count(1)
    maps = page.locator("svg.crossforce-map")
    expect(maps.nth(0)).to_be_visible()
    expect(maps.nth(1)).to_be_visible()
    # both runs from the first run's year, so both on the same date (issue 28), each map dated
    expect(page.locator(".crossforce-map-caption")).to_have_text(
        [f"Q2 2010 · {BASELINE}", f"Q2 2010 · {SHARING}"]
    )
    text = readout(page)
    assert f"{BASELINE}, Q2 2010: collaborations" in text, text
    assert f"{SHARING}, Q2 2010: collaborations" in text, text
    expect(page.locator(".crossforce-feed-panel th").first).to_have_text("in")
    choose(page, "Force", "Cumbria")
    expect(page.locator(".crossforce-drill-panel")).to_contain_text("in The 2016 sharing economy")
    # back to one run: the second map hides, nothing is rebuilt, the run goes on
    choose(page, "Compare with", "Nothing (one run)")
    expect(page.locator(".crossforce-render[data-step='2'][data-compare-step='']")).to_have_count(
        1, timeout=TIMEOUT
    )
    expect(maps.nth(1)).to_be_hidden()
    step(page, "Q3 2010")
    assert re.search(r"collaborations (\d+) \(baseline \1\)", readout(page))
    assert dashboard_server.errors() == []


SCREENS = {"projector": {"width": 1920, "height": 1080}, "laptop": {"width": 1366, "height": 768}}


def test_screenshots_at_projector_and_laptop_sizes(new_offline_session, dashboard_url, save_screenshot):
    """The views a facilitator shows, at a projector's and a laptop's size, saved under
    artifacts/browser/ to be read by eye; checked here for what can be checked: nothing runs past
    the screen's edge, the maps keep the country's shape. One session, resized between shots."""
    session = new_offline_session(viewport=SCREENS["projector"])
    page = session.open(dashboard_url, ready=READY, timeout=60_000)

    def fits(screen: str) -> None:
        """Nothing the room reads runs past the right edge of the screen, and the page does not
        scroll sideways (a select's icon overhanging its box by a few pixels is not clipping)."""
        clipped = page.evaluate(
            """() => {
                const width = document.documentElement.clientWidth;
                const parts = '.crossforce-row > div, svg.crossforce-map, .vega-embed canvas, '
                    + '.crossforce-row table, .crossforce-legend, .crossforce-readout, .crossforce-credit';
                const out = [...document.querySelectorAll(parts)]
                    .filter(e => e.getBoundingClientRect().width > 0 && e.getBoundingClientRect().right > width + 1)
                    .map(e => (e.className.baseVal ?? e.className) + ' ends at ' + e.getBoundingClientRect().right);
                const main = document.querySelector('.v-main__wrap, .v-content__wrap');
                if (main && main.scrollWidth > main.clientWidth + 1) out.push('the page scrolls sideways');
                return out;
            }"""
        )
        assert clipped == [], f"clipped on the {screen} screen: {clipped}"

    def words_only() -> None:
        """No identifier (snake_case, as in covert_surveillance) anywhere the room can read."""
        text = page.locator(".v-application").inner_text()
        assert re.findall(r"\b[a-z]+_[a-z0-9_]+\b", text) == [], re.findall(
            r".{80}\b[a-z]+_[a-z0-9_]+\b.{40}", text
        )

    def shoot(view: str, maps: int = 0) -> None:
        words_only()
        for screen, size in SCREENS.items():
            page.set_viewport_size(size)
            fits(screen)
            for i in range(maps):
                drawing = (
                    page.locator("svg.crossforce-map").nth(i).locator("g.crossforce-areas").bounding_box()
                )
                assert drawing and drawing["width"] > 250, (screen, drawing)
                assert 0.74 < drawing["width"] / drawing["height"] < 0.82, (screen, drawing)
            save_screenshot(page, f"{view}-{screen}-{size['width']}x{size['height']}")

    shoot("start", maps=1)
    choose(page, "Scenario", SHARING)
    expect(date(page)).to_have_text("Start of 2016", timeout=TIMEOUT)
    for quarter in ("Q1 2016", "Q2 2016", "Q3 2016", "Q4 2016", "Q1 2017", "Q2 2017"):
        step(page, quarter)
    shoot("single", maps=1)
    choose(page, "Compare with", BASELINE)
    expect(page.locator(".crossforce-render[data-compare-step='6']")).to_have_count(1, timeout=TIMEOUT)
    expect(page.locator("svg.crossforce-map").nth(1)).to_be_visible()
    shoot("compare", maps=2)
    page.locator(".crossforce-drill-panel").scroll_into_view_if_needed()
    shoot("compare-details")
    # a white paper opens beside the 2026 status quo (unless the user chose another comparison),
    # both from 2026, each map dated
    date(page).scroll_into_view_if_needed()
    choose(page, "Compare with", "Nothing (one run)")
    expect(page.locator(".crossforce-render[data-compare-step='']")).to_have_count(1, timeout=TIMEOUT)
    choose(page, "Scenario", WHITE_PAPER)
    expect(page.get_by_label("Compare with", exact=True).locator("xpath=..")).to_contain_text(
        STATUS_QUO_2026, timeout=TIMEOUT
    )
    expect(date(page)).to_have_text("Q2 2027", timeout=TIMEOUT)
    expect(page.locator(".crossforce-map-caption")).to_have_text(
        [f"Q2 2027 · {WHITE_PAPER}", f"Q2 2027 · {STATUS_QUO_2026}"], timeout=TIMEOUT
    )
    shoot("white-paper", maps=2)
    page.get_by_role("button", name="About", exact=True).click()
    expect(page.locator(".crossforce-about h1")).to_be_visible(timeout=TIMEOUT)
    shoot("about")
