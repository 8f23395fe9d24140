"""Clicking a node where it is drawn selects it. The ring layout puts node 0 at the top and
ids clockwise on a circle of radius 0.45 around the centre of the unit square, which the
canvas draws as its largest centred square with a 12 px margin (render/layout.rs,
render/draw.rs Viewport)."""

import math

from selenium.webdriver.common.action_chains import ActionChains


def node_offset(page, node, n):
    """Where node `node` of `n` is drawn, relative to the canvas centre, in CSS px."""
    canvas = page.el("canvas.cluster")
    w, h = page.d.execute_script(
        "const c = arguments[0]; return [c.clientWidth, c.clientHeight];", canvas
    )
    size = max(min(w, h) - 24, 10)
    x0, y0 = (w - size) / 2, (h - size) / 2
    a = 2 * math.pi * node / n - math.pi / 2
    x, y = x0 + (0.5 + 0.45 * math.cos(a)) * size, y0 + (0.5 + 0.45 * math.sin(a)) * size
    return canvas, x - w / 2, y - h / 2


def click_node(page, node, n):
    canvas, dx, dy = node_offset(page, node, n)
    ActionChains(page.d).move_to_element_with_offset(canvas, round(dx), round(dy)).click().perform()


def test_clicking_a_drawn_node_selects_it(page):
    page.open()
    assert page.heading().startswith("No node selected")
    click_node(page, 2, 8)
    page.wait(lambda: page.heading().startswith("Node 2"), "the panel heading says Node 2", 3)
    click_node(page, 5, 8)
    page.wait(lambda: page.heading().startswith("Node 5"), "the panel heading says Node 5", 3)
    page.assert_running()


def test_the_tooltip_of_a_node_at_the_canvas_edge_stays_inside_the_canvas(page):
    page.open()
    for node in [2, 4, 6, 0]:  # right, bottom, left and top of the ring
        canvas, dx, dy = node_offset(page, node, 8)
        ActionChains(page.d).move_to_element_with_offset(canvas, round(dx), round(dy)).perform()
        page.wait(lambda: page.d.find_elements("css selector", ".stage .tooltip"),
                  f"a tooltip over node {node}", 3)
        tip, box = page.d.execute_script(
            "const t = document.querySelector('.stage .tooltip').getBoundingClientRect();"
            "const c = document.querySelector('canvas.cluster').getBoundingClientRect();"
            "return [[t.left, t.top, t.right, t.bottom], [c.left, c.top, c.right, c.bottom]];")
        assert page.el(".stage .tooltip").text.startswith(f"node {node}")
        assert (tip[0] >= box[0] and tip[1] >= box[1] and tip[2] <= box[2]
                and tip[3] <= box[3]), f"node {node}: tooltip {tip} outside the canvas {box}"
