"""Sweeps: the panel, typed key by key, runs a small sweep in Web Workers while the page keeps
running; the four plots fill; a click where a point is drawn on the trade-off plot lists its
runs with the links that replay them; the CSV export downloads every run; a bad value is named;
Cancel stops a long sweep."""

import csv
import pathlib
import time
import urllib.parse

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys


def field(page, css):
    el = page.el(css)
    page.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()
    el.send_keys(Keys.CONTROL, "a")
    return el


def progress(page):
    return page.el(".sweep-progress")


def drawn_points(canvas):
    """The canvas's data-points: point index -> (x, y) CSS px."""
    out = {}
    for item in (canvas.get_attribute("data-points") or "").split():
        p, x, y = item.split(":")
        out.setdefault(int(p), (int(x), int(y)))
    return out


def colours(page, canvas):
    """Distinct colours on the canvas (a blank plot has one or two)."""
    return page.d.execute_script(
        """const c = arguments[0], d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length; i += 4 * 7) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        return seen.size;""",
        canvas,
    )


def test_a_small_sweep_typed_key_by_key_completes_with_plots_runs_and_a_csv(page, tmp_path):
    page.open("proto=swim&nodes=16&topo=full&loss=10")
    page.d.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    page.type_slowly(field(page, "#sweep-values"), list("0..2"))
    page.type_slowly(field(page, "#sweep-seeds"), ["3"])
    until = field(page, "#sweep-until")
    page.type_slowly(until, list("30s"))
    until.send_keys(Keys.TAB)
    page.el("#sweep-run").click()
    page.wait(
        lambda: progress(page).get_attribute("data-state") == "done",
        lambda: f"the sweep to finish: {progress(page).text}",
        60,
    )
    assert progress(page).get_attribute("data-done") == "9"
    assert progress(page).get_attribute("data-total") == "9"
    page.assert_running()  # the page's own run went on meanwhile
    rows = page.d.find_elements(By.CSS_SELECTOR, ".sweep-points tr.point")
    assert [r.find_element(By.TAG_NAME, "th").text for r in rows] == ["k=0", "k=1", "k=2"]
    assert all("3/3" in r.text for r in rows), [r.text for r in rows]
    plots = page.d.find_elements(By.CSS_SELECTOR, ".sweep-plot canvas")
    assert len(plots) == 4
    for c in plots:
        assert colours(page, c) > 8, c.get_attribute("aria-label")
    # Every point is drawn on the latency plot; click point 2 on the trade-off plot.
    assert set(drawn_points(plots[0])) == {0, 1, 2}
    tradeoff = plots[3]
    page.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", tradeoff)
    points = drawn_points(tradeoff)
    assert 2 in points, tradeoff.get_attribute("data-points")
    x, y = points[2]
    w, h = tradeoff.size["width"], tradeoff.size["height"]
    ActionChains(page.d).move_to_element_with_offset(
        tradeoff, x - w // 2, y - h // 2
    ).click().perform()
    page.wait(
        lambda: len(page.d.find_elements(By.CSS_SELECTOR, ".sweep-runs a.run-link")) == 3,
        "point k=2's three runs to be listed",
        5,
    )
    links = page.d.find_elements(By.CSS_SELECTOR, ".sweep-runs a.run-link")
    hrefs = [urllib.parse.unquote(a.get_attribute("href")) for a in links]
    for seed, href in zip([1, 2, 3], hrefs):
        assert "k=2" in href and f"seed={seed}" in href and "crash.?" in href, href
    assert "picked" in rows[2].get_attribute("class")
    # The CSV export: a header and one row per run, each with the link that replays it.
    page.el("#sweep-csv").click()
    path = pathlib.Path(tmp_path) / "sweep-runs.csv"
    page.wait(lambda: path.exists() and path.stat().st_size > 0, "sweep-runs.csv to download", 10)
    time.sleep(0.2)
    table = list(csv.DictReader(path.open()))
    assert len(table) == 9
    assert [r["k"] for r in table] == ["0"] * 3 + ["1"] * 3 + ["2"] * 3
    assert all(r["scenario"].startswith("proto=swim&nodes=16&topo=full") for r in table)
    assert all(int(r["messages"]) > 0 for r in table)
    # The trade-off plot as SVG and as PNG.
    figure = page.el('.sweep-plot[data-plot="sweep-tradeoff"]')
    figure.find_element(By.CSS_SELECTOR, "button.export-svg").click()
    figure.find_element(By.CSS_SELECTOR, "button.export-png").click()
    svg = pathlib.Path(tmp_path) / "sweep-tradeoff.svg"
    png = pathlib.Path(tmp_path) / "sweep-tradeoff.png"
    page.wait(lambda: svg.exists() and png.exists(), "the plot's SVG and PNG to download", 10)
    time.sleep(0.2)
    text = svg.read_text()
    assert text.startswith("<svg") and "Pareto front" in text and "<circle" in text, text[:200]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_bad_value_is_named_and_cancel_stops_a_long_sweep(page):
    page.open("proto=swim&nodes=64&topo=full")
    values = field(page, "#sweep-values")
    page.type_slowly(values, list("3..1"))
    values.send_keys(Keys.TAB)
    page.el("#sweep-run").click()
    alert = page.wait(
        lambda: page.d.find_elements(By.CSS_SELECTOR, ".sweep-form .sweep-error"),
        "the form's error",
        3,
    )
    assert alert[0].text.startswith("values:"), alert[0].text
    assert "LO..HI" in alert[0].text
    values = field(page, "#sweep-values")
    page.type_slowly(values, list("0,1"))
    seeds = field(page, "#sweep-seeds")
    page.type_slowly(seeds, list("500"))
    seeds.send_keys(Keys.TAB)
    page.el("#sweep-run").click()
    page.wait(
        lambda: int(progress(page).get_attribute("data-done")) > 0,
        "the first runs to come back",
        20,
    )
    page.el("#sweep-cancel").click()
    page.wait(lambda: progress(page).get_attribute("data-state") == "cancelled", "cancelled", 3)
    done = int(progress(page).get_attribute("data-done"))
    assert done < 1000
    time.sleep(1.0)
    # Nothing more is counted after a cancel, and the page still runs.
    assert int(progress(page).get_attribute("data-done")) == done
    assert page.d.find_elements(By.CSS_SELECTOR, "#sweep-run")
    page.assert_running()


