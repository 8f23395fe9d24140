"""Shared helpers for the end-to-end tests: serve the release build on a free loopback port,
drive Chromium through ChromeDriver, and act on the page the way a person does (key by key,
with pauses longer than the page's 250 ms panel refresh, while the simulation runs)."""

import functools
import http.server
import os
import shutil
import tempfile
import threading
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# Never let Selenium Manager look for (or download) a driver or a browser.
os.environ.setdefault("SE_OFFLINE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--window-size=1280,900",
]
# A person's typing pace: one key every ~170 ms, so typing a few keys spans several of the
# page's 250 ms panel refreshes.
KEY_PAUSE_S = 0.17
# Generous: the machine is shared and the page may be slow to start.
TIMEOUT_S = 20


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".js": "text/javascript",
    }

    def log_message(self, *args):
        pass


class Server:
    """`dist/` served on 127.0.0.1 at a free port, in a thread of this process."""

    def __init__(self, root):
        if not os.path.isfile(os.path.join(root, "index.html")):
            raise RuntimeError(f"no release build in {root}: run trunk build --release")
        handler = functools.partial(_Quiet, directory=root)
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


def start_browser():
    """Headless Chromium driven through the system ChromeDriver; nothing is downloaded."""
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="e2e-chromium-")
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={profile}"]:
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.profile_dir = profile
    return driver


def stop_browser(driver):
    driver.quit()
    shutil.rmtree(driver.profile_dir, ignore_errors=True)


class Page:
    """The playground open in the browser."""

    def __init__(self, driver, base_url):
        self.d = driver
        self.base = base_url

    def open(self, query=""):
        self.d.get(self.base + ("?" + query if query else ""))
        self.wait(lambda: self.d.find_elements(By.CSS_SELECTOR, "canvas.cluster"), "the app mounts")
        self.wait_running()
        # The sweep and tune panels are an app of their own, loaded once the page has rendered.
        self.wait(lambda: self.d.find_elements(By.CSS_SELECTOR, "#panels #sweep"), "the panels load")
        return self

    def wait(self, cond, what, timeout=TIMEOUT_S):
        try:
            return WebDriverWait(self.d, timeout, poll_frequency=0.05).until(lambda _: cond())
        except TimeoutException:
            what = what() if callable(what) else what
            raise AssertionError(
                f"timed out after {timeout} s waiting for: {what}; "
                f"URL query {self.query()!r}; banners {self.banners()!r}"
            ) from None

    def el(self, css):
        return self.d.find_element(By.CSS_SELECTOR, css)

    def clock(self):
        return self.el(".clock").text

    def wait_running(self):
        """Waits until the simulated clock moves (the simulation runs)."""
        first = self.clock()
        self.wait(lambda: self.clock() != first, "the simulated clock to run")

    def assert_running(self):
        before = self.clock()
        self.wait(lambda: self.clock() != before, "the simulated clock to keep running", 5)

    def query(self):
        """The model's scenario as the page writes it into the address bar."""
        return self.d.execute_script("return window.location.search")

    def banners(self):
        found = self.d.find_elements(By.CSS_SELECTOR, ".banners")
        return found[0].text if found else ""

    def heading(self):
        return self.el(".node-panel h2").text.strip()

    def value(self, el):
        return el.get_property("value")

    def type_slowly(self, el, keys, expect=None):
        """Sends `keys` one at a time, pausing KEY_PAUSE_S after each, and checks after every
        pause that the field shows what was typed so far (`expect[i]` after key i, or the
        typed prefix)."""
        shown = []
        for i, key in enumerate(keys):
            el.send_keys(key)
            time.sleep(KEY_PAUSE_S)
            want = expect[i] if expect else "".join(keys[: i + 1])
            got = self.value(el)
            shown.append(got)
            assert got == want, (
                f"after key {i + 1} of {keys!r} the field shows {got!r}, not {want!r} "
                f"(shown so far: {shown})"
            )
        return shown

    def hold(self, el, want, seconds):
        """Checks for `seconds` (several panel refreshes) that the field keeps showing `want`."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            got = self.value(el)
            assert got == want, f"the field was overwritten: shows {got!r}, typed {want!r}"
            time.sleep(0.05)

    def pick_preset(self, name):
        """Opens the preset menu that offers `name` (a click on its button, as a person does)
        and clicks the preset."""
        for group in self.d.find_elements(By.CSS_SELECTOR, ".presets .preset-group"):
            names = [n.get_attribute("textContent")
                     for n in group.find_elements(By.CSS_SELECTOR, ".preset-name")]
            if name in names:
                if group.get_attribute("open") is None:
                    group.find_element(By.TAG_NAME, "summary").click()
                button = group.find_elements(By.CSS_SELECTOR, "button.preset")[names.index(name)]
                self.wait(button.is_displayed, f"the preset {name!r} shown in its menu", 3)
                button.click()
                return
        raise AssertionError(f"no preset named {name!r}")
