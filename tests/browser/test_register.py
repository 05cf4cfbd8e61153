"""A provider worker records who came to a session, in a real browser: search, tick, save."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from contracts.models import Attendance
from tests.factories import (
    TEST_PASSWORD,
    AttendanceFactory,
    CareStatusFactory,
    OutcomeAssessmentFactory,
    PlacementFactory,
    SessionFactory,
    YoungPersonFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your contracts")).to_be_visible()


@pytest.fixture
def friday_cicc(contract_a):
    """A session with a register of young people, one of them already recorded as attending."""
    session = SessionFactory(contract=contract_a, title="Friday CiCC", session_type="cicc")
    people = {}
    for first, last, ref in [
        ("Amy", "Penrose", "KV-001"),
        ("Ben", "Trewin", "KV-002"),
        ("Cara", "Nance", "KV-003"),
        ("Dev", "Rowe", "KV-004"),
        ("Eliza", "Penhallow", "KV-005"),
    ]:
        people[first] = YoungPersonFactory(
            contract=contract_a, first_name=first, last_name=last, ref=ref
        )
        CareStatusFactory(young_person=people[first])
    AttendanceFactory(session=session, young_person=people["Dev"])
    # Amy's page has more to show: a placement and two outcome assessments.
    PlacementFactory(young_person=people["Amy"], placement_code="U4")
    OutcomeAssessmentFactory(young_person=people["Amy"], date=date(2025, 1, 10))
    OutcomeAssessmentFactory(
        young_person=people["Amy"], date=date(2025, 4, 10), confidence=8, identity=4
    )
    return session, people


def attended(session) -> set[str]:
    return set(
        Attendance.objects.filter(session=session).values_list(
            "young_person__first_name", flat=True
        )
    )


def test_a_worker_searches_ticks_and_saves_the_register(
    page, live_server, shoot, provider_a_worker, contract_a, friday_cicc
):
    session, people = friday_cicc
    log_in(page, live_server, provider_a_worker.username)
    page.goto(f"{live_server.url}/contracts/{contract_a.pk}/sessions/")
    expect(page.get_by_role("heading", name="Sessions")).to_be_visible()
    shoot("sessions-list")
    page.get_by_role("link", name="Friday CiCC").click()
    expect(page.get_by_role("heading", name="Friday CiCC")).to_be_visible()
    expect(page.get_by_test_id("attended-count")).to_have_text("1 young person")
    shoot("register-opened")

    search = page.get_by_label("Find a young person (name or reference)")
    search.fill("pen")
    # Filtered on the page as they type: Amy Penrose and Eliza Penhallow, nobody else.
    expect(page.get_by_label("Amy Penrose")).to_be_visible()
    expect(page.get_by_label("Eliza Penhallow")).to_be_visible()
    expect(page.get_by_label("Ben Trewin")).to_be_hidden()
    expect(page.get_by_text("2 of 5 young people shown.")).to_be_visible()
    page.get_by_label("Amy Penrose").check()
    shoot("register-searching")

    # Enter in the search box filters; it does not reload the page and lose Amy's tick.
    search.fill("kv-002")
    search.press("Enter")
    expect(page.get_by_label("Amy Penrose")).to_be_hidden()
    page.get_by_label("Ben Trewin").check()
    search.fill("")
    expect(page.get_by_label("Cara Nance")).to_be_visible()
    page.get_by_label("Dev Rowe").uncheck()
    expect(page.get_by_text("2 ticked")).to_be_visible()
    shoot("register-ticked")

    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text("Attendance saved: 2 attended (2 added, 1 removed).")).to_be_visible()
    expect(page.get_by_test_id("attended-count")).to_have_text("2 young people")
    expect(page.get_by_label("Amy Penrose")).to_be_checked()
    expect(page.get_by_label("Ben Trewin")).to_be_checked()
    expect(page.get_by_label("Dev Rowe")).not_to_be_checked()
    shoot("register-saved")
    assert attended(session) == {"Amy", "Ben"}

    # The session is now on Amy's page.
    page.get_by_role("link", name="Young people", exact=True).first.click()
    page.get_by_role("link", name="Penrose, Amy").click()
    expect(page.get_by_role("heading", name="Amy Penrose")).to_be_visible()
    expect(page.locator("#sessions").get_by_role("link", name="Friday CiCC")).to_be_visible()
    # Confidence rose 3 from the baseline, identity fell 1: the total is 2 up.
    expect(page.get_by_test_id("total").last).to_have_text("37 (+2)")
    shoot("young-person-page")


def test_the_register_works_without_javascript(
    browser, browser_context_args, live_server, provider_a_worker, contract_a, friday_cicc
):
    session, people = friday_cicc
    context = browser.new_context(**browser_context_args, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server, provider_a_worker.username)
        page.goto(f"{live_server.url}/contracts/{contract_a.pk}/sessions/{session.pk}/")
        page.get_by_label("Find a young person (name or reference)").fill("trewin")
        page.get_by_role("button", name="Search").click()
        # The server narrows the list, keeping Dev, who is already recorded.
        expect(page.get_by_label("Ben Trewin")).to_be_visible()
        expect(page.get_by_label("Dev Rowe")).to_be_checked()
        expect(page.get_by_label("Amy Penrose")).to_have_count(0)
        page.get_by_label("Ben Trewin").check()
        page.get_by_role("button", name="Save attendance").click()
        expect(
            page.get_by_text("Attendance saved: 2 attended (1 added, 0 removed).")
        ).to_be_visible()
        assert attended(session) == {"Ben", "Dev"}
    finally:
        context.close()


def test_a_worker_adds_a_young_person_and_their_care_status(
    page, live_server, shoot, provider_a_worker, contract_a, friday_cicc
):
    log_in(page, live_server, provider_a_worker.username)
    page.goto(f"{live_server.url}/contracts/{contract_a.pk}/young-people/")
    page.get_by_label("Name or reference").fill("pen")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_test_id("result-count")).to_have_text("2 young people match.")
    shoot("young-people-list")

    page.get_by_role("link", name="Add a young person").click()
    page.get_by_label("First name").fill("Morwenna")
    page.get_by_label("Last name").fill("Tregear")
    page.get_by_label("Reference").fill("KV-001")  # Amy's
    page.get_by_label("Date of birth").fill("2010-02-03")
    page.get_by_label("Gender").select_option("female")
    page.get_by_label("Ethnicity").select_option("WBRI")
    page.get_by_label("Disability").select_option("no")
    page.get_by_label("Locality").fill("Truro")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Another young person on this contract has this reference.")
    ).to_be_visible()
    shoot("young-person-form-error")

    page.get_by_label("Reference").fill("KV-100")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Morwenna Tregear")).to_be_visible()
    page.get_by_role("link", name="Add a care status").click()
    page.get_by_label("Status").select_option("in_care")
    page.get_by_label("Start date").fill("2025-01-06")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("In care from 06/01/2025 was saved.")).to_be_visible()
    expect(page.locator("#care-status tr[data-current]")).to_contain_text("In care")
    shoot("young-person-added")
