"""Choosing a topology in its select applies it once and the choice stays shown."""

from selenium.webdriver.support.ui import Select


def test_choosing_full_topology_restarts_once_and_keeps_the_choice(page):
    page.open()
    topo = page.el("#ctl-topo")
    assert page.value(topo) == "ring"
    Select(topo).select_by_value("full")
    page.wait(lambda: "topo=full" in page.query(), "topo=full in the URL")
    page.wait(lambda: "restarted" in page.banners(), "a notice saying the run restarted")
    page.hold(topo, "full", 1.0)
    assert page.banners().count("restarted") == 1, page.banners()
    page.assert_running()
