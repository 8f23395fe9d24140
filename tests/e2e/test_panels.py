"""The sweep and tune panels are an app of their own (src/components/panels.rs), loaded once the
page has rendered: they sit outside the page's app, the page runs without them, and when they
cannot be loaded the page says so where they would be and goes on."""

from selenium.webdriver.common.by import By

from test_timeline import seconds, trace


def test_the_panels_load_beside_the_page_after_it(page):
    page.open("proto=swim&nodes=16&topo=full&loss=10")
    beside = page.d.execute_script(
        "const a = document.getElementById('app'), p = document.getElementById('panels');"
        "return !a.contains(p) && a.parentNode === p.parentNode;"
    )
    assert beside, "the panels' host is a sibling of #app"
    # The page tells them its scenario through the host's attributes.
    host = page.el("#panels")
    assert "loss=10" in host.get_attribute("data-scenario")
    assert page.d.find_elements(By.CSS_SELECTOR, "#panels details.tune")
    # The footer stays last on the page.
    footer = page.el("footer").location["y"]
    assert footer > page.el("#panels #tune").location["y"]


def test_when_the_panels_cannot_load_the_page_says_so_and_runs_on(page):
    page.d.execute_cdp_cmd("Network.enable", {})
    page.d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    page.d.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*panels_bg.wasm"]})
    try:
        page.d.get(page.base + "?proto=swim&nodes=16")
        page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, "canvas.cluster"), "the app mounts")
        page.wait_running()
        page.wait(
            lambda: page.el("#panels").get_attribute("data-failed") is not None,
            "the panels' host to say they failed",
        )
        said = page.d.execute_script(
            "return getComputedStyle(document.getElementById('panels'), '::before').content"
        )
        assert "could not be loaded" in said, said
        assert page.el("#panic").get_attribute("hidden") is not None, "no crash notice"
        page.assert_running()
    finally:
        page.d.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
        page.d.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": False})


def test_following_the_sweep_link_keeps_the_run_where_it_is(page):
    page.open("proto=swim&nodes=16&topo=full&ev=3s.crash.3")
    page.wait(lambda: seconds(page.clock()) > 4, "the clock past the crash", 20)
    page.el(".compare-bar .sweep-link").click()
    page.wait(lambda: page.d.execute_script("return location.hash") == "#sweep", "#sweep")
    after = seconds(page.clock())
    assert after > 4, f"the run went back to {after} s"
    assert "crash.3" in page.query()
    # The address keeps its fragment while the page rewrites its query.
    page.wait(lambda: seconds(page.clock()) > after + 1, "the run to go on")
    assert page.d.execute_script("return location.hash") == "#sweep"


def test_a_sweep_link_opened_directly_scrolls_to_the_panel_once_it_loads(page):
    page.d.get(page.base + "?proto=swim&nodes=16#sweep")
    page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, "#panels #sweep"), "the panels load")
    page.wait(
        lambda: page.d.execute_script(
            "const r = document.getElementById('sweep').getBoundingClientRect();"
            "return scrollY > 0 && r.top >= -2 && r.bottom <= innerHeight + 2;"
        ),
        "the window scrolled to the sweep panel",
        5,
    )
    assert page.d.execute_script("return location.hash") == "#sweep"
