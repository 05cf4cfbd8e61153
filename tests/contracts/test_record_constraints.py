"""The rules of the import format hold in the database too: no door lets bad data in."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from contracts.models import CareStatus, Contact, Feedback, InformationProvided
from funds4care.models import Application
from mentoring.models import Match
from tests.factories import (
    ApplicationFactory,
    CaseFactory,
    MatchFactory,
    OutcomeAssessmentFactory,
    SessionFactory,
    YoungPersonFactory,
)

pytestmark = pytest.mark.django_db


def refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize("hours", [Decimal("0"), Decimal("-1"), Decimal("24.01")])
def test_a_session_lasts_more_than_nothing_and_at_most_a_day(hours):
    assert refused(lambda: SessionFactory(duration_hours=hours))


def test_a_session_of_a_whole_day_is_accepted():
    assert not refused(lambda: SessionFactory(duration_hours=Decimal("24.00")))


@pytest.mark.parametrize("score", [0, 11])
def test_outcome_scores_are_1_to_10(score):
    assert refused(lambda: OutcomeAssessmentFactory(resilience=score))


@pytest.mark.parametrize(("rating", "bad"), [(0, True), (6, True), (1, False), (5, False)])
def test_feedback_ratings_are_1_to_5(rating, bad):
    person = YoungPersonFactory()
    make = lambda: Feedback.objects.create(  # noqa: E731
        young_person=person, date=date(2025, 5, 1), kind="feedback", rating=rating
    )
    assert refused(make) is bad


def test_two_care_statuses_cannot_start_on_one_day():
    person = YoungPersonFactory()
    CareStatus.objects.create(young_person=person, status="in_care", start_date=date(2025, 4, 1))
    assert refused(
        lambda: CareStatus.objects.create(
            young_person=person, status="care_leaver", start_date=date(2025, 4, 1)
        )
    )


def test_a_care_status_cannot_end_before_it_starts():
    person = YoungPersonFactory()
    assert refused(
        lambda: CareStatus.objects.create(
            young_person=person,
            status="in_care",
            start_date=date(2025, 4, 2),
            end_date=date(2025, 4, 1),
        )
    )


def test_information_is_recorded_once_a_day_per_young_person():
    person = YoungPersonFactory()
    InformationProvided.objects.create(young_person=person, date=date(2025, 5, 1), method="visit")
    assert refused(
        lambda: InformationProvided.objects.create(
            young_person=person, date=date(2025, 5, 1), method="leaflet"
        )
    )


@pytest.mark.parametrize(
    ("requested", "decision", "awarded", "bad"),
    [
        ("300.00", "approved", "250.01", True),
        ("300.00", "approved", "250.00", False),
        ("100.00", "approved", "100.01", True),
        ("100.00", "declined", "50.00", True),
        ("100.00", "pending", None, False),
        ("-1.00", "pending", None, True),
    ],
)
def test_an_award_is_at_most_250_pounds_and_the_request_and_only_when_approved(
    requested, decision, awarded, bad
):
    make = lambda: ApplicationFactory(  # noqa: E731
        amount_requested=Decimal(requested),
        decision=decision,
        amount_awarded=Decimal(awarded) if awarded else None,
    )
    assert refused(make) is bad


def test_a_decision_cannot_come_before_the_application():
    assert refused(
        lambda: ApplicationFactory(submitted_date=date(2025, 5, 2), decision_date=date(2025, 5, 1))
    )
    assert Application.objects.count() == 0


def test_a_contact_cannot_be_recorded_before_it_happened():
    case = CaseFactory()
    make = lambda: Contact.objects.create(  # noqa: E731
        contract=case.contract,
        ref="C1",
        case=case,
        contact_date=date(2025, 5, 2),
        recorded_date=date(2025, 5, 1),
    )
    assert refused(make)


def test_a_case_cannot_start_before_its_referral():
    assert refused(lambda: CaseFactory(referral_date=date(2025, 5, 2), start_date=date(2025, 5, 1)))


@pytest.mark.parametrize(("end", "bad"), [(date(2026, 11, 18), False), (date(2026, 11, 19), True)])
def test_a_match_lasts_at_most_12_calendar_months(end, bad):
    assert refused(lambda: MatchFactory(start_date=date(2025, 11, 18), end_date=end)) is bad


def test_an_open_match_knows_its_limit():
    match = MatchFactory(start_date=date(2024, 2, 29), end_date=None)
    assert Match.objects.get(pk=match.pk).limit_date == date(2025, 2, 28)
