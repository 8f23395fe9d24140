"""Fixtures: one server for the release build and one browser for the whole run; each test
opens the page afresh."""

import os
import pathlib

import pytest

from page import Page, Server, start_browser, stop_browser

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def server():
    s = Server(os.environ.get("E2E_DIST", str(ROOT / "dist")))
    yield s
    s.close()


@pytest.fixture(scope="session")
def browser():
    d = start_browser()
    yield d
    stop_browser(d)


@pytest.fixture
def page(server, browser):
    return Page(browser, server.url)
