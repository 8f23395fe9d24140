"""The presets, in four menus on one row (Learn / Failure modes / Compare / Scale): each menu
opens with a click or the keyboard, every preset loads, says what it shows, and runs; the
first screen keeps the canvas high."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

GROUPS = ["Learn", "Failure modes", "Compare", "Scale"]


def groups(page):
    return page.d.find_elements(By.CSS_SELECTOR, ".presets .preset-group")


def is_open(group):
    return group.get_attribute("open") is not None


def test_the_presets_are_four_closed_menus_on_one_row(page):
    page.open()
    found = groups(page)
    assert [g.get_attribute("data-group") for g in found] == GROUPS
    assert not any(is_open(g) for g in found), "closed at first"
    assert len({g.location["y"] for g in found}) == 1, "one row"
    names = [s.get_attribute("aria-label") for s in
             page.d.find_elements(By.CSS_SELECTOR, ".preset-group summary")]
    assert names[0].startswith("Learn: ") and names[0].endswith(" scenarios"), names
    assert not any(b.is_displayed() for b in
                   page.d.find_elements(By.CSS_SELECTOR, ".presets button.preset"))
    # The compare and sweep controls share the row; the canvas starts high on the page.
    assert page.el(".compare-open").location["y"] - found[0].location["y"] < 20
    canvas = page.el("canvas.cluster").location["y"]
    assert canvas < 320, f"the canvas starts {canvas} px down"


def test_every_preset_loads_with_its_text_from_its_menu(page):
    page.open()
    total = 0
    for gi in range(len(GROUPS)):
        count = len(groups(page)[gi].find_elements(By.CSS_SELECTOR, "button.preset"))
        assert count >= 1, GROUPS[gi]
        for i in range(count):
            group = groups(page)[gi]
            group.find_element(By.TAG_NAME, "summary").click()
            page.wait(lambda: is_open(groups(page)[gi]), f"the {GROUPS[gi]} menu opens", 3)
            button = group.find_elements(By.CSS_SELECTOR, "button.preset")[i]
            name = button.find_element(By.CSS_SELECTOR, ".preset-name").text
            before = page.query()
            button.click()
            page.wait(lambda: name in page.banners(), f"the preset '{name}' to say what it shows", 5)
            assert not is_open(groups(page)[gi]), f"the menu closes after '{name}'"
            errors = page.d.find_elements(By.CSS_SELECTOR, ".banner.error")
            assert not errors, f"preset '{name}': {[e.text for e in errors]}"
            if total > 0:
                assert page.query() != before, f"'{name}' changed the run's link"
            page.assert_running()
            total += 1
    assert total == 16


def test_a_menu_works_from_the_keyboard_and_opening_another_closes_it(page):
    page.open("nodes=8")
    learn, failures = groups(page)[0], groups(page)[1]
    summary = learn.find_element(By.TAG_NAME, "summary")
    summary.send_keys(Keys.ENTER)
    page.wait(lambda: is_open(learn), "Enter opens the Learn menu", 3)
    assert summary.get_attribute("aria-label").startswith("Learn")
    # Escape closes it and the focus stays on its button.
    page.d.switch_to.active_element.send_keys(Keys.ESCAPE)
    page.wait(lambda: not is_open(learn), "Escape closes it", 3)
    active = page.d.switch_to.active_element
    assert active.tag_name == "summary" and active.text.startswith("Learn"), active.text
    # Opening the next menu closes the first.
    summary.send_keys(Keys.ENTER)
    page.wait(lambda: is_open(learn), "Enter opens it again", 3)
    failures.find_element(By.TAG_NAME, "summary").click()
    page.wait(lambda: is_open(failures) and not is_open(learn), "one menu open at a time", 3)
    # Tab to a preset and press Enter: the run changes.
    first = failures.find_element(By.CSS_SELECTOR, ".preset-name").text
    failures.find_element(By.TAG_NAME, "summary").send_keys(Keys.TAB)
    active = page.d.switch_to.active_element
    assert "preset" in active.get_attribute("class"), active.get_attribute("outerHTML")[:80]
    active.send_keys(Keys.ENTER)
    page.wait(lambda: first in page.banners(), f"Enter on '{first}' loads it", 5)
    assert page.query() != "?nodes=8"
    page.assert_running()
    # A click elsewhere (on the canvas, which takes the focus) closes an open menu.
    learn = groups(page)[0]
    learn.find_element(By.TAG_NAME, "summary").click()
    page.wait(lambda: is_open(groups(page)[0]), "the Learn menu opens", 3)
    canvas = page.el("canvas.cluster")
    w, h = canvas.size["width"], canvas.size["height"]
    ActionChains(page.d).move_to_element_with_offset(canvas, w // 2 - 30, h // 2 - 30).click().perform()
    page.wait(lambda: not is_open(groups(page)[0]), "a click on the canvas closes it", 3)
