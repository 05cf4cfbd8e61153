"""The Young Person's Team's casework in a real browser, as the people would do it (issue 13):
the team manager's referral of a 17-year-old is refused for age, a 14-year-old's is accepted
and allocated to a key worker over the caseload warning; the key worker records two contacts
(one late, and told so), an assessment, a support plan and its review, and closes the case;
A2.3, A2.4 and A2.7 on the KPI page follow."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from contracts.models import Case, Contact, Role
from tests.factories import CaseFactory, KeyWorkerFactory, UserFactory

from .test_journeys import log_in
from .test_return_workflow import log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The referral comes in on Tuesday 20 May 2025; the key worker writes up on Tuesday 10 June
# (both in Q1 of 2025/26).
REFERRED = datetime(2025, 5, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))
TODAY = datetime(2025, 6, 10, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def team(contract_b, provider_b):
    contract_b.caseload = 2
    contract_b.save()
    manager = UserFactory(
        username="dawn", first_name="Dawn", last_name="Clarke",
        role=Role.PROVIDER_MANAGER, organisation=provider_b,
    )  # fmt: skip
    worker = UserFactory(
        username="marcus", first_name="Marcus", last_name="Bennett",
        role=Role.PROVIDER_WORKER, organisation=provider_b,
    )  # fmt: skip
    marcus = KeyWorkerFactory(contract=contract_b, ref="KW-01", name="Marcus Bennett", user=worker)
    KeyWorkerFactory(contract=contract_b, ref="KW-02", name="Sunita Kaur")
    # Marcus already holds the caseload of 2.
    for _ in range(2):
        CaseFactory(contract=contract_b, key_worker=marcus, start_date=date(2025, 5, 1))
    return manager, worker


def q1_of(page, code: str):
    """The Q1 cell of an indicator's row on the KPI page."""
    row = page.locator(f"#indicator-{code.replace('.', '').lower()} tr").first
    return row.locator("td.text-end").first


def open_kpis(page, contract) -> None:
    page.get_by_role("link", name="Contracts").first.click()
    page.get_by_role("link", name=contract.ref).first.click()
    page.get_by_role("link", name="KPI return").click()


