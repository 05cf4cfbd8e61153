"""The day something happened is today on a new record (a session, feedback...), read when
the page is asked for; intervals' starts and birthdays are left for the person, and a record
being changed shows its own day."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.factories import CareStatusFactory, SessionFactory, YoungPersonFactory

from .support import TODAY, url, what_the_browser_posts

pytestmark = pytest.mark.django_db

CONTRACT_PAGES = ["session_add", "initiative_add", "additional_funding_add"]
YOUNG_PERSON_PAGES = [
    "outcome_assessment_add",
    "feedback_add",
    "information_add",
    "accreditation_add",
]


@pytest.fixture
def person(contract_a):
    return YoungPersonFactory(contract=contract_a)


def shown_dates(worker, page_url) -> dict[str, str]:
    posted = what_the_browser_posts(worker.get(page_url))
    return {name: value for name, value in posted.items() if "date" in name}


@pytest.mark.parametrize("page", CONTRACT_PAGES)
def test_a_new_contract_record_happened_today(worker, contract_a, page):
    assert shown_dates(worker, url(page, contract_a)) == {"date": TODAY.isoformat()}


@pytest.mark.parametrize("page", YOUNG_PERSON_PAGES)
def test_a_new_record_about_a_young_person_happened_today(worker, contract_a, person, page):
    shown = shown_dates(worker, url(page, contract_a, young_person_pk=person.pk))
    assert shown == {"date": TODAY.isoformat()}


@pytest.mark.parametrize(
    ("page", "empty"),
    [
        ("care_status_add", {"start_date": "", "end_date": ""}),
        ("placement_add", {"start_date": "", "end_date": ""}),
    ],
)
def test_an_interval_starts_when_the_person_says(worker, contract_a, person, page, empty):
    assert shown_dates(worker, url(page, contract_a, young_person_pk=person.pk)) == empty


def test_a_date_of_birth_is_never_guessed(worker, contract_a):
    assert shown_dates(worker, url("young_person_add", contract_a)) == {"date_of_birth": ""}


def test_today_is_read_when_the_page_is_asked_for_in_london(
    worker, provider_a_worker, contract_a, time_machine
):
    # 23:30 on 31 March in UTC is already 1 April in London (summer time): a new year.
    time_machine.move_to(datetime(2026, 3, 31, 23, 30, tzinfo=ZoneInfo("UTC")))
    worker.force_login(provider_a_worker)
    assert shown_dates(worker, url("session_add", contract_a)) == {"date": "2026-04-01"}


def test_a_record_being_changed_shows_its_own_day(worker, contract_a, person):
    session = SessionFactory(contract=contract_a, date=date(2025, 5, 1))
    edit = url("session_edit", contract_a, session_pk=session.pk)
    assert shown_dates(worker, edit) == {"date": "2025-05-01"}
    interval = CareStatusFactory(young_person=person, start_date=date(2024, 1, 1))
    edit = url("care_status_edit", contract_a, young_person_pk=person.pk, record_pk=interval.pk)
    assert shown_dates(worker, edit) == {"start_date": "2024-01-01", "end_date": ""}
