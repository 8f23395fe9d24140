"""Typing a node id into the box at the top of the node panel selects that node."""

from selenium.webdriver.common.keys import Keys


def test_typing_an_id_key_by_key_selects_that_node_after_a_pause(page):
    page.open("nodes=16")
    box = page.el(".pick input")
    assert page.heading().startswith("No node selected")
    box.click()
    page.type_slowly(box, ["1", "2"])
    page.wait(lambda: page.heading().startswith("Node 12"), "the panel heading says Node 12")
    page.hold(box, "12", 0.6)
    page.assert_running()


def test_enter_selects_the_typed_id_at_once(page):
    page.open("nodes=16")
    box = page.el(".pick input")
    box.click()
    page.type_slowly(box, ["3"])
    box.send_keys(Keys.ENTER)
    page.wait(lambda: page.heading().startswith("Node 3"), "the panel heading says Node 3", 2)
