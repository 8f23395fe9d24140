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


def figures(page, pattern):
    """The step's text matched against `pattern` (the numbers it reads from the run)."""
    m = re.search(pattern, text(page))
    assert m, text(page)
    return m


def unlock(page, what, act):
    """Next waits for the reader to do `what`; `act` does it, and Next unlocks."""
    assert not page.el(".lesson-next").is_enabled(), f"Next waits for {what}"
    act()
    page.wait(lambda: page.el(".lesson-next").is_enabled(), f"Next unlocks after {what}")


def step(page):
    return page.el(".lesson-step").text


def log_time(page, words):
    """The time (s) of the event-log line that says `words`."""
    for li in page.d.find_elements(By.CSS_SELECTOR, "ol.lines > li"):
        if words in li.text:
            return li.find_element(By.CSS_SELECTOR, "time").text.strip().rstrip("s")
    raise AssertionError(f"no event-log line says {words!r}")


def first_time(page, observer, active, passive, member):
    """The time (s) of `observer`'s change about `member` in the event log: its own line
    (`node 9 suspects node 5`) or the folded line it opened (`node 5 suspected by 3
    members, ... (first: node 9, ...)`)."""
    for li in page.d.find_elements(By.CSS_SELECTOR, "ol.lines > li"):
        t = li.text
        if f"node {observer} {active} node {member} " in t or (
                f"node {member} {passive} by " in t and f"(first: node {observer}," in t):
            return li.find_element(By.CSS_SELECTOR, "time").text.strip().rstrip("s")
    raise AssertionError(f"no event-log line of node {observer} {active} node {member}")


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
    m = figures(page, r"crashed at ([\d.]+) s.*At ([\d.]+) s it suspected node (\d+)")
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


def next_step(page, n, of):
    page.el(".lesson-next").click()
    page.wait(lambda: f"step {n} of {of}" in step(page), f"step {n}")


def button(page, words):
    return page.d.find_element(By.XPATH, f"//button[contains(., {words!r})]")


def set_field(page, css, value):
    """Types `value` into a settings field key by key and presses Enter, as a person does."""
    field = page.el(css)
    field.click()
    field.send_keys(Keys.CONTROL, "a")
    page.type_slowly(field, list(value))
    field.send_keys(Keys.ENTER)


def total(page, label):
    """The metrics panel's total whose label starts with `label`."""
    dd = page.d.find_element(
        By.XPATH, f"//dl[contains(@class,'totals')]/dt[starts-with(., {label!r})]/following-sibling::dd[1]")
    return dd.text.strip()


def join_after(page, node):
    """Seconds after its join at which the metrics panel says everyone knows `node`."""
    for li in page.d.find_elements(By.CSS_SELECTOR, "ul.joins > li"):
        m = re.match(rf"node {node}: everyone knows it after ([\d.]+) s", li.text)
        if m:
            return float(m.group(1))
    raise AssertionError(f"no join line for node {node}: {page.el('ul.joins').text!r}")


def check_spread(page, node, joined, known, periods, members):
    """The text's join time, spread and N against the event log, the joins list and log₂N + ln N."""
    assert log_time(page, f"node {node} joined") == joined
    assert abs(join_after(page, node) - (float(known) - float(joined))) < 0.006
    assert abs(float(periods) - (float(known) - float(joined)) / 0.5) < 0.06, (periods, known, joined)
    assert page.heading().startswith(f"Node {node}")


