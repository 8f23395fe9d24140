"""The page's keys: a key of the page's is the page's at once (its default, such as Space
scrolling the page, prevented in the key's own event, even when the page's work on it runs
later), and a key typed into a field stays the field's."""


def press(page, key, target="document.body"):
    """Dispatches a keydown on `target` and says whether its default was prevented by the time
    the dispatch returned (what decides whether the browser scrolls)."""
    return page.d.execute_script(
        f"const e = new KeyboardEvent('keydown', {{key: {key!r}, bubbles: true, cancelable: true}});"
        f"{target}.dispatchEvent(e); return e.defaultPrevented;"
    )


def test_space_and_the_arrows_are_the_pages_within_their_own_event(page):
    page.open("proto=swim&nodes=16&topo=full")
    assert press(page, " "), "Space's scroll prevented"
    page.wait(lambda: "play" in page.el("button.primary").text.lower(), "Space to pause the run")
    assert press(page, "ArrowRight"), "→ (step event) prevented"
    assert press(page, " ")
    page.wait(lambda: "pause" in page.el("button.primary").text.lower(), "Space to resume")


def test_keys_in_a_field_or_with_a_modifier_are_not_the_pages(page):
    page.open("proto=swim&nodes=16&topo=full")
    assert not press(page, " ", "document.getElementById('ctl-loss')")
    assert not press(page, "q"), "a key the page does not use"
    page.assert_running()
