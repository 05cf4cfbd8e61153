"""The young people list: filters by locality, care status and age band today, and search."""

from datetime import date, timedelta

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from contracts.codes import AGE_BAND_RANGES, AGE_BANDS
from contracts.dates import age_band, age_on
from contracts.models import YoungPerson
from contracts.people import in_age_band, latest_birth_date_for_age
from tests.factories import CareStatusFactory, YoungPersonFactory

from .support import listed_refs, url

pytestmark = pytest.mark.django_db


def list_of(client, contract, **params) -> list[str]:
    response = client.get(url("young_people", contract), params)
    assert response.status_code == 200
    return listed_refs(response)


def test_it_lists_the_contracts_young_people_by_name_and_no_one_elses(
    worker, contract_a, contract_b
):
    YoungPersonFactory(contract=contract_a, ref="A2", first_name="Zoe", last_name="Brown")
    YoungPersonFactory(contract=contract_a, ref="A1", first_name="Amy", last_name="Brown")
    YoungPersonFactory(contract=contract_a, ref="A3", first_name="Ben", last_name="Adams")
    YoungPersonFactory(contract=contract_b, ref="B1", last_name="Aaronson")
    assert list_of(worker, contract_a) == ["A3", "A1", "A2"]


def test_it_filters_by_locality_and_offers_only_this_contracts_localities(
    worker, contract_a, contract_b
):
    YoungPersonFactory(contract=contract_a, ref="E1", locality="East")
    YoungPersonFactory(contract=contract_a, ref="W1", locality="West Penwith")
    YoungPersonFactory(contract=contract_b, ref="B1", locality="Bilston")
    assert list_of(worker, contract_a, locality="West Penwith") == ["W1"]
    assert list_of(worker, contract_a, locality="East") == ["E1"]

    response = worker.get(url("young_people", contract_a))
    assertContains(response, '<option value="West Penwith">')
    assertNotContains(response, "Bilston")


def test_an_unknown_locality_is_an_error_not_an_empty_list(worker, contract_a):
    YoungPersonFactory(contract=contract_a, ref="E1", locality="East")
    response = worker.get(url("young_people", contract_a), {"locality": "Atlantis"})
    assert "locality" in response.context["filter"].form.errors


@pytest.fixture
def care_histories(contract_a):
    """One young person per situation, on 15 June 2025."""

    def person(ref, *intervals):
        young_person = YoungPersonFactory(contract=contract_a, ref=ref)
        for status, start, end in intervals:
            CareStatusFactory(
                young_person=young_person, status=status, start_date=start, end_date=end
            )

    person("OPEN", ("in_care", date(2024, 1, 1), None))
    # Two intervals active today: the latest start wins.
    person(
        "OVERLAP",
        ("in_care", date(2024, 1, 1), None),
        ("care_leaver", date(2025, 3, 1), None),
    )
    # The later interval has ended, so the earlier, still open one gives today's status.
    person(
        "LATER-ENDED",
        ("in_care", date(2024, 1, 1), None),
        ("care_leaver", date(2025, 1, 1), date(2025, 5, 1)),
    )
    person("ENDS-TODAY", ("child_protection", date(2025, 1, 1), date(2025, 6, 15)))
    person("STARTS-TODAY", ("early_help", date(2025, 6, 15), None))
    person("ENDED-YESTERDAY", ("child_in_need", date(2023, 1, 1), date(2025, 6, 14)))
    person("STARTS-TOMORROW", ("early_help", date(2025, 6, 16), None))
    person("NEVER")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("in_care", {"OPEN", "LATER-ENDED"}),
        ("care_leaver", {"OVERLAP"}),
        ("child_protection", {"ENDS-TODAY"}),
        ("early_help", {"STARTS-TODAY"}),
        ("child_in_need", set()),
        ("none", {"ENDED-YESTERDAY", "STARTS-TOMORROW", "NEVER"}),
    ],
)
def test_it_filters_by_the_care_status_active_today(
    worker, contract_a, care_histories, status, expected
):
    assert set(list_of(worker, contract_a, care_status=status)) == expected


def test_it_shows_each_young_persons_care_status_today(worker, contract_a, care_histories):
    response = worker.get(url("young_people", contract_a))
    shown = {person.ref: person.care_status_label for person in response.context["page"]}
    assert shown["OVERLAP"] == "Care leaver"
    assert shown["LATER-ENDED"] == "In care"
    assert shown["STARTS-TOMORROW"] == "None"