def test_lesson_two_walked_end_to_end_joins_members_and_reads_the_spread_back(page):
    open_lesson(page, "lesson=2")
    assert "step 1 of 5" in step(page)
    unlock(page, "the join", lambda: button(page, "Join node").click())

    next_step(page, 2, 5)
    m = figures(page, r"Node 32 joined at ([\d.]+) s\. .*: ([\d, ]+)\. All (\d+) did at ([\d.]+) s, "
                  r"([\d.]+) periods after the join\. .*log₂N \+ ln N = ([\d.]+) rounds for N = (\d+)")
    joined, curve, members, known, periods, rounds, n = m.groups()
    check_spread(page, 32, joined, known, periods, members)
    counts = [int(c) for c in curve.split(", ")]
    assert counts == sorted(counts) and counts[-1] == int(members) == int(n) == 33, curve
    import math
    assert rounds == f"{math.log2(33) + math.log(33):.1f}", rounds

    next_step(page, 3, 5)
    assert not page.el(".lesson-next").is_enabled()
    set_field(page, "#ctl-fanout", "3")
    page.wait(lambda: "fanout = 3 applied live" in page.banners(), "fanout 3 applied")
    assert not page.el(".lesson-next").is_enabled(), "fanout alone is not the second join"
    page.d.execute_script("document.activeElement.blur()")
    page.d.find_element(By.TAG_NAME, "body").send_keys("j")
    page.wait(lambda: page.el(".lesson-next").is_enabled(), "Next unlocks after the second join")

    next_step(page, 4, 5)
    m = figures(page, r"With fanout 3, node 33 was listed by all 34 members ([\d.]+) periods after its "
                  r"join .* against ([\d.]+) periods for node 32")
    faster, before = m.groups()
    assert before == periods and float(faster) < float(periods), (faster, periods)
    assert abs(join_after(page, 33) - float(faster) * 0.5) < 0.06

    next_step(page, 5, 5)
    m = figures(page, r"node 256 joined at ([\d.]+) s\. All (\d+) members listed it after ([\d.]+) periods")
    joined, members, periods = m.groups()
    assert members == "257" and log_time(page, "node 256 joined") == joined == "10.000"
    assert abs(join_after(page, 256) - float(periods) * 0.5) < 0.06
    assert not page.el(".lesson-next").is_enabled(), "the last step"
    assert page.query() == "?lesson=spread&step=5"

    # Back across the change of scenario: the 32-member run again, with fanout 3 and both
    # joins, and the text's figures are that run's, as its joins list shows them.
    page.d.find_element(By.TAG_NAME, "body").send_keys(Keys.ARROW_LEFT)
    page.wait(lambda: "step 4 of 5" in step(page), "back to step 4 by ←")
    m = figures(page, r"With fanout 3, node 33 was listed by all 34 members ([\d.]+) periods")
    assert abs(join_after(page, 33) - float(m.group(1)) * 0.5) < 0.06
    assert page.el("#ctl-fanout").get_property("value") == "3"


def test_lesson_three_walked_end_to_end_takes_the_indirect_probes_away(page):
    open_lesson(page, "lesson=3")
    assert "step 1 of 4" in step(page)
    m = figures(page, r"Every period \(1 s\) .* waits t = 500 ms .* asks k = (\d+) other")
    assert m.group(1) == page.el("#ctl-k").get_attribute("value")
    assert "ping messages stand out" in page.el(".lesson-highlight").text

    next_step(page, 2, 4)
    m = figures(page, r"suspected (\d+) times \(and declared dead (\d+) times\)")
    before, dead = m.groups()
    assert total(page, "false suspicions") == before and total(page, "false d") == dead
    assert "ping-req messages stand out" in page.el(".lesson-highlight").text

    next_step(page, 3, 4)
    unlock(page, "k = 0", lambda: set_field(page, "#ctl-k", "0"))

    next_step(page, 4, 4)
    m = figures(page, r"With k = 0, live members were suspected (\d+) times in the [\d.]+ s from "
                  r"60\.000 s to 120\.000 s, against (\d+) times")
    after, prev = m.groups()
    assert prev == before
    assert total(page, "false suspicions") == str(int(before) + int(after))
    assert int(after) > 5 * int(before), "without ping-req a lost ping is a suspicion"
    assert not page.d.find_elements(By.CSS_SELECTOR, ".lesson-highlight")


