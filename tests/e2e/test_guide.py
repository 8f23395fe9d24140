"""The guide: open on a first visit, closed with its button, back with the ? key."""

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By


def guide(page):
    return page.d.find_elements(By.CSS_SELECTOR, ".guide")


def test_the_guide_opens_on_a_first_visit_closes_and_comes_back_with_the_question_key(page):
    page.d.get(page.base)
    page.d.execute_script("localStorage.clear()")
    page.open()
    page.wait(lambda: guide(page), "the guide on a first visit", 5)
    assert "How to read it" in guide(page)[0].text
    assert "click node 5, press C" in guide(page)[0].text
    page.el(".guide button[aria-label='Close the guide']").click()
    page.wait(lambda: not guide(page), "the guide to close", 3)
    page.open()
    page.assert_running()
    assert not guide(page), "closed once, it stays closed on the next visit"
    page.el("h1").click()
    ActionChains(page.d).send_keys("?").perform()
    page.wait(lambda: guide(page), "? to open the guide again", 3)
    page.el("button.guide-toggle").click()
    page.wait(lambda: not guide(page), "the Guide button to close it", 3)
