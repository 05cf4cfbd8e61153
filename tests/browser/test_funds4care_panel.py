"""A young panel member scores a round in a real browser: logs in and finds the round, says
they do not know the first applicant, scores it with one question "does not apply", saves,
comes back and submits; and says they know the second applicant, who is then not theirs to
score. The screenshots are for a 15-year-old: plain words, large targets."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from contracts.models import Role
from funds4care.models import Criterion, Fund, Round, Score, ScoreSheet
from tests.factories import ApplicationFactory, UserFactory, YoungPersonFactory

from .test_journeys import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def november_2026():
    moment = datetime(2026, 11, 10, 16, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(moment, tick=True):
        yield


@pytest.fixture
def mia(provider_a):
    return UserFactory(
        username="mia", role=Role.PANEL_MEMBER, organisation=provider_a,
        first_name="Mia", last_name="", email="",
    )  # fmt: skip


@pytest.fixture
def autumn(contract_a, mia):
    fund = Fund.objects.create(contract=contract_a, financial_year=2026)
    round_ = Round.objects.create(
        fund=fund, name="Autumn round", opens_on=date(2026, 10, 1), closes_on=date(2026, 10, 31)
    )
    round_.panel.add(mia)
    for position, (name, guidance, weight) in enumerate(
        [
            ("How much will it help?", "A 5 means it would make a big difference to them.", 3),
            ("Is it good value?", "A 5 means it is a fair price for what it is.", 2),
            ("Will it help for a long time?", "A 5 means it will still help next year.", 1),
        ]
    ):
        Criterion.objects.create(
            round=round_, name=name, guidance=guidance, weight=weight, position=position
        )
    for ref, first, last, purpose, amount in [
        ("F4C-0001", "Jade-Marie", "Smith-Jones", "A laptop for college", "240.00"),
        ("F4C-0002", "Tom", "Pascoe", "Driving lessons", "250.00"),
    ]:
        person = YoungPersonFactory(contract=contract_a, first_name=first, last_name=last)
        ApplicationFactory(
            contract=contract_a, round=round_, young_person=person, ref=ref,
            submitted_date=date(2026, 10, 20), amount_requested=Decimal(amount),
            purpose=f"{purpose}. {first}'s old one broke." if ref == "F4C-0001" else purpose,
            reason=f"{first} {last} wants to do well. {last.upper()} family cannot pay.",
            quote="Currys, £240." if ref == "F4C-0001" else "Kernow Driving School, 10 lessons.",
        )  # fmt: skip
    return round_


def choose(page, question: str, answer: str) -> None:
    # The label is the target (the radio button itself is drawn as that label).
    page.get_by_role("group", name=question).locator("label").filter(has_text=answer).click()


def test_a_young_panel_member_scores_a_round(page, live_server, shoot, november_2026, autumn):
    def snap(name: str) -> None:
        # The words are on the page before its stylesheet is: shoot the page as it is seen.
        page.wait_for_load_state("load")
        shoot(name)

    log_in(page, live_server, "mia")
    expect(page.get_by_role("heading", name="My grant rounds")).to_be_visible()
    expect(page.get_by_test_id("to-declare")).to_have_text("2")
    snap("panel-home")

    page.get_by_role("link", name="Open Autumn round").click()
    expect(page.get_by_role("cell", name="F4C-0001")).to_be_visible()
    expect(page.get_by_text("Jade")).to_have_count(0)
    snap("panel-round")

    page.get_by_role("link", name="F4C-0001").click()
    expect(page.get_by_test_id("purpose")).to_have_text(
        "A laptop for college. [the applicant]'s old one broke."
    )
    expect(page.get_by_test_id("reason")).to_have_text(
        "[the applicant] wants to do well. [the applicant] family cannot pay."
    )
    snap("panel-declaration")
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Please answer yes or no.")).to_be_visible()
    page.get_by_text("No", exact=True).click()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("Thank you. You can score this application now.")).to_be_visible()

    choose(page, "How much will it help?", "4")
    choose(page, "Is it good value?", "Does not apply")
    page.get_by_label("Your note on How much will it help?").fill("College matters a lot.")
    snap("panel-scoring")
    page.get_by_role("button", name="Submit my scores").click()
    expect(
        page.get_by_text(
            "Please give a score, or choose “Does not apply”, for: Will it help for a long time?."
        )
    ).to_be_visible()
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_text("Your scores are saved.")).to_be_visible()

    # Come back later: what was chosen is still chosen.
    page.get_by_role("link", name="My grant rounds").first.click()
    expect(page.get_by_test_id("in-progress")).to_have_text("1")
    page.get_by_role("link", name="Open Autumn round").click()
    page.get_by_role("link", name="F4C-0001").click()
    help_group = page.get_by_role("group", name="How much will it help?")
    expect(help_group.get_by_role("radio", name="4")).to_be_checked()
    expect(
        page.get_by_role("group", name="Is it good value?").get_by_role(
            "radio", name="Does not apply"
        )
    ).to_be_checked()
    expect(page.get_by_label("Your note on How much will it help?")).to_have_value(
        "College matters a lot."
    )
    choose(page, "Will it help for a long time?", "5")
    page.get_by_role("button", name="Submit my scores").click()
    expect(
        page.get_by_text("Your scores are sent to the panel's chair. Thank you!")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Submit my scores")).to_have_count(0)
    snap("panel-submitted")

    # The second applicant is someone Mia knows.
    page.get_by_role("link", name="Autumn round").click()
    page.get_by_role("link", name="F4C-0002").click()
    page.get_by_text("Yes", exact=True).click()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_test_id("conflicted")).to_contain_text("you will not score this")
    expect(page.get_by_text("Driving lessons")).to_have_count(0)
    expect(page.get_by_role("button", name="Submit my scores")).to_have_count(0)
    snap("panel-conflicted")

    sheets = {sheet.application.ref: sheet for sheet in ScoreSheet.objects.all()}
    assert sheets["F4C-0001"].submitted_at is not None
    assert sheets["F4C-0002"].conflicted
    assert sorted(
        (s.criterion.position, s.value) for s in Score.objects.filter(sheet=sheets["F4C-0001"])
    ) == [(0, 4), (1, None), (2, 5)]


def test_the_chair_reads_the_panels_scores(
    page, live_server, shoot, november_2026, autumn, mia, provider_a_manager
):
    ruby = UserFactory(username="ruby", role=Role.PANEL_MEMBER, organisation=mia.organisation)
    autumn.panel.add(ruby)
    criteria = list(autumn.criteria.order_by("position"))
    laptop, lessons = autumn.applications.order_by("ref")
    for member, application, values in [
        (mia, laptop, [4, None, 2]),
        (ruby, laptop, [2, 3, 2]),
        (ruby, lessons, [5, 5, 4]),
    ]:
        sheet = ScoreSheet.objects.create(
            application=application, member=member, conflicted=False, submitted_at=timezone.now()
        )
        for criterion, value in zip(criteria, values, strict=True):
            Score.objects.create(sheet=sheet, criterion=criterion, value=value)
    ScoreSheet.objects.create(application=lessons, member=mia, conflicted=True)
    log_in(page, live_server, provider_a_manager.username)
    page.goto(
        f"{live_server.url}/contracts/{autumn.fund.contract_id}/funds4care/rounds/{autumn.pk}"
        "/moderation/"
    )
    row = page.get_by_test_id("moderation-F4C-0001")
    expect(row.get_by_test_id("average")).to_have_text("2.92")
    expect(row.get_by_test_id("flags")).to_contain_text("How much will it help?: 2 to 4")
    expect(page.get_by_test_id("moderation-F4C-0002").get_by_test_id("scored")).to_have_text(
        "1 of 2 submitted; 1 declared a conflict"
    )
    row.get_by_text("Decide").click()
    expect(row.get_by_label("Amount to award (£), up to £250.00")).to_have_value("240.00")
    page.wait_for_load_state("load")
    shoot("panel-moderation")
