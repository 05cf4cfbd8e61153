"""A session's register: tick who attended, save once, and attendance is exactly that set."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from contracts.models import Attendance
from tests.factories import AttendanceFactory, SessionFactory, YoungPersonFactory

from .support import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(contract_a):
    return SessionFactory(contract=contract_a, title="Friday CiCC", session_type="cicc")


@pytest.fixture
def people(contract_a):
    """Five young people of contract A, by first name."""
    names = ["Amy", "Ben", "Cara", "Dev", "Eli"]
    return {
        name: YoungPersonFactory(contract=contract_a, first_name=name, last_name="Trevithick")
        for name in names
    }


def register(session):
    return url("session_register", session.contract, session_pk=session.pk)


def attended(session) -> set[str]:
    return set(
        Attendance.objects.filter(session=session).values_list(
            "young_person__first_name", flat=True
        )
    )


def test_it_saves_exactly_the_ticked_young_people_adding_and_removing(worker, session, people):
    for name in ["Amy", "Ben", "Cara"]:
        AttendanceFactory(session=session, young_person=people[name])
    kept = Attendance.objects.get(session=session, young_person=people["Ben"])

    ticked = [people[name].pk for name in ["Ben", "Dev", "Eli"]]
    response = worker.post(register(session), {"attended": ticked}, follow=True)

    assertRedirects(response, register(session))
    assert attended(session) == {"Ben", "Dev", "Eli"}
    # Ben's row was neither deleted nor written again.
    assert Attendance.objects.filter(pk=kept.pk).exists()
    assertContains(response, "Attendance saved: 3 attended (2 added, 2 removed).")
    assertContains(response, "<strong>3</strong> young people")


def test_saving_with_nobody_ticked_empties_the_register(worker, session, people):
    AttendanceFactory(session=session, young_person=people["Amy"])
    worker.post(register(session), {})
    assert attended(session) == set()


def test_the_register_shows_who_is_recorded_as_ticked(worker, session, people):
    AttendanceFactory(session=session, young_person=people["Cara"])
    response = worker.get(register(session))
    rows = {row["person"].first_name: row["ticked"] for row in response.context["rows"]}
    assert rows == {"Amy": False, "Ben": False, "Cara": True, "Dev": False, "Eli": False}
    assertContains(
        response, f'value="{people["Cara"].pk}" id="attended-{people["Cara"].pk}" checked'
    )
    assertContains(response, "<strong>1</strong> young person")
    assertContains(response, "js/register.js")


def test_it_refuses_a_young_person_of_another_contract_and_saves_nothing(
    worker, session, people, contract_b
):
    AttendanceFactory(session=session, young_person=people["Amy"])
    stranger = YoungPersonFactory(contract=contract_b, first_name="Stranger")
    response = worker.post(register(session), {"attended": [people["Ben"].pk, stranger.pk]})
    assert response.status_code == 200
    assert "attended" in response.context["form"].errors
    assertContains(response, "Nothing was saved")
    assert attended(session) == {"Amy"}
    assert not Attendance.objects.filter(young_person=stranger).exists()
    # What they ticked is kept on the page, so they need not tick it all again.
    ticked = {row["person"].first_name for row in response.context["rows"] if row["ticked"]}
    assert ticked == {"Ben"}


def test_it_refuses_a_value_that_is_not_an_id(worker, session, people):
    response = worker.post(register(session), {"attended": ["Amy"]})
    assert "attended" in response.context["form"].errors
    assert attended(session) == set()


def test_the_register_lists_only_this_contracts_young_people(worker, session, people, contract_b):
    YoungPersonFactory(contract=contract_b, first_name="Outsider")
    response = worker.get(register(session))
    assert len(response.context["rows"]) == 5
    assertNotContains(response, "Outsider")


def test_without_javascript_the_search_narrows_the_list_but_keeps_everyone_attending(
    worker, session, people
):
    AttendanceFactory(session=session, young_person=people["Eli"])
    response = worker.get(register(session), {"q": "ben"})
    assert {row["person"].first_name for row in response.context["rows"]} == {"Ben", "Eli"}
    assertContains(response, "Show everyone")
    # Ticking Ben in the narrowed list and saving keeps Eli, who was on the page ticked.
    worker.post(register(session) + "?q=ben", {"attended": [people["Ben"].pk, people["Eli"].pk]})
    assert attended(session) == {"Ben", "Eli"}


def test_a_session_of_another_contract_is_not_found(worker, contract_a, contract_b, people):
    theirs = SessionFactory(contract=contract_b)
    address = url("session_register", contract_a, session_pk=theirs.pk)
    assert worker.get(address).status_code == 404
    assert worker.post(address, {"attended": [people["Amy"].pk]}).status_code == 404
    assert not Attendance.objects.exists()


def test_the_sessions_list_shows_how_many_attended(worker, session, people, contract_a):
    for name in ["Amy", "Ben"]:
        AttendanceFactory(session=session, young_person=people[name])
    response = worker.get(url("sessions", contract_a))
    (row,) = response.context["page"]
    assert row.attended == 2
    assertContains(response, register(session))


def test_the_history_says_who_ticked_and_who_unticked_whom(
    worker, provider_a_worker, session, people
):
    AttendanceFactory(session=session, young_person=people["Amy"])
    worker.post(register(session), {"attended": [people["Ben"].pk]})

    changes = {
        (row.young_person.first_name, row.history_type, row.history_user)
        for row in Attendance.history.filter(session=session).select_related("young_person")
        if row.history_user is not None
    }
    assert changes == {("Ben", "+", provider_a_worker), ("Amy", "-", provider_a_worker)}
