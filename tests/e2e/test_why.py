"""Why a member is suspected, as a person finds out: select an observer, press why? on the
member's row, read the story; first-hand (its own failed probe) and hearsay (who told it)."""

import re
import time

from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from test_timeline import pause_after


def select(page, node):
    box = page.el(".pick input")
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    page.type_slowly(box, list(str(node)))
    box.send_keys(Keys.ENTER)
    page.wait(lambda: page.heading().startswith(f"Node {node}"), f"node {node} selected", 3)


def why(page, member):
    page.el(f'tr[data-member="{member}"] button.why').click()
    page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, ".why-panel svg"), "the why panel", 5)
    return page.el(".why-panel").text


def folded_suspicion(page):
    """The log's folded line about node 3's suspicion: the first-hand suspecter and a hearer."""
    summary = page.el(".log details summary")
    summary.click()
    # An opened line builds its list of observers (closed ones have none).
    page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, ".log details[open] ul.folded li"),
              "the folded line's observers")
    text = page.el(".log details[open]").text
    first = int(re.search(r"first: node (\d+), own probe", text).group(1))
    heard = re.search(r"node (\d+) \(heard from node (\d+)\)", text)
    return first, int(heard.group(1)), int(heard.group(2))


def test_why_tells_a_first_hand_suspicion_and_a_hearsay_one(page):
    page.open("proto=swim&nodes=16&topo=full&n=20&ev=3s.crash.3")
    pause_after(page, 9)
    first, hearer, teller = folded_suspicion(page)

    select(page, first)
    text = why(page, 3)
    assert f"Node {first} believes node 3 is suspect" in text, text
    assert f"node {first}'s period starts: it pings node 3" in text and "was down" in text, text
    assert "ping-req to node" in text, text
    assert f"node {first} suspects node 3 first-hand" in text, text
    assert "HEARSAY" not in text.upper().split("SEQUENCE DIAGRAM")[0].replace("HEARSAY)", ""), text

    page.el(".why-panel button[aria-label='Close the why panel']").click()
    select(page, hearer)
    text = why(page, 3)
    assert f"node {hearer} heard node 3 is suspect from node {teller}" in text, text
    assert "first-hand" in text, "the chain ends at the first-hand suspicion"
    # The diagram has the chain's lanes; clicking a message seeks the timeline there.
    lanes = page.d.find_elements(By.CSS_SELECTOR, ".why-panel svg text[font-weight='600']")
    assert len(lanes) >= 3, [l.text for l in lanes]
    before = page.clock()
    msg = page.d.find_elements(By.CSS_SELECTOR, ".why-panel svg g.msg")[0]
    line = msg.find_element(By.TAG_NAME, "line")
    # Scrolled to the middle of the view first, as a person looks before clicking (left at
    # an edge, the sticky bars can sit over it).
    page.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", line)
    time.sleep(0.3)
    ActionChains(page.d).move_to_element(line).click().perform()
    at_point = page.d.execute_script(
        "const r = arguments[0].getBoundingClientRect();"
        "const e = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2);"
        "return e ? e.outerHTML.slice(0, 160) : 'nothing';", line)
    page.wait(lambda: page.clock() != before,
              lambda: f"a click on a message to seek there (under the pointer: {at_point}; "
                      f"clock {page.clock()}; status {page.el('.stage .status').text!r})", 10)
    assert "restored a checkpoint" in page.el(".stage .status").text


def test_the_table_finds_row_1000_of_2000(page):
    page.open("proto=swim&nodes=2000&topo=full&ev=2s.crash.1000")
    select(page, 5)
    search = page.el(".member-search input")
    search.click()
    page.type_slowly(search, ["1", "0", "0", "0"], expect=["1", "10", "100", "1000"])
    page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, 'tr[data-member="1000"]'),
              "row 1000 in the table", 5)
    assert "1 of 2000 rows" in page.el(".member-search").text
    search.send_keys(Keys.CONTROL, "a", Keys.BACKSPACE)
    page.wait(lambda: "2000 of 2000 rows" in page.el(".member-search").text, "every row back")
    # Every row is reachable by scrolling: the last one is.
    wrap = page.el(".table-wrap.virtual")
    page.d.execute_script("arguments[0].scrollTop = arguments[0].scrollHeight", wrap)
    page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, 'tr[data-member="1999"]'),
              "row 1999 after scrolling to the end", 5)
    # Searching while scrolled to the end shrinks the rows below the scroll position.
    search.click()
    page.type_slowly(search, ["7"])
    page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, 'tr[data-member="7"]'),
              "row 7 found while scrolled to the end", 5)
    page.assert_running()
