"""The main pages in a real browser under Tamar's Content-Security-Policy: their scripts run,
their styles and charts show, and Chromium reports no refusal (tests/browser/conftest.py
watches the console of every browser test; these pages are the ones most likely to be hit)."""

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from contracts.models import Role
from tests.factories import CaseFactory, KeyWorkerFactory, UserFactory
from tests.funds4care.factories import FundFactory, RoundFactory, SubmittedApplicationFactory

from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_kpi_and_funds4care_pages_break_no_policy(
    page, live_server, shoot, policy_refusals, provider_a_manager, contract_a
):
    fund = FundFactory(contract=contract_a, financial_year=2026, pot=Decimal("1000.00"))
    spring = RoundFactory(fund=fund, name="Spring 2026")
    SubmittedApplicationFactory(
        round=spring, decision="approved", decision_date=date(2026, 5, 20),
        amount_awarded=Decimal("200.00"),
    )  # fmt: skip
    log_in(page, live_server, provider_a_manager.username)
    expect(page.get_by_role("link", name=contract_a.ref)).to_be_visible()
    base = f"{live_server.url}/contracts/{contract_a.pk}"
    for path in ("/", "/kpis/", "/kpis/trend/1.2/", "/funds4care/?year=2026"):
        page.goto(base + path)
        page.wait_for_load_state("load")
    # The ledger's bar is drawn: a fifth of the pot committed, as an SVG attribute.
    committed = page.get_by_test_id("ledger-bar").locator("rect.committed")
    assert committed.get_attribute("width") == "20%"
    assert committed.bounding_box()["width"] > 0
    shoot("policies-funds4care-ledger")
    # Bootstrap's script runs: the navigation collapses behind its button on a narrow screen.
    page.set_viewport_size({"width": 400, "height": 800})
    page.get_by_role("button", name="Show navigation").click()
    # The person's own pages are in a menu under their name (a Bootstrap dropdown: its script).
    page.get_by_test_id("who").click()
    expect(page.get_by_role("link", name="Change password")).to_be_visible()
    assert policy_refusals == []


def test_the_caseloads_page_breaks_no_policy(page, live_server, shoot, policy_refusals, contract_b):
    manager = UserFactory(
        username="dawn", role=Role.PROVIDER_MANAGER, organisation=contract_b.provider
    )
    worker = KeyWorkerFactory(contract=contract_b, ref="KW-01", name="Marcus Bennett")
    CaseFactory(contract=contract_b, key_worker=worker, start_date=date(2025, 5, 1))
    log_in(page, live_server, manager.username)
    page.goto(f"{live_server.url}/contracts/{contract_b.pk}/casework/")
    bar = page.get_by_role("progressbar", name="Caseload of Marcus Bennett")
    expect(bar).to_be_visible()
    assert bar.locator("rect").bounding_box()["width"] > 0
    shoot("policies-caseloads")
    assert policy_refusals == []


def test_a_blocked_inline_style_would_be_reported(page, live_server, policy_refusals):
    """The control: the watcher does see a refusal (and the test clears it, so as to pass)."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'p {}';"
        " document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert any("Content Security Policy" in message for message in policy_refusals)
    policy_refusals.clear()