def test_a_referral_from_screening_to_closure(page, live_server, shoot, contract_b, team):
    manager, worker = team
    with time_machine.travel(REFERRED, tick=True) as traveller:
        log_in(page, live_server, manager.username)
        page.get_by_role("link", name=contract_b.ref).click()
        page.get_by_role("link", name="KPI return").click()
        expect(q1_of(page, "A2.3")).to_contain_text("2")
        expect(q1_of(page, "A2.4")).to_contain_text("2")

        # A referral of a 17-year-old is refused with the reason, and nothing is kept.
        page.get_by_role("link", name="Contracts").first.click()
        page.get_by_role("link", name=contract_b.ref).click()
        page.get_by_role("link", name="Referrals").first.click()
        page.get_by_role("link", name="Make a referral").click()
        page.get_by_label("First name").fill("Kian")
        page.get_by_label("Last name").fill("Walsh")
        page.get_by_label("Date of birth").fill("2008-01-15")
        page.get_by_label("Gender").select_option(label="Male")
        page.get_by_label("Ethnicity").select_option(label="White British (WBRI)")
        page.get_by_label("Disability").select_option(label="No")
        page.get_by_label("Locality").fill("Bilston")
        page.get_by_label("Referred by").fill("Priya Shah, social worker, Children's Services")
        page.get_by_label("Child protection plan").check()
        page.get_by_label("Missing episodes").check()
        page.get_by_label("Risk of gang exploitation").check()
        page.get_by_role("button", name="Save the referral").click()
        expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
        expect(page.get_by_text("They are 17 on 20 May 2025").first).to_be_visible()
        shoot("casework-referral-refused-for-age")

        # The right date of birth: 14 on the day. Saved, and waiting for screening.
        page.get_by_label("Date of birth").fill("2011-03-02")
        page.get_by_role("button", name="Save the referral").click()
        expect(page.get_by_role("status")).to_contain_text("waits for the team manager")

        # The team manager accepts it and allocates Marcus, over his caseload once warned.
        page.get_by_label("Accept: allocate to a key worker").check()
        page.get_by_role("button", name="Save the decision").click()
        expect(
            page.get_by_role("heading", name="Allocate Kian Walsh to a key worker")
        ).to_be_visible()
        page.get_by_label("Marcus Bennett: 2 open cases").check()
        page.get_by_role("button", name="Allocate").click()
        expect(page.get_by_text("over the caseload of 2")).to_be_visible()
        shoot("casework-allocation-over-caseload")
        page.get_by_label("Allocate anyway, over the caseload").check()
        page.get_by_role("button", name="Allocate").click()
        expect(page.get_by_role("status")).to_contain_text("allocated to Marcus Bennett")
        log_out(page)

        # Three weeks on, the key worker: two contacts, one written up late.
        traveller.move_to(TODAY)
        log_in(page, live_server, worker.username)
        page.get_by_role("link", name=contract_b.ref).click()
        page.get_by_role("link", name="My cases").first.click()
        expect(page.get_by_role("heading", name="My cases")).to_be_visible()
        shoot("casework-my-cases")
        page.get_by_role("link", name="Kian Walsh", exact=True).click()
        page.get_by_role("link", name="Record a contact").first.click()
        expect(page.get_by_test_id("timeframe-hint")).to_contain_text("03/06/2025")
        page.get_by_label("Date of the contact").fill("2025-06-09")
        page.get_by_label("Time").fill("16:30")
        page.get_by_label("Visit").check()
        page.get_by_label("With whom").fill("Kian and his mum")
        page.get_by_label("Notes").fill("Talked about going back to school; Kian wants to box.")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("status")).to_contain_text("On time: recorded 1 working day")
        page.get_by_role("link", name="Record a contact").first.click()
        page.get_by_label("Date of the contact").fill("2025-05-30")
        page.get_by_label("Multi-agency meeting").check()
        page.get_by_label("With whom").fill("Strategy meeting: police, school, social worker")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("status")).to_contain_text(
            "Late: recorded 7 working days after it happened"
        )
        expect(page.get_by_text("Late: 7 working days")).to_be_visible()
        shoot("casework-case-with-a-late-contact")

        # An assessment, a plan in Kian's words and its review.
        page.get_by_role("link", name="Record an assessment").click()
        page.get_by_label("Assessment", exact=True).fill("Child and family assessment")
        page.get_by_label("Lead").check()
        page.get_by_role("button", name="Save").click()
        page.get_by_role("link", name="Agree a support plan").click()
        page.get_by_label("Goals").fill("Back at school three days a week\nA boxing club")
        page.get_by_label("In the young person's own words").fill("I want to box, not fight.")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("I want to box, not fight.")).to_be_visible()
        page.get_by_role("link", name="Review the plan").click()
        page.get_by_label("Progress against the goals").fill(
            "Two days at school; went to the club."
        )
        page.get_by_label("In the young person's own words").fill("The club is alright.")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The club is alright.")).to_be_visible()

        # The case closes: he moved away.
        page.get_by_role("link", name="Close the case").click()
        page.get_by_label("Some of the plan's goals were met").check()
        page.get_by_label("Reason for closing").select_option(label="Moved out of the area")
        page.get_by_label("Closing note").fill("Moved to Walsall; handed to their early help team.")
        page.get_by_role("button", name="Close the case").click()
        expect(page.get_by_role("status")).to_contain_text("Closed within 6 months")
        shoot("casework-case-closed")
        log_out(page)

        # The figures follow: a third case and young person, and 1 of 2 contacts on time.
        log_in(page, live_server, manager.username)
        page.get_by_role("link", name=contract_b.ref).click()
        page.get_by_role("link", name="KPI return").click()
        expect(q1_of(page, "A2.3")).to_contain_text("3")
        expect(q1_of(page, "A2.4")).to_contain_text("3")
        expect(q1_of(page, "A2.7")).to_contain_text(re.compile(r"50"))
        shoot("casework-kpis-after")
        page.get_by_role("link", name=contract_b.ref).click()
        page.get_by_role("link", name="Caseloads").first.click()
        expect(page.get_by_test_id("caseload-KW-01")).to_have_text("2 of 2: full")
        shoot("casework-caseloads")
    case = Case.objects.get(young_person__first_name="Kian")
    assert (case.key_worker.name, case.start_date, case.end_date, case.closure_reason) == (
        "Marcus Bennett",
        date(2025, 5, 20),
        date(2025, 6, 10),
        "moved_away",
    )
    assert sorted(Contact.objects.filter(case=case).values_list("recorded_date", flat=True)) == [
        date(2025, 6, 10),
        date(2025, 6, 10),
    ]