def test_lesson_four_walked_end_to_end_refutes_confirms_and_shortens_the_timeout(page):
    open_lesson(page, "lesson=4")
    assert "step 1 of 5" in step(page)
    m = figures(page, r"At ([\d.]+) s node (\d+) suspected node (\d+), which is alive")
    at, accuser, suspect = m.groups()
    assert first_time(page, accuser, "suspects", "suspected", suspect) == at

    next_step(page, 2, 5)
    m = figures(page, r"At ([\d.]+) s node (\d+) heard the rumour about itself and refuted it: it "
                  r"raised its incarnation to (\d+)")
    refuted, who, inc = m.groups()
    assert who == suspect
    assert log_time(page, f"node {who} refutes: alive with incarnation {inc}") == refuted

    next_step(page, 3, 5)
    m = figures(page, r"Node 5 really crashed at ([\d.]+) s.* Node (\d+) suspected it at ([\d.]+) s;.*"
                  r"node (\d+) declared it dead at ([\d.]+) s")
    crashed, first, suspected, decl, dead_at = m.groups()
    assert log_time(page, "node 5 crashed") == crashed
    assert first_time(page, first, "suspects", "suspected", 5) == suspected
    assert first_time(page, decl, "declares dead", "declared dead", 5) == dead_at

    next_step(page, 4, 5)
    unlock(page, "n = 1", lambda: set_field(page, "#ctl-n", "1"))

    next_step(page, 5, 5)
    m = figures(page, r"With n = 1, live members were declared dead (\d+) times in the [\d.]+ s from "
                  r"[\d.]+ s to 150\.000 s, against (\d+) times before")
    deaths, before = m.groups()
    assert total(page, "false d") == str(int(deaths) + int(before))
    assert int(deaths) > 0


def test_lesson_five_walked_end_to_end_splits_the_cluster_and_heals_it(page):
    open_lesson(page, "lesson=5")
    assert "step 1 of 5" in step(page)
    assert "All follow node 0" in text(page), text(page)
    assert "Leader: node 0" in page.el(".leader-box").text, page.el(".leader-box").text
    assert not page.el(".lesson-next").is_enabled()
    button(page, "Split in two").click()
    page.wait(lambda: page.el(".lesson-next").is_enabled(), "Next unlocks once partitioned")

    next_step(page, 2, 5)
    m = figures(page, r"Partitioned at ([\d.]+) s into 0–7 and 8–15\. .*own: nodes (\d+) and (\d+)\. "
                  r"More than one leader since ([\d.]+) s")
    at, a, b, since = m.groups()
    assert log_time(page, "network partitioned into 2 sides") == at
    assert (a, b) == ("0", "8")
    assert "2 leaders followed (0, 8)" in page.el(".leader-box").text, page.el(".leader-box").text
    so_far = re.search(r"split brain, ([\d.]+ s) so far", text(page)).group(1)
    assert f"split brain so far: {so_far}" in page.el(".leader-box").text, page.el(".leader-box").text
    assert "follows leader 8" in page.el(".node-facts").text, page.el(".node-facts").text

    next_step(page, 3, 5)
    assert not page.el(".lesson-next").is_enabled(), "Next waits for the heal"
    page.d.execute_script("document.activeElement.blur()")
    page.d.find_element(By.TAG_NAME, "body").send_keys("h")
    page.wait(lambda: page.el(".lesson-next").is_enabled(), "Next unlocks once healed")

    next_step(page, 4, 5)
    m = figures(page, r"Healed at ([\d.]+) s\. .*false deaths went from (\d+) at the heal to (\d+) by .*"
                  r"node (\d+) went to incarnation (\d+) at ([\d.]+) s\).* "
                  r"all 16 members follow node (\d+) again")
    healed, fd_heal, fd_now, refuter, inc, refuted, leader = m.groups()
    assert total(page, "false d") == fd_now
    assert int(fd_now) > int(fd_heal), "the heal spreads each side's verdicts"
    assert log_time(page, "partition healed") == healed
    assert log_time(page, f"node {refuter} refutes: alive with incarnation {inc}") == refuted
    assert float(refuted) > float(healed)
    assert f"Leader: node {leader}" in page.el(".leader-box").text, page.el(".leader-box").text
    lasted = re.search(r"split brain lasted ([\d.]+ s) in all", text(page)).group(1)
    assert f"split brain so far: {lasted}" in page.el(".leader-box").text, page.el(".leader-box").text

    next_step(page, 5, 5)
    m = figures(page, r"By ([\d.]+) s, .*every member holds every other alive.* cost (\d+) false deaths .*"
                  r"and (\d+) false suspicions")
    _, fd, fs = m.groups()
    assert total(page, "false d") == fd and total(page, "false suspicions") == fs
    assert not page.el(".lesson-next").is_enabled(), "the last step"


