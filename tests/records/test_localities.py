"""Localities are chosen from the contract's list: the young person and session forms offer a
select, a record keeps a locality the list lacks, and the lists filter by the contract's
localities and any the records have."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from contracts.models import Session, YoungPerson
from tests.factories import SessionFactory, YoungPersonFactory

from .support import listed_refs, url, what_the_browser_posts

pytestmark = pytest.mark.django_db

CORNWALL = ["Penwith", "Kerrier", "Carrick", "Restormel"]
SESSION = {
    "title": "Care Leavers' forum",
    "ref": "",
    "date": "2025-06-10",
    "session_type": "care_leavers_group",
    "duration_hours": "2",
}
YOUNG_PERSON = {
    "first_name": "Morwenna",
    "last_name": "Tregear",
    "ref": "",
    "date_of_birth": "2010-02-03",
    "gender": "female",
    "ethnicity": "WBRI",
    "disability": "no",
    "la_child_id": "",
}


@pytest.fixture
def listed(contract_a):
    contract_a.localities = CORNWALL
    contract_a.save()
    return contract_a


def select_options(response, name: str = "locality") -> list[tuple[str, str]]:
    field = response.context["form"].fields[name]
    return [(str(value), str(label)) for value, label in field.choices]


@pytest.mark.parametrize(
    ("page", "data"), [("session_add", SESSION), ("young_person_add", YOUNG_PERSON)]
)
def test_a_new_record_chooses_its_locality_from_the_contracts_list(worker, listed, page, data):
    response = worker.get(url(page, listed))
    assertContains(response, '<select name="locality"')
    assert select_options(response) == [
        ("", "Choose a locality"),
        *((name, name) for name in CORNWALL),
    ]
    assertNotContains(response, 'list="known-localities"')

    assert worker.post(url(page, listed), {**data, "locality": "Carrick"}).status_code == 302
    response = worker.post(url(page, listed), {**data, "locality": "Atlantis"})
    assert "not one of the available choices" in response.context["form"].errors["locality"][0]


def test_a_record_keeps_a_locality_the_list_lacks(worker, listed):
    # Imported as "Truro", or listed once and since taken off.
    session = SessionFactory(contract=listed, locality="Truro", title="Old title")
    person = YoungPersonFactory(contract=listed, locality="Truro")
    for edit in [
        url("session_edit", listed, session_pk=session.pk),
        url("young_person_edit", listed, young_person_pk=person.pk),
    ]:
        page = worker.get(edit)
        assert select_options(page)[-1] == ("Truro", "Truro (not on the contract's list)")
        posted = what_the_browser_posts(page)
        assert posted["locality"] == "Truro"
        assert worker.post(edit, {**posted, "first_name": "Jenna"}).status_code == 302
    session.refresh_from_db()
    person.refresh_from_db()
    assert (session.locality, person.locality, person.first_name) == ("Truro", "Truro", "Jenna")
    # Another record's locality is no choice for this one.
    other = SessionFactory(contract=listed, locality="Penwith")
    edit = url("session_edit", listed, session_pk=other.pk)
    assert ("Truro", "Truro (not on the contract's list)") not in select_options(worker.get(edit))


def test_without_a_list_the_locality_is_typed_with_suggestions(worker, contract_a):
    YoungPersonFactory(contract=contract_a, locality="Bodmin")
    response = worker.get(url("session_add", contract_a))
    assertContains(response, 'list="known-localities"')
    assertContains(response, '<option value="Bodmin">')
    assertContains(response, "can list this contract's localities to choose from")
    worker.post(url("session_add", contract_a), {**SESSION, "locality": "Anywhere"})
    assert Session.objects.get().locality == "Anywhere"


def test_the_young_people_list_filters_by_the_list_and_the_recorded(worker, listed):
    YoungPersonFactory(contract=listed, ref="K1", locality="Kerrier")
    YoungPersonFactory(contract=listed, ref="T1", locality="Truro")
    response = worker.get(url("young_people", listed))
    choices = list(response.context["filter"].form.fields["locality"].choices)
    assert [value for value, _label in choices] == ["", *CORNWALL, "Truro"]
    for locality, refs in [("Kerrier", ["K1"]), ("Truro", ["T1"]), ("Penwith", [])]:
        assert listed_refs(worker.get(url("young_people", listed), {"locality": locality})) == refs


def test_the_sessions_list_filters_by_locality(worker, listed, contract_b):
    SessionFactory(contract=listed, ref="S-1", locality="Kerrier")
    SessionFactory(contract=listed, ref="S-2", locality="Truro")
    SessionFactory(contract=contract_b, ref="B-1", locality="Bilston")
    response = worker.get(url("sessions", listed))
    choices = list(response.context["filter"].form.fields["locality"].choices)
    assert [value for value, _label in choices] == ["", *CORNWALL, "Truro"]
    filtered = worker.get(url("sessions", listed), {"locality": "Truro"})
    assert [session.ref for session in filtered.context["page"]] == ["S-2"]
    assertNotContains(response, "Bilston")


def test_the_import_still_takes_any_locality(listed):
    """import-format.md: locality is free text. The list guides the forms, not the data."""
    from importer.schema import TABLES_BY_NAME

    for table in ("young_people", "sessions"):
        column = TABLES_BY_NAME[table].column("locality")
        assert column.type.parse("Somewhere not listed") == "Somewhere not listed"
    assert YoungPerson._meta.get_field("locality").choices is None
