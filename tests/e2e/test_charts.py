"""The metrics charts as a person reads them: axes drawn on the canvas, and values read out
under the pointer. A crash makes the truth ("actually down") step up before the belief
follows. CHART_SHOTS=dir saves a screenshot of the metrics panel there."""

import base64
import os
import re
import time

from selenium.webdriver.common.action_chains import ActionChains

from test_timeline import pause_after

# Reads the canvas back and counts, per region, pixels that differ from the background
# (the top-left corner of the legend strip is background). Regions in CSS px relative to the
# canvas: the left label area (y axis), the bottom label area (time axis), the plot.
PIXELS = """
const c = arguments[0];
const g = c.getContext('2d');
const r = c.width / c.clientWidth;
const data = g.getImageData(0, 0, c.width, c.height).data;
const at = (x, y) => 4 * (y * c.width + x);
const bg = [data[0], data[1], data[2]];
function count(x0, y0, x1, y1) {
  let n = 0;
  for (let y = Math.round(y0 * r); y < Math.round(y1 * r); y++)
    for (let x = Math.round(x0 * r); x < Math.round(x1 * r); x++) {
      const i = at(x, y);
      if (Math.abs(data[i] - bg[0]) + Math.abs(data[i + 1] - bg[1]) + Math.abs(data[i + 2] - bg[2]) > 60) n++;
    }
  return n;
}
const w = c.clientWidth, h = c.clientHeight;
return { yaxis: count(0, 18, 44, h - 22), taxis: count(50, h - 18, w - 12, h),
         plot: count(50, 20, w - 12, h - 22), legend: count(0, 0, w, 16), w: w, h: h };
"""


def chart(page, kind):
    return page.el(f"canvas.chart-canvas.{kind}")


def hover(page, canvas, fraction_x, fraction_y=0.5):
    w, h = canvas.size["width"], canvas.size["height"]
    ActionChains(page.d).move_to_element_with_offset(
        canvas, round((fraction_x - 0.5) * w), round((fraction_y - 0.5) * h)).perform()


def tip(page):
    found = page.d.find_elements("css selector", ".chart-tip")
    # One line per row: "name value" (the row's parts are flex items).
    return " ".join(found[0].text.split()) if found else ""


def test_charts_have_axes_a_legend_and_a_hover_read_out_of_belief_and_truth(page):
    page.open("proto=swim&nodes=16&topo=full&ev=4s.crash.3")
    pause_after(page, 14)
    members = chart(page, "members")
    page.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", members)
    time.sleep(0.3)
    assert members.get_attribute("data-error") is None, members.get_attribute("data-error")
    px = page.d.execute_script(PIXELS, members)
    # Tick labels and the axis description in the y label area, tick labels along the time
    # axis, lines in the plot and the legend above it.
    assert px["yaxis"] > 150, px
    assert px["taxis"] > 80, px
    assert px["plot"] > 300, px
    assert px["legend"] > 200, px
    load = chart(page, "load")
    lpx = page.d.execute_script(PIXELS, load)
    assert lpx["yaxis"] > 150 and lpx["taxis"] > 80 and lpx["plot"] > 300, lpx

    # No read-out until the pointer is over a chart.
    assert tip(page) == ""
    # The time axis runs from 0 to ~14 s: 1/8 of the plot is before the crash at 4 s.
    hover(page, members, 0.15)
    page.wait(lambda: "at " in tip(page), "the hover read-out to appear")
    before = tip(page)
    assert "belief: alive to all 16" in before, before
    assert "truth: actually down 0" in before, before
    # Right end: after the crash and its detection.
    hover(page, members, 0.97)
    page.wait(lambda: "truth: actually down 1" in tip(page), "the read-out to follow the pointer")
    after = tip(page)
    when = float(re.search(r"at (\d+\.\d) s", after).group(1))
    assert when > 12, after
    assert "belief: alive to all 15" in after, after
    assert re.search(r"belief: (suspected by some|dead to some) 1", after), after

    # The load chart reads out both rates with their units.
    hover(page, load, 0.6)
    page.wait(lambda: "msg/s" in tip(page), "the load read-out")
    assert "messages/s" in tip(page) and "B/s" in tip(page), tip(page)

    shots = os.environ.get("CHART_SHOTS")
    if shots:
        os.makedirs(shots, exist_ok=True)
        hover(page, members, 0.6)
        time.sleep(0.4)
        panel = page.el("section.metrics")
        with open(os.path.join(shots, "metrics-light.png"), "wb") as f:
            f.write(base64.b64decode(panel.screenshot_as_base64))
        # The dark palette: the page reads the colour scheme when it loads.
        page.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {
            "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        try:
            page.open("proto=swim&nodes=16&topo=full&ev=4s.crash.3")
            pause_after(page, 14)
            members = chart(page, "members")
            page.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", members)
            hover(page, members, 0.6)
            time.sleep(0.4)
            with open(os.path.join(shots, "metrics-dark.png"), "wb") as f:
                f.write(base64.b64decode(page.el("section.metrics").screenshot_as_base64))
        finally:
            page.d.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        return

    # Leaving the chart hides the read-out.
    ActionChains(page.d).move_to_element(page.el("h1")).perform()
    page.wait(lambda: tip(page) == "", "the read-out to go")
