"""Typing partition groups key by key, waiting, then clicking Partition."""

from selenium.webdriver.common.by import By


def test_groups_typed_slowly_survive_refreshes_and_partition_applies_them(page):
    page.open()
    box = page.el(".partition input")
    box.click()
    page.type_slowly(box, list("0-3.4-7"))
    page.hold(box, "0-3.4-7", 1.2)
    page.el(".partition").find_element(By.XPATH, ".//button[contains(., 'Partition')]").click()
    page.wait(lambda: "partition.0-3.4-7" in page.query(), "the partition recorded in the URL")
    page.wait(
        lambda: "network partitioned into 2 sides" in page.el(".log").text,
        "the event log shows the partition",
    )
    page.hold(box, "0-3.4-7", 0.6)
