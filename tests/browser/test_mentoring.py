"""Peer mentoring in a real browser, as the coordinator works (issue 14): she adds an adult
volunteer with a DBS check, records their training until they are trained, refers a young
person for a mentor, takes the suggested match, agrees a goal, records a review (the goal
achieved) and a supported appointment; 1.6, 1.7 and 1.11 on the KPI page follow."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from contracts.models import Role
from mentoring.models import Match, MatchGoal, Mentor
from tests.factories import UserFactory, YoungPersonFactory

from .test_casework import open_kpis, q1_of
from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = datetime(2025, 6, 10, 10, 0, tzinfo=ZoneInfo("Europe/London"))
FIRST_SIX = [
    ("Safeguarding children", "2025-05-12"),
    ("Safeguarding adults", "2025-05-13"),
    ("Child sexual exploitation", "2025-05-14"),
    ("Confidentiality", "2025-05-15"),
    ("Signs of Safety", "2025-05-19"),
    ("Professional boundaries", "2025-05-20"),
]
LAST_TWO = [("The mentor's role", "2025-06-02"), ("Mentoring skills", "2025-06-03")]


@pytest.fixture
def coordinator(provider_a, contract_a):
    YoungPersonFactory(
        contract=contract_a, ref="YP-0001", first_name="Kai", last_name="Moyle",
        date_of_birth=date(2010, 1, 5), gender="male", locality="Truro",
    )  # fmt: skip
    return UserFactory(
        username="jess", first_name="Jess", last_name="Trewin",
        role=Role.PROVIDER_WORKER, organisation=provider_a,
    )  # fmt: skip


def record_training(page, modules) -> None:
    page.get_by_role("link", name="Record training").first.click()
    for module, day in modules:
        page.get_by_label(module).fill(day)
    page.get_by_role("button", name="Save training").click()


def test_a_mentor_from_training_to_a_reviewed_match(
    page, live_server, shoot, contract_a, coordinator
):
    with time_machine.travel(TODAY, tick=True):
        log_in(page, live_server, coordinator.username)
        page.get_by_role("link", name=contract_a.ref).click()
        open_kpis(page, contract_a)
        for code in ("1.6", "1.11"):
            expect(q1_of(page, code)).to_contain_text("0")

        # An adult volunteer, with a DBS check: its renewal is filled in (3 years on).
        page.get_by_role("link", name="Contracts").first.click()
        page.get_by_role("link", name=contract_a.ref).first.click()
        page.get_by_role("link", name="Peer mentoring").first.click()
        page.get_by_role("link", name="Add a mentor").click()
        page.get_by_label("Name").fill("Sarah Penhaligon")
        page.get_by_label("Gender").select_option(label="Female")
        page.get_by_label("Locality").fill("Truro")
        page.get_by_label("Music").check()
        page.get_by_label("DBS check date").fill("2025-05-01")
        page.get_by_label("DBS certificate number").fill("001234567890")
        page.get_by_label("Started").fill("2025-05-01")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Sarah Penhaligon"))
        sarah = Mentor.objects.get(name="Sarah Penhaligon")
        assert (sarah.ref, sarah.dbs_renewal_date) == ("M-0001", date(2028, 5, 1))

        # Six of the eight modules: two to go, and she cannot be matched yet.
        record_training(page, FIRST_SIX)
        expect(page.get_by_text("Recorded 6 modules. 2 modules still to do.")).to_be_visible()
        shoot("mentoring-1-mentor-in-training")
        record_training(page, LAST_TWO)
        expect(
            page.get_by_text(
                "Recorded 2 modules. Sarah Penhaligon is trained from 3 June 2025 and can now "
                "be matched."
            )
        ).to_be_visible()

        # Kai is referred from his page, and the matching page suggests Sarah, saying why.
        page.get_by_role("link", name="Young people").first.click()
        page.get_by_role("link", name="Moyle, Kai").click()
        page.get_by_role("link", name="Refer for a mentor").click()
        page.get_by_label("Confidence and making friends").check()
        page.get_by_label("Music").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Lives in Truro, as Kai does")).to_be_visible()
        expect(page.get_by_text("Both into music")).to_be_visible()
        shoot("mentoring-2-matching")
        page.get_by_role("button", name="Match with Sarah Penhaligon").click()
        expect(
            page.get_by_text(
                "Matched Kai Moyle with Sarah Penhaligon from 10 June 2025. First review due "
                "8 July 2025."
            )
        ).to_be_visible()
        match = Match.objects.get()
        assert (match.mentor, match.mentee.first_name, match.ref) == (sarah, "Kai", "MA-0001")

        # A goal, a review that finds it achieved, and an appointment she went to with him.
        page.get_by_role("link", name="Add a goal").click()
        page.get_by_label("The goal").fill("Join the Truro youth music group")
        page.get_by_role("button", name="Save").click()
        page.get_by_role("link", name="Record a review").click()
        page.get_by_label("How it is going").fill("Kai has been to the group twice.")
        page.get_by_label("Progress").select_option(label="Achieved")
        page.get_by_role("button", name="Save the review").click()
        expect(page.get_by_text(re.compile("Review recorded"))).to_be_visible()
        assert MatchGoal.objects.get().achieved_date == date(2025, 6, 10)
        page.get_by_role("link", name="Record a supported appointment").click()
        page.get_by_label("Type").select_option(label="Health")
        page.get_by_label("What it was").fill("GP, with Dr Lee")
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_role("cell", name="GP, with Dr Lee")).to_be_visible()
        shoot("mentoring-3-match")

        # The return's figures follow: one mentor trained in Q1, matched; one mentee supported.
        open_kpis(page, contract_a)
        expect(q1_of(page, "1.6")).to_contain_text("1")
        expect(q1_of(page, "1.7")).to_contain_text("100")
        expect(q1_of(page, "1.11")).to_contain_text("1")
        shoot("mentoring-4-kpis")
