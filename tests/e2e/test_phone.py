"""The page on a phone (390 px wide): the welcome and the canvas come first, the sweep form
after them, the timeline keeps its step-back buttons, and the open tune form fits the width."""

import pytest


@pytest.fixture
def phone(page):
    size = page.d.get_window_size()
    page.d.set_window_size(390, 844)
    yield page
    page.d.set_window_size(size["width"], size["height"])


def top(page, css):
    return page.d.execute_script(
        f"return document.querySelector({css!r}).getBoundingClientRect().top + scrollY")


def test_on_a_phone_the_welcome_and_the_canvas_come_before_the_sweep_form(phone):
    page = phone.open()
    width = page.d.execute_script("return innerWidth")
    assert width <= 400, f"the window is {width} px wide"
    welcome, canvas, sweep = top(page, ".banners"), top(page, "canvas.cluster"), top(page, ".sweep")
    assert "Welcome" in page.banners()
    assert welcome < canvas < sweep, (welcome, canvas, sweep)
    assert canvas < 400, f"the canvas starts {canvas:.0f} px down the page"
    backs = page.d.find_elements("css selector", ".timeline .tl-back")
    assert len(backs) == 2 and all(b.is_displayed() for b in backs)
    track = page.el(".tl-track").size["width"]
    assert track > 120, f"the track is {track} px wide"


def test_on_a_phone_the_open_tune_form_fits_the_width(phone):
    page = phone.open()
    page.el("#tune summary").click()
    page.wait(lambda: page.el("#tune").get_attribute("open") is not None, "the tune panel to open")
    wide = page.d.execute_script(
        "return [document.documentElement.scrollWidth, innerWidth, "
        "[...document.querySelectorAll('#tune select')].map(s => s.getBoundingClientRect().right)];"
    )
    assert wide[0] <= wide[1], f"the page is {wide[0]} px wide in a {wide[1]} px window: {wide}"
    assert all(r <= wide[1] for r in wide[2]), wide
