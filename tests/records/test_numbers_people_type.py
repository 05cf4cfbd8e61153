"""Number boxes take what people type: hours as 2, 1.5 or 2.50, money to the penny. The browser
refuses only what the server would (HTML's min, max and step), and a record saved unchanged
stays as it was."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from contracts.models import AdditionalFunding, Feedback, Session
from tests.factories import OutcomeAssessmentFactory, SessionFactory, YoungPersonFactory

from .support import browser_refuses, number_box, url, what_the_browser_posts

pytestmark = pytest.mark.django_db

SESSION = {
    "title": "Care Leavers' forum",
    "ref": "",
    "date": "2025-06-10",
    "session_type": "care_leavers_group",
    "locality": "Truro",
}
HOURS_PEOPLE_TYPE = ["2", "1", "1.5", "2.5", "2.50", "0.25", "0.75", "1.33", "0.01", "24"]


@pytest.mark.parametrize("typed", HOURS_PEOPLE_TYPE)
def test_the_hours_box_takes_the_hours_people_type(worker, contract_a, typed):
    page = worker.get(url("session_add", contract_a))
    assert browser_refuses(number_box(page, "duration_hours"), typed) == ""
    response = worker.post(url("session_add", contract_a), {**SESSION, "duration_hours": typed})
    assert response.status_code == 302, response.context["form"].errors
    assert Session.objects.get().duration_hours == Decimal(typed)


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("0", "less than the minimum 0.01"),
        ("24.25", "more than the maximum 24"),
        ("1.255", "not a step of 0.01 from 0.01"),
    ],
)
def test_the_hours_box_refuses_what_the_server_refuses(worker, contract_a, typed, why):
    page = worker.get(url("session_add", contract_a))
    assert browser_refuses(number_box(page, "duration_hours"), typed) == why
    response = worker.post(url("session_add", contract_a), {**SESSION, "duration_hours": typed})
    assert "duration_hours" in response.context["form"].errors
    assert not Session.objects.exists()


def test_the_hours_box_says_how_to_write_hours(worker, contract_a):
    page = worker.get(url("session_add", contract_a)).content.decode()
    assert "1.5 (an hour and a half)" in page
    assert "0.25 (a quarter of an hour)" in page


def test_a_session_of_two_and_a_half_hours_saves_unchanged(worker, contract_a):
    session = SessionFactory(contract=contract_a, duration_hours=Decimal("2.50"), locality="Truro")
    edit = url("session_edit", contract_a, session_pk=session.pk)
    page = worker.get(edit)
    box = number_box(page, "duration_hours")
    assert box["value"] == "2.50"
    assert browser_refuses(box, box["value"]) == ""
    response = worker.post(edit, what_the_browser_posts(page))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.duration_hours == Decimal("2.50")


@pytest.mark.parametrize("typed", ["0", "0.01", "10", "99.5", "1499.99", "1500", "250000"])
def test_the_money_box_takes_pounds_to_the_penny(worker, contract_a, typed):
    page = worker.get(url("additional_funding_add", contract_a))
    assert browser_refuses(number_box(page, "amount"), typed) == ""
    data = {"source": "Lottery", "ref": "", "date": "2025-05-04", "status": "secured"}
    response = worker.post(url("additional_funding_add", contract_a), {**data, "amount": typed})
    assert response.status_code == 302
    assert AdditionalFunding.objects.get().amount == Decimal(typed)


def test_funding_of_pounds_and_pence_saves_unchanged(worker, contract_a):
    funding = AdditionalFunding.objects.create(
        contract=contract_a,
        ref="F-1",
        date=date(2025, 5, 4),
        source="Lottery",
        amount=Decimal("1234.50"),
        status="planned",
    )
    edit = url("additional_funding_edit", contract_a, funding_pk=funding.pk)
    page = worker.get(edit)
    assert browser_refuses(number_box(page, "amount"), "1234.50") == ""
    assert worker.post(edit, what_the_browser_posts(page)).status_code == 302
    funding.refresh_from_db()
    assert funding.amount == Decimal("1234.50")


@pytest.mark.parametrize(
    ("name", "accepted", "refused"),
    [
        ("confidence", ["1", "5", "10"], ["0", "11", "5.5"]),
        ("relationships", ["1", "10"], ["0", "11"]),
    ],
)
def test_score_boxes_take_1_to_10(worker, contract_a, name, accepted, refused):
    person = YoungPersonFactory(contract=contract_a)
    page = worker.get(url("outcome_assessment_add", contract_a, young_person_pk=person.pk))
    box = number_box(page, name)
    assert [browser_refuses(box, typed) for typed in accepted] == [""] * len(accepted)
    assert all(browser_refuses(box, typed) for typed in refused)


def test_an_outcome_assessment_and_feedback_save_unchanged(worker, contract_a):
    person = YoungPersonFactory(contract=contract_a)
    assessment = OutcomeAssessmentFactory(young_person=person, confidence=10, identity=1)
    feedback = Feedback.objects.create(
        young_person=person,
        date=date(2025, 5, 1),
        kind="feedback",
        rating=5,
        comment="Great, thanks",
    )
    for name, record in [("outcome_assessment", assessment), ("feedback", feedback)]:
        edit = url(f"{name}_edit", contract_a, young_person_pk=person.pk, record_pk=record.pk)
        page = worker.get(edit)
        posted = what_the_browser_posts(page)
        for box_name in ("confidence", "identity", "rating"):
            if box_name in posted:
                assert browser_refuses(number_box(page, box_name), posted[box_name]) == ""
        assert worker.post(edit, posted).status_code == 302
    assessment.refresh_from_db()
    feedback.refresh_from_db()
    assert (assessment.confidence, assessment.identity) == (10, 1)
    assert (feedback.rating, feedback.comment) == (5, "Great, thanks")


@pytest.mark.parametrize(
    ("name", "accepted", "refused"),
    [
        ("annual_value", ["0", "150000", "150000.50", "123456.78"], ["-1", "0.001"]),
        ("record_timeframe_days", ["0", "5", "60"], ["61", "2.5"]),
        ("return_due_working_days", ["0", "20", "120"], ["121"]),
    ],
)
def test_the_contracts_number_boxes_take_what_the_commissioner_types(
    client, commissioner, contract_a, name, accepted, refused
):
    client.force_login(commissioner)
    page = client.get(reverse("contracts:edit", kwargs={"pk": contract_a.pk}))
    box = number_box(page, name)
    assert [browser_refuses(box, typed) for typed in accepted] == [""] * len(accepted)
    assert all(browser_refuses(box, typed) for typed in refused)


def test_the_contracts_settings_save_unchanged(client, commissioner, contract_a):
    client.force_login(commissioner)
    edit = reverse("contracts:edit", kwargs={"pk": contract_a.pk})
    page = client.get(edit)
    posted = what_the_browser_posts(page)
    # Ticked boxes of one name are a list; the reader keeps the last, so send them all.
    posted["residential_placement_codes"] = contract_a.residential_placement_codes
    assert client.post(edit, posted).status_code == 302
    before = contract_a.annual_value
    contract_a.refresh_from_db()
    assert contract_a.annual_value == before
