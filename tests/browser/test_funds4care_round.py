"""A whole Funds4 Care round in a real browser, as the people would run it (issue 12): the
manager opens the year's fund and a round with three panel members and a rubric; a worker
makes two applications, one refused as not eligible (with its reason, the draft kept) and one
submitted; when the round has closed, each panel member declares conflicts and scores; the
chair approves one and declines one, records the payment, and the ledger, the young person's
page and the KPIs 1.9 and 1.10 show it."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from contracts.models import Role
from funds4care.models import Application, Payment
from tests.factories import CareStatusFactory, UserFactory, YoungPersonFactory

from .test_journeys import log_in
from .test_return_workflow import log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAY = datetime(2026, 5, 12, 10, 0, tzinfo=ZoneInfo("Europe/London"))
JUNE = datetime(2026, 6, 2, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def people(contract_a, provider_a):
    jade = YoungPersonFactory(contract=contract_a, first_name="Jade", last_name="Trelawny",
                              date_of_birth=date(2000, 2, 3))  # fmt: skip
    CareStatusFactory(young_person=jade, status="care_leaver", start_date=date(2018, 2, 3))
    kit = YoungPersonFactory(contract=contract_a, first_name="Kit", last_name="Penrose",
                             date_of_birth=date(2009, 9, 9))  # fmt: skip
    CareStatusFactory(young_person=kit, status="in_care", start_date=date(2020, 1, 1))
    tom = YoungPersonFactory(contract=contract_a, first_name="Tom", last_name="Pascoe",
                             date_of_birth=date(2010, 3, 3))  # fmt: skip
    CareStatusFactory(young_person=tom, status="in_care", start_date=date(2021, 1, 1))
    panel = [
        UserFactory(
            username=name.lower(),
            first_name=name,
            last_name="",
            email="",
            role=Role.PANEL_MEMBER,
            organisation=provider_a,
        )  # fmt: skip
        for name in ("Mia", "Rowan", "Sky")
    ]
    return jade, kit, tom, panel


def apply(page, contract, person, purpose: str, amount: str, why: str) -> None:
    page.get_by_role("link", name=contract.ref).click()
    page.get_by_role("link", name="Funds4 Care").first.click()
    page.get_by_role("link", name="Make an application").click()
    page.get_by_label("Who it is for").select_option(
        label=f"{person.last_name}, {person.first_name} ({person.ref})"
    )
    page.get_by_label("What it is for").fill(purpose)
    page.get_by_label("How much (£)").fill(amount)
    page.get_by_label("Why it would help").fill(why)
    page.get_by_role("button", name="Submit the application").click()


def score(page, live_server, member: str, refs_and_scores: dict[str, tuple | None]) -> None:
    """A panel member's visit: for each application, no conflict and these scores (one for each
    question), or a conflict (None)."""
    log_in(page, live_server, member)
    for ref, values in refs_and_scores.items():
        page.get_by_role("link", name="My grant rounds").first.click()
        page.get_by_role("link", name="Open Spring 2026").click()
        page.get_by_role("link", name=ref).click()
        expect(page.get_by_text("Kit")).to_have_count(0)  # pseudonymised
        page.get_by_text("Yes" if values is None else "No", exact=True).click()
        page.get_by_role("button", name="Send my answer").click()
        if values is None:
            expect(page.get_by_test_id("conflicted")).to_be_visible()
            continue
        for question, value in zip(("Will it help?", "Is it good value?"), values, strict=True):
            group = page.get_by_role("group", name=question)
            group.locator("label").filter(has_text=re.compile(rf"^{value}")).first.click()
        page.get_by_role("button", name="Submit my scores").click()
        expect(page.get_by_text("Your scores are sent to the panel's chair.")).to_be_visible()
    log_out(page)


def test_a_whole_round_from_the_fund_to_the_payment(
    page, live_server, shoot, contract_a, provider_a_worker, provider_a_manager, people
):
    jade, kit, tom, panel = people
    with time_machine.travel(MAY, tick=True) as traveller:
        # The manager opens the year's fund, then a round with its panel and rubric.
        log_in(page, live_server, provider_a_manager.username)
        page.get_by_role("link", name=contract_a.ref).click()
        page.get_by_role("link", name="Funds4 Care").first.click()
        page.get_by_role("button", name="Open the fund for this year").click()
        expect(page.get_by_test_id("ledger-remaining")).to_have_text("£40,000.00")
        page.get_by_role("link", name="Open a round").click()
        page.get_by_label("Name").fill("Spring 2026")
        page.get_by_label("Opens on").fill("2026-05-01")
        page.get_by_label("Closes on").fill("2026-05-31")
        for member in panel:
            page.get_by_label(member.first_name, exact=True).check()
        rubric = [("Will it help?", "3"), ("Is it good value?", "1")]
        for index, (question, weight) in enumerate(rubric):
            page.locator(f"[name='criteria-{index}-name']").fill(question)
            page.locator(f"[name='criteria-{index}-weight']").fill(weight)
        shoot("funds4care-round-form")
        page.get_by_role("button", name=re.compile("Save")).click()
        expect(page.get_by_text("Spring 2026: saved, with its panel and rubric.")).to_be_visible()
        log_out(page)

        # The worker: Jade is 26, so not eligible; Kit's and Tom's go in.
        log_in(page, live_server, provider_a_worker.username)
        apply(page, contract_a, jade, "A laptop for college", "240", "I share a computer.")
        expect(page.get_by_role("status").filter(has_text="Not eligible")).to_contain_text(
            "Funds4 Care is for young people aged 11 to 25 on the day they apply; Jade is 26."
        )
        expect(page.get_by_label("What it is for")).to_have_value("A laptop for college")
        shoot("funds4care-refused-not-eligible")
        apply(page, contract_a, kit, "Driving lessons", "300", "The bus is too late for work.")
        expect(page.get_by_test_id("status")).to_have_text("Submitted")
        apply(page, contract_a, tom, "A games console", "150", "Something to do at home.")
        expect(page.get_by_test_id("status")).to_have_text("Submitted")
        log_out(page)
        lessons = Application.objects.get(young_person=kit)
        console = Application.objects.get(young_person=tom)
        assert Application.objects.get(young_person=jade).status == "draft"

        # The round has closed: the panel scores; Sky knows Tom.
        traveller.move_to(JUNE)
        score(page, live_server, "mia", {lessons.ref: (5, 4), console.ref: (1, 2)})
        score(page, live_server, "rowan", {lessons.ref: (4, 4), console.ref: (2, 1)})
        score(page, live_server, "sky", {lessons.ref: (3, 5), console.ref: None})

        # The chair moderates: approves the lessons at the cap, declines the console.
        log_in(page, live_server, provider_a_manager.username)
        page.get_by_role("link", name=contract_a.ref).click()
        page.get_by_role("link", name="Funds4 Care").first.click()
        page.get_by_role("link", name="Scores and decisions of Spring 2026").click()
        row = page.get_by_test_id(f"moderation-{lessons.ref}")
        expect(row.get_by_test_id("scored")).to_have_text("3 of 3 submitted")
        expect(row.get_by_test_id("flags")).to_contain_text("Will it help?: 3 to 5")
        other = page.get_by_test_id(f"moderation-{console.ref}")
        expect(other.get_by_test_id("scored")).to_have_text(
            "2 of 3 submitted; 1 declared a conflict"
        )
        shoot("funds4care-moderation")
        row.get_by_text("Decide").click()
        expect(row.get_by_label(re.compile("Amount to award"))).to_have_value("250.00")
        row.get_by_role("button", name="Approve").click()
        expect(page.get_by_text(f"{lessons.ref} is approved.")).to_be_visible()
        other = page.get_by_test_id(f"moderation-{console.ref}")
        other.get_by_text("Decide").click()
        other.get_by_label("Why it is declined").fill("A console is not what the fund is for.")
        other.get_by_role("button", name="Decline").click()
        expect(page.get_by_text(f"{console.ref} is declined.")).to_be_visible()

        # The payment, once; the ledger moves.
        page.get_by_role("link", name="Funds4 Care").first.click()
        page.get_by_role("link", name=lessons.ref).click()
        payment = page.locator("#payment")
        expect(payment.get_by_test_id("ledger-committed")).to_have_text("£250.00")
        payment.get_by_label("How it was paid").select_option(label="Paid to the supplier")
        payment.get_by_label("Payment reference").fill("DRIVE-0042")
        payment.get_by_role("button", name="Record the payment").click()
        expect(page.get_by_test_id("status")).to_have_text("Paid")
        expect(page.get_by_test_id("history")).to_contain_text(re.compile(r"Paid by .*DRIVE-0042"))
        page.get_by_role("link", name="Funds4 Care").first.click()
        expect(page.get_by_test_id("ledger-paid")).to_have_text("£250.00")
        expect(page.get_by_test_id("ledger-committed")).to_have_text("£0.00")
        expect(page.get_by_test_id("ledger-remaining")).to_have_text("£39,750.00")
        shoot("funds4care-ledger-after")

        # Kit's page shows the grant, paid; the KPIs count Kit and Tom as applicants (1.9).
        page.goto(f"{live_server.url}/contracts/{contract_a.pk}/young-people/{kit.pk}/")
        expect(page.locator("#funds4care")).to_contain_text(lessons.ref)
        expect(page.locator("#funds4care")).to_contain_text(f"{lessons.ref} (paid)")
        page.goto(f"{live_server.url}/contracts/{contract_a.pk}/kpis/?year=2026")
        applicants = page.locator("#indicator-19 > tr").first.locator("td.text-end")
        # Q1 (so far, on 2 June): Kit and Tom, not Jade's draft.
        expect(applicants.nth(0)).to_have_text("2so far")
        shoot("funds4care-kpis")

    paid = Payment.objects.get()
    assert (paid.application, paid.amount, paid.reference) == (lessons, Decimal("250.00"),
                                                               "DRIVE-0042")  # fmt: skip
    console.refresh_from_db()
    assert (console.decision, console.decline_reason) == (
        "declined",
        "A console is not what the fund is for.",
    )
