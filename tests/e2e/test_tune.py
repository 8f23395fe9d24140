"""Tune: a question's link opens the panel filled in; a field typed key by key; Answer runs the
question in the sweep's Web Workers; the page's answer document (Export JSON) is byte for byte
what `gossip-sim tune` prints for the same question, and the card shows its sentence and its
recommended point; a bad limit is named next to its field; Load puts the recommendation into
the main run."""

import json
import pathlib
import subprocess
import time
import urllib.parse

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

ROOT = pathlib.Path(__file__).resolve().parents[2]
BASE = "proto=swim&nodes=12&ev=5s.every.10s~20s.crash.?.5s"
VARY = ["n=1,3", "lifeguard=off,on"]
GOALS = ["all_dead_p50<=20s", "false_deaths_per_member_day<=2000"]
MINIMIZE = "messages_per_member_s"
UNTIL = "60s"


def fragment(seeds, base=BASE, until=UNTIL):
    pairs = [("tune.base", base)]
    pairs += [("tune.vary", v) for v in VARY]
    pairs += [("tune.goal", g) for g in GOALS]
    pairs += [("tune.minimize", MINIMIZE), ("tune.seeds", str(seeds)), ("tune.until", until)]
    return urllib.parse.urlencode(pairs)


def cli_document(seeds):
    args = ["cargo", "run", "--release", "-q", "-p", "gossip-sim", "--bin", "gossip-sim", "--", "tune", BASE]
    for v in VARY:
        args += ["--vary", v]
    for g in GOALS:
        args += ["--goal", g]
    args += ["--minimize", MINIMIZE, "--seeds", str(seeds), "--until", UNTIL]
    return subprocess.run(args, cwd=ROOT, check=True, capture_output=True, text=True).stdout


def open_link(page, seeds, **question):
    page.d.get(page.base + "?proto=swim&nodes=8#" + fragment(seeds, **question))
    page.wait(lambda: page.d.find_elements(By.CSS_SELECTOR, "canvas.cluster"), "the app mounts")
    page.wait(lambda: page.el("#tune").get_attribute("open") is not None, "the linked panel to open")


def field(page, css):
    el = page.el(css)
    page.d.execute_script("arguments[0].scrollIntoView({block: 'center'})", el)
    el.click()
    el.send_keys(Keys.CONTROL, "a")
    return el


def progress(page):
    return page.el(".tune-progress")


def test_a_linked_question_answers_as_the_command_line_does(page, tmp_path):
    page.d.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    open_link(page, 3)
    assert page.value(page.el("#tune-base")) == BASE
    assert page.value(page.el("#tune-values-1")) == "off,on"
    assert page.value(page.el("#tune-limit-0")) == "20s"
    # The link said 3 seeds; make it 4, key by key.
    seeds = field(page, "#tune-seeds")
    page.type_slowly(seeds, ["4"])
    seeds.send_keys(Keys.TAB)
    page.el("#tune-run").click()
    page.wait(
        lambda: progress(page).get_attribute("data-state") == "done",
        lambda: f"the question to be answered: {progress(page).text}",
        90,
    )
    want = cli_document(4)
    doc = json.loads(want)
    assert page.el(".tune-answer-text").text == doc["answer"]
    card = page.el("#tune-answer")
    assert card.get_attribute("data-recommended") == str(doc["recommended"]["index"])
    assert "n=1" in page.el(".tune-recommended").text
    page.el("#tune-json").click()
    path = pathlib.Path(tmp_path) / "tune.json"
    page.wait(lambda: path.exists() and path.stat().st_size > 0, "tune.json to download", 10)
    assert path.read_text() == want, "the page's document is the command line's, byte for byte"
    # The link reproduces the question as now typed (4 seeds).
    href = urllib.parse.unquote(page.el("#tune-link").get_attribute("href"))
    assert "tune.seeds=4" in href and "tune.goal=all_dead_p50<=20s" in href, href
    # Load the recommendation into the main run.
    page.el("#tune-load").click()
    page.wait(lambda: "n=1" in page.query() and "nodes=12" in page.query(), "the recommended scenario to load")


def test_a_bad_limit_is_named_next_to_its_goal(page):
    open_link(page, 2)
    limit = field(page, "#tune-limit-0")
    page.type_slowly(limit, list("soon"))
    limit.send_keys(Keys.TAB)
    page.el("#tune-run").click()
    err = page.wait(
        lambda: page.d.find_elements(By.CSS_SELECTOR, ".tune-goal .tune-error"),
        "the goal's error",
        5,
    )
    assert "'soon' is not a time" in err[0].text, err[0].text
    assert not page.d.find_elements(By.CSS_SELECTOR, ".tune-progress")


def test_a_long_question_shows_the_time_left_and_cancel_stops_it(page):
    # 512 members, 20 min runs, up to 8 seeds of 4 points: about a minute on two workers.
    open_link(page, 8, base="proto=swim&nodes=512&ev=10s.every.4s~8s.crash.?.30s", until="1200s")
    page.el("#tune-run").click()
    page.wait(
        lambda: int(progress(page).get_attribute("data-done")) >= 1 and "left" in progress(page).text,
        lambda: f"a first run and the time left: {progress(page).text}",
        60,
    )
    page.el("#tune-cancel").click()
    page.wait(lambda: progress(page).get_attribute("data-state") == "cancelled", "the cancel", 5)
    done = progress(page).get_attribute("data-done")
    page.el("#tune-run")  # Answer is offered again
    # Workers answer at most the runs they held; the page takes no more.
    time.sleep(3)
    assert progress(page).get_attribute("data-done") == done
    assert "cancelled" in progress(page).text
