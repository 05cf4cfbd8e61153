"""Browser tests: Playwright drives Debian's Chromium (never a downloaded browser)."""

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from django.db import connections

# Playwright's sync API runs an event loop in the test thread; Django must allow the ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    return {
        **browser_type_launch_args,
        "executable_path": chromium,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def shoot(page):
    """Save a full-page screenshot under test-artifacts/screenshots, for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> None:
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    return take


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A British user's browser: date pickers show 31/03/2026, clocks London time.
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture(scope="session", autouse=True)
def _no_connection_left_behind_by_playwright(django_db_setup):
    """Close the database connections opened before Playwright starts, and again after.

    Playwright's sync API runs an event loop in this thread, and while it runs Django keeps
    connections per async context rather than per thread: the connection that ran the
    migrations would be orphaned, still open when PostgreSQL is asked to drop the test database.
    """
    connections.close_all()
    yield
    connections.close_all()


@pytest.fixture(scope="session")
def live_server(live_server):
    """pytest-django's server, stopped only once the browser's last connections are closed.

    Each test's browser context closes its keep-alive connections as the test ends, and a
    server thread then closes its database connection, which (SQLite in memory) is the test
    thread's, shared only while the server runs: stopped first, the thread would find it no
    longer shared and fail the worker's last browser test at its teardown."""
    yield live_server
    time.sleep(0.5)


# What Chromium writes to the console when the Content-Security-Policy blocks a script, a style
# or an image, or when it cannot read the Permissions-Policy header.
REFUSED_BY_A_POLICY = re.compile(r"Content Security Policy|Permissions-Policy", re.IGNORECASE)


@pytest.fixture(autouse=True)
def policy_refusals(request):
    """Every browser test fails if the browser refused anything under the page's policies;
    the list of those messages so far, for a test to look at."""
    refused: list[str] = []
    if "page" not in request.fixturenames:
        yield refused
        return
    page = request.getfixturevalue("page")

    def listen(message) -> None:
        if REFUSED_BY_A_POLICY.search(message.text):
            refused.append(f"{page.url}: {message.text}")

    page.on("console", listen)
    yield refused
    assert refused == [], "The browser refused something under the page's policies"
