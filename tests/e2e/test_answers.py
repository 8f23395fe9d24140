"""The page's answers checked against the run itself, as a person reads them: the why panel
names the prober's own probe (its ping, its k ping-reqs), and the A/B preset credits no
detection sooner than a probe can fail. The expected values are the engine's: the same
scenario and seed give the same run natively (`gossip-sim why ...`) and in the page."""

import re
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from test_timeline import click_track, pause_after, seconds
from test_why import select, why


def test_the_why_panel_names_the_probers_own_ping_and_its_three_ping_reqs(page):
    # Node 11's own probe of node 3 began at 11.220 s; its ping-reqs went to 15, 1 and 7 at
    # 11.720 s (`gossip-sim why 'proto=swim&nodes=16&topo=full&k=3&ev=10s.crash.3' --at 30s
    # --observer 0 --member 3`). At 12.091 s node 11 also pinged node 3 relaying node 4's
    # ping-req: that ping is not node 11's probe, and the panel used to name it.
    page.open("proto=swim&nodes=16&topo=full&k=3&ev=10s.crash.3")
    pause_after(page, 20)
    select(page, 0)
    text = why(page, 3)
    story = text.split("Sequence diagram")[0] if "Sequence diagram" in text else text
    assert "node 11's period starts: it pings node 3" in story, story
    assert "11.220" in story, story
    relays = re.findall(r"ping-req to node (\d+)", story)
    assert sorted(set(relays)) == ["1", "15", "7"], story
    assert "no ping-req" not in story.lower(), story
    assert "12.091" not in story, "the relayed ping is node 4's story, not node 11's"


def first_suspicion_cells(page):
    rows = [
        r for r in page.d.find_elements(By.CSS_SELECTOR, ".compare-diff tbody tr")
        if "first suspicion" in r.text
    ]
    if not rows:
        return None
    cells = rows[0].find_elements(By.TAG_NAME, "td")
    return [c.text for c in cells[1:3]]


def test_the_ab_preset_credits_no_first_suspicion_sooner_than_a_probe_can_fail(page):
    # 15 % loss: some members already suspect node 5 when it crashes at 20 s. Those
    # suspicions are not its detection; a probe that starts after the crash needs at least
    # the ack timeout t = 500 ms to fail. It showed "40 ms ✓" before.
    page.open("proto=swim&nodes=32&topo=full&loss=15&ev=20s.crash.5&b.k=0")
    # The clock runs at 1×: wait on it as a person would, past both runs' first suspicion
    # (21.5 s).
    page.wait(lambda: seconds(page.clock()) >= 23, "the clock to pass 23 s", 60)
    page.wait(lambda: first_suspicion_cells(page), "the diff table's first-suspicion row", 10)
    cells = first_suspicion_cells(page)
    for cell in cells:
        ms = int(re.search(r"(\d+) ms", cell.replace(",", "")).group(1))
        assert ms >= 500, cells
    assert "already suspected at the crash" in page.el(".compare-diff").text


def chart_images(page):
    """Both metrics charts as PNG data URLs (what is drawn, pixel for pixel)."""
    return [
        page.d.execute_script("return arguments[0].toDataURL()", page.el(f"canvas.chart-canvas.{k}"))
        for k in ("members", "load")
    ]


def test_the_charts_after_a_seek_back_and_forth_are_the_charts_of_the_straight_run(page):
    # They used to forget their history on a seek: 0–3 s, then a false ramp, and the crash
    # step at the wrong time.
    page.open("proto=swim&nodes=32&topo=full&ev=10s.crash.5")
    pause_after(page, 20)
    clock = page.clock()
    page.d.execute_script(
        "arguments[0].scrollIntoView({block: 'center'})", page.el("canvas.chart-canvas.members"))
    time.sleep(0.5)
    straight = chart_images(page)
    # Back to the start of the crash's story, then End: the furthest time reached.
    click_track(page, 0.25)
    page.wait(lambda: page.clock() != clock, "the seek back", 5)
    track = page.el(".tl-track")
    ActionChains(page.d).move_to_element(track).click().perform()
    track.send_keys(Keys.END)
    page.wait(lambda: page.clock() == clock, f"End to bring the clock back to {clock}", 10)
    page.d.execute_script(
        "arguments[0].scrollIntoView({block: 'center'})", page.el("canvas.chart-canvas.members"))
    time.sleep(0.5)
    assert chart_images(page) == straight
