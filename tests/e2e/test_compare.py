"""A/B: a link with b. keys opens two runs side by side with a diff table; a node clicked on
canvas A and crashed with the C key is crashed in both runs and recorded once in the URL; the
Compare… control starts a comparison typed key by key; below 700 px the runs stack."""

import time
import urllib.parse

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from test_canvas_click import click_node

AB = "proto=swim&nodes=8&topo=full&loss=10&b.k=0"


def canvases(page):
    return page.d.find_elements(By.CSS_SELECTOR, "canvas.cluster")


def run_lines(page):
    return [p.text for p in page.d.find_elements(By.CSS_SELECTOR, ".ab .run-line")]


def test_an_ab_link_runs_both_and_a_crash_on_canvas_a_applies_to_both(page):
    page.open(AB)
    assert len(canvases(page)) == 2
    heads = [h.text for h in page.d.find_elements(By.CSS_SELECTOR, ".compare-diff thead th")]
    assert heads[1:] == ["A · k=3", "B · k=0"], heads
    # Messages per member per second differ (B sends no ping-reqs): one value is marked.
    page.wait(
        lambda: page.d.find_elements(By.CSS_SELECTOR, ".compare-diff td.better"),
        "a better value marked in the diff table",
    )
    msgs = [
        r for r in page.d.find_elements(By.CSS_SELECTOR, ".compare-diff tbody tr")
        if r.text.startswith("messages per member per second")
    ]
    assert msgs and msgs[0].find_elements(By.CSS_SELECTOR, "td.better"), msgs[0].text

    click_node(page, 2, 8)
    page.wait(lambda: page.heading().startswith("Node 2"), "the panel heading says Node 2", 3)
    ActionChains(page.d).send_keys("c").perform()
    page.wait(lambda: "crash.2" in page.query(), "the crash recorded in the URL", 3)
    q = urllib.parse.unquote(page.query())
    assert q.count("crash.2") == 1, q
    assert q.endswith("&b.k=0"), q
    page.wait(
        lambda: all("1 crashed" in line for line in run_lines(page)) and len(run_lines(page)) == 2,
        lambda: f"both runs to show one crashed member: {run_lines(page)}",
        5,
    )
    # The crash is a failure in both runs: the diff table gets its detection rows.
    page.wait(
        lambda: "node 2 crashed at" in page.el(".compare-diff").text,
        "the diff table's rows for node 2's crash",
        10,
    )
    page.assert_running()


def test_compare_control_starts_a_comparison_typed_key_by_key(page):
    page.open("proto=swim&nodes=8&topo=full")
    assert len(canvases(page)) == 1
    page.el(".compare-open").click()
    field = page.el("#compare-keys")
    field.click()
    page.type_slowly(field, list("k=0"))
    field.send_keys(Keys.ENTER)
    page.wait(lambda: len(canvases(page)) == 2, "the second canvas", 5)
    page.wait(lambda: page.query().endswith("&b.k=0"), "b.k=0 in the URL", 3)
    page.assert_running()
    page.el(".compare-stop").click()
    page.wait(lambda: len(canvases(page)) == 1, "back to one canvas", 5)
    assert "b." not in page.query(), page.query()


def test_below_700_px_the_two_runs_stack(page):
    page.d.set_window_size(600, 900)
    try:
        page.open(AB)
        a, b = canvases(page)
        time.sleep(0.3)
        ra, rb = a.rect, b.rect
        assert rb["y"] >= ra["y"] + ra["height"], (ra, rb)
        assert abs(ra["width"] - rb["width"]) < 2, (ra, rb)
    finally:
        page.d.set_window_size(1280, 900)


def test_a_key_b_holds_changed_in_the_panel_says_it_applies_to_a_only(page):
    from selenium.webdriver.support.ui import Select
    page.open("proto=swim&nodes=8&topo=ring&b.topo=mesh&b.degree=4")
    assert page.value(page.el("#compare-keys")) == "topo=mesh&degree=4"
    Select(page.el("#ctl-topo")).select_by_value("full")
    page.wait(lambda: "run A only" in page.banners(), "a notice that B keeps its topology")
    assert "topo=mesh" in page.banners(), page.banners()
    q = urllib.parse.unquote(page.query())
    assert "topo=full" in q and "b.topo=mesh" in q, q


def test_the_lifeguard_preset_lists_only_the_key_b_really_changes(page):
    page.open(
        "proto=swim&profile=lan&nodes=32&topo=full&lifeguard=off&ev=5s.slow.3.1200ms&b.lifeguard=on"
    )
    assert page.value(page.el("#compare-keys")) == "lifeguard=on"
    heads = [h.text for h in page.d.find_elements(By.CSS_SELECTOR, ".compare-diff thead th")]
    assert heads[1:] == ["A · lifeguard=off", "B · lifeguard=on"], heads
