"""The records screens ask the database the same number of questions however many records
there are: each is measured on a small contract and on one ten times larger."""

from datetime import date, timedelta

import pytest

from contracts.models import Accreditation, Attendance, Feedback, InformationProvided
from funds4care.models import Funds4CareRole
from tests.factories import (
    ApplicationFactory,
    AttendanceFactory,
    CareStatusFactory,
    CaseFactory,
    MatchFactory,
    OutcomeAssessmentFactory,
    PlacementFactory,
    SessionFactory,
    YoungPersonFactory,
)

from .support import url

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30


def young_people_with_history(contract, count: int) -> list:
    """Young people with overlapping care statuses and sessions attended, in two localities."""
    people = []
    sessions = SessionFactory.create_batch(2, contract=contract)
    for number in range(count):
        person = YoungPersonFactory(contract=contract, locality=["East", "West"][number % 2])
        CareStatusFactory(young_person=person, status="in_care", start_date=date(2024, 1, 1))
        CareStatusFactory(young_person=person, status="care_leaver", start_date=date(2025, 1, 1))
        for session in sessions:
            AttendanceFactory(session=session, young_person=person)
        people.append(person)
    return people


@pytest.mark.parametrize("count", [SMALL, LARGE])
@pytest.mark.parametrize(
    "filters",
    [{}, {"q": "y0", "locality": "East", "care_status": "care_leaver", "age_band": "16-17"}],
)
def test_the_young_people_list_asks_the_same_queries_however_many(
    worker, contract_a, contract_b, django_assert_max_num_queries, count, filters
):
    young_people_with_history(contract_a, count)
    young_people_with_history(contract_b, count)
    # session, user, contract (with both parties), the contract's localities (filter choices),
    # count for the pages, one page of young people with care status and sessions attended as
    # subqueries, the user's organisation (navigation), the audit's row
    with django_assert_max_num_queries(8):
        response = worker.get(url("young_people", contract_a), filters)
    assert response.status_code == 200
    # Every other young person is in the East; all are 16 and care leavers today.
    assert len(response.context["page"]) == (min(count, 25) if not filters else (count + 1) // 2)


def everything_about(person, contract, count: int) -> None:
    for number in range(count):
        day = date(2024, 4, 1) + timedelta(days=number)
        CareStatusFactory(young_person=person, start_date=day)
        PlacementFactory(young_person=person, start_date=day)
        AttendanceFactory(session=SessionFactory(contract=contract, date=day), young_person=person)
        OutcomeAssessmentFactory(young_person=person, date=day, confidence=1 + number % 10)
        Feedback.objects.create(young_person=person, date=day, kind="feedback", rating=4)
        InformationProvided.objects.create(young_person=person, date=day, method="Leaflet")
        Accreditation.objects.create(young_person=person, award="Award", route="role", date=day)
        MatchFactory(contract=contract, mentee=person, start_date=day)
        ApplicationFactory(contract=contract, young_person=person, submitted_date=day)
        Funds4CareRole.objects.create(young_person=person, role="Panel", start_date=day)
        CaseFactory(contract=contract, young_person=person, referral_date=day, start_date=day)


@pytest.mark.parametrize("count", [SMALL, LARGE])
def test_the_young_person_page_asks_the_same_queries_however_much_is_recorded(
    worker, contract_a, django_assert_max_num_queries, count
):
    person = YoungPersonFactory(contract=contract_a)
    everything_about(person, contract_a, count)
    # session, user, contract, the young person (with the id of today's care status),
    # care statuses, outcome assessments, the user's organisation (navigation), then one
    # each for sessions, feedback, information, accreditations, matches (with mentor and
    # mentee), applications, Funds4 Care roles; the audit's row
    with django_assert_max_num_queries(15):
        response = worker.get(url("young_person_detail", contract_a, young_person_pk=person.pk))
    assert len(response.context["outcome_rows"]) == count
    assert len(response.context["matches"]) == count


@pytest.mark.parametrize("count", [SMALL, LARGE])
def test_a_wolverhampton_young_persons_page_asks_the_same_queries_however_many_cases(
    client, provider_b_worker, contract_b, django_assert_max_num_queries, count
):
    person = YoungPersonFactory(contract=contract_b)
    day = date(2025, 4, 1)
    for _ in range(count):
        CaseFactory(contract=contract_b, young_person=person, referral_date=day, start_date=day)
        PlacementFactory(young_person=person, start_date=day)
        day += timedelta(days=7)
    client.force_login(provider_b_worker)
    # session, user, contract, the young person, care statuses, the user's organisation
    # (navigation), placements, cases (with key worker), referrals not yet a case, the audit's
    # row
    with django_assert_max_num_queries(10):
        response = client.get(url("young_person_detail", contract_b, young_person_pk=person.pk))
    assert len(response.context["cases"]) == count


def a_register(contract, count: int):
    session = SessionFactory(contract=contract)
    people = YoungPersonFactory.create_batch(count, contract=contract)
    for person in people[: count // 2]:
        AttendanceFactory(session=session, young_person=person)
    return session, people


@pytest.mark.parametrize("count", [SMALL * 2, LARGE * 2])
def test_the_register_asks_the_same_queries_however_many_young_people(
    worker, contract_a, django_assert_max_num_queries, count
):
    session, people = a_register(contract_a, count)
    # session, user, contract, the session with its attendance count, the young people each
    # marked attending or not (EXISTS), the user's organisation (navigation), the audit's row
    with django_assert_max_num_queries(7):
        response = worker.get(url("session_register", contract_a, session_pk=session.pk))
    assert len(response.context["rows"]) == count


@pytest.mark.parametrize("count", [SMALL * 2, LARGE * 2])
def test_saving_the_register_asks_the_same_queries_however_many_are_ticked(
    worker, contract_a, django_assert_max_num_queries, count
):
    session, people = a_register(contract_a, count)
    # The first half attended; now the second half did: half removed, half added.
    ticked = [person.pk for person in people[count // 2 :]]
    # session, user, contract, the session, the ticked young people (one query to check them
    # all), savepoint, lock the session, its attendance, the rows leaving, their history, one
    # delete, one insert, the history of the added rows, release
    with django_assert_max_num_queries(14):
        response = worker.post(
            url("session_register", contract_a, session_pk=session.pk), {"attended": ticked}
        )
    assert response.status_code == 302
    assert set(
        Attendance.objects.filter(session=session).values_list("young_person_id", flat=True)
    ) == set(ticked)


@pytest.mark.parametrize("count", [SMALL, LARGE])
def test_the_sessions_list_asks_the_same_queries_however_many(
    worker, contract_a, django_assert_max_num_queries, count
):
    young_people_with_history(contract_a, count)
    SessionFactory.create_batch(count, contract=contract_a)
    # session, user, contract, the localities its sessions have (filter choices), totals
    # (count and hours), count for the pages, one page of sessions with their attendance
    # counted, the user's organisation (navigation)
    with django_assert_max_num_queries(8):
        response = worker.get(url("sessions", contract_a), {"session_type": "psd"})
    assert response.status_code == 200
