"""contracts.people: the rules about a young person on a day, in the database, agree with the
Python rules of contracts.dates, and compose as YoungPerson querysets."""

from datetime import date, timedelta

import pytest

from contracts.codes import AGE_BAND_RANGES, AGE_BANDS
from contracts.dates import age_band, age_on
from contracts.models import Attendance, YoungPerson
from contracts.people import (
    age_band_on,
    aged_between,
    care_status_on,
    in_age_band,
    latest_birth_date_for_age,
)
from tests.factories import (
    AttendanceFactory,
    CareStatusFactory,
    SessionFactory,
    YoungPersonFactory,
)

DAYS = [
    date(2025, 6, 15),
    date(2025, 2, 28),
    date(2025, 3, 1),
    date(2028, 2, 28),
    date(2028, 2, 29),
    date(2028, 3, 1),
]


def births_around_the_edges(day: date) -> list[date]:
    births = set()
    for _band, lowest, highest in AGE_BAND_RANGES:
        for age in (lowest, highest):
            if age is not None:
                for edge in (
                    latest_birth_date_for_age(day, age),
                    latest_birth_date_for_age(day, age + 1),
                ):
                    births |= {edge - timedelta(days=1), edge, edge + timedelta(days=1)}
    for year in (1996, 2000, 2004, 2008, 2012, 2016):
        births |= {date(year, 2, 28), date(year, 2, 29), date(year, 3, 1)}
    return sorted(births)


@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("age", [0, 1, 4, 11, 18, 25, 26])
def test_the_latest_birth_date_for_an_age_agrees_with_age_on(day, age):
    latest = latest_birth_date_for_age(day, age)
    assert age_on(latest, day) >= age
    assert age_on(latest + timedelta(days=1), day) < age


@pytest.fixture
def people_around_the_edges(contract_a):
    def make(day: date) -> list[YoungPerson]:
        return [
            YoungPersonFactory(contract=contract_a, ref=f"P{number}", date_of_birth=born)
            for number, born in enumerate(births_around_the_edges(day))
        ]

    return make


@pytest.mark.django_db
@pytest.mark.parametrize("day", DAYS)
def test_the_age_band_expression_agrees_with_age_band(people_around_the_edges, day):
    people_around_the_edges(day)
    in_database = dict(
        YoungPerson.objects.annotate(band=age_band_on(day)).values_list("ref", "band")
    )
    chained = dict(YoungPerson.objects.with_age_band_on(day).values_list("ref", "age_band"))
    in_python = {
        person.ref: age_band(age_on(person.date_of_birth, day))
        for person in YoungPerson.objects.all()
    }
    assert in_database == in_python
    assert chained == in_python


@pytest.mark.django_db
@pytest.mark.parametrize("day", DAYS)
def test_the_band_filter_and_the_band_expression_agree(people_around_the_edges, day):
    people_around_the_edges(day)
    for band in AGE_BANDS:
        filtered = set(YoungPerson.objects.filter(in_age_band(band, day)).values_list("ref"))
        chained = set(YoungPerson.objects.in_age_band(band, day).values_list("ref"))
        labelled = set(
            YoungPerson.objects.with_age_band_on(day).filter(age_band=band).values_list("ref")
        )
        assert filtered == chained == labelled, band


@pytest.mark.django_db
@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize(("lowest", "highest"), [(11, 17), (16, 25), (0, 10), (18, 18)])
def test_aged_between_agrees_with_age_on(people_around_the_edges, day, lowest, highest):
    people = people_around_the_edges(day)
    expected = {p.ref for p in people if lowest <= age_on(p.date_of_birth, day) <= highest}
    filtered = set(
        YoungPerson.objects.filter(aged_between(day, lowest, highest)).values_list("ref", flat=True)
    )
    chained = set(
        YoungPerson.objects.aged_between(day, lowest, highest).values_list("ref", flat=True)
    )
    assert filtered == chained == expected


def test_an_unknown_age_band_is_refused():
    with pytest.raises(ValueError, match="no age band"):
        in_age_band("twelve", date(2025, 6, 15))


@pytest.fixture
def histories(contract_a):
    day = date(2025, 6, 15)
    overlap = YoungPersonFactory(contract=contract_a, ref="OVERLAP")
    CareStatusFactory(young_person=overlap, status="in_care", start_date=date(2020, 1, 1))
    CareStatusFactory(young_person=overlap, status="care_leaver", start_date=date(2025, 1, 1))
    ended = YoungPersonFactory(contract=contract_a, ref="ENDED-YESTERDAY")
    CareStatusFactory(
        young_person=ended,
        status="in_care",
        start_date=date(2020, 1, 1),
        end_date=day - timedelta(days=1),
    )
    ends_today = YoungPersonFactory(contract=contract_a, ref="ENDS-TODAY")
    CareStatusFactory(young_person=ends_today, status="child_in_need", start_date=day, end_date=day)
    tomorrow = YoungPersonFactory(contract=contract_a, ref="STARTS-TOMORROW")
    CareStatusFactory(young_person=tomorrow, status="in_care", start_date=day + timedelta(1))
    YoungPersonFactory(contract=contract_a, ref="NEVER")
    return day


EXPECTED_STATUS = {
    "OVERLAP": "care_leaver",
    "ENDED-YESTERDAY": "none",
    "ENDS-TODAY": "child_in_need",
    "STARTS-TOMORROW": "none",
    "NEVER": "none",
}


@pytest.mark.django_db
def test_the_care_status_on_a_day_is_the_latest_interval_active_that_day(histories):
    day = histories
    chained = dict(YoungPerson.objects.with_care_status_on(day).values_list("ref", "care_status"))
    assert chained == EXPECTED_STATUS


@pytest.mark.django_db
def test_the_care_status_reaches_the_young_person_through_another_record(contract_a, histories):
    day = histories
    session = SessionFactory(contract=contract_a)
    for person in YoungPerson.objects.all():
        AttendanceFactory(session=session, young_person=person)
    statuses = dict(
        Attendance.objects.annotate(status=care_status_on(day, "young_person")).values_list(
            "young_person__ref", "status"
        )
    )
    assert statuses == EXPECTED_STATUS
