"""Funds4 Care in a real browser, the provider's side: a worker makes two applications, one
refused as not eligible (with its reason, the draft kept) and one submitted; the manager
approves it and records its payment, and sees the pot's ledger move."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from funds4care.models import Application, Payment
from tests.factories import CareStatusFactory, YoungPersonFactory
from tests.funds4care.factories import FundFactory, RoundFactory

from .test_journeys import log_in
from .test_return_workflow import log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def may_2026():
    moment = datetime(2026, 5, 12, 10, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=True):
        yield


def test_a_worker_applies_and_the_manager_approves_and_pays(
    page, live_server, shoot, may_2026, contract_a, provider_a_worker, provider_a_manager
):
    fund = FundFactory(contract=contract_a, financial_year=2026)
    RoundFactory(fund=fund, name="Spring 2026")
    jade = YoungPersonFactory(contract=contract_a, first_name="Jade", last_name="Trelawny",
                              date_of_birth=date(2000, 2, 3))  # fmt: skip
    CareStatusFactory(young_person=jade, status="care_leaver", start_date=date(2018, 2, 3))
    kit = YoungPersonFactory(contract=contract_a, first_name="Kit", last_name="Penrose",
                             date_of_birth=date(2009, 9, 9))  # fmt: skip
    CareStatusFactory(young_person=kit, status="in_care", start_date=date(2020, 1, 1))

    log_in(page, live_server, provider_a_worker.username)
    page.get_by_role("link", name=contract_a.ref).click()
    page.get_by_role("link", name="Funds4 Care").first.click()
    page.get_by_role("link", name="Make an application").click()
    page.get_by_label("Who it is for").select_option(label=f"Trelawny, Jade ({jade.ref})")
    page.get_by_label("What it is for").fill("A laptop for college")
    page.get_by_label("How much (£)").fill("240")
    page.get_by_label("Why it would help").fill("I share one computer with three others.")
    page.get_by_role("button", name="Submit the application").click()
    refusal = page.get_by_role("status").filter(has_text="Not eligible")
    expect(refusal).to_contain_text(
        "Funds4 Care is for young people aged 11 to 25 on the day they apply; Jade is 26."
    )
    expect(page.get_by_label("What it is for")).to_have_value("A laptop for college")
    shoot("funds4care-refused-not-eligible")
    assert Application.objects.get(young_person=jade).status == "draft"

    page.get_by_role("link", name="Funds4 Care").first.click()
    page.get_by_role("link", name="Make an application").click()
    page.get_by_label("Who it is for").select_option(label=f"Penrose, Kit ({kit.ref})")
    page.get_by_label("What it is for").fill("Driving lessons")
    page.get_by_label("How much (£)").fill("300")
    page.get_by_label("Why it would help").fill("The bus does not run early enough for work.")
    page.get_by_label("Any quote").fill("Ten lessons at £30")
    shoot("funds4care-application-form")
    page.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_test_id("status")).to_have_text("Submitted")
    application = Application.objects.get(young_person=kit)
    log_out(page)

    log_in(page, live_server, provider_a_manager.username)
    page.get_by_role("link", name=contract_a.ref).click()
    page.get_by_role("link", name="Funds4 Care").first.click()
    expect(page.get_by_test_id("ledger-remaining")).to_have_text("£40,000.00")
    shoot("funds4care-home-before")
    page.get_by_role("link", name=application.ref).click()
    decision = page.locator("#decision")
    expect(decision.get_by_label("Amount awarded (£)")).to_have_value("250.00")  # the cap
    shoot("funds4care-deciding")
    decision.get_by_role("button", name="Approve").click()
    expect(page.get_by_test_id("decision")).to_contain_text("Approved on 12/05/2026: £250.00")
    payment = page.locator("#payment")
    expect(payment.get_by_test_id("ledger-committed")).to_have_text("£250.00")
    payment.get_by_label("How it was paid").select_option(label="Paid to the supplier")
    payment.get_by_label("Payment reference").fill("DRIVE-0042")
    payment.get_by_role("button", name="Record the payment").click()
    expect(page.get_by_test_id("status")).to_have_text("Paid")
    expect(page.get_by_test_id("history")).to_contain_text(re.compile(r"Paid by .*DRIVE-0042"))
    shoot("funds4care-paid")
    page.get_by_role("link", name="Funds4 Care").first.click()
    expect(page.get_by_test_id("ledger-paid")).to_have_text("£250.00")
    expect(page.get_by_test_id("ledger-committed")).to_have_text("£0.00")
    expect(page.get_by_test_id("ledger-remaining")).to_have_text("£39,750.00")
    shoot("funds4care-home-after")
    assert Payment.objects.get().reference == "DRIVE-0042"
