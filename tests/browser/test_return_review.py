"""What a new user tripped over on a return, in a real browser (issue 11): the manager opens a
return sent back and finds what was asked, and must reply before submitting again; the manager
finds the red and amber figures to explain from the list at the top of the draft; the
commissioner decides below the table and is told when an earlier return is not approved."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from kpis.models import Return, ReturnStatus
from kpis.returns.due import open_returns
from kpis.returns.workflow import request_changes, save_draft, submit_return
from tests.kpis.helpers import person

from .test_journeys import log_in
from .test_return_workflow import log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Please explain why 1.2 is so far below target and what the recovery plan is."


@pytest.fixture
def october_2025():
    moment = datetime(2025, 10, 20, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=True):
        yield


def explain_all(page) -> None:
    boxes = page.get_by_label(re.compile(r"why it is (red|amber)"))
    for index in range(boxes.count()):
        boxes.nth(index).fill("Recruitment started late; a plan to recover was agreed.")


def the_return(contract, period: str) -> Return:
    return Return.objects.get(contract=contract, financial_year=2025, period=period)


def test_a_manager_finds_what_to_explain_and_answers_a_return_sent_back(
    page, live_server, shoot, october_2025, provider_a_manager, commissioner, contract_a
):
    open_returns(contract=contract_a)
    q1 = the_return(contract_a, "Q1")
    log_in(page, live_server, provider_a_manager.username)
    page.goto(f"{live_server.url}{q1.get_absolute_url()}")
    page.get_by_role("button", name="Submit the return").click()
    # Refused: the message names the indicators in words, the draft lists them with links.
    expect(
        page.get_by_text(re.compile(r"still to explain: 1\.2 Service participation"))
    ).to_be_visible()
    summary = page.get_by_test_id("still-to-explain")
    expect(summary).to_contain_text("against a target of 160")
    shoot("return-still-to-explain")
    summary.get_by_role("link", name="1.2 Service participation").click()
    box = page.get_by_label("1.2 Service participation: why it is red")
    expect(box).to_be_in_viewport()
    expect(page.locator('[id="id_explanation_1.2_helptext"]')).to_contain_text(
        "Red: 0 in the year to date at the end of Q1, against a target of 160"
    )
    explain_all(page)
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Draft saved.")).to_be_visible()
    page.get_by_role("button", name="Submit the return").click()
    expect(page.get_by_test_id("return-status")).to_have_text("Submitted")
    log_out(page)

    request_changes(ret=q1, by=commissioner, comment=QUESTION)
    log_in(page, live_server, provider_a_manager.username)
    page.goto(f"{live_server.url}{q1.get_absolute_url()}")
    sent_back = page.get_by_test_id("sent-back")
    expect(sent_back).to_contain_text(QUESTION)
    expect(sent_back).to_contain_text("Nothing yet")
    shoot("return-sent-back")
    # An unchanged return is not sent again in one click: a reply is asked for.
    page.get_by_role("button", name="Submit again with this reply").click()
    reply = page.get_by_label(re.compile("Your reply to the commissioner"))
    assert reply.evaluate("box => box.validity.valueMissing")  # the browser asks for it
    assert the_return(contract_a, "Q1").status == ReturnStatus.CHANGES_REQUESTED

    sent_back = page.get_by_test_id("sent-back")
    sent_back.get_by_role("link", name="Edit the draft").click()
    page.get_by_label("1.2 Service participation: why it is red").fill(
        "Recruitment started in June; three new groups start in October."
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_test_id("changed-since")).to_contain_text("The notes on 1.2")
    page.get_by_label(re.compile("Your reply to the commissioner")).fill(
        "The recovery plan is under 1.2."
    )
    page.get_by_role("button", name="Submit again with this reply").click()
    expect(page.get_by_test_id("return-status")).to_have_text("Submitted")
    expect(page.get_by_test_id("history")).to_contain_text("The recovery plan is under 1.2.")


def test_a_commissioner_decides_below_the_figures_and_is_told_of_an_earlier_return(
    page, live_server, shoot, october_2025, provider_a_manager, commissioner, contract_a
):
    from tests.returns.test_workflow_services import explain_everything

    person(contract_a, first_name="Morwenna", last_name="Trelawny")
    open_returns(contract=contract_a)
    for period in ("Q1", "Q2"):
        ret = the_return(contract_a, period)
        case_study = {"case_studies": "Morwenna joined the council in August."}
        save_draft(ret=ret, by=provider_a_manager, values=case_study)
        explain_everything(ret, provider_a_manager)
        submit_return(ret=ret, by=provider_a_manager, comment="For the meeting.")
    request_changes(ret=the_return(contract_a, "Q1"), by=commissioner, comment=QUESTION)
    q2 = the_return(contract_a, "Q2")

    log_in(page, live_server, commissioner.username)
    page.goto(f"{live_server.url}{q2.get_absolute_url()}")
    expect(page.get_by_role("link", name="Download PDF")).to_be_visible()
    expect(page.get_by_test_id("decide-below")).to_contain_text("not approved yet")
    decision = page.locator("#decision")
    figures = page.get_by_test_id("return-figures")
    assert figures.bounding_box()["y"] < decision.bounding_box()["y"]
    page.get_by_role("link", name="approve the return or ask for changes").click()
    expect(page.get_by_test_id("out-of-order")).to_be_in_viewport()
    expect(page.get_by_test_id("out-of-order")).to_contain_text("2025/26 Q1 (changes requested)")
    # The provider's text names a child: the commissioner is told before approving.
    expect(page.get_by_test_id("name-warning-commissioner")).to_contain_text(
        "seems to name 1 young person from the records (in case studies)"
    )
    shoot("return-decision-out-of-order")
    page.get_by_role("button", name="Approve the return").click()
    expect(page.get_by_test_id("return-status")).to_have_text("Approved")
    expect(
        page.get_by_text(re.compile("Earlier returns of A-EP are not approved yet"))
    ).to_be_visible()
