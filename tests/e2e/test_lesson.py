"""Lesson 1, walked as a person would: open it by its link, read each step, press Next, do
what the asking step asks (crash node 3's two neighbours), and check that the numbers in the
text are the run's own, as the node panel and the event log show them."""

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def open_lesson(page, query):
    page.d.get(page.base + "?" + query)
    page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, ".lesson-text"), "the lesson panel")
    return page


def text(page):
    return page.el(".lesson-text").text


def step(page):
    return page.el(".lesson-step").text


def log_time(page, words):
    """The time (s) of the event-log line that says `words`."""
    for li in page.d.find_elements(By.CSS_SELECTOR, "ol.lines > li"):
        if words in li.text:
            return li.find_element(By.CSS_SELECTOR, "time").text.strip().rstrip("s")
    raise AssertionError(f"no event-log line says {words!r}")


def crash(page, node):
    box = page.el(".pick input")
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    page.type_slowly(box, [str(node)])
    box.send_keys(Keys.ENTER)
    page.wait(lambda: page.heading().startswith(f"Node {node}"), f"node {node} selected")
    page.d.execute_script("document.activeElement.blur()")
    page.d.find_element(By.TAG_NAME, "body").send_keys("c")
    page.wait(lambda: "crashed" in page.el(".node-facts .state").text.lower(), f"node {node} down")


def test_lesson_one_walked_end_to_end_shows_the_runs_own_numbers(page):
    open_lesson(page, "lesson=1")
    assert "step 1 of 6" in step(page)
    assert page.query() == "?lesson=heartbeats&step=1"
    # Step 1: node 3's own heartbeat counter, as its panel shows it.
    assert page.heading().startswith("Node 3")
    counter = re.search(r"node 3's own counter is (\d+)", text(page)).group(1)
    assert f"heartbeat {counter}" in page.el(".node-facts").text, page.el(".node-facts").text
    back = page.el(".lesson-back")
    assert not back.is_enabled()

    page.el(".lesson-next").click()
    page.wait(lambda: "step 2 of 6" in step(page), "step 2")
    assert "t = 10 s" in text(page) and "n·t = 20 s" in text(page), text(page)

    page.el(".lesson-next").click()
    page.wait(lambda: "step 3 of 6" in step(page), "step 3")
    nxt = page.el(".lesson-next")
    assert not nxt.is_enabled(), "Next waits for the reader"
    crash(page, 2)
    assert not page.el(".lesson-next").is_enabled(), "one neighbour down is not both"
    crash(page, 4)
    page.wait(lambda: page.el(".lesson-next").is_enabled(), "Next unlocks")

    page.el(".lesson-next").click()
    page.wait(lambda: "step 4 of 6" in step(page), "step 4")
    m = re.search(r"crashed at ([\d.]+) s.*At ([\d.]+) s it suspected node (\d+)", text(page))
    assert m, text(page)
    crashed_at, suspected_at, whom = m.groups()
    assert log_time(page, "node 2 crashed") == crashed_at
    assert log_time(page, f"node 3 suspects node {whom}") == suspected_at
    assert page.query() == "?lesson=heartbeats&step=4"

    # The arrow keys move between steps too.
    page.d.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    page.wait(lambda: "step 5 of 6" in step(page), "step 5 by →")
    assert "removed each: node" in text(page), text(page)
    page.d.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_RIGHT)
    page.wait(lambda: "step 6 of 6" in step(page), "step 6 by →")
    removals = re.findall(r"node (\d+) at ([\d.]+) s", text(page))
    assert len(removals) == 5, text(page)  # the five live members
    assert not page.el(".lesson-next").is_enabled(), "the last step"
    page.d.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_LEFT)
    page.wait(lambda: "step 5 of 6" in step(page), "back to step 5 by ←")

    # Leaving keeps the run, as a plain scenario link.
    page.el(".lesson-leave").click()
    page.wait(lambda: not page.d.find_elements(By.CSS_SELECTOR, ".lesson"), "the lesson closes")
    q = page.query()
    assert "lesson" not in q and "crash.2" in q and "crash.4" in q, q


def test_the_welcome_offers_the_lessons_first(page):
    page.open()
    assert "Learn it by doing" in page.banners()
    learn = page.el(".learn")
    presets = page.el(".presets")
    assert learn.location["y"] < presets.location["y"]
    learn.find_element(By.CSS_SELECTOR, "button").click()
    page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, ".lesson-text"), "lesson 1 opens")
    assert page.query() == "?lesson=heartbeats&step=1"


@pytest.fixture
def phone(page):
    size = page.d.get_window_size()
    page.d.set_window_size(390, 844)
    yield page
    page.d.set_window_size(size["width"], size["height"])


def test_on_a_phone_a_lesson_is_readable_canvas_first_without_sideways_scrolling(phone):
    page = open_lesson(phone, "lesson=1&step=4")
    top = lambda css: page.d.execute_script(
        f"return document.querySelector({css!r}).getBoundingClientRect().top + scrollY")
    assert top("canvas.cluster") < top(".lesson-text")
    wide = page.d.execute_script("return document.documentElement.scrollWidth")
    width = page.d.execute_script("return innerWidth")
    assert wide <= width, f"the page is {wide} px wide in a {width} px window"
    assert page.el(".lesson-next").is_displayed()
