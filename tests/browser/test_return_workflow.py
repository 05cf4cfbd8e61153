"""A quarter's return in a real browser: the provider's manager writes and submits it, the
commissioner asks about an indicator, the manager answers, the commissioner approves."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from kpis.models import Return, ReturnEvent
from tests.kpis.helpers import person

from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def october_2025():
    # Q1 2025/26 is over and its return overdue; the clock runs, so sessions work normally.
    moment = datetime(2025, 10, 20, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=True):
        yield


def open_q1(page, contract, *, first: bool = False) -> None:
    page.get_by_role("link", name=contract.ref).click()
    page.get_by_role("link", name="Returns", exact=True).click()
    expect(page.get_by_test_id("return-list")).to_be_visible()
    if first:
        # Before the daily command has run, the period is listed with a button to open it.
        page.get_by_role("button", name="Open the 2025/26 Q1 return").click()
    else:
        page.get_by_role("link", name="2025/26 Q1").click()


def comment_on(page, code: str, text: str) -> None:
    row = page.locator(f"#indicator-{code.replace('.', '')}")
    row.locator("summary", has_text=f"Comment on {code}").click()
    row.get_by_label(f"Comment on {code}").fill(text)
    row.get_by_role("button", name="Add comment").click()


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_a_manager_submits_and_a_commissioner_approves_a_quarters_return(
    page, live_server, shoot, october_2025, provider_a_manager, commissioner, contract_a
):
    person(contract_a, first_name="Morwenna", last_name="Trelawny")

    log_in(page, live_server, provider_a_manager.username)
    open_q1(page, contract_a, first=True)
    expect(page.get_by_test_id("return-status")).to_have_text("Draft")
    expect(page.get_by_text("Overdue").first).to_be_visible()
    shoot("return-draft")

    page.get_by_role("link", name="Edit the draft").click()
    explanations = page.get_by_label(re.compile(r"why it is (red|amber)"))
    assert explanations.count() > 0
    for index in range(explanations.count()):
        explanations.nth(index).fill("The service started late in the quarter.")
    page.get_by_label("Service activity").fill("Weekly groups and one-to-one sessions.")
    page.get_by_label("Case studies").fill("Morwenna Trelawny joined the council.")
    page.get_by_label("Expenditure (£)").fill("12000.50")
    # Funds4 Care allocations are not typed: they come from the records.
    expect(page.get_by_test_id("funds4care-live")).to_contain_text("£0.00 in 0 awards")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_test_id("name-warning")).to_contain_text("Morwenna Trelawny")
    shoot("return-name-warning")

    page.get_by_role("link", name="Edit the draft").click()
    page.get_by_label("Case studies").fill("Young person A joined the council.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    expect(page.get_by_test_id("name-warning")).to_have_count(0)
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_test_id("return-status")).to_have_text("Submitted")
    log_out(page)

    log_in(page, live_server, commissioner.username)
    open_q1(page, contract_a)
    expect(page.get_by_role("link", name="Edit the draft")).to_have_count(0)
    comment_on(page, "1.2", "Why are there no participants yet?")
    expect(page.get_by_text("Comment on 1.2 added.")).to_be_visible()
    log_out(page)

    log_in(page, live_server, provider_a_manager.username)
    open_q1(page, contract_a)
    expect(page.get_by_role("button", name="Approve the return")).to_have_count(0)
    comment_on(page, "1.2", "Recruitment began in June.")
    expect(page.get_by_text("Recruitment began in June.")).to_be_visible()
    log_out(page)

    log_in(page, live_server, commissioner.username)
    open_q1(page, contract_a)
    page.get_by_label("A note with the approval (optional)").fill("Thank you.")
    page.get_by_role("button", name="Approve the return").click()
    expect(page.get_by_test_id("return-status")).to_have_text("Approved")
    expect(page.get_by_test_id("history")).to_contain_text("Approved by")
    expect(page.get_by_test_id("history")).to_contain_text("Thank you.")
    shoot("return-approved")

    ret = Return.objects.get(contract=contract_a, financial_year=2025, period="Q1")
    assert ret.status == "approved"
    assert list(ReturnEvent.objects.values_list("action", flat=True)) == ["submit", "approve"]
