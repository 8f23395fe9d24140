"""Every preset loads, says what it shows, and runs."""

from selenium.webdriver.common.by import By


def test_every_preset_loads_with_its_text(page):
    page.open()
    names = [b.text for b in page.d.find_elements(By.CSS_SELECTOR, ".presets button")]
    assert len(names) >= 8, names
    for i, name in enumerate(names):
        page.d.find_elements(By.CSS_SELECTOR, ".presets button")[i].click()
        page.wait(lambda: name in page.banners(), f"the preset '{name}' to say what it shows", 5)
        errors = page.d.find_elements(By.CSS_SELECTOR, ".banner.error")
        assert not errors, f"preset '{name}': {[e.text for e in errors]}"
        page.assert_running()
