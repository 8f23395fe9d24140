"""Arrow-up three times on the loss field: the field counts 1, 2, 3 and one change to 3 is
applied, after the pause."""

import time

from selenium.webdriver.common.keys import Keys


def test_three_arrow_ups_on_loss_show_3_and_record_one_loss_change(page):
    page.open()
    field = page.el("#ctl-loss")
    assert page.value(field) == "0"
    field.click()
    page.type_slowly(field, [Keys.ARROW_UP] * 3, expect=["1", "2", "3"])
    page.wait(lambda: "set.loss.3" in page.query(), "loss 3 recorded in the URL after the pause")
    time.sleep(1.2)  # nothing more arrives later
    q = page.query()
    assert q.count(".loss.") == 1, f"exactly one loss change is recorded: {q}"
    assert page.value(field) == "3"
    page.el("h1").click()
    page.hold(field, "3", 0.6)
    page.assert_running()
