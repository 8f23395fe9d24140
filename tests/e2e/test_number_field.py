"""A person types into a number field of the parameter panel while the simulation runs."""

from selenium.webdriver.common.keys import Keys


def clear(field):
    field.click()
    field.send_keys(Keys.CONTROL, "a")


def test_typing_the_period_key_by_key_keeps_every_key_and_enter_applies_it_live(page):
    page.open()
    field = page.el("#ctl-period")
    assert page.value(field) == "500"
    before = page.query()
    clear(field)
    page.type_slowly(field, ["2", "0", "0", "0"])  # 0.7 s: spans several panel refreshes
    assert page.query() == before, "nothing is applied before the draft is committed"
    field.send_keys(Keys.ENTER)
    # Well before the 900 ms pause would have committed it: Enter did.
    page.wait(lambda: "set.period.2000" in page.query(), "Enter to record period 2000", 0.5)
    page.wait(lambda: "applied live" in page.banners(), "a notice saying it applied live")
    assert page.query().count("set.period.") == 1, page.query()
    page.el("h1").click()  # focus leaves the field: it shows the model's value
    page.hold(field, "2000", 0.6)
    page.assert_running()


def test_leaving_the_field_commits_what_was_typed(page):
    page.open()
    field = page.el("#ctl-latency")
    clear(field)
    page.type_slowly(field, ["1", "2", "0"])
    field.send_keys(Keys.TAB)
    page.wait(lambda: "set.latency.120" in page.query(), "latency 120 recorded in the URL")
    page.hold(field, "120", 0.6)


def test_escape_reverts_the_draft_and_applies_nothing(page):
    page.open()
    field = page.el("#ctl-n")
    before = page.query()
    clear(field)
    page.type_slowly(field, ["7"])
    field.send_keys(Keys.ESCAPE)
    page.hold(field, "2", 1.5)  # longer than the pause that would have committed it
    assert page.query() == before, page.query()


def test_a_pause_while_typing_the_member_count_applies_nothing_until_enter(page):
    page.open("proto=swim&nodes=16")
    field = page.el("#ctl-nodes")
    before = page.query()
    clear(field)
    page.type_slowly(field, ["2"])
    # A person stops to think, longer than the pause that commits other fields.
    page.hold(field, "2", 1.5)
    assert page.query() == before, f"a pause applied the draft: {page.query()}"
    page.type_slowly(field, ["4"], expect=["24"])
    field.send_keys(Keys.ENTER)
    page.wait(lambda: page.query().count(".join") == 8, "8 joins recorded (16 -> 24)")
    assert ".leave" not in page.query(), page.query()
    page.el("h1").click()
    page.hold(field, "24", 0.6)