def test_lesson_six_walked_end_to_end_turns_on_lifeguard_and_phi_and_reads_the_totals(page):
    open_lesson(page, "lesson=6")
    assert "step 1 of 8" in step(page)
    assert page.heading().startswith("Node 3")

    next_step(page, 2, 8)
    m = figures(page, r"In all (\d+) false suspicions and (\d+) false deaths, (\d+) of them of healthy")
    fs, fd, healthy = m.groups()
    assert total(page, "false suspicions") == fs
    assert total(page, "false d") == fd
    assert int(healthy) > 0

    next_step(page, 3, 8)
    assert not page.el(".lesson-next").is_enabled()
    set_field(page, "#ctl-lifeguard", "on")
    page.wait(lambda: page.el(".lesson-next").is_enabled(), "Next unlocks with Lifeguard on")

    next_step(page, 4, 8)
    m = figures(page, r"With Lifeguard on, by 60\.000 s: (\d+) false suspicions and (\d+) false deaths "
                  r"\((\d+) of healthy members\), against (\d+) and (\d+) without it")
    lfs, lfd, _, before_fs, before_fd = m.groups()
    assert (before_fs, before_fd) == (fs, fd)
    assert total(page, "false suspicions") == lfs and total(page, "false d") == lfd
    assert int(lfs) < int(fs)

    next_step(page, 5, 8)
    m = figures(page, r"By 80\.000 s: (\d+) false suspicions.*crashed at ([\d.]+) s, was first suspected "
                  r"([\d.]+) s after")
    fixed_fs, crashed, delay = m.groups()
    assert total(page, "false suspicions") == fixed_fs
    assert log_time(page, "node 5 crashed") == crashed

    next_step(page, 6, 8)
    from selenium.webdriver.support.ui import Select
    Select(page.el("#ctl-detector")).select_by_value("phi")
    page.wait(lambda: page.el(".lesson-next").is_enabled(), "Next unlocks with phi accrual")

    next_step(page, 7, 8)
    m = figures(page, r"φ > 8: (\d+) false suspicions by 80\.000 s, against (\d+) with a fixed t, but node "
                  r"5 was first suspected only ([\d.]+) s")
    phi_fs, prev, phi_delay = m.groups()
    assert prev == fixed_fs and total(page, "false suspicions") == phi_fs
    assert int(phi_fs) < int(fixed_fs) and float(phi_delay) > float(delay)
    unlock(page, "phi = 3", lambda: set_field(page, "#ctl-phi", "3"))

    next_step(page, 8, 8)
    m = figures(page, r"With φ > 3: (\d+) false suspicions by 80\.000 s, against (\d+) at the threshold "
                  r"before, and node 5 first suspected ([\d.]+) s")
    low_fs, prev, low_delay = m.groups()
    assert prev == phi_fs and total(page, "false suspicions") == low_fs
    assert float(low_delay) < float(phi_delay)


@pytest.mark.parametrize("query", ["lesson=2&step=2", "lesson=5&step=2", "lesson=6&step=7"])
def test_on_a_phone_lessons_two_five_and_six_read_without_sideways_scrolling(phone, query):
    page = open_lesson(phone, query)
    wide = page.d.execute_script("return document.documentElement.scrollWidth")
    width = page.d.execute_script("return innerWidth")
    assert wide <= width, f"{query}: the page is {wide} px wide in a {width} px window"
    box = page.el(".lesson-text")
    inner = page.d.execute_script("return [arguments[0].scrollWidth, arguments[0].clientWidth]", box)
    assert inner[0] <= inner[1], f"{query}: the step's text overflows its box: {inner}"
    assert page.el(".lesson-next").is_displayed()
