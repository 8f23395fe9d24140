"""Motion that explains: a member whose look changes pulses where it is drawn; the run's first
suspicion is marked on the canvas (a ring on the suspect) and labelled on the timeline, and
so is the refutation that answers it; a lesson plays slowly. The canvas exposes what it
draws as `data-pulses` (members pulsing now) and `data-marks` (key moments marked now)."""

import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from test_canvas_click import node_offset

AMBER = (245, 158, 11)  # render/palette.rs: look_colour(Suspected)


def attr(page, name):
    return page.el("canvas.cluster").get_attribute(name) or ""


def ring_colours(page, node, n, radius):
    """The canvas's colours on a circle of `radius` CSS px around node `node` of `n`."""
    canvas, dx, dy = node_offset(page, node, n)
    return page.d.execute_script(
        """const [c, dx, dy, r] = arguments, k = c.width / c.clientWidth;
        const cx = c.clientWidth / 2 + dx, cy = c.clientHeight / 2 + dy, out = [];
        const g = c.getContext('2d');
        for (let i = 0; i < 48; i++) {
          const a = 2 * Math.PI * i / 48;
          const d = g.getImageData(Math.round((cx + r * Math.cos(a)) * k),
                                   Math.round((cy + r * Math.sin(a)) * k), 1, 1).data;
          out.push([d[0], d[1], d[2]]);
        }
        return out;""",
        canvas, dx, dy, radius)


def secs(clock):
    """The toolbar clock's `m:ss.mmm` in seconds."""
    m, s = clock.split(":")
    return int(m) * 60 + float(s)


def near(c, want, tol=40):
    return all(abs(a - b) <= tol for a, b in zip(c, want))


def test_a_crashed_member_pulses_when_suspected_and_its_first_suspicion_is_marked(page):
    # Node 3 crashes at 1 s; node 4 suspects it first at 2.521 s (same seed, same run).
    page.open("proto=swim&nodes=8&topo=full&ev=1s.crash.3&seed=1")
    page.wait(lambda: "3" in attr(page, "data-pulses").split(), "node 3 to pulse", 15)
    page.wait(lambda: "first-suspicion:3" in attr(page, "data-marks"),
              "node 3's first suspicion marked on the canvas", 5)
    ActionChains(page.d).send_keys(" ").perform()  # pause, as a person would
    page.wait(lambda: page.el(".toolbar button").text.endswith("Play"), "paused", 3)
    # Pulses play out in under a second of wall time, paused or not; the mark stays.
    page.wait(lambda: attr(page, "data-pulses") == "", "the pulse to end", 3)
    key = page.el(".tl-key.suspicion")
    assert "first suspicion: node 3 by node 4" in key.get_attribute("title"), key.get_attribute("title")
    assert key.text == "1st suspicion"
    # The mark's ring: amber, 7 px outside node 3's disc (radius 13 at this size).
    colours = ring_colours(page, 3, 8, 13 + 7)
    amber = sum(near(c, AMBER) for c in colours)
    assert amber >= 30, f"{amber} of 48 points amber on the ring: {colours[:6]}…"
    # Away from node 3 (node 6, across the ring) there is no such ring.
    assert sum(near(c, AMBER) for c in ring_colours(page, 6, 8, 20)) < 6


def test_a_refutation_is_marked_where_it_happens_and_on_the_timeline(page):
    # At 20 % loss node 4 suspects node 0 at 1.521 s; node 0 refutes at 1.846 s.
    page.open("proto=swim&nodes=8&topo=full&loss=20&seed=1")
    page.wait(lambda: "refutation:0" in attr(page, "data-marks"),
              "node 0's refutation marked on the canvas", 15)
    marks = page.d.find_elements(By.CSS_SELECTOR, ".tl-key")
    # Two close marks share one word (see key_labels), two apart have one each.
    words = [m.text for m in marks]
    assert " · ".join(w for w in words if w) == "1st suspicion · refuted", words
    assert "node 0 refutes" in marks[1].get_attribute("title")
    at = [int(m.get_attribute("data-at")) for m in marks]
    assert at == [1520644, 1845908], at
    # The words are read out too: the timeline's hidden summary names both.
    summary = page.el(".timeline .sr-only").get_attribute("textContent")
    assert "first suspicion: node 0 by node 4" in summary and "node 0 refutes" in summary


def test_a_lesson_plays_slowly_with_its_messages_named_and_leaving_restores_the_speed(page):
    page.d.get(page.base + "?lesson=1")
    page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, ".lesson-text"), "the lesson opens")
    assert page.el(".speed-value").text == "0.1×"
    # Play: at 0.1× a 500 ms gossip period lasts 5 s of wall time.
    ActionChains(page.d).send_keys(" ").perform()
    page.wait(lambda: page.el(".toolbar button").text.endswith("Pause"), "playing", 3)
    start = page.clock()
    time.sleep(2.0)
    moved = secs(page.clock()) - secs(start)
    assert 0.1 <= moved <= 0.35, f"the clock moved {moved:.3f} s in 2 s of wall time"
    page.el(".lesson-leave").click()
    page.wait(lambda: page.el(".speed-value").text == "1×", "the speed back to 1× on leaving", 3)