def test_the_workload_is_the_link_as_written_and_the_form_follows_a_new_link(page):
    page.open("proto=swim&nodes=16&topo=full&ev=5s~8s.crash.?")
    # The page runs the draw for its seed; the sweep draws one per seed.
    assert page.value(page.el("#sweep-events")) == "5s~8s.crash.?"
    assert page.value(page.el("#sweep-key")) == "k"
    page.pick_preset("Classic gossip ring")
    page.wait(lambda: page.value(page.el("#sweep-key")) == "t", "the form to suggest gossip's t", 5)
    assert "crash" in page.value(page.el("#sweep-events"))


def set_loss(page, percent):
    """Types a new loss into the page's settings, key by key, and waits for its live edit."""
    loss = page.el("#ctl-loss")
    loss.click()
    loss.send_keys(Keys.CONTROL, "a")
    page.type_slowly(loss, list(percent))
    loss.send_keys(Keys.ENTER)
    page.wait(lambda: f"set.loss.{percent}" in page.query(), f"the edit to loss {percent} recorded")


def test_a_live_edit_of_the_page_follows_into_the_workload_unless_it_was_edited(page):
    page.open("proto=swim&nodes=16&topo=full")
    assert page.value(page.el("#sweep-events")) == "10s~20s.crash.?"
    set_loss(page, "15")
    page.wait(
        lambda: "set.loss.15" in page.value(page.el("#sweep-events")),
        lambda: f"the sweep's workload to follow: {page.value(page.el('#sweep-events'))!r}",
        5,
    )
    # Once the person writes a workload, it stays theirs.
    events = field(page, "#sweep-events")
    page.type_slowly(events, list("5s.crash.2"))
    events.send_keys(Keys.TAB)
    set_loss(page, "5")
    page.hold(page.el("#sweep-events"), "5s.crash.2", 1)
