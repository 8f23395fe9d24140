"""Time travel as a person uses it: click the timeline to go back, press keys to step back
and forward, act in the past (a fork), and Back in the browser."""

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions import interaction
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.actions.pointer_input import PointerInput
from selenium.webdriver.common.keys import Keys

from test_canvas_click import click_node


def seconds(clock):
    """`m:ss.mmm` -> seconds."""
    m, s = clock.split(":")
    return int(m) * 60 + float(s)


def trace(page):
    return page.el(".trace-hash").text


def status(page):
    return page.el(".stage .status").text


def pause_after(page, at_s):
    page.wait(lambda: seconds(page.clock()) >= at_s, f"the clock to pass {at_s} s", 30)
    page.el("h1").click()
    ActionChains(page.d).send_keys(" ").perform()
    page.wait(lambda: "play" in page.el("button.primary").text.lower(),
              "the run to pause")


def track_box(page):
    """The track's left edge and width in CSS px, as the browser lays it out."""
    return page.d.execute_script(
        "const r = document.querySelector('.tl-track').getBoundingClientRect();"
        "return [r.left, r.width];")


def offset_for(page, fraction):
    """The whole-pixel offset from the track's centre nearest `fraction` of its width, and the
    fraction that offset really is (WebDriver moves by whole pixels)."""
    _, w = track_box(page)
    dx = round((fraction - 0.5) * w)
    return dx, (w / 2 + dx) / w


def click_track(page, fraction):
    dx, _ = offset_for(page, fraction)
    ActionChains(page.d).move_to_element_with_offset(page.el(".tl-track"), dx, 0).click().perform()


def run_end(page):
    """The track's end: the furthest time reached, s."""
    return float(page.el(".tl-track").get_attribute("aria-valuemax"))


def assert_at(page, fraction, what):
    """The clock settles where `fraction` of the track points, within 1 % of the run."""
    end = run_end(page)
    want = fraction * end

    def close():
        return abs(seconds(page.clock()) - want) <= 0.01 * end

    page.wait(close, lambda: f"{what}: the clock at {want:.3} s (of {end:.3} s), "
                             f"shows {page.clock()}", 5)


def test_seeking_back_then_forward_reaches_the_same_state(page):
    page.open("proto=swim&nodes=12&topo=full&ev=2s.crash.4")
    pause_after(page, 8)
    end_clock, end_hash = page.clock(), trace(page)
    click_track(page, 0.25)
    page.wait(lambda: seconds(page.clock()) < seconds(end_clock) * 0.4, "the clock to go back")
    assert "restored a checkpoint" in status(page), status(page)
    assert trace(page) != end_hash
    page.el(".tl-track").send_keys(Keys.END)
    page.wait(lambda: page.clock() == end_clock, "the clock to return to where it was")
    page.wait(lambda: trace(page) == end_hash, "the same trace hash as before the seek", 3)


def test_stepping_back_names_the_event_it_undid_and_stepping_forward_redoes_it(page):
    page.open("proto=swim&nodes=8&topo=full")
    pause_after(page, 3)
    before = trace(page)
    ActionChains(page.d).send_keys(Keys.ARROW_LEFT).perform()
    page.wait(lambda: "undid:" in status(page), "the status line to name the undone event", 3)
    undone = status(page).split("undid: ")[1]
    page.wait(lambda: trace(page) != before, "the state one event earlier")
    ActionChains(page.d).send_keys(Keys.ARROW_RIGHT).perform()
    page.wait(lambda: undone in status(page), "stepping forward runs that same event", 3)
    page.wait(lambda: trace(page) == before, "the state of before the step back", 3)


def test_acting_in_the_past_forks_and_back_restores_the_previous_script(page):
    # A tab of its own: the session's tab has its history at Chromium's cap of 50 entries
    # after the earlier tests, where a new entry no longer adds to history.length.
    first = page.d.current_window_handle
    page.d.switch_to.new_window("tab")
    try:
        forks_and_back_restores(page)
    finally:
        page.d.close()
        page.d.switch_to.window(first)


