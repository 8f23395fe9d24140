"""Faults production sees, from the page: select a member, slow it, pause it, cut a link."""

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select


def button(page, text):
    for b in page.d.find_elements(By.CSS_SELECTOR, ".faults button"):
        if b.text.strip().startswith(text):
            return b
    raise AssertionError(f"no fault button {text!r}")


def test_slow_pause_and_cut_are_recorded_and_applied(page):
    page.open("proto=swim&nodes=8&topo=full")
    box = page.el(".pick input")
    box.click()
    page.type_slowly(box, ["2"])
    box.send_keys(Keys.ENTER)
    page.wait(lambda: page.heading().startswith("Node 2"), "node 2 selected", 3)
    Select(page.el(".faults select[aria-label='How late a slowed member reads each message']")).select_by_visible_text("800 ms")
    Select(page.el(".faults select[aria-label='How long the slowdown lasts']")).select_by_visible_text("for 30 s")
    button(page, "Slow 800 ms").click()
    page.wait(lambda: ".slow.2.800ms" in page.query(), "the slowdown recorded in the URL")
    page.wait(lambda: ".fast.2" in page.query(), "its end recorded in the URL")
    Select(page.el(".faults select[aria-label='How long a pause lasts']")).select_by_visible_text("20 s")
    button(page, "Pause 20 s").click()
    page.wait(lambda: ".pause.2.20s" in page.query(), "the pause recorded in the URL")
    target = page.el(".faults .cut input")
    target.click()
    page.type_slowly(target, ["5"])
    button(page, "cut ⇄").click()
    page.wait(lambda: ".cut.2-5" in page.query(), "the two-way cut recorded in the URL")
    page.assert_running()