@pytest.mark.parametrize(
    ("born", "band", "younger_band"),
    [
        # Born on 15 June: their birthday is today, so they are already the older age.
        (date(2014, 6, 15), "11-13", "under_11"),
        (date(2011, 6, 15), "14-15", "11-13"),
        (date(2009, 6, 15), "16-17", "14-15"),
        (date(2007, 6, 15), "18-20", "16-17"),
        (date(2004, 6, 15), "21-25", "18-20"),
        (date(1999, 6, 15), "over_25", "21-25"),
    ],
)
def test_it_puts_someone_whose_birthday_is_today_in_the_older_band(
    worker, contract_a, born, band, younger_band
):
    YoungPersonFactory(contract=contract_a, ref="BIRTHDAY", date_of_birth=born)
    # Born a day later: the birthday is tomorrow, so still the younger age today.
    YoungPersonFactory(contract=contract_a, ref="TOMORROW", date_of_birth=born + timedelta(days=1))
    # Born a day earlier: had the birthday yesterday.
    YoungPersonFactory(contract=contract_a, ref="YESTERDAY", date_of_birth=born - timedelta(days=1))
    assert set(list_of(worker, contract_a, age_band=band)) == {"BIRTHDAY", "YESTERDAY"}
    assert list_of(worker, contract_a, age_band=younger_band) == ["TOMORROW"]


def births_around_the_band_edges(day: date) -> set[date]:
    births = set()
    # Each band's lowest age (under_11 has none): the births either side of turning it today.
    for _band, lowest, _highest in AGE_BAND_RANGES[1:]:
        edge = latest_birth_date_for_age(day, lowest)
        births |= {edge - timedelta(days=1), edge, edge + timedelta(days=1)}
    # Leap-day births, whose birthday is 1 March in other years, and their neighbours.
    for year in (1996, 2000, 2004, 2008, 2012, 2016):
        births |= {date(year, 2, 28), date(year, 2, 29), date(year, 3, 1)}
    return births


@pytest.mark.parametrize(
    "day",
    [
        date(2025, 6, 15),
        date(2025, 2, 28),  # a 29 February birth is not a year older yet...
        date(2025, 3, 1),  # ...until 1 March
        date(2028, 2, 28),
        date(2028, 2, 29),  # a leap day: "the same day N years ago" may not exist
        date(2028, 3, 1),
    ],
)
def test_the_age_band_filter_agrees_with_age_on_for_every_band(contract_a, day):
    for number, born in enumerate(sorted(births_around_the_band_edges(day))):
        YoungPersonFactory(contract=contract_a, ref=f"P{number}", date_of_birth=born)
    people = YoungPerson.objects.filter(contract=contract_a)
    for band in AGE_BANDS:
        in_database = set(people.filter(in_age_band(band, day)).values_list("ref", flat=True))
        in_python = {
            person.ref for person in people if age_band(age_on(person.date_of_birth, day)) == band
        }
        assert in_database == in_python, band


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("sam", {"Y1", "Y2"}),  # a first name and a last name
        ("SAM", {"Y1", "Y2"}),  # whatever the case
        ("penrose", {"Y1"}),
        ("sam pen", {"Y1"}),  # every word must match
        ("kv-0", {"Y3"}),  # the reference
        ("nobody", set()),
    ],
)
def test_the_search_box_finds_by_name_or_reference(worker, contract_a, search, expected):
    YoungPersonFactory(contract=contract_a, ref="Y1", first_name="Sam", last_name="Penrose")
    YoungPersonFactory(contract=contract_a, ref="Y2", first_name="Lowen", last_name="Samuels")
    YoungPersonFactory(contract=contract_a, ref="KV-007", first_name="Jory", last_name="Hicks")
    expected = {"KV-007" if ref == "Y3" else ref for ref in expected}
    assert set(list_of(worker, contract_a, q=search)) == expected


def test_filters_combine(worker, contract_a):
    YoungPersonFactory(
        contract=contract_a, ref="MATCH", locality="East", date_of_birth=date(2009, 1, 1)
    )
    YoungPersonFactory(
        contract=contract_a, ref="TOO-OLD", locality="East", date_of_birth=date(2000, 1, 1)
    )
    YoungPersonFactory(
        contract=contract_a, ref="WEST", locality="West", date_of_birth=date(2009, 1, 1)
    )
    assert list_of(worker, contract_a, locality="East", age_band="16-17", care_status="none") == [
        "MATCH"
    ]


def test_it_pages_the_list_and_the_page_links_keep_the_filters(worker, contract_a):
    for number in range(30):
        YoungPersonFactory(contract=contract_a, ref=f"E{number:02d}", last_name=f"East{number:02d}")
    YoungPersonFactory(contract=contract_a, ref="W", locality="West")
    first = worker.get(url("young_people", contract_a), {"locality": "East"})
    assert len(first.context["page"]) == 25
    assertContains(first, "30 young people match")
    assertContains(first, 'href="?locality=East&amp;page=2"')
    second = worker.get(url("young_people", contract_a), {"locality": "East", "page": 2})
    assert listed_refs(second) == [f"E{number:02d}" for number in range(25, 30)]


def test_the_list_shows_age_band_and_sessions_attended(worker, contract_a):
    from tests.factories import AttendanceFactory, SessionFactory

    person = YoungPersonFactory(contract=contract_a, date_of_birth=date(2009, 6, 16))
    for _ in range(3):
        AttendanceFactory(session=SessionFactory(contract=contract_a), young_person=person)
    response = worker.get(url("young_people", contract_a))
    assertContains(response, "16/06/2009")
    assertContains(response, '15 <span class="text-muted">(14-15)</span>', html=False)
    (row,) = response.context["page"]
    assert row.sessions_count == 3