def forks_and_back_restores(page):
    page.open("proto=swim&nodes=12&topo=full&ev=6s.crash.4")
    pause_after(page, 10)
    assert "crash.4" in page.query()
    length = page.d.execute_script("return history.length")
    click_track(page, 0.15)
    page.wait(lambda: seconds(page.clock()) < 6, "the clock before the scripted crash")
    click_node(page, 7, 12)
    page.wait(lambda: page.heading().startswith("Node 7"), "node 7 selected", 3)
    page.el("h1").click()
    ActionChains(page.d).send_keys("c").perform()
    page.wait(lambda: "crash.7" in page.query(), "the crash of node 7 recorded")
    assert "crash.4" not in page.query(), page.query()
    assert "Forked" in page.banners(), page.banners()
    assert page.d.execute_script("return history.length") == length + 1
    page.d.back()
    page.wait(lambda: "crash.4" in page.query() and "crash.7" not in page.query(),
              "Back to return to the previous script")
    page.wait(lambda: "Loaded the scenario" in page.banners(), "a notice saying so")


def test_a_member_that_joined_is_drawn_after_a_link_and_after_restart(page):
    page.open("ev=1s.join")
    page.wait(lambda: seconds(page.clock()) >= 1.5, "the join at 1 s")
    click_node(page, 8, 9)
    page.wait(lambda: page.heading().startswith("Node 8"), "node 8 drawn where the ring puts it", 3)
    page.el("h1").click()
    ActionChains(page.d).send_keys("r").perform()
    page.wait(lambda: seconds(page.clock()) >= 1.5, "the join again after Restart")
    ActionChains(page.d).send_keys(Keys.ESCAPE).perform()
    click_node(page, 8, 9)
    page.wait(lambda: page.heading().startswith("Node 8"), "node 8 drawn after Restart", 3)


@pytest.fixture
def long_run(page):
    """A paused run of about 8 s, on a track whose left edge is well inside the page."""
    page.open("proto=swim&nodes=12&topo=full&ev=2s.crash.4")
    pause_after(page, 8)
    left, width = track_box(page)
    assert left > 50 and width > 200, (left, width)
    return page


@pytest.mark.parametrize("fraction", [0.02, 0.5, 0.98])
def test_a_click_on_the_timeline_goes_to_the_time_under_the_pointer(long_run, fraction):
    _, really = offset_for(long_run, fraction)
    click_track(long_run, fraction)
    assert_at(long_run, really, f"a click at {fraction:.0%} of the track")


def test_dragging_along_the_timeline_follows_the_pointer_past_its_end(long_run):
    page = long_run
    track = page.el(".tl-track")
    start, _ = offset_for(page, 0.1)
    mid, really = offset_for(page, 0.6)
    _, w = track_box(page)
    # (One chain per drag: WebDriver forgets a held button between two performs.) A button
    # release does not seek: where the run ends up is where the drag last moved it.
    ActionChains(page.d).move_to_element_with_offset(track, start, 0).click_and_hold() \
        .move_by_offset(mid - start, 0).release().perform()
    assert_at(page, really, "a drag from 10 % to 60 %")
    # On 40 px past the right end, still holding: the drag stays with the track (its end).
    ActionChains(page.d).move_to_element_with_offset(track, start, 0).click_and_hold() \
        .move_by_offset(mid - start, 0).move_by_offset(round(w / 2 - mid + 40), 0) \
        .release().perform()
    assert_at(page, 1.0, "a drag on past the track's right end")


def test_a_finger_tap_on_the_timeline_goes_to_the_time_under_it(long_run):
    page = long_run
    dx, really = offset_for(page, 0.05)
    finger = ActionBuilder(page.d, mouse=PointerInput(interaction.POINTER_TOUCH, "finger"))
    finger.pointer_action.move_to(page.el(".tl-track"), dx, 0).pointer_down().pointer_up()
    finger.perform()
    assert_at(page, really, "a tap at 5 % of the track")


def test_keys_on_the_focused_timeline_go_to_its_ends(long_run):
    page = long_run
    click_track(page, 0.5)
    page.el(".tl-track").send_keys(Keys.HOME)
    assert_at(page, 0.0, "Home")
    page.el(".tl-track").send_keys(Keys.END)
    assert_at(page, 1.0, "End")
